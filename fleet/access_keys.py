"""Where the pseudonymisation key lives, so that the pseudonyms cannot be reversed
from the data alone (docs/administration.md, « Clé de pseudonymisation »).

On PostgreSQL the key sits in the ``pseudonym_key`` table, which no login can
read; the logins only call ``ecoparc_pseudonyms()`` (fleet.access_sql), which
returns pseudonyms. On SQLite the key is a file of its own, owner-only (0600),
outside the database: by default ``<configuration folder>/ecoparc/cles/<fingerprint>.key``,
or the file ``ECOPARC_PSEUDONYM_KEY_FILE`` names. The database keeps only the
key's fingerprint, so a key that was moved, lost or swapped is noticed before it
gives different pseudonyms to the same people.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from platformdirs import user_config_dir
from sqlalchemy import Connection, text

from factors.outputs import atomic_path
from factors.system_errors import in_words

KEY_FILE_ENV = "ECOPARC_PSEUDONYM_KEY_FILE"
KEY_DIR_ENV = "ECOPARC_PSEUDONYM_KEY_DIR"
#: The ``app_setting`` row holding the key's fingerprint (SQLite).
FINGERPRINT_SETTING = "pseudonym_key_fingerprint"
#: The ``app_setting`` row that held the key itself before schema 0007.
LEGACY_SETTING = "pseudonym_key"
#: HMAC-SHA256's block size: keys are padded (or hashed) to it.
_BLOCK = 64


class PseudonymKeyError(ValueError):
    """The key cannot be used; the message says what happened and what to do."""


def new_key() -> bytes:
    return secrets.token_hex(32).encode()


def fingerprint(key: bytes) -> str:
    """16 hex digits that name a key without revealing it."""
    return hashlib.sha256(b"ecoparc-pseudonym-key\0" + key).hexdigest()[:16]


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA256 (RFC 2104), which is all
    PostgreSQL needs to compute the same pseudonyms as :mod:`hmac` with sha256()."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def key_dir() -> Path:
    configured = os.environ.get(KEY_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_config_dir("ecoparc", appauthor=False)) / "cles"


def key_path(print_: str) -> Path:
    """The file expected to hold the key of fingerprint ``print_``."""
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured).expanduser()
    return key_dir() / f"{print_}.key"


def write_key_file(path: Path, key: bytes) -> None:
    """Written whole and private from the start: a half-written key would change
    every pseudonym, a readable one would undo them."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_path(path) as temporary:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(key)


def read_key_file(path: Path, expected: str | None) -> bytes:
    """The key in ``path``, refused if others may read it or if it is not the key
    of fingerprint ``expected``."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        key = path.read_bytes().strip()
    except OSError as exc:
        raise PseudonymKeyError(
            f"clé de pseudonymisation illisible ({path} : {in_words(exc)})"
        ) from exc
    if mode & 0o077:
        raise PseudonymKeyError(
            f"le fichier de clé de pseudonymisation {path} est lisible par d'autres "
            f"utilisateurs (droits {mode:o}) : rendez-le privé (chmod 600 {path})"
        )
    if not key:
        raise PseudonymKeyError(f"le fichier de clé de pseudonymisation {path} est vide")
    if expected is not None and fingerprint(key) != expected:
        raise PseudonymKeyError(
            f"le fichier {path} n'est pas la clé de pseudonymisation de cette base "
            f"(empreinte {fingerprint(key)} au lieu de {expected}) : indiquez la bonne "
            f"clé avec {KEY_FILE_ENV}, sinon les mêmes personnes recevraient d'autres pseudonymes"
        )
    return key


def missing_key(print_: str) -> PseudonymKeyError:
    return PseudonymKeyError(
        f"clé de pseudonymisation introuvable : cette base attend le fichier "
        f"{key_path(print_)} (empreinte {print_}), déplacé ou perdu ; copiez-le depuis "
        f"l'ancien poste ou une sauvegarde (droits 600), ou donnez son chemin dans "
        f"{KEY_FILE_ENV}. Sans lui, les mêmes personnes recevraient d'autres pseudonymes"
    )


def sqlite_key(conn: Connection) -> tuple[bytes, bool]:
    """The key of a SQLite database, and whether it is new (not yet stored).

    Nothing is written here, so a dry run or a rejected import leaves the
    database and the key folder as they were (:func:`store_sqlite_key` does)."""
    stored = conn.scalar(
        text("SELECT value FROM app_setting WHERE name = :n"), {"n": FINGERPRINT_SETTING}
    )
    if stored is not None:
        path = key_path(stored)
        if not path.exists():
            raise missing_key(stored)
        return read_key_file(path, stored), False
    configured = os.environ.get(KEY_FILE_ENV)
    if configured and Path(configured).expanduser().exists():
        return read_key_file(Path(configured).expanduser(), None), True
    return new_key(), True


def store_sqlite_key(conn: Connection, key: bytes) -> Path:
    """Write the key's file (unless it is there already) and its fingerprint."""
    print_ = fingerprint(key)
    path = key_path(print_)
    if not path.exists():
        write_key_file(path, key)
    conn.execute(
        text("DELETE FROM app_setting WHERE name IN (:f, :l)"),
        {"f": FINGERPRINT_SETTING, "l": LEGACY_SETTING},
    )
    conn.execute(
        text("INSERT INTO app_setting (name, value) VALUES (:n, :v)"),
        {"n": FINGERPRINT_SETTING, "v": print_},
    )
    return path
