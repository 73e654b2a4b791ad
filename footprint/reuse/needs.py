"""Match open needs of entities with working devices other entities let go.

Needs are few (tens) and devices many: the loop runs over needs, each step
filters and ranks all devices at once with numpy. Within a need, the device that
meets the minimum specs most closely comes first (a 32 GB laptop is not spent on
a 4 GB need while a 8 GB one would do), then the youngest; a lot gives as many
units as the need still lacks and keeps the rest for the next need.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..columns import floats

#: Columns :func:`match_needs` expects of the needs frame (``remaining`` optional,
#: ``quantity`` used when absent).
NEED_COLUMNS: tuple[str, ...] = (
    "need_id",
    "entity",
    "entity_id",
    "category",
    "quantity",
    "min_ram_gb",
    "min_storage_gb",
)

ALLOCATION_COLUMNS: tuple[str, ...] = (
    "need_id",
    "need_entity",
    "need_entity_id",
    "device_id",
    "serial",
    "from_entity",
    "from_entity_id",
    "category",
    "units",
    "ram_gb",
    "storage_gb",
    "age_years",
    "fit",
)


def _excess(values: np.ndarray, minimum: float) -> np.ndarray:
    """How far above the minimum, relative to it (0 when the need sets none)."""
    if np.isnan(minimum) or minimum <= 0:
        return np.zeros(len(values))
    return (values - minimum) / minimum


def empty_allocations() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ALLOCATION_COLUMNS})


def match_needs(candidates: pd.DataFrame, needs: pd.DataFrame) -> pd.DataFrame:
    """Who gets what: one row per (need, device) with the ``units`` given.

    ``candidates`` are devices fit for redeployment (the caller has excluded
    broken, too old and classified ones), with at least ``device_id, entity,
    entity_id, category, quantity`` and optionally ``serial, ram_gb,
    storage_gb, age_years``. A need never takes devices of its own entity. Needs
    are served in ``need_id`` order (first asked, first served).
    """
    if candidates.empty or needs.empty:
        return empty_allocations()
    cand = candidates.reset_index(drop=True)
    available = cand["quantity"].fillna(1).to_numpy(dtype=np.int64).copy()
    category = cand["category"].astype("str").to_numpy(dtype=object)
    entity_id = cand["entity_id"].to_numpy(dtype=np.int64)
    device_id = cand["device_id"].to_numpy(dtype=np.int64)
    ram = floats(cand, "ram_gb")
    storage = floats(cand, "storage_gb")
    age = floats(cand, "age_years")
    age_rank = np.where(np.isnan(age), np.inf, age)

    ordered = needs.sort_values("need_id")
    wanted = ordered["remaining" if "remaining" in needs.columns else "quantity"]
    need_ids = ordered["need_id"].to_numpy(dtype=np.int64)
    need_entities = ordered["entity"].astype("str").tolist()
    need_entity_ids = ordered["entity_id"].to_numpy(dtype=np.int64)
    need_categories = ordered["category"].astype("str").tolist()
    need_units = pd.to_numeric(wanted).fillna(0).to_numpy(dtype=np.int64)
    min_rams = floats(ordered, "min_ram_gb")
    min_storages = floats(ordered, "min_storage_gb")
    rows: list[pd.DataFrame] = []
    for n in range(len(ordered)):
        remaining = int(need_units[n])
        if remaining <= 0:
            continue
        min_ram = float(min_rams[n])
        min_storage = float(min_storages[n])
        ok = (category == need_categories[n]) & (entity_id != need_entity_ids[n]) & (available > 0)
        if not np.isnan(min_ram):
            ok &= ram >= min_ram
        if not np.isnan(min_storage):
            ok &= storage >= min_storage
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            continue
        fit = _excess(ram[idx], min_ram) + _excess(storage[idx], min_storage)
        idx = idx[np.lexsort((device_id[idx], age_rank[idx], fit))]
        fit = (_excess(ram[idx], min_ram) + _excess(storage[idx], min_storage)).round(4)
        units = available[idx]
        before = np.cumsum(units) - units
        take = np.clip(remaining - before, 0, units)
        given = take > 0
        idx, take, fit = idx[given], take[given], fit[given]
        available[idx] -= take
        chosen = cand.iloc[idx]
        rows.append(
            pd.DataFrame(
                {
                    "need_id": int(need_ids[n]),
                    "need_entity": need_entities[n],
                    "need_entity_id": int(need_entity_ids[n]),
                    "device_id": device_id[idx],
                    "serial": chosen["serial"].to_numpy() if "serial" in cand else None,
                    "from_entity": chosen["entity"].to_numpy(),
                    "from_entity_id": entity_id[idx],
                    "category": need_categories[n],
                    "units": take,
                    "ram_gb": ram[idx],
                    "storage_gb": storage[idx],
                    "age_years": age[idx],
                    "fit": fit,
                }
            )
        )
    if not rows:
        return empty_allocations()
    return pd.concat(rows, ignore_index=True)[list(ALLOCATION_COLUMNS)]
