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

import pandas as pd
import pyarrow as pa
from sqlalchemy import text
from sqlalchemy.orm import Session

from . import frame_cache
from .columnar import Query, read_postgres, read_sqlite
from .frame import ENGINE_COLUMNS as ENGINE_COLUMNS  # the contract's columns, read here too
from .frame import (
    ENTITY_TREE_SQL,
    Rows,
    Source,
    in_clause,
    mapped_frame,
    read_frame,
    scope_ids,
    selected,
    wanted_columns,
)
from .frame import FRAME_COLUMNS as FRAME_COLUMNS


def session_rows(session: Session) -> Rows:
    """The session as a runner of the SQL texts shared with the quick start
    (:mod:`fleet.snapshot`): the session's transaction and writes, its row security."""

    def rows(sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        return session.execute(text(sql), dict(params)).all()

    return rows


def session_source(session: Session) -> Source:
    """The session as the frame's reading needs it (:class:`fleet.frame.Source`)."""
    return Source(session_rows(session), lambda query: read_query(session, query))


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
    """The ``wanted`` columns of the devices ``where`` says, read from the tables."""
    return read_frame(session_source(session), wanted, where, params)


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
