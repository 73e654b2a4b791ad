"""Messages for people in the language they chose: French as written, English from one catalogue.

ecoparc's messages — a refusal raised by a use case, a command's error line, its
summary, its help — are written in French where they arise, because French is
the users' language and the default. English mode words them through
:func:`in_language`, with one catalogue, :data:`factors.english.ENGLISH`, keyed
by the French text as the code writes it (the model of gettext, whose keys are
the source language's text). A message with values in it (``f"appareil
introuvable : « {ref} »"``) has its template as key, ``{}`` standing for each
value: ``"appareil introuvable : « {} »"``. :func:`in_language` recognises the
template in the finished message, words each value in turn (a value may itself
be a message — « {} (ou attendez plus longtemps avec --lock-timeout) » — or a
word of the vocabulary, « en service ») and fills the English template, where
``{0}``, ``{1}`` may reorder the values.

A message missing from the catalogue is shown in French rather than not at all;
tests/language/test_messages.py reads the code for every message a person can
meet and fails on one without its English. docs/architecture.md §11.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Final

from .english import ENGLISH, ENGLISH_METAVARS
from .vocabulary import (
    ACQUISITION_LABELS,
    CATEGORIES,
    DISPOSAL_CHANNEL_LABELS,
    ENTITY_KIND_LABELS,
    NEED_STATUS_LABELS,
    PARTNER_KIND_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    STATUS_LABELS,
)

#: Where a value stands in a catalogue key (``{{`` and ``}}`` are literal braces).
_SLOT: Final = re.compile(r"\{\{|\}\}|\{\}")
#: A day as French messages write it (factors.locale.DATE_FORMATS), which English
#: writes ISO: a value of a message, worded like its other values.
_FRENCH_DATE: Final = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def in_language(text: str, lang: str) -> str:
    """``text``, a French message, in ``lang``: itself in French; in English, the
    catalogue's wording, else the French unchanged."""
    if lang == "fr" or not text:
        return text
    return english(text)


def english(text: str) -> str:
    """The English of a French message (each line of a text of several lines)."""
    found = ENGLISH.get(text)
    if found is not None:
        return found
    if "\n" in text:
        return "\n".join(english(line) for line in text.split("\n"))
    word = _vocabulary().get(text)
    if word is not None:
        return word
    day = _iso_day(text)
    if day is not None:
        return day
    for pattern, target in _templates():
        match = pattern.fullmatch(text)
        if match is not None:
            return target.format(*(english(value) for value in match.groups()))
    return text


def _iso_day(text: str) -> str | None:
    """A French day as English writes it (« date de retrait (28/11/2026) » reads
    (2026-11-28)); None for any other text, and for what only looks like a day (what a
    person typed that is no date, « 31/02/2026 », is quoted as typed)."""
    found = _FRENCH_DATE.fullmatch(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def english_metavar(text: str) -> str:
    """An option's placeholder in the help (``NOM``, ``FICHIER``) in English."""
    return ENGLISH_METAVARS.get(text, text)


def template_of(pattern_key: str) -> re.Pattern[str]:
    """The regular expression that recognises a catalogue key's finished messages."""
    parts: list[str] = []
    position = 0
    for slot in _SLOT.finditer(pattern_key):
        parts.append(re.escape(pattern_key[position : slot.start()]))
        token = slot.group()
        parts.append(re.escape(token[0]) if token in ("{{", "}}") else "(.+?)")
        position = slot.end()
    parts.append(re.escape(pattern_key[position:]))
    return re.compile("".join(parts), re.DOTALL)


def has_values(key: str) -> bool:
    return any(slot.group() == "{}" for slot in _SLOT.finditer(key))


@cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The keys with values, the most specific first (the longest fixed text): a
    message matching « {} : {} » and « {} : catégorie inconnue {} » is the latter, and
    « {} : {} » (a file and its problem, an error and its detail) comes last. Values
    side by side (« {}{} ») could be cut anywhere: such a key is not kept."""
    keyed = [key for key in ENGLISH if has_values(key) and _fixed(key).strip()]
    keyed.sort(key=lambda key: len(_fixed(key)), reverse=True)
    return tuple((template_of(key), ENGLISH[key]) for key in keyed)


def _fixed(key: str) -> str:
    return _SLOT.sub("", key)


@cache
def _vocabulary() -> dict[str, str]:
    """French wordings of the vocabulary → English (a status or a route named in a
    message); a French word that is also a code (« donation ») stays."""
    tables = (
        CATEGORIES,
        STATUS_LABELS,
        ACQUISITION_LABELS,
        ROUTE_LABELS,
        DISPOSAL_CHANNEL_LABELS,
        PHASE_LABELS,
        ENTITY_KIND_LABELS,
        PARTNER_KIND_LABELS,
        NEED_STATUS_LABELS,
    )
    return {fr: en for table in tables for fr, en in table.values() if fr != en}
