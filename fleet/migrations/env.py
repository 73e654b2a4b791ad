"""Alembic environment for SQLite and PostgreSQL alike.

The URL (or an open connection) is handed over by :mod:`fleet.schema`, so the
installed ``ecoparc`` command upgrades a database from any directory without an
``alembic.ini``. Batch mode lets SQLite alter tables; its DDL is transactional
with ecoparc's connections (fleet.db), so the whole upgrade is one transaction
(fleet.schema).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from fleet.db import get_engine
from fleet.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = get_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
