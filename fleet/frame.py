"""The fleet frame's columns, and the frame made of Arrow columns — without SQLAlchemy.

What :mod:`fleet.queries` (reading the tables) and :mod:`fleet.snapshot` (the
footprint's quick start on the columnar copy) share: the contract's columns, the
conversion of Arrow columns into the pandas frame, the rows and columns a scope
keeps, the entities a scope names (docs/performance.md, « Démarrage rapide »).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .hardware import HARDWARE_FIELDS

#: What the engine and the fleet indicators read; the other columns only describe
#: a device. Reading these alone takes about half the time of the whole frame.
ENGINE_COLUMNS: tuple[str, ...] = (
    "device_id",
    "entity",
    "entity_id",
    "site",
    "quantity",
    "category",
    "manufacturer",
    "model",
    "acquisition",
    "purchase_date",
    "commissioning_date",
    "retirement_date",
    "status",
    "annual_kwh",
    "pue",
    "first_life_years",
    "price_eur",
    "weight_kg",
    "reuse_flagged",
)

#: Every column of the fleet frame: the engine's, then those that describe a device.
FRAME_COLUMNS: tuple[str, ...] = (
    *ENGINE_COLUMNS,
    "name",
    "serial",
    "asset_tag",
    "condition",
    *HARDWARE_FIELDS,
    "classified",
    "department",
    "user_key",
    "eco_label",
)

#: pandas' default text dtype (Arrow-backed, NaN for missing), as the rest of ecoparc sees it.
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
#: How Arrow text columns become pandas ones (``types_mapper``).
TEXT_TYPES = {pa.string(): TEXT_DTYPE, pa.large_string(): TEXT_DTYPE}

#: The entities of the database, as (id, name, parent id) rows.
ENTITY_TREE_SQL = "SELECT id, name, parent_id FROM entity"


def wanted_columns(columns: Sequence[str] | None) -> tuple[str, ...]:
    """The frame columns a read of ``columns`` gives (all when None), in
    :data:`FRAME_COLUMNS` order, ``device_id`` always first."""
    if columns is None:
        return FRAME_COLUMNS
    asked = set(columns)
    return tuple(c for c in FRAME_COLUMNS if c == "device_id" or c in asked)


def scope_ids(
    tree: Iterable[Sequence[Any]], names: Sequence[str], include_children: bool = True
) -> list[int]:
    """Ids of the named entities and, by default, of their sub-bodies (a CCAS under
    its commune), from the (id, name, parent id) rows of :data:`ENTITY_TREE_SQL`."""
    rows = [(int(r[0]), str(r[1]), r[2]) for r in tree]
    wanted_names = {n.lower() for n in names}
    chosen = {id_ for id_, name, _parent in rows if name.lower() in wanted_names}
    if include_children:
        grew = True
        while grew:
            children = {
                id_ for id_, _name, parent in rows if parent in chosen and id_ not in chosen
            }
            chosen |= children
            grew = bool(children)
    return sorted(chosen)


def in_clause(column: str, values: Sequence[object], prefix: str) -> tuple[str, dict[str, object]]:
    """``column IN (:prefix0, …)`` and its parameters (``IN (NULL)``, true of no row,
    for no value): named parameters, as both ``sqlite3`` and SQLAlchemy's ``text`` take."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    placeholders = ", ".join(f":{n}" for n in names) or "NULL"
    return f"{column} IN ({placeholders})", dict(zip(names, values, strict=True))


def arrow_frame(arrays: dict[str, pa.ChunkedArray]) -> pd.DataFrame:
    """Arrow columns as pandas ones: text stays in Arrow, numbers and dates go to numpy."""
    data: dict[str, object] = {}
    for name, array in arrays.items():
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            data[name] = array.to_pandas(types_mapper=TEXT_TYPES.get)
        elif pa.types.is_boolean(array.type):
            data[name] = array.fill_null(False).to_numpy()
        else:
            data[name] = array.to_pandas()
    # copy=False: one block per column, not all floats stacked into one copy.
    return pd.DataFrame(data, copy=False)


def mapped_frame(table: pa.Table) -> pd.DataFrame:
    """The frame of the memory-mapped copy (:func:`fleet.frame_cache.load`)."""
    return arrow_frame(dict(zip(table.column_names, table.columns, strict=True)))


def selected(
    frame: pd.DataFrame,
    wanted: Sequence[str],
    ids: Sequence[int] | None,
    categories: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The rows and columns asked for, from the whole frame (the SQL filters' equals)."""
    keep = np.ones(len(frame), dtype=bool)
    if ids is not None:
        keep &= frame["entity_id"].isin(ids).to_numpy(dtype=bool)
    if categories:
        keep &= frame["category"].isin(list(categories)).to_numpy(dtype=bool)
    if statuses:
        keep &= frame["status"].isin(list(statuses)).to_numpy(dtype=bool)
    chosen = frame[list(wanted)]
    return chosen if keep.all() else chosen.loc[keep].reset_index(drop=True)
