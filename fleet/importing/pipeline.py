"""``run_import``: read → map → normalise → validate → diff → commit, for one or more files.

Everything a batch writes (entities and sites it needs, devices, their events,
the ``import_batch`` record and its ``import_issue`` rows) goes through the
caller's session, with bulk statements, so the caller's unit of work commits
it whole or not at all. A dry run plans exactly the same and writes nothing.

A real import first takes the write lock of the entities it touches
(:func:`fleet.db.lock_for_write`), so two imports of the same file started
together give one set of devices. What a re-import may change follows the
precedence rules of docs/import.md (« Réimporter un fichier »): rows whose
device ecoparc has taken out of the fleet or moved to another entity are
conflicts, fields changed in ecoparc are held, devices the file no longer
lists are reported (or retired with ``missing="retire"``).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

import numpy as np
import pandas as pd
from sqlalchemy import insert, literal, select, update
from sqlalchemy.orm import Session

from factors.text import json_safe

from ..access import creation_refusal, may_create_entity, refusal, rights
from ..db import DEFAULT_LOCK_TIMEOUT, lock_for_write
from ..entities import find_entity
from ..frame_cache import TRIGGERS
from ..identity import keys_of
from ..models import Device, DeviceEvent, Entity, ImportBatch, ImportIssue, Site, utcnow
from .categories import fold
from .diff import (
    DATE_COLUMNS,
    IDENTITY_KEYS,
    MATCH_COLUMNS,
    Diff,
    diff,
    identity_key_column,
    identity_keys,
    iso_dates,
    load_candidates,
    load_devices,
    match,
    match_few,
    native,
    tag_holders,
)
from .errors import ImportFileError, ImportOptionError, shown_path
from .fields import DEVICE_COLUMNS
from .incremental import (
    RowHashes,
    Stamps,
    import_context,
    load_stamps,
    row_hashes,
    same_import,
    skippable,
    stamps_of,
    state_fingerprint,
)
from .limits import DEFAULT_LIMITS, Limits
from .mapping import resolve_mapping
from .normalise import Normalised, normalise
from .precedence import Missing, absent_devices, load_ledger
from .problems import Problems, Rejection
from .profiles import load_profile
from .pseudonyms import KeyState, Pseudonymiser, pseudonym_key, pseudonymiser, save_key
from .readers import RawTable, file_digest, read_table
from .recognise import Recognised, recognise
from .resolve import NewEntity, NewSite, resolve_entities, resolve_sites
from .validate import SAME_DEVICE, validate

Progress = Callable[[str, int, int], None]

#: Rows per INSERT/UPDATE statement batch (and per progress report).
CHUNK = 5000
#: Created/updated rows shown in a dry-run preview.
PREVIEW_ROWS = 20
REASON_COLUMN = "Motif du rejet"
ROW_COLUMN = "Ligne"
KIND_COLUMN = "Nature"
#: What ``missing`` may ask of devices a full export no longer lists.
MISSING_ACTIONS: tuple[str, ...] = ("report", "retire")


@dataclass
class Conflict:
    """A row left alone because ecoparc owns its device (precedence rules)."""

    row: int
    device_id: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "device_id": self.device_id, "reason": self.reason}


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do) with one file."""

    batch_id: int | None
    file: str
    sheet: str | None
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    rejections: list[Rejection]
    unmapped_columns: list[str]
    mapping: dict[str, str]
    preview: list[dict[str, Any]]
    committed: bool
    dry_run: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    new_entities: list[str] = field(default_factory=list)
    new_sites: list[str] = field(default_factory=list)
    #: The original cells of the rejected and conflicting rows, with row number and reasons.
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: Rows whose device ecoparc owns (taken out of the fleet, or held by another entity).
    conflicts: list[Conflict] = field(default_factory=list)
    #: Devices of the file's entities that no row lists any more.
    missing: list[Missing] = field(default_factory=list)
    #: Devices retired because the file no longer lists them (``missing="retire"``).
    retired: int = 0
    #: Devices moved to the row's entity (``accept_transfer``).
    transferred: int = 0
    #: File values not applied because the field was changed in ecoparc.
    held: int = 0
    #: The batch that imported this very file, when nothing has changed since (the
    #: file was recognised at once and not read: docs/import.md, « Réimport incrémental »).
    same_as: int | None = None
    same_at: datetime | None = None
    #: Rows counted unchanged without being compared (their hash and device unchanged).
    skipped: int = 0

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def writes(self) -> bool:
        """True when the import is recorded: some row was imported or conflicts, or a
        device is retired (a batch then keeps its trace in the audit history)."""
        return self.imported + len(self.conflicts) + self.retired > 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON document of ``ecoparc import --format json`` for this file."""
        return {
            "batch_id": self.batch_id,
            "file": self.file,
            "sheet": self.sheet,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "committed": self.committed,
            "dry_run": self.dry_run,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "missing": [m.as_dict() for m in self.missing],
            "retired": self.retired,
            "transferred": self.transferred,
            "held": self.held,
            "same_as": self.same_as,
            "skipped": self.skipped,
            "rejections": [r.as_dict() for r in self.rejections],
            "unmapped_columns": self.unmapped_columns,
            "mapping": self.mapping,
            "new_entities": self.new_entities,
            "new_sites": self.new_sites,
        }


@dataclass
class _Plan:
    result: ImportResult
    table: RawTable
    norm: Normalised
    valid: pd.DataFrame
    diff: Diff
    new_entities: list[NewEntity]
    new_sites: list[NewSite]
    options: dict[str, Any]
    entity_names: dict[int, str]
    #: The stored devices the rows were compared with (identity keys of updates).
    existing: pd.DataFrame
    #: The hash of each valid row (incremental.row_hashes).
    hashes: RowHashes
    #: Device id → (row hash, updated_at) stored now, for the valid rows compared
    #: and left unchanged whose device does not hold that hash yet.
    restamp: dict[int, tuple[str, Any]]
    #: The entities of the rows recognised unchanged and left out (recognise.py).
    known_entities: list[int] = field(default_factory=list)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _cycles_uncollected(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run with Python's cyclic garbage collector paused (then resumed if
    it ran before): an import makes hundreds of thousands of short-lived containers
    (row tuples for the driver, per-value results), each batch of them setting off
    a collection that walks every live object; the pause saved about a tenth of a
    100,000-row import, and leaves only a few thousand cyclic objects to the next
    collection (docs/performance.md, « Écriture d'un import »)."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_cycles_uncollected
def run_import(
    session: Session,
    paths_or_path: str | Path | Sequence[str | Path],
    *,
    entity: str | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    strict: bool = False,
    create_entities: bool = False,
    keep_users: bool = False,
    actor: str = "ecoparc",
    progress: Progress | None = None,
    today: date | None = None,
    prefer_file: bool = False,
    accept_transfer: bool = False,
    missing: str = "report",
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait: Callable[[str], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    reuse_unchanged: bool = True,
) -> Any:
    """Import one file (returns an :class:`ImportResult`) or several (returns a list).

    Raises :class:`ImportFileError` for a file that is not a readable table and
    :class:`ImportOptionError` for an unknown entity or profile; in both cases
    nothing has been written. With ``strict``, nothing is written if any row
    of any file is rejected; a file whose rows are all rejected writes nothing.
    ``prefer_file`` lets the file overwrite descriptive fields changed in
    ecoparc; ``accept_transfer`` moves a device another entity holds to the
    row's entity; ``missing`` is ``report`` or ``retire`` (devices the file no
    longer lists). A real import waits at most ``lock_timeout`` seconds for
    another writer (:class:`fleet.db.DatabaseBusy`), telling ``on_wait``.
    With ``reuse_unchanged`` (the default), a file already imported under the same
    options into a database unchanged since is recognised at once (``same_as``)
    and not read; pass False when the rejected rows' cells are wanted.
    """
    if missing not in MISSING_ACTIONS:
        raise ValueError(f"missing: {missing!r}")
    single = isinstance(paths_or_path, str | Path)
    if isinstance(paths_or_path, str | Path):
        paths = [Path(paths_or_path)]
    else:
        paths = [Path(p) for p in paths_or_path]
    saved = load_profile(session, profile) if profile else None
    if saved and sheet is None:
        sheet = saved["options"].get("sheet")
    today = today or date.today()
    lock = None
    if not dry_run:

        def lock(scope: list[str] | None) -> None:
            lock_for_write(session, scope, timeout=lock_timeout, on_wait=on_wait)

        lock(None)  # SQLite: the whole database, before the first read
    if not rights(session).may_edit_any:
        raise ImportOptionError(refusal("les appareils", _entity_named(session, entity)))
    key = None if keep_users else pseudonym_key(session)
    kwargs = dict(
        key=key,
        entity=entity,
        sheet=sheet,
        saved=saved,
        mapping=mapping,
        create_entities=create_entities,
        keep_users=keep_users,
        today=today,
        progress=progress,
        profile=profile,
        lock=lock,
        precedence={"prefer_file": prefer_file, "accept_transfer": accept_transfer},
        missing=missing,
        limits=limits,
    )
    kwargs["context"] = _context(**kwargs)  # type: ignore[arg-type]
    results: list[ImportResult] = []
    if strict and len(paths) > 1:
        # Check every file before writing any, since a later file may be rejected.
        checks = [
            _plan(session, p, dry_run=True, **{**kwargs, "lock": None}).result  # type: ignore[arg-type]
            for p in paths
        ]
        if any(r.rejected for r in checks):
            return checks[0] if single else checks
    for path in paths:
        same = _same_file(session, path, dry_run, kwargs) if reuse_unchanged else None
        if same is not None:
            results.append(same)
            continue
        plan = _plan(session, path, dry_run=dry_run, **kwargs)  # type: ignore[arg-type]
        writable = not dry_run and plan.result.writes and not (strict and plan.result.rejected)
        if writable:
            if key is not None and plan.options["users_pseudonymised"]:
                save_key(session, key)
            _apply(session, plan, actor, progress)
        results.append(plan.result)
    return results[0] if single else results


def _context(
    *,
    entity: str | None,
    sheet: str | None,
    saved: dict[str, Any] | None,
    mapping: dict[str, str] | None,
    create_entities: bool,
    keep_users: bool,
    today: date,
    key: KeyState | None,
    precedence: dict[str, bool],
    missing: str,
    limits: Limits,
    **_: Any,
) -> str:
    """The import context of a file (incremental.import_context): every option that
    decides what its rows become."""
    options = {
        "entity": entity,
        "sheet": sheet,
        "profile": saved,
        "mapping": mapping,
        "create_entities": create_entities,
        "keep_users": keep_users,
        **precedence,
        "missing": missing,
        "limits": asdict(limits),
    }
    # A key not stored yet is a new random one each run, used only if the file has
    # users (and then stored with the batch): it is not part of the context.
    stored = key.key if key is not None and not key.unsaved else None
    return import_context(options, stored, today)


def _same_file(
    session: Session, path: Path, dry_run: bool, kwargs: dict[str, Any]
) -> ImportResult | None:
    """The result of importing ``path`` again when an earlier batch imported the same
    bytes under the same context and the database is as it left it (nothing to do)."""
    digest = file_digest(path, kwargs["limits"])
    batch = same_import(session, digest, kwargs["context"], kwargs["today"], kwargs["lock"])
    if batch is None:
        return None
    options = dict(batch.options or {})
    issues = session.scalars(
        select(ImportIssue).where(ImportIssue.batch_id == batch.id).order_by(ImportIssue.id)
    )
    return ImportResult(
        batch_id=None,
        file=shown_path(path),
        sheet=batch.sheet,
        rows=batch.rows,
        created=0,
        updated=0,
        unchanged=batch.created + batch.updated + batch.unchanged,
        rejected=batch.rejected,
        rejections=[Rejection(i.row or 0, i.column or "", i.value, i.reason) for i in issues],
        unmapped_columns=[str(c) for c in cast(list[str], options.get("unmapped", []))],
        mapping={str(k): str(v) for k, v in (batch.mapping or {}).items()},
        preview=[],
        committed=False,
        dry_run=dry_run,
        options=options,
        same_as=batch.id,
        same_at=batch.at,
        skipped=batch.created + batch.updated + batch.unchanged,
    )


def _entity_named(session: Session, name: str | None) -> Entity | None:
    return None if name is None else find_entity(session, name)


def _require_editable(
    session: Session, entity_ids: pd.Series, new_entities: list[NewEntity]
) -> None:
    """An import writes only for entities the login may change, and creates only those
    it may create; a refusal names the first other one (PostgreSQL would refuse the
    rows without naming it, docs/administration.md)."""
    allowed = rights(session)
    for value in entity_ids.dropna().unique():
        if value > 0 and not allowed.can_edit(int(value)):
            raise ImportOptionError(refusal("les appareils", session.get(Entity, int(value))))
    for new in new_entities:
        if not may_create_entity(session, new.parent_id):
            raise ImportOptionError(creation_refusal(new.name))


def _plan(
    session: Session,
    path: Path,
    *,
    entity: str | None,
    sheet: str | None,
    saved: dict[str, Any] | None,
    mapping: dict[str, str] | None,
    create_entities: bool,
    keep_users: bool,
    today: date,
    progress: Progress | None,
    dry_run: bool,
    profile: str | None,
    key: KeyState | None,
    lock: Callable[[list[str] | None], None] | None,
    precedence: dict[str, bool],
    missing: str,
    limits: Limits,
    context: str,
) -> _Plan:
    hints = [*(saved["mapping"] if saved else {}), *(mapping or {})]
    table = read_table(path, sheet, hints=hints, progress=progress, limits=limits)
    columns = table.columns
    try:
        applied = resolve_mapping(columns, saved, mapping)
    except ValueError as exc:
        raise ImportFileError(path, str(exc)) from exc
    if not applied:
        raise ImportFileError(
            path,
            "aucune colonne reconnue (colonnes lues : "
            + ", ".join(c[:40] for c in columns[:12])
            + ("…" if len(columns) > 12 else "")
            + ")",
        )
    pseudonym = None
    if key is not None and "user" in applied.values():
        if lock is not None and key.unsaved:
            # The first imports with users must not each store a key of their own.
            lock(["pseudonym-key"])
            stored = pseudonym_key(session)
            if not stored.unsaved:
                key.key, key.unsaved = stored.key, False
        pseudonym = pseudonymiser(session, key)
    hashes = row_hashes(table, context, applied)
    settings = dict(
        entity=entity,
        create_entities=create_entities,
        keep_users=keep_users,
        today=today,
        dry_run=dry_run,
        profile=profile,
        lock=lock,
        precedence=precedence,
        missing=missing,
        limits=limits,
        context=context,
    )
    known = recognise(
        session,
        table.frame,
        table.rows,
        hashes,
        applied,
        today,
        lambda entities, sites: _places(session, entities, sites, entity, create_entities),
    )
    if known is not None:
        try:
            return _plan_rows(session, table, applied, pseudonym, hashes, known, **settings)  # type: ignore[arg-type]
        except _CompareAll:
            pass
    return _plan_rows(session, table, applied, pseudonym, hashes, None, **settings)  # type: ignore[arg-type]


class _CompareAll(Exception):
    """A row compared turned out to be a duplicate of, or the same device as, a row
    recognised by its hash: every row is compared instead (recognise.py)."""


def _places(
    session: Session, entities: pd.Series, sites: pd.Series, entity: str | None, create: bool
) -> tuple[pd.Series, pd.Series]:
    """Entity and site ids of rows, resolved as :func:`_plan_rows` resolves them."""
    resolution = resolve_entities(
        session,
        pd.Series(entities, dtype="str"),
        forced=entity,
        create=create,
        source=None,
        problems=Problems(),
    )
    entity_ids = resolution.entity_ids.reset_index(drop=True)
    site_ids, _ = resolve_sites(
        session, entity_ids, pd.Series(sites, dtype="str").reset_index(drop=True)
    )
    return entity_ids, site_ids


def _plan_rows(
    session: Session,
    whole: RawTable,
    applied: dict[str, str],
    pseudonym: Pseudonymiser | None,
    hashes_read: RowHashes,
    known: Recognised | None,
    *,
    entity: str | None,
    create_entities: bool,
    keep_users: bool,
    today: date,
    dry_run: bool,
    profile: str | None,
    lock: Callable[[list[str] | None], None] | None,
    precedence: dict[str, bool],
    missing: str,
    limits: Limits,
    context: str,
) -> _Plan:
    """Plan the import of the rows of ``whole`` (hashes ``hashes_read``) but the ``known``
    ones, recognised unchanged; raise :class:`_CompareAll` when they cannot be left out."""
    path, columns = whole.path, whole.columns
    table, hashes_all = whole, hashes_read
    known_entities: list[int] = []
    if known is not None:
        rest = np.ones(len(whole.rows), dtype=bool)
        rest[known.positions] = False
        table = replace(
            whole,
            frame=whole.frame.iloc[np.flatnonzero(rest)].reset_index(drop=True),
            rows=whole.rows[rest],
        )
        hashes_all = hashes_read.take(np.flatnonzero(rest))
        # pandas' unique: numpy's hashes every value first, ten times slower here.
        known_entities = sorted(pd.unique(known.entity_ids).tolist())
    norm = normalise(
        table,
        applied,
        pseudonym=pseudonym,
        today=today,
        limits=limits,
        whole=None if known is None else whole.frame,
    )
    frame = norm.frame
    resolution = resolve_entities(
        session,
        pd.Series(frame["entity"], dtype="str"),
        forced=entity,
        create=create_entities,
        source=norm.source.get("entity"),
        problems=norm.problems,
    )
    every_entity = pd.concat(
        [resolution.entity_ids, pd.Series(known_entities, dtype="Int64")], ignore_index=True
    )
    _require_editable(session, every_entity, resolution.new_entities)
    if lock is not None:
        # PostgreSQL: one advisory lock per entity, before anything is compared.
        lock(
            [f"entity:{int(e)}" for e in every_entity.dropna().unique() if e > 0]
            + [f"entity-name:{fold(e.name)}" for e in resolution.new_entities]
        )
    others = known.keys if known is not None else None
    if not validate(norm, resolution.entity_ids, table.rows, today, table.frame, others):
        raise _CompareAll
    bad = np.zeros(len(frame), dtype=bool)
    bad[norm.problems.rows()] = True
    positions = np.flatnonzero(~bad)
    valid = frame.iloc[positions].reset_index(drop=True)
    valid["entity_id"] = resolution.entity_ids.iloc[positions].reset_index(drop=True)
    site_ids, new_sites = resolve_sites(
        session, valid["entity_id"], pd.Series(valid["site"], dtype="str")
    )
    valid["site_id"] = site_ids
    valid[list(IDENTITY_KEYS)] = identity_keys(valid)
    existing_ids = sorted(
        {int(e) for e in valid["entity_id"].dropna().unique() if e > 0} | set(known_entities)
    )
    hashes = hashes_all.take(positions)
    if known is None:
        stamps = load_stamps(session, existing_ids)
        skip, skipped_ids = skippable(hashes.texts(), valid["entity_id"], valid["site_id"], stamps)
        todo = np.flatnonzero(~skip)
        part = valid.iloc[todo].reset_index(drop=True)
        ids = match(part, _candidates(session, stamps, part, existing_ids))
        if skip.any() and np.isin(ids.dropna().to_numpy(dtype="int64"), skipped_ids[skip]).any():
            # A changed row is a device an unchanged row already is: compare every row,
            # so that which one is the duplicate is decided exactly as without hashes.
            skip[:] = False
            todo, part = np.arange(len(valid)), valid
            ids = match(part, _candidates(session, stamps, part, existing_ids))
    else:
        # The rows left are those whose hash changed: each is compared, with only the
        # stored devices sharing one of its keys (recognise.py).
        skip, skipped_ids = np.zeros(len(valid), dtype=bool), np.full(len(valid), -1)
        todo, part = np.arange(len(valid)), valid
        ids = match_few(session, part, existing_ids)
        if np.isin(ids.dropna().to_numpy(dtype="int64"), known.device_ids).any():
            raise _CompareAll
        stamps = stamps_of(session, ids.dropna().tolist())
    matched = sorted({int(i) for i in ids.dropna()})
    # Only the devices some row is are read whole (the comparison needs nothing else).
    existing = load_devices(session, matched)
    statuses = dict(
        zip(
            existing["id"].astype("int64").tolist(),
            existing["status"].astype(object).tolist(),
            strict=True,
        )
    )
    ledger = load_ledger(session, matched, {i: statuses[i] for i in matched})
    entity_names = {i: n for i, n in session.execute(select(Entity.id, Entity.name))}
    new = part[ids.isna().to_numpy()]
    holders = tag_holders(
        session, existing_ids, identity_key_column(new["asset_tag"]).dropna().tolist()
    )
    compared = diff(part, existing, ids, ledger, entity_names, tag_holders=holders, **precedence)
    restamp = _restamps(compared, ids, hashes.take(todo), stamps)
    result_diff = _widen(compared, todo, np.flatnonzero(skip), {int(i) for i in skipped_ids[skip]})
    conflicts = [
        Conflict(int(table.rows[positions[p]]), device_id, reason)
        for p, (device_id, reason) in sorted(result_diff.conflicts.items())
    ]
    matched_ids = np.fromiter(result_diff.matched_ids, np.int64, len(result_diff.matched_ids))
    if known is not None:
        # The devices of the rows recognised unchanged were matched too.
        matched_ids = np.concatenate([matched_ids, known.device_ids])
    absent = absent_devices(session, existing_ids, matched_ids)
    if result_diff.duplicates:
        for position, first in result_diff.duplicates.items():
            norm.problems.add(
                positions[position],
                "",
                None,
                SAME_DEVICE.format(table.rows[positions[first]]),
            )
        bad[norm.problems.rows()] = True
    options: dict[str, Any] = {
        "sheet": table.sheet,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "header_row": table.header_row,
        "entity": entity,
        "profile": profile,
        "keep_users": keep_users,
        "users_pseudonymised": pseudonym is not None,
        "create_entities": create_entities,
        **{k: v for k, v in precedence.items() if v},
        "missing": missing,
        **norm.options,
        "context": context,
        # The day the rows were checked against (dates in the future): incremental.py.
        "day": today.isoformat(),
        "unmapped": [c for c in columns if c not in applied],
    }
    rejections = norm.problems.rejections(table.rows)
    used_sites = _used_sites(new_sites, valid, result_diff)
    result = ImportResult(
        batch_id=None,
        file=shown_path(path),
        sheet=table.sheet,
        rows=len(whole.rows),
        created=len(result_diff.create),
        updated=len(result_diff.update),
        unchanged=len(result_diff.unchanged) + (len(known) if known is not None else 0),
        rejected=int(bad.sum()),
        rejections=rejections,
        unmapped_columns=[c for c in columns if c not in applied],
        mapping=applied,
        preview=_preview(valid, result_diff, table.rows[positions]),
        committed=False,
        dry_run=dry_run,
        options=options,
        new_entities=[e.name for e in resolution.new_entities],
        new_sites=[s.name for s in used_sites],
        rejected_rows=_rejected_rows(table, bad, rejections, conflicts),
        conflicts=conflicts,
        missing=absent,
        retired=len(absent) if missing == "retire" else 0,
        transferred=len(result_diff.transfers),
        held=sum(len(h) for h in result_diff.held.values()),
        skipped=int(skip.sum()) + (len(known) if known is not None else 0),
    )
    return _Plan(
        result,
        table,
        norm,
        valid,
        result_diff,
        resolution.new_entities,
        used_sites,
        options,
        entity_names,
        existing,
        hashes,
        restamp,
        known_entities,
    )


def _candidates(
    session: Session, stamps: Stamps, rows: pd.DataFrame, entity_ids: list[int]
) -> pd.DataFrame:
    """The stored devices ``rows`` may be (:func:`diff.match`): those of their entities,
    read with the stamps, and those elsewhere carrying one of their serials."""
    serials = rows["serial_key"].dropna().tolist()
    elsewhere = load_candidates(session, serials, entity_ids) if serials else None
    frame = stamps.devices[list(MATCH_COLUMNS)]
    if elsewhere is not None and len(elsewhere):
        for column in ("id", "entity_id"):
            elsewhere[column] = pd.to_numeric(elsewhere[column]).astype("Int64")
        frame = pd.concat([frame, elsewhere], ignore_index=True)
    return frame


def _widen(d: Diff, todo: np.ndarray, skipped: np.ndarray, skipped_ids: set[int]) -> Diff:
    """The diff of the compared rows ``todo`` in the positions of every valid row,
    the ``skipped`` ones (unchanged hash, untouched device) counted unchanged."""
    if not len(skipped):
        return d

    def moved(positions: dict[int, Any]) -> dict[int, Any]:
        return {int(todo[p]): v for p, v in positions.items()}

    return Diff(
        create=todo[d.create],
        unchanged=np.sort(np.concatenate([todo[d.unchanged], skipped])),
        update=todo[d.update],
        update_ids=d.update_ids,
        changes=d.changes,
        duplicates={int(todo[p]): int(todo[f]) for p, f in d.duplicates.items()},
        conflicts=moved(d.conflicts),
        transfers=moved(d.transfers),
        held=moved(d.held),
        matched_ids=d.matched_ids | skipped_ids,
    )


def _restamps(
    d: Diff, ids: pd.Series, hashes: RowHashes, stamps: Stamps
) -> dict[int, tuple[str, Any]]:
    """The devices of compared rows found unchanged (no field held) that do not hold
    this row's hash yet: the hash to store, their ``updated_at`` kept as it is."""
    positions = np.array([p for p in d.unchanged.tolist() if p not in d.held], dtype=np.int64)
    if not len(positions) or stamps.devices.empty:
        return {}
    device_ids = ids.iloc[positions].to_numpy(dtype="int64")
    stored = stamps.devices.set_index("id")
    known = np.isin(device_ids, stored.index.to_numpy(dtype="int64"))
    positions, device_ids = positions[known], device_ids[known]
    rows = stored.loc[device_ids]
    texts = hashes.take(positions).texts()
    stale = (rows["import_row_hash"].to_numpy(dtype=object) != texts) | (
        rows["import_row_at"] != rows["updated_at"]
    ).to_numpy(dtype=bool)
    updated = rows["updated_at"].to_numpy(dtype=object)[stale]
    return {
        int(i): (str(h), pd.Timestamp(at).to_pydatetime())
        for i, h, at in zip(device_ids[stale], texts[stale], updated, strict=True)
    }


def _used_sites(new_sites: list[NewSite], valid: pd.DataFrame, d: Diff) -> list[NewSite]:
    """New sites that a created or updated row actually points to."""
    if not new_sites:
        return []
    rows = np.concatenate([d.create, d.update])
    wanted = set(valid["site_id"].iloc[rows].dropna().astype(int))
    return [s for s in new_sites if s.placeholder in wanted]


def _rejected_rows(
    table: RawTable, bad: np.ndarray, rejections: list[Rejection], conflicts: list[Conflict]
) -> pd.DataFrame:
    """The rejected rows and the conflicting ones, as read, with their reasons: the
    rejects/conflicts file the user works from."""
    listed = bad.copy()
    conflicting = {c.row: c for c in conflicts}
    if conflicting:
        listed |= np.isin(table.rows, list(conflicting))
    if not listed.any():
        return pd.DataFrame(columns=[ROW_COLUMN, *table.columns, REASON_COLUMN])
    reasons: dict[int, list[str]] = {}
    for r in rejections:
        reasons.setdefault(r.row, []).append(f"{r.column} : {r.reason}" if r.column else r.reason)
    for c in conflicts:
        reasons.setdefault(c.row, []).append(f"appareil n° {c.device_id} {c.reason}")
    rows = table.rows[listed]
    frame = table.frame.loc[listed].reset_index(drop=True).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.insert(0, ROW_COLUMN, rows)
    if conflicting:
        frame.insert(
            1, KIND_COLUMN, ["conflit" if int(r) in conflicting else "rejet" for r in rows]
        )
    frame[REASON_COLUMN] = [" ; ".join(reasons.get(int(r), [])) for r in rows]
    return frame


def _preview(valid: pd.DataFrame, d: Diff, rows: np.ndarray) -> list[dict[str, Any]]:
    preview: list[dict[str, Any]] = []
    shown = ("name", "asset_tag", "serial", "category", "manufacturer", "model", "quantity")
    for position in d.create[:PREVIEW_ROWS]:
        values = {c: native(valid[c].iloc[[position]], c)[0] for c in shown}
        preview.append({"action": "create", "row": int(rows[position]), "values": values})
    for position, changes in zip(d.update[:PREVIEW_ROWS], d.changes[:PREVIEW_ROWS], strict=False):
        preview.append(
            {
                "action": "update",
                "row": int(rows[position]),
                "changes": {c: [json_safe(b), json_safe(a)] for c, (b, a) in changes.items()},
            }
        )
    for position, kept in list(d.held.items())[:PREVIEW_ROWS]:
        preview.append(
            {
                "action": "held",
                "row": int(rows[position]),
                "changes": {c: [json_safe(o), json_safe(t)] for c, (o, t) in kept.items()},
            }
        )
    for position, (device_id, reason) in list(d.conflicts.items())[:PREVIEW_ROWS]:
        preview.append(
            {
                "action": "conflict",
                "row": int(rows[position]),
                "device_id": device_id,
                "reason": reason,
            }
        )
    return preview


# --- commit -----------------------------------------------------------------------------------


def _apply(session: Session, plan: _Plan, actor: str, progress: Progress | None) -> None:
    result, valid, d = plan.result, plan.valid, plan.diff
    now = utcnow()
    entity_map = _create_entities(session, plan.new_entities)
    site_map = _create_sites(session, plan.new_sites, entity_map)
    entity_ids = valid["entity_id"].astype("Int64")
    if entity_map:
        entity_ids = entity_ids.replace(entity_map)
    site_ids = valid["site_id"].astype("Int64")
    if site_map:
        site_ids = site_ids.replace(site_map)
    # Every entity the file's rows are in, those recognised unchanged included.
    scope = sorted({int(e) for e in entity_ids.dropna().unique()} | set(plan.known_entities))
    batch = ImportBatch(
        file_name=Path(result.file).name,
        sha256=plan.table.sha256,
        sheet=result.sheet,
        entity_id=scope[0] if len(scope) == 1 else None,
        mapping=result.mapping,
        options=_json_options(plan.options),
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=result.rejected,
        actor=actor,
        at=now,
        status="committed",
    )
    batch.options = {
        **(batch.options or {}),
        "conflicts": len(result.conflicts),
        "missing_devices": len(result.missing),
        "held": result.held,
    }
    session.add(batch)
    session.flush()
    note = f"import de « {batch.file_name} »"
    total = len(d.create) + len(d.update)
    done = 0
    if progress:
        progress("write", 0, total)
    done = _insert_devices(
        session,
        valid,
        d.create,
        plan.hashes,
        entity_ids,
        site_ids,
        batch.id,
        actor,
        now,
        progress,
        total,
        note,
    )
    _record_transfers(session, plan, batch.id, actor, now)
    _update_devices(session, plan, site_map, batch.id, actor, now, progress, done, total, note)
    if result.retired:
        _retire_missing(session, result.missing, batch.id, actor, now, note)
    issues = [
        {
            "batch_id": batch.id,
            "row": r.row,
            "column": r.column or None,
            "value": r.value,
            "reason": r.reason,
        }
        for r in result.rejections
    ] + [
        {
            "batch_id": batch.id,
            "row": c.row,
            "column": None,
            "value": None,
            "reason": f"conflit : appareil n° {c.device_id} {c.reason}",
        }
        for c in result.conflicts
    ]
    if issues:
        session.execute(insert(ImportIssue), issues)
    _restamp(session, plan.restamp)
    session.flush()
    # What a re-import of the same file compares with (incremental.same_import).
    batch.options = {
        **(batch.options or {}),
        "scope": scope,
        "state": state_fingerprint(session, scope),
    }
    session.flush()
    result.batch_id = batch.id
    result.committed = True


def _restamp(session: Session, restamp: dict[int, tuple[str, Any]]) -> None:
    """Store the row hash on devices found unchanged, ``updated_at`` left as it was.

    On SQLite, one ``executemany`` of the driver copies each device's own
    ``updated_at`` into ``import_row_at`` (the value read with its stamps: the import
    holds the write lock and leaves these devices alone): the ORM's update by
    primary key cost twice as much for the 100,000 devices of a file compared
    whole (the first re-import after an upgrade of ecoparc).
    """
    if session.get_bind().dialect.name == "sqlite":
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(
                "UPDATE device SET import_row_hash = ?, import_row_at = updated_at WHERE id = ?",
                [(h, i) for i, (h, _at) in restamp.items()],
            )
        finally:
            cursor.close()
        return
    params = [
        {"id": i, "import_row_hash": h, "import_row_at": at, "updated_at": at}
        for i, (h, at) in restamp.items()
    ]
    for start in range(0, len(params), CHUNK):
        session.execute(update(Device), params[start : start + CHUNK])


def _json_options(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in options.items() if v is not None}


def _create_entities(session: Session, entities: list[NewEntity]) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for new in entities:
        entity = Entity(name=new.name, kind="commune", parent_id=new.parent_id)
        session.add(entity)
        session.flush()
        mapping[new.placeholder] = entity.id
    return mapping


def _create_sites(
    session: Session, sites: list[NewSite], entity_map: dict[int, int]
) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for new in sites:
        site = Site(**new.row(entity_map.get(new.entity_id, new.entity_id)))
        session.add(site)
        session.flush()
        mapping[new.placeholder] = site.id
    return mapping


_DEFAULTS = {"quantity": 1, "status": "in_service", "acquisition": "new", "classified": False}
#: Page cache of the SQLite connection while an import writes (KiB, as PRAGMA
#: cache_size reads a negative number): the device table's ten indexes then stay in
#: memory instead of being written out and read back mid-transaction.
_WRITE_CACHE_KIB = 64 * 1024
#: The temporary table new device rows are staged in on SQLite (docs/performance.md,
#: « Écriture d'un import »).
_STAGE = "ecoparc_import_stage"
#: The trigger that bumps the fleet revision on each inserted device (migration 0010).
_REVISION_TRIGGER = next(t for t in TRIGGERS if t.endswith("_device_insert"))


def _trigger_body(sql: str) -> str:
    """The statement between ``BEGIN`` and ``END`` of a one-statement trigger."""
    upper = sql.upper()
    return sql[upper.index(" BEGIN ") + 7 : upper.rindex("END")].strip().rstrip(";")


def _insert_devices(
    session: Session,
    valid: pd.DataFrame,
    positions: np.ndarray,
    hashes: RowHashes,
    entity_ids: pd.Series,
    site_ids: pd.Series,
    batch_id: int,
    actor: str,
    now: Any,
    progress: Progress | None,
    total: int,
    note: str,
) -> int:
    if not len(positions):
        return 0
    rows = valid.iloc[positions]
    sqlite = session.get_bind().dialect.name == "sqlite"
    columns: dict[str, Any] = {}
    for name in DEVICE_COLUMNS:
        if name == "site_id":
            continue
        if sqlite and name in DATE_COLUMNS:
            columns[name] = iso_dates(rows[name])
        elif sqlite and name == "classified":
            flags = native(rows[name], name)
            columns[name] = [None if v is None else int(bool(v)) for v in flags]
        else:
            columns[name] = native(rows[name], name)
    keys = identity_keys(rows)
    for column in ("serial_key", "maker_key", "tag_key"):
        columns[column] = keys[column].tolist()
    columns["site_id"] = native(site_ids.iloc[positions], "site_id")
    columns["entity_id"] = native(entity_ids.iloc[positions], "site_id")
    for column, default in _DEFAULTS.items():
        fill = int(default) if sqlite and isinstance(default, bool) else default
        columns[column] = [fill if v is None else v for v in columns[column]]
    stamp = now.isoformat(sep=" ") if sqlite else now
    constants = {
        "batch_id": batch_id,
        "created_at": stamp,
        "updated_at": stamp,
        "reuse_flagged": 0 if sqlite else False,
        "import_row_at": stamp,
    }
    n = len(positions)
    columns["import_row_hash"] = hashes.take(positions).texts().tolist()
    # A column no row fills is left to the database (NULL): fewer values to bind.
    varying = [c for c, v in columns.items() if v.count(None) < n]

    def chunks() -> Iterator[list[list[Any]]]:
        for start in range(0, n, CHUNK):
            stop = min(start + CHUNK, n)
            yield [columns[c][start:stop] for c in varying]
            if progress:
                progress("write", stop, total)

    with nullcontext() if sqlite else _postgres_bulk_load(session, n):
        if sqlite:
            _sqlite_insert(session, varying, chunks(), n, constants)
        else:
            _postgres_insert(session, varying, chunks(), constants)
        # One "create" event per new device, written by the database in one statement.
        created = select(
            Device.id,
            literal(now).label("at"),
            literal(actor).label("actor"),
            literal("create").label("kind"),
            literal(batch_id).label("batch_id"),
            literal(note).label("note"),
        ).where(Device.batch_id == batch_id)
        session.execute(
            insert(DeviceEvent).from_select(
                ["device_id", "at", "actor", "kind", "batch_id", "note"], created
            )
        )
    return n


def _sqlite_insert(
    session: Session,
    names: list[str],
    chunks: Iterator[list[list[Any]]],
    n: int,
    constants: dict[str, Any],
) -> None:
    """Insert ``n`` device rows on SQLite: ``names`` given column-wise in chunks, the
    same ``constants`` for every row (docs/performance.md, « Écriture d'un import »).

    The rows go to the driver's ``executemany`` (dates as ISO text, SQLAlchemy's own
    storage format). The fleet revision trigger is dropped for the insertion and its
    body run once after it: the revision moves as for any write, once instead of
    once per device. When the import at least doubles the table, the device indexes
    are dropped too and built again after the insertion (one sort each instead of a
    B-tree insertion per row), inside the same transaction: a unique index that
    cannot be built fails the import as the insertion itself would have. With
    neither index nor trigger, each row goes straight into ``device``. Otherwise the
    rows are staged in a temporary table without index nor trigger, then moved into
    ``device`` by one ``INSERT … SELECT``: inserted one statement per row into the
    indexed table, each row would copy every page it touches into SQLite's
    statement journal.
    """
    listed = ", ".join(names)
    # The constants written into the statement: fewer values bound for every row.
    direct = (
        f"INSERT INTO device ({listed}, {', '.join(constants)}) "
        f"VALUES ({', '.join('?' * len(names))}, {', '.join(map(_literal, constants.values()))})"
    )
    connection = session.connection().connection.dbapi_connection
    cursor = connection.cursor()  # type: ignore[union-attr]
    try:
        cached = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-_WRITE_CACHE_KIB}")
        try:
            stored = cursor.execute("SELECT count(*) FROM device").fetchone()[0]
            indexes = (
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'device' AND sql IS NOT NULL"
                ).fetchall()
                if n >= stored
                else []
            )
            triggers = cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (_REVISION_TRIGGER,),
            ).fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                if indexes:
                    for part in chunks:
                        cursor.executemany(direct, list(zip(*part, strict=True)))
                else:
                    _staged_insert(cursor, names, chunks, constants)
            finally:
                for _name, sql in [*indexes, *triggers]:
                    cursor.execute(sql)
            for _name, sql in triggers:
                # The revision trigger's body, once for the insertion instead of once
                # per row: the same end state (a new revision and stamp).
                cursor.execute(_trigger_body(sql))
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cached)}")
    finally:
        cursor.close()


def _literal(value: int | str) -> str:
    """An integer or a text (the batch number, a time stamp) as an SQL literal."""
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


@contextmanager
def _postgres_bulk_load(session: Session, n: int) -> Iterator[None]:
    """What the block writes into ``device`` and ``device_event`` goes in without
    their secondary indexes and foreign keys, rebuilt after it in the same
    transaction, when the import at least doubles ``device`` (docs/performance.md,
    « Écriture d'un import »).

    The owner's functions suspend and rebuild them (:mod:`fleet.bulk_load`), for the
    tables' owner and for a person's login alike: only the owner may drop an index
    or a constraint, and the rows themselves are still written by the session,
    through its row-level security. A rebuilt unique index or foreign key that the
    rows break fails the import, as the insertion would have. When another session
    holds one of the tables, or the table is not being doubled, nothing is
    suspended and the rows go in through the indexes and keys. Everything happens
    in a savepoint: an error in the block gives the schema back as it was.
    """
    connection = session.connection()
    with connection.begin_nested():
        suspended = connection.exec_driver_sql("SELECT ecoparc_bulk_load_begin(%s)", (n,)).scalar()
        yield
        if suspended:
            connection.exec_driver_sql("SELECT ecoparc_bulk_load_end()")


def _postgres_insert(
    session: Session,
    names: list[str],
    chunks: Iterator[list[list[Any]]],
    constants: dict[str, Any],
) -> None:
    """Insert device rows on PostgreSQL: ``names`` given column-wise in chunks, the
    same ``constants`` for every row (docs/performance.md, « Écriture d'un import »).

    The rows are streamed by ``COPY`` in binary format (each value sent as its
    column's type: no text escaping to get right) into a temporary table with
    ``device``'s columns, then moved into ``device`` by one ``INSERT … SELECT``, on
    the session's connection and in its transaction: a failure leaves the database
    as it was. ``COPY`` cannot write into ``device`` itself, whose row-level security
    is forced (PostgreSQL refuses ``COPY FROM`` under row-level security); the
    ``INSERT`` passes the policies, constraints and triggers as any insertion does.
    """
    listed = ", ".join(names)
    connection = session.connection()
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE {_STAGE} AS SELECT {listed} FROM device WITH NO DATA"
    )
    # The columns' own types, which the binary COPY sends each value as.
    types = [
        c[1]
        for c in connection.exec_driver_sql(f"SELECT {listed} FROM {_STAGE}").cursor.description
    ]
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {_STAGE} ({listed}) FROM STDIN (FORMAT binary)") as copy:
            copy.set_types(types)
            for part in chunks:
                for row in zip(*part, strict=True):
                    copy.write_row(row)
    finally:
        cursor.close()
    # Through SQLAlchemy, which turns the server's refusals into its own errors. A
    # temporary table is scanned in the order its rows were written (no synchronised
    # scan on local buffers): the devices get their ids in file order.
    connection.exec_driver_sql(
        f"INSERT INTO device ({listed}, {', '.join(constants)}) "
        f"SELECT {listed}, {', '.join(['%s'] * len(constants))} FROM {_STAGE}",
        tuple(constants.values()),
    )
    # Dropped on success only: after a failure the transaction is rolled back, which
    # takes the table with it.
    connection.exec_driver_sql(f"DROP TABLE {_STAGE}")


def _staged_insert(
    cursor: Any, names: list[str], chunks: Iterator[list[list[Any]]], constants: dict[str, Any]
) -> None:
    """The rows into a temporary table, then into ``device`` by one ``INSERT … SELECT``."""
    listed = ", ".join(names)
    cursor.execute(f"CREATE TEMP TABLE {_STAGE} ({listed})")
    try:
        staged = f"INSERT INTO temp.{_STAGE} VALUES ({', '.join('?' * len(names))})"
        for part in chunks:
            cursor.executemany(staged, zip(*part, strict=True))
        cursor.execute(
            f"INSERT INTO device ({listed}, {', '.join(constants)}) "
            f"SELECT {listed}, {', '.join('?' * len(constants))} FROM temp.{_STAGE}",
            tuple(constants.values()),
        )
    finally:
        cursor.execute(f"DROP TABLE temp.{_STAGE}")


def _record_transfers(session: Session, plan: _Plan, batch_id: int, actor: str, now: Any) -> None:
    """A ``transfer`` event for each device the import moves (``accept_transfer``)."""
    d, names = plan.diff, plan.entity_names
    events = []
    for position, (source, target) in d.transfers.items():
        device_id = int(d.update_ids[int(np.flatnonzero(d.update == position)[0])])
        events.append(
            {
                "device_id": device_id,
                "at": now,
                "actor": actor,
                "kind": "transfer",
                "batch_id": batch_id,
                "note": f"transfert accepté à l'import de « {Path(plan.result.file).name} »",
                "before": {"entity": names.get(source)},
                "after": {"entity": names.get(target)},
            }
        )
    if events:
        session.execute(insert(DeviceEvent), events)


def _update_devices(
    session: Session,
    plan: _Plan,
    site_map: dict[int, int],
    batch_id: int,
    actor: str,
    now: Any,
    progress: Progress | None,
    done: int,
    total: int,
    note: str,
) -> None:
    d = plan.diff
    if not len(d.update):
        return
    stored = plan.existing.set_index("id")
    params: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    texts = plan.hashes.take(d.update).texts()
    for position, device_id, changes, text in zip(
        d.update, d.update_ids, d.changes, texts, strict=True
    ):
        after = {c: a for c, (_, a) in changes.items()}
        if "site_id" in after and after["site_id"] is not None and after["site_id"] < 0:
            after["site_id"] = site_map[after["site_id"]]
        row = {"id": int(device_id), **after, "updated_at": now}
        # The row's hash, unless a field stays ecoparc's (the device then differs from it).
        synced = int(position) not in d.held
        row["import_row_hash"] = text if synced else None
        row["import_row_at"] = now if synced else None
        if int(position) in d.transfers:
            row["entity_id"] = d.transfers[int(position)][1]
        if after.keys() & {"serial", "asset_tag", "manufacturer"}:
            values = {c: after.get(c, stored.at[device_id, c]) for c in ("serial", "asset_tag")}
            values["manufacturer"] = after.get("manufacturer", stored.at[device_id, "manufacturer"])
            row.update(keys_of({k: None if pd.isna(v) else v for k, v in values.items()}))
        params.append(row)
        if changes:
            events.append(
                {
                    "device_id": int(device_id),
                    "at": now,
                    "actor": actor,
                    "kind": "update",
                    "batch_id": batch_id,
                    "note": note,
                    "before": {c: json_safe(b) for c, (b, _) in changes.items()},
                    "after": {c: json_safe(a) for c, a in after.items()},
                }
            )
    for start in range(0, len(params), CHUNK):
        _write_rows(session, Device, params[start : start + CHUNK], by_id=True)
        done += min(CHUNK, len(params) - start)
        if progress:
            progress("write", done, total)
    for start in range(0, len(events), CHUNK):
        _write_rows(session, DeviceEvent, events[start : start + CHUNK], by_id=False)


def _write_rows(
    session: Session,
    model: type[Device] | type[DeviceEvent],
    rows: list[dict[str, Any]],
    *,
    by_id: bool,
) -> None:
    """``rows`` updated by their ``id`` (``by_id``) or inserted into ``model``'s table.

    On SQLite, through the driver's ``executemany``, one statement per set of columns,
    each value through its column type's own bind processor: stored as SQLAlchemy
    stores it (dates and times as its text, JSON as its text), without the ORM's
    work per row (docs/performance.md, « Réimport d'un fichier modifié »).
    Elsewhere, the ORM's bulk statements.
    """
    if session.get_bind().dialect.name != "sqlite":
        session.execute(update(model) if by_id else insert(model), rows)
        return
    table = model.__tablename__
    columns_of = model.__table__.c
    dialect = session.get_bind().dialect
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for names, group in groups.items():
            if by_id:
                columns = [n for n in names if n != "id"]
                sets = ", ".join(f"{n} = ?" for n in columns)
                sql = f"UPDATE {table} SET {sets} WHERE id = ?"
                columns.append("id")
            else:
                columns = list(names)
                marks = ", ".join("?" * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            processors = [columns_of[n].type.bind_processor(dialect) for n in columns]
            cursor.executemany(sql, [_bound(row, columns, processors) for row in group])
    finally:
        cursor.close()


def _bound(
    row: dict[str, Any], columns: list[str], processors: Sequence[Callable[[Any], Any] | None]
) -> tuple[Any, ...]:
    """The values of ``row`` for ``columns``, each through its bind processor."""
    return tuple(
        row[name] if processor is None else processor(row[name])
        for name, processor in zip(columns, processors, strict=True)
    )


def _retire_missing(
    session: Session, missing: list[Missing], batch_id: int, actor: str, now: Any, note: str
) -> None:
    """``missing="retire"``: devices the full export no longer lists leave the fleet."""
    today = now.date()
    stored = {
        d.id: d.retirement_date
        for d in session.scalars(
            select(Device).where(Device.id.in_([m.device_id for m in missing]))
        )
    }
    statuses = {
        i: status
        for i, status in session.execute(
            select(Device.id, Device.status).where(Device.id.in_([m.device_id for m in missing]))
        )
    }
    params, events = [], []
    for m in missing:
        retired_on = stored[m.device_id] or today
        params.append(
            {
                "id": m.device_id,
                "status": "retired",
                "retirement_date": retired_on,
                "updated_at": now,
            }
        )
        events.append(
            {
                "device_id": m.device_id,
                "at": now,
                "actor": actor,
                "kind": "status",
                "batch_id": batch_id,
                "note": f"{note} : absent du fichier",
                "before": {
                    "status": statuses[m.device_id],
                    "retirement_date": json_safe(stored[m.device_id]),
                },
                "after": {"status": "retired", "retirement_date": retired_on.isoformat()},
            }
        )
    session.execute(update(Device), params)
    session.execute(insert(DeviceEvent), events)
