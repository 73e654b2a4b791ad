"""French and English wording of the engine's codes.

Outputs speak French by default and English on request; the codes themselves
(``annualized``, ``age_reached``…) stay in machine-readable outputs. Numbers,
dates and the lookup of a code in these tables are :mod:`factors.locale`'s.
"""

from __future__ import annotations

from factors.vocabulary import PHASE_LABELS

__all__ = [
    "KWH_SOURCE_LABELS",
    "LIFESPAN_RULE_LABELS",
    "MATCH_LEVEL_LABELS",
    "METHOD_LABELS",
    "PHASE_LABELS",
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
    "first_life_years": ("Années de première vie", "First-life years"),
}
