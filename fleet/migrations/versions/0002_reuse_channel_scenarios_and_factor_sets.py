"""reuse channel, scenarios and factor sets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:16:48.112825
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "factor_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=500), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_set")),
        sa.UniqueConstraint("name", name=op.f("uq_factor_set_name")),
    )
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("categories", sa.Text(), nullable=True),
        sa.Column("territory", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=True),
        sa.Column("installs_linux", sa.Boolean(), nullable=False),
        sa.Column("pickup_threshold_kg", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
    )
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario")),
        sa.UniqueConstraint("name", name=op.f("uq_scenario_name")),
    )
    op.create_table(
        "factor_electricity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["factor_set.id"],
            name=op.f("fk_factor_electricity_set_id_factor_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_electricity")),
    )
    with op.batch_alter_table("factor_electricity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factor_electricity_set_id"), ["set_id"], unique=False)

    op.create_table(
        "factor_impact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("criterion", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["factor_set.id"],
            name=op.f("fk_factor_impact_set_id_factor_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_impact")),
    )
    with op.batch_alter_table("factor_impact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factor_impact_set_id"), ["set_id"], unique=False)

    op.create_table(
        "factor_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("manufacturer", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("lifespan_years", sa.Float(), nullable=False),
        sa.Column("annual_kwh", sa.Float(), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("refurbished_ratio", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["factor_set.id"],
            name=op.f("fk_factor_reference_set_id_factor_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_reference")),
    )
    with op.batch_alter_table("factor_reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_factor_reference_set_id"), ["set_id"], unique=False)

    op.create_table(
        "need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("min_ram_gb", sa.Float(), nullable=True),
        sa.Column("min_storage_gb", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_need_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need")),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "disposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("to_entity_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("value_eur", sa.Float(), nullable=True),
        sa.Column("erasure_method", sa.String(length=100), nullable=True),
        sa.Column("erasure_certificate", sa.String(length=200), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("proof_reference", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_disposal_device_id_device")
        ),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"], name=op.f("fk_disposal_need_id_need")),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_disposal_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["to_entity_id"], ["entity.id"], name=op.f("fk_disposal_to_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal")),
    )
    with op.batch_alter_table("disposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disposal_device_id"), ["device_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disposal_device_id"))

    op.drop_table("disposal")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_entity_id"))

    op.drop_table("need")
    with op.batch_alter_table("factor_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factor_reference_set_id"))

    op.drop_table("factor_reference")
    with op.batch_alter_table("factor_impact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factor_impact_set_id"))

    op.drop_table("factor_impact")
    with op.batch_alter_table("factor_electricity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_factor_electricity_set_id"))

    op.drop_table("factor_electricity")
    op.drop_table("scenario")
    op.drop_table("partner")
    op.drop_table("factor_set")
