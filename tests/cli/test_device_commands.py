"""Changing devices from the command line: each change recorded, bad input changes nothing."""

from __future__ import annotations

from typing import Any

from ecoparc_cli import Ran, ecoparc

from fleet.db import get_engine, session_scope
from fleet.lifecycle import device_events
from fleet.models import Device, Entity


def run(url: str, *args: str) -> Ran:
    return ecoparc("--db", url, *args)


def test_set_status_transfer_edit_and_refusals(migrated_url: str) -> None:
    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.add_all([Entity(name="Grenoble"), Entity(name="Meylan")])
        session.flush()
        session.add(Device(entity_id=1, category="laptop", serial="S1"))
        session.add(Device(entity_id=1, category="monitor", asset_tag="INV-2"))

    assert run(migrated_url, "devices", "set-status", "S1", "INV-2", "broken").returncode == 0
    assert run(migrated_url, "devices", "transfer", "S1", "--to", "Meylan").returncode == 0
    assert run(migrated_url, "devices", "edit", "S1", "price_eur", "1 200,50").returncode == 0

    refused = run(migrated_url, "devices", "set-status", "INV-2", "NOPE", "retired")
    assert refused.returncode == 1 and "introuvable" in refused.stderr
    assert refused.stdout == ""  # no "statut retired" line for a change rolled back
    assert run(migrated_url, "devices", "transfer", "S1", "--to", "Nowhere").returncode == 1

    with session_scope(get_engine(migrated_url), commit=True) as session:
        kinds = [e["kind"] for e in device_events(session, "S1")]
        assert kinds == ["status", "transfer", "update"]
        # The refused batch left INV-2 as it was after the first command.
        assert [e["after"]["status"] for e in device_events(session, "INV-2")] == ["broken"]
        assert session.get(Device, 1).price_eur == 1200.5


def test_devices_csv_neutralises_formulas(migrated_url: str) -> None:
    """A device name typed as a formula in a supplier file stays text in a spreadsheet."""
    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.add(Entity(name="Grenoble"))
        session.flush()
        session.add(Device(entity_id=1, category="laptop", serial="S1", name='=HYPERLINK("x")'))
        session.add(Device(entity_id=1, category="laptop", serial="S2", name="+cmd|' /C calc'!A0"))
    out = run(migrated_url, "devices", "list", "--format", "csv")
    assert out.returncode == 0, out.stderr
    names = [line.split(";")[2] for line in out.stdout.splitlines()[1:]]
    assert names == ['"\'=HYPERLINK(""x"")"', "'+cmd|' /C calc'!A0"]


def test_a_bulk_change_waits_for_another_writer_then_gives_up(migrated_url: str) -> None:
    """A bulk status change takes its entity's write lock (docs/database.md): while
    another writer holds it, the change waits, then refuses in one line, writing nothing."""
    import sqlite3

    from sqlalchemy import create_engine, text

    from fleet.db import _advisory_key, sqlite_path

    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.add(Entity(name="Grenoble"))
        session.flush()
        session.add(Device(entity_id=1, category="laptop", serial="S1"))
    holder: Any
    if migrated_url.startswith("sqlite"):
        path = sqlite_path(migrated_url)
        assert path is not None
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = create_engine(migrated_url).connect()
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _advisory_key("entity:1")})
    try:
        refused = run(
            migrated_url, "devices", "set-status", "S1", "broken", "--lock-timeout", "0.3"
        )
    finally:
        holder.rollback()
        holder.close()
    assert refused.returncode == 1
    # SQLite's own busy wait may use the whole timeout, so the « nouvel essai » line is
    # not always there; the refusal is always the last line, and said once.
    lines = refused.stderr.splitlines()
    assert set(lines[:-1]) <= {"ecoparc : base occupée, nouvel essai…"}
    assert lines[-1] == (
        "ecoparc : erreur : base occupée par une autre écriture depuis 0.3 s : rien n'a été "
        "écrit, réessayez plus tard (ou attendez plus longtemps avec --lock-timeout)"
    )
    with session_scope(get_engine(migrated_url)) as session:
        assert session.get(Device, 1).status != "broken"
    assert run(migrated_url, "devices", "set-status", "S1", "broken").returncode == 0
