"""Create, inspect, check and upgrade the database schema with the packaged migrations.

Every command except ``init`` and ``db …`` refuses to run on a schema that is
behind (:func:`require_current`), rather than failing later on a missing column.
``upgrade`` copies a SQLite file to a timestamped backup first, then runs every
migration in one transaction (docs/database.md, « Mise à jour du schéma »): a
process killed at any point leaves the old schema or the new one, never half.

That check runs before every command, so it stays off Alembic (a quarter of a
second to import): the expected revision is read from the migration files'
``revision``/``down_revision`` lines and the database's from its
``alembic_version`` table; Alembic itself is imported only to change or compare
the schema (docs/performance.md).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from .db import dispose_engines, get_engine, normalise_url, sqlite_path

# Re-exported: what every face catches and reads, from the module without SQLAlchemy.
from .schema_head import MIGRATIONS_DIR as MIGRATIONS_DIR
from .schema_head import SchemaError as SchemaError
from .schema_head import head_revision as head_revision

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


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
    """Copy a SQLite database next to itself before a schema change.

    SQLite's online backup gives a consistent copy (WAL content included); it is
    written under a temporary name and renamed, so a killed process never
    leaves a half backup under the final name."""
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
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    return target


def backups(url: str) -> list[Path]:
    """The backups :func:`backup_sqlite` made of this database, newest first."""
    path = sqlite_path(url)
    if path is None:
        return []
    return sorted(path.parent.glob(f"{path.name}.*.bak"), key=lambda p: p.name, reverse=True)


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


#: Tables SQLite's batch migrations copy through; left behind by a killed pre-0006 upgrade.
ALEMBIC_TMP = "_alembic_tmp_"


def _leftovers(conn: Connection) -> list[str]:
    return [t for t in inspect(conn).get_table_names() if t.startswith(ALEMBIC_TMP)]


def _run_with_connection(url: str, action: Callable[[Config], None]) -> None:
    """Run ``action`` (an Alembic command) in one transaction.

    On SQLite the driver's own transaction handling is off (fleet.db), so the
    ``BEGIN`` here covers the DDL too. Foreign keys are switched off for the
    time of the upgrade, as batch migrations recreate tables that others
    reference, and checked before the commit. Copies left by an upgrade of an
    earlier version that was killed are dropped first."""
    engine = get_engine(url)
    cfg = alembic_config(url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or ignored
        try:
            with conn.begin():
                if sqlite:
                    for table in _leftovers(conn):
                        conn.exec_driver_sql(f'DROP TABLE "{table}"')
                cfg.attributes["connection"] = conn
                action(cfg)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaError(
                        "la mise à jour casserait des références entre tables : annulée, "
                        "la base est inchangée"
                    )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def pending_differences(url: str) -> list[object]:
    """What autogenerate would change: empty when the models match the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from .access_sql import LOCKED_TABLES
    from .frame_cache import REVISION_TABLE
    from .models import Base

    def modelled(name: str | None, kind: str, _parents: object) -> bool:
        # The locked key table exists only on PostgreSQL and has no model on purpose:
        # the application never reads it (fleet.access_sql); the revision table only
        # on SQLite, written by its triggers alone (fleet.frame_cache).
        return not (kind == "table" and name in (*LOCKED_TABLES, REVISION_TABLE))

    with get_engine(url).connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": modelled}
        )
        return list(compare_metadata(ctx, Base.metadata))


def require_current(url: str) -> None:
    """Refuse to work on a database whose schema is not the one this code expects.

    A SQLite file that does not exist is refused before any connection: opening it
    would create an empty file under a mistyped ``--db`` path."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise SchemaError(f"la base {path} n'existe pas : lancez « ecoparc init »")
    st = state(url)
    if st.current is None:
        raise SchemaError("la base de données n'est pas initialisée : lancez « ecoparc init »")
    if not st.up_to_date:
        raise SchemaError(
            f"le schéma de la base ({st.current}) n'est pas à jour ({st.head}) : "
            "lancez « ecoparc db upgrade »"
        )


def check(url: str) -> list[str]:
    """What is wrong with the database, each as a French sentence saying what to do;
    empty when it is sound and at the expected schema (``ecoparc db check``)."""
    path = sqlite_path(url)
    restore = "restaurez la dernière sauvegarde"
    if path is not None:
        saved = backups(url)
        if saved:
            restore += f" ({saved[0].name})"
        if not path.exists():
            return [f"la base {path} n'existe pas : lancez « ecoparc init »"]
        damage = _sqlite_damage(path)
        if damage:
            return [f"{damage} : {restore}"]
    from alembic.script import ScriptDirectory

    engine = get_engine(url)
    problems: list[str] = []
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        leftovers = _leftovers(conn)
    current = current_revision(engine)
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()}
    head = head_revision()
    if leftovers:
        problems.append(
            f"mise à jour du schéma interrompue (tables {', '.join(leftovers)}) : lancez "
            "« ecoparc db upgrade », qui les retire et reprend la mise à jour"
        )
    if current is None:
        if tables:
            problems.append(f"tables sans version de schéma : {restore}")
        else:
            problems.append("base vide : lancez « ecoparc init »")
        return problems
    if current not in known:
        problems.append(
            f"schéma {current} inconnu de cette version d'ecoparc (base mise à jour par une "
            "version plus récente) : installez la version d'ecoparc la plus récente"
        )
        return problems
    if current != head:
        problems.append(f"schéma {current} au lieu de {head} : lancez « ecoparc db upgrade »")
        return problems
    diffs = pending_differences(url)
    if diffs:
        problems.append(
            f"la base diffère du schéma {head} ({len(diffs)} écart(s), par exemple "
            f"{_difference(diffs[0])}) : {restore}"
        )
    if path is not None:
        problems += _key_problems(engine)
    return problems


def _key_problems(engine: Engine) -> list[str]:
    """A SQLite database whose pseudonymisation key was moved, lost or swapped
    (docs/administration.md, « Clé de pseudonymisation »)."""
    from .access_keys import PseudonymKeyError, sqlite_key

    try:
        with engine.connect() as conn:
            sqlite_key(conn)
    except PseudonymKeyError as exc:
        return [str(exc)]
    return []


def _sqlite_damage(path: Path) -> str | None:
    """A damaged or foreign SQLite file, read-only: what is wrong, or None."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"impossible d'ouvrir {path} ({exc})"
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            return f"{path} est endommagée ({result[0][0]})"
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            return (
                f"{path} a {len(broken)} référence(s) cassée(s) entre tables (table {broken[0][0]})"
            )
    except sqlite3.DatabaseError as exc:
        return f"{path} n'est pas une base SQLite lisible ({exc})"
    finally:
        conn.close()
    return None


def _difference(diff: object) -> str:
    """An Alembic autogenerate difference in a few words (operation and object name)."""
    if isinstance(diff, tuple) and diff:
        names = [getattr(x, "name", None) for x in diff[1:] if getattr(x, "name", None)]
        return f"{diff[0]} {' '.join(str(n) for n in names)}".strip()
    if isinstance(diff, list) and diff:
        return _difference(diff[0])
    return str(diff)[:80]
