"""Writers at the same moment (docs/import.md, « Écritures simultanées »).

Real ``ecoparc import`` processes are started together on a real SQLite file and
a real PostgreSQL database: the same file imported four times gives one set of
devices, two entities import side by side on PostgreSQL, and a writer that
cannot get the lock says so and gives up with one French line.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from fleet.db import (
    DatabaseBusy,
    _advisory_key,
    get_engine,
    lock_for_write,
    session_scope,
    sqlite_path,
)
from fleet.models import Device, Entity

ROWS = 5000


def _inventory(path: Path, prefix: str, rows: int = ROWS) -> Path:
    lines = ["Nom;Type;Fabricant;Modèle;Numéro de série;Numéro d'inventaire;Usager"]
    lines += [
        f"{prefix}-PC-{i:05d};Portable;Dell;Latitude 5420;{prefix}SN{i:06d};{prefix}-INV-{i:05d};"
        f"agent{i % 300}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ECOPARC_LANG": "fr"}
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", url, "--lang", "fr", "import", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _count(url: str, entity: str | None = None) -> int:
    with session_scope(get_engine(url)) as session:
        query = select(func.count()).select_from(Device)
        if entity:
            query = query.join(Entity, Entity.id == Device.entity_id).where(Entity.name == entity)
        return session.scalar(query) or 0


@pytest.mark.slow
def test_four_imports_of_the_same_file_give_one_set_of_devices(db: str, tmp_path: Path) -> None:
    path = _inventory(tmp_path / "parc.csv", "G")
    runs = [_start(db, str(path), "--entity", "Grenoble", "--format", "json") for _ in range(4)]
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    assert _count(db) == ROWS
    created = sorted(out.count('"created": 5000') for out, _ in outputs)
    assert created == [0, 0, 0, 1]


@pytest.mark.slow
def test_two_entities_import_side_by_side_on_postgresql(db: str, tmp_path: Path) -> None:
    if not db.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time by design")
    first = _inventory(tmp_path / "grenoble.csv", "G")
    second = _inventory(tmp_path / "echirolles.csv", "E")
    runs = [
        _start(db, str(first), "--entity", "Grenoble"),
        _start(db, str(second), "--entity", "Échirolles"),
    ]
    for run in runs:
        _, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
    assert (_count(db, "Grenoble"), _count(db, "Échirolles")) == (ROWS, ROWS)


@pytest.mark.slow
def test_a_waiting_writer_says_so_and_gives_up(db: str, tmp_path: Path) -> None:
    path = _inventory(tmp_path / "parc.csv", "G", rows=3)
    with session_scope(get_engine(db)) as session:
        grenoble = session.scalar(select(Entity.id).where(Entity.name == "Grenoble"))
    holder: object
    if db.startswith("sqlite"):
        database = sqlite_path(db)
        assert database is not None
        conn = sqlite3.connect(database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        holder = conn
    else:
        engine = create_engine(db)
        conn_pg = engine.connect()
        conn_pg.execute(
            text("SELECT pg_advisory_xact_lock(:k)"), {"k": _advisory_key(f"entity:{grenoble}")}
        )
        holder = conn_pg
    try:
        run = _start(db, str(path), "--entity", "Grenoble", "--lock-timeout", "1.5")
        out, err = run.communicate(timeout=60)
    finally:
        holder.rollback()  # type: ignore[attr-defined]
        holder.close()  # type: ignore[attr-defined]
    assert run.returncode == 1, out + err
    lines = err.strip().splitlines()
    assert lines == [
        "ecoparc : base occupée, nouvel essai…",
        "ecoparc : erreur : base occupée par une autre écriture depuis 1.5 s : rien n'a été "
        "écrit, réessayez plus tard (ou attendez plus longtemps avec --lock-timeout)",
    ]
    assert _count(db) == 0


@pytest.mark.skipif(not os.environ.get("ECOPARC_TEST_POSTGRES_URL"), reason="PostgreSQL only")
def test_advisory_locks_are_taken_in_order_up_to_the_first_held(db: str) -> None:
    """All of a scope's locks are tried in one statement, in order, stopping at the first
    another session holds: the writer keeps the earlier ones while it waits, never a
    later one (two writers never each hold what the other waits for)."""
    if db.startswith("sqlite"):
        pytest.skip("advisory locks are PostgreSQL's")
    names = ["entity:1", "entity:2", "entity:3"]
    keys = {name: _advisory_key(name) for name in names}
    other = create_engine(db)
    try:
        with other.connect() as holder, other.connect() as witness:
            holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": keys["entity:2"]})
            with session_scope(get_engine(db)) as session:
                with pytest.raises(DatabaseBusy):
                    lock_for_write(session, list(reversed(names)), timeout=0.3)
                ours = session.scalar(text("SELECT pg_backend_pid()"))
                held = witness.scalars(
                    text(
                        "SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks "
                        "WHERE locktype = 'advisory' AND pid = :p AND granted"
                    ),
                    {"p": ours},
                ).all()
                assert {k & 0xFFFFFFFFFFFFFFFF for k in held} == {
                    keys["entity:1"] & 0xFFFFFFFFFFFFFFFF
                }
                holder.rollback()
                lock_for_write(session, names, timeout=5)
                taken = witness.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND pid = :p AND granted"
                    ),
                    {"p": ours},
                )
                assert taken == 3
    finally:
        other.dispose()
