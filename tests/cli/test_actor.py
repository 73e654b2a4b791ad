"""On SQLite the audit history names the operating-system account, whatever the
environment claims (docs/administration.md, « Qui a fait quoi »); on PostgreSQL the
database writes the login (tests/fleet/test_access_postgres.py)."""

from __future__ import annotations

import os
import pwd

import pytest
from ecoparc_cli import ecoparc
from sqlalchemy import text

from fleet.db import dispose_engines, get_engine


def test_sqlite_history_names_the_os_account(
    demo_copy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOPARC_ACTOR", "le-maire")
    monkeypatch.setenv("USER", "le-maire")
    monkeypatch.setenv("LOGNAME", "le-maire")
    with get_engine(demo_copy).connect() as conn:
        device = conn.scalar(text("SELECT id FROM device WHERE status = 'in_service' LIMIT 1"))
    dispose_engines()
    ran = ecoparc("--db", demo_copy, "devices", "set-status", str(device), "broken")
    assert ran.returncode == 0, ran.stderr
    with get_engine(demo_copy).connect() as conn:
        actor = conn.scalar(text("SELECT actor FROM device_event ORDER BY id DESC LIMIT 1"))
    dispose_engines()
    assert actor == pwd.getpwuid(os.getuid()).pw_name
