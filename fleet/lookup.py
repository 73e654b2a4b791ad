"""Finding a named row the way people type names: exact first, then without case.

Entities and partners are both named by users on the command line and in the
TUI, and both must be found the same way, so the rule lives here once.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Entity, Partner

#: The tables whose rows users name.
NamedT = TypeVar("NamedT", Entity, Partner)


def find_by_name(session: Session, model: type[NamedT], name: str) -> NamedT | None:
    """The row of ``model`` called ``name``: exact name first, then case-insensitive."""
    row = session.scalar(select(model).where(model.name == name))
    if row is None:
        row = session.scalar(select(model).where(func.lower(model.name) == name.lower()))
    return row


def known_names(session: Session, model: type[Entity | Partner]) -> str:
    """Every name of ``model`` in order, comma-separated, for an "unknown name" message."""
    return ", ".join(session.scalars(select(model.name).order_by(model.name)))
