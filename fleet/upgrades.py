"""Upgrades: a part changed on a device to extend its life instead of replacing it.

An upgrade (more memory, a new or larger disk, a new battery) is a
``device_event`` of kind ``upgrade``, dated the day the work was done, whose
``after`` names the component (and ``before``/``after`` the capacity when it
changed). The REEN indicator « part du parc mis à niveau plutôt que remplacé »
counts the devices in service with an upgrade in the year (docs/reports.md).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Final

from sqlalchemy.orm import Session

from .lifecycle import LifecycleError, find_device, record_event
from .models.device import UPGRADE_KIND, Device

#: Upgradable components, with the device column that holds their capacity (if any).
COMPONENTS: Final[dict[str, str | None]] = {
    "ram": "ram_gb",
    "storage": "storage_gb",
    "battery": None,
}
#: French names of the components, for messages.
COMPONENT_LABELS: Final[dict[str, str]] = {
    "ram": "mémoire vive",
    "storage": "stockage",
    "battery": "batterie",
}


def record_upgrade(
    session: Session,
    ref: str | int,
    component: str,
    actor: str,
    on: date | None = None,
    capacity: float | None = None,
    note: str | None = None,
) -> Device:
    """Record that ``component`` of the device ``ref`` was upgraded on ``on`` (today by
    default); ``capacity`` (Go) is the new memory or storage size, stored on the device."""
    if component not in COMPONENTS:
        raise LifecycleError(
            f"composant inconnu : « {component} » (attendu : {', '.join(COMPONENTS)})"
        )
    device = find_device(session, ref)
    day = on or date.today()
    if day > date.today():
        raise LifecycleError(f"date de mise à niveau dans le futur : {day:%d/%m/%Y}")
    start = device.purchase_date or device.commissioning_date
    if start is not None and day < start:
        raise LifecycleError(
            f"date de mise à niveau ({day:%d/%m/%Y}) antérieure à l'acquisition ({start:%d/%m/%Y})"
        )
    if device.retirement_date is not None and day > device.retirement_date:
        raise LifecycleError(
            f"date de mise à niveau ({day:%d/%m/%Y}) postérieure au retrait "
            f"({device.retirement_date:%d/%m/%Y})"
        )
    column = COMPONENTS[component]
    before: dict[str, object] = {"component": component}
    after: dict[str, object] = {"component": component}
    if capacity is not None:
        if column is None:
            raise LifecycleError(
                f"la {COMPONENT_LABELS[component]} n'a pas de capacité à enregistrer"
            )
        if not math.isfinite(capacity) or capacity <= 0:
            raise LifecycleError(f"capacité invalide : {capacity:g} (nombre de Go positif)")
        before[column] = getattr(device, column)
        after[column] = capacity
        setattr(device, column, capacity)
    at = datetime(day.year, day.month, day.day)
    record_event(session, device, UPGRADE_KIND, before, after, actor, note, at=at)
    session.flush()
    return device
