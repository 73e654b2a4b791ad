"""Create, inspect and upgrade the database schema with the packaged migrations.

Every command except ``init`` and ``db …`` refuses to run on a schema that is
behind (:func:`require_current`), rather than failing later on a missing column.
``upgrade`` copies a SQLite file to a timestamped backup first.

That check runs before every command, so it stays off Alembic (a quarter of a
second to import): the expected revision is read from the migration files'
``revision``/``down_revision`` lines and the database's from its
``alembic_version`` table; Alembic itself is imported only to change or compare
the schema (docs/performance.md).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from .db import dispose_engines, get_engine, normalise_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(.+?)\s*$", re.M)


class SchemaError(RuntimeError):
    """The database is missing, behind, or ahead of this version of ecoparc."""


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


@cache
def head_revision() -> str:
    """The revision no migration revises: the one this code expects.

    Read from the ``revision = "…"`` and ``down_revision = "…"`` lines of the
    packaged migrations (a test checks Alembic agrees).
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(found["revision"].strip("\"'"))
        revised.update(re.findall(r"[\"']([^\"']+)[\"']", found.get("down_revision", "")))
    heads = sorted(revisions - revised)
    if len(heads) != 1:
        raise SchemaError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the database; None before ``ecoparc init``."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            exists = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": "alembic_version"},
            ).scalar()
        else:
            exists = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        if not exists:
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


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
    from alembic import command

    saved = None
    if backup and current_revision(get_engine(url)) not in (None, head_revision()):
        saved = backup_sqlite(url)
    _run_with_connection(url, lambda cfg: command.upgrade(cfg, revision))
    return saved


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    _run_with_connection(url, lambda cfg: command.downgrade(cfg, revision))


def _run_with_connection(url: str, action: object) -> None:
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        action(cfg)  # type: ignore[operator]


def pending_differences(url: str) -> list[object]:
    """What autogenerate would change: empty when the models match the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from .models import Base

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
