"""bulk_load: a first import by a login writes without the device indexes and keys (PostgreSQL)

Adds the owner's functions ``ecoparc_bulk_load_begin`` and ``ecoparc_bulk_load_end``
and their record table ``bulk_load`` (readable by the owner only, with a deferred
trigger that refuses a commit while indexes and keys are suspended): a login that
may write devices has the secondary indexes and foreign keys of ``device`` and
``device_event`` dropped before its first import's rows and built again after them,
in its own transaction, as the owner's first import always had; the rows still go
in under the login's row-level security (fleet.bulk_load, docs/performance.md).

SQLite has no logins: nothing to do there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 11:00:00
"""

from __future__ import annotations

from alembic import op

from fleet import bulk_load

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bulk_load.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bulk_load.uninstall(bind)
