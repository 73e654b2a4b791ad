"""The columnar fleet read (fleet.columnar) keeps every value exactly, on both backends.

Texts holding the separators of the column blobs (newlines, commas, quotes),
empty texts apart from missing ones, numbers stored as text, the parallel read
of a large SQLite table and the session's own uncommitted rows.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from fleet import columnar, frame_cache
from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity, Site
from fleet.queries import FRAME_COLUMNS, fleet_frame
from fleet.schema import upgrade

ODD_NAMES = [
    "ligne 1\nligne 2",
    'guillemets "doubles", virgule',
    "",
    None,
    "accentué — Ω 🖥",
    "\r\n\t",
]


def _fill(url: str, n: int) -> None:
    with session_scope(get_engine(url), commit=True) as session:
        city = Entity(name="Saint-Égrève", agents=120)
        session.add(city)
        session.flush()
        room = Site(entity_id=city.id, name="Salle, « serveurs »\n2", is_server_room=True)
        office = Site(entity_id=city.id, name="Mairie", is_server_room=False)
        session.add_all([room, office])
        session.flush()
        session.execute(
            insert(Device),
            [
                {
                    "entity_id": city.id,
                    "site_id": (room.id, office.id, None)[i % 3],
                    "category": "server" if i % 3 == 0 else "laptop",
                    "manufacturer": None if i % 7 == 0 else "Dell",
                    "model": f"Latitude {i}",
                    "name": ODD_NAMES[i % len(ODD_NAMES)],
                    "purchase_date": date(2020, 1, 1) if i % 5 else None,
                    "retirement_date": date(2024, 6, 30) if i % 4 == 0 else None,
                    "price_eur": None if i % 6 == 0 else 1234.5678 + i,
                    "ram_gb": 8.0 if i % 2 else None,
                    "quantity": 1 + i % 3,
                    "reuse_flagged": i % 2 == 0,
                    "classified": i % 9 == 0,
                }
                for i in range(n)
            ],
        )


def test_odd_values_come_back_exactly(migrated_url: str) -> None:
    _fill(migrated_url, 60)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        frame = fleet_frame(session)
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert frame["device_id"].tolist() == list(range(1, 61))
    names = [None if pd.isna(v) else v for v in frame["name"]]
    assert names == [ODD_NAMES[i % len(ODD_NAMES)] for i in range(60)]
    assert frame["manufacturer"].isna().sum() == 0  # missing manufacturer reads as ''
    assert (frame["manufacturer"] == "").sum() == len(range(0, 60, 7))
    assert frame["site"].iloc[0] == "Salle, « serveurs »\n2" and pd.isna(frame["site"].iloc[2])
    assert frame["pue"].iloc[0] == 1.75 and np.isnan(frame["pue"].iloc[1])
    assert frame["price_eur"].iloc[1] == 1235.5678 and np.isnan(frame["price_eur"].iloc[0])
    assert frame["purchase_date"].iloc[1] == pd.Timestamp("2020-01-01")
    assert pd.isna(frame["purchase_date"].iloc[0])
    assert frame["retirement_date"].iloc[4] == pd.Timestamp("2024-06-30")
    assert frame["quantity"].tolist() == [1 + i % 3 for i in range(60)]
    assert frame["reuse_flagged"].tolist() == [i % 2 == 0 for i in range(60)]
    assert frame["classified"].tolist() == [i % 9 == 0 for i in range(60)]
    assert frame["entity"].unique().tolist() == ["Saint-Égrève"]
    assert str(frame["purchase_date"].dtype) == "datetime64[ns]"
    assert frame["name"].dtype == pd.StringDtype("pyarrow", na_value=np.nan)


def test_a_number_stored_as_text_is_read_not_lost(sqlite_url: str) -> None:
    """SQLite keeps text in a REAL column when it cannot convert it: read as missing."""
    url = sqlite_url
    upgrade(url, backup=False)
    _fill(url, 5)
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(text("UPDATE device SET price_eur = 'environ 12' WHERE id = 2"))
        session.execute(text("UPDATE device SET weight_kg = '1\n2' WHERE id = 3"))
    with session_scope(get_engine(url), commit=True) as session:
        frame = fleet_frame(session)
    assert np.isnan(frame["price_eur"].iloc[1]) and frame["price_eur"].iloc[2] == 1236.5678
    assert np.isnan(frame["weight_kg"]).all() and len(frame) == 5


def test_parallel_ranges_read_the_same_frame(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url
    upgrade(url, backup=False)
    _fill(url, 500)
    monkeypatch.setattr(frame_cache, "revision", lambda _connection: None)  # the tables, read
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(text("DELETE FROM device WHERE id % 11 = 0"))
    with session_scope(get_engine(url), commit=True) as session:
        serial = fleet_frame(session)
        monkeypatch.setattr(columnar, "PARALLEL_MIN_ROWS", 10)
        monkeypatch.setattr(columnar.os, "cpu_count", lambda: 3)
        parallel = fleet_frame(session, statuses=["in_service"])
        # Inside a write transaction the other connections would not see the new row.
        session.add(Device(entity_id=1, category="desktop", serial="NOUVEAU"))
        session.flush()
        own = fleet_frame(session)
    pd.testing.assert_frame_equal(parallel, serial)
    assert len(serial) == 500 - 500 // 11
    assert own["serial"].iloc[-1] == "NOUVEAU" and len(own) == len(serial) + 1


def test_an_empty_scope_is_an_empty_typed_frame(migrated_url: str) -> None:
    _fill(migrated_url, 3)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        frame = fleet_frame(session, statuses=["disposed"])
    assert frame.empty and list(frame.columns) == list(FRAME_COLUMNS)
    assert frame["price_eur"].dtype == np.float64 and frame["device_id"].dtype == np.int64


@pytest.mark.skipif(not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set")
@pytest.mark.parametrize("rows", [3, 5_000, 300_000])
@pytest.mark.parametrize("block", [64, columnar.PARSE_BLOCK_BYTES], ids=["small", "usual"])
def test_a_postgres_copy_read_takes_every_row_and_every_refusal(
    rows: int, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``COPY`` rows taken from libpq as they are buffered (fleet.columnar._copy_out):
    a few rows, whose end arrives with them, and many, read while the server still
    sends, parsed by blocks while the next rows arrive (blocks of any size: a block
    ends where a row ends); a column Arrow cannot type in one block reads as text
    whole, as when all rows are parsed at once; a refusal after rows were sent is
    raised as psycopg raises it, and the connection goes on."""
    import psycopg

    monkeypatch.setattr(columnar, "PARSE_BLOCK_BYTES", block)

    url, name = fresh_postgres_database()
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
            table = f"generate_series(1, {rows}) AS g(id)"
            columns = [
                columnar.Column("n", "id", "int"),
                columnar.Column("t", "repeat('é,\"' || chr(10), id % 4)", "text"),
            ]
            read = columnar.read_postgres(cursor, columnar.Query(table, columns))
            assert read["n"].to_pylist() == list(range(1, rows + 1))
            assert read["t"].to_pylist() == ['é,"\n' * (i % 4) for i in range(1, rows + 1)]
            odd = columnar.Column("m", f"CASE WHEN id > {rows} - 2 THEN 'x' END", "int")
            loose = columnar.read_postgres(cursor, columnar.Query(table, [odd, *columns]))
            assert loose["m"].type == pa.large_string() == loose["n"].type
            assert loose["m"].to_pylist()[-3:] == [None, "x", "x"]
            assert loose["n"].to_pylist() == [str(i) for i in range(1, rows + 1)]
            failing = [columnar.Column("n", f"1 / (id - {rows})", "int")]
            with pytest.raises(psycopg.errors.DivisionByZero):
                columnar.read_postgres(cursor, columnar.Query(table, failing))
            connection.rollback()
            assert cursor.execute("SELECT 1").fetchone() == (1,)
    finally:
        drop_postgres_database(name)
