"""The reuse channel in the database: partners, needs, and the exit of devices.

A device leaves in three steps, each written as a ``device_event`` whose before
and after carry the ``status`` (and, for a move, the ``entity``), so the fleet of
any past date can be rebuilt from the events:

1. **assign** — a disposal is opened for a channel (and a partner, or a
   receiving entity for an internal redeployment); the device becomes
   ``reuse_pending`` and gets a retirement date if it had none. When only some
   units of a lot leave, the lot is split first and only the new row moves on.
2. **erase** — the data-erasure method and its certificate are recorded (ANSSI:
   cryptographic erase, manufacturer secure erase or CSPN software, physical
   destruction; ``no_storage`` states that the device holds no data).
3. **dispose** — refused while no erasure is recorded; the hand-over date and
   proof of reuse are recorded and the device becomes ``disposed``. An internal
   redeployment instead moves the device to the receiving entity, back
   ``in_service`` with its retirement date cleared; the disposal keeps the
   giver and the retirement day for the décret 2023-266 rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, aliased

from factors.vocabulary import (
    CATEGORIES,
    DISPOSAL_CHANNELS,
    PARTNER_KIND_LABELS,
    STATUS_LABELS,
)

from .db import lock_for_write
from .entities import EntityError, find_entity, get_entity
from .lifecycle import EXIT_STEPS, find_device, find_writable, open_exit, record_event
from .lookup import find_by_name, known_names
from .models import Device, Disposal, Entity, Need, Partner, utcnow
from .queries import entity_ids

#: Data-erasure methods (ANSSI recommendations 2023, NIST SP 800-88 levels), French and
#: English labels (docs/regulation.md §5 and §8).
ERASURE_METHODS: dict[str, tuple[str, str]] = {
    "crypto_erase": (
        "effacement cryptographique, destruction de la clé (NIST : purge)",
        "cryptographic erase, key destroyed (NIST: purge)",
    ),
    "secure_erase": (
        "effacement sécurisé, outil du fabricant ou hdparm (NIST : purge)",
        "secure erase, manufacturer tool or hdparm (NIST: purge)",
    ),
    "cspn_software": (
        "logiciel d'effacement certifié CSPN (NIST : purge)",
        "CSPN-certified erasure software (NIST: purge)",
    ),
    "factory_reset": (
        "réinitialisation d'usine d'un appareil chiffré, smartphone ou tablette (NIST : purge)",
        "factory reset of an encrypted device, phone or tablet (NIST: purge)",
    ),
    "physical_destruction": (
        "destruction physique du support (NIST : destruction)",
        "physical destruction of storage (NIST: destroy)",
    ),
    "no_storage": ("sans support de données (constaté)", "no data storage (checked)"),
}

#: Categories that hold no data storage unless the device says it has some
#: (``storage_gb`` > 0): their erasure is « sans support de données », with no
#: certificate (docs/regulation.md §8). Every other category is presumed to hold data.
STORAGELESS_CATEGORIES: frozenset[str] = frozenset(
    {"monitor", "display", "docking_station", "projector"}
)


def has_storage(category: str, storage_gb: float | None) -> bool:
    """Whether a device holds data storage: its recorded capacity, else its category."""
    if storage_gb is not None:
        return storage_gb > 0
    return category not in STORAGELESS_CATEGORIES


#: Kinds of partners, French and English labels (the kernel's vocabulary).
PARTNER_KINDS: dict[str, tuple[str, str]] = PARTNER_KIND_LABELS

#: Statuses from which a device may be assigned to a channel.
ASSIGNABLE_STATUSES: tuple[str, ...] = ("in_service", "in_stock", "broken", "retired")

PARTNER_COLUMNS: tuple[str, ...] = (
    "partner_id",
    "name",
    "kind",
    "categories",
    "territory",
    "contact",
    "installs_linux",
    "pickup_threshold_kg",
)
NEED_FRAME_COLUMNS: tuple[str, ...] = (
    "need_id",
    "entity",
    "entity_id",
    "category",
    "quantity",
    "assigned",
    "remaining",
    "min_ram_gb",
    "min_storage_gb",
    "note",
    "status",
)


class ReuseError(ValueError):
    """A refused reuse operation, with a message for the user."""


# ---------------------------------------------------------------------------- partners


def _categories_text(categories: str | Iterable[str] | None) -> str | None:
    if categories is None:
        return None
    items = categories.split("|") if isinstance(categories, str) else list(categories)
    cleaned = [c.strip() for c in items if c.strip()]
    unknown = [c for c in cleaned if c not in CATEGORIES]
    if unknown:
        raise ReuseError(f"catégorie inconnue : {', '.join(unknown)}")
    return "|".join(cleaned) or None


def add_partner(
    session: Session,
    name: str,
    kind: str,
    *,
    categories: str | Iterable[str] | None = None,
    territory: str | None = None,
    contact: str | None = None,
    installs_linux: bool = False,
    pickup_threshold_kg: float | None = None,
) -> Partner:
    name = name.strip()
    if not name:
        raise ReuseError("le nom du partenaire est vide")
    if kind not in PARTNER_KINDS:
        raise ReuseError(
            f"type de partenaire inconnu : « {kind} » (attendu : {', '.join(PARTNER_KINDS)})"
        )
    if session.scalar(select(Partner.id).where(func.lower(Partner.name) == name.lower())):
        raise ReuseError(f"le partenaire « {name} » existe déjà")
    if pickup_threshold_kg is not None and pickup_threshold_kg <= 0:
        raise ReuseError("le seuil d'enlèvement doit être positif")
    partner = Partner(
        name=name,
        kind=kind,
        categories=_categories_text(categories),
        territory=territory,
        contact=contact,
        installs_linux=installs_linux,
        pickup_threshold_kg=pickup_threshold_kg,
    )
    session.add(partner)
    session.flush()
    return partner


def find_partner(session: Session, name: str) -> Partner:
    """A partner by exact name, else without case; ReuseError listing the partners."""
    partner = find_by_name(session, Partner, name)
    if partner is None:
        known = known_names(session, Partner)
        raise ReuseError(f"partenaire inconnu : « {name} » (partenaires : {known or 'aucun'})")
    return partner


def partners_frame(session: Session) -> pd.DataFrame:
    """Every partner, in id order (the routing picks the first that fits)."""
    rows = session.execute(
        select(
            Partner.id,
            Partner.name,
            Partner.kind,
            Partner.categories,
            Partner.territory,
            Partner.contact,
            Partner.installs_linux,
            Partner.pickup_threshold_kg,
        ).order_by(Partner.id)
    ).all()
    frame = pd.DataFrame(rows, columns=list(PARTNER_COLUMNS))
    frame["partner_id"] = frame["partner_id"].astype("int64")
    for column in ("name", "kind", "categories", "territory", "contact"):
        frame[column] = frame[column].astype("str")
    frame["installs_linux"] = frame["installs_linux"].fillna(False).astype(bool)
    frame["pickup_threshold_kg"] = pd.to_numeric(frame["pickup_threshold_kg"]).astype("float64")
    return frame


# ---------------------------------------------------------------------------- needs


def add_need(
    session: Session,
    entity: str,
    category: str,
    *,
    quantity: int = 1,
    min_ram_gb: float | None = None,
    min_storage_gb: float | None = None,
    note: str | None = None,
) -> Need:
    if category not in CATEGORIES:
        raise ReuseError(f"catégorie inconnue : « {category} »")
    if quantity < 1:
        raise ReuseError("la quantité demandée doit être au moins 1")
    for label, value in (("mémoire", min_ram_gb), ("stockage", min_storage_gb)):
        if value is not None and value < 0:
            raise ReuseError(f"{label} minimale négative")
    try:
        owner = get_entity(session, entity)
    except EntityError as exc:
        raise ReuseError(str(exc)) from exc
    need = Need(
        entity_id=owner.id,
        category=category,
        quantity=quantity,
        min_ram_gb=min_ram_gb,
        min_storage_gb=min_storage_gb,
        note=note,
        status="open",
    )
    session.add(need)
    session.flush()
    return need


def needs_frame(session: Session, open_only: bool = True) -> pd.DataFrame:
    """Needs with the units already assigned to them and what remains to find."""
    assigned = (
        select(Disposal.need_id, func.sum(Disposal.quantity).label("units"))
        .where(Disposal.need_id.is_not(None))
        .group_by(Disposal.need_id)
        .subquery()
    )
    stmt = (
        select(
            Need.id,
            Entity.name,
            Need.entity_id,
            Need.category,
            Need.quantity,
            func.coalesce(assigned.c.units, 0),
            Need.min_ram_gb,
            Need.min_storage_gb,
            Need.note,
            Need.status,
        )
        .join(Entity, Entity.id == Need.entity_id)
        .outerjoin(assigned, assigned.c.need_id == Need.id)
        .order_by(Need.id)
    )
    if open_only:
        stmt = stmt.where(Need.status.in_(("open", "partially_fulfilled")))
    columns = [c for c in NEED_FRAME_COLUMNS if c != "remaining"]
    frame = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    for column in ("need_id", "entity_id", "quantity", "assigned"):
        frame[column] = frame[column].astype("int64")
    frame["remaining"] = (frame["quantity"] - frame["assigned"]).clip(lower=0).astype("int64")
    for column in ("min_ram_gb", "min_storage_gb"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    for column in ("entity", "category", "note", "status"):
        frame[column] = frame[column].astype("str")
    return frame[list(NEED_FRAME_COLUMNS)]


def _refresh_need(session: Session, need: Need) -> None:
    units = int(
        session.scalar(
            select(func.coalesce(func.sum(Disposal.quantity), 0)).where(Disposal.need_id == need.id)
        )
        or 0
    )
    if need.status == "cancelled":
        return
    if units >= need.quantity:
        need.status = "fulfilled"
    elif units > 0:
        need.status = "partially_fulfilled"
    else:
        need.status = "open"


# ---------------------------------------------------------------------------- exits


def _state(device: Device) -> dict[str, Any]:
    return {"status": device.status, "retirement_date": device.retirement_date}


def split_lot(session: Session, device: Device, units: int, actor: str) -> Device:
    """Move ``units`` of a lot to a new device row (same facts) and return it.

    The new row's serial, asset tag and name get a ``/<its id>`` suffix: the
    natural key must stay unique, or the next import of the original file, a
    status change or an erasure by asset tag could land on the wrong part.
    """
    if not 0 < units < device.quantity:
        raise ReuseError(f"impossible de prendre {units} unités d'un lot de {device.quantity}")
    keys = ("serial", "asset_tag", "name")
    copied = {
        attr.key: getattr(device, attr.key)
        for attr in inspect(Device).column_attrs
        if attr.key not in ("id", "created_at", "updated_at", *keys)
    }
    # The part is written without its keys first (they are unique, and its
    # suffix needs its id), then given the suffixed ones.
    part = Device(**{**copied, "quantity": units})
    device.quantity -= units
    session.add(part)
    session.flush()
    for key in keys:
        value = getattr(device, key)
        if value:
            setattr(part, key, f"{value}/{part.id}")
    note = f"lot divisé : {units} unités passent à l'appareil n° {part.id}"
    record_event(
        session,
        device,
        "split",
        {"quantity": device.quantity + units},
        {"quantity": device.quantity},
        actor,
        note,
    )
    record_event(
        session,
        part,
        "split",
        None,
        {"quantity": units, "split_from": device.id},
        actor,
        f"{units} unités issues du lot n° {device.id}",
    )
    return part


def assign(
    session: Session,
    ref: str | int,
    channel: str,
    actor: str,
    *,
    partner: str | None = None,
    to_entity: str | None = None,
    need_id: int | None = None,
    quantity: int | None = None,
    value_eur: float | None = None,
    reason: str | None = None,
    on: date | None = None,
) -> Disposal:
    """Open the exit of a device (or of ``quantity`` units of a lot) through ``channel``."""
    if channel not in DISPOSAL_CHANNELS:
        raise ReuseError(
            f"voie inconnue : « {channel} » (attendu : {', '.join(DISPOSAL_CHANNELS)})"
        )
    device = _device(session, ref)
    if device.status not in ASSIGNABLE_STATUSES:
        raise ReuseError(
            f"l'appareil n° {device.id} est « {STATUS_LABELS[device.status][0]} » : "
            "il est déjà orienté ou sorti"
        )
    need = None
    target = None
    if need_id is not None:
        need = session.get(Need, need_id)
        if need is None:
            raise ReuseError(f"besoin inconnu : n° {need_id}")
        if channel != "internal_redeploy":
            raise ReuseError("un besoin ne se sert que par redéploiement interne")
        target = session.get(Entity, need.entity_id)
    if to_entity is not None:
        try:
            target = get_entity(session, to_entity)
        except EntityError as exc:
            raise ReuseError(str(exc)) from exc
    if channel == "internal_redeploy":
        if target is None:
            raise ReuseError("un redéploiement interne demande l'entité qui reçoit (ou un besoin)")
        if target.id == device.entity_id:
            raise ReuseError(f"l'appareil appartient déjà à « {target.name} »")
    elif target is not None:
        raise ReuseError("seul un redéploiement interne a une entité destinataire")
    chosen = find_partner(session, partner) if partner else None
    if chosen is not None and channel == "internal_redeploy":
        raise ReuseError("un redéploiement interne n'a pas de partenaire")
    units = quantity or device.quantity
    if units > device.quantity:
        raise ReuseError(f"l'appareil n° {device.id} ne compte que {device.quantity} unité(s)")
    if units < device.quantity:
        device = split_lot(session, device, units, actor)
    before = _state(device)
    device.status = "reuse_pending"
    if device.retirement_date is None:
        device.retirement_date = on or date.today()
    disposal = Disposal(
        device_id=device.id,
        quantity=units,
        channel=channel,
        partner_id=chosen.id if chosen else None,
        need_id=need.id if need else None,
        to_entity_id=target.id if target else None,
        from_entity_id=device.entity_id,
        retired_on=device.retirement_date,
        value_eur=value_eur,
        reason=reason,
    )
    session.add(disposal)
    session.flush()
    after = {
        **_state(device),
        "channel": channel,
        "partner": chosen.name if chosen else None,
        "to_entity": target.name if target else None,
        "quantity": units,
        "disposal_id": disposal.id,
    }
    record_event(session, device, "reuse_assign", before, after, actor, reason)
    if need is not None:
        _refresh_need(session, need)
    session.flush()
    return disposal


def _device(session: Session, ref: str | int) -> Device:
    try:
        return find_device(session, ref)
    except ValueError as exc:
        raise ReuseError(str(exc)) from exc


def open_disposal(session: Session, device: Device) -> Disposal:
    """The disposal of a device not yet handed over; refuses when there is none."""
    disposal = open_exit(session, device)
    if disposal is None:
        raise ReuseError(
            f"l'appareil n° {device.id} n'est orienté vers aucune voie : "
            f"étape manquante : {EXIT_STEPS['assign']}"
        )
    return disposal


def return_to_stock(
    session: Session, ref: str | int, actor: str, reason: str | None = None
) -> Device:
    """Put a candidate back in its entity's spare pool (route ``spare_pool``,
    docs/regulation.md §7): in stock, no longer flagged, no retirement date."""
    device = _device(session, ref)
    if device.status not in ASSIGNABLE_STATUSES:
        raise ReuseError(
            f"l'appareil n° {device.id} est « {STATUS_LABELS[device.status][0]} » : "
            "il est déjà orienté ou sorti"
        )
    if device.status == "broken":
        raise ReuseError(f"l'appareil n° {device.id} est en panne : il ne rejoint pas le stock")
    before = {**_state(device), "reuse_flagged": device.reuse_flagged}
    device.status = "in_stock"
    device.retirement_date = None
    device.reuse_flagged = False
    after = {**_state(device), "reuse_flagged": False}
    record_event(session, device, "reuse_keep", before, after, actor, reason)
    session.flush()
    return device


def record_erasure(
    session: Session,
    ref: str | int,
    method: str,
    certificate: str,
    actor: str,
    at: datetime | None = None,
) -> Disposal:
    """Record how the device's data were erased and the certificate that proves it.

    A device with storage needs an erasure method and its certificate; a device
    without (:func:`has_storage`) is recorded « sans support de données », with no
    certificate (docs/regulation.md §8)."""
    if method not in ERASURE_METHODS:
        raise ReuseError(
            f"méthode d'effacement inconnue : « {method} » (attendu : {', '.join(ERASURE_METHODS)})"
        )
    device = _device(session, ref)
    disposal = open_disposal(session, device)
    storage = has_storage(device.category, device.storage_gb)
    if method == "no_storage" and storage:
        raise ReuseError(
            f"l'appareil n° {device.id} a un support de données : choisissez une méthode "
            "d'effacement et donnez la référence de son certificat"
        )
    if method != "no_storage" and not certificate.strip():
        raise ReuseError(
            f"la référence du certificat d'effacement est vide (appareil n° {device.id})"
        )
    before = {
        "erasure_method": disposal.erasure_method,
        "erasure_certificate": disposal.erasure_certificate,
    }
    disposal.erasure_method = method
    disposal.erasure_certificate = certificate.strip() or None
    disposal.erased_at = at or utcnow()
    after = {"erasure_method": method, "erasure_certificate": disposal.erasure_certificate}
    record_event(session, device, "reuse_erase", before, after, actor)
    session.flush()
    return disposal


def _missing_erasure(device: Device) -> str:
    label = device.serial or device.asset_tag or device.name or ""
    return f"n° {device.id}" + (f" ({label})" if label else "")


def dispose(
    session: Session,
    ref: str | int,
    actor: str,
    *,
    proof: str | None = None,
    on: date | None = None,
) -> Disposal:
    """Hand the device over: refused without an erasure record."""
    device = _device(session, ref)
    disposal = open_disposal(session, device)
    if disposal.erasure_method is None:
        raise ReuseError(
            f"remise refusée : aucun effacement des données enregistré pour l'appareil "
            f"{_missing_erasure(device)} ; étape manquante : {EXIT_STEPS['erase']}"
        )
    day = on or date.today()
    disposal.disposed_on = day
    if proof:
        disposal.proof_reference = proof
    before = _state(device)
    if disposal.channel == "internal_redeploy":
        giver = session.get(Entity, device.entity_id)
        target = session.get(Entity, disposal.to_entity_id)
        assert target is not None  # assign() guarantees a receiving entity
        device.entity_id = target.id
        device.site_id = None
        device.status = "in_service"
        device.retirement_date = None
        record_event(
            session,
            device,
            "transfer",
            {"entity": giver.name if giver else None},
            {"entity": target.name},
            actor,
            f"redéploiement interne (sortie n° {disposal.id})",
        )
    else:
        device.status = "disposed"
    after = {**_state(device), "disposed_on": day, "proof_reference": disposal.proof_reference}
    record_event(session, device, "reuse_dispose", before, after, actor)
    session.flush()
    return disposal


def record_proof(session: Session, ref: str | int, proof: str, actor: str) -> Disposal:
    """Record the proof of reuse received after the hand-over (décret 2023-266)."""
    device = _device(session, ref)
    disposal = session.scalar(
        select(Disposal)
        .where(Disposal.device_id == device.id, Disposal.disposed_on.is_not(None))
        .order_by(Disposal.id.desc())
    )
    if disposal is None:
        step = "handover" if open_exit(session, device) is not None else "assign"
        raise ReuseError(
            f"l'appareil n° {device.id} n'a pas encore été remis : "
            f"étape manquante : {EXIT_STEPS[step]}"
        )
    before = {"proof_reference": disposal.proof_reference}
    disposal.proof_reference = proof
    record_event(session, device, "reuse_proof", before, {"proof_reference": proof}, actor)
    session.flush()
    return disposal


def set_flag(session: Session, ref: str | int, actor: str, flagged: bool = True) -> Device:
    """Mark (or unmark) a device by hand as a reuse candidate (a login that may not
    change its entity is refused, naming it)."""
    try:
        device = find_writable(session, ref)
    except ValueError as exc:
        raise ReuseError(str(exc)) from exc
    if device.reuse_flagged != flagged:
        record_event(
            session,
            device,
            "update",
            {"reuse_flagged": device.reuse_flagged},
            {"reuse_flagged": flagged},
            actor,
        )
        device.reuse_flagged = flagged
        session.flush()
    return device


def apply_matches(session: Session, allocations: pd.DataFrame, actor: str) -> list[Disposal]:
    """Assign each (need, device, units) of a matching as an internal redeployment.

    A bulk change: it first takes the write lock of the giving entities
    (docs/database.md, « Écritures simultanées »)."""
    devices = allocations["device_id"].to_numpy(dtype="int64")
    givers = session.scalars(
        select(Device.entity_id).where(Device.id.in_([int(d) for d in devices])).distinct()
    )
    lock_for_write(session, [f"entity:{int(e)}" for e in givers])
    need_ids = allocations["need_id"].to_numpy(dtype="int64")
    units = allocations["units"].to_numpy(dtype="int64")
    receivers = allocations["need_entity"].astype("str").tolist()
    return [
        assign(
            session,
            int(device),
            "internal_redeploy",
            actor,
            need_id=int(need),
            quantity=int(count),
            reason=f"besoin n° {int(need)} de « {receiver} »",
        )
        for device, need, count, receiver in zip(devices, need_ids, units, receivers, strict=True)
    ]


# ---------------------------------------------------------------------------- hand-over


@dataclass
class HandoverSlip:
    """What a hand-over slip lists: who receives, and each device with its erasure proof."""

    recipient: str
    recipient_kind: str
    channel: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    issued_on: date = field(default_factory=date.today)

    @property
    def units(self) -> int:
        return sum(int(line["quantity"]) for line in self.lines)


def handover_slip(
    session: Session, recipient: str, devices: Sequence[str | int] | None = None
) -> HandoverSlip:
    """The devices awaiting hand-over to a partner (or, for an internal redeployment,
    to an entity); refused when any of them has no erasure record."""
    partner = find_by_name(session, Partner, recipient)
    entity = None
    if partner is None:
        entity = find_entity(session, recipient)
        if entity is None:
            find_partner(session, recipient)  # raises with the list of partners
    stmt = (
        select(Disposal, Device)
        .join(Device, Device.id == Disposal.device_id)
        .where(Disposal.disposed_on.is_(None))
        .order_by(Disposal.id)
    )
    if partner is not None:
        stmt = stmt.where(Disposal.partner_id == partner.id)
    else:
        assert entity is not None
        stmt = stmt.where(Disposal.to_entity_id == entity.id)
    if devices:
        ids = [_device(session, ref).id for ref in devices]
        stmt = stmt.where(Disposal.device_id.in_(ids))
    found = session.execute(stmt).all()
    name = partner.name if partner is not None else entity.name  # type: ignore[union-attr]
    if not found:
        raise ReuseError(f"aucun appareil en attente de remise à « {name} »")
    missing = [device for disposal, device in found if disposal.erasure_method is None]
    if missing:
        listed = ", ".join(_missing_erasure(d) for d in missing)
        raise ReuseError(
            f"bordereau refusé : aucun effacement des données enregistré pour {listed} ; "
            f"étape manquante : {EXIT_STEPS['erase']}"
        )
    owners = {row.id: row.name for row in session.execute(select(Entity.id, Entity.name))}
    lines = [
        {
            "device_id": device.id,
            "entity": owners.get(device.entity_id, ""),
            "category": device.category,
            "manufacturer": device.manufacturer or "",
            "model": device.model or "",
            "serial": device.serial or "",
            "asset_tag": device.asset_tag or "",
            "quantity": disposal.quantity,
            "channel": disposal.channel,
            "value_eur": disposal.value_eur,
            "erasure_method": disposal.erasure_method,
            "erasure_certificate": disposal.erasure_certificate,
            "erased_at": disposal.erased_at,
        }
        for disposal, device in found
    ]
    channels = sorted({line["channel"] for line in lines})
    return HandoverSlip(
        recipient=name,
        recipient_kind=partner.kind if partner is not None else "internal",
        channel=", ".join(channels),
        lines=lines,
    )


# ---------------------------------------------------------------------------- progress

#: Columns of :func:`open_exits`.
OPEN_EXIT_COLUMNS: tuple[str, ...] = (
    "disposal_id",
    "device_id",
    "entity",
    "category",
    "manufacturer",
    "model",
    "serial",
    "quantity",
    "channel",
    "recipient",
    "has_storage",
    "erasure_method",
    "erasure_certificate",
    "disposed_on",
    "proof_reference",
    "step",
)


def open_exits(session: Session, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """The exits not finished (docs/regulation.md §8), oldest first, each with its
    next ``step``: ``erase``, ``handover``, or ``proof`` once handed over (an
    internal redeployment needs no proof: the device stays in the fleet).

    ``entities`` limits them to the exits given by those entities (and their
    sub-bodies); ``recipient`` is the partner, else the receiving entity."""
    giver = aliased(Entity)
    target = aliased(Entity)
    stmt = (
        select(
            Disposal.id,
            Disposal.device_id,
            giver.name,
            Device.category,
            Device.manufacturer,
            Device.model,
            Device.serial,
            Disposal.quantity,
            Disposal.channel,
            func.coalesce(Partner.name, target.name),
            Device.storage_gb,
            Disposal.erasure_method,
            Disposal.erasure_certificate,
            Disposal.disposed_on,
            Disposal.proof_reference,
        )
        .join(Device, Device.id == Disposal.device_id)
        .join(giver, giver.id == func.coalesce(Disposal.from_entity_id, Device.entity_id))
        .outerjoin(target, target.id == Disposal.to_entity_id)
        .outerjoin(Partner, Partner.id == Disposal.partner_id)
        .where(
            Disposal.disposed_on.is_(None)
            | (Disposal.proof_reference.is_(None) & (Disposal.channel != "internal_redeploy"))
        )
        .order_by(Disposal.id)
    )
    if entities:
        stmt = stmt.where(giver.id.in_(entity_ids(session, entities)))
    rows = session.execute(stmt).all()
    columns = [c for c in OPEN_EXIT_COLUMNS if c not in ("has_storage", "step")]
    frame = pd.DataFrame(rows, columns=[*columns[:10], "storage_gb", *columns[10:]])
    frame["has_storage"] = [
        has_storage(str(c), None if pd.isna(s) else float(s))
        for c, s in zip(frame["category"], frame["storage_gb"], strict=True)
    ]
    frame["step"] = np.select(
        [frame["erasure_method"].isna().to_numpy(bool), frame["disposed_on"].isna().to_numpy(bool)],
        ["erase", "handover"],
        "proof",
    )
    for column in ("disposal_id", "device_id", "quantity"):
        frame[column] = frame[column].astype("int64")
    frame["disposed_on"] = pd.to_datetime(frame["disposed_on"]).astype("datetime64[ns]")
    return frame[list(OPEN_EXIT_COLUMNS)]
