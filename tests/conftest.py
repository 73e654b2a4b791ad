"""Fixtures shared by the whole suite.

Database tests take the ``db_url`` fixture: it always runs on a fresh SQLite
file and, when ``ECOPARC_TEST_POSTGRES_URL`` points at a server (``.ci/run``
sets it), also on a fresh PostgreSQL database created for the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database

from fleet.db import dispose_engines

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED_DATA = REPO.parent / "shared" / "data"

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


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema) on each available backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ecoparc.db'}"
        dispose_engines()
        return
    url, name = fresh_postgres_database()
    yield url
    dispose_engines()
    drop_postgres_database(name)


@pytest.fixture
def migrated_url(db_url: str) -> str:
    """A database at the current schema on each backend."""
    from fleet.schema import upgrade

    upgrade(db_url, backup=False)
    return db_url
