"""``run_import``: read → map → normalise → validate → diff → commit, for one or more files.

Everything a batch writes (entities and sites it needs, devices, their events,
the ``import_batch`` record and its ``import_issue`` rows) goes through the
caller's session, with bulk statements, so the caller's unit of work commits
it whole or not at all. A dry run plans exactly the same and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, literal, select, update
from sqlalchemy.orm import Session

from factors.text import json_safe

from ..models import Device, DeviceEvent, Entity, ImportBatch, ImportIssue, Site, utcnow
from .diff import DATE_COLUMNS, Diff, diff, load_existing, native
from .errors import ImportFileError
from .fields import DEVICE_COLUMNS
from .mapping import resolve_mapping
from .normalise import Normalised, normalise
from .problems import Rejection
from .profiles import load_profile
from .pseudonyms import KeyState, pseudonym_key, pseudonymiser, save_key
from .readers import RawTable, read_table
from .resolve import NewEntity, NewSite, resolve_entities, resolve_sites
from .validate import validate

Progress = Callable[[str, int, int], None]

#: Rows per INSERT/UPDATE statement batch (and per progress report).
CHUNK = 5000
#: Created/updated rows shown in a dry-run preview.
PREVIEW_ROWS = 20
REASON_COLUMN = "Motif du rejet"
ROW_COLUMN = "Ligne"


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
    #: The original cells of the rejected rows, with their row number and reasons.
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

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
) -> Any:
    """Import one file (returns an :class:`ImportResult`) or several (returns a list).

    Raises :class:`ImportFileError` for a file that is not a readable table and
    :class:`ImportOptionError` for an unknown entity or profile; in both cases
    nothing has been written. With ``strict``, nothing is written if any row
    of any file is rejected; a file whose rows are all rejected writes nothing.
    """
    single = isinstance(paths_or_path, str | Path)
    if isinstance(paths_or_path, str | Path):
        paths = [Path(paths_or_path)]
    else:
        paths = [Path(p) for p in paths_or_path]
    saved = load_profile(session, profile) if profile else None
    if saved and sheet is None:
        sheet = saved["options"].get("sheet")
    today = today or date.today()
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
    )
    results: list[ImportResult] = []
    if strict and len(paths) > 1:
        # Check every file before writing any, since a later file may be rejected.
        checks = [_plan(session, p, dry_run=True, **kwargs).result for p in paths]  # type: ignore[arg-type]
        if any(r.rejected for r in checks):
            return checks[0] if single else checks
    for path in paths:
        plan = _plan(session, path, dry_run=dry_run, **kwargs)  # type: ignore[arg-type]
        writable = (
            not dry_run and plan.result.imported > 0 and not (strict and plan.result.rejected)
        )
        if writable:
            if key is not None and plan.options["users_pseudonymised"]:
                save_key(session, key)
            _apply(session, plan, actor, progress)
        results.append(plan.result)
    return results[0] if single else results


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
) -> _Plan:
    hints = [*(saved["mapping"] if saved else {}), *(mapping or {})]
    table = read_table(path, sheet, hints=hints, progress=progress)
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
        pseudonym = pseudonymiser(key.key)
    norm = normalise(table, applied, pseudonym=pseudonym, today=today)
    frame = norm.frame
    resolution = resolve_entities(
        session,
        pd.Series(frame["entity"], dtype="str"),
        forced=entity,
        create=create_entities,
        source=norm.source.get("entity"),
        problems=norm.problems,
    )
    validate(norm, resolution.entity_ids, table.rows, today, table.frame)
    bad = np.zeros(len(frame), dtype=bool)
    bad[norm.problems.rows()] = True
    positions = np.flatnonzero(~bad)
    valid = frame.iloc[positions].reset_index(drop=True)
    valid["entity_id"] = resolution.entity_ids.iloc[positions].reset_index(drop=True)
    site_ids, new_sites = resolve_sites(
        session, valid["entity_id"], pd.Series(valid["site"], dtype="str")
    )
    valid["site_id"] = site_ids
    existing_ids = sorted(int(e) for e in valid["entity_id"].dropna().unique() if e > 0)
    existing = load_existing(session, existing_ids)
    result_diff = diff(valid, existing)
    if result_diff.conflicts:
        for position, first in result_diff.conflicts.items():
            norm.problems.add(
                positions[position],
                "",
                None,
                f"désigne le même appareil que la ligne {table.rows[positions[first]]}",
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
        **norm.options,
    }
    rejections = norm.problems.rejections(table.rows)
    used_sites = _used_sites(new_sites, valid, result_diff)
    result = ImportResult(
        batch_id=None,
        file=str(path),
        sheet=table.sheet,
        rows=len(frame),
        created=len(result_diff.create),
        updated=len(result_diff.update),
        unchanged=len(result_diff.unchanged),
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
        rejected_rows=_rejected_rows(table, bad, rejections),
    )
    return _Plan(
        result, table, norm, valid, result_diff, resolution.new_entities, used_sites, options
    )


def _used_sites(new_sites: list[NewSite], valid: pd.DataFrame, d: Diff) -> list[NewSite]:
    """New sites that a created or updated row actually points to."""
    if not new_sites:
        return []
    rows = np.concatenate([d.create, d.update])
    wanted = set(valid["site_id"].iloc[rows].dropna().astype(int))
    return [s for s in new_sites if s.placeholder in wanted]


def _rejected_rows(table: RawTable, bad: np.ndarray, rejections: list[Rejection]) -> pd.DataFrame:
    if not bad.any():
        return pd.DataFrame(columns=[ROW_COLUMN, *table.columns, REASON_COLUMN])
    reasons: dict[int, list[str]] = {}
    for r in rejections:
        reasons.setdefault(r.row, []).append(f"{r.column} : {r.reason}" if r.column else r.reason)
    rows = table.rows[bad]
    frame = table.frame.loc[bad].reset_index(drop=True).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.insert(0, ROW_COLUMN, rows)
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
    first_entity = entity_ids.dropna()
    batch = ImportBatch(
        file_name=Path(result.file).name,
        sha256=plan.table.sha256,
        sheet=result.sheet,
        entity_id=int(first_entity.iloc[0]) if first_entity.nunique() == 1 else None,
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
    session.add(batch)
    session.flush()
    total = len(d.create) + len(d.update)
    done = 0
    if progress:
        progress("write", 0, total)
    done = _insert_devices(
        session, valid, d.create, entity_ids, site_ids, batch.id, actor, now, progress, total
    )
    _update_devices(session, d, site_map, batch.id, actor, now, progress, done, total)
    if result.rejections:
        session.execute(
            insert(ImportIssue),
            [
                {
                    "batch_id": batch.id,
                    "row": r.row,
                    "column": r.column or None,
                    "value": r.value,
                    "reason": r.reason,
                }
                for r in result.rejections
            ],
        )
    session.flush()
    result.batch_id = batch.id
    result.committed = True


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


def _insert_devices(
    session: Session,
    valid: pd.DataFrame,
    positions: np.ndarray,
    entity_ids: pd.Series,
    site_ids: pd.Series,
    batch_id: int,
    actor: str,
    now: Any,
    progress: Progress | None,
    total: int,
) -> int:
    if not len(positions):
        return 0
    rows = valid.iloc[positions]
    columns = {c: native(rows[c], c) for c in DEVICE_COLUMNS if c != "site_id"}
    columns["site_id"] = native(site_ids.iloc[positions], "site_id")
    columns["entity_id"] = native(entity_ids.iloc[positions], "site_id")
    for column, default in _DEFAULTS.items():
        columns[column] = [default if v is None else v for v in columns[column]]
    n = len(positions)
    columns["batch_id"] = [batch_id] * n
    columns["created_at"] = [now] * n
    columns["updated_at"] = [now] * n
    columns["reuse_flagged"] = [False] * n
    names = list(columns)
    done = 0
    for start in range(0, n, CHUNK):
        part = {k: v[start : start + CHUNK] for k, v in columns.items()}
        _bulk_insert(session, names, part)
        done += len(part["batch_id"])
        if progress:
            progress("write", done, total)
    # One "create" event per new device, written by the database in one statement.
    created = select(
        Device.id,
        literal(now).label("at"),
        literal(actor).label("actor"),
        literal("create").label("kind"),
        literal(batch_id).label("batch_id"),
    ).where(Device.batch_id == batch_id)
    session.execute(
        insert(DeviceEvent).from_select(["device_id", "at", "actor", "kind", "batch_id"], created)
    )
    return done


def _bulk_insert(session: Session, names: list[str], columns: dict[str, list[Any]]) -> None:
    """Insert device rows given column-wise.

    On SQLite the rows go straight to the driver's ``executemany`` with dates
    as ISO text (SQLAlchemy's own storage format): per-row parameter
    processing would otherwise cost more than the insert itself. Other
    databases get a regular bulk ``insert()``.
    """
    if session.get_bind().dialect.name != "sqlite":
        records = [
            dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
        session.execute(insert(Device), records)
        return
    converted = []
    for name in names:
        values = columns[name]
        if name in DATE_COLUMNS:
            values = [None if v is None else v.isoformat() for v in values]
        elif name in ("created_at", "updated_at"):
            values = [v.isoformat(sep=" ") for v in values]
        elif name in ("classified", "reuse_flagged"):
            values = [None if v is None else int(bool(v)) for v in values]
        converted.append(values)
    sql = f"INSERT INTO device ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, list(zip(*converted, strict=True)))
    finally:
        cursor.close()


def _update_devices(
    session: Session,
    d: Diff,
    site_map: dict[int, int],
    batch_id: int,
    actor: str,
    now: Any,
    progress: Progress | None,
    done: int,
    total: int,
) -> None:
    if not len(d.update):
        return
    params: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for device_id, changes in zip(d.update_ids, d.changes, strict=True):
        after = {c: a for c, (_, a) in changes.items()}
        if "site_id" in after and after["site_id"] is not None and after["site_id"] < 0:
            after["site_id"] = site_map[after["site_id"]]
        params.append({"id": int(device_id), **after, "updated_at": now})
        events.append(
            {
                "device_id": int(device_id),
                "at": now,
                "actor": actor,
                "kind": "update",
                "batch_id": batch_id,
                "note": None,
                "before": {c: json_safe(b) for c, (b, _) in changes.items()},
                "after": {c: json_safe(a) for c, a in after.items()},
            }
        )
    for start in range(0, len(params), CHUNK):
        session.execute(update(Device), params[start : start + CHUNK])
        session.execute(insert(DeviceEvent), events[start : start + CHUNK])
        done += min(CHUNK, len(params) - start)
        if progress:
            progress("write", done, total)
