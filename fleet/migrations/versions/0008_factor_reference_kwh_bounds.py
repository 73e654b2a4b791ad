"""factor_reference.annual_kwh_low / annual_kwh_high

The default annual kWh of a reference gets its bounds, from the sources that
publish another value (docs/factors.md, section 1): the Monte Carlo draws the use
phase between them. Both are optional; existing sets have none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("factor_reference", schema=None) as batch_op:
        batch_op.add_column(sa.Column("annual_kwh_low", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("annual_kwh_high", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("factor_reference", schema=None) as batch_op:
        batch_op.drop_column("annual_kwh_high")
        batch_op.drop_column("annual_kwh_low")
