"""fleet_revision: the revision of the fleet frame, bumped by a trigger on every write

One row (revision, stamp) that a trigger on each insert, update and delete of
``device``, ``entity`` and ``site`` — the tables the fleet frame is made of —
moves on: revision + 1 and a new random stamp. The copy of the fleet frame kept
beside a SQLite database (:mod:`fleet.frame_cache`) is keyed on it, so a write
through ecoparc, raw SQL or another program makes it unusable at once
(docs/performance.md, « Copie en colonnes du parc »).

SQLite only: on PostgreSQL each login reads its own rows (row-level security)
through ``COPY``, with no copy to key, and a shared revision row would make the
communes' concurrent writes wait for each other.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from alembic import op

from fleet.frame_cache import FEEDING_TABLES, REVISION_TABLE

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BUMP = f"UPDATE {REVISION_TABLE} SET revision = revision + 1, stamp = randomblob(16)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE TABLE {REVISION_TABLE} ("
        "id INTEGER PRIMARY KEY CHECK (id = 1), "
        "revision INTEGER NOT NULL, stamp BLOB NOT NULL)"
    )
    op.execute(f"INSERT INTO {REVISION_TABLE} VALUES (1, 0, randomblob(16))")
    for table in FEEDING_TABLES:
        for write in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER {REVISION_TABLE}_{table}_{write} AFTER {write.upper()} "
                f"ON {table} BEGIN {_BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in FEEDING_TABLES:
        for write in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {REVISION_TABLE}_{table}_{write}")
    op.execute(f"DROP TABLE {REVISION_TABLE}")
