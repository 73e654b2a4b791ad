"""factor_set.electricity_default_year

The default electricity year of an imported factor set gets its own column
(it was kept inside ``origin`` by early builds; none were released).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 09:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("factor_set", schema=None) as batch_op:
        batch_op.add_column(sa.Column("electricity_default_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("factor_set", schema=None) as batch_op:
        batch_op.drop_column("electricity_default_year")
