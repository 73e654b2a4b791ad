"""device.import_row_hash, device.import_row_at

The hash of the source row a device was last imported from, and the device's
``updated_at`` at that moment: a re-import skips the comparison of a row whose
hash is unchanged while the device has not been touched since (docs/import.md,
« Réimport incrémental »). Empty for every existing device: the next import of
each file fills them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_row_hash", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("import_row_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("import_row_at")
        batch_op.drop_column("import_row_hash")
