"""The fleet frame: the inventory as one pandas DataFrame for the engine.

Read straight from SQL with no ORM objects and no Python object per value: the
columns asked for (``columns``; :data:`ENGINE_COLUMNS` for a footprint) come
from the device table as Arrow arrays typed at the source (:mod:`fleet.columnar`,
docs/performance.md), so a million devices load in about a second. Entity names,
site names and server room PUEs come from those two small tables and are gathered
onto the ids by position, which costs far less than a join that repeats a string
per row.

The columns are the contract between ``fleet`` and ``footprint`` (docs/architecture.md
§4); ``pue`` is set only for devices in a server room, which is how the
engine knows to apply it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from . import frame_cache
from .columnar import Column, Kind, Query, read_postgres, read_sqlite
from .frame import ENGINE_COLUMNS as ENGINE_COLUMNS  # the contract's columns, read here too
from .frame import (
    ENTITY_TREE_SQL,
    TEXT_DTYPE,
    TEXT_TYPES,
    arrow_frame,
    in_clause,
    mapped_frame,
    scope_ids,
    selected,
    wanted_columns,
)
from .frame import FRAME_COLUMNS as FRAME_COLUMNS
from .models import DEFAULT_PUE, Entity, Site
from .snapshot import Rows

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


def session_rows(session: Session) -> Rows:
    """The session as a runner of the SQL texts shared with the quick start
    (:mod:`fleet.snapshot`): the session's transaction and writes, its row security."""

    def rows(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), dict(params)).all()

    return rows


def entity_ids(session: Session, names: Sequence[str], include_children: bool = True) -> list[int]:
    """Ids of the named entities and, by default, of their sub-bodies (a CCAS under its commune)."""
    return scope_ids(session_rows(session)(ENTITY_TREE_SQL, {}), names, include_children)


def fleet_frame(
    session: Session,
    entities: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    include_children: bool = True,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The devices in scope, one row per device or lot, typed for the engine.

    ``columns`` (in :data:`FRAME_COLUMNS` order, ``device_id`` always first)
    reads only those columns, e.g. :data:`ENGINE_COLUMNS` for a quick footprint.
    """
    wanted = wanted_columns(columns)
    clauses: list[str] = []
    params: dict[str, object] = {}

    def where_in(column: str, values: Sequence[object], prefix: str) -> None:
        clause, named = in_clause(column, values, prefix)
        clauses.append(clause)
        params.update(named)

    ids = entity_ids(session, entities, include_children) if entities else None
    cached = _cached(session, wanted)
    if cached is not None:
        return selected(cached, wanted, ids, categories, statuses)
    if ids is not None:
        where_in("entity_id", ids, "e")
    if categories:
        where_in("category", list(categories), "c")
    if statuses:
        where_in("status", list(statuses), "s")
    return _read_frame(session, wanted, " AND ".join(clauses), params)


def _read_frame(
    session: Session,
    wanted: Sequence[str],
    where: str = "",
    params: dict[str, object] | None = None,
) -> pd.DataFrame:
    """The ``wanted`` columns of the devices ``where`` says, read from the database."""
    read = [_source(c) for c in _read_columns(wanted)]
    arrays = read_query(session, Query("device", read, where, params or {}))
    frame = arrow_frame(arrays)
    if not frame["device_id"].is_monotonic_increasing:  # an index scan keeps its own order
        frame = frame.sort_values("device_id", kind="stable", ignore_index=True)
    _map_ids(session, frame, wanted)
    return _typed(frame[list(wanted)])


def _cached(session: Session, wanted: Sequence[str]) -> pd.DataFrame | None:
    """The fleet frame from the copy beside a SQLite database when it is the revision
    this session sees and holds the ``wanted`` columns; refreshed first when that
    revision is the committed one (:mod:`fleet.frame_cache`). None: read from the
    database.

    A refresh reads only the columns asked for (with those the copy of the same
    revision already holds): the first footprint after an import reads the
    engine's columns, not every column of the inventory.
    """
    connection = session.connection()
    database = connection.engine.url.database
    if connection.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    assert database is not None
    key = frame_cache.revision(connection.connection.dbapi_connection)  # type: ignore[arg-type]
    if key is None:
        return None
    table = frame_cache.load(database, key)
    held = () if table is None else table.column_names
    if table is not None and set(wanted) <= set(held):
        return mapped_frame(table)
    if frame_cache.committed_revision(database) != key:  # this session's own writes
        return None
    columns = tuple(c for c in FRAME_COLUMNS if c in wanted or c in held)
    frame = _read_frame(session, columns)
    if not frame_cache.save(database, key, _arrow(frame)):
        return frame
    # The command computes on the copy just written, mapped, rather than on the frame
    # read from the tables: on a million devices, that frame and what reading it left
    # in Arrow's memory pool weigh hundreds of MB of the process's own memory.
    del frame
    pa.default_memory_pool().release_unused()
    written = frame_cache.load(database, key)
    if written is None:  # replaced meanwhile by another revision's copy
        return _read_frame(session, columns)
    return mapped_frame(written)


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """The typed frame as Arrow columns, text as ``large_string`` (pandas' own layout,
    so the copy maps back into the frame without a conversion)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def read_query(session: Session, query: Query) -> dict[str, pa.ChunkedArray]:
    """The query's columns through the session's own DBAPI connection (so the
    session's uncommitted writes are seen), as Arrow arrays."""
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite":
        database = connection.engine.url.database
        file = None if database in (None, "", ":memory:") else database
        return read_sqlite(dbapi, query, file)  # type: ignore[arg-type]
    with dbapi.cursor() as cursor:  # type: ignore[union-attr]
        return read_postgres(cursor, query)


def _read_columns(wanted: Sequence[str]) -> list[str]:
    """The device-table columns needed to produce ``wanted``."""
    read: list[str] = []
    for column in wanted:
        source = _MAPPED.get(column, column)
        if source not in read:
            read.append(source)
    return read


def _map_ids(session: Session, frame: pd.DataFrame, wanted: Sequence[str]) -> None:
    """Entity and site names, and server-room PUEs, from their (small) tables."""
    if "entity" in wanted:
        names = {id_: name for id_, name in session.execute(select(Entity.id, Entity.name))}
        frame["entity"] = _gathered_text(frame["entity_id"], names)
    if "site" in wanted or "pue" in wanted:
        sites = session.execute(select(Site.id, Site.name, Site.is_server_room, Site.pue)).all()
        if "site" in wanted:
            frame["site"] = _gathered_text(frame["site_id"], {s.id: s.name for s in sites})
        if "pue" in wanted:
            pues = {s.id: s.pue or DEFAULT_PUE for s in sites if s.is_server_room}
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
