"""inventory and imports

Revision ID: 0001
Revises:
Create Date: 2026-11-28 09:16:48.036088
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("insee", sa.String(length=10), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("agents", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["entity.id"], name=op.f("fk_entity_parent_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
        sa.UniqueConstraint("name", name=op.f("uq_entity_name")),
    )
    op.create_table(
        "mapping_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mapping_profile")),
        sa.UniqueConstraint("name", name=op.f("uq_mapping_profile_name")),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=200), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("mapping", sa.JSON(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_import_batch_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_sha256"), ["sha256"], unique=False)

    op.create_table(
        "model_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("model_text", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_model_alias_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_alias")),
        sa.UniqueConstraint(
            "entity_id", "model_text", name=op.f("uq_model_alias_entity_id_model_text")
        ),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_server_room", sa.Boolean(), nullable=False),
        sa.Column("pue", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_site_entity_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("asset_tag", sa.String(length=100), nullable=True),
        sa.Column("serial", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("manufacturer", sa.String(length=100), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("purchase_date", sa.Date(), nullable=True),
        sa.Column("commissioning_date", sa.Date(), nullable=True),
        sa.Column("retirement_date", sa.Date(), nullable=True),
        sa.Column("acquisition", sa.String(length=20), nullable=False),
        sa.Column("price_eur", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("condition", sa.String(length=40), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("user_key", sa.String(length=200), nullable=True),
        sa.Column("cpu", sa.String(length=200), nullable=True),
        sa.Column("ram_gb", sa.Float(), nullable=True),
        sa.Column("storage_gb", sa.Float(), nullable=True),
        sa.Column("storage_type", sa.String(length=20), nullable=True),
        sa.Column("screen_inches", sa.Float(), nullable=True),
        sa.Column("os", sa.String(length=100), nullable=True),
        sa.Column("tpm", sa.String(length=20), nullable=True),
        sa.Column("annual_kwh", sa.Float(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("eco_label", sa.String(length=100), nullable=True),
        sa.Column("first_life_years", sa.Float(), nullable=True),
        sa.Column("classified", sa.Boolean(), nullable=False),
        sa.Column("reuse_flagged", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_device_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_device_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_device_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_category"), ["category"], unique=False)
        batch_op.create_index(
            "ix_device_entity_asset_tag", ["entity_id", "asset_tag"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_device_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index("ix_device_entity_name", ["entity_id", "name"], unique=False)
        batch_op.create_index("ix_device_entity_serial", ["entity_id", "serial"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_status"), ["status"], unique=False)

    op.create_table(
        "import_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column", sa.String(length=200), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_import_issue_batch_id_import_batch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_issue")),
    )
    with op.batch_alter_table("import_issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_issue_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "device_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_device_event_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_device_event_device_id_device")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_event")),
    )
    with op.batch_alter_table("device_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_event_device_id"), ["device_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("device_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_event_device_id"))

    op.drop_table("device_event")
    with op.batch_alter_table("import_issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_issue_batch_id"))

    op.drop_table("import_issue")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_status"))
        batch_op.drop_index(batch_op.f("ix_device_site_id"))
        batch_op.drop_index("ix_device_entity_serial")
        batch_op.drop_index("ix_device_entity_name")
        batch_op.drop_index(batch_op.f("ix_device_entity_id"))
        batch_op.drop_index("ix_device_entity_asset_tag")
        batch_op.drop_index(batch_op.f("ix_device_category"))
        batch_op.drop_index(batch_op.f("ix_device_batch_id"))

    op.drop_table("device")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_entity_id"))

    op.drop_table("site")
    op.drop_table("model_alias")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_sha256"))

    op.drop_table("import_batch")
    op.drop_table("mapping_profile")
    op.drop_table("entity")
