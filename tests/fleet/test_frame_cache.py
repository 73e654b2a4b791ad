"""The copy of the fleet frame beside a SQLite database is never served stale.

Every way a fleet can change is tried — through the ORM, raw SQL on the same
engine, a bare ``sqlite3`` connection, another process, a restored backup, a
session's uncommitted writes, a trigger dropped by hand — and the frame read
afterwards is compared with one read straight from the tables.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import insert, select, text, update

from fleet import frame_cache, queries
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.models import Device, Entity, Site
from fleet.queries import ENGINE_COLUMNS, FRAME_COLUMNS, fleet_frame
from fleet.schema import upgrade


@pytest.fixture
def fleet_db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "parc.db"
    url = f"sqlite:///{path}"
    upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        city = Entity(name="Fontaine", agents=300)
        session.add(city)
        session.flush()
        room = Site(entity_id=city.id, name="Salle serveurs", is_server_room=True, pue=1.6)
        session.add(room)
        session.flush()
        session.execute(
            insert(Device),
            [
                {
                    "entity_id": city.id,
                    "site_id": room.id if i % 2 else None,
                    "category": "server" if i % 2 else "laptop",
                    "manufacturer": "Dell",
                    "model": f"M{i % 4}",
                    "serial": f"S{i:03}",
                    "purchase_date": date(2021, 1 + i % 12, 1),
                    "price_eur": 100.0 + i,
                }
                for i in range(40)
            ],
        )
    yield url, path
    dispose_engines()


def _read(url: str, **filters: object) -> pd.DataFrame:
    with session_scope(get_engine(url)) as session:
        return fleet_frame(session, **filters)  # type: ignore[arg-type]


def _from_tables(url: str) -> pd.DataFrame:
    """The frame read from the tables themselves, the copy ignored."""
    with session_scope(get_engine(url)) as session:
        return queries._read_frame(session, FRAME_COLUMNS)


def _served_from_copy(url: str, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    """A read that must not touch the tables (it fails if it does)."""

    def refuse(*_args: object, **_kwargs: object) -> pd.DataFrame:
        raise AssertionError("the tables were read: the copy was not used")

    with monkeypatch.context() as patched:
        patched.setattr(queries, "_read_frame", refuse)
        return _read(url)


def test_the_copy_is_written_once_then_read_instead_of_the_tables(
    fleet_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, path = fleet_db
    first = _read(url)
    assert frame_cache.cache_path(str(path)).exists()
    pd.testing.assert_frame_equal(_served_from_copy(url, monkeypatch), first)
    pd.testing.assert_frame_equal(first, _from_tables(url))
    # The copy serves the filters and column choices the SQL read offers.
    with monkeypatch.context() as patched:
        patched.setattr(queries, "_read_frame", None)
        servers = _read(url, categories=["server"], columns=ENGINE_COLUMNS)
        fontaine = _read(url, entities=["Fontaine"], statuses=["in_service"])
    assert list(servers.columns) == list(ENGINE_COLUMNS)
    assert len(servers) == 20 and set(servers["category"]) == {"server"}
    assert servers.index.tolist() == list(range(20)) and servers["pue"].eq(1.6).all()
    assert len(fontaine) == 40


def test_a_refresh_reads_only_the_columns_asked_then_widens_the_copy(
    fleet_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a write, a footprint's read (the engine's columns) refreshes the copy
    with those columns alone; a read of every column at the same revision reads
    the tables again and keeps both; after another write, the engine's alone."""
    url, path = fleet_db
    engine_only = _read(url, columns=ENGINE_COLUMNS)
    held = frame_cache.load(str(path), _key(path))
    assert held is not None and held.column_names == list(ENGINE_COLUMNS)
    pd.testing.assert_frame_equal(engine_only, _from_tables(url)[list(ENGINE_COLUMNS)])
    with monkeypatch.context() as patched:  # served by the copy from now on
        patched.setattr(queries, "_read_frame", None)
        assert _read(url, columns=["category", "price_eur"]).shape == (40, 3)
    whole = _read(url)  # "serial" and the others are not in the copy: the tables
    pd.testing.assert_frame_equal(whole, _from_tables(url))
    pd.testing.assert_frame_equal(_served_from_copy(url, monkeypatch), whole)
    pd.testing.assert_frame_equal(
        _served_from_copy(url, monkeypatch)[list(ENGINE_COLUMNS)], engine_only
    )
    with sqlite3.connect(path) as bare:
        bare.execute("UPDATE device SET serial = 'changé' WHERE id = 7")
    assert _read(url, columns=ENGINE_COLUMNS).shape == engine_only.shape
    held = frame_cache.load(str(path), _key(path))
    assert held is not None and held.column_names == list(ENGINE_COLUMNS)
    assert _read(url).loc[6, "serial"] == "changé"


def _key(path: Path) -> frame_cache.Key:
    key = frame_cache.committed_revision(str(path))
    assert key is not None
    return key


def test_a_write_through_the_orm_is_seen(
    fleet_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = fleet_db
    _read(url)
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(update(Device).where(Device.id == 3).values(price_eur=999.0))
        session.get_one(Site, 1).pue = 2.0
    frame = _read(url)
    assert frame.loc[frame["device_id"] == 3, "price_eur"].item() == 999.0
    assert frame.loc[frame["device_id"] == 2, "pue"].item() == 2.0
    pd.testing.assert_frame_equal(frame, _from_tables(url))
    pd.testing.assert_frame_equal(_served_from_copy(url, monkeypatch), frame)


def test_raw_sql_on_another_connection_and_another_process_are_seen(
    fleet_db: tuple[str, Path],
) -> None:
    url, path = fleet_db
    _read(url)
    with sqlite3.connect(path) as bare:
        bare.execute("DELETE FROM device WHERE id = 5")
    assert 5 not in _read(url)["device_id"].tolist()
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(
            text(
                "INSERT INTO device (entity_id, category, quantity, status, "
                "acquisition, classified, reuse_flagged, created_at, updated_at) "
                "VALUES (1, 'printer', 1, 'in_service', 'new', 0, 0, "
                "'2025-01-01', '2025-01-01')"
            )
        )
    assert _read(url)["category"].iloc[-1] == "printer"
    script = (
        "import sqlite3, sys\n"
        "with sqlite3.connect(sys.argv[1]) as c:\n"
        "    c.execute(\"UPDATE entity SET name = 'Fontaine (ville)'\")\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    frame = _read(url)
    assert set(frame["entity"]) == {"Fontaine (ville)"}
    pd.testing.assert_frame_equal(frame, _from_tables(url))


def test_uncommitted_writes_never_reach_the_copy(fleet_db: tuple[str, Path]) -> None:
    url, _ = fleet_db
    before = _read(url)
    with session_scope(get_engine(url)) as session:  # rolled back at the end
        session.execute(update(Device).values(model="brouillon"))
        own = fleet_frame(session)
        assert set(own["model"]) == {"brouillon"}  # the session sees its own writes
    after = _read(url)
    pd.testing.assert_frame_equal(after, before)
    pd.testing.assert_frame_equal(after, _from_tables(url))


def test_a_restored_backup_is_never_matched_with_a_later_copy(
    fleet_db: tuple[str, Path], tmp_path: Path
) -> None:
    url, path = fleet_db
    _read(url)
    backup = tmp_path / "sauvegarde.db"
    dispose_engines()
    shutil.copy(path, backup)
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(update(Device).where(Device.id == 1).values(model="après"))
    _read(url)  # the copy now holds « après »
    dispose_engines()
    shutil.copy(backup, path)
    with session_scope(get_engine(url), commit=True) as session:  # the same number of writes
        session.execute(update(Device).where(Device.id == 1).values(model="autre"))
    frame = _read(url)
    assert frame.loc[0, "model"] == "autre"
    pd.testing.assert_frame_equal(frame, _from_tables(url))


def test_without_its_triggers_the_copy_is_not_used(
    fleet_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, path = fleet_db
    _read(url)
    with sqlite3.connect(path) as bare:
        bare.execute("DROP TRIGGER fleet_revision_device_update")
        bare.execute("UPDATE device SET model = 'sans trace' WHERE id = 1")
    assert _read(url).loc[0, "model"] == "sans trace"
    with pytest.raises(AssertionError, match="the copy was not used"):
        _served_from_copy(url, monkeypatch)


def test_every_feeding_table_has_its_triggers_at_the_current_schema(
    fleet_db: tuple[str, Path],
) -> None:
    url, _ = fleet_db
    with session_scope(get_engine(url)) as session:
        names = set(
            session.scalars(
                select(text("name"))
                .select_from(text("sqlite_master"))
                .where(text("type = 'trigger'"))
            )
        )
        revision = session.execute(text("SELECT revision FROM fleet_revision")).scalar_one()
    assert set(frame_cache.TRIGGERS) <= names
    assert revision >= 42  # the entity, its site and the 40 devices of the fixture
