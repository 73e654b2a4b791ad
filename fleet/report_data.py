"""What the regulatory reports need from the database, besides the fleet frame.

``footprint`` never opens the database: these queries hand it plain DataFrames
(entities with their agents and SIRET, the disposals of the reuse channel, the
status and transfer events from which the fleet of an earlier year is rebuilt,
the upgrades recorded on devices).
Column names are the contract read by ``footprint.indicators``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from . import snapshot
from .entities import valid_siret
from .models import Device, DeviceEvent, Disposal, Entity, Partner
from .models.device import UPGRADE_KIND
from .queries import entity_ids, session_rows
from .snapshot import document_key

ENTITY_COLUMNS: tuple[str, ...] = (
    "entity_id",
    "entity",
    "kind",
    "insee",
    "siret",
    "agents",
    "parent",
)
#: ``entities_frame`` adds ``siret_valid`` (14 digits and the INSEE check) for the AGEC file.
DISPOSAL_COLUMNS: tuple[str, ...] = (
    "disposal_id",
    "device_id",
    "from_entity",
    "to_entity",
    "category",
    "manufacturer",
    "model",
    "quantity",
    "channel",
    "partner",
    "partner_kind",
    "disposed_on",
    "retired_on",
    "value_eur",
    "weight_kg",
    "purchase_date",
    "classified",
    "proof_reference",
    "partner_id",
    "need_id",
    "erasure_method",
    "erasure_certificate",
)


def _scope(session: Session, entities: Sequence[str] | None) -> list[int] | None:
    return entity_ids(session, entities) if entities else None


def entities_frame(session: Session, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """Entities in scope (with their sub-bodies): name, agents (per-agent indicators), SIRET
    and whether it is valid (the AGEC declaration leaves out the others)."""
    parent = aliased(Entity)
    stmt = (
        select(
            Entity.id,
            Entity.name,
            Entity.kind,
            Entity.insee,
            Entity.siret,
            Entity.agents,
            parent.name,
        )
        .outerjoin(parent, parent.id == Entity.parent_id)
        .order_by(Entity.name)
    )
    ids = _scope(session, entities)
    if ids is not None:
        stmt = stmt.where(Entity.id.in_(ids))
    frame = pd.DataFrame(session.execute(stmt).all(), columns=list(ENTITY_COLUMNS))
    frame["entity_id"] = frame["entity_id"].astype("int64")
    frame["agents"] = pd.to_numeric(frame["agents"], errors="coerce").astype("float64")
    for column in ("entity", "kind", "insee", "siret", "parent"):
        frame[column] = frame[column].astype("str")
    frame["siret_valid"] = [valid_siret(s) if isinstance(s, str) else False for s in frame["siret"]]
    return frame


def disposals_frame(
    session: Session, entities: Sequence[str] | None = None, pending: bool = False
) -> pd.DataFrame:
    """Every exit recorded in the reuse channel, with the device facts the indicators need;
    with ``pending``, only the disposals assigned and not yet handed over (the workflow's queue).

    ``from_entity`` is the entity the device left (the disposal's giver, else the
    device's entity now); ``weight_kg`` the unit weight recorded on the device.
    """
    giver = aliased(Entity)
    owner = aliased(Entity)
    target = aliased(Entity)
    stmt = (
        select(
            Disposal.id,
            Disposal.device_id,
            func.coalesce(giver.name, owner.name),
            target.name,
            Device.category,
            Device.manufacturer,
            Device.model,
            Disposal.quantity,
            Disposal.channel,
            Partner.name,
            Partner.kind,
            Disposal.disposed_on,
            Disposal.retired_on,
            Disposal.value_eur,
            Device.weight_kg,
            Device.purchase_date,
            Device.classified,
            Disposal.proof_reference,
            Disposal.partner_id,
            Disposal.need_id,
            Disposal.erasure_method,
            Disposal.erasure_certificate,
        )
        .join(Device, Device.id == Disposal.device_id)
        .join(owner, owner.id == Device.entity_id)
        .outerjoin(giver, giver.id == Disposal.from_entity_id)
        .outerjoin(target, target.id == Disposal.to_entity_id)
        .outerjoin(Partner, Partner.id == Disposal.partner_id)
        .order_by(Disposal.id)
    )
    ids = _scope(session, entities)
    if ids is not None:
        stmt = stmt.where(func.coalesce(Disposal.from_entity_id, Device.entity_id).in_(ids))
    if pending:
        stmt = stmt.where(Disposal.disposed_on.is_(None))
    frame = pd.DataFrame(session.execute(stmt).all(), columns=list(DISPOSAL_COLUMNS))
    for column in ("disposal_id", "device_id"):
        frame[column] = frame[column].astype("int64")
    for column in ("partner_id", "need_id"):
        frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in ("disposed_on", "retired_on", "purchase_date"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    for column in ("value_eur", "weight_kg"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in (
        "from_entity",
        "to_entity",
        "category",
        "manufacturer",
        "model",
        "channel",
        "partner",
        "erasure_method",
        "erasure_certificate",
    ):
        frame[column] = frame[column].astype("str")
    frame["quantity"] = frame["quantity"].fillna(1).astype("int64")
    frame["classified"] = frame["classified"].fillna(False).astype(bool)
    return frame


def lifecycle_events(session: Session, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """Status changes and transfers, oldest first, to rebuild the fleet of a past date
    (:func:`fleet.snapshot.lifecycle_events`, the same query the quick start runs)."""
    return snapshot.lifecycle_events(session_rows(session), _scope(session, entities))


#: Columns of :func:`upgrade_events`.
UPGRADE_COLUMNS: tuple[str, ...] = ("device_id", "at", "component")


def upgrade_events(session: Session, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """Every upgrade recorded (:mod:`fleet.upgrades`): device, day, component."""
    stmt = (
        select(DeviceEvent.device_id, DeviceEvent.at, DeviceEvent.after)
        .where(DeviceEvent.kind == UPGRADE_KIND)
        .order_by(DeviceEvent.at, DeviceEvent.id)
    )
    ids = _scope(session, entities)
    if ids is not None:
        stmt = stmt.join(Device, Device.id == DeviceEvent.device_id).where(
            Device.entity_id.in_(ids)
        )
    rows = [(d, at, document_key(after, "component")) for d, at, after in session.execute(stmt)]
    frame = pd.DataFrame(rows, columns=list(UPGRADE_COLUMNS))
    frame["device_id"] = frame["device_id"].astype("int64")
    frame["at"] = pd.to_datetime(frame["at"], errors="coerce").astype("datetime64[ns]")
    frame["component"] = frame["component"].astype("str")
    return frame
