"""entity_creation_policy: a login may read back the entity it creates (PostgreSQL)

The ``entity`` table's SELECT policy let a login see the entities of its readable
set only, a set computed from the rows the statement began with. PostgreSQL checks
the row an ``INSERT … RETURNING`` returns against that policy, so every creation by
a person's login failed (``ecoparc entity add``, ``import --create-entities``), a
métropole administrator's included. The policy now also admits a row whose parent
is readable and every row for those who see everything: the same rows as before
for the stored ones, and the new one (fleet.access_sql, docs/administration.md).

SQLite has no policies: nothing to do there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

from alembic import op

from fleet import access_sql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        access_sql.install(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY ecoparc_select ON entity")
    op.execute(
        "CREATE POLICY ecoparc_select ON entity FOR SELECT "
        "USING (id = ANY ((SELECT ecoparc_readable(current_user))::integer[]))"
    )
