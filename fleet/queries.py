"""The fleet frame: the inventory as one pandas DataFrame for the engine.

Read straight from SQL with no ORM objects, so a million devices load in
seconds: on a SQLite file the rows come as Arrow columns through the ADBC SQLite
driver (no Python object per value); elsewhere, or while the session holds
uncommitted writes that only its own connection can see, through the session's
cursor. The columns are the contract between ``fleet`` and
``footprint`` (DESIGN section 4); ``pue`` is set only for devices in a server
room, which is how the engine knows to apply it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .db import sqlite_path
from .models import DEFAULT_PUE, Entity

FRAME_COLUMNS: tuple[str, ...] = (
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
    "name",
    "serial",
    "asset_tag",
    "condition",
    "cpu",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "screen_inches",
    "os",
    "tpm",
    "classified",
    "reuse_flagged",
    "department",
    "user_key",
)

#: The SQL expression of each frame column.
_EXPRESSIONS: dict[str, str] = {
    "device_id": "d.id",
    "entity": "e.name",
    "entity_id": "d.entity_id",
    "site": "s.name",
    "quantity": "d.quantity",
    "category": "d.category",
    "manufacturer": "COALESCE(d.manufacturer, '')",
    "model": "COALESCE(d.model, '')",
    "acquisition": "d.acquisition",
    "purchase_date": "d.purchase_date",
    "commissioning_date": "d.commissioning_date",
    "retirement_date": "d.retirement_date",
    "status": "d.status",
    "annual_kwh": "d.annual_kwh",
    "pue": f"CASE WHEN s.is_server_room THEN COALESCE(s.pue, {DEFAULT_PUE}) END",
}
#: Every other column is the device column of the same name.
_EXPRESSIONS.update({c: f"d.{c}" for c in FRAME_COLUMNS if c not in _EXPRESSIONS})

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

_FROM = """
FROM device d
JOIN entity e ON e.id = d.entity_id
LEFT JOIN site s ON s.id = d.site_id
"""

#: pandas' default text dtype (Arrow-backed, NaN for missing), as the rest of ecoparc sees it.
_STR = pd.StringDtype("pyarrow", na_value=np.nan)

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


def entity_ids(session: Session, names: Sequence[str], include_children: bool = True) -> list[int]:
    """Ids of the named entities and, by default, of their sub-bodies (a CCAS under its commune)."""
    rows = session.execute(select(Entity.id, Entity.name, Entity.parent_id)).all()
    wanted_names = {n.lower() for n in names}
    chosen = {r.id for r in rows if r.name.lower() in wanted_names}
    if include_children:
        grew = True
        while grew:
            children = {r.id for r in rows if r.parent_id in chosen and r.id not in chosen}
            chosen |= children
            grew = bool(children)
    return sorted(chosen)


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
    wanted = (
        FRAME_COLUMNS
        if columns is None
        else tuple(c for c in FRAME_COLUMNS if c == "device_id" or c in set(columns))
    )
    clauses: list[str] = []
    params: dict[str, object] = {}

    def in_clause(column: str, values: Sequence[object], prefix: str) -> None:
        names = [f"{prefix}{i}" for i in range(len(values))]
        params.update(dict(zip(names, values, strict=True)))
        placeholders = ", ".join(f":{n}" for n in names) or "NULL"
        clauses.append(f"{column} IN ({placeholders})")

    if entities:
        in_clause("d.entity_id", entity_ids(session, entities, include_children), "e")
    if categories:
        in_clause("d.category", list(categories), "c")
    if statuses:
        in_clause("d.status", list(statuses), "s")
    select_list = ", ".join(_EXPRESSIONS[c] for c in wanted)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    sql = f"SELECT {select_list}{_FROM}{where} ORDER BY d.id"

    frame = _read_sqlite_arrow(session, sql, params, wanted)
    if frame is None:
        rows = session.connection().execute(text(sql), params).fetchall()
        frame = _columns_frame(rows, wanted)
    return _typed(frame)


def _read_sqlite_arrow(
    session: Session, sql: str, params: dict[str, object], names: Sequence[str]
) -> pd.DataFrame | None:
    """The query's result as Arrow columns, or None where the fast path does not apply."""
    connection = session.connection()
    path = sqlite_path(str(connection.engine.url))
    if path is None or connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        return None
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        return None
    # The driver reads the file through its own connection, which does not see
    # what this process committed to the WAL since the last checkpoint (a
    # long-running TUI after an import): checkpoint first, else read as usual.
    busy, logged, moved = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    if busy or logged != moved:
        return None
    order = re.findall(r":(\w+)", sql)
    positional = re.sub(r":\w+", "?", sql)
    with adbc.connect(str(path)) as conn, conn.cursor() as cursor:
        # One batch for the whole result: the driver infers each column's type
        # from the batch, so a column that starts with NULLs still types right.
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(2**30)})
        cursor.execute(positional, [params[n] for n in order] if order else None)
        table = cursor.fetch_arrow_table()
    table = table.rename_columns(list(names))
    return table.to_pandas(types_mapper={pa.string(): _STR, pa.large_string(): _STR}.get)


def _columns_frame(rows: Sequence[Sequence[object]], names: Sequence[str]) -> pd.DataFrame:
    """The rows as a frame, built column by column through Arrow.

    On 100,000 devices this takes about a third of ``DataFrame.from_records``:
    Arrow converts a column of Python strings in one pass, where pandas first
    infers the type of every value.
    """
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    data: dict[str, pd.Series] = {}
    for name, values in zip(names, columns, strict=True):
        try:
            array = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: let pandas decide
            data[name] = pd.Series(values, dtype=object)
            continue
        if pa.types.is_string(array.type):
            data[name] = array.to_pandas(types_mapper={pa.string(): _STR}.get)
        else:
            data[name] = array.to_pandas()
    return pd.DataFrame(data)


_NON_TEXT_COLUMNS = frozenset(
    (*_DATE_COLUMNS, *_FLOAT_COLUMNS, "device_id", "entity_id", "quantity")
    + ("classified", "reuse_flagged")
)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    present = set(frame.columns)
    for column in present - _NON_TEXT_COLUMNS:
        if frame[column].dtype != _STR:  # a column with no value at all comes untyped
            frame[column] = frame[column].astype(_STR)
    for column in _DATE_COLUMNS:
        if column in present:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    for column in _FLOAT_COLUMNS:
        if column in present:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("device_id", "entity_id"):
        if column in present:
            frame[column] = frame[column].astype("int64")
    if "quantity" in present:
        frame["quantity"] = frame["quantity"].fillna(1).astype("int64")
    for column in ("classified", "reuse_flagged"):
        if column in present:
            frame[column] = frame[column].fillna(False).astype(bool)
    return frame
