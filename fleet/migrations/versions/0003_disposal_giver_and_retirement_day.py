"""disposal giver and retirement day

An internal redeployment moves the device to the receiving entity and clears its
retirement date; the disposal keeps the giving entity and the day the device left
service there, which the décret 2023-266 rate needs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:23:11.363223
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("disposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_entity_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_disposal_from_entity_id_entity"), "entity", ["from_entity_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("disposal", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_disposal_from_entity_id_entity"), type_="foreignkey"
        )
        batch_op.drop_column("retired_on")
        batch_op.drop_column("from_entity_id")
