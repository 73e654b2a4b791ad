"""``ecoparc reuse …``: the exit of devices — flag, route, assign, erase, hand over, measure.

Every command calls one use case of :mod:`services.reuse` (the TUI's reuse
screen calls the same ones) and prints what comes back.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from factors.locale import format_date, label
from factors.vocabulary import CATEGORIES, DISPOSAL_CHANNELS, ROUTE_LABELS
from fleet.reuse import ERASURE_METHODS, PARTNER_KINDS
from footprint.reuse import REUSE_CHANNELS
from services.reuse import (
    apply_redeployments,
    assign_devices,
    create_need,
    create_partner,
    erase_selection,
    flag_devices,
    hand_over,
    needs,
    partners,
    read_rules,
    reason_counts,
    record_proofs,
    redeployments,
    reuse_rate,
    route_candidates,
    weee_batches,
    write_handover,
)

from .common import ENTITY_OPTION, FACTORS_OPTION, output_option, records
from .runtime import (
    FORMAT_OPTION,
    Runtime,
    emit_json,
    emit_rows,
    emit_table,
    pass_runtime,
    refusals,
)

#: Said after a refused batch: the unit of work kept none of its devices.
NOTHING_SAVED = " — aucune modification enregistrée"

#: Whether a WEEE batch has reached its free pickup threshold.
READY_LABELS: dict[str, tuple[str, str]] = {
    "True": ("oui", "yes"),
    "False": ("non (en attente)", "no (waiting)"),
}

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
    "candidate_reasons",
    "motives",
    "lifespan_years",
    "need_id",
)

_DATE = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])
_RULES = click.option(
    "--rules",
    "rules_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier de règles TOML (fusionné sur les règles par défaut).",
)


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
@click.option(
    "--by-reason",
    "by_reason",
    is_flag=True,
    help="Compter les candidats par motif (docs/regulation.md §7) au lieu de les lister.",
)
@FORMAT_OPTION
@pass_runtime
def reuse_flag(
    rt: Runtime,
    entities: tuple[str, ...],
    rules_path: Path | None,
    factors_name: str | None,
    as_of: datetime | None,
    by_reason: bool,
    fmt: str,
) -> None:
    """Lister les candidats à la sortie, avec leurs motifs, leur voie et sa raison."""
    with rt.uow() as uow:
        rules = read_rules(rules_path)
        routes = route_candidates(
            uow, rules, entities, factors_name, rt.settings.lang, as_of.date() if as_of else None
        )
    if by_reason:
        counts = records(reason_counts(routes, rt.settings.lang))
        emit_rows(counts, fmt, ["label", "devices", "units"])
        return
    if fmt == "json":
        emit_json(records(routes, FLAG_KEYS))
        return
    emit_table(
        records(routes, FLAG_KEYS),
        ["device_id", "serial", "entity", "category", "quantity", "motives", "route", "reason"],
    )


@reuse_group.command("mark")
@click.argument("devices", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Retirer le signalement.")
@pass_runtime
def reuse_mark(rt: Runtime, devices: tuple[str, ...], off: bool) -> None:
    """Signaler à la main des appareils comme candidats au réemploi."""
    with rt.uow() as uow, refusals(NOTHING_SAVED):
        done = flag_devices(uow, devices, rt.settings.actor, flagged=not off)
    if rt.settings.lang == "fr":
        state = "non signalé" if off else "signalé pour le réemploi"
        click.echo("\n".join(f"Appareil n° {device_id} : {state}" for device_id in done))
    else:
        state = "not flagged" if off else "flagged for reuse"
        click.echo("\n".join(f"Device #{device_id}: {state}" for device_id in done))


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
    with rt.uow() as uow, refusals(NOTHING_SAVED):
        done = assign_devices(
            uow,
            devices,
            channel,
            rt.settings.actor,
            partner=partner,
            to_entity=to_entity,
            need_id=need_id,
            quantity=quantity,
            value_eur=value_eur,
            reason=note,
        )
    route = label(ROUTE_LABELS, channel, rt.settings.lang)
    for exit_ in done:
        click.echo(
            f"Appareil n° {exit_.device_id} ({exit_.quantity} unité(s)) : "
            f"orienté vers : {route} (sortie n° {exit_.disposal_id})"
            if rt.settings.lang == "fr"
            else f"Device #{exit_.device_id} ({exit_.quantity} unit(s)): "
            f"routed to {route} (exit #{exit_.disposal_id})"
        )


@reuse_group.command("erase")
@click.argument("devices", nargs=-1, required=True)
@click.option("--method", required=True, type=click.Choice(list(ERASURE_METHODS)))
@click.option(
    "--certificate",
    default="",
    help="Référence du certificat d'effacement (sauf « no_storage » : sans support de données).",
)
@pass_runtime
def reuse_erase(rt: Runtime, devices: tuple[str, ...], method: str, certificate: str) -> None:
    """Enregistrer l'effacement des données : méthode ANSSI/NIST et certificat pour un
    appareil avec support de données, « sans support de données » sinon."""
    with rt.uow() as uow, refusals(NOTHING_SAVED):
        done = erase_selection(uow, devices, method, certificate, rt.settings.actor)
    fr = rt.settings.lang == "fr"
    wording = label(ERASURE_METHODS, method, rt.settings.lang)
    for device_id in done.with_storage:
        click.echo(
            f"Appareil n° {device_id} : effacement enregistré ({wording})"
            if fr
            else f"Device #{device_id}: erasure recorded ({wording})"
        )
    for device_id in done.without_storage:
        click.echo(
            f"Appareil n° {device_id} : sans support de données, enregistré"
            if fr
            else f"Device #{device_id}: no data storage, recorded"
        )


@reuse_group.command("dispose")
@click.argument("devices", nargs=-1, required=True)
@click.option("--proof", help="Référence de la preuve de réemploi (attestation…).")
@click.option("--date", "day", type=_DATE, help="Date de la remise (défaut : aujourd'hui).")
@pass_runtime
def reuse_dispose(
    rt: Runtime, devices: tuple[str, ...], proof: str | None, day: datetime | None
) -> None:
    """Enregistrer la remise des appareils (refusée sans effacement enregistré)."""
    with rt.uow() as uow, refusals(NOTHING_SAVED):
        done = hand_over(uow, devices, rt.settings.actor, proof, day.date() if day else None)
    lang = rt.settings.lang
    for handed in done:
        on, route = format_date(handed.disposed_on, lang), label(ROUTE_LABELS, handed.channel, lang)
        click.echo(
            f"Appareil n° {handed.device_id} : remis le {on} ({route})"
            if lang == "fr"
            else f"Device #{handed.device_id}: handed over on {on} ({route})"
        )


@reuse_group.command("proof")
@click.argument("device")
@click.argument("reference")
@pass_runtime
def reuse_proof(rt: Runtime, device: str, reference: str) -> None:
    """Enregistrer la preuve de réemploi reçue après la remise."""
    with rt.uow() as uow:
        (device_id,) = record_proofs(uow, [device], reference, rt.settings.actor)
    click.echo(
        f"Appareil n° {device_id} : preuve « {reference} » enregistrée"
        if rt.settings.lang == "fr"
        else f"Device #{device_id}: proof “{reference}” recorded"
    )


@reuse_group.command("handover")
@click.argument("partner")
@output_option("Fichier xlsx du bordereau.", required=True)
@click.option("--device", "devices", multiple=True, help="Seulement ces appareils (répétable).")
@pass_runtime
def reuse_handover(rt: Runtime, partner: str, output: Path, devices: tuple[str, ...]) -> None:
    """Éditer le bordereau de remise à un partenaire (ou une entité) : appareils,
    numéros de série, preuves d'effacement, signatures."""
    with rt.uow() as uow:
        slip = write_handover(
            uow, partner, output, rt.settings.actor, rt.settings.lang, devices or None
        )
    click.echo(
        f"Bordereau écrit : {output} ({len(slip.lines)} ligne(s), {slip.units} unité(s))"
        if rt.settings.lang == "fr"
        else f"Hand-over slip written: {output} ({len(slip.lines)} line(s), {slip.units} unit(s))"
    )


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
    with rt.uow() as uow:
        need_id = create_need(uow, entity, category, quantity, min_ram, min_storage, note)
    what = label(CATEGORIES, category, rt.settings.lang)
    click.echo(
        f"Besoin n° {need_id} enregistré : {quantity} × {what} pour {entity}"
        if rt.settings.lang == "fr"
        else f"Need #{need_id} recorded: {quantity} × {what} for {entity}"
    )


@needs_group.command("list")
@click.option("--all", "show_all", is_flag=True, help="Aussi les besoins satisfaits ou annulés.")
@FORMAT_OPTION
@pass_runtime
def needs_list(rt: Runtime, show_all: bool, fmt: str) -> None:
    """Lister les besoins (ouverts par défaut)."""
    with rt.uow() as uow:
        frame = needs(uow, open_only=not show_all)
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
    with rt.uow() as uow:
        partner_id, partner_name = create_partner(
            uow,
            name,
            kind,
            categories=categories,
            territory=territory,
            contact=contact,
            installs_linux=installs_linux,
            pickup_threshold_kg=pickup_kg,
        )
    wording = label(PARTNER_KINDS, kind, rt.settings.lang)
    click.echo(
        f"Partenaire ajouté : {partner_name} (n° {partner_id}, {wording})"
        if rt.settings.lang == "fr"
        else f"Partner added: {partner_name} (#{partner_id}, {wording})"
    )


@partners_group.command("list")
@FORMAT_OPTION
@pass_runtime
def partners_list(rt: Runtime, fmt: str) -> None:
    """Lister les partenaires."""
    with rt.uow() as uow:
        frame = partners(uow)
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
    with rt.uow() as uow:
        rules = read_rules(rules_path)
        matches = redeployments(route_candidates(uow, rules, (), factors_name, rt.settings.lang))
        if apply_:
            with refusals(NOTHING_SAVED):
                apply_redeployments(uow, matches, rt.settings.actor)
    rows = records(matches, MATCH_KEYS)
    if fmt == "json":
        emit_json({"applied": apply_, "matches": rows})
        return
    emit_table(rows, list(MATCH_KEYS[:-1]))
    if apply_ and rows:
        click.echo(
            f"{len(rows)} orientation(s) enregistrée(s) vers un redéploiement interne."
            if rt.settings.lang == "fr"
            else f"{len(rows)} device(s) routed to internal redeployment."
        )


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
    with rt.uow() as uow:
        batches = weee_batches(
            uow, read_rules(rules_path), entities, factors_name, rt.settings.lang
        )
    rows = records(batches)
    if fmt == "json":
        emit_json(rows)
        return
    for row in rows:
        row["devices"] = len(row.pop("device_ids"))
        row["ready"] = label(READY_LABELS, str(bool(row["ready"])), rt.settings.lang)
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
    group = None if by == "none" else by
    with rt.uow() as uow:
        rules = read_rules(rules_path)
        rate = reuse_rate(uow, year, group, rules, entities, factors_name)
    table, total = rate.table, rate.total
    keys = ([group] if group else []) + list(RATE_KEYS)
    document: dict[str, Any] = {
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
