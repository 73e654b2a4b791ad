"""How an import writes its new devices on SQLite (docs/performance.md, « Écriture
d'un import »): staged in a temporary table, then one ``INSERT … SELECT``, the
device indexes dropped and built again when the import at least doubles the
table. The schema, the fleet revision and the uniqueness rules come out exactly
as a row-by-row insertion leaves them."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from fleet.db import get_engine, session_scope
from fleet.entities import add_entity
from fleet.importing import run_import
from fleet.schema import upgrade

HEADER = "Nom;Numéro de série;Numéro d'inventaire;Fabricant;Modèle;Type;Statut\n"


def _csv(path: Path, first: int, count: int) -> Path:
    lines = [
        f"PC-{i};SN{i:05d};INV-{i};Dell;Latitude 5420;Ordinateur portable;En service\n"
        for i in range(first, first + count)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _device_schema(database: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(database) as connection:
        return set(
            connection.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'device'"
            ).fetchall()
        )


def _revision(database: Path) -> tuple[int, bytes]:
    with sqlite3.connect(database) as connection:
        revision, stamp = connection.execute(
            "SELECT revision, stamp FROM fleet_revision"
        ).fetchone()
        return int(revision), bytes(stamp)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "ecoparc.db"
    url = f"sqlite:///{path}"
    upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        add_entity(session, "Grenoble", kind="commune")
    return path


@pytest.mark.parametrize("stored", [0, 40], ids=["indexes rebuilt", "indexes kept"])
def test_new_devices_leave_schema_revision_and_unique_rules_as_they_were(
    database: Path, tmp_path: Path, stored: int
) -> None:
    url = f"sqlite:///{database}"
    if stored:
        with session_scope(get_engine(url), commit=True) as session:
            run_import(session, _csv(tmp_path / "stored.csv", 0, stored), entity="Grenoble")
    schema, revision = _device_schema(database), _revision(database)
    assert any(kind == "trigger" for kind, _name, _sql in schema)
    with session_scope(get_engine(url), commit=True) as session:
        result = run_import(session, _csv(tmp_path / "new.csv", 1000, 30), entity="Grenoble")
        # The staging table is gone from the connection that imported.
        assert session.scalar(text("SELECT count(*) FROM sqlite_temp_master")) == 0
    assert (result.created, result.rejected) == (30, 0), result.rejections
    # The revision trigger, dropped for the insertion, is back; the revision moved
    # (once for the import) with a new stamp.
    assert _device_schema(database) == schema
    assert _revision(database)[0] > revision[0]
    assert _revision(database)[1] != revision[1]
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM device").fetchone()[0] == stored + 30
        row = connection.execute(
            "SELECT name, serial_key, maker_key, tag_key, batch_id, created_at, updated_at, "
            "import_row_at, import_row_hash, reuse_flagged, classified, quantity, status "
            "FROM device WHERE serial = 'SN01000'"
        ).fetchone()
        name, serial_key, maker_key, tag_key, batch, created, updated, stamped, hashed = row[:9]
        assert (name, serial_key, maker_key, tag_key) == ("PC-1000", "SN01000", "DELL", "INV-1000")
        assert batch == result.batch_id and created == updated == stamped and hashed
        assert row[9:] == (0, 0, 1, "in_service")
        events = connection.execute(
            "SELECT count(*) FROM device_event WHERE kind = 'create' AND batch_id = ?",
            (result.batch_id,),
        ).fetchone()[0]
        assert events == 30
        # The unique identity indexes are there and enforced.
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            connection.execute(
                "INSERT INTO device (entity_id, quantity, category, acquisition, status, "
                "classified, reuse_flagged, created_at, updated_at, serial_key, maker_key) "
                "SELECT entity_id, 1, category, acquisition, status, 0, 0, created_at, "
                "updated_at, serial_key, maker_key FROM device WHERE serial = 'SN01000'"
            )


@pytest.mark.parametrize("collecting", [True, False], ids=["collector on", "collector off"])
def test_the_cycle_collector_is_paused_during_an_import_only(
    database: Path, tmp_path: Path, collecting: bool
) -> None:
    """run_import pauses Python's cyclic garbage collector while it works and leaves
    it as it found it (docs/performance.md, « Écriture d'un import »)."""
    seen: list[bool] = []
    (gc.enable if collecting else gc.disable)()
    try:
        with session_scope(get_engine(f"sqlite:///{database}"), commit=True) as session:
            result = run_import(
                session,
                _csv(tmp_path / "new.csv", 0, 30),
                entity="Grenoble",
                progress=lambda *_: seen.append(gc.isenabled()),
            )
        assert result.created == 30 and seen and not any(seen)
        assert gc.isenabled() is collecting
    finally:
        gc.enable()
