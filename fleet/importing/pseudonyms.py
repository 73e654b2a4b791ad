"""Keyed pseudonyms for the user names and logins of imported files (RGPD).

A user becomes ``u-`` + the first 16 hex digits of HMAC-SHA256(key, name), the
name being case- and space-folded, so the same person gets the same pseudonym
in every file and per-user counts still work, while the name cannot be read
back without the key. The key is a random secret created on first use and kept
in the ``app_setting`` table, shared by every operator of a shared database;
``ECOPARC_PSEUDONYM_KEY_FILE`` points to a file holding it instead, for sites
that keep the key away from the data.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from factors.outputs import atomic_path

from ..models import AppSetting

KEY_SETTING = "pseudonym_key"
KEY_FILE_ENV = "ECOPARC_PSEUDONYM_KEY_FILE"


@dataclass
class KeyState:
    """The key of this run; ``unsaved`` until the first committed batch stores it."""

    key: bytes
    unsaved: bool


def pseudonym_key(session: Session) -> KeyState:
    """The installation's secret key, or a new one to store with the first committed batch.

    Nothing is written here, so a dry run or a rejected import leaves the
    database as it was.
    """
    key_file = os.environ.get(KEY_FILE_ENV)
    if key_file:
        path = Path(key_file)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole and private from the start: a half-written key would change
            # every pseudonym, a readable one would undo them.
            with atomic_path(path) as temporary:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(handle, "w", encoding="ascii") as out:
                    out.write(secrets.token_hex(32))
        return KeyState(path.read_text(encoding="ascii").strip().encode(), unsaved=False)
    value = session.scalar(select(AppSetting.value).where(AppSetting.name == KEY_SETTING))
    if value is None:
        return KeyState(secrets.token_hex(32).encode(), unsaved=True)
    return KeyState(value.encode(), unsaved=False)


def save_key(session: Session, state: KeyState) -> None:
    if state.unsaved:
        session.add(AppSetting(name=KEY_SETTING, value=state.key.decode()))
        session.flush()
        state.unsaved = False


def fold_user(name: str) -> str:
    """``Jean  DUPONT`` and ``jean dupont`` are the same person."""
    return " ".join(name.casefold().split())


def pseudonymiser(key: bytes) -> Callable[[str], str]:
    def pseudonym(name: str) -> str:
        digest = hmac.new(key, fold_user(name).encode(), hashlib.sha256).hexdigest()
        return f"u-{digest[:16]}"

    return pseudonym
