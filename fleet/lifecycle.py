"""Changes to one device after import: status, transfer, field edits.

Each change writes a ``device_event`` with the values before and after, so the
history of every device can be shown and audited.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session

from factors.text import json_safe
from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUS_LABELS, STATUSES

from .access import refusal, rights
from .db import DEFAULT_LOCK_TIMEOUT, lock_for_write
from .entities import get_entity
from .identity import keys_of
from .importing.categories import fold
from .importing.fields import FIELDS
from .importing.validate import EARLIEST_YEAR
from .importing.values import parse_date, parse_number
from .models import Device, DeviceEvent, Disposal, Entity, Site


class LifecycleError(ValueError):
    """A refused change, with a message for the user."""


#: Fields a user may edit by hand, with the type their text is read as.
EDITABLE_FIELDS: dict[str, type] = {
    "name": str,
    "asset_tag": str,
    "serial": str,
    "category": str,
    "manufacturer": str,
    "model": str,
    "purchase_date": date,
    "commissioning_date": date,
    "retirement_date": date,
    "acquisition": str,
    "price_eur": float,
    "condition": str,
    "department": str,
    "cpu": str,
    "ram_gb": float,
    "storage_gb": float,
    "os": str,
    "tpm": str,
    "annual_kwh": float,
    "weight_kg": float,
    "eco_label": str,
    "quantity": int,
    "classified": bool,
    "notes": str,
}


def find_device(session: Session, ref: str | int) -> Device:
    """A device by id, serial or asset tag (in that order).

    A serial or tag shared by several devices (two communes may number their
    assets alike) is refused rather than guessed: changing the wrong device
    would go unnoticed."""
    text = str(ref).strip()
    device = None
    if text.isdigit():
        device = session.get(Device, int(text))
    for column, label in (
        (Device.serial, "numéro de série"),
        (Device.asset_tag, "numéro d'inventaire"),
    ):
        if device is not None:
            break
        found = session.scalars(select(Device).where(column == text).order_by(Device.id)).all()
        if len(found) > 1:
            ids = ", ".join(str(d.id) for d in found[:10])
            raise LifecycleError(
                f"plusieurs appareils ont le {label} « {text} » (n° {ids}) : "
                "désignez l'appareil par son n°"
            )
        device = found[0] if found else None
    if device is None:
        raise LifecycleError(
            f"appareil introuvable : « {text} » (n°, numéro de série ou d'inventaire)"
        )
    return device


def record_event(
    session: Session,
    device: Device,
    kind: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor: str,
    note: str | None = None,
    at: datetime | None = None,
) -> None:
    """Add one ``device_event``; ``at`` dates it when the change happened before it is
    recorded (an upgrade done last month), else the database stamps it now."""
    session.add(
        DeviceEvent(
            device_id=device.id,
            kind=kind,
            before={k: json_safe(v) for k, v in (before or {}).items()} or None,
            after={k: json_safe(v) for k, v in (after or {}).items()} or None,
            actor=actor,
            note=note,
            **({} if at is None else {"at": at}),
        )
    )


def lock_devices(
    session: Session,
    refs: tuple[str | int, ...] | list[str | int],
    *,
    receiving: str | None = None,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Take the write lock of every entity a bulk change touches: the entities
    holding ``refs`` and, for a transfer, the ``receiving`` one (docs/database.md).

    Called first in the unit of work, so that a bulk change and an import of the
    same entity never interleave: on SQLite the whole database is locked before the
    first read; on PostgreSQL one advisory lock per entity.
    """
    lock_for_write(session, None, timeout=timeout, on_wait=on_wait)
    entity_ids = {find_device(session, ref).entity_id for ref in refs}
    if receiving is not None:
        entity_ids.add(get_entity(session, receiving).id)
    scope = [f"entity:{int(i)}" for i in sorted(entity_ids)]
    lock_for_write(session, scope, timeout=timeout, on_wait=on_wait)


def _require_edit(session: Session, entity: Entity | None) -> None:
    """Refuse, naming the entity, before writing for an entity the login may only
    read (PostgreSQL would refuse it anyway, without the name: docs/administration.md)."""
    if entity is not None and not rights(session).can_edit(entity.id):
        raise LifecycleError(refusal("les appareils", entity))


def find_writable(session: Session, ref: str | int) -> Device:
    """The device ``ref`` (as :func:`find_device` finds it), refused when the login may
    not change its entity."""
    device = find_device(session, ref)
    _require_edit(session, session.get(Entity, device.entity_id))
    return device


#: The steps of an exit, in order (docs/regulation.md §8), and how each is done.
EXIT_STEPS: dict[str, str] = {
    "assign": "l'orientation vers une voie",
    "erase": "l'effacement des données",
    "handover": "la remise au destinataire",
}


def open_exit(session: Session, device: Device) -> Disposal | None:
    """The exit of ``device`` assigned but not yet handed over, if any."""
    return session.scalar(
        select(Disposal)
        .where(Disposal.device_id == device.id, Disposal.disposed_on.is_(None))
        .order_by(Disposal.id.desc())
    )


def next_exit_step(session: Session, device: Device) -> str:
    """The step of the exit still to do: ``assign``, ``erase`` or ``handover``."""
    disposal = open_exit(session, device)
    if disposal is None:
        return "assign"
    return "erase" if disposal.erasure_method is None else "handover"


def _check_exit_steps(session: Session, device: Device, status: str) -> None:
    """Refuse a status change that would skip a step of the exit (docs/regulation.md §8).

    « En attente de réemploi » is reached only by an assignment, « sorti du parc »
    only by the hand-over of an erased device; a device on its way out or gone
    does not change status by hand."""
    label = STATUS_LABELS[status][0]
    if device.status == "disposed":
        raise LifecycleError(
            f"l'appareil n° {device.id} est sorti du parc : son statut ne change plus"
        )
    if device.status == "reuse_pending":
        step = next_exit_step(session, device)
        raise LifecycleError(
            f"statut « {label} » refusé : l'appareil n° {device.id} est en cours de sortie ; "
            f"étape suivante : {EXIT_STEPS[step]}"
        )
    if status in ("reuse_pending", "disposed"):
        step = next_exit_step(session, device)
        raise LifecycleError(
            f"statut « {label} » refusé pour l'appareil n° {device.id} : "
            f"étape manquante : {EXIT_STEPS[step]}"
        )


def set_status(
    session: Session, ref: str | int, status: str, actor: str, note: str | None = None
) -> Device:
    """Change a device's status by hand; the exit statuses only through their steps."""
    if status not in STATUSES:
        raise LifecycleError(f"statut inconnu : « {status} » (attendu : {', '.join(STATUSES)})")
    device = find_writable(session, ref)
    if device.status == status:
        return device
    _check_exit_steps(session, device, status)
    before = {"status": device.status, "retirement_date": device.retirement_date}
    device.status = status
    if status == "retired" and device.retirement_date is None:
        device.retirement_date = date.today()
    after = {"status": device.status, "retirement_date": device.retirement_date}
    record_event(session, device, "status", before, after, actor, note)
    session.flush()
    return device


def transfer(
    session: Session, ref: str | int, entity_name: str, actor: str, note: str | None = None
) -> Device:
    device = find_writable(session, ref)
    target = get_entity(session, entity_name)
    _require_edit(session, target)
    if target.id == device.entity_id:
        raise LifecycleError(f"l'appareil appartient déjà à « {target.name} »")
    _check_unique_key(session, device, target.id)
    source = session.get(Entity, device.entity_id)
    before = {"entity": source.name if source else None, "site_id": device.site_id}
    device.entity_id = target.id
    device.site_id = None
    record_event(session, device, "transfer", before, {"entity": target.name}, actor, note)
    session.flush()
    return device


def site_of(session: Session, entity_id: int, name: str) -> Site:
    """The site ``name`` of the entity, found as an import finds it (accents, case and
    spacing ignored: fleet.importing.resolve), created when the entity has none."""
    wanted = fold(name)
    for site in session.scalars(select(Site).where(Site.entity_id == entity_id).order_by(Site.id)):
        if fold(site.name) == wanted:
            return site
    site = Site(entity_id=entity_id, name=name.strip())
    session.add(site)
    session.flush()
    return site


def set_site(
    session: Session, ref: str | int, site_name: str, actor: str, note: str | None = None
) -> Device:
    """Put a device on a site of its own entity (blank: no site); a site named for the
    first time is created, as an import would (docs/import.md)."""
    device = find_writable(session, ref)
    name = site_name.strip()
    site_id = site_of(session, device.entity_id, name).id if name else None
    if site_id == device.site_id:
        return device
    previous = session.get(Site, device.site_id) if device.site_id is not None else None
    before = {"site": previous.name if previous is not None else None}
    device.site_id = site_id
    record_event(session, device, "update", before, {"site": name or None}, actor, note)
    session.flush()
    return device


def parse_field(field: str, text: str) -> Any:
    """Read a user's text as the field's type; empty text clears the field. A refusal
    names the field by its French label (fleet.importing.fields), never by its code."""
    if field not in EDITABLE_FIELDS:
        raise LifecycleError(
            f"champ non modifiable : « {field} » (champs : {', '.join(EDITABLE_FIELDS)})"
        )
    kind = EDITABLE_FIELDS[field]
    label = FIELDS[field].label
    text = text.strip()
    if text == "":
        if field in ("category", "quantity", "acquisition", "classified"):
            raise LifecycleError(f"le champ « {label} » ne peut pas être vide")
        return None
    limit = FIELDS[field].max_length
    if kind is str and limit is not None and len(text) > limit:
        raise LifecycleError(f"« {label} » : {limit} caractères au plus ({len(text)} saisis)")
    try:
        if kind is date:
            return parse_date(text)
        if kind is float:
            number = parse_number(text)
            if not math.isfinite(number) or number < 0:
                raise ValueError("nombre positif attendu")
            return number
        if kind is int:
            if not text.isdigit() or int(text) < 1:
                raise ValueError("nombre entier d'au moins 1 attendu")
            return int(text)
        if kind is bool:
            return text.lower() in ("1", "oui", "yes", "true", "vrai")
    except ValueError as exc:
        raise LifecycleError(f"valeur invalide pour « {label} » : « {text} » ({exc})") from exc
    if field == "category" and text not in CATEGORIES:
        raise LifecycleError(f"catégorie inconnue : « {text} »")
    if field == "acquisition" and text not in ACQUISITIONS:
        raise LifecycleError(f"mode d'acquisition inconnu : « {text} »")
    return text


def update_field(
    session: Session, ref: str | int, field: str, text: str, actor: str, note: str | None = None
) -> Device:
    device = find_writable(session, ref)
    value = parse_field(field, text)
    before = getattr(device, field)
    if before == value:
        return device
    setattr(device, field, value)
    try:
        _check_dates(device, field)
        if field in ("serial", "asset_tag", "name"):
            _check_unique_key(session, device, device.entity_id)
    except LifecycleError:
        setattr(device, field, before)  # a caller that goes on with the session sees no change
        raise
    record_event(session, device, "update", {field: before}, {field: value}, actor, note)
    session.flush()
    return device


def _check_dates(device: Device, field: str) -> None:
    """The date rules of the import (validate.py), so an edit cannot store what an
    import would reject: no purchase in the future or before 1990, no retirement
    before the purchase."""
    if field not in ("purchase_date", "commissioning_date", "retirement_date"):
        return
    labels = {"purchase_date": "date d'achat", "commissioning_date": "date de mise en service"}
    value = getattr(device, field)
    if field in labels and value is not None:
        if value > date.today():
            raise LifecycleError(f"{labels[field]} dans le futur : {value:%d/%m/%Y}")
        if value.year < EARLIEST_YEAR:
            raise LifecycleError(f"{labels[field]} antérieure à {EARLIEST_YEAR}")
    start = device.purchase_date or device.commissioning_date
    if device.retirement_date is not None and start is not None and device.retirement_date < start:
        raise LifecycleError(
            f"date de retrait ({device.retirement_date:%d/%m/%Y}) antérieure à la date "
            f"d'achat ({start:%d/%m/%Y})"
        )


def _check_unique_key(session: Session, device: Device, entity_id: int) -> None:
    """Refuse a change that gives ``device`` (in ``entity_id``) the identity of another
    device (docs/import.md, « Identité d'un appareil »): manufacturer and folded serial
    whatever the entity, folded asset tag within the entity, else the name there."""
    keys = keys_of(
        {
            "serial": device.serial,
            "asset_tag": device.asset_tag,
            "manufacturer": device.manufacturer,
        }
    )
    checks: list[tuple[str, str, Any]] = []
    if keys["serial_key"]:
        checks.append(
            (
                "numéro de série",
                device.serial or "",
                (Device.serial_key == keys["serial_key"])
                # An unknown manufacturer contradicts none (as the import matches).
                & (
                    or_(Device.maker_key == keys["maker_key"], Device.maker_key == "")
                    if keys["maker_key"]
                    else true()
                ),
            )
        )
    if keys["tag_key"]:
        checks.append(
            (
                "numéro d'inventaire",
                device.asset_tag or "",
                (Device.tag_key == keys["tag_key"]) & (Device.entity_id == entity_id),
            )
        )
    if not checks and device.name:
        checks.append(
            (
                "nom",
                device.name,
                (func.upper(func.trim(Device.name)) == device.name.strip().upper())
                & (Device.entity_id == entity_id)
                & Device.serial.is_(None)
                & Device.asset_tag.is_(None),
            )
        )
    for label, value, condition in checks:
        other = session.scalars(
            select(Device.id).where(condition, Device.id != device.id).limit(1)
        ).first()
        if other is not None:
            scope = "" if label == "numéro de série" else " dans la même entité"
            raise LifecycleError(f"{label} « {value} » déjà porté par l'appareil n° {other}{scope}")


def device_events(session: Session, ref: str | int) -> list[dict[str, Any]]:
    device = find_device(session, ref)
    events = session.scalars(
        select(DeviceEvent).where(DeviceEvent.device_id == device.id).order_by(DeviceEvent.id)
    )
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "actor": e.actor,
            "before": e.before,
            "after": e.after,
            "note": e.note,
        }
        for e in events
    ]
