"""Test databases on the PostgreSQL server named by ``ECOPARC_TEST_POSTGRES_URL``.

Each test that asks for PostgreSQL gets a database of its own, created empty
and dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from fleet.db import normalise_url

POSTGRES_URL = os.environ.get("ECOPARC_TEST_POSTGRES_URL")


def fresh_postgres_database() -> tuple[str, str]:
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


def drop_postgres_database(name: str) -> None:
    """Drop the database and the roles named after it: its group roles (fleet.access_sql)
    and the logins the test created, which tests name ``<database>_…`` since roles
    belong to the whole cluster."""
    assert POSTGRES_URL
    admin = create_engine(make_url(normalise_url(POSTGRES_URL)), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        roles = conn.scalars(
            text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :prefix)"),
            {"prefix": f"{name}_"},
        ).all()
        for role in roles:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()
