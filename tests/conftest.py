"""Fixtures shared by the whole suite.

Database tests take the ``db_url`` fixture: it always runs on a fresh SQLite
file and, when ``ECOPARC_TEST_POSTGRES_URL`` points at a server (``.ci/run``
sets it), also on a fresh PostgreSQL database created for the test.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from fleet.db import dispose_engines, normalise_url

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED_DATA = REPO.parent / "shared" / "data"
POSTGRES_URL = os.environ.get("ECOPARC_TEST_POSTGRES_URL")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set (no PostgreSQL server)"
        ),
    ),
]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'ecoparc.db'}"
    dispose_engines()


def _fresh_postgres_database() -> tuple[str, str]:
    """Create an empty database on the test server; returns (url, name)."""
    assert POSTGRES_URL
    admin_url = make_url(normalise_url(POSTGRES_URL))
    name = f"ecoparc_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    # Two workers creating databases at the same instant can briefly collide on
    # the template database; a short retry is enough.
    for attempt in range(5):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            break
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    admin.dispose()
    return admin_url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(name: str) -> None:
    assert POSTGRES_URL
    admin = create_engine(make_url(normalise_url(POSTGRES_URL)), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema) on each available backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ecoparc.db'}"
        dispose_engines()
        return
    url, name = _fresh_postgres_database()
    yield url
    dispose_engines()
    _drop_postgres_database(name)


@pytest.fixture
def migrated_url(db_url: str) -> str:
    """A database at the current schema on each backend."""
    from fleet.schema import upgrade

    upgrade(db_url, backup=False)
    return db_url
