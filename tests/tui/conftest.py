"""The demo database for the TUI tests (``demo_template``, built once per session
in ``tests/conftest.py``) copied per test.

Each test runs in its own folder with the database at the relative path
``ecoparc.db``, so the header (which shows the database) is the same in every
snapshot, and the reference date is the samples' one, so numbers never move.
"""

from __future__ import annotations

import os
import shutil
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
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield "sqlite:///ecoparc.db"
    finally:
        dispose_engines()
        os.chdir(cwd)
        set_language("fr")


@pytest.fixture
def app_factory(demo_db: str):  # type: ignore[no-untyped-def]
    def factory(lang: str = "fr") -> EcoparcApp:
        return make_app(Settings(db_url=demo_db, lang=lang, actor="test"), today=TODAY)

    return factory
