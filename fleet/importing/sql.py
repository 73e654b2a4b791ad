"""SQL fragments shared by the import's reads of the device table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session


def member(session: Session, column: str, name: str, values: Sequence[Any]) -> tuple[str, Any]:
    """SQL testing that ``column`` is one of ``values``, as one parameter ``name``
    whatever their number (a JSON array on SQLite, an array on PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(:{name}))", json.dumps(list(values))
    return f"{column} = ANY(:{name})", list(values)
