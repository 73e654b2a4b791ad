"""Keyed pseudonyms for the user names and logins of imported files (RGPD).

A user becomes ``u-`` + the first 16 hex digits of HMAC-SHA256(key, name), the
name being case- and space-folded, so the same person gets the same pseudonym
in every file and per-user counts still work, while the name cannot be read
back without the key. The key is a random secret created on first use and kept
away from the data (fleet.access_keys, docs/administration.md): on PostgreSQL
in a table no login can read, the database computing the pseudonyms; on SQLite
in an owner-only file outside the database, whose fingerprint the database keeps.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..access_keys import sqlite_key, store_sqlite_key

#: Distinct names in, their pseudonyms out (in the same order).
Pseudonymiser = Callable[[Sequence[str]], list[str]]


@dataclass
class KeyState:
    """The key of this run (None: PostgreSQL keeps it and computes the pseudonyms);
    ``unsaved`` until the first committed batch stores it."""

    key: bytes | None
    unsaved: bool


def pseudonym_key(session: Session) -> KeyState:
    """The installation's secret key, or a new one to store with the first committed batch.

    Nothing is written here, so a dry run or a rejected import leaves the
    database (and the key folder) as it was.
    """
    if session.get_bind().dialect.name == "postgresql":
        return KeyState(None, unsaved=False)
    key, new = sqlite_key(session.connection())
    return KeyState(key, unsaved=new)


def save_key(session: Session, state: KeyState) -> None:
    if state.unsaved and state.key is not None:
        store_sqlite_key(session.connection(), state.key)
        state.unsaved = False


def fold_user(name: str) -> str:
    """``Jean  DUPONT`` and ``jean dupont`` are the same person."""
    return " ".join(name.casefold().split())


def pseudonymiser(session: Session, state: KeyState) -> Pseudonymiser:
    """The function giving pseudonyms with this installation's key."""
    if state.key is None:

        def in_database(names: Sequence[str]) -> list[str]:
            folded = [fold_user(n) for n in names]
            found = session.scalar(
                text("SELECT ecoparc_pseudonyms(CAST(:names AS text[]))"), {"names": folded}
            )
            return list(found or [])

        return in_database
    key = state.key

    def here(names: Sequence[str]) -> list[str]:
        return [
            "u-" + hmac.new(key, fold_user(n).encode(), hashlib.sha256).hexdigest()[:16]
            for n in names
        ]

    return here
