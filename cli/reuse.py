"""``ecoparc reuse …``: the exit of devices — flag, route, assign, erase, hand over, measure.

The commands read frames from ``fleet`` (fleet, needs, partners, disposals), hand
them to :mod:`footprint.reuse` for the decisions and figures, and write changes
through the services of :mod:`fleet.reuse`. The TUI's reuse screen calls the same
:func:`route_candidates`, :func:`weee_devices` and services.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import click
import pandas as pd
from sqlalchemy.orm import Session

from factors.factor_set import FactorSet
from factors.vocabulary import CATEGORIES, DISPOSAL_CHANNELS
from fleet.queries import fleet_frame
from fleet.report_data import disposals_frame
from fleet.reuse import (
    ERASURE_METHODS,
    PARTNER_KINDS,
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
    REUSE_CHANNELS,
    ReuseRules,
    RulesError,
    load_rules,
    pickup_batches,
    reuse_indicators,
    route_devices,
)
from footprint.reuse.handover import write_handover_xlsx

from .common import (
    ENTITY_OPTION,
    FACTORS_OPTION,
    check_entities,
    load_factors,
    output_option,
    records,
    writing,
)
from .runtime import (
    EXIT_REJECTED,
    EXIT_USAGE,
    FORMAT_OPTION,
    Runtime,
    emit_json,
    emit_rows,
    emit_table,
    fail,
    pass_runtime,
)

#: Keys of each candidate in ``reuse flag --format json``, in order.
FLAG_KEYS: tuple[str, ...] = (
    "device_id",
    "serial",
    "entity",
    "category",
    "purchase_date",
    "route",
    "reason",
    "partner",
    "quantity",
    "age_years",
    "residual_value_eur",
    "windows11",
    "candidate_reason",
    "need_id",
)

_DATE = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])
_RULES = click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier de règles TOML (fusionné sur les règles par défaut).",
)


def read_rules(path: Path | None) -> ReuseRules:
    """The rules, or a clean exit: 2 for an unreadable file, 1 for invalid content."""
    try:
        return load_rules(path)
    except RulesError as exc:
        fail(str(exc), EXIT_USAGE if exc.unreadable else EXIT_REJECTED)


def route_candidates(
    session: Session,
    rules: ReuseRules,
    entities: Sequence[str] = (),
    factor_set: FactorSet | None = None,
    lang: str = "fr",
    as_of: date | None = None,
) -> pd.DataFrame:
    """Candidates of the fleet in scope with route, reason and partner (footprint.reuse)."""
    frame = fleet_frame(session, entities=list(entities) or None)
    return route_devices(
        frame,
        rules,
        needs=needs_frame(session),
        partners=partners_frame(session),
        factor_set=factor_set,
        as_of=as_of,
        lang=lang,
    )


def weee_devices(
    session: Session, routes: pd.DataFrame, entities: Sequence[str] = ()
) -> pd.DataFrame:
    """Devices bound for recycling: candidates routed to WEEE and devices already
    assigned to the WEEE channel but not yet collected."""
    routed = routes.loc[routes["route"] == "weee_recycling"]
    pending = disposals_frame(session, pending=True)
    pending = pending.loc[pending["channel"] == "weee_recycling"]
    frame = fleet_frame(session, entities=list(entities) or None, statuses=["reuse_pending"])
    assigned = frame.merge(
        pending[["device_id", "partner"]], on="device_id", how="inner"
    ).drop_duplicates("device_id")
    columns = [
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
    return pd.concat([routed[columns], assigned[columns]], ignore_index=True)


@click.group("reuse")
def reuse_group() -> None:
    """Réemploi : sortie des appareils, orientation, effacement, remise, taux du décret 2023-266."""


# ---------------------------------------------------------------------------- flag


@reuse_group.command("flag")
@ENTITY_OPTION
@_RULES
@FACTORS_OPTION
@click.option(
    "--as-of", "as_of", type=_DATE, help="Date d'évaluation de l'âge (défaut : aujourd'hui)."
)
@FORMAT_OPTION
@pass_runtime
def reuse_flag(
    rt: Runtime,
    entities: tuple[str, ...],
    rules_path: Path | None,
    factors_name: str | None,
    as_of: datetime | None,
    fmt: str,
) -> None:
    """Lister les appareils qui quittent le service, avec leur voie et la raison."""
    rules = read_rules(rules_path)
    with rt.session() as session:
        check_entities(session, entities)
        factor_set = load_factors(session, factors_name)
        routes = route_candidates(
            session, rules, entities, factor_set, rt.settings.lang, as_of.date() if as_of else None
        )
    if fmt == "json":
        emit_json(records(routes, FLAG_KEYS))
        return
    emit_table(
        records(routes, FLAG_KEYS),
        ["device_id", "serial", "entity", "category", "quantity", "route", "partner", "reason"],
    )


@reuse_group.command("mark")
@click.argument("devices", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Retirer le signalement.")
@pass_runtime
def reuse_mark(rt: Runtime, devices: tuple[str, ...], off: bool) -> None:
    """Signaler à la main des appareils comme candidats au réemploi."""
    try:
        with rt.session() as session:
            for ref in devices:
                device = set_flag(session, ref, rt.settings.actor, flagged=not off)
                state = "non signalé" if off else "signalé pour le réemploi"
                click.echo(f"Appareil n° {device.id} : {state}")
    except ReuseError as exc:
        fail(f"{exc} — aucune modification enregistrée")


# ---------------------------------------------------------------------------- workflow


@reuse_group.command("assign")
@click.argument("devices", nargs=-1, required=True)
@click.option("--channel", required=True, type=click.Choice(DISPOSAL_CHANNELS), help="Voie.")
@click.option("--partner", help="Partenaire qui reçoit (association, éco-organisme…).")
@click.option("--to-entity", "to_entity", help="Entité qui reçoit (redéploiement interne).")
@click.option("--need", "need_id", type=int, help="Besoin servi (redéploiement interne).")
@click.option("--quantity", type=click.IntRange(min=1), help="Unités d'un lot qui sortent.")
@click.option("--value", "value_eur", type=click.FloatRange(min=0), help="Valeur (€ HT).")
@click.option("--note", help="Commentaire enregistré dans l'historique.")
@pass_runtime
def reuse_assign(
    rt: Runtime,
    devices: tuple[str, ...],
    channel: str,
    partner: str | None,
    to_entity: str | None,
    need_id: int | None,
    quantity: int | None,
    value_eur: float | None,
    note: str | None,
) -> None:
    """Orienter des appareils vers une voie (statut « reuse_pending »)."""
    try:
        with rt.session() as session:
            for ref in devices:
                disposal = assign(
                    session,
                    ref,
                    channel,
                    rt.settings.actor,
                    partner=partner,
                    to_entity=to_entity,
                    need_id=need_id,
                    quantity=quantity,
                    value_eur=value_eur,
                    reason=note,
                )
                click.echo(
                    f"Appareil n° {disposal.device_id} ({disposal.quantity} unité(s)) : "
                    f"orienté vers {channel} (sortie n° {disposal.id})"
                )
    except ReuseError as exc:
        fail(f"{exc} — aucune modification enregistrée")


@reuse_group.command("erase")
@click.argument("devices", nargs=-1, required=True)
@click.option("--method", required=True, type=click.Choice(list(ERASURE_METHODS)))
@click.option("--certificate", required=True, help="Référence du certificat d'effacement.")
@pass_runtime
def reuse_erase(rt: Runtime, devices: tuple[str, ...], method: str, certificate: str) -> None:
    """Enregistrer l'effacement des données (méthode ANSSI et certificat)."""
    try:
        with rt.session() as session:
            for ref in devices:
                disposal = record_erasure(session, ref, method, certificate, rt.settings.actor)
                click.echo(f"Appareil n° {disposal.device_id} : effacement {method} enregistré")
    except ReuseError as exc:
        fail(f"{exc} — aucune modification enregistrée")


@reuse_group.command("dispose")
@click.argument("devices", nargs=-1, required=True)
@click.option("--proof", help="Référence de la preuve de réemploi (attestation…).")
@click.option("--date", "day", type=_DATE, help="Date de la remise (défaut : aujourd'hui).")
@pass_runtime
def reuse_dispose(
    rt: Runtime, devices: tuple[str, ...], proof: str | None, day: datetime | None
) -> None:
    """Enregistrer la remise des appareils (refusée sans effacement enregistré)."""
    try:
        with rt.session() as session:
            for ref in devices:
                disposal = dispose(
                    session, ref, rt.settings.actor, proof=proof, on=day.date() if day else None
                )
                click.echo(
                    f"Appareil n° {disposal.device_id} : remis le {disposal.disposed_on} "
                    f"({disposal.channel})"
                )
    except ReuseError as exc:
        fail(f"{exc} — aucune modification enregistrée")


@reuse_group.command("proof")
@click.argument("device")
@click.argument("reference")
@pass_runtime
def reuse_proof(rt: Runtime, device: str, reference: str) -> None:
    """Enregistrer la preuve de réemploi reçue après la remise."""
    try:
        with rt.session() as session:
            disposal = record_proof(session, device, reference, rt.settings.actor)
            click.echo(f"Appareil n° {disposal.device_id} : preuve « {reference} » enregistrée")
    except ReuseError as exc:
        fail(str(exc))


@reuse_group.command("handover")
@click.argument("partner")
@output_option("Fichier xlsx du bordereau.", required=True)
@click.option("--device", "devices", multiple=True, help="Seulement ces appareils (répétable).")
@pass_runtime
def reuse_handover(rt: Runtime, partner: str, output: Path, devices: tuple[str, ...]) -> None:
    """Éditer le bordereau de remise à un partenaire (ou une entité) : appareils,
    numéros de série, preuves d'effacement, signatures."""
    try:
        with rt.session() as session:
            slip = handover_slip(session, partner, devices or None)
    except ReuseError as exc:
        fail(str(exc))
    with writing(output):
        write_handover_xlsx(
            output,
            slip.recipient,
            slip.recipient_kind,
            slip.channel.split(", "),
            slip.lines,
            issued_on=slip.issued_on,
            issuer=rt.settings.actor,
            erasure_labels=ERASURE_METHODS,
            lang=rt.settings.lang,
        )
    click.echo(f"Bordereau écrit : {output} ({len(slip.lines)} ligne(s), {slip.units} unité(s))")


# ---------------------------------------------------------------------------- needs


@reuse_group.group("needs")
def needs_group() -> None:
    """Besoins d'équipements des entités (redéploiement entre communes)."""


@needs_group.command("add")
@click.argument("entity")
@click.option("--category", required=True, type=click.Choice(list(CATEGORIES)))
@click.option("--quantity", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--min-ram", "min_ram", type=click.FloatRange(min=0), help="Mémoire minimale (Go).")
@click.option(
    "--min-storage", "min_storage", type=click.FloatRange(min=0), help="Stockage minimal (Go)."
)
@click.option("--note", help="Précision (usage, service…).")
@pass_runtime
def needs_add(
    rt: Runtime,
    entity: str,
    category: str,
    quantity: int,
    min_ram: float | None,
    min_storage: float | None,
    note: str | None,
) -> None:
    """Enregistrer un besoin d'une entité."""
    try:
        with rt.session() as session:
            need = add_need(
                session,
                entity,
                category,
                quantity=quantity,
                min_ram_gb=min_ram,
                min_storage_gb=min_storage,
                note=note,
            )
            click.echo(f"Besoin n° {need.id} enregistré : {quantity} × {category} pour {entity}")
    except ReuseError as exc:
        fail(str(exc))


@needs_group.command("list")
@click.option("--all", "show_all", is_flag=True, help="Aussi les besoins satisfaits ou annulés.")
@FORMAT_OPTION
@pass_runtime
def needs_list(rt: Runtime, show_all: bool, fmt: str) -> None:
    """Lister les besoins (ouverts par défaut)."""
    with rt.session() as session:
        frame = needs_frame(session, open_only=not show_all)
    emit_rows(
        records(frame),
        fmt,
        [
            "need_id",
            "entity",
            "category",
            "quantity",
            "remaining",
            "min_ram_gb",
            "min_storage_gb",
            "status",
        ],
    )


# ---------------------------------------------------------------------------- partners


@reuse_group.group("partners")
def partners_group() -> None:
    """Partenaires du réemploi et du recyclage."""


@partners_group.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(list(PARTNER_KINDS)))
@click.option("--categories", help="Catégories acceptées, séparées par « | » (défaut : toutes).")
@click.option("--territory", help="Territoire couvert.")
@click.option("--contact", help="Contact.")
@click.option("--linux", "installs_linux", is_flag=True, help="Installe Linux sur les PC.")
@click.option(
    "--pickup-kg",
    "pickup_kg",
    type=click.FloatRange(min=0, min_open=True),
    help="Seuil d'enlèvement gratuit (kg), pour un éco-organisme.",
)
@pass_runtime
def partners_add(
    rt: Runtime,
    name: str,
    kind: str,
    categories: str | None,
    territory: str | None,
    contact: str | None,
    installs_linux: bool,
    pickup_kg: float | None,
) -> None:
    """Ajouter un partenaire."""
    try:
        with rt.session() as session:
            partner = add_partner(
                session,
                name,
                kind,
                categories=categories,
                territory=territory,
                contact=contact,
                installs_linux=installs_linux,
                pickup_threshold_kg=pickup_kg,
            )
            click.echo(f"Partenaire ajouté : {partner.name} (n° {partner.id}, {kind})")
    except ReuseError as exc:
        fail(str(exc))


@partners_group.command("list")
@FORMAT_OPTION
@pass_runtime
def partners_list(rt: Runtime, fmt: str) -> None:
    """Lister les partenaires."""
    with rt.session() as session:
        frame = partners_frame(session)
    emit_rows(
        records(frame),
        fmt,
        [
            "partner_id",
            "name",
            "kind",
            "categories",
            "installs_linux",
            "pickup_threshold_kg",
            "territory",
        ],
    )


# ---------------------------------------------------------------------------- match


MATCH_KEYS: tuple[str, ...] = (
    "need_id",
    "to_entity",
    "device_id",
    "serial",
    "entity",
    "category",
    "quantity",
    "reason",
)


@reuse_group.command("match")
@click.option("--apply", "apply_", is_flag=True, help="Orienter les appareils vers les besoins.")
@_RULES
@FACTORS_OPTION
@FORMAT_OPTION
@pass_runtime
def reuse_match(
    rt: Runtime, apply_: bool, rules_path: Path | None, factors_name: str | None, fmt: str
) -> None:
    """Rapprocher les besoins ouverts des appareils des autres entités (qui reçoit quoi)."""
    rules = read_rules(rules_path)
    try:
        with rt.session() as session:
            factor_set = load_factors(session, factors_name)
            routes = route_candidates(session, rules, (), factor_set, rt.settings.lang)
            matches = routes.loc[routes["route"] == "internal_redeploy"]
            if apply_ and not matches.empty:
                allocations = pd.DataFrame(
                    {
                        "device_id": matches["device_id"],
                        "need_id": matches["need_id"],
                        "need_entity": matches["to_entity"],
                        "units": matches["quantity"],
                    }
                )
                apply_matches(session, allocations, rt.settings.actor)
    except ReuseError as exc:
        fail(f"{exc} — aucune modification enregistrée")
    rows = records(matches, MATCH_KEYS)
    if fmt == "json":
        emit_json({"applied": apply_, "matches": rows})
        return
    emit_table(rows, list(MATCH_KEYS[:-1]))
    if apply_ and rows:
        click.echo(f"{len(rows)} orientation(s) enregistrée(s) vers un redéploiement interne.")


# ---------------------------------------------------------------------------- WEEE


@reuse_group.command("weee")
@ENTITY_OPTION
@_RULES
@FACTORS_OPTION
@FORMAT_OPTION
@pass_runtime
def reuse_weee(
    rt: Runtime,
    entities: tuple[str, ...],
    rules_path: Path | None,
    factors_name: str | None,
    fmt: str,
) -> None:
    """Lots d'enlèvement DEEE par site, jusqu'au seuil de collecte gratuite."""
    rules = read_rules(rules_path)
    with rt.session() as session:
        check_entities(session, entities)
        factor_set = load_factors(session, factors_name)
        routes = route_candidates(session, rules, entities, factor_set, rt.settings.lang)
        devices = weee_devices(session, routes, entities)
        partners = partners_frame(session)
    batches = pickup_batches(devices, rules, partners, factor_set)
    rows = records(batches)
    if fmt == "json":
        emit_json(rows)
        return
    for row in rows:
        row["devices"] = len(row.pop("device_ids"))
        row["ready"] = "oui" if row["ready"] else "non (en attente)"
    emit_table(
        rows,
        [
            "entity",
            "site",
            "eco_organism",
            "batch",
            "devices",
            "units",
            "weight_kg",
            "threshold_kg",
            "ready",
        ],
    )


# ---------------------------------------------------------------------------- rate


RATE_KEYS: tuple[str, ...] = (
    "reused",
    "retired_stock",
    "rate_pct",
    "target_pct",
    "meets_target",
    *DISPOSAL_CHANNELS,
    "weee_kg",
    "avoided_gwp_kg",
    "excluded_classified_a",
    "excluded_category_a",
    "excluded_over_age_a",
    "excluded_classified_b",
    "excluded_category_b",
    "excluded_over_age_b",
    "retired_undated",
)


@reuse_group.command("rate")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Année N.")
@click.option(
    "--by", type=click.Choice(["entity", "category", "none"]), default="entity", show_default=True
)
@ENTITY_OPTION
@_RULES
@FACTORS_OPTION
@FORMAT_OPTION
@pass_runtime
def reuse_rate_command(
    rt: Runtime,
    year: int,
    by: str,
    entities: tuple[str, ...],
    rules_path: Path | None,
    factors_name: str | None,
    fmt: str,
) -> None:
    """Taux de réemploi du décret 2023-266 (A / B × 100), sorties par voie, DEEE, CO2e évité."""
    rules = read_rules(rules_path)
    group = None if by == "none" else by
    with rt.session() as session:
        check_entities(session, entities)
        scope = list(entities) or None
        devices = fleet_frame(session, entities=scope)
        disposals = disposals_frame(session, scope)
        factor_set = load_factors(session, factors_name)
    table = reuse_indicators(devices, disposals, year, group, rules, factor_set)
    total = reuse_indicators(devices, disposals, year, None, rules, factor_set)
    keys = ([group] if group else []) + list(RATE_KEYS)
    document = {
        "year": year,
        "by": group,
        "rules": rules.source,
        "target_pct": rules.target(year),
        "reuse_channels": list(REUSE_CHANNELS),
        "rows": records(table, keys) if group else [],
        "total": records(total, list(RATE_KEYS))[0],
        "assumptions": {
            "a": "unités sorties en réemploi (internal_redeploy, public_transfer, donation, sale) "
            "pendant l'année N",
            "b": "unités retirées (date de retrait < 1er janvier N) non sorties au 1er janvier N",
            "excluded": "données classifiées ; catégorie DEEE hors 2° et 6° ; plus de "
            f"{rules.max_reuse_years:g} ans",
            "weee_category": dict(rules.weee_category),
            "avoided_gwp": "incorporé d'un appareil neuf × années supplémentaires / durée de vie "
            f"de la référence ; années supplémentaires : {rules.extra_years}",
        },
    }
    if fmt == "json":
        emit_json(document)
        return
    shown = [
        "reused",
        "retired_stock",
        "rate_pct",
        "target_pct",
        *DISPOSAL_CHANNELS,
        "weee_kg",
        "avoided_gwp_kg",
    ]
    rows = document["rows"] + [{**document["total"], **({group: "TOTAL"} if group else {})}]
    emit_table(rows, ([group] if group else []) + shown)
