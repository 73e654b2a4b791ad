"""access: grants, row-level security, the actor from the login, the pseudonym key out of reach

Adds ``access_grant`` (login → entity, level) and ``scenario.entity_id`` (a
scenario saved for one entity). On PostgreSQL, creates the group roles, the
privileges, the row-level security policies and the actor trigger
(fleet.access_sql), and moves the pseudonymisation key from ``app_setting``
into ``pseudonym_key``, which no login can read (HMAC pads only: the same key,
so the same pseudonyms). On SQLite, the key moves to a 0600 file outside the
database and only its fingerprint stays (fleet.access_keys). See
docs/administration.md.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from fleet import access_keys, access_sql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("granted_by", sa.String(length=63), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "level IN ('read', 'edit', 'admin')", name=op.f("ck_access_grant_level")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_access_grant_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grant")),
        sa.UniqueConstraint("login", "entity_id", name=op.f("uq_access_grant_login_entity_id")),
    )
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_grant_login"), ["login"], unique=False)
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entity_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_scenario_entity_id_entity"), "entity", ["entity_id"], ["id"]
        )
    bind = op.get_bind()
    key = bind.scalar(
        sa.text("SELECT value FROM app_setting WHERE name = :n"),
        {"n": access_keys.LEGACY_SETTING},
    )
    if bind.dialect.name != "postgresql":
        if key is not None:
            access_keys.store_sqlite_key(bind, key.encode())
        return
    op.create_table(
        "pseudonym_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inner_pad", sa.LargeBinary(), nullable=False),
        sa.Column("outer_pad", sa.LargeBinary(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
    )
    secret = key.encode() if key is not None else access_keys.new_key()
    inner, outer = access_keys.hmac_pads(secret)
    bind.execute(
        sa.text("INSERT INTO pseudonym_key VALUES (1, :i, :o, :k)"),
        {"i": inner, "o": outer, "k": secret.decode()},
    )
    bind.execute(
        sa.text("DELETE FROM app_setting WHERE name = :n"), {"n": access_keys.LEGACY_SETTING}
    )
    access_sql.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        access_sql.uninstall(bind)
        key = bind.scalar(sa.text("SELECT key FROM pseudonym_key"))
        op.drop_table("pseudonym_key")
    else:
        key = _sqlite_key(bind)
    bind.execute(
        sa.text("DELETE FROM app_setting WHERE name IN (:f, :l)"),
        {"f": access_keys.FINGERPRINT_SETTING, "l": access_keys.LEGACY_SETTING},
    )
    if key is not None:
        bind.execute(
            sa.text("INSERT INTO app_setting (name, value) VALUES (:n, :v)"),
            {"n": access_keys.LEGACY_SETTING, "v": key},
        )
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_scenario_entity_id_entity"), type_="foreignkey")
        batch_op.drop_column("entity_id")
    with op.batch_alter_table("access_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_grant_login"))
    op.drop_table("access_grant")


def _sqlite_key(bind: sa.Connection) -> str | None:
    """The key earlier versions kept in the database, read back from its file."""
    try:
        key, new = access_keys.sqlite_key(bind)
    except access_keys.PseudonymKeyError:
        return None
    return None if new else key.decode()
