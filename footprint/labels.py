"""French and English wording of the engine's codes.

Outputs speak French by default and English on request; the codes themselves
(``annualized``, ``current_age``…) stay in machine-readable outputs. Numbers,
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
    "reference_default": (
        "durée par défaut de la référence (supérieure à l'âge atteint)",
        "reference default (longer than the age reached)",
    ),
    "current_age": (
        "âge atteint (supérieur à la durée par défaut)",
        "age reached (longer than the reference default)",
    ),
    "purchase_date_missing": (
        "date d'achat inconnue : durée par défaut, en service toute l'année",
        "no purchase date: reference default, in service all year",
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
