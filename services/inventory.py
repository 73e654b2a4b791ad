"""The inventory: find a device, list and show devices, and change them one
recorded event at a time (status, transfer, field edit, lot split).

Every change goes through :mod:`fleet.lifecycle`, which records an event; a
batch of devices is one unit of work, committed only when every device took
the change (a refused device leaves the database as it was).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from factors.locale import DATE_FORMATS
from factors.outputs import write_with
from fleet import inventory as fleet_inventory
from fleet.db import DEFAULT_LOCK_TIMEOUT, DatabaseBusy
from fleet.entities import EntityError
from fleet.lifecycle import (
    LifecycleError,
    device_events,
    find_device,
    find_writable,
    lock_devices,
    set_site,
    set_status,
    transfer,
    update_field,
)
from fleet.models import Device, Entity
from fleet.reuse import ReuseError, split_lot
from fleet.upgrades import record_upgrade
from footprint.report_safety import neutralise_frame

from .errors import Busy, ServiceError, writing
from .uow import UnitOfWork

#: Statuses of devices the organisation no longer holds: they are not among « the
#: devices of an entity » (docs/services.md, « Les appareils d'une entité »).
GONE_STATUSES: tuple[str, ...] = ("disposed",)


def held_mask(fleet: pd.DataFrame, entity_ids: Collection[int] | None = None) -> np.ndarray:
    """Which rows of a fleet frame are devices held by the scope ``entity_ids`` (an
    entity and its sub-bodies; None: every entity): every status but « sorti du parc »."""
    mask: np.ndarray = ~fleet["status"].astype("str").isin(GONE_STATUSES).to_numpy(dtype=bool)
    if entity_ids is not None:
        mask &= fleet["entity_id"].isin(list(entity_ids)).to_numpy(dtype=bool)
    return mask


def devices_of(fleet: pd.DataFrame, entity_ids: Collection[int] | None = None) -> pd.DataFrame:
    """The devices of an entity: the one definition every screen and command counts with."""
    return fleet.loc[held_mask(fleet, entity_ids)]


def device_units(fleet: pd.DataFrame) -> int:
    """How many devices a frame holds: a lot counts for its quantity."""
    return int(pd.to_numeric(fleet["quantity"], errors="coerce").fillna(1).sum())


@dataclass(frozen=True)
class DeviceRef:
    """A device found by id, serial or asset tag, with the entity that holds it."""

    id: int
    entity: str


def _device(uow: UnitOfWork, key: str | int) -> Device:
    try:
        return find_device(uow.session, key)
    except LifecycleError as exc:
        raise ServiceError(str(exc)) from None


def find(uow: UnitOfWork, key: str | int) -> DeviceRef:
    """The device with this id, serial or asset tag; an unknown or ambiguous key is refused."""
    device = _device(uow, key)
    entity = uow.session.get(Entity, device.entity_id)
    return DeviceRef(device.id, entity.name if entity is not None else "")


def list_devices(
    uow: UnitOfWork,
    entity: str | None = None,
    category: str | None = None,
    status: str | None = None,
) -> pd.DataFrame:
    """The devices of the scope (with sub-bodies), filtered, one row per device or lot."""
    try:
        return fleet_inventory.list_devices(
            uow.session, entity=entity, category=category, status=status
        )
    except EntityError as exc:
        raise ServiceError(str(exc)) from None


def device_detail(uow: UnitOfWork, key: str | int) -> dict[str, Any]:
    """One device's fields, user key and history (``events``)."""
    try:
        return fleet_inventory.get_device(uow.session, key)
    except LifecycleError as exc:
        raise ServiceError(str(exc)) from None


def history(uow: UnitOfWork, device_id: int) -> list[dict[str, Any]]:
    """The recorded events of one device, oldest first."""
    return device_events(uow.session, device_id)


@dataclass(frozen=True)
class WriteLock:
    """How a bulk change waits for another writer (docs/database.md, « Écritures
    simultanées »): at most ``timeout`` seconds, telling ``on_wait`` once."""

    timeout: float = DEFAULT_LOCK_TIMEOUT
    on_wait: Callable[[str], None] | None = None


def _each(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    change: Callable[[str | int], Device],
    lock: WriteLock,
    receiving: str | None = None,
) -> list[int]:
    """Take the write lock of the entities touched, apply ``change`` to every device,
    then commit all of them or none."""
    try:
        lock_devices(
            uow.session, list(keys), receiving=receiving, timeout=lock.timeout, on_wait=lock.on_wait
        )
        done = [change(key).id for key in keys]
    except DatabaseBusy as exc:
        raise Busy(str(exc)) from None  # it already says that nothing was written
    except (LifecycleError, EntityError) as exc:
        raise ServiceError(f"{exc} — aucune modification enregistrée") from None
    uow.commit()
    return done


def change_status(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    status: str,
    actor: str,
    note: str | None = None,
    lock: WriteLock = WriteLock(),
) -> list[int]:
    """Set the status of devices (ids of the devices changed)."""
    return _each(uow, keys, lambda key: set_status(uow.session, key, status, actor, note), lock)


def transfer_devices(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    entity: str,
    actor: str,
    note: str | None = None,
    lock: WriteLock = WriteLock(),
) -> list[int]:
    """Give devices to another entity (ids of the devices moved)."""
    return _each(
        uow, keys, lambda key: transfer(uow.session, key, entity, actor, note), lock, entity
    )


def move_to_site(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    site: str,
    actor: str,
    note: str | None = None,
    lock: WriteLock = WriteLock(),
) -> list[int]:
    """Put devices on the site ``site`` of their own entity (blank: no site); a site
    named for the first time is created in that entity (ids of the devices changed)."""
    return _each(uow, keys, lambda key: set_site(uow.session, key, site, actor, note), lock)


def edit_devices(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    field: str,
    text: str,
    actor: str,
    note: str | None = None,
    lock: WriteLock = WriteLock(),
) -> list[int]:
    """Set one field of several devices to the same typed value (a retirement date for a
    whole selection…), read and checked as :func:`edit_field` reads it; all or none."""
    return _each(
        uow, keys, lambda key: update_field(uow.session, key, field, text, actor, note), lock
    )


def upgrade_devices(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    component: str,
    actor: str,
    on: date | None = None,
    capacity: float | None = None,
    note: str | None = None,
    lock: WriteLock = WriteLock(),
) -> list[int]:
    """Record an upgrade (memory, storage, battery) of devices rather than their
    replacement (ids of the devices upgraded; docs/reports.md for the indicator)."""
    return _each(
        uow,
        keys,
        lambda key: record_upgrade(uow.session, key, component, actor, on, capacity, note),
        lock,
    )


def edit_field(
    uow: UnitOfWork, key: str | int, field: str, text: str, actor: str, note: str | None = None
) -> tuple[int, Any]:
    """Set one field of a device from its typed text (blank clears it): (id, new value)."""
    try:
        device = update_field(uow.session, key, field, text, actor=actor, note=note)
    except LifecycleError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return device.id, getattr(device, field)


class FieldErrors(ServiceError):
    """The fields of one device that refused the text typed for them, each with its
    reason (``errors``: field → French sentence); nothing was written."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ; ".join(errors.values()))
        self.errors = errors


def edit_fields(
    uow: UnitOfWork, key: str | int, changes: Mapping[str, str], actor: str
) -> list[str]:
    """Set several fields of one device from the text typed for each (blank clears
    it), as one change: every field is checked, and when any refuses, nothing is
    written and :class:`FieldErrors` names each refused field (the fields changed)."""
    try:
        device = find_writable(uow.session, key)
    except LifecycleError as exc:
        raise ServiceError(str(exc)) from None
    errors: dict[str, str] = {}
    changed: list[str] = []
    for field, text in changes.items():
        before = getattr(device, field, None)
        try:
            after = getattr(update_field(uow.session, device.id, field, text, actor), field)
        except LifecycleError as exc:
            errors[field] = str(exc)
            continue
        if after != before:
            changed.append(field)
    if errors:
        raise FieldErrors(errors)
    uow.commit()
    return changed


def split(uow: UnitOfWork, key: str | int, units: int, actor: str) -> int:
    """Move ``units`` of a lot to a new device row; the new row's id."""
    device = _device(uow, key)
    try:
        part = split_lot(uow.session, device, units, actor)
    except ReuseError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return part.id


#: The formats the inventory's filtered view is exported to, by file extension.
EXPORT_FORMATS: tuple[str, ...] = ("csv", "xlsx")


def export_view(frame: pd.DataFrame, path: Path, sheet: str, lang: str) -> Path:
    """Write a view of the inventory (the rows and columns a face shows, headed in the
    user's language ``lang``) to ``path``: CSV (UTF-8, semicolons, dates as the language
    writes them) or xlsx (one sheet ``sheet``), chosen by the extension. Text that a
    spreadsheet would run as a formula is made inert, and the file is written beside its
    target then renamed onto it, whole or not at all (docs/import.md, « Fichiers écrits »)."""
    kind = path.suffix.lower().lstrip(".")
    with writing(path):
        if kind not in EXPORT_FORMATS:
            raise ServiceError(
                f"{path} : format d'export inconnu (extensions acceptées : "
                f"{', '.join('.' + k for k in EXPORT_FORMATS)})"
            )
        if kind == "csv":
            rows = neutralise_frame(frame)
            write_with(
                path,
                lambda p: rows.to_csv(
                    p, index=False, sep=";", date_format=DATE_FORMATS[lang], encoding="utf-8"
                ),
            )
        else:
            from footprint.xlsx import Book  # xlsxwriter only for who exports a workbook

            book = Book(path, lang)
            book.table(sheet, frame)
            book.close()
    return path
