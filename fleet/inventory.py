"""The inventory as people look at it: devices with their entity and site names.

``list_devices`` feeds ``ecoparc devices list`` (table, CSV, JSON) and uses the
field names of docs/architecture.md §3; ``get_device`` adds the history of one device.
User pseudonyms are not part of the list (RGPD: exports carry no user data
unless asked); ``get_device`` shows the stored key of the one device asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from .entities import EntityError
from .fields import HARDWARE_FIELDS
from .lifecycle import device_events, find_device
from .models import Device, Entity, Site
from .queries import entity_ids

#: Columns of the device list, in display order.
DEVICE_FIELDS: tuple[str, ...] = (
    "id",
    "entity",
    "name",
    "asset_tag",
    "serial",
    "quantity",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "commissioning_date",
    "retirement_date",
    "acquisition",
    "status",
    "price_eur",
    "condition",
    "site",
    "department",
    *HARDWARE_FIELDS,
    "annual_kwh",
    "weight_kg",
    "eco_label",
    "first_life_years",
    "classified",
    "reuse_flagged",
    "notes",
    "batch_id",
)

_DATES = ("purchase_date", "commissioning_date", "retirement_date")


def _select() -> Any:
    site = aliased(Site)
    columns = [
        Device.id,
        Entity.name.label("entity"),
        *(getattr(Device, f) for f in DEVICE_FIELDS[2:16]),
        site.name.label("site"),
        *(getattr(Device, f) for f in DEVICE_FIELDS[17:]),
    ]
    return (
        select(*columns)
        .join(Entity, Entity.id == Device.entity_id)
        .outerjoin(site, site.id == Device.site_id)
    )


def list_devices(
    session: Session,
    entity: str | Sequence[str] | None = None,
    category: str | Sequence[str] | None = None,
    status: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Devices in scope (an entity includes its sub-bodies), ordered by id."""
    stmt = _select()
    if entity:
        names = [entity] if isinstance(entity, str) else list(entity)
        ids = entity_ids(session, names)
        if not ids:
            raise EntityError(f"entité inconnue : « {', '.join(names)} »")
        stmt = stmt.where(Device.entity_id.in_(ids))
    if category:
        stmt = stmt.where(
            Device.category.in_([category] if isinstance(category, str) else category)
        )
    if status:
        stmt = stmt.where(Device.status.in_([status] if isinstance(status, str) else status))
    rows = session.execute(stmt.order_by(Device.id)).all()
    frame = pd.DataFrame.from_records(rows, columns=list(DEVICE_FIELDS))
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[s]")
    return frame


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: ISO dates, None for missing values, plain Python numbers."""
    out = frame.copy()
    for column in _DATES:
        if column in out:
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    return [
        {str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in out.to_dict("records")
    ]


def get_device(session: Session, ref: str | int) -> dict[str, Any]:
    """One device (by id, serial or asset tag) with its user key and its history."""
    device = find_device(session, ref)
    row = session.execute(_select().where(Device.id == device.id)).one()
    frame = pd.DataFrame.from_records([row], columns=list(DEVICE_FIELDS))
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[s]")
    detail = records(frame)[0]
    detail["user_key"] = device.user_key
    detail["events"] = device_events(session, device.id)
    return detail
