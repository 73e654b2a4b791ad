"""French and English wording of the engine's codes.

Outputs speak French by default and English on request; the codes themselves
(``annualized``, ``age_reached``…) stay in machine-readable outputs. Numbers,
dates and the lookup of a code in these tables are :mod:`factors.locale`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from factors.locale import format_date, label
from factors.text import is_missing
from factors.vocabulary import (
    ACQUISITION_LABELS,
    CATEGORIES,
    CRITERIA,
    DISPOSAL_CHANNELS,
    ENTITY_KIND_LABELS,
    NEED_STATUS_LABELS,
    PARTNER_KIND_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
)

__all__ = [
    "COLUMN_LABELS",
    "DEVICE_FIELD_LABELS",
    "EVENT_LABELS",
    "KWH_SOURCE_LABELS",
    "LIFESPAN_RULE_LABELS",
    "MATCH_LEVEL_LABELS",
    "METHOD_LABELS",
    "PHASE_LABELS",
    "VALUE_LABELS",
    "column_label",
    "value_label",
]

METHOD_LABELS: dict[str, tuple[str, str]] = {
    "annualized": ("annualisée (incorporé / durée de vie)", "annualized (embodied / lifespan)"),
    "amortized": (
        "amortie (incorporé / période comptable, BEGES)",
        "amortized (embodied / accounting period, BEGES)",
    ),
    "flux": ("flux (incorporé des achats de l'année)", "flux (embodied of the year's purchases)"),
}

LIFESPAN_RULE_LABELS: dict[str, tuple[str, str]] = {
    "actual": ("durée réelle (retrait − achat)", "actual (retirement − purchase)"),
    "observed_entity": (
        "durée attendue d'après les sorties observées dans l'entité",
        "expected from the retirements observed in the entity",
    ),
    "observed_fleet": (
        "durée attendue d'après les sorties observées dans tout le parc",
        "expected from the retirements observed across the fleet",
    ),
    "reference_default": (
        "durée par défaut du jeu de facteurs (trop peu de sorties observées)",
        "factor set default (too few retirements observed)",
    ),
    "age_reached": (
        "âge atteint (plus long que toute durée attendue)",
        "age reached (longer than any expected lifespan)",
    ),
    "purchase_date_missing": (
        "date d'achat inconnue : durée attendue à l'achat, en service toute l'année",
        "no purchase date: lifespan expected at purchase, in service all year",
    ),
    "minimum_1y": ("plancher d'un an", "one-year floor"),
}

KWH_SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "measured": ("mesurés sur l'équipement", "measured on the device"),
    "reference": ("valeur par défaut de la référence", "reference default"),
}

MATCH_LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "model": ("modèle exact", "exact model"),
    "manufacturer+category": ("fabricant et catégorie", "manufacturer and category"),
    "category": ("catégorie, référence par défaut", "category, default reference"),
}


#: A device's own fields (fleet-frame inputs) worded for people: the trace of
#: ``explain`` and the REEN workbook's device annex share these headings.
DEVICE_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "entity": ("Entité", "Entity"),
    "site": ("Site", "Site"),
    "name": ("Nom", "Name"),
    "serial": ("N° de série", "Serial number"),
    "asset_tag": ("N° d'inventaire", "Asset tag"),
    "category": ("Catégorie", "Category"),
    "manufacturer": ("Fabricant", "Manufacturer"),
    "model": ("Modèle", "Model"),
    "quantity": ("Quantité", "Quantity"),
    "acquisition": ("Acquisition", "Acquisition"),
    "status": ("Statut", "Status"),
    "purchase_date": ("Date d'achat", "Purchase date"),
    "commissioning_date": ("Mise en service", "Commissioning date"),
    "retirement_date": ("Date de retrait", "Retirement date"),
    "first_life_years": ("Première vie (ans)", "First life (years)"),
}


#: Short names of the methods, for a table cell (``METHOD_LABELS`` says how each counts).
METHOD_SHORT_LABELS: dict[str, tuple[str, str]] = {
    "annualized": ("annualisée", "annualized"),
    "amortized": ("amortie", "amortized"),
    "flux": ("flux", "flux"),
}

#: Levels of a database grant (``ecoparc access``) and of a factor match, for a cell.
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "read": ("lecture", "read"),
    "edit": ("modification", "edit"),
    "admin": ("administration", "admin"),
    "model": ("modèle", "model"),
    "manufacturer+category": ("fabricant et catégorie", "manufacturer and category"),
    "category": ("catégorie", "category"),
}

#: Impact criteria by their short name (``gwp``), for a cell.
CRITERION_LABELS: dict[str, tuple[str, str]] = {
    code: (fr, en) for code, (_unit, fr, en) in CRITERIA.items()
}

#: The headings of output columns — the command line's tables, the workbooks'
#: sheets — for the keys of the JSON documents, which keep their English names for
#: scripts (docs/architecture.md §11). A key missing here is shown as it is: a
#: heading built already worded (« t CO2e ») goes through unchanged.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    **DEVICE_FIELD_LABELS,
    "id": ("N°", "No."),
    "device_id": ("N° appareil", "Device no."),
    "devices": ("Appareils", "Devices"),
    "units": ("Unités", "Units"),
    "kind": ("Type", "Kind"),
    "insee": ("Code INSEE", "INSEE code"),
    "siret": ("SIRET", "SIRET"),
    "agents": ("Agents", "Staff"),
    "parent": ("Entité parente", "Parent entity"),
    "version": ("Version", "Version"),
    "builtin": ("Intégré", "Built-in"),
    "description": ("Description", "Description"),
    "level": ("Niveau", "Level"),
    "score": ("Score", "Score"),
    "note": ("Note", "Note"),
    "criterion": ("Critère", "Criterion"),
    "phase": ("Phase", "Phase"),
    "value": ("Valeur", "Value"),
    "low": ("Basse", "Low"),
    "high": ("Haute", "High"),
    "unit": ("Unité", "Unit"),
    "lifespan_years": ("Durée de vie (ans)", "Lifespan (years)"),
    "annual_kwh": ("Consommation (kWh/an)", "Consumption (kWh/yr)"),
    "annual_kwh_low": ("Consommation basse (kWh/an)", "Low consumption (kWh/yr)"),
    "annual_kwh_high": ("Consommation haute (kWh/an)", "High consumption (kWh/yr)"),
    "weight_kg": ("Poids (kg)", "Weight (kg)"),
    "refurbished_ratio": ("Ratio reconditionné", "Refurbished ratio"),
    "source": ("Source", "Source"),
    "motives": ("Motifs", "Reasons for leaving"),
    "route": ("Voie", "Route"),
    "channel": ("Voie", "Route"),
    "reason": ("Raison", "Reason"),
    "label": ("Libellé", "Label"),
    "need_id": ("N° besoin", "Need no."),
    "to_entity": ("Entité destinataire", "Receiving entity"),
    "remaining": ("Restant", "Remaining"),
    "min_ram_gb": ("Mémoire min. (Go)", "Min. RAM (GB)"),
    "min_storage_gb": ("Stockage min. (Go)", "Min. storage (GB)"),
    "partner_id": ("N° partenaire", "Partner no."),
    "partner": ("Partenaire", "Partner"),
    "categories": ("Catégories", "Categories"),
    "installs_linux": ("Installe Linux", "Installs Linux"),
    "pickup_threshold_kg": ("Seuil d'enlèvement (kg)", "Pickup threshold (kg)"),
    "territory": ("Territoire", "Territory"),
    "eco_organism": ("Éco-organisme", "Eco-organism"),
    "batch": ("Lot", "Batch"),
    "threshold_kg": ("Seuil (kg)", "Threshold (kg)"),
    "ready": ("Prêt", "Ready"),
    "reused": ("Sorties en réemploi (A)", "Reused (A)"),
    "retired_stock": ("Retirés non sortis (B)", "Retired not disposed (B)"),
    "rate_pct": ("Taux (%)", "Rate (%)"),
    "target_pct": ("Cible (%)", "Target (%)"),
    "weee_kg": ("DEEE (kg)", "WEEE (kg)"),
    "avoided_gwp_kg": ("CO2e évité (kg)", "Avoided CO2e (kg)"),
    **{channel: ROUTE_LABELS[channel] for channel in DISPOSAL_CHANNELS},
    "login": ("Identifiant", "Login"),
    "role": ("Rôle", "Role"),
    "granted_by": ("Accordé par", "Granted by"),
    "granted_at": ("Accordé le", "Granted on"),
    "year": ("Année", "Year"),
    "method": ("Méthode", "Method"),
    "department": ("Service", "Department"),
    "condition": ("État", "Condition"),
    "price_eur": ("Prix (€ HT)", "Price (€ excl. VAT)"),
    "classified": ("Classifié", "Classified"),
    "reuse_flagged": ("Signalé pour le réemploi", "Flagged for reuse"),
    "batch_id": ("Lot d'import", "Import batch"),
    "factor_set": ("Jeu de facteurs", "Factor set"),
    "electricity_kg_per_kwh": ("Facteur électrique (kg CO2e/kWh)", "Electricity (kg CO2e/kWh)"),
    "reference": ("Référence de facteurs", "Factor reference"),
    "match_level": ("Correspondance", "Match"),
    "in_service_fraction": ("Part de l'année en service", "Share of the year in service"),
    "use_fraction": ("Part de l'année alimentée", "Share of the year powered"),
    "lifespan_rule": ("Origine de la durée de vie", "Lifespan from"),
    "lifespan_observations": ("Sorties observées", "Observed retirements"),
    "embodied_share": ("Part de l'incorporé attribuée à l'année", "Share of embodied in the year"),
    "second_transport": ("Second transport", "Second transport"),
    "kwh_per_year": ("kWh par an", "kWh per year"),
    "kwh_source": ("Origine des kWh", "kWh from"),
    "pue_applied": ("PUE appliqué", "PUE applied"),
    "kwh": ("Électricité (kWh)", "Electricity (kWh)"),
    "counted": ("Compté", "Counted"),
    "cpu": ("Processeur", "CPU"),
    "ram_gb": ("Mémoire (Go)", "RAM (GB)"),
    "storage_gb": ("Stockage (Go)", "Storage (GB)"),
    "storage_type": ("Type de stockage", "Storage type"),
    "screen_inches": ("Écran (pouces)", "Screen (inches)"),
    "os": ("Système", "OS"),
    "tpm": ("TPM", "TPM"),
    "eco_label": ("Écolabel", "Eco-label"),
    "user_key": ("Utilisateur", "User"),
    "notes": ("Notes", "Notes"),
    "site_id": ("Site (n°)", "Site (no.)"),
    "disposal_id": ("Sortie n°", "Disposal no."),
    "disposed_on": ("Sorti le", "Disposed on"),
    "proof_reference": ("Justificatif", "Proof"),
    "erasure_method": ("Effacement", "Erasure"),
    "erasure_certificate": ("Certificat d'effacement", "Erasure certificate"),
}

#: Short wording of each criterion in table headers (the full label is in the units line).
CRITERION_SHORT: dict[str, tuple[str, str]] = {
    "gwp": ("climat", "climate"),
    "adpe": ("ressources", "resources"),
    "pe": ("énergie", "energy"),
}
#: Wording of the parts of a criterion (phases, interval bounds) in table headers.
PART_LABELS: dict[str, tuple[str, str]] = {
    "manufacturing": ("fabrication", "manufacturing"),
    "distribution": ("distribution", "distribution"),
    "end_of_life": ("fin de vie", "end of life"),
    "embodied_lifecycle": ("incorporé cycle de vie", "lifecycle embodied"),
    "embodied": ("incorporé", "embodied"),
    "use": ("usage", "use"),
    "total": ("total", "total"),
    "low": ("bas 90 %", "low 90%"),
    "high": ("haut 90 %", "high 90%"),
}

#: The vocabulary of a column's cells: its codes worded for people (a code the
#: table does not know — a name, a number — is shown as it is).
VALUE_LABELS: dict[str, Mapping[str, tuple[str, str]]] = {
    "category": CATEGORIES,
    "status": {**STATUS_LABELS, **NEED_STATUS_LABELS},
    "acquisition": ACQUISITION_LABELS,
    "route": ROUTE_LABELS,
    "channel": ROUTE_LABELS,
    "kind": {**ENTITY_KIND_LABELS, **PARTNER_KIND_LABELS},
    "phase": PHASE_LABELS,
    "method": METHOD_SHORT_LABELS,
    "level": LEVEL_LABELS,
    "criterion": CRITERION_LABELS,
    "match_level": MATCH_LEVEL_LABELS,
    "lifespan_rule": LIFESPAN_RULE_LABELS,
    "kwh_source": KWH_SOURCE_LABELS,
}

#: What happened to a device, in its history (``device_event.kind``).
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "create": ("création", "created"),
    "update": ("modification", "edited"),
    "status": ("changement de statut", "status change"),
    "transfer": ("transfert", "transfer"),
    "disposal": ("sortie", "disposal"),
}

#: Columns holding several codes joined by « | » (a partner's categories).
LIST_LABELS: dict[str, Mapping[str, tuple[str, str]]] = {"categories": CATEGORIES}

#: Yes and no, for a cell holding a flag.
YES_NO: dict[bool, tuple[str, str]] = {True: ("oui", "yes"), False: ("non", "no")}


def column_label(column: str, lang: str = "fr") -> str:
    """The heading of the output column ``column`` in ``lang`` (« climat total » for
    ``gwp_total``); the column itself when unknown."""
    pair = COLUMN_LABELS.get(column)
    if pair is not None:
        return label(COLUMN_LABELS, column, lang)
    criterion, _, part = column.partition("_")
    if criterion in CRITERION_SHORT and part in PART_LABELS:
        return f"{label(CRITERION_SHORT, criterion, lang)} {label(PART_LABELS, part, lang)}"
    return column


def value_label(column: str, value: Any, lang: str = "fr") -> Any:
    """A cell of ``column`` for a person: a vocabulary code worded, a flag as
    yes/no, an ISO date in the language's form; anything else unchanged."""
    if is_missing(value):
        return value
    if isinstance(value, bool):
        fr, en = YES_NO[value]
        return fr if lang == "fr" else en
    table = VALUE_LABELS.get(column)
    if table is not None and isinstance(value, str):
        return label(table, value, lang)
    if column in LIST_LABELS and isinstance(value, str):
        table = LIST_LABELS[column]
        return ", ".join(label(table, code, lang) for code in value.split("|") if code)
    if column.endswith(("_date", "_on")) and isinstance(value, str):
        return format_date(value, lang)
    return value


def worded_frame(
    frame: pd.DataFrame,
    lang: str = "fr",
    headings: Mapping[str, tuple[str, str]] | None = None,
    flags: bool = False,
) -> pd.DataFrame:
    """``frame`` for a person's workbook: the vocabulary codes of its cells worded (each
    distinct code looked up once) and its columns headed by ``headings`` or
    :data:`COLUMN_LABELS`. Numbers and dates keep their type for the spreadsheet; flags
    too (a workbook words TRUE itself), unless ``flags`` asks for yes/no (a CSV file)."""
    # A shallow copy: pandas copies a column only when it is written (copy-on-write),
    # so ``frame`` never changes and the columns left as they are are not copied.
    worded = frame.copy(deep=False)
    for column in worded.columns:
        if flags and pd.api.types.is_bool_dtype(worded[column]):
            word = {flag: fr if lang == "fr" else en for flag, (fr, en) in YES_NO.items()}
            worded[column] = worded[column].map(word)
            continue
        table = VALUE_LABELS.get(str(column))
        if table is None:
            continue
        # Each distinct code worded once, then laid on the rows by position (a dict
        # lookup per row took longer than the rest of the workbook's columns).
        codes, uniques = pd.factorize(worded[column])
        words = pd.array([label(table, str(u), lang) for u in uniques], dtype="str")
        worded[column] = words.take(codes, allow_fill=True)
    names = {
        c: label(headings, str(c), lang)
        if headings and str(c) in headings
        else column_label(c, lang)
        for c in worded.columns
    }
    return worded.rename(columns=names)
