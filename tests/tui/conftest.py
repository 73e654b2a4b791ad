"""The demo database for the TUI tests (``demo_template``, built once per session
in ``tests/conftest.py``) copied per test.

Each test runs in its own folder with the database at the relative path
``ecoparc.db``, so the header (which shows the database) is the same in every
snapshot, and the reference date is the samples' one, so numbers never move.
The history's timestamps (written at the clock time the template was built) are
set to one fixed instant, so a device record's history reads the same every run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_support import TODAY

from fleet.db import dispose_engines
from services.settings import Settings
from tui.app import EcoparcApp, make_app
from tui.i18n import set_language


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[str]:
    """A private copy of the demo database, as a URL relative to the test's folder."""
    shutil.copy(demo_template, tmp_path / "ecoparc.db")
    _pin_history_clock(tmp_path / "ecoparc.db")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield "sqlite:///ecoparc.db"
    finally:
        dispose_engines()
        os.chdir(cwd)
        set_language("fr")


HISTORY_INSTANT = "2026-01-15 09:00:00.000000"


def _pin_history_clock(path: Path) -> None:
    """Give every history row and import batch the same timestamp (see module docstring)."""
    with sqlite3.connect(path) as con:
        con.execute("UPDATE device_event SET at = ?", (HISTORY_INSTANT,))
        con.execute("UPDATE import_batch SET at = ?", (HISTORY_INSTANT,))
    con.close()


@pytest.fixture
def app_factory(demo_db: str):  # type: ignore[no-untyped-def]
    def factory(lang: str = "fr") -> EcoparcApp:
        return make_app(Settings(db_url=demo_db, lang=lang, actor="test"), today=TODAY)

    return factory
