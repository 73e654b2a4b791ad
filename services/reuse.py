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

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.vocabulary import ROUTE_LABELS, ROUTES
from fleet.lifecycle import LifecycleError, find_device
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
    has_storage,
    needs_frame,
    open_exits,
    partners_frame,
    record_erasure,
    record_proof,
    return_to_stock,
    set_flag,
)
from footprint.reuse import (
    ReuseRules,
    RulesError,
    candidate_counts,
    default_rules,
    load_rules,
    pickup_batches,
    reuse_indicators,
    route_devices,
)
from footprint.reuse import reuse_rate as decree_rate
from footprint.reuse.handover import write_handover_xlsx
from footprint.reuse.rules import choose_partners

from .errors import ServiceError, writing
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
    with writing(output):
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


# ---------------------------------------------------------------------------- the cycle


def reason_counts(routes: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The candidates counted by reason (docs/regulation.md §7), a last ``total`` row."""
    return candidate_counts(routes, lang)


def _override_partners(
    rows: pd.DataFrame, partners: pd.DataFrame, rules: ReuseRules
) -> pd.DataFrame:
    """The partner of each row for its (overridden) route, as the routing picks it."""
    need_linux = (rows["windows11"].astype("str") == "not_eligible").to_numpy(bool) & rows[
        "route"
    ].isin(["donation", "sale"]).to_numpy(bool)
    chosen = choose_partners(rows.reset_index(drop=True), partners, rules, need_linux)
    weee = (rows["route"] == "weee_recycling").to_numpy(bool)
    names = chosen["partner"].where(~(weee & chosen["partner"].isna().to_numpy()), None)
    return pd.DataFrame(
        {"partner": names.to_numpy(), "partner_id": chosen["partner_id"].to_numpy()},
        index=rows.index,
    )


def assign_selection(
    uow: UnitOfWork,
    rows: pd.DataFrame,
    actor: str,
    on: date | None = None,
    *,
    route: str | None = None,
    reason: str | None = None,
    rules: ReuseRules | None = None,
) -> int:
    """Assign candidate rows (of :func:`route_candidates`) to their proposed route, or
    all to ``route``; commit all or none (docs/regulation.md §7, §8).

    Choosing another route than the rules' needs a ``reason``, recorded with the
    assignment: this is the explicit reason a device younger than its lifespan
    needs to be sold, given or recycled. The spare-pool route puts the device back
    in stock; an internal redeployment is only to an open need."""
    note = (reason or "").strip()
    rules = rules or default_rules()
    if route is not None and route not in ROUTES:
        raise ServiceError(f"voie inconnue : « {route} »", usage=True)
    chosen = rows.copy()
    chosen["route_proposed"] = chosen["route"].map(lambda r: ROUTE_LABELS[str(r)][0])
    overridden = (
        np.zeros(len(chosen), dtype=bool)
        if route is None
        else (chosen["route"] != route).to_numpy(bool)
    )
    if overridden.any():
        if not note:
            raise ServiceError(
                "changer la voie proposée par les règles demande une raison "
                "(elle est enregistrée avec l'orientation)"
            )
        if route == "internal_redeploy":
            lacking = chosen.loc[overridden & chosen["need_id"].isna().to_numpy(bool)]
            if not lacking.empty:
                raise ServiceError(
                    "un redéploiement interne sert un besoin ouvert d'une autre entité : "
                    f"aucun pour l'appareil n° {int(lacking['device_id'].iloc[0])}"
                )
        chosen.loc[overridden, "route"] = route
        picked = _override_partners(chosen.loc[overridden], partners_frame(uow.session), rules)
        chosen.loc[overridden, ["partner", "partner_id"]] = picked.to_numpy()
    try:
        for row, changed in zip(chosen.to_dict("records"), overridden, strict=True):
            why = f"{note} (voie proposée : {row['route_proposed']})" if changed else row["reason"]
            if row["route"] == "spare_pool":
                return_to_stock(uow.session, int(row["device_id"]), actor, str(why))
                continue
            internal = row["route"] == "internal_redeploy"
            assign(
                uow.session,
                int(row["device_id"]),
                str(row["route"]),
                actor,
                partner=None if internal or pd.isna(row["partner_id"]) else str(row["partner"]),
                need_id=int(row["need_id"]) if internal else None,
                quantity=int(row["quantity"]),
                reason=str(why),
                on=on,
            )
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return len(chosen)


def exits(uow: UnitOfWork, entities: Sequence[str] = ()) -> pd.DataFrame:
    """The exits not finished, each with its next step (:func:`fleet.reuse.open_exits`)."""
    return open_exits(uow.session, list(entities) or None)


@dataclass(frozen=True)
class Erased:
    """Devices whose erasure was recorded: with a method and certificate, and
    without data storage (« sans support de données », no certificate)."""

    with_storage: list[int]
    without_storage: list[int]


def erase_selection(
    uow: UnitOfWork, keys: Sequence[str | int], method: str, certificate: str, actor: str
) -> Erased:
    """Record the erasure of several devices at once (docs/regulation.md §8): ``method``
    and ``certificate`` for those that hold data storage, « sans support de données »
    for the others; commit all or none."""
    with_storage: list[int] = []
    without: list[int] = []
    try:
        for key in keys:
            device = find_device(uow.session, key)
            if has_storage(device.category, device.storage_gb):
                record_erasure(uow.session, device.id, method, certificate, actor)
                with_storage.append(device.id)
            else:
                record_erasure(uow.session, device.id, "no_storage", "", actor)
                without.append(device.id)
    except (ReuseError, LifecycleError) as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return Erased(with_storage, without)


@dataclass(frozen=True)
class Slip:
    """A hand-over slip written: its recipient, file and lines."""

    recipient: str
    path: Path
    lines: int


def _slip_name(recipient: str, day: date) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in recipient).strip("-")
    return f"bordereau-{safe}-{day.isoformat()}.xlsx"


def hand_over_selection(
    uow: UnitOfWork,
    keys: Sequence[int],
    folder: Path,
    actor: str,
    lang: str = "fr",
    on: date | None = None,
) -> list[Slip]:
    """Hand several devices over: one slip per recipient (devices, serials, erasure
    proofs, signatures) written in ``folder``, then the hand-over recorded for
    each device; refused, with nothing recorded, while one has no erasure."""
    day = on or date.today()
    pending = open_exits(uow.session)
    chosen = pending.loc[pending["device_id"].isin([int(k) for k in keys])]
    done = chosen.loc[chosen["step"] == "proof", "device_id"].tolist()
    if done:
        raise ServiceError(f"l'appareil n° {int(done[0])} a déjà été remis")
    nameless = chosen.loc[chosen["recipient"].isna(), "device_id"].tolist()
    if nameless:
        raise ServiceError(
            f"la sortie de l'appareil n° {int(nameless[0])} n'a pas de destinataire : "
            "orientez-la vers un partenaire enregistré"
        )
    slips = []
    try:
        for recipient, group in chosen.groupby("recipient", sort=True):
            devices = group["device_id"].astype("int64").tolist()
            path = Path(folder) / _slip_name(str(recipient), day)
            slip = write_handover(
                uow, str(recipient), path, actor, lang, devices=devices, issued_on=day
            )
            for device_id in devices:
                dispose(uow.session, device_id, actor, on=day)
            slips.append(Slip(str(recipient), path, len(slip.lines)))
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return slips


def record_proofs(
    uow: UnitOfWork, keys: Sequence[str | int], reference: str, actor: str
) -> list[int]:
    """Record the proof of reuse (attestation…) of handed-over devices; all or none.
    The devices' ids."""
    text = reference.strip()
    if not text:
        raise ServiceError("la référence de la preuve de réemploi est vide")
    try:
        done = [record_proof(uow.session, key, text, actor).device_id for key in keys]
    except ReuseError as exc:
        raise _refused(exc) from None
    uow.commit()
    return done


@dataclass(frozen=True)
class LiveRate:
    """The décret 2023-266 rate of a year so far: A over B, and the year's target."""

    year: int
    reused: int
    retired_stock: int
    rate_pct: float | None
    target_pct: float | None


def live_rate(workspace: Workspace, entity: str | None, year: int | None = None) -> LiveRate:
    """The rate of the workspace's year (its reference date's) for the scope, as the
    indicators compute it (docs/reports.md), from the exits recorded so far."""
    year = year or workspace.today.year
    devices = workspace.scoped(workspace.fleet(), entity)
    with workspace.uow() as uow:
        disposals = disposals_frame(uow.session, [entity] if entity else None)
    total = decree_rate(devices, disposals, year, None, default_rules()).iloc[0]
    rate = float(total["rate_pct"])
    target = float(total["target_pct"])
    return LiveRate(
        year,
        int(total["reused"]),
        int(total["retired_stock"]),
        None if np.isnan(rate) else rate,
        None if np.isnan(target) else target,
    )


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
