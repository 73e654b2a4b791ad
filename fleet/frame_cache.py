"""A columnar copy of the SQLite fleet frame beside the database, never stale.

Reading a million devices out of SQLite costs seconds however it is done (the
table is scanned, each value decoded); the fleet changes far less often than it
is read. The whole frame is therefore kept, typed, in an Arrow IPC file beside
the database (``<base>.db.frame.arrow``), memory-mapped on the next read
(docs/performance.md, « Copie en colonnes du parc »).

It is keyed on the database's revision: the ``fleet_revision`` row that a
trigger on every table feeding the frame (device, entity, site) bumps on each
insert, update or delete — through ecoparc, raw SQL or another program — with a
new random stamp (migration 0010). The copy is used only when its key is the
revision the reading transaction sees, and written only when that revision is
the committed one (a session holding uncommitted writes sees a stamp nobody
else will ever see), so it cannot be served stale:

- a write, committed or not, changes the revision: the copy no longer matches;
- a database restored from a backup carries its own stamp: an older copy does not match;
- a later migration that rebuilt a table without its triggers: the copy is not used.

PostgreSQL has no such copy: row-level security gives each login its own rows,
and ``COPY`` reads a million devices within the target (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

#: The table holding the revision (one row) and its triggers (migration 0010).
REVISION_TABLE = "fleet_revision"
#: Tables whose rows make up the fleet frame: each has a trigger per write.
FEEDING_TABLES = ("device", "entity", "site")
#: Trigger names, one per table and write (``fleet_revision_device_insert``…).
TRIGGERS = tuple(
    f"{REVISION_TABLE}_{table}_{write}"
    for table in FEEDING_TABLES
    for write in ("insert", "update", "delete")
)
#: Bumped when the layout of the cached frame changes, so that older copies are ignored.
_FORMAT = "2"

Key = tuple[int, bytes]


def cache_path(database: str) -> Path:
    """Where the copy of the frame of the SQLite file ``database`` lives."""
    return Path(f"{database}.frame.arrow")


def revision(connection: sqlite3.Connection) -> Key | None:
    """The revision and stamp ``connection`` sees, or None when the database
    cannot vouch for it (no revision table, or a trigger missing)."""
    try:
        installed = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('?' * len(TRIGGERS))})",
            TRIGGERS,
        ).fetchone()[0]
        if installed != len(TRIGGERS):
            return None
        row = connection.execute(f"SELECT revision, stamp FROM {REVISION_TABLE}").fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else (int(row[0]), bytes(row[1]))


def committed_revision(database: str) -> Key | None:
    """The revision of the last committed write, read on a connection of its own."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return revision(connection)
    finally:
        connection.close()


def _tag(key: Key, columns: Sequence[str]) -> bytes:
    """What the file must say it holds: the revision, its stamp and the columns."""
    text = f"{_FORMAT}|{key[0]}|{key[1].hex()}|{','.join(columns)}"
    return hashlib.sha256(text.encode()).hexdigest().encode()


def load(database: str, key: Key) -> pa.Table | None:
    """The cached frame if its tag is ``key``'s for the columns it holds,
    memory-mapped; else None."""
    path = cache_path(database)
    try:
        source = pa.memory_map(str(path))
        table = pa.ipc.open_file(source).read_all()
    except (OSError, pa.ArrowInvalid):
        return None
    meta = table.schema.metadata or {}
    if meta.get(b"ecoparc") != _tag(key, table.column_names):
        return None
    return table


def save(database: str, key: Key, table: pa.Table) -> bool:
    """Write the copy for ``key`` (all at once: a reader sees the old file or the new
    one, never half of one); False when it could not be written (a folder one may
    not write to just means no copy)."""
    path = cache_path(database)
    meta = {b"ecoparc": _tag(key, table.column_names)}
    table = table.replace_schema_metadata(meta)
    try:
        mode = os.stat(database).st_mode & 0o666  # as readable as the database, no more
        handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out, pa.ipc.new_file(out, table.schema) as writer:
            writer.write_table(table)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
