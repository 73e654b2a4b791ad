"""Helpers for the import tests: a migrated database with entities, row counts,
the sample files (committed ones, or generated on the fly when absent)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import event, func, select

from cli.main import cli
from fleet.db import get_engine, session_scope
from fleet.entities import add_entity
from fleet.models import (
    AppSetting,
    Device,
    DeviceEvent,
    Entity,
    ImportBatch,
    ImportIssue,
    MappingProfile,
    Site,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

TABLES = (Device, DeviceEvent, Entity, ImportBatch, ImportIssue, MappingProfile, Site, AppSetting)


def counts(url: str) -> dict[str, int]:
    """Rows per table: what "the database is unchanged" is checked against."""
    with session_scope(get_engine(url), commit=True) as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


@pytest.fixture
def db(migrated_url: str) -> str:
    """A migrated database with the entities the tests import into."""
    with session_scope(get_engine(migrated_url), commit=True) as session:
        metro = add_entity(session, "Grenoble-Alpes Métropole", kind="metropole")
        add_entity(session, "Grenoble", parent=metro.name)
        add_entity(session, "Échirolles", parent=metro.name)
    return migrated_url


def invoke(url: str, *args: str) -> Result:
    """The real ``ecoparc`` command, in-process."""
    return CliRunner().invoke(cli, ["--db", url, "--lang", "fr", *args])


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The committed ``samples/`` (``tests/samples`` checks they equal a fresh generation)."""
    return SAMPLES


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One migrated database per backend for a whole module of tests that must not change it."""
    from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database

    from fleet import schema
    from fleet.db import dispose_engines

    name = ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'ecoparc.db'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("ECOPARC_TEST_POSTGRES_URL not set (no PostgreSQL server)")
        url, name = fresh_postgres_database()
    schema.upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        metro = add_entity(session, "Grenoble-Alpes Métropole", kind="metropole")
        add_entity(session, "Grenoble", parent=metro.name)
    yield url
    dispose_engines()
    if name:  # with its group roles (tests/databases.py): roles are the cluster's
        drop_postgres_database(name)


@pytest.fixture(scope="module")
def grenoble_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated SQLite database with the entity Grenoble for a whole module whose
    tests must leave it unchanged (the hostile corpus, the property-based tests)."""
    from fleet import schema
    from fleet.db import dispose_engines

    url = f"sqlite:///{tmp_path_factory.mktemp('grenoble') / 'ecoparc.db'}"
    schema.upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        add_entity(session, "Grenoble")
    yield url
    dispose_engines()


@contextmanager
def sent_statements(url: str) -> Iterator[list[str]]:
    """The statements the engine of ``url`` sends while the block runs (its own
    ``before_cursor_execute`` events: what reaches the driver, not what the ORM plans)."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)
