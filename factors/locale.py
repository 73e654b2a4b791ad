"""Numbers, units, percentages, dates and vocabulary labels, in French and English.

The one place where a value becomes text for a person (docs/architecture.md §11):
the reports (``footprint``), the command line (``cli``) and the terminal UI
(``tui``) all format through here, so a figure reads the same everywhere.

French typography: decimal comma, a narrow no-break space (U+202F) between
thousands and before a unit or the percent sign — « 1 234,5 kg », « 12 % »;
the narrow space keeps a number on one line and is one cell wide in a terminal.
English: « 1,234.5 kg », « 12% ». Dates: « 28/11/2026 » in French, ISO in English.
A missing value (``None``, NaN, NaT) or an infinite one is a dash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from .text import is_missing
from .vocabulary import CATEGORIES, CRITERIA

LANGUAGES: Final[tuple[str, ...]] = ("fr", "en")
#: Between thousands and before units in French (« 1 234 kg », « 12 % »).
NARROW_NBSP: Final = "\u202f"
#: What a missing value reads as, in every language.
MISSING: Final = "—"
#: How a day is written in each language (strftime): day/month/year in French, ISO in
#: English — on screen, in the CSV a person opens, in what they type.
DATE_FORMATS: Final[dict[str, str]] = {"fr": "%d/%m/%Y", "en": "%Y-%m-%d"}


def format_number(
    value: Any, lang: str = "fr", *, decimals: int | None = None, digits: int = 6
) -> str:
    """``value`` with grouped thousands, in the typography of ``lang``.

    With ``decimals``, exactly that many decimals (« 12,0 »: tables whose column
    should line up); without, ``digits`` significant digits and no trailing
    zeros (« 0,0123 », « 1 234,57 »: a figure in a sentence or a report).
    """
    if is_missing(value) or not math.isfinite(float(value)):
        return MISSING
    number = float(value)
    if decimals is None:
        if number == 0:
            return "0"
        magnitude = math.floor(math.log10(abs(number)))
        places = min(max(digits - 1 - magnitude, 0), 15)
        text = f"{number:,.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{number:,.{decimals}f}"
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]  # no « -0 »
    if lang == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_percent(
    share: Any, lang: str = "fr", *, decimals: int | None = None, digits: int = 4
) -> str:
    """A share (0..1) as a percentage: « 12,5 % » in French, « 12.5% » in English."""
    if is_missing(share):
        return MISSING
    number = format_number(float(share) * 100.0, lang, decimals=decimals, digits=digits)
    if number == MISSING:
        return MISSING
    return f"{number}{NARROW_NBSP}%" if lang == "fr" else f"{number}%"


def format_quantity(
    value: Any, unit: str, lang: str = "fr", *, decimals: int | None = None, digits: int = 6
) -> str:
    """A number and its unit: « 1 234,5 kg CO2e » (narrow no-break space) or « 1,234.5 kg CO2e »."""
    number = format_number(value, lang, decimals=decimals, digits=digits)
    if number == MISSING:
        return MISSING
    return f"{number}{NARROW_NBSP if lang == 'fr' else ' '}{unit}"


def _as_date(value: Any) -> date | str:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return str(value)


def format_date(value: Any, lang: str = "fr") -> str:
    """« 28/11/2026 » in French, « 2026-11-28 » in English; text that is no date as is."""
    if is_missing(value):
        return MISSING
    day = _as_date(value)
    if isinstance(day, str):
        return day
    return day.strftime(DATE_FORMATS.get(lang, DATE_FORMATS["en"]))


def format_datetime(value: Any, lang: str = "fr") -> str:
    """« 28/11/2026 08:00 » in French, « 2026-11-28 08:00 » in English."""
    if is_missing(value):
        return MISSING
    stamp: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return stamp.strftime(f"{DATE_FORMATS.get(lang, DATE_FORMATS['en'])} %H:%M")


def label(table: Mapping[str, tuple[str, ...]], code: Any, lang: str = "fr") -> str:
    """The wording of ``code`` in ``lang`` from a ``code → (French, English)`` table;
    the code itself when the table does not know it, a dash when it is missing."""
    if is_missing(code):
        return MISSING
    pair = table.get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "fr" else pair[1]


def category_label(code: Any, lang: str = "fr") -> str:
    """« Ordinateur portable » / « Laptop » for ``laptop``."""
    return label(CATEGORIES, code, lang)


def criterion_label(code: str, lang: str = "fr") -> str:
    """« Changement climatique (kg CO2e) » for ``gwp``; an unknown code as is."""
    if code not in CRITERIA:
        return code
    unit, fr, en = CRITERIA[code]
    return f"{fr if lang == 'fr' else en} ({unit})"
