"""What a footprint reads besides the fleet frame, as plain SQL, and the footprint's
quick start — everything read without SQLAlchemy.

A footprint reads the fleet frame, the status and transfer events that rebuild
the fleet of an earlier year, and the model aliases. Their queries are written
here once, as SQL text with named parameters, which the standard library's
``sqlite3``, psycopg (:func:`fleet.columnar.pyformat`) and SQLAlchemy's ``text``
all take (:data:`fleet.frame.Rows`): a unit of work runs them through its
session (:func:`fleet.queries.session_rows`), the quick start through a
connection of its own.

The quick start (:func:`fresh_read`) answers only when everything it needs is
plainly there, all seen by one read transaction: this code's schema revision,
entities named exactly, and on SQLite a columnar copy of the fleet
(:mod:`fleet.frame_cache`) that is the revision the transaction sees and holds
the columns asked for; on PostgreSQL the tables, read as the unit of work reads
them (:func:`fleet.frame.read_frame`), through a bare psycopg connection with the
same login, hence the same row security. Anything else — a stale or missing
copy, an unknown entity, a password to ask, a database that cannot be opened —
gives None, and the command runs its unit of work, which refreshes the copy or
says what is wrong in the same words as always. Importing SQLAlchemy and the
models is about a third of a footprint's whole process on 100,000 devices
(docs/performance.md, « Démarrage rapide »).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import frame_cache
from .columnar import pyformat, read_postgres
from .connecting import connect_timeout
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
from .schema_head import SchemaError, head_revision

#: Columns of :func:`lifecycle_events`.
EVENT_COLUMNS: tuple[str, ...] = (
    "device_id",
    "at",
    "status_before",
    "status_after",
    "entity_before",
    "entity_after",
)

#: The model aliases with the name of their entity (none: every entity).
ALIASES_SQL = (
    "SELECT model_alias.model_text, model_alias.reference, entity.name "
    "FROM model_alias LEFT OUTER JOIN entity ON entity.id = model_alias.entity_id"
)


def _document(value: Any) -> Any:
    """A JSON column's value: decoded by the driver (PostgreSQL) or JSON text (SQLite)."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def document_key(document: Any, key: str) -> Any:
    """``document[key]`` of an event's before/after document; None if it has none."""
    if isinstance(document, dict):
        return document.get(key)
    return None


def lifecycle_events(rows: Rows, ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Status changes and transfers, oldest first, to rebuild the fleet of a past date;
    of the devices of the entities ``ids`` only, when given.

    Only events that say both what a field was and what it became are kept
    (creations carry no "before"), so each row can answer "what was it then?".
    """
    sql = (
        "SELECT device_event.device_id, device_event.at, device_event.before, "
        "device_event.after FROM device_event"
    )
    where = "device_event.kind != 'create'"
    params: dict[str, object] = {}
    if ids is not None:
        sql += " JOIN device ON device.id = device_event.device_id"
        scope, params = in_clause("device.entity_id", ids, "e")
        where += f" AND {scope}"
    kept = []
    for device_id, at, raw_before, raw_after in rows(
        f"{sql} WHERE {where} ORDER BY device_event.at, device_event.id", params
    ):
        before, after = _document(raw_before), _document(raw_after)
        status = document_key(before, "status"), document_key(after, "status")
        entity = document_key(before, "entity"), document_key(after, "entity")
        has_status = status[0] is not None and status[1] is not None
        has_entity = entity[0] is not None and entity[1] is not None
        if has_status or has_entity:
            kept.append(
                (
                    device_id,
                    at,
                    *(status if has_status else (None, None)),
                    *(entity if has_entity else (None, None)),
                )
            )
    frame = pd.DataFrame(kept, columns=list(EVENT_COLUMNS))
    frame["device_id"] = frame["device_id"].astype("int64")
    # Text in SQLite (with or without microseconds), datetimes from PostgreSQL.
    at = pd.to_datetime(frame["at"], errors="coerce", format="ISO8601")
    frame["at"] = at.astype("datetime64[ns]")
    for column in EVENT_COLUMNS[2:]:
        frame[column] = frame[column].astype("str")  # None stays missing
    return frame


def model_aliases(rows: Rows) -> pd.DataFrame | None:
    """The ``model_alias`` table as the matcher wants it (entity NA = every entity);
    None when there is none, which spares the matcher a lookup."""
    found = rows(ALIASES_SQL, {})
    if not found:
        return None
    return pd.DataFrame(
        {
            "model_text": pd.array([r[0] for r in found], dtype="str"),
            "reference": pd.array([r[1] for r in found], dtype="str"),
            "entity": pd.array([r[2] for r in found], dtype="str"),
        }
    )


@dataclass(frozen=True, eq=False)
class FleetRead:
    """What a footprint reads from the database, all seen by one transaction."""

    frame: pd.DataFrame
    events: pd.DataFrame
    aliases: pd.DataFrame | None


def sqlite_file(url: str) -> str | None:
    """The SQLite file of ``url`` as SQLAlchemy names it (``engine.url.database``,
    the copy's name), for the plain forms only: a bare path, ``sqlite:///path``.
    Any other (a query string, an escaped character, memory, another backend):
    None, and the unit of work reads it (a test checks both agree)."""
    prefix = "sqlite:///"
    if "://" not in url:  # fleet.db.normalise_url: a bare path is a SQLite file
        database = str(Path(url).expanduser().resolve())
    else:
        database = url[len(prefix) :] if url.startswith(prefix) else ""
    if database in ("", ":memory:") or any(c in database for c in "?#%"):
        return None
    return database


#: The schemes of a PostgreSQL URL (fleet.db.normalise_url), all read by psycopg.
_POSTGRES_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def postgres_conninfo(url: str) -> str | None:
    """The libpq URI psycopg connects to for a PostgreSQL ``url``: the same login,
    server, database and options as SQLAlchemy's engine (a test checks both
    agree); None for another backend or a URL the two would read differently."""
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            rest = url[len(scheme) :]
            server = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
            # Several servers, an escaped host name: SQLAlchemy and libpq read them
            # differently, so the unit of work connects.
            if "," in server or "%" in server:
                return None
            return f"postgresql://{rest}"
    return None


def fresh_read(
    url: str, entities: Sequence[str] = (), columns: Sequence[str] | None = None
) -> FleetRead | None:
    """The scope's fleet frame (``columns``), events and aliases in one read
    transaction, without SQLAlchemy: from a SQLite database's fresh columnar copy
    (the standard library's ``sqlite3``), or from PostgreSQL's tables (a bare psycopg
    connection, the same login and row security as the unit of work). None when the
    unit of work must read them (see the module's docstring)."""
    wanted = wanted_columns(columns)
    database = sqlite_file(url)
    if database is not None:
        return _from_sqlite(database, entities, wanted)
    conninfo = postgres_conninfo(url)
    if conninfo is not None:
        return _from_postgres(conninfo, entities, wanted)
    return None


#: Gives the frame of the scope's entities (None: every one), or None to step aside.
_FrameOf = Callable[[list[int] | None], pd.DataFrame | None]


def _read(rows: Rows, entities: Sequence[str], frame_of: _FrameOf) -> FleetRead | None:
    """What :func:`fresh_read` reads, the same on both backends but for the frame."""
    version = [tuple(row) for row in rows("SELECT version_num FROM alembic_version", {})]
    if version != [(head_revision(),)]:
        return None
    ids = None
    if entities:
        tree = rows(ENTITY_TREE_SQL, {})
        # An entity is taken by its exact name here; any other (a name in another
        # case, an unknown one) is the unit of work's to find or refuse.
        if not set(entities) <= {row[1] for row in tree}:
            return None
        ids = scope_ids(tree, entities)
    frame = frame_of(ids)
    if frame is None:
        return None
    return FleetRead(frame, lifecycle_events(rows, ids), model_aliases(rows))


def _from_sqlite(database: str, entities: Sequence[str], wanted: Sequence[str]) -> FleetRead | None:
    """From the columnar copy only: the unit of work refreshes a stale one."""
    if not os.path.isfile(database):
        return None
    try:
        # mode=rw: never creates a file; autocommit, so that BEGIN opens the one
        # read transaction every query below sees.
        connection = sqlite3.connect(
            f"{Path(database).absolute().as_uri()}?mode=rw", uri=True, isolation_level=None
        )
    except sqlite3.Error:
        return None

    def rows(sql: str, params: Mapping[str, object]) -> list[Any]:
        return connection.execute(sql, dict(params)).fetchall()

    def frame_of(ids: list[int] | None) -> pd.DataFrame | None:
        key = frame_cache.revision(connection)
        table = None if key is None else frame_cache.load(database, key)
        if table is None or not set(wanted) <= set(table.column_names):
            return None
        return selected(mapped_frame(table), wanted, ids)

    try:
        connection.execute("BEGIN")
        return _read(rows, entities, frame_of)
    except (sqlite3.Error, SchemaError):
        return None
    finally:
        connection.close()  # nothing was written: the transaction ends with it


def _from_postgres(
    conninfo: str, entities: Sequence[str], wanted: Sequence[str]
) -> FleetRead | None:
    """From the tables, read as the unit of work reads them (:func:`fleet.frame.read_frame`,
    ``COPY``), in one repeatable-read, read-only transaction."""
    try:
        import psycopg
    except ImportError:  # the unit of work says which driver is missing
        return None
    timeout = connect_timeout(conninfo)
    options: dict[str, Any] = {} if timeout is None else {"connect_timeout": timeout}
    try:
        connection = psycopg.connect(conninfo, **options)
    except psycopg.errors.ConnectionTimeout as exc:
        # A server that does not answer would keep the unit of work waiting as long
        # again: said now, as the unit of work would say it.
        from sqlalchemy.exc import OperationalError

        raise OperationalError(None, None, exc) from exc
    except psycopg.Error:  # a password to ask, a server down: the unit of work's to say
        return None
    try:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        cursor = connection.cursor()

        def rows(sql: str, params: Mapping[str, object]) -> list[Any]:
            return cursor.execute(pyformat(sql), dict(params)).fetchall()

        source = Source(rows, lambda query: read_postgres(cursor, query))

        def frame_of(ids: list[int] | None) -> pd.DataFrame:
            where, params = ("", {}) if ids is None else in_clause("entity_id", ids, "e")
            return read_frame(source, wanted, where, params)

        return _read(rows, entities, frame_of)
    except (psycopg.Error, SchemaError):  # a refusal, a missing table: the unit of work's
        return None
    finally:
        connection.close()  # nothing was written: the transaction ends with it
