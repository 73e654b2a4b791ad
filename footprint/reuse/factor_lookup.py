"""What the reuse channel borrows from a factor set: lifespan, weight, embodied GWP.

The replacement age of a device defaults to its reference's lifespan, pick-up
batches weigh devices with the reference's weight, and the CO2e avoided by reuse
is the embodied impact of a new device: all three come from the reference the
engine itself would use (:func:`footprint.references.resolve_references`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet

from ..factor_arrays import build_factor_arrays
from ..references import resolve_references

LOOKUP_COLUMNS: tuple[str, ...] = ("reference", "lifespan_years", "weight_kg", "embodied_gwp_kg")


def _reference_weights(factor_set: FactorSet) -> pd.Series:
    """Weight of each reference row, else its category default's weight (NaN if neither)."""
    refs = factor_set.references.reset_index(drop=True)
    own = pd.to_numeric(refs["weight_kg"], errors="coerce").astype("float64")
    by_name = pd.Series(own.to_numpy(), index=refs["reference"].astype(str).to_numpy())
    by_name = by_name[~by_name.index.duplicated()]
    fallback = refs["category"].map(factor_set.defaults).map(by_name).astype("float64")
    return own.fillna(fallback)


def reference_lookup(frame: pd.DataFrame, factor_set: FactorSet) -> pd.DataFrame:
    """Per row of ``frame`` (same index): :data:`LOOKUP_COLUMNS`.

    ``embodied_gwp_kg`` is the lifecycle embodied climate impact of one new unit
    (manufacturing + distribution + end of life).
    """
    if frame.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64") for c in LOOKUP_COLUMNS[1:]}, index=frame.index
        ).assign(reference=pd.Series(dtype="str"))[list(LOOKUP_COLUMNS)]
    resolved = resolve_references(frame, factor_set)
    arrays = build_factor_arrays(factor_set, ("gwp",))
    # Positions index factor_set.references, which is also the arrays' row order.
    pos = resolved.positions
    known = pos >= 0
    safe = np.where(known, pos, 0)
    lifespan = np.where(known, arrays.lifespan_years[safe], np.nan)
    embodied = np.where(known, arrays.value[safe, 0, :].sum(axis=1), np.nan)
    weights = _reference_weights(factor_set).to_numpy(dtype=np.float64)
    # A device whose category has no reference falls back on "other": its weight
    # says nothing about this device, the rules' category default says more.
    same_category = arrays.categories[safe] == frame["category"].astype("str").to_numpy()
    weight = np.where(known & same_category, weights[safe], np.nan)
    return pd.DataFrame(
        {
            "reference": np.asarray(resolved.reference, dtype=object),
            "lifespan_years": lifespan,
            "weight_kg": weight,
            "embodied_gwp_kg": embodied,
        },
        index=frame.index,
    )
