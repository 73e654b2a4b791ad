"""The reuse channel: partners, device requests between entities, and exits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped, utcnow


class Partner(Timestamped, Base):
    """A reuse or recycling actor: association, refurbisher, eco-organism,
    another public body, or the internal channel."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    categories: Mapped[str | None] = mapped_column(Text)  # '|'-separated category codes
    territory: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(300))
    installs_linux: Mapped[bool] = mapped_column(Boolean, default=False)
    pickup_threshold_kg: Mapped[float | None] = mapped_column(Float)


class Need(Timestamped, Base):
    """A request for devices by an entity (inter-commune redeployment)."""

    __tablename__ = "need"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    min_ram_gb: Mapped[float | None] = mapped_column(Float)
    min_storage_gb: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")


class Disposal(Timestamped, Base):
    """The exit of a device (or of units of a lot) through a channel."""

    __tablename__ = "disposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    channel: Mapped[str] = mapped_column(String(30))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id"))
    to_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    #: The entity the device leaves, and the day it left service there: an internal
    #: redeployment moves the device and clears its retirement date, and the
    #: décret 2023-266 rate still needs both for the giver's stock on 1 January.
    from_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    retired_on: Mapped[date | None] = mapped_column(Date)
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    disposed_on: Mapped[date | None] = mapped_column(Date)
    value_eur: Mapped[float | None] = mapped_column(Float)
    erasure_method: Mapped[str | None] = mapped_column(String(100))
    erasure_certificate: Mapped[str | None] = mapped_column(String(200))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    proof_reference: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
