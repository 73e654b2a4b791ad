"""Large benchmark databases: the sample entities and sites plus ``n`` generated devices.

Shared by the benchmark scripts; the rows come from :func:`samples.generate_fleet`
and go in as one bulk write on the core table, never through
the importer or the ORM: ``executemany`` of plain tuples on SQLite, one
``COPY … FROM STDIN`` on PostgreSQL (100,000 devices in a few seconds).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import insert, select, text
from sqlalchemy.engine import URL, make_url

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.models import Entity, Site
from fleet.schema import upgrade
from samples import generate_fleet
from samples.entities import ENTITIES

REPO = Path(__file__).resolve().parent.parent

#: The benchmarks' PostgreSQL server (the one the test suite uses) and the
#: database they build there; ``ECOPARC_BENCH_POSTGRES`` overrides it.
POSTGRES_SERVER = "postgresql+psycopg://ecoparc:ecoparc@127.0.0.1:54330"

#: Device columns the builder fills, in the order the rows are written.
_COLUMNS = (
    "entity_id",
    "site_id",
    "quantity",
    "name",
    "asset_tag",
    "serial",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "retirement_date",
    "acquisition",
    "price_eur",
    "status",
    "condition",
    "department",
    "cpu",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "os",
    "tpm",
    "annual_kwh",
    "weight_kg",
    "first_life_years",
    "classified",
    "reuse_flagged",
    "created_at",
    "updated_at",
)


def device_rows(
    fleet: pd.DataFrame, entity_ids: dict[str, int], site_ids: dict[tuple[int, str], int]
) -> pd.DataFrame:
    """The generated fleet as device-table columns (ids instead of names, dates as ISO text)."""
    entity = fleet["entity"].map(entity_ids).astype("int64")
    keys = pd.Series(list(zip(entity, fleet["site"], strict=True)), index=fleet.index)
    out = pd.DataFrame(
        {
            "entity_id": entity,
            "site_id": keys.map(site_ids).astype("Int64"),
        }
    )
    for column in _COLUMNS[2:]:
        if column in ("purchase_date", "retirement_date"):
            out[column] = fleet[column].dt.strftime("%Y-%m-%d")
        elif column in ("classified", "reuse_flagged"):
            out[column] = False
        elif column in ("created_at", "updated_at"):
            out[column] = "2025-01-01 00:00:00"
        else:
            out[column] = fleet[column]
    return out


def build_database(url: str, n: int, seed: int = 1) -> None:
    """Schema, the sample entities and their sites, and ``n`` generated devices."""
    upgrade(url, backup=False)
    fleet = generate_fleet(n, seed)
    with session_scope(get_engine(url), commit=True) as session:
        for spec in ENTITIES:
            session.add(
                Entity(name=spec.name, kind=spec.kind, insee=spec.insee, agents=spec.agents)
            )
        session.flush()
        ids = {name: id_ for name, id_ in session.execute(select(Entity.name, Entity.id))}
        sites = []
        for spec in ENTITIES:
            for site, _weight in spec.sites:
                sites.append({"entity_id": ids[spec.name], "name": site, "is_server_room": False})
            sites.append(
                {"entity_id": ids[spec.name], "name": spec.server_room, "is_server_room": True}
            )
        session.execute(insert(Site), sites)
        site_ids = {
            (e, name): id_
            for id_, e, name in session.execute(select(Site.id, Site.entity_id, Site.name))
        }
        rows = device_rows(fleet, ids, site_ids)
        connection = session.connection()
        dbapi = connection.connection.dbapi_connection
        columns = ", ".join(_COLUMNS)
        if connection.dialect.name == "sqlite":
            values = rows.astype(object).where(rows.notna(), None)
            placeholders = ", ".join("?" * len(_COLUMNS))
            cursor = dbapi.cursor()  # type: ignore[union-attr]
            # The device indexes are dropped for the insert and built again after:
            # one sort per index instead of a B-tree insertion per row and index.
            indexes = cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'device' AND sql IS NOT NULL"
            ).fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.executemany(
                f"INSERT INTO device ({columns}) VALUES ({placeholders})",
                values.itertuples(index=False, name=None),
            )
            for _name, sql in indexes:
                cursor.execute(sql)
        else:
            buffer = io.StringIO()
            rows.to_csv(buffer, index=False, header=False)
            with (
                dbapi.cursor() as cursor,
                cursor.copy(  # type: ignore[union-attr]
                    f"COPY device ({columns}) FROM STDIN WITH (FORMAT csv)"
                ) as copy,
            ):
                copy.write(buffer.getvalue())
            session.execute(text("ANALYZE device"))
    dispose_engines()


def _server() -> URL:
    """The benchmarks' server; a database named in ``ECOPARC_BENCH_POSTGRES`` (as in
    ECOPARC_DB) is ignored."""
    import os

    given = make_url(os.environ.get("ECOPARC_BENCH_POSTGRES", POSTGRES_SERVER))
    return URL.create(given.drivername, given.username, given.password, given.host, given.port)


def postgres_unreachable() -> str | None:
    """Why the benchmarks' PostgreSQL server cannot be used, or None when it can.

    ``make bench`` runs on machines without a server: the PostgreSQL figures are then
    skipped with this one line rather than ending the script in a traceback."""
    import psycopg

    address = _server()
    plain = address.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(plain + "/postgres", connect_timeout=5):
            return None
    except psycopg.Error as error:
        where = address.render_as_string(hide_password=True)
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"PostgreSQL : serveur {where} injoignable ({first}) ; mesures PostgreSQL "
            "non faites (ECOPARC_BENCH_POSTGRES donne l'adresse d'un serveur)"
        )


@contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A fresh database ``name`` on the benchmarks' server, dropped afterwards."""
    import psycopg

    address = _server()
    server = address.render_as_string(hide_password=False)
    plain = address.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        dispose_engines()
        with psycopg.connect(plain + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # Its group roles (fleet.access_sql) belong to the cluster: dropped with it.
            for (role,) in admin.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (f"{name}_",)
            ).fetchall():
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def timed_build(url: str, n: int) -> float:
    """Build the database and say how long it took (the builder's own target: 100k ≤ 10 s)."""
    began = time.perf_counter()
    build_database(url, n)
    elapsed = time.perf_counter() - began
    print(f"base de {n:,} appareils construite en {elapsed:.1f} s".replace(",", " "))
    return elapsed
