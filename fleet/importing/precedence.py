"""Who owns what when a file is imported again (docs/import.md, « Réimporter un fichier »).

The file owns the descriptive fields it carries until someone changes one in
ecoparc; ecoparc owns the lifecycle it records itself (status, retirement,
reuse routing, erasure, hand-over, proof, transfers, lot splits). What ecoparc
changed is read from the audit trail: an event written outside any import
(``batch_id`` NULL) names, in its ``after``, the fields it set. So the rule
holds for every way a device can be changed (command line, TUI, reuse
workflow) without each of them keeping a separate flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from factors.vocabulary import DISPOSAL_CHANNEL_LABELS

from ..columnar import Column, Query
from ..models import Device, DeviceEvent, Disposal, Entity, ImportBatch, Partner
from ..queries import read_query
from .fields import DEVICE_COLUMNS
from .sql import member

#: Statuses of a device that has left (or is leaving) the fleet.
EXIT_STATUSES: tuple[str, ...] = ("retired", "reuse_pending", "disposed")
#: Lifecycle fields: once ecoparc has set one, ``--prefer-file`` does not give it back.
LIFECYCLE_FIELDS: tuple[str, ...] = ("status", "retirement_date", "quantity")
#: Ids per ``IN (…)`` list.
_CHUNK = 900


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield [int(i) for i in ids[start : start + _CHUNK]]


def _day(value: date | datetime | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


@dataclass
class Ledger:
    """What ecoparc itself did to the devices a file matches."""

    #: Device id → fields changed in ecoparc → day of the last such change.
    owned: dict[int, dict[str, date]] = field(default_factory=dict)
    #: Device id → why it is out of the fleet (only exits recorded in ecoparc).
    exits: dict[int, str] = field(default_factory=dict)
    #: Device id → day of its last transfer recorded in ecoparc.
    transfers: dict[int, date] = field(default_factory=dict)

    def held(self, device_id: int, column: str, prefer_file: bool) -> bool:
        """True when the file must not overwrite ``column`` of this device."""
        if column not in self.owned.get(device_id, {}):
            return False
        return column in LIFECYCLE_FIELDS or not prefer_file


def load_ledger(session: Session, device_ids: Sequence[int], statuses: dict[int, str]) -> Ledger:
    """The ledger of ``device_ids`` (``statuses``: their current status)."""
    ledger = Ledger()
    columns = set(DEVICE_COLUMNS)
    for chunk in _chunks(device_ids):
        rows = session.execute(
            select(DeviceEvent.device_id, DeviceEvent.kind, DeviceEvent.after, DeviceEvent.at)
            .where(
                DeviceEvent.device_id.in_(chunk),
                DeviceEvent.batch_id.is_(None),
                DeviceEvent.kind.not_in(("create", "merge")),
            )
            .order_by(DeviceEvent.id)
        )
        for device_id, kind, after, at in rows:
            day = at.date() if at is not None else date.today()
            if kind == "transfer":
                ledger.transfers[device_id] = day
            for name in after or {}:
                if name in columns:
                    ledger.owned.setdefault(device_id, {})[name] = day
    leaving = [
        i for i, s in statuses.items() if s in EXIT_STATUSES and "status" in ledger.owned.get(i, {})
    ]
    disposals = _last_disposals(session, leaving)
    for device_id in leaving:
        ledger.exits[device_id] = _exit_reason(
            statuses[device_id], disposals.get(device_id), ledger.owned[device_id]["status"]
        )
    return ledger


def _last_disposals(session: Session, device_ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(device_ids):
        rows = session.execute(
            select(
                Disposal.device_id,
                Disposal.channel,
                Disposal.disposed_on,
                Disposal.assigned_at,
                Partner.name,
                Entity.name,
            )
            .outerjoin(Partner, Partner.id == Disposal.partner_id)
            .outerjoin(Entity, Entity.id == Disposal.to_entity_id)
            .where(Disposal.device_id.in_(chunk))
            .order_by(Disposal.id)
        )
        for device_id, channel, disposed_on, assigned_at, partner, entity in rows:
            found[device_id] = {
                "channel": channel,
                "disposed_on": disposed_on,
                "assigned_at": assigned_at,
                "to": partner or entity,
            }
    return found


def _exit_reason(status: str, disposal: dict[str, Any] | None, changed: date) -> str:
    """« sorti du parc le 12/03/2026 : don à Hinaura », or its pending and retired forms."""
    if disposal is None:
        return f"retiré du parc dans ecoparc le {_day(changed)}"
    label = DISPOSAL_CHANNEL_LABELS.get(disposal["channel"], (disposal["channel"], ""))[0]
    if disposal["to"]:
        label += f" à {disposal['to']}"
    if status == "disposed" and disposal["disposed_on"] is not None:
        return f"sorti du parc le {_day(disposal['disposed_on'])} : {label}"
    return f"sortie en cours depuis le {_day(disposal['assigned_at'])} : {label}"


def foreign_reason(entity: str, device_id: int, ledger: Ledger) -> str:
    """« appartient à Échirolles depuis le transfert du 03/12/2026 »."""
    moved = ledger.transfers.get(device_id)
    if moved is not None:
        return f"appartient à {entity} depuis le transfert du {_day(moved)}"
    return f"appartient à {entity} (appareil n° {device_id})"


@dataclass
class Missing:
    """A device of the file's entities that the file no longer lists."""

    device_id: int
    label: str
    entity: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "label": self.label,
            "entity": self.entity,
            "reason": self.reason,
        }


#: Ranges of ids written into the absent devices' query at most (:func:`absent_devices`).
_RUNS = 64


def id_runs(ids: np.ndarray) -> list[tuple[int, int]]:
    """The distinct ``ids`` as ranges of consecutive integers, lowest first."""
    ordered = np.sort(np.asarray(ids, dtype=np.int64))
    if not len(ordered):
        return []
    breaks = np.flatnonzero(np.diff(ordered) > 1)
    lows = np.concatenate([ordered[:1], ordered[breaks + 1]])
    highs = np.concatenate([ordered[breaks], ordered[-1:]])
    return [(int(low), int(high)) for low, high in zip(lows, highs, strict=True)]


def absent_devices(
    session: Session, entity_ids: Sequence[int], matched: np.ndarray
) -> list[Missing]:
    """Devices of ``entity_ids`` in the fleet, brought by an import, that no row matched
    (``matched``: the ids of those some row matched, as an array: a file of 100,000
    rows matches as many, which a set of Python integers cost more to build and sort).

    Devices created in ecoparc (by hand, or the part split off a lot) were never
    in any export, so their absence says nothing."""
    if not entity_ids:
        return []
    exits = ", ".join(f"'{status}'" for status in EXIT_STATUSES)
    where = (
        f"entity_id IN ({', '.join(str(int(e)) for e in entity_ids)}) "
        f"AND status NOT IN ({exits}) AND batch_id IS NOT NULL"
    )
    # The devices no row matched, left out by the database itself: a file of 100,000
    # rows matches as many devices, and usually none is left to read. The matched ids
    # as a few ranges of consecutive ids when they are (devices imported together
    # have them), else as one parameter.
    runs = id_runs(matched)
    seen: str
    params: dict[str, Any] = {}
    if len(runs) <= _RUNS:
        seen = " OR ".join(f"id BETWEEN {low} AND {high}" for low, high in runs) or "0 = 1"
    else:
        seen, params["seen"] = member(session, "id", "seen", matched.astype(np.int64).tolist())
    query = Query("device", [Column("id", "id", "int")], f"{where} AND NOT ({seen})", params)
    ids = read_query(session, query)["id"]
    unmatched = sorted(int(i) for i in ids.to_numpy().astype(np.int64))
    if not unmatched:
        return []
    split_parts = {
        device_id
        for device_id, after in session.execute(
            select(DeviceEvent.device_id, DeviceEvent.after).where(DeviceEvent.kind == "split")
        )
        if after and "split_from" in after
    }
    rows = [
        row
        for start in range(0, len(unmatched), _CHUNK)
        for row in session.execute(
            select(
                Device.id,
                Device.name,
                Device.serial,
                Device.asset_tag,
                Entity.name,
                ImportBatch.file_name,
                ImportBatch.at,
            )
            .join(Entity, Entity.id == Device.entity_id)
            .join(ImportBatch, ImportBatch.id == Device.batch_id)
            .where(Device.id.in_(unmatched[start : start + _CHUNK]))
            .order_by(Device.id)
        )
    ]
    missing = []
    for device_id, name, serial, tag, entity, file_name, at in rows:
        if device_id in split_parts:
            continue
        label = " / ".join(v for v in (name, serial, tag) if v) or f"n° {device_id}"
        missing.append(
            Missing(
                device_id,
                label,
                entity,
                f"absent du fichier (importé le {_day(at)} depuis « {file_name} »)",
            )
        )
    return missing
