"""The fleet frame's columns, and the frame made of Arrow columns — without SQLAlchemy.

What :mod:`fleet.queries` (reading the tables) and :mod:`fleet.snapshot` (the
footprint's quick start on the columnar copy) share: the contract's columns, the
conversion of Arrow columns into the pandas frame, the rows and columns a scope
keeps, the entities a scope names (docs/performance.md, « Démarrage rapide »).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .columnar import Column, Kind, Query
from .fields import DEFAULT_PUE, HARDWARE_FIELDS

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

#: Runs one SQL text (named parameters ``:name``, as both the standard library's
#: ``sqlite3`` and SQLAlchemy's ``text`` take them) and returns its rows.
Rows = Callable[[str, Mapping[str, object]], Sequence[Sequence[Any]]]

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


# --- reading the frame from the tables ---------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A database connection as the frame's reading needs it: the rows of a SQL text
    (the small entity and site tables) and the Arrow columns of a device query
    (:mod:`fleet.columnar`). A unit of work gives its session's
    (:func:`fleet.queries.session_source`), the quick start a bare psycopg
    connection's (:mod:`fleet.snapshot`): one reading for both."""

    rows: Rows
    arrays: Callable[[Query], dict[str, pa.ChunkedArray]]


def read_frame(
    source: Source,
    wanted: Sequence[str],
    where: str = "",
    params: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """The ``wanted`` columns of the devices ``where`` says, read from the tables."""
    read = [_source(c) for c in _read_columns(wanted)]
    arrays = _by_id(source.arrays(Query("device", read, where, params or {})))
    frame = arrow_frame(arrays)
    _map_ids(source.rows, frame, wanted)
    return _typed(frame[list(wanted)])


def _by_id(arrays: dict[str, pa.ChunkedArray]) -> dict[str, pa.ChunkedArray]:
    """The columns in device-id order: a SQLite read through an index (an entity's)
    keeps the index's order (PostgreSQL's ``COPY`` is sorted by the server). Put in
    order in Arrow, before pandas (sorting the frame's Arrow-backed text columns
    through pandas cost about a tenth of a second on 100,000 devices)."""
    ids = arrays["device_id"].to_numpy()
    if len(ids) < 2 or bool((ids[1:] >= ids[:-1]).all()):
        return arrays
    order = pa.array(np.argsort(ids, kind="stable"))
    return {name: array.take(order) for name, array in arrays.items()}


#: Frame columns not read from the device table but mapped from its ids afterwards.
_MAPPED = {"entity": "entity_id", "site": "site_id", "pue": "site_id"}

_DATE_COLUMNS = ("purchase_date", "commissioning_date", "retirement_date")
_FLOAT_COLUMNS = (
    "annual_kwh",
    "pue",
    "first_life_years",
    "price_eur",
    "weight_kg",
    "ram_gb",
    "storage_gb",
    "screen_inches",
)
_INT_COLUMNS = ("device_id", "entity_id", "site_id", "quantity")
_BOOL_COLUMNS = ("classified", "reuse_flagged")


def _kind(column: str) -> Kind:
    if column in _DATE_COLUMNS:
        return "date"
    if column in _FLOAT_COLUMNS:
        return "float"
    if column in _INT_COLUMNS:
        return "int"
    if column in _BOOL_COLUMNS:
        return "bool"
    return "text"


#: Columns read through an expression: the engine matches on manufacturer and model
#: as text, so a missing one reads as ''.
_EXPRESSIONS = {
    "device_id": "id",
    "manufacturer": "COALESCE(manufacturer, '')",
    "model": "COALESCE(model, '')",
}


def _source(column: str) -> Column:
    """How a device-table column is read."""
    return Column(column, _EXPRESSIONS.get(column, column), _kind(column))


def _read_columns(wanted: Sequence[str]) -> list[str]:
    """The device-table columns needed to produce ``wanted``."""
    read: list[str] = []
    for column in wanted:
        source = _MAPPED.get(column, column)
        if source not in read:
            read.append(source)
    return read


def _map_ids(rows: Rows, frame: pd.DataFrame, wanted: Sequence[str]) -> None:
    """Entity and site names, and server-room PUEs, from their (small) tables."""
    if "entity" in wanted:
        names = {int(id_): name for id_, name in rows("SELECT id, name FROM entity", {})}
        frame["entity"] = _gathered_text(frame["entity_id"], names)
    if "site" in wanted or "pue" in wanted:
        sites = rows("SELECT id, name, is_server_room, pue FROM site", {})
        if "site" in wanted:
            frame["site"] = _gathered_text(frame["site_id"], {int(s[0]): s[1] for s in sites})
        if "pue" in wanted:
            pues = {int(id_): pue or DEFAULT_PUE for id_, _name, room, pue in sites if room}
            positions = pd.Index(list(pues), dtype="int64").get_indexer(pd.Index(frame["site_id"]))
            values = np.append(np.array(list(pues.values()), dtype=np.float64), np.nan)
            frame["pue"] = values[positions]  # position -1 (no server room) is the NaN


def _gathered_text(ids: pd.Series, names: dict[int, str]) -> pd.Series:
    """``names[id]`` for every id, gathered by position in Arrow (no string per row)."""
    positions = pd.Index(list(names), dtype="int64").get_indexer(pd.Index(ids))
    taken = pa.array(list(names.values()), type=pa.large_string()).take(
        pa.array(positions, mask=positions < 0)
    )
    return pd.Series(taken.to_pandas(types_mapper=TEXT_TYPES.get), index=ids.index)


_NON_TEXT_COLUMNS = frozenset((*_DATE_COLUMNS, *_FLOAT_COLUMNS, *_INT_COLUMNS, *_BOOL_COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    present = set(frame.columns)
    for column in present - _NON_TEXT_COLUMNS:
        if frame[column].dtype != TEXT_DTYPE:  # a column with no value at all comes untyped
            frame[column] = frame[column].astype(TEXT_DTYPE)
    for column in _DATE_COLUMNS:
        if column in present:
            dates = pd.to_datetime(frame[column], errors="coerce")
            frame[column] = dates.astype("datetime64[ns]").dt.floor("D")
    for column in _FLOAT_COLUMNS:
        if column in present:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("device_id", "entity_id"):
        if column in present:
            frame[column] = frame[column].astype("int64")
    if "quantity" in present:
        frame["quantity"] = frame["quantity"].fillna(1).astype("int64")
    for column in _BOOL_COLUMNS:
        if column in present and frame[column].dtype != bool:  # read as text: coerced
            frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0).astype(bool)
    return frame
