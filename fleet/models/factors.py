"""User-imported factor sets, stored so every user of a shared database sees them.

The built-in set ships as package data in ``factors``; these tables mirror the
three CSV files of a factor set (docs/architecture.md §5), plus the owning set.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class FactorSetRecord(Base):
    __tablename__ = "factor_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[str] = mapped_column(String(50), default="1")
    description: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(String(500))
    electricity_default_year: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FactorReferenceRow(Base):
    __tablename__ = "factor_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("factor_set.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    manufacturer: Mapped[str] = mapped_column(String(100), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    lifespan_years: Mapped[float] = mapped_column(Float)
    annual_kwh: Mapped[float] = mapped_column(Float)
    annual_kwh_low: Mapped[float | None] = mapped_column(Float)
    annual_kwh_high: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    refurbished_ratio: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)


class FactorImpactRow(Base):
    __tablename__ = "factor_impact"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("factor_set.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(200))
    criterion: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)


class FactorElectricityRow(Base):
    __tablename__ = "factor_electricity"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("factor_set.id", ondelete="CASCADE"), index=True)
    zone: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(Text)
