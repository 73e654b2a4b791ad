"""Incremental re-import: the hashes that let a re-import skip what has not changed.

Two levels (docs/import.md, « Réimport incrémental »):

- **the file**: an ``import_batch`` keeps the SHA-256 of the file's bytes, the
  hash of everything else that decides what a row becomes (:func:`import_context`)
  and, once written, a fingerprint of the part of the database the import read
  (:func:`state_fingerprint`). The same file under the same context, on a database
  whose fingerprint is still the one that batch left, would change nothing: it is
  recognised before it is parsed (:func:`same_import`).
- **the row**: each device keeps the hash of the source row it was last imported
  from (``import_row_hash``, :func:`row_hashes`) and its own ``updated_at`` at that
  moment (``import_row_at``). A row whose hash is the one stored on the device it
  resolves to, that device untouched since and in the same entity and site, is
  counted unchanged without being compared again (:func:`skippable`).

Both are safe by construction: anything that could change the outcome (the
file, the options, the pseudonym key, the import rules' source code, the year
that two-digit years pivot on, a device written since, an entity or a site
renamed) changes a hash or a fingerprint, and the import then compares as if
nothing were stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..columnar import Column, Query
from ..models import Device, Entity, ImportBatch, ImportIssue, Site
from ..queries import read_query
from .diff import MATCH_COLUMNS, fetch_devices
from .readers import RawTable

#: Reasons that depend on the day of the import: a batch holding one is not reused
#: on another day (a purchase date in the future may have come since).
DAY_DEPENDENT_REASON = "dans le futur"

_PACKAGES = Path(__file__).resolve().parents[2]
#: Sources whose rules decide what a row becomes: a change to any of them (an
#: upgrade of ecoparc) makes every stored hash stale.
_RULE_SOURCES: tuple[str, ...] = ("fleet/importing", "fleet/identity.py", "factors")


@cache
def rules_fingerprint() -> str:
    """Hash of the import rules' source files (normalisation, identity, vocabulary)."""
    digest = hashlib.sha256()
    for name in _RULE_SOURCES:
        root = _PACKAGES / name
        files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(_PACKAGES)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def import_context(options: Mapping[str, Any], key: bytes | None, today: date) -> str:
    """Hash of what, besides the file, decides every row's outcome: the import's
    options, the pseudonym key (or none: names kept), the year two-digit years
    pivot on, and the rules' source code."""
    payload = {
        "options": dict(options),
        "key": hashlib.sha256(key).hexdigest() if key is not None else None,
        "year": today.year,
        "rules": rules_fingerprint(),
    }
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


#: Characters of a row hash that hash its context (:func:`row_hashes`).
CONTEXT_CHARS = 12


@dataclass(frozen=True)
class RowHashes:
    """The hash of each row of a table as read (:func:`row_hashes`): the characters of
    their common context, and one 64-bit number per row.

    Kept as numbers: a re-import compares and looks them up as numbers, and only the
    rows it writes get their text (``prefix`` then the number in decimal, what a
    device stores in ``import_row_hash``); the text of 100,000 rows cost more than
    the lookup itself (docs/performance.md, « Réimport incrémental »).
    """

    prefix: str
    numbers: np.ndarray

    def __len__(self) -> int:
        return len(self.numbers)

    def take(self, positions: np.ndarray) -> RowHashes:
        """The hashes of the rows at ``positions``."""
        return RowHashes(self.prefix, self.numbers[positions])

    def texts(self) -> np.ndarray:
        """Each row's hash as a device stores it (an array of Python strings)."""
        return np.char.add(self.prefix, self.numbers.astype(str)).astype(object)


def row_hashes(table: RawTable, context: str, mapping: Mapping[str, str]) -> RowHashes:
    """The hash of each row of the table as read: 12 hexadecimal characters for the
    context (options, headers, the applied mapping, what the row's hash is made of),
    then a 64-bit hash of the row.

    A CSV file of one record per line (:attr:`RawTable.line_hashes`) hashes each row's
    line as it is in the file, line end left out: the same text under the same
    headers and delimiter is read into the same cells, and one hash of a string per
    row costs a fraction of hashing every cell. Other tables hash the row's cells.
    """
    frame = table.frame
    if table.line_hashes is not None:
        cells = table.line_hashes
        made_of: list[str | None] = ["line", table.delimiter]
    else:
        cells = pd.util.hash_pandas_object(frame, index=False).to_numpy(np.uint64)
        made_of = ["cells"]
    header = json.dumps(
        [context, [str(c) for c in frame.columns], sorted(mapping.items()), made_of],
        ensure_ascii=False,
    )
    prefix = hashlib.sha256(header.encode()).hexdigest()[:CONTEXT_CHARS]
    return RowHashes(prefix, np.asarray(cells, dtype=np.uint64))


#: What the incremental check reads of each device of the entities concerned (their
#: identity columns too, so that the same read serves to match the rows compared).
STAMP_COLUMNS = (*MATCH_COLUMNS, "site_id", "updated_at", "import_row_hash", "import_row_at")


@dataclass(frozen=True)
class Stamps:
    """What the devices of the entities concerned store about their last import."""

    #: One row per device (:data:`STAMP_COLUMNS`), ids and entity ids as integers,
    #: ``updated_at`` and ``import_row_at`` as timestamps.
    devices: pd.DataFrame
    #: Row hash → device id (hashes stored on one device only).
    by_hash: pd.Series


def load_stamps(session: Session, entity_ids: Iterable[int]) -> Stamps:
    """The row hashes, modification stamps and identity keys of the devices of
    ``entity_ids``, in one read of only those columns."""
    ids = sorted({int(e) for e in entity_ids})
    queries = [(f"entity_id IN ({', '.join(map(str, ids))})", ())] if ids else []
    return _stamps(fetch_devices(session, STAMP_COLUMNS, queries))


def stamps_of(session: Session, device_ids: Iterable[int]) -> Stamps:
    """The same for the devices ``device_ids`` only (those a few changed rows matched)."""
    ids = sorted({int(i) for i in device_ids})
    queries: list[tuple[str, tuple[Any, ...]]] = [
        (f"id IN ({', '.join(map(str, ids[start : start + 900]))})", ())
        for start in range(0, len(ids), 900)
    ]
    return _stamps(fetch_devices(session, STAMP_COLUMNS, queries))


def _stamps(devices: pd.DataFrame) -> Stamps:
    for column in ("id", "entity_id", "site_id"):
        devices[column] = pd.to_numeric(devices[column]).astype("Int64")
    for column in ("updated_at", "import_row_at"):
        devices[column] = pd.to_datetime(devices[column], format="ISO8601")
    stored = devices["import_row_hash"]
    single = stored.notna() & ~stored.duplicated(keep=False)
    by_hash = pd.Series(
        devices["id"][single].to_numpy(dtype="int64"), index=stored[single].astype(str).to_numpy()
    )
    return Stamps(devices, by_hash)


def stored_rows(session: Session, prefix: str, today: date) -> pd.DataFrame:
    """The devices holding a row hash of the context ``prefix`` that a re-import may
    take as they are (recognise.py): no other device holding the same hash, not
    written since, no purchase or commissioning date after ``today``.

    ``id``, ``entity_id``, ``site_id`` (as floats, NaN where missing) and ``hash``
    (the row hash's 64-bit number, :class:`RowHashes`): only the devices of that
    context, only these columns, read as columns (fleet/columnar.py) rather than one
    Python tuple per device, the hash's number cut from its text by the database
    and typed by Arrow's parser (no Python string per device).
    """
    columns = ["id", "entity_id", "site_id"]
    empty = pd.DataFrame({**{c: [] for c in columns}, "hash": np.array([], np.uint64)})
    if len(prefix) != CONTEXT_CHARS:
        return empty
    # The id, negative when the device may not be taken as it is: one column less to
    # read (each costs about a tenth of the read on 100,000 devices).
    signed = (
        "CASE WHEN updated_at = import_row_at "
        "AND (purchase_date IS NULL OR purchase_date <= :day) "
        "AND (commissioning_date IS NULL OR commissioning_date <= :day) "
        "THEN id ELSE -id END"
    )
    sqlite = session.get_bind().dialect.name == "sqlite"
    query = Query(
        "device",
        [
            Column("id", signed, "int"),
            Column("entity_id", "entity_id", "int"),
            Column("site_id", "site_id", "int"),
            Column("hash", f"substr(import_row_hash, {CONTEXT_CHARS + 1})", "uint"),
        ],
        f"substr(import_row_hash, 1, {CONTEXT_CHARS}) = :prefix "
        f"AND length(import_row_hash) > {CONTEXT_CHARS}",
        {"prefix": prefix, "day": today.isoformat() if sqlite else today},
    )
    arrays = read_query(session, query)
    if arrays["hash"].type != pa.uint64() or arrays["hash"].null_count:
        # A hash that is no number (not written by ecoparc): recognise nothing, every
        # row is then compared.
        return empty
    numbers = np.asarray(arrays["hash"].to_numpy(), dtype=np.uint64)
    ids = arrays["id"].to_numpy()
    keep = ~pd.Series(numbers).duplicated(keep=False).to_numpy() & (ids > 0)
    return pd.DataFrame(
        {
            **{name: arrays[name].to_numpy().astype("float64")[keep] for name in columns},
            "hash": numbers[keep],
        }
    )


def skippable(
    hashes: np.ndarray, entity_ids: pd.Series, site_ids: pd.Series, stamps: Stamps
) -> tuple[np.ndarray, np.ndarray]:
    """(mask of the valid rows that need no comparison, the device id of each).

    A row is skipped when its hash is the one stored on a device, that device has
    not been written since (``updated_at`` still the ``import_row_at`` stored with
    the hash) and the row resolves to the device's entity and site.
    """
    n = len(hashes)
    skip = np.zeros(n, dtype=bool)
    device_ids = np.full(n, -1, dtype=np.int64)
    if stamps.by_hash.empty:
        return skip, device_ids
    found = stamps.by_hash.reindex(pd.Index(hashes, dtype=object))
    known = found.notna().to_numpy()
    if not known.any():
        return skip, device_ids
    ids = found.to_numpy()[known].astype(np.int64)
    stored = stamps.devices.set_index("id").loc[ids]
    entities = entity_ids.to_numpy(dtype="float64", na_value=np.nan)[known]
    sites = site_ids.to_numpy(dtype="float64", na_value=np.nan)[known]
    stored_sites = stored["site_id"].to_numpy(dtype="float64", na_value=np.nan)
    same_site = (np.isnan(stored_sites) & np.isnan(sites)) | (stored_sites == sites)
    same_entity = stored["entity_id"].to_numpy(dtype="float64", na_value=np.nan) == entities
    untouched = (stored["updated_at"] == stored["import_row_at"]).to_numpy(dtype=bool)
    ok = same_site & same_entity & untouched
    where = np.flatnonzero(known)[ok]
    skip[where] = True
    device_ids[where] = ids[ok]
    return skip, device_ids


def state_fingerprint(session: Session, entity_ids: Iterable[int]) -> str:
    """Hash of what an import of these entities reads besides the file: every
    entity's name, the sites of these entities, and their devices (how many, which,
    and the latest write)."""
    ids = sorted({int(e) for e in entity_ids})
    entities = session.execute(select(Entity.id, Entity.name).order_by(Entity.id)).all()
    sites = session.execute(
        select(Site.id, Site.entity_id, Site.name).where(Site.entity_id.in_(ids)).order_by(Site.id)
    ).all()
    owner: Any = Device.entity_id
    if session.get_bind().dialect.name == "sqlite":
        scoped = session.scalar(select(func.count()).where(Device.entity_id.in_(ids))) or 0
        if 3 * scoped > (session.scalar(select(func.count()).select_from(Device)) or 0):
            # Most of the table: one pass over it costs less than fetching each row
            # through the entity index (an expression is not looked up in an index).
            owner = Device.entity_id + 0
    devices = session.execute(
        select(func.count(Device.id), func.sum(Device.id), func.max(Device.updated_at)).where(
            owner.in_(ids)
        )
    ).one()
    payload = [
        ids,
        [list(r) for r in entities],
        [list(r) for r in sites],
        [str(v) for v in devices],
    ]
    text = json.dumps(payload, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def same_import(
    session: Session,
    digest: str,
    context: str,
    today: date,
    lock: Callable[[list[str] | None], None] | None = None,
) -> ImportBatch | None:
    """The committed batch that imported this very file under this context, when the
    database is still as it left it: importing the file again would change nothing.

    Only a batch that left nothing pending qualifies (no held field, no conflict, no
    device reported missing); one with a day-dependent rejection only on its day.
    """
    batch = session.scalars(
        select(ImportBatch)
        .where(ImportBatch.sha256 == digest, ImportBatch.status == "committed")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    if batch is None:
        return None
    options = batch.options or {}
    if options.get("context") != context or "state" not in options:
        return None
    if options.get("held") or options.get("conflicts"):
        return None
    if options.get("missing_devices") and options.get("missing") != "retire":
        return None
    # The day that batch checked its rows against (its clock's day for batches written
    # before it was recorded), not the clock now: an import run for another day.
    day = options.get("day")
    if (date.fromisoformat(str(day)) if day else batch.at.date()) != today:
        day_dependent = session.scalar(
            select(func.count(ImportIssue.id)).where(
                ImportIssue.batch_id == batch.id,
                ImportIssue.reason.contains(DAY_DEPENDENT_REASON),
            )
        )
        if day_dependent:
            return None
    scope = [int(e) for e in cast(list[int], options.get("scope", []))]
    if lock is not None:  # PostgreSQL: the entities' write locks before they are read
        lock([f"entity:{e}" for e in scope])
    if state_fingerprint(session, scope) != options["state"]:
        return None
    return batch
