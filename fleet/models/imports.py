"""Traces of every import: the batch, its rejected rows, saved column mappings
and the model-text aliases that pin a device model to a factor reference."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ImportBatch(Base):
    """One import of one file (or one sheet of it)."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    mapping: Mapped[dict[str, object] | None] = mapped_column(JSON)
    options: Mapped[dict[str, object] | None] = mapped_column(JSON)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="committed")


class ImportIssue(Base):
    """A rejected row or cell, with the reason given to the user."""

    __tablename__ = "import_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class MappingProfile(Base):
    """A saved column mapping, e.g. « Export GLPI de la ville de Grenoble »."""

    __tablename__ = "mapping_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    mapping: Mapped[dict[str, object]] = mapped_column(JSON)
    options: Mapped[dict[str, object] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ModelAlias(Base):
    """Free-text model → factor reference, for one entity or for all (entity NULL)."""

    __tablename__ = "model_alias"
    __table_args__ = (UniqueConstraint("entity_id", "model_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
    model_text: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
