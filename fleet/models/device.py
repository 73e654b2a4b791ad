"""The inventory: one row per physical asset or lot, and its audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..identity import keys_of
from .base import Base, Timestamped, utcnow


class Device(Timestamped, Base):
    """One physical asset, or a lot of ``quantity`` identical ones.

    Its identity (docs/import.md, « Identité d'un appareil ») is the manufacturer
    and folded serial whatever the entity (``maker_key`` + ``serial_key``), else
    the folded asset tag within the entity (``tag_key``), else the name within
    the entity; unique indexes hold the first two, the importer all three.
    ``user_key`` is a keyed pseudonym of the user unless the operator opted in
    to keep names in clear (RGPD).
    """

    __tablename__ = "device"
    __table_args__ = (
        Index("ix_device_entity_serial", "entity_id", "serial"),
        Index("ix_device_entity_asset_tag", "entity_id", "asset_tag"),
        Index("ix_device_entity_name", "entity_id", "name"),
        Index("uq_device_serial_identity", "maker_key", "serial_key", unique=True),
        Index("uq_device_entity_tag", "entity_id", "tag_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str | None] = mapped_column(String(200))
    asset_tag: Mapped[str | None] = mapped_column(String(100))
    serial: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40), index=True)
    manufacturer: Mapped[str | None] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(200))
    purchase_date: Mapped[date | None] = mapped_column(Date)
    commissioning_date: Mapped[date | None] = mapped_column(Date)
    retirement_date: Mapped[date | None] = mapped_column(Date)
    acquisition: Mapped[str] = mapped_column(String(20), default="new")
    price_eur: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="in_service", index=True)
    condition: Mapped[str | None] = mapped_column(String(40))
    department: Mapped[str | None] = mapped_column(String(200))
    user_key: Mapped[str | None] = mapped_column(String(200))
    cpu: Mapped[str | None] = mapped_column(String(200))
    ram_gb: Mapped[float | None] = mapped_column(Float)
    storage_gb: Mapped[float | None] = mapped_column(Float)
    storage_type: Mapped[str | None] = mapped_column(String(20))
    screen_inches: Mapped[float | None] = mapped_column(Float)
    os: Mapped[str | None] = mapped_column(String(100))
    tpm: Mapped[str | None] = mapped_column(String(20))
    annual_kwh: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    eco_label: Mapped[str | None] = mapped_column(String(100))
    first_life_years: Mapped[float | None] = mapped_column(Float)
    classified: Mapped[bool] = mapped_column(Boolean, default=False)
    reuse_flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    #: Identity keys (fleet.identity), kept in step with serial, manufacturer, asset tag.
    serial_key: Mapped[str | None] = mapped_column(String(120))
    maker_key: Mapped[str] = mapped_column(String(120), default="", server_default="")
    tag_key: Mapped[str | None] = mapped_column(String(120))
    #: Hash of the source row this device was last imported from, and the device's
    #: ``updated_at`` then: an unchanged row of an untouched device is not compared
    #: again (docs/import.md, « Réimport incrémental »).
    import_row_hash: Mapped[str | None] = mapped_column(String(32))
    import_row_at: Mapped[datetime | None] = mapped_column(DateTime)


@event.listens_for(Device, "before_insert")
@event.listens_for(Device, "before_update")
def _refresh_keys(_mapper: object, _connection: object, device: Device) -> None:
    """Devices written through the ORM (hand edits, lot splits, the TUI) keep their
    identity keys in step with their serial, asset tag and manufacturer; the
    importer's bulk statements compute them with :func:`fleet.identity.keys_of`."""
    values = {"serial": device.serial, "asset_tag": device.asset_tag}
    values["manufacturer"] = device.manufacturer
    for column, value in keys_of(values).items():
        if getattr(device, column) != value:
            setattr(device, column, value)


#: ``DeviceEvent.kind`` of a recorded upgrade (fleet.upgrades writes them, the REEN
#: report reads them: here, so that reading them does not load the editing rules).
UPGRADE_KIND: Final[str] = "upgrade"


class DeviceEvent(Base):
    """Audit trail: every create, update, status change, transfer and disposal."""

    __tablename__ = "device_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    note: Mapped[str | None] = mapped_column(Text)
