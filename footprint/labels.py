"""French and English wording of the engine's codes, and number formatting.

Outputs speak French by default (``1 234,5``) and English on request; the codes
themselves (``annualized``, ``current_age``…) stay in machine-readable outputs.
"""

from __future__ import annotations

import math

from factors.vocabulary import CATEGORIES, CRITERIA

METHOD_LABELS: dict[str, tuple[str, str]] = {
    "annualized": ("annualisée (incorporé / durée de vie)", "annualized (embodied / lifespan)"),
    "amortized": (
        "amortie (incorporé / période comptable, BEGES)",
        "amortized (embodied / accounting period, BEGES)",
    ),
    "flux": ("flux (incorporé des achats de l'année)", "flux (embodied of the year's purchases)"),
}

PHASE_LABELS: dict[str, tuple[str, str]] = {
    "manufacturing": ("fabrication", "manufacturing"),
    "distribution": ("distribution", "distribution"),
    "end_of_life": ("fin de vie", "end of life"),
    "use": ("usage", "use"),
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


def label(table: dict[str, tuple[str, str]], code: str, lang: str = "fr") -> str:
    """The wording of ``code`` in ``lang`` (the code itself when unknown)."""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "fr" else pair[1]


def category_label(code: str, lang: str = "fr") -> str:
    pair = CATEGORIES.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "fr" else pair[1]


def criterion_label(code: str, lang: str = "fr") -> str:
    unit, fr, en = CRITERIA[code]
    return f"{fr if lang == 'fr' else en} ({unit})"


def format_number(value: float | None, lang: str = "fr", digits: int = 6) -> str:
    """``value`` with ``digits`` significant digits, grouped thousands, no exponent.

    French uses a decimal comma and a no-break space between thousands.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = float(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = min(max(digits - 1 - magnitude, 0), 15)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "fr":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def format_percent(share: float, lang: str = "fr") -> str:
    number = format_number(share * 100.0, lang, digits=4)
    return f"{number}\u00a0%" if lang == "fr" else f"{number} %"
