"""The footprint's quick start (services.footprint.quick_footprint, fleet.snapshot):
served from a fresh columnar copy without SQLAlchemy, it gives exactly what the
unit of work gives, and steps aside whenever it could not be sure
(docs/performance.md, « Démarrage rapide »).

Run on the demo database with status changes, transfers and model aliases added
after the copy was written: those tables are not in the copy, and the quick start
reads them in the same transaction as the copy's revision.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from fleet import frame_cache, snapshot
from fleet.db import dispose_engines, get_engine, normalise_url, session_scope, sqlite_path
from fleet.demo import load_demo
from fleet.models import Device, DeviceEvent, Entity, ModelAlias
from fleet.report_data import lifecycle_events
from fleet.schema import upgrade
from footprint.report import build_report, to_document
from services.footprint import (
    FOOTPRINT_COLUMNS,
    FootprintOptions,
    ScopeFootprint,
    fleet_footprint,
    footprint_columns,
    quick_footprint,
)
from services.uow import UnitOfWork

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

AS_OF = date(2025, 6, 30)


def _full(url: str, options: FootprintOptions, entities: tuple[str, ...] = ()) -> ScopeFootprint:
    with UnitOfWork(url) as uow:
        return fleet_footprint(uow, options, entities)


@pytest.fixture
def demo(demo_copy: str) -> str:
    """The demo database with its copy written, then events and aliases added
    (tables outside the copy: the copy stays fresh)."""
    _full(demo_copy, FootprintOptions(year=2025, as_of=AS_OF))
    _add_events_and_aliases(demo_copy)
    return demo_copy


def _add_events_and_aliases(url: str) -> None:
    """Status changes, a transfer and model aliases: what the frame does not hold."""
    with session_scope(get_engine(url), commit=True) as session:
        devices = session.scalars(select(Device).order_by(Device.id).limit(6)).all()
        entities = session.scalars(select(Entity).order_by(Entity.id)).all()
        for i, device in enumerate(devices[:3]):
            session.add(
                DeviceEvent(
                    device_id=device.id,
                    at=datetime(2023, 3 + i, 1, 10, 0, 0, 1234 * i),
                    kind="status",
                    before={"status": "in_service"},
                    after={"status": "retired"},
                )
            )
        session.add(
            DeviceEvent(
                device_id=devices[4].id,
                at=datetime(2024, 2, 1),
                kind="transfer",
                before={"entity": entities[1].name},
                after={"entity": entities[0].name},
            )
        )
        session.add(ModelAlias(model_text=devices[5].model or "M", reference="laptop-ref"))
        session.add(
            ModelAlias(entity_id=entities[0].id, model_text="Modèle maison", reference="ref-2")
        )


@pytest.mark.parametrize(
    ("year", "method", "entities"),
    [
        (2025, "annualized", ()),
        (2023, "amortized", ()),
        (2024, "annualized", ("Grenoble",)),
        (2025, "amortized", ("Grenoble-Alpes Métropole", "Échirolles")),
    ],
)
def test_the_quick_start_gives_what_the_unit_of_work_gives(
    demo: str, year: int, method: str, entities: tuple[str, ...]
) -> None:
    options = FootprintOptions(year=year, method=method, as_of=AS_OF)
    quick = quick_footprint(demo, options, entities)
    assert quick is not None
    full = _full(demo, options, entities)
    pd.testing.assert_frame_equal(quick.fleet.frame, full.fleet.frame)
    assert quick.aliases is not None and full.aliases is not None
    pd.testing.assert_frame_equal(quick.aliases, full.aliases)
    assert to_document(build_report(quick.result, "entity")) == to_document(
        build_report(full.result, "entity")
    )
    # Without per-device rows, the engine's columns alone give the same document.
    engine_only = quick_footprint(demo, options, entities, None, footprint_columns(False))
    assert engine_only is not None and "serial" not in engine_only.fleet.frame.columns
    assert to_document(build_report(engine_only.result, "category")) == to_document(
        build_report(full.result, "category")
    )


def test_the_events_read_are_the_unit_of_works(demo: str) -> None:
    with session_scope(get_engine(demo)) as session:
        for entities in ((), ("Grenoble",)):
            read = snapshot.fresh_read(demo, entities, FOOTPRINT_COLUMNS)
            assert read is not None
            pd.testing.assert_frame_equal(read.events, lifecycle_events(session, list(entities)))
            if not entities:  # the status changes (their microseconds kept) and the transfer
                assert len(read.events) == 4
                assert read.events["at"].dt.microsecond.tolist()[:2] == [0, 1234]


def _stale_after(demo: str, sql: str) -> None:
    options = FootprintOptions(year=2025, as_of=AS_OF)
    assert quick_footprint(demo, options) is not None
    path = sqlite_path(demo)
    assert path is not None
    with sqlite3.connect(path) as bare:
        bare.execute(sql)
    assert quick_footprint(demo, options) is None  # the unit of work reads the tables
    after = _full(demo, options)  # …and writes the copy again
    again = quick_footprint(demo, options)
    assert again is not None
    assert to_document(build_report(again.result)) == to_document(build_report(after.result))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE device SET category = 'server' WHERE id = 3",
        "DELETE FROM device WHERE id = 5",
        "INSERT INTO device (entity_id, quantity, category, acquisition, status, classified, "
        "reuse_flagged, created_at, updated_at, maker_key) SELECT entity_id, 7, category, "
        "acquisition, status, classified, reuse_flagged, created_at, updated_at, maker_key "
        "FROM device WHERE id = 9",
        "UPDATE entity SET name = 'Grenoble (ville)' WHERE name = 'Grenoble'",
        "UPDATE site SET pue = 2.5",
    ],
)
def test_any_write_to_the_fleet_sends_the_quick_start_to_the_tables(demo: str, sql: str) -> None:
    _stale_after(demo, sql)


def test_the_quick_start_steps_aside_when_it_cannot_be_sure(demo: str, tmp_path: Path) -> None:
    options = FootprintOptions(year=2025, as_of=AS_OF)
    assert quick_footprint(demo, options, ("Grenoble",)) is not None
    # Names not exactly an entity's (another case, unknown): the unit of work finds or refuses.
    assert quick_footprint(demo, options, ("grenoble",)) is None
    assert quick_footprint(demo, options, ("Nulle part",)) is None
    # A factor set that is not built in may be stored in the database.
    assert quick_footprint(demo, options, (), "mon-jeu") is None
    assert quick_footprint(demo, options, (), "constructeurs") is not None
    # Another backend, no database, a file that is not one.
    assert quick_footprint("postgresql+psycopg://u@127.0.0.1:1/x", options) is None
    absent = tmp_path / "absente.db"
    assert quick_footprint(f"sqlite:///{absent}", options) is None and not absent.exists()
    junk = tmp_path / "pas-une-base.db"
    junk.write_text("ceci n'est pas une base")
    assert quick_footprint(str(junk), options) is None
    path = sqlite_path(demo)
    assert path is not None
    # The copy without the columns asked for.
    key = frame_cache.committed_revision(str(path))
    held = frame_cache.load(str(path), key) if key is not None else None
    assert held is not None
    assert frame_cache.save(str(path), key, held.select(["device_id", "category"]))  # type: ignore[arg-type]
    assert quick_footprint(demo, options) is None
    _full(demo, options)
    assert quick_footprint(demo, options) is not None
    # A schema this code does not expect (the unit of work says what to do).
    with sqlite3.connect(path) as bare:
        bare.execute("UPDATE alembic_version SET version_num = '0001'")
    assert quick_footprint(demo, options) is None


@pytest.mark.parametrize(
    "url",
    [
        "parc.db",
        "~/parc.db",
        "/tmp/un dossier/parc.db",
        "/tmp/un dossier ?/parc.db",
        "/tmp/100%/parc.db",
        "sqlite:///parc.db",
        "sqlite:////tmp/parc.db",
        "sqlite:////tmp/un%20dossier/parc.db",
        "sqlite:///parc.db?mode=ro",
        "sqlite:///:memory:",
        "sqlite://",
        "sqlite+pysqlite:///parc.db",
        "postgresql://u@hôte/base",
    ],
)
def test_the_quick_start_names_the_file_sqlalchemy_names(url: str) -> None:
    """Where the quick start names a file, it is the database SQLAlchemy opens and
    the name the copy is kept under (``engine.url.database``)."""
    found = snapshot.sqlite_file(url)
    parsed = make_url(normalise_url(url))
    if found is not None:
        assert parsed.get_backend_name() == "sqlite" and not parsed.query
        assert found == parsed.database


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://ecoparc:secret@127.0.0.1:54330/ecoparc",
        "postgresql://al%40ice:p%2Fw%3Ad@serveur:5433/ma%20base?sslmode=require&connect_timeout=3",
        "postgres://u@/base?host=/var/run/postgresql",
        "postgresql://u@[::1]/base",
        "postgresql+psycopg://u@h1,h2:5432/base",
        "postgresql://u@h%C3%B4te/base",
    ],
)
def test_the_quick_start_connects_where_the_engine_connects(url: str) -> None:
    """psycopg gets the login, server, database and options SQLAlchemy's engine
    would give it; a URL the two read differently is left to the unit of work."""
    conninfo = snapshot.postgres_conninfo(normalise_url(url))
    if conninfo is None:
        return
    engine = create_engine(normalise_url(url))
    expected = engine.dialect.create_connect_args(engine.url)[1]
    expected.pop("context", None)
    assert conninfo_to_dict(conninfo) == {k: str(v) for k, v in expected.items()}


@pytest.fixture
def postgres_demo() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("ECOPARC_TEST_POSTGRES_URL not set (no PostgreSQL server)")
    url, name = fresh_postgres_database()
    try:
        upgrade(url, backup=False)
        with session_scope(get_engine(url), commit=True) as session:
            load_demo(session, SAMPLES)
        _add_events_and_aliases(url)
        yield url
    finally:
        dispose_engines()
        drop_postgres_database(name)


@pytest.mark.slow
def test_on_postgresql_the_quick_start_reads_what_the_unit_of_work_reads(
    postgres_demo: str,
) -> None:
    """On PostgreSQL the quick start reads the tables (no copy: every read is
    fresh) through a bare psycopg connection: the same frame, events, aliases and
    figures as the unit of work, before and after writes of every kind."""
    url = postgres_demo

    def same(options: FootprintOptions, entities: tuple[str, ...] = ()) -> None:
        quick = quick_footprint(url, options, entities)
        assert quick is not None
        full = _full(url, options, entities)
        pd.testing.assert_frame_equal(quick.fleet.frame, full.fleet.frame)
        read = snapshot.fresh_read(url, entities, FOOTPRINT_COLUMNS)
        assert read is not None
        with session_scope(get_engine(url)) as session:
            events = lifecycle_events(session, list(entities))
        assert len(events) >= (4 if not entities else 0)
        pd.testing.assert_frame_equal(read.events, events)
        assert quick.aliases is not None and full.aliases is not None
        pd.testing.assert_frame_equal(quick.aliases, full.aliases)
        assert to_document(build_report(quick.result, "entity")) == to_document(
            build_report(full.result, "entity")
        )

    same(FootprintOptions(year=2024, as_of=AS_OF))
    same(FootprintOptions(year=2025, method="amortized", as_of=AS_OF), ("Grenoble",))
    before = quick_footprint(url, FootprintOptions(year=2025, as_of=AS_OF))
    assert before is not None
    with get_engine(url).begin() as connection:  # raw SQL, in heap order no more
        connection.execute(text("UPDATE device SET category = 'server' WHERE id % 7 = 0"))
        connection.execute(text("DELETE FROM device_event WHERE id % 5 = 0"))
        connection.execute(
            text(
                "DELETE FROM device WHERE id % 11 = 0 AND id NOT IN "
                "(SELECT device_id FROM device_event)"
            )
        )
    after = quick_footprint(url, FootprintOptions(year=2025, as_of=AS_OF))
    assert after is not None and len(after.fleet.frame) < len(before.fleet.frame)
    assert not after.fleet.frame["device_id"].diff().lt(0).any()
    same(FootprintOptions(year=2025, as_of=AS_OF))
    # Not exactly an entity's name, a login the server refuses: the unit of work's.
    assert quick_footprint(url, FootprintOptions(year=2025), ("grenoble",)) is None
    nobody = make_url(url).set(username="personne_ici").render_as_string(hide_password=False)
    assert quick_footprint(nobody, FootprintOptions(year=2025)) is None
