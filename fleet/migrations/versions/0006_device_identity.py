"""device identity: one device per manufacturer + serial, one per asset tag in an entity

Adds ``device.serial_key``, ``maker_key`` and ``tag_key`` (fleet.identity), fills
them, merges the duplicates earlier versions could create (the same serial in
two entities after a transfer and a re-import; two imports run at once), then
makes both keys unique. A merge keeps the oldest device, moves the other's
history (events, disposals) onto it, fills its empty fields from the other,
and writes a ``merge`` event naming what was merged (docs/import.md,
« Identité d'un appareil »). Two devices that share an asset tag but carry
different serials are different devices: the later one's tag gets a ``/<n°>``
suffix, as a lot split does, and an event says so.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:10:00
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from fleet.identity import identity_key, maker_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_meta = sa.MetaData()
device = sa.Table(
    "device",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.Integer),
    sa.Column("serial", sa.String),
    sa.Column("asset_tag", sa.String),
    sa.Column("manufacturer", sa.String),
    sa.Column("serial_key", sa.String),
    sa.Column("maker_key", sa.String),
    sa.Column("tag_key", sa.String),
)
event = sa.Table(
    "device_event",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("device_id", sa.Integer),
    sa.Column("at", sa.DateTime),
    sa.Column("actor", sa.String),
    sa.Column("kind", sa.String),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("note", sa.Text),
)
disposal = sa.Table(
    "disposal",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("device_id", sa.Integer),
)

#: Columns a merge may fill on the kept device when it has no value.
_FILLED = (
    "name", "asset_tag", "serial", "manufacturer", "model", "purchase_date",
    "commissioning_date", "price_eur", "department", "cpu", "ram_gb", "storage_gb",
    "storage_type", "screen_inches", "os", "tpm", "weight_kg", "notes",
)  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serial_key", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("maker_key", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("tag_key", sa.String(length=120), nullable=True))
    bind = op.get_bind()
    _fill_keys(bind)
    merged = _merge_serial_duplicates(bind)
    merged += _resolve_tag_duplicates(bind)
    if merged:
        log.warning("ecoparc : %d appareil(s) en double fusionné(s) (événements « merge »)", merged)
    op.create_index("uq_device_serial_identity", "device", ["maker_key", "serial_key"], unique=True)
    op.create_index("uq_device_entity_tag", "device", ["entity_id", "tag_key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_device_entity_tag", table_name="device")
    op.drop_index("uq_device_serial_identity", table_name="device")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("tag_key")
        batch_op.drop_column("maker_key")
        batch_op.drop_column("serial_key")


def _fill_keys(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.select(device.c.id, device.c.serial, device.c.manufacturer, device.c.asset_tag)
    ).all()
    params = [
        {
            "key_id": row.id,
            "s": identity_key(row.serial),
            "m": maker_key(row.manufacturer),
            "t": identity_key(row.asset_tag),
        }
        for row in rows
    ]
    if params:
        bind.execute(
            device.update()
            .where(device.c.id == sa.bindparam("key_id"))
            .values(
                serial_key=sa.bindparam("s"), maker_key=sa.bindparam("m"), tag_key=sa.bindparam("t")
            ),
            params,
        )


def _full_rows(bind: sa.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    table = sa.Table("device", sa.MetaData(), autoload_with=bind)
    rows = bind.execute(sa.select(table).where(table.c.id.in_(ids))).mappings().all()
    return {int(r["id"]): dict(r) for r in rows}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        out[key] = value
    return out


def _merge(bind: sa.Connection, keep: int, others: list[int], why: str) -> int:
    """Fold ``others`` into ``keep``: their events and disposals move over, empty
    fields of ``keep`` are filled from them, and a ``merge`` event records each."""
    rows = _full_rows(bind, [keep, *others])
    kept = rows[keep]
    table = sa.Table("device", sa.MetaData(), autoload_with=bind)
    now = datetime.now(UTC).replace(tzinfo=None)
    for other in others:
        gone = rows[other]
        filled = {c: gone[c] for c in _FILLED if kept.get(c) is None and gone.get(c) is not None}
        if "serial" in filled or "asset_tag" in filled:
            # The identity of the merged device now belongs to the kept one.
            filled.pop("serial", None)
            filled.pop("asset_tag", None)
        bind.execute(event.update().where(event.c.device_id == other).values(device_id=keep))
        bind.execute(disposal.update().where(disposal.c.device_id == other).values(device_id=keep))
        bind.execute(table.delete().where(table.c.id == other))
        if filled:
            bind.execute(table.update().where(table.c.id == keep).values(**filled))
            kept.update(filled)
        bind.execute(
            event.insert().values(
                device_id=keep,
                at=now,
                actor="ecoparc db upgrade",
                kind="merge",
                before=_jsonable({k: v for k, v in gone.items() if v is not None}),
                after=_jsonable(filled) or None,
                note=f"doublon fusionné : appareil n° {other} ({why})",
            )
        )
    return len(others)


def _merge_serial_duplicates(bind: sa.Connection) -> int:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in bind.execute(
        sa.select(device.c.id, device.c.maker_key, device.c.serial_key)
        .where(device.c.serial_key.is_not(None))
        .order_by(device.c.id)
    ):
        groups[(row.maker_key, row.serial_key)].append(int(row.id))
    merged = 0
    for (_maker, serial), ids in groups.items():
        if len(ids) > 1:
            merged += _merge(bind, ids[0], ids[1:], f"même numéro de série {serial}")
    return merged


def _resolve_tag_duplicates(bind: sa.Connection) -> int:
    groups: dict[tuple[int, str], list[tuple[int, str | None]]] = defaultdict(list)
    for row in bind.execute(
        sa.select(device.c.id, device.c.entity_id, device.c.tag_key, device.c.serial_key)
        .where(device.c.tag_key.is_not(None))
        .order_by(device.c.id)
    ):
        groups[(int(row.entity_id), row.tag_key)].append((int(row.id), row.serial_key))
    merged = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for (_entity, tag), members in groups.items():
        if len(members) < 2:
            continue
        serials = {s for _, s in members if s is not None}
        if len(serials) <= 1:
            ids = [i for i, _ in members]
            merged += _merge(bind, ids[0], ids[1:], f"même numéro d'inventaire {tag}")
            continue
        for device_id, _ in members[1:]:
            old = bind.scalar(sa.select(device.c.asset_tag).where(device.c.id == device_id))
            new = f"{old}/{device_id}"
            bind.execute(
                device.update()
                .where(device.c.id == device_id)
                .values(asset_tag=new, tag_key=identity_key(new))
            )
            bind.execute(
                event.insert().values(
                    device_id=device_id,
                    at=now,
                    actor="ecoparc db upgrade",
                    kind="update",
                    before={"asset_tag": old},
                    after={"asset_tag": new},
                    note="numéro d'inventaire porté par un autre appareil de l'entité",
                )
            )
    return merged
