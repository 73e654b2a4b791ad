"""Organisations (the métropole, communes, their sub-bodies) and their sites."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..fields import DEFAULT_PUE as DEFAULT_PUE  # re-exported (fleet.models)
from .base import Base, Timestamped


class Entity(Timestamped, Base):
    """A body whose fleet is managed: métropole, commune, CCAS, syndicat…

    ``agents`` feeds the per-agent indicators; ``siret`` the AGEC declaration.
    """

    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="commune")
    insee: Mapped[str | None] = mapped_column(String(10))
    siret: Mapped[str | None] = mapped_column(String(14))
    agents: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"))


class Site(Timestamped, Base):
    """A building or server room of an entity; a server room carries its PUE."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    is_server_room: Mapped[bool] = mapped_column(Boolean, default=False)
    pue: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
