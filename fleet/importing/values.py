"""Reading one cell's text as a date, a number, a capacity, a status…

Each parser takes the text of one *distinct* value and returns the value or
raises :class:`ValueError` with the French reason shown to the user; the
normaliser applies them to the distinct values of a column and maps back.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Final

from factors.text import AmbiguousNumber, fold_key, parse_decimal
from factors.vocabulary import ACQUISITIONS, STATUSES

from .categories import fold

EXCEL_EPOCH: Final[date] = date(1899, 12, 30)

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?: \d{1,2}[:h]\d{2}(?::\d{2})?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_WORDY = re.compile(r"^(?:(\d{1,2})(?:er)? )?([a-z]+)\.? (\d{4})$")
_MONTHS: Final[dict[str, int]] = {
    **{
        m: i
        for i, m in enumerate(
            (
                "janvier fevrier mars avril mai juin juillet aout septembre octobre "
                "novembre decembre"
            ).split(),
            start=1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janv fevr mars avr mai juin juil aout sept oct nov dec".split(), start=1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            (
                "january february march april may june july august september october "
                "november december"
            ).split(),
            start=1,
        )
    },
    **{
        m: i
        for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
    },
    "fev": 2,
    "sep": 9,
}


def parse_date(text: str, today: date | None = None) -> date:
    """dd/mm/yyyy, dd-mm-yy, ISO, an Excel serial number, ``mm/yyyy``, ``mars 2021`` or a year."""
    value = fold_key(text)
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make_date(text, year, month, day)
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            pivot = ((today or date.today()).year % 100) + 1
            year += 2000 if year <= pivot else 1900
        return _make_date(text, year, month, day)
    match = _MONTH_YEAR.match(value)
    if match:
        return _make_date(text, int(match.group(2)), int(match.group(1)), 1)
    if _YEAR.match(value):
        return date(int(value), 1, 1)
    if _SERIAL.match(value):
        serial = float(value)
        if 1 <= serial < 2_958_466:
            return EXCEL_EPOCH + timedelta(days=int(serial))
    match = _WORDY.match(value.replace(".", ""))
    if match and match.group(2) in _MONTHS:
        day = int(match.group(1) or 1)
        return _make_date(text, int(match.group(3)), _MONTHS[match.group(2)], day)
    raise ValueError(f"date illisible « {_clip(text)} » (attendu jj/mm/aaaa)")


def _make_date(text: str, year: int, month: int, day: int) -> date:
    if not 1900 <= year <= 2200:
        raise ValueError(f"année invalide dans la date « {_clip(text)} »")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"date impossible « {_clip(text)} »") from None


_NUMBER = re.compile(r"[-+−]?\s*\d[\d\s'’.,]*")
_CURRENCY = re.compile(r"€|eur(os?)?\b|\bht\b|\bttc\b|\$", re.IGNORECASE)


def parse_number(text: str) -> float:
    """``1 234,50 €``, ``1.234,5``, ``1,234.50``, ``12,5`` (French decimal comma), ``-3``."""
    cleaned = _CURRENCY.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()
    match = _NUMBER.fullmatch(cleaned) or _NUMBER.match(cleaned)
    if not match or (match.end() < len(cleaned) and not _unit_tail(cleaned[match.end() :])):
        raise ValueError(f"nombre attendu, lu « {_clip(text)} »")
    return _to_float(match.group(0), text)


def _unit_tail(tail: str) -> bool:
    """Short unit words after a number (``kg``, ``kWh/an``, ``ans``, ``pouces``) are allowed."""
    return bool(re.fullmatch(r"\s*[a-zA-Zéèû\"'”/ ]{0,12}\.?\s*", tail))


def _to_float(number: str, original: str) -> float:
    """The value of a number typed with French or English separators
    (:func:`factors.text.parse_decimal`, rules in docs/import.md, « Nombres »)."""
    try:
        return parse_decimal(number)
    except AmbiguousNumber:
        raise ValueError(
            f"nombre ambigu « {_clip(original)} » : séparateurs de milliers mal placés "
            "(écrire 1234,5 ou 1 234,5)"
        ) from None
    except OverflowError:  # hundreds of digits overflow to inf, then break every sum
        raise ValueError(f"nombre trop grand, lu « {_clip(original)} »") from None
    except ValueError:
        raise ValueError(f"nombre attendu, lu « {_clip(original)} »") from None


_CAPACITY = re.compile(
    r"(?<![a-z0-9.,])(?:(\d+)\s*[x×]\s*)?(\d+(?:[.,]\d+)?)\s*(to|tb|tib|tio|go|gb|gib|gio|g|mo|mb|mib|m|ko|kb)?\b",
    re.IGNORECASE,
)
_TO_GB: Final[dict[str, float]] = {
    "to": 1000.0,
    "tb": 1000.0,
    "tib": 1024.0,
    "tio": 1024.0,
    "go": 1.0,
    "gb": 1.0,
    "gib": 1.0,
    "gio": 1.0,
    "g": 1.0,
    "mo": 1 / 1024,
    "mb": 1 / 1024,
    "mib": 1 / 1024,
    "m": 1 / 1024,
    "ko": 1 / 1024**2,
    "kb": 1 / 1024**2,
}


#: Largest capacity read, in GB: beyond, a typing error (or an attack), not a device.
MAX_CAPACITY_GB: Final[float] = 1_000_000.0
_AMBIGUOUS_DIGITS = re.compile(r"\d[.,]\d+[.,]\d")


#: The unit a capacity column's header ends with: « RAM (Mo) », « Disque [Go] », « RAM MB ».
_HEADER_UNIT = re.compile(r"[\s(\[]([a-z]{1,3})[)\]]?\s*$", re.IGNORECASE)


def header_unit(header: str) -> str | None:
    """The capacity unit a column's header declares (« RAM (Mo) » : ``mo``), if any:
    its bare numbers are in that unit (OCS Inventory writes « RAM (Mo) » over 512,
    which is no 512 GB)."""
    found = _HEADER_UNIT.search(header)
    unit = found.group(1).lower() if found else None
    return unit if unit in _TO_GB and unit not in ("g", "m") else None


def parse_capacity(text: str, bare_mb_above: float, unit: str | None = None) -> float:
    """A memory or disk size in GB: ``8 Go``, ``8192 Mo``, ``2 x 8 GB``, ``256 Go + 1 To``.

    A bare number is in ``unit`` (the header's, :func:`header_unit`) when there is one;
    else above ``bare_mb_above`` it is taken as MB (GLPI writes memory in Mo).
    """
    cleaned = text.replace("\u00a0", " ")
    if _AMBIGUOUS_DIGITS.search(cleaned):
        raise ValueError(
            f"capacité ambiguë « {_clip(text)} » : plusieurs séparateurs dans un nombre"
        )
    total = 0.0
    found = False
    absurd = f"capacité invraisemblable « {_clip(text)} » (plus d'un million de Go)"
    for match in _CAPACITY.finditer(cleaned):
        count, amount, written = match.groups()
        try:
            value = parse_decimal(amount) * (int(count) if count else 1)
        except OverflowError:
            raise ValueError(absurd) from None
        if written:
            value *= _TO_GB[written.lower()]
        elif unit:
            value *= _TO_GB[unit]
        elif value > bare_mb_above:
            value /= 1024
        total += value
        found = True
    if not found:
        raise ValueError(f"capacité attendue (ex. 8 Go), lu « {_clip(text)} »")
    if not math.isfinite(total) or total > MAX_CAPACITY_GB:
        raise ValueError(absurd)
    return round(total, 3)


def storage_kind(text: str) -> str | None:
    folded = fold(text)
    for word, kind in (
        ("nvme", "ssd"),
        ("ssd", "ssd"),
        ("emmc", "emmc"),
        ("hdd", "hdd"),
        ("sata", "hdd"),
        ("disque dur", "hdd"),
        ("flash", "ssd"),
    ):
        if word in folded:
            return kind
    return None


#: Status texts (GLPI, NumEcoEval, hand-kept files) → STATUSES.
STATUS_WORDS: Final[dict[str, str]] = {
    **{s: s for s in STATUSES},
    **dict.fromkeys(
        (
            "en service",
            "service",
            "en production",
            "production",
            "actif",
            "active",
            "en cours",
            "utilise",
            "en utilisation",
            "in use",
            "in service",
            "deployed",
            "deploye",
            "affecte",
            "attribue",
            "en pret",
            "prete",
            "pret",
            "operationnel",
            "en fonctionnement",
            "ok",
            "in_use",
            "inuse",
            "en place",
            "installe",
        ),
        "in_service",
    ),
    **dict.fromkeys(
        (
            "en stock",
            "stock",
            "in stock",
            "disponible",
            "spare",
            "en reserve",
            "reserve",
            "a deployer",
            "a affecter",
            "neuf en stock",
            "magasin",
            "en magasin",
            "instock",
        ),
        "in_stock",
    ),
    **dict.fromkeys(
        (
            "hs",
            "h.s",
            "h s",
            "hors service",
            "en panne",
            "panne",
            "en reparation",
            "reparation",
            "defectueux",
            "defaillant",
            "broken",
            "out of order",
            "casse",
            "a reparer",
            "sav",
            "en sav",
        ),
        "broken",
    ),
    **dict.fromkeys(
        (
            "rebut",
            "au rebut",
            "mis au rebut",
            "reforme",
            "a reformer",
            "retire",
            "retired",
            "decommissioned",
            "hors parc",
            "sorti",
            "sorti du parc",
            "fin de vie",
            "obsolete",
            "desaffecte",
            "archive",
            "inactif",
            "inactive",
        ),
        "retired",
    ),
    **dict.fromkeys(
        (
            "a reemployer",
            "reemploi",
            "en attente de reemploi",
            "reuse pending",
            "a donner",
            "pour reemploi",
            "reconditionnement",
            "a recycler",
            "en attente de sortie",
        ),
        "reuse_pending",
    ),
    **dict.fromkeys(
        (
            "donne",
            "recycle",
            "detruit",
            "vendu",
            "cede",
            "disposed",
            "deee",
            "evacue",
            "enleve",
            "transfere",
        ),
        "disposed",
    ),
}

#: Acquisition texts → ACQUISITIONS.
ACQUISITION_WORDS: Final[dict[str, str]] = {
    **{a: a for a in ACQUISITIONS},
    **dict.fromkeys(
        ("neuf", "neuve", "achat", "achat neuf", "achete", "new", "purchase", "bought", "ugap"),
        "new",
    ),
    **dict.fromkeys(
        (
            "reconditionne",
            "reconditionnee",
            "refurbished",
            "occasion",
            "seconde main",
            "remanufacture",
            "reemploi",
            "reconditionnement",
            "refurb",
            "achat reconditionne",
            "seconde vie",
            "used",
            "second hand",
        ),
        "refurbished",
    ),
    **dict.fromkeys(
        (
            "location",
            "leasing",
            "loue",
            "louee",
            "lld",
            "loa",
            "leased",
            "lease",
            "credit bail",
            "credit-bail",
            "contrat de location",
            "rented",
            "mise a disposition",
        ),
        "leased",
    ),
    **dict.fromkeys(("don", "donne", "donated", "recu en don", "donation", "gratuit"), "donated"),
}

#: Words of a condition (« État », « Grade ») or acquisition cell meaning a second-hand
#: purchase, matched on folded text (docs/import.md, « Vocabulaire des fournisseurs »).
_SECOND_HAND = re.compile(
    r"recondition|refurb|remanufactur|\boccasion|\bseconde? main\b|\bsecond hand\b"
    r"|\bused\b|\breemploi\b|\bseconde vie\b|\bpre ?owned\b"
)
_GRADE = re.compile(r"\b(?:grade|classe|categorie|qualite)\s*:?\s*([a-e][+-]?|[0-9])(?![a-z0-9])")
_BARE_GRADE = re.compile(r"([a-e][+-]?|[0-9])")


def second_hand(text: str) -> bool:
    """Whether a condition or acquisition text says the device was bought second-hand."""
    return bool(_SECOND_HAND.search(fold(text)))


def grade(text: str, bare: bool = False) -> str | None:
    """The refurbishment grade a text names (« Reconditionné grade A » → « Grade A »);
    with ``bare``, a lone letter counts too (a column headed « Grade »)."""
    folded = fold(text)
    match = _GRADE.search(folded) or (_BARE_GRADE.fullmatch(folded) if bare else None)
    return f"Grade {match.group(1).upper()}" if match else None


#: Truthy flag texts (a "Reconditionné" column with oui/non).
TRUE_WORDS: Final[frozenset[str]] = frozenset(
    ("oui", "o", "yes", "y", "x", "1", "vrai", "true", "reconditionne", "refurbished")
)
FALSE_WORDS: Final[frozenset[str]] = frozenset(("non", "n", "no", "0", "faux", "false", "neuf"))

#: Cell texts that mean "no value" in a serial or asset-tag column.
PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    (
        "n/a",
        "na",
        "n a",
        "nc",
        "n/c",
        "n c",
        "-",
        "--",
        "?",
        "0",
        "none",
        "null",
        "inconnu",
        "unknown",
        "non renseigne",
        "nr",
        "sans",
        "aucun",
        "default string",
        "to be filled by o.e.m.",
        "to be filled by o e m",
        "system serial number",
        "not specified",
        "not applicable",
        "xxx",
        "xxxx",
        "a completer",
    )
)


def lookup(words: dict[str, str], text: str) -> str | None:
    """A vocabulary word from a text, ignoring case, accents and punctuation."""
    folded = fold(text)
    return words.get(folded) or words.get(re.sub(r"[^a-z0-9 ]+", " ", folded).strip())


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
