"""Who may see and change which entity's data on a shared PostgreSQL database.

A grant gives a database login one level on one entity and its establishments
(``entity_id``), or on every entity when ``entity_id`` is NULL: ``read`` there is
the auditor, ``admin`` the métropole administrator. The database enforces them
(fleet.access_sql, docs/administration.md); on SQLite the table stays empty.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AccessGrant(Base):
    __tablename__ = "access_grant"
    __table_args__ = (
        UniqueConstraint("login", "entity_id"),
        CheckConstraint("level IN ('read', 'edit', 'admin')", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(63), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(10))
    granted_by: Mapped[str | None] = mapped_column(String(63))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
