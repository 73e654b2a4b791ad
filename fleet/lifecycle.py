"""Changes to one device after import: status, transfer, field edits.

Each change writes a ``device_event`` with the values before and after, so the
history of every device can be shown and audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES

from .entities import get_entity
from .models import Device, DeviceEvent, Entity


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
    "quantity": int,
    "classified": bool,
    "notes": str,
}


def find_device(session: Session, ref: str | int) -> Device:
    """A device by id, serial or asset tag (in that order)."""
    text = str(ref).strip()
    device = None
    if text.isdigit():
        device = session.get(Device, int(text))
    if device is None:
        device = session.scalars(select(Device).where(Device.serial == text)).first()
    if device is None:
        device = session.scalars(select(Device).where(Device.asset_tag == text)).first()
    if device is None:
        raise LifecycleError(
            f"appareil introuvable : « {text} » (n°, numéro de série ou d'inventaire)"
        )
    return device


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def record_event(
    session: Session,
    device: Device,
    kind: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor: str,
    note: str | None = None,
) -> None:
    session.add(
        DeviceEvent(
            device_id=device.id,
            kind=kind,
            before={k: _jsonable(v) for k, v in (before or {}).items()} or None,
            after={k: _jsonable(v) for k, v in (after or {}).items()} or None,
            actor=actor,
            note=note,
        )
    )


def set_status(
    session: Session, ref: str | int, status: str, actor: str, note: str | None = None
) -> Device:
    if status not in STATUSES:
        raise LifecycleError(f"statut inconnu : « {status} » (attendu : {', '.join(STATUSES)})")
    device = find_device(session, ref)
    if device.status == status:
        return device
    before = {"status": device.status, "retirement_date": device.retirement_date}
    device.status = status
    if status in ("retired", "disposed") and device.retirement_date is None:
        device.retirement_date = date.today()
    after = {"status": device.status, "retirement_date": device.retirement_date}
    record_event(session, device, "status", before, after, actor, note)
    session.flush()
    return device


def transfer(
    session: Session, ref: str | int, entity_name: str, actor: str, note: str | None = None
) -> Device:
    device = find_device(session, ref)
    target = get_entity(session, entity_name)
    if target.id == device.entity_id:
        raise LifecycleError(f"l'appareil appartient déjà à « {target.name} »")
    source = session.get(Entity, device.entity_id)
    before = {"entity": source.name if source else None, "site_id": device.site_id}
    device.entity_id = target.id
    device.site_id = None
    record_event(session, device, "transfer", before, {"entity": target.name}, actor, note)
    session.flush()
    return device


def parse_field(field: str, text: str) -> Any:
    """Read a user's text as the field's type; empty text clears the field."""
    if field not in EDITABLE_FIELDS:
        raise LifecycleError(
            f"champ non modifiable : « {field} » (champs : {', '.join(EDITABLE_FIELDS)})"
        )
    kind = EDITABLE_FIELDS[field]
    text = text.strip()
    if text == "":
        if field in ("category", "quantity", "acquisition", "classified"):
            raise LifecycleError(f"le champ « {field} » ne peut pas être vide")
        return None
    try:
        if kind is date:
            if "/" in text:
                day, month, year = (int(p) for p in text.split("/"))
                return date(year, month, day)
            return date.fromisoformat(text)
        if kind is float:
            return float(text.replace(",", ".").replace(" ", ""))
        if kind is int:
            value = int(text)
            if value < 1:
                raise ValueError
            return value
        if kind is bool:
            return text.lower() in ("1", "oui", "yes", "true", "vrai")
    except ValueError as exc:
        raise LifecycleError(f"valeur invalide pour « {field} » : « {text} »") from exc
    if field == "category" and text not in CATEGORIES:
        raise LifecycleError(f"catégorie inconnue : « {text} »")
    if field == "acquisition" and text not in ACQUISITIONS:
        raise LifecycleError(f"mode d'acquisition inconnu : « {text} »")
    return text


def update_field(
    session: Session, ref: str | int, field: str, text: str, actor: str, note: str | None = None
) -> Device:
    device = find_device(session, ref)
    value = parse_field(field, text)
    before = getattr(device, field)
    if before == value:
        return device
    setattr(device, field, value)
    record_event(session, device, "update", {field: before}, {field: value}, actor, note)
    session.flush()
    return device


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
