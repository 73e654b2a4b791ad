"""Monte Carlo propagation of factor uncertainty to totals and groups.

Each embodied factor (reference × criterion × phase) is drawn from a triangular
distribution with minimum ``low``, mode ``value`` and maximum ``high`` (no spread
when the set gives no bounds). The same draw applies to every device of the
reference, as the uncertainty is about the factor, not the device.

A device's embodied impact for the year is ``factor × k`` with
``k = quantity × refurbished ratio × embodied share``, so a group's impact is
``Σ_reference factor[reference] × K[group, reference]`` where ``K`` sums ``k``
over the group's devices. Precomputing ``K`` once turns the whole simulation into
one (draws × references) @ (references × groups) product per criterion and phase:
no loop over devices, no loop over draws.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from factors.vocabulary import PHASES

from .aggregate import GROUPINGS, TOTAL_KEY, USE_PHASE, group_key
from .engine import FootprintResult
from .factor_arrays import build_factor_arrays

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 2024
#: Central share of the draws reported as the interval (90 %: 5th to 95th percentile).
DEFAULT_LEVEL = 0.90


def triangular(
    rng: np.random.Generator,
    low: np.ndarray,
    mode: np.ndarray,
    high: np.ndarray,
    draws: int,
) -> np.ndarray:
    """Draws × len(mode) triangular samples by inverse CDF.

    Unlike ``Generator.triangular`` this accepts ``low == high`` (a factor with no
    spread gives its value) and whole arrays of parameters at once.
    """
    u = rng.random((draws, mode.size))
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mode - low) / width, 0.0)
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    out: np.ndarray = np.where(u < cut, left, right)
    return out


def _group_codes(devices: pd.DataFrame, by: str | None) -> tuple[np.ndarray, pd.Index]:
    if by is None:
        return np.zeros(len(devices), dtype=np.int64), pd.Index([TOTAL_KEY], name="group")
    key = group_key(devices, by)
    codes, uniques = pd.factorize(key, sort=True, use_na_sentinel=False)
    return codes.astype(np.int64), pd.Index(uniques, name=by)


def monte_carlo(
    result: FootprintResult,
    factor_set: object | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    by: str | None = None,
    level: float = DEFAULT_LEVEL,
    electricity_range: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """``{criterion}_low`` and ``{criterion}_high`` of each group's total.

    Indexed like :func:`footprint.aggregate.aggregate` for the same ``by``. The
    factor set is the one the result was computed with (``factor_set`` is only
    accepted for symmetry with the contract and must be that same set).
    ``electricity_range`` optionally gives (low, high) of the electricity factor
    per criterion, drawn triangular around the factor used, once per draw.
    """
    if factor_set is not None and factor_set is not result.factors:
        raise ValueError("monte_carlo doit utiliser le jeu de facteurs du calcul")
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"regroupement inconnu : {by!r}")
    devices = result.devices
    arrays = build_factor_arrays(result.factors, result.criteria)
    ref_codes, ref_uniques = pd.factorize(devices["reference"])
    pos = arrays.positions(ref_uniques)[ref_codes]
    k = (
        devices["quantity"].to_numpy(dtype=np.float64)
        * devices["refurbished_ratio"].to_numpy()
        * devices["embodied_share"].to_numpy()
    )
    used = np.unique(pos)
    local = np.searchsorted(used, pos)
    rng = np.random.default_rng(seed)
    tail = (1.0 - level) / 2.0

    if by == "phase":
        index = pd.Index([*PHASES, USE_PHASE], name="phase")
        weights = np.bincount(local, weights=k, minlength=used.size)
        groups_of_use = np.zeros(len(devices), dtype=np.int64)
        n_groups = 1
    else:
        codes, index = _group_codes(devices, by)
        n_groups = len(index)
        weights = np.bincount(
            codes * used.size + local, weights=k, minlength=n_groups * used.size
        ).reshape(n_groups, used.size)
        groups_of_use = codes

    out: dict[str, np.ndarray] = {}
    for ci, criterion in enumerate(result.criteria):
        use = np.bincount(
            groups_of_use, weights=devices[f"{criterion}_use"].to_numpy(), minlength=n_groups
        )
        use_draws: np.ndarray = np.broadcast_to(use, (draws, n_groups))
        if electricity_range and criterion in electricity_range:
            central = result.electricity[criterion].value
            lo, hi = electricity_range[criterion]
            factor = triangular(
                rng,
                np.array([min(lo, central)]),
                np.array([central]),
                np.array([max(hi, central)]),
                draws,
            )
            scale = factor[:, 0] / central if central else np.ones(draws)
            use_draws = use * scale[:, None]
        phase_draws = [
            triangular(
                rng,
                arrays.low[used, ci, pi],
                arrays.value[used, ci, pi],
                arrays.high[used, ci, pi],
                draws,
            )
            for pi in range(len(PHASES))
        ]
        if by == "phase":
            total = np.column_stack([d @ weights for d in phase_draws] + [use_draws[:, 0]])
        else:
            total = sum(phase_draws) @ weights.T + use_draws
        out[f"{criterion}_low"] = np.quantile(total, tail, axis=0)
        out[f"{criterion}_high"] = np.quantile(total, 1.0 - tail, axis=0)
    return pd.DataFrame(out, index=index)
