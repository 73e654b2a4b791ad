"""Fixtures shared by the whole suite.

Database tests take the ``db_url`` fixture: it always runs on a fresh SQLite
file and, when ``ECOPARC_TEST_POSTGRES_URL`` points at a server (``.ci/run``
sets it), also on a fresh PostgreSQL database created for the test.

The demo database (``ecoparc init --demo``: the committed samples loaded) is
built once per session and per xdist worker, in the worker's own temporary
folder, and each test that needs it gets a private copy (``demo_copy``): no test
loads or generates the samples again. Tests that take more than a few seconds
are marked ``slow``: ``make test`` leaves them out, ``make test-all`` and
``.ci/run`` run them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.demo import load_demo
from fleet.schema import upgrade

# An exception a command did not foresee goes through as Python raised it (a
# person gets one line and a report instead, cli.runtime.unforeseen): it fails the
# test that met it, trace and all. tests/cli/test_unforeseen_error.py lifts this.
os.environ.setdefault("ECOPARC_DEBUG", "1")

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


@pytest.fixture(autouse=True, scope="session")
def _pseudonym_keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """SQLite pseudonym keys go to a folder of the test session, never to the
    configuration folder of the person running the tests (fleet.access_keys)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECOPARC_PSEUDONYM_KEY_DIR", str(tmp_path_factory.mktemp("keys")))
        patch.delenv("ECOPARC_PSEUDONYM_KEY_FILE", raising=False)
        yield


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The validated built-in factor sets (factors.set_cache) are kept in a folder
    of the test session, never in the cache folder of the person running the tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECOPARC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


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
    upgrade(db_url, backup=False)
    return db_url


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database as a SQLite file, built once per worker; never written by tests."""
    path = tmp_path_factory.mktemp("demo-template") / "ecoparc.db"
    url = f"sqlite:///{path}"
    upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        load_demo(session, SAMPLES)
    dispose_engines()
    return path


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Iterator[str]:
    """A private copy of the demo database (absolute SQLite URL) that a test may change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    yield f"sqlite:///{path}"
    dispose_engines()
