"""Schema upgrades that survive a killed process, and ``ecoparc db check``
(docs/database.md, « Mise à jour du schéma »).

The database is populated at the first revision through the tables as they
were then (reflected), then upgraded by the real ``ecoparc db upgrade``
process, killed with SIGKILL at random moments.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cli.main import cli
from fleet import schema
from fleet.db import dispose_engines, get_engine

DEVICES = 3000
FIRST = "0001"


def _filler(column: sa.Column[Any], n: int) -> Any:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.Float | sa.Numeric):
        return 1.0
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 1)
    if isinstance(kind, sa.Date):
        return date(2024, 1, 1)
    if isinstance(kind, sa.JSON):
        return {}
    return f"{column.name}-{n}"


def _row(table: sa.Table, n: int, **values: Any) -> dict[str, Any]:
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.primary_key or column.nullable:
            continue
        if column.server_default is None:
            row[column.name] = _filler(column, n)
    return row


def _populate_first_revision(url: str, devices: int = DEVICES) -> None:
    """A fleet at revision 0001, written through the tables of that revision, with
    two devices that share a serial (the duplicate migration 0006 merges)."""
    schema.upgrade(url, FIRST, backup=False)
    engine = get_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    entity, device = meta.tables["entity"], meta.tables["device"]
    event = meta.tables["device_event"]
    with engine.begin() as conn:
        conn.execute(entity.insert(), [_row(entity, 1, id=1, name="Grenoble", kind="commune")])
        conn.execute(entity.insert(), [_row(entity, 2, id=2, name="Échirolles", kind="commune")])
        rows = [
            _row(
                device,
                n,
                id=n + 1,
                entity_id=1 + (n % 2),
                serial=f"SN{n:06d}",
                asset_tag=f"INV-{n:06d}",
                category="laptop",
                quantity=1,
                manufacturer="Dell",
                status="in_service",
            )
            for n in range(devices)
        ]
        rows[-1]["serial"] = rows[-2]["serial"]
        conn.execute(device.insert(), rows)
        conn.execute(
            event.insert(),
            [_row(event, n, device_id=n + 1, kind="create") for n in range(devices)],
        )
    dispose_engines()


def _ecoparc(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", str(db), "--lang", "fr", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _devices(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count: int = conn.execute("SELECT count(*) FROM device").fetchone()[0]
        return count
    finally:
        conn.close()


@pytest.mark.slow
def test_upgrade_killed_at_twenty_random_moments(tmp_path: Path) -> None:
    template = tmp_path / "template.db"
    _populate_first_revision(f"sqlite:///{template}")
    timing = tmp_path / "timing.db"
    shutil.copy(template, timing)
    started = time.monotonic()
    out, err = _ecoparc(timing, "db", "upgrade").communicate(timeout=120)
    duration = time.monotonic() - started
    assert f"0001 → {schema.head_revision()}" in out, err
    assert _devices(timing) == DEVICES - 1  # the duplicate serial merged
    rng = random.Random(20261203)
    killed_during_upgrade = 0
    for attempt in range(20):
        db = tmp_path / f"kill-{attempt}.db"
        shutil.copy(template, db)
        run = _ecoparc(db, "db", "upgrade")
        time.sleep(rng.uniform(0.2, duration))
        run.kill()
        run.wait()
        kept = _devices(db)  # the file opens, intact, with the old schema or the new one
        assert kept in (DEVICES, DEVICES - 1)
        killed_during_upgrade += kept == DEVICES
        second = _ecoparc(db, "db", "upgrade")
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert "Traceback" not in err
        assert _devices(db) == DEVICES - 1
        check = CliRunner().invoke(cli, ["--db", str(db), "db", "check"])
        assert check.exit_code == 0, check.output
        dispose_engines()
    assert killed_during_upgrade > 0


def test_db_check_names_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "ecoparc.db"
    url = f"sqlite:///{db}"

    def check() -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--db", url, "db", "check"])
        dispose_engines()
        return result.exit_code, result.output

    missing = f"ecoparc : erreur : la base {db} n'existe pas : lancez « ecoparc init »\n"
    assert check() == (1, missing)
    _populate_first_revision(url, devices=20)
    code, output = check()
    assert code == 1 and "lancez « ecoparc db upgrade »" in output
    # A copy left by a killed upgrade of an earlier version: reported, then cleaned.
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE _alembic_tmp_device (id INTEGER)")
    conn.commit()
    conn.close()
    code, output = check()
    assert code == 1 and "_alembic_tmp_device" in output and "ecoparc db upgrade" in output
    upgraded = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "Sauvegarde" in upgraded.output
    assert list(tmp_path.glob("ecoparc.db.*.bak"))
    assert check() == (0, f"Schéma {schema.head_revision()} à jour et conforme.\n")
    # A damaged file: what to do, and the backup to restore.
    dispose_engines()
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)
    db.write_bytes(bytes(data))
    code, output = check()
    assert code == 1 and "restaurez la dernière sauvegarde (ecoparc.db." in output
    assert "Traceback" not in output
    db.write_bytes(b"ceci n'est pas une base" * 100)
    code, output = check()
    assert code == 1 and "restaurez la dernière sauvegarde" in output


def test_upgrade_rolls_back_whole(tmp_path: Path) -> None:
    """A failure part-way leaves the schema where it was (one transaction)."""
    db = tmp_path / "ecoparc.db"
    url = f"sqlite:///{db}"
    _populate_first_revision(url, devices=20)
    conn = sqlite3.connect(db)
    # Migration 0004 creates app_setting: an existing one makes it fail, after 0002 and 0003.
    conn.execute("CREATE TABLE app_setting (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(sa.exc.OperationalError):
        schema.upgrade(url, backup=False)
    dispose_engines()
    assert schema.state(url).current == FIRST
    dispose_engines()


def test_migration_0006_merges_duplicates_keeping_their_histories(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ecoparc.db'}"
    schema.upgrade(url, "0005", backup=False)
    engine = get_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    entity, device = meta.tables["entity"], meta.tables["device"]
    event, disposal = meta.tables["device_event"], meta.tables["disposal"]
    with engine.begin() as conn:
        for n, name in ((1, "Grenoble"), (2, "Échirolles")):
            conn.execute(entity.insert(), [_row(entity, n, id=n, name=name, kind="commune")])
        base = {"category": "laptop", "quantity": 1, "status": "in_service", "model": None}
        rows = [
            # Transferred to Échirolles, then created again by Grenoble's next import.
            {
                "id": 1,
                "entity_id": 2,
                "serial": "ABC 123",
                "manufacturer": "Dell",
                "asset_tag": None,
            },
            {
                "id": 2,
                "entity_id": 1,
                "serial": "abc123",
                "manufacturer": "DELL",
                "asset_tag": None,
            },
            # Same asset tag, different serials: two devices.
            {"id": 3, "entity_id": 1, "serial": "X1", "manufacturer": None, "asset_tag": "INV-9"},
            {"id": 4, "entity_id": 1, "serial": "X2", "manufacturer": None, "asset_tag": "inv-9"},
        ]
        rows[1]["model"] = "Latitude 5420"
        conn.execute(device.insert(), [_row(device, r["id"], **(base | r)) for r in rows])
        conn.execute(
            event.insert(),
            [
                _row(event, 1, device_id=1, kind="create"),
                _row(event, 2, device_id=1, kind="transfer"),
                _row(event, 3, device_id=2, kind="create"),
            ],
        )
        conn.execute(
            disposal.insert(), [_row(disposal, 1, device_id=2, channel="donation", quantity=1)]
        )
    dispose_engines()
    schema.upgrade(url, backup=False)
    with get_engine(url).connect() as conn:
        devices = conn.execute(
            sa.text("SELECT id, entity_id, model, asset_tag FROM device ORDER BY id")
        ).all()
        events = conn.execute(
            sa.text("SELECT device_id, kind, note FROM device_event ORDER BY id")
        ).all()
        moved = conn.execute(sa.text("SELECT device_id FROM disposal")).scalar()
    assert [tuple(d) for d in devices] == [
        (1, 2, "Latitude 5420", None),
        (3, 1, None, "INV-9"),
        (4, 1, None, "inv-9/4"),
    ]
    assert [(e[0], e[1]) for e in events] == [
        (1, "create"),
        (1, "transfer"),
        (1, "create"),
        (1, "merge"),
        (4, "update"),
    ]
    assert "doublon fusionné : appareil n° 2" in events[3][2]
    assert moved == 1
    dispose_engines()
