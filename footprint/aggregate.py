"""Sum per-device footprint rows by entity, category, site, model, phase or year.

Groups are plain sums of the per-device columns, so the groups of any grouping
add up to the total and the total is the sum of the exported rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from factors.vocabulary import MATCH_LEVELS, PHASES

from .engine import FootprintResult

#: Groupings a footprint can be broken down by.
GROUPINGS: tuple[str, ...] = ("entity", "category", "site", "model", "phase", "year", "reference")
#: The impact parts reported per criterion in aggregates.
PARTS: tuple[str, ...] = ("embodied", "use", "total")
#: Name of the ``use`` row when grouping by phase.
USE_PHASE = "use"
#: Index label of the single row of an ungrouped aggregate.
TOTAL_KEY = "total"


def combined_devices(results: FootprintResult | Sequence[FootprintResult]) -> pd.DataFrame:
    """The per-device rows of one result, or of several (e.g. years) stacked."""
    if isinstance(results, FootprintResult):
        return results.devices
    return pd.concat([r.devices for r in results], ignore_index=True)


def _criteria(results: FootprintResult | Sequence[FootprintResult]) -> tuple[str, ...]:
    first = results if isinstance(results, FootprintResult) else results[0]
    return first.criteria


def value_columns(criteria: Sequence[str]) -> list[str]:
    return [f"{c}_{part}" for c in criteria for part in PARTS]


def columns_read(criteria: Sequence[str], by: str | None) -> list[str]:
    """The per-device columns :func:`aggregate` reads for ``by``: a caller that takes
    a part of the rows to aggregate it needs these only."""
    columns = ["quantity", "counted", *value_columns(criteria)]
    if by == "phase":
        columns += ["embodied_share", *(f"{c}_{phase}" for c in criteria for phase in PHASES)]
    elif by == "model":
        columns += ["manufacturer", "model"]
    elif by is not None:
        columns.append(by)
    return columns


def units(devices: pd.DataFrame) -> np.ndarray:
    """Units each row counts for: its quantity if it contributes to the year, else 0."""
    out: np.ndarray = devices["quantity"].to_numpy(dtype=np.float64) * devices["counted"].to_numpy()
    return out


def group_key(devices: pd.DataFrame, by: str) -> pd.Series:
    """The group label of each device row for ``by`` (not ``phase``)."""
    if by == "model":
        manufacturer = devices["manufacturer"].fillna("").astype("str")
        model = devices["model"].fillna("").astype("str")
        return (manufacturer + " " + model).str.strip().rename("model")
    if by not in devices.columns:
        raise ValueError(f"regroupement impossible : colonne {by!r} absente")
    return devices[by]


def aggregate(
    results: FootprintResult | Sequence[FootprintResult], by: str | None = None
) -> pd.DataFrame:
    """One row per group with ``devices`` (units) and, per criterion, embodied, use, total.

    ``by=None`` gives a single ``total`` row. ``by="phase"`` gives one row per
    embodied phase (the year's embodied share of that phase) plus a ``use`` row;
    its ``devices`` column repeats the fleet's units on every row.
    """
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"regroupement inconnu : {by!r} (attendu : {', '.join(GROUPINGS)})")
    devices = combined_devices(results)
    criteria = _criteria(results)
    cols = value_columns(criteria)
    counted_units = units(devices)
    if by is None:
        row = {"devices": counted_units.sum(), **{c: devices[c].sum() for c in cols}}
        return pd.DataFrame([row], index=pd.Index([TOTAL_KEY], name="group"))
    if by == "phase":
        return _by_phase(devices, criteria, counted_units.sum())
    frame = devices[cols].copy()
    frame["devices"] = counted_units
    grouped = frame.groupby(group_key(devices, by), dropna=False, sort=True).sum()
    grouped.index.name = by
    return grouped[["devices", *cols]]


def _by_phase(devices: pd.DataFrame, criteria: Sequence[str], total_units: float) -> pd.DataFrame:
    share = devices["embodied_share"].to_numpy()
    rows: dict[str, dict[str, float]] = {}
    for phase in PHASES:
        row = {"devices": total_units}
        for c in criteria:
            embodied = float((devices[f"{c}_{phase}"].to_numpy() * share).sum())
            row.update({f"{c}_embodied": embodied, f"{c}_use": 0.0, f"{c}_total": embodied})
        rows[phase] = row
    use_row = {"devices": total_units}
    for c in criteria:
        use = float(devices[f"{c}_use"].sum())
        use_row.update({f"{c}_embodied": 0.0, f"{c}_use": use, f"{c}_total": use})
    rows[USE_PHASE] = use_row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "phase"
    return out[["devices", *value_columns(criteria)]]


def coverage(devices: pd.DataFrame) -> dict[str, float]:
    """Share (0..1) of counted units matched at each level, best level first."""
    counted_units = units(devices)
    total = counted_units.sum()
    # The engine's levels are categorical: compared by code, not as a million texts.
    levels = pd.Categorical(devices["match_level"])
    codes = levels.codes
    at = {str(level): code for code, level in enumerate(levels.categories)}
    return {
        level: (float(counted_units[codes == at.get(level, -2)].sum() / total) if total else 0.0)
        for level in MATCH_LEVELS
    }
