"""The exit of devices: route the candidates, assign them, record erasure,
hand-over and proof, match needs, batch WEEE pick-ups, measure the reuse rate.

Decisions and figures come from :mod:`footprint.reuse` (rules, routes,
indicators); changes go through :mod:`fleet.reuse`, which records an event for
each. A batch of devices is one unit of work, committed only when every device
took the change. The rules: docs/architecture.md and docs/regulation.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from factors.factor_set import FactorSet
from fleet.queries import fleet_frame
from fleet.report_data import disposals_frame
from fleet.reuse import (
    ERASURE_METHODS,
    HandoverSlip,
    ReuseError,
    add_need,
    add_partner,
    apply_matches,
    assign,
    dispose,
    handover_slip,
    needs_frame,
    partners_frame,
    record_erasure,
    record_proof,
    set_flag,
)
from footprint.reuse import (
    ReuseRules,
    RulesError,
    default_rules,
    load_rules,
    pickup_batches,
    reuse_indicators,
    route_devices,
)
from footprint.reuse.handover import write_handover_xlsx

from .errors import ServiceError
from .factor_sets import load_factor_set
from .footprint import load_fleet
from .uow import UnitOfWork
from .workspace import Workspace

#: Columns of the devices bound for recycling (:func:`weee_devices`).
WEEE_COLUMNS = [
    "device_id",
    "entity",
    "site",
    "category",
    "manufacturer",
    "model",
    "quantity",
    "weight_kg",
    "partner",
]


def read_rules(path: Path | None) -> ReuseRules:
    """The default rules, merged with a TOML file when one is given."""
    try:
        return load_rules(path)
    except RulesError as exc:
        raise ServiceError(str(exc), usage=exc.unreadable) from None


def _refused(exc: ReuseError) -> ServiceError:
    return ServiceError(str(exc))


# ---------------------------------------------------------------------------- routes


def _route(
    uow: UnitOfWork,
    frame: pd.DataFrame,
    rules: ReuseRules,
    factor_set: FactorSet,
    lang: str,
    as_of: date | None,
) -> pd.DataFrame:
    return route_devices(
        frame,
        rules,
        needs=needs_frame(uow.session),
        partners=partners_frame(uow.session),
        factor_set=factor_set,
        as_of=as_of,
        lang=lang,
    )


def route_candidates(
    uow: UnitOfWork,
    rules: ReuseRules,
    entities: Sequence[str] = (),
    factors: str | None = None,
    lang: str = "fr",
    as_of: date | None = None,
) -> pd.DataFrame:
    """Candidates of the fleet in scope with route, reason and partner."""
    frame = load_fleet(uow, entities)
    return _route(uow, frame, rules, load_factor_set(uow, factors), lang, as_of)


def workspace_routes(workspace: Workspace, entity: str | None, lang: str = "fr") -> pd.DataFrame:
    """The same candidates from an open workspace's cached fleet (default rules,
    its active factor set, its reference date)."""
    frame = workspace.scoped(workspace.fleet(), entity).reset_index(drop=True)
    with workspace.uow() as uow:
        routes = _route(uow, frame, default_rules(), workspace.factor_set(), lang, workspace.today)
    return routes.reset_index(drop=True)


def redeployments(routes: pd.DataFrame) -> pd.DataFrame:
    """The candidates routed to an internal redeployment: who gets what of the open needs."""
    return routes.loc[routes["route"] == "internal_redeploy"]


def apply_redeployments(uow: UnitOfWork, matches: pd.DataFrame, actor: str) -> int:
    """Assign each match (a row of :func:`redeployments`) to its need; commit all or none."""
    if matches.empty:
        return 0
    allocations = pd.DataFrame(
        {
            "device_id": matches["device_id"],
            "need_id": matches["need_id"],
            "need_entity": matches["to_entity"],
            "units": matches["quantity"],
        }
    )
    try:
        done = apply_matches(uow.session, allocations, actor)
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return len(done)


def assign_routes(uow: UnitOfWork, rows: pd.DataFrame, actor: str, on: date | None) -> int:
    """Assign each candidate row to its proposed route; commit all or none."""
    try:
        for row in rows.to_dict("records"):
            internal = row["route"] == "internal_redeploy"
            assign(
                uow.session,
                int(row["device_id"]),
                str(row["route"]),
                actor,
                partner=None if internal or pd.isna(row["partner_id"]) else str(row["partner"]),
                need_id=int(row["need_id"]) if internal else None,
                quantity=int(row["quantity"]),
                reason=str(row["reason"]),
                on=on,
            )
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return len(rows)


# ---------------------------------------------------------------------------- workflow


@dataclass(frozen=True)
class Assignment:
    """One exit opened: the device (or the part split off a lot), units, channel."""

    device_id: int
    quantity: int
    channel: str
    disposal_id: int


def assign_devices(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    channel: str,
    actor: str,
    *,
    partner: str | None = None,
    to_entity: str | None = None,
    need_id: int | None = None,
    quantity: int | None = None,
    value_eur: float | None = None,
    reason: str | None = None,
) -> list[Assignment]:
    """Open the exit of devices through ``channel``; commit all or none."""
    done = []
    try:
        for key in keys:
            disposal = assign(
                uow.session,
                key,
                channel,
                actor,
                partner=partner,
                to_entity=to_entity,
                need_id=need_id,
                quantity=quantity,
                value_eur=value_eur,
                reason=reason,
            )
            done.append(
                Assignment(disposal.device_id, disposal.quantity, disposal.channel, disposal.id)
            )
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return done


def flag_devices(
    uow: UnitOfWork, keys: Sequence[str | int], actor: str, flagged: bool
) -> list[int]:
    """Flag (or unflag) devices by hand as reuse candidates; commit all or none."""
    try:
        done = [set_flag(uow.session, key, actor, flagged=flagged).id for key in keys]
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return done


def record_erasures(
    uow: UnitOfWork, keys: Sequence[str | int], method: str, certificate: str, actor: str
) -> list[int]:
    """Record the data erasure (ANSSI method, certificate) of devices; all or none."""
    try:
        done = [
            record_erasure(uow.session, key, method, certificate, actor).device_id for key in keys
        ]
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return done


@dataclass(frozen=True)
class Handed:
    device_id: int
    disposed_on: date | None
    channel: str


def hand_over(
    uow: UnitOfWork,
    keys: Sequence[str | int],
    actor: str,
    proof: str | None = None,
    on: date | None = None,
) -> list[Handed]:
    """Record the hand-over of devices (refused without erasure); all or none."""
    try:
        done = []
        for key in keys:
            disposal = dispose(uow.session, key, actor, proof=proof, on=on)
            done.append(Handed(disposal.device_id, disposal.disposed_on, disposal.channel))
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return done


def record_reuse_proof(uow: UnitOfWork, key: str | int, reference: str, actor: str) -> int:
    """Record the proof of reuse received after the hand-over; the device's id."""
    try:
        disposal = record_proof(uow.session, key, reference, actor)
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return disposal.device_id


def pending_recipients(uow: UnitOfWork) -> list[str]:
    """Partners and receiving entities with devices awaiting hand-over."""
    pending = disposals_frame(uow.session, pending=True)
    names = pd.concat([pending["partner"], pending["to_entity"]]).dropna().astype("str")
    return sorted(set(names))


def write_handover(
    uow: UnitOfWork,
    recipient: str,
    output: Path,
    issuer: str,
    lang: str = "fr",
    devices: Sequence[str | int] | None = None,
    issued_on: date | None = None,
) -> HandoverSlip:
    """Write the hand-over slip of a recipient (devices, serials, erasure proofs,
    signatures); refused while a device has no erasure record."""
    try:
        slip = handover_slip(uow.session, recipient, devices or None)
    except ReuseError as exc:
        raise _refused(exc) from None
    write_handover_xlsx(
        output,
        slip.recipient,
        slip.recipient_kind,
        slip.channel.split(", "),
        slip.lines,
        issued_on=issued_on or slip.issued_on,
        issuer=issuer,
        erasure_labels=ERASURE_METHODS,
        lang=lang,
    )
    return slip


# ---------------------------------------------------------------------------- needs, partners


def create_need(
    uow: UnitOfWork,
    entity: str,
    category: str,
    quantity: int = 1,
    min_ram_gb: float | None = None,
    min_storage_gb: float | None = None,
    note: str | None = None,
) -> int:
    """Record an entity's need; its number."""
    try:
        need = add_need(
            uow.session,
            entity,
            category,
            quantity=quantity,
            min_ram_gb=min_ram_gb,
            min_storage_gb=min_storage_gb,
            note=note,
        )
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return need.id


def needs(uow: UnitOfWork, open_only: bool = True) -> pd.DataFrame:
    return needs_frame(uow.session, open_only=open_only)


def create_partner(
    uow: UnitOfWork,
    name: str,
    kind: str,
    *,
    categories: str | None = None,
    territory: str | None = None,
    contact: str | None = None,
    installs_linux: bool = False,
    pickup_threshold_kg: float | None = None,
) -> tuple[int, str]:
    """Add a partner; (its number, its name)."""
    try:
        partner = add_partner(
            uow.session,
            name,
            kind,
            categories=categories,
            territory=territory,
            contact=contact,
            installs_linux=installs_linux,
            pickup_threshold_kg=pickup_threshold_kg,
        )
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return partner.id, partner.name


def partners(uow: UnitOfWork) -> pd.DataFrame:
    return partners_frame(uow.session)


# ---------------------------------------------------------------------------- WEEE, rate


def weee_devices(
    uow: UnitOfWork, routes: pd.DataFrame, entities: Sequence[str] = ()
) -> pd.DataFrame:
    """Devices bound for recycling: candidates routed to WEEE and devices already
    assigned to the WEEE channel but not yet collected."""
    routed = routes.loc[routes["route"] == "weee_recycling"]
    pending = disposals_frame(uow.session, pending=True)
    pending = pending.loc[pending["channel"] == "weee_recycling"]
    frame = fleet_frame(uow.session, entities=list(entities) or None, statuses=["reuse_pending"])
    assigned = frame.merge(
        pending[["device_id", "partner"]], on="device_id", how="inner"
    ).drop_duplicates("device_id")
    return pd.concat([routed[WEEE_COLUMNS], assigned[WEEE_COLUMNS]], ignore_index=True)


def weee_batches(
    uow: UnitOfWork,
    rules: ReuseRules,
    entities: Sequence[str] = (),
    factors: str | None = None,
    lang: str = "fr",
) -> pd.DataFrame:
    """WEEE pick-up batches per site, up to the free collection threshold."""
    frame = load_fleet(uow, entities)
    factor_set = load_factor_set(uow, factors)
    routes = _route(uow, frame, rules, factor_set, lang, None)
    devices = weee_devices(uow, routes, entities)
    return pickup_batches(devices, rules, partners_frame(uow.session), factor_set)


@dataclass(frozen=True)
class ReuseRate:
    """The reuse rate of decree 2023-266 for a year: per group and in total."""

    table: pd.DataFrame
    total: pd.DataFrame


def reuse_rate(
    uow: UnitOfWork,
    year: int,
    by: str | None,
    rules: ReuseRules,
    entities: Sequence[str] = (),
    factors: str | None = None,
) -> ReuseRate:
    """Units reused (A) over retired stock (B), exits per channel, WEEE, avoided CO2e."""
    devices = load_fleet(uow, entities)
    disposals = disposals_frame(uow.session, list(entities) or None)
    factor_set = load_factor_set(uow, factors)
    return ReuseRate(
        reuse_indicators(devices, disposals, year, by, rules, factor_set),
        reuse_indicators(devices, disposals, year, None, rules, factor_set),
    )
