"""Monte Carlo propagation of factor uncertainty to totals and groups.

Each embodied factor (reference × criterion × phase) follows a *split triangular*
distribution (docs/method.md section 6): half of its probability lies between
``low`` and the published ``value``, half between ``value`` and ``high``, each
half with its density peaking at ``value``; so the published value is the
median, whatever the asymmetry of the bounds (no spread when the set gives no
bounds). The spread between sources (ADEME, BoaviztAPI, manufacturers' PCFs) is
systematic — a matter of method, not of device — so one quantile is drawn per
criterion and simulation and applied to every factor of that criterion: every
total and group is then a monotone function of that quantile, and its 90 %
interval always contains its central value.

A device's embodied impact for the year is ``Σ_phase factor × k_phase`` with
``k_phase = quantity × embodied share`` (× the refurbished rule of the phase,
:func:`footprint.refurbished.phase_scale`), so a group's impact is
``Σ_reference factor[reference] × K[group, reference]`` where ``K`` sums ``k``
over the group's devices.
Precomputing ``K`` once turns the whole simulation into one (draws × references)
@ (references × groups) product per criterion and phase: no loop over devices,
no loop over draws.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from factors.vocabulary import PHASES

from .aggregate import GROUPINGS, TOTAL_KEY, USE_PHASE, group_key
from .engine import FootprintResult
from .factor_arrays import FactorArrays, build_factor_arrays
from .refurbished import phase_scale

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 2024
#: Central share of the draws reported as the interval (90 %: 5th to 95th percentile).
DEFAULT_LEVEL = 0.90


def split_triangular(
    u: np.ndarray, low: np.ndarray, median: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """The quantiles ``u`` (draws × 1, or draws × n) of split triangular laws.

    Below the median, the density rises linearly from ``low`` to ``median`` and
    holds half the probability; above, it falls linearly to ``high`` and holds
    the other half. ``low == median == high`` gives the median (no spread).
    """
    below = low + (median - low) * np.sqrt(np.clip(2.0 * u, 0.0, 1.0))
    above = high - (high - median) * np.sqrt(np.clip(2.0 - 2.0 * u, 0.0, 1.0))
    out: np.ndarray = np.where(u < 0.5, below, above)
    return out


def _group_codes(devices: pd.DataFrame, by: str | None) -> tuple[np.ndarray, pd.Index]:
    if by is None:
        return np.zeros(len(devices), dtype=np.int64), pd.Index([TOTAL_KEY], name="group")
    key = group_key(devices, by)
    codes, uniques = pd.factorize(key, sort=True, use_na_sentinel=False)
    return codes.astype(np.int64), pd.Index(uniques, name=by)


def _kwh_draws(
    devices: pd.DataFrame,
    arrays: FactorArrays,
    used: np.ndarray,
    local: np.ndarray,
    codes: np.ndarray,
    n_groups: int,
    quantile: np.ndarray,
) -> np.ndarray:
    """kWh of each group per draw (draws × groups).

    Measured kWh are certain; a reference's default kWh follows a split triangular
    law between its bounds (docs/method.md section 6), one quantile per draw for
    every reference (the spread between sources is one of method, as for embodied
    factors), so each group's kWh grow with the quantile.
    """
    kwh = devices["kwh"].to_numpy(dtype=np.float64)
    default = (devices["kwh_source"].astype("str") == "reference").to_numpy()
    measured = np.bincount(codes, weights=np.where(default, 0.0, kwh), minlength=n_groups)
    by_reference = np.bincount(
        codes * used.size + local,
        weights=np.where(default, kwh, 0.0),
        minlength=n_groups * used.size,
    ).reshape(n_groups, used.size)
    central = arrays.annual_kwh[used]
    spread = central > 0
    safe = np.where(spread, central, 1.0)
    relative = split_triangular(
        quantile,
        np.where(spread, arrays.annual_kwh_low[used] / safe, 1.0),
        np.ones(used.size),
        np.where(spread, arrays.annual_kwh_high[used] / safe, 1.0),
    )
    out: np.ndarray = measured + relative @ by_reference.T
    return out


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
    per criterion, drawn split triangular around the factor used, independently
    of the embodied factors.
    """
    if factor_set is not None and factor_set is not result.factors:
        raise ValueError("monte_carlo doit utiliser le jeu de facteurs du calcul")
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"regroupement inconnu : {by!r}")
    if by == "phase":
        index = pd.Index([*PHASES, USE_PHASE], name="phase")
        codes, n_groups = np.zeros(len(result.devices), dtype=np.int64), 1
    else:
        codes, index = _group_codes(result.devices, by)
        n_groups = len(index)
    low, high = _simulate(
        result, codes, n_groups, draws, seed, level, electricity_range, by == "phase"
    )
    return _bounds_frame(result.criteria, low, high, index)


def monte_carlo_with_whole(
    result: FootprintResult,
    by: str,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`monte_carlo` by ``by`` and for the whole result (``by=None``), from one
    simulation: the whole is one more group, whose multipliers sum every device.
    The random streams do not depend on the groups, so the whole's draws are those
    ``monte_carlo(result)`` makes, to the last bit of a matrix product's rounding
    (the groups' bounds are exactly :func:`monte_carlo`'s). The REEN report wants
    both every year; drawing them twice cost twice the time."""
    if by not in GROUPINGS or by == "phase":
        raise ValueError(f"regroupement inconnu : {by!r}")
    codes, index = _group_codes(result.devices, by)
    low, high = _simulate(result, codes, len(index), draws, seed, level, None, False, whole=True)
    groups = _bounds_frame(result.criteria, low[:, :-1], high[:, :-1], index)
    total = pd.Index([TOTAL_KEY], name="group")
    return groups, _bounds_frame(result.criteria, low[:, -1:], high[:, -1:], total)


def _bounds_frame(
    criteria: tuple[str, ...], low: np.ndarray, high: np.ndarray, index: pd.Index
) -> pd.DataFrame:
    """Criteria × groups bounds as ``{criterion}_low``/``_high`` columns."""
    out: dict[str, np.ndarray] = {}
    for ci, criterion in enumerate(criteria):
        out[f"{criterion}_low"] = low[ci]
        out[f"{criterion}_high"] = high[ci]
    return pd.DataFrame(out, index=index)


def _simulate(
    result: FootprintResult,
    codes: np.ndarray,
    n_groups: int,
    draws: int,
    seed: int,
    level: float,
    electricity_range: Mapping[str, tuple[float, float]] | None,
    by_phase: bool,
    whole: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Low and high quantiles (criteria × groups) of each group's simulated total.

    ``codes`` numbers each device's group (``n_groups`` of them); ``by_phase``
    reports the one group's phases and use as columns instead; ``whole`` adds a
    last column for every device together.
    """
    devices = result.devices
    arrays = build_factor_arrays(result.factors, result.criteria)
    ref_codes, ref_uniques = pd.factorize(devices["reference"])
    pos = arrays.positions(ref_uniques)[ref_codes]
    quantity = devices["quantity"].to_numpy(dtype=np.float64)
    ratio = devices["refurbished_ratio"].to_numpy()
    second_transport = devices["second_transport"].to_numpy()
    share = devices["embodied_share"].to_numpy()
    used = np.unique(pos)
    local = np.searchsorted(used, pos)
    rng = np.random.default_rng(seed)
    # The default kWh get their own stream, so adding them left the embodied draws as they were.
    kwh_rng = np.random.default_rng([seed, 1])
    tail = (1.0 - level) / 2.0

    def multipliers(phase: str) -> np.ndarray:
        """K[group, reference]: the devices' multipliers of that phase's factor, summed
        per group (then over every device, with ``whole``)."""
        k = phase_scale(phase, ratio, quantity, second_transport) * share
        per_group = np.bincount(
            codes * used.size + local, weights=k, minlength=n_groups * used.size
        )
        out = per_group.reshape(n_groups, used.size)
        if whole:
            out = np.vstack([out, np.bincount(local, weights=k, minlength=used.size)])
        return out

    weights = [multipliers(phase) for phase in PHASES]
    kwh_quantile = kwh_rng.random((draws, 1))
    kwh_draws = _kwh_draws(devices, arrays, used, local, codes, n_groups, kwh_quantile)
    if whole:
        everyone = np.zeros(len(devices), dtype=np.int64)
        everyone_kwh = _kwh_draws(devices, arrays, used, local, everyone, 1, kwh_quantile)
        kwh_draws = np.hstack([kwh_draws, everyone_kwh])

    lows, highs = [], []
    for ci, criterion in enumerate(result.criteria):
        use_draws: np.ndarray = kwh_draws * result.electricity[criterion].value
        if electricity_range and criterion in electricity_range:
            central = result.electricity[criterion].value
            lo, hi = electricity_range[criterion]
            factor = split_triangular(
                rng.random((draws, 1)),
                np.array([min(lo, central)]),
                np.array([central]),
                np.array([max(hi, central)]),
            )
            scale = factor[:, 0] / central if central else np.ones(draws)
            use_draws = use_draws * scale[:, None]
        quantile = rng.random((draws, 1))
        phase_draws = [
            split_triangular(
                quantile,
                arrays.low[used, ci, pi],
                arrays.value[used, ci, pi],
                arrays.high[used, ci, pi],
            )
            for pi in range(len(PHASES))
        ]
        parts = [d @ w.T for d, w in zip(phase_draws, weights, strict=True)]
        if by_phase:
            total = np.column_stack([p[:, 0] for p in parts] + [use_draws[:, 0]])
        else:
            total = sum(parts) + use_draws
        lows.append(np.quantile(total, tail, axis=0))
        highs.append(np.quantile(total, 1.0 - tail, axis=0))
    return np.array(lows), np.array(highs)
