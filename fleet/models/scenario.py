"""Saved procurement scenarios (their parameters as JSON)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped


class Scenario(Timestamped, Base):
    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, object]] = mapped_column(JSON)
    #: The entity that saved it (its logins only see it), or None for every entity.
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))
