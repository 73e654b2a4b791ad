"""Create, inspect and upgrade the database schema with the packaged migrations.

Every command except ``init`` and ``db …`` refuses to run on a schema that is
behind (:func:`require_current`), rather than failing later on a missing column.
``upgrade`` copies a SQLite file to a timestamped backup first.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import dispose_engines, get_engine, normalise_url, sqlite_path
from .models import Base

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaError(RuntimeError):
    """The database is missing, behind, or ahead of this version of ecoparc."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    if len(heads) != 1:
        raise SchemaError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def state(url: str) -> SchemaState:
    return SchemaState(current_revision(get_engine(url)), head_revision())


def backup_sqlite(url: str) -> Path | None:
    """Copy a SQLite database file next to itself before a schema change."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    dispose_engines()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{stamp}-{counter}.bak")
        counter += 1
    shutil.copy2(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.copy2(side, target.with_name(target.name + suffix))
    return target


def upgrade(url: str, revision: str = "head", backup: bool = True) -> Path | None:
    """Bring the schema to ``revision``; returns the backup file made, if any."""
    saved = None
    if backup and current_revision(get_engine(url)) not in (None, head_revision()):
        saved = backup_sqlite(url)
    _run_with_connection(url, lambda cfg: command.upgrade(cfg, revision))
    return saved


def downgrade(url: str, revision: str) -> None:
    _run_with_connection(url, lambda cfg: command.downgrade(cfg, revision))


def _run_with_connection(url: str, action: object) -> None:
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg)  # type: ignore[operator]


def pending_differences(url: str) -> list[object]:
    """What autogenerate would change: empty when the models match the migrations."""
    with get_engine(url).connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def require_current(url: str) -> None:
    """Refuse to work on a database whose schema is not the one this code expects."""
    st = state(url)
    if st.current is None:
        raise SchemaError(
            "la base de données n'est pas initialisée : lancez « ecoparc init » "
            "(database not initialised: run 'ecoparc init')"
        )
    if not st.up_to_date:
        raise SchemaError(
            f"le schéma de la base ({st.current}) n'est pas à jour ({st.head}) : "
            "lancez « ecoparc db upgrade » (schema is behind: run 'ecoparc db upgrade')"
        )
