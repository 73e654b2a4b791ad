"""Normalising manufacturer and model spellings as they come out of inventories.

GLPI, OCS and hand-kept spreadsheets write the same device as ``Dell Inc.`` /
``DELL`` / ``Dell Technologies`` and ``LATITUDE-5420 (i5-1145G7)`` /
``Latitude 5420``. These functions reduce such text to a canonical
manufacturer name and to a set of model tokens that the matcher compares.
They are called once per *distinct* spelling, so they favour clarity over speed,
with a cache.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

#: Words that name the legal form or a division, not the brand.
_CORPORATE_WORDS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc gmbh sa sas sarl ag bv plc "
    "group international computer computers technologies technology electronics enterprise "
    "solutions systems business networks mobile france europe deutschland".split()
)

#: Placeholder vendors written by BIOSes and inventory agents: they mean "unknown".
_PLACEHOLDERS = frozenset(
    {
        "to be filled by o e m",
        "system manufacturer",
        "default string",
        "oem",
        "o e m",
        "not specified",
        "unknown",
        "inconnu",
        "n a",
        "na",
        "none",
    }
)

#: Cleaned spelling (see _clean_words) → canonical manufacturer name.
_MANUFACTURERS: dict[str, str] = {
    "hp": "HP",
    "hewlett packard": "HP",
    "hewlettpackard": "HP",
    "hpe": "HP",
    "hp hewlett packard": "HP",
    "dell": "Dell",
    "dell emc": "Dell",
    "dell wyse": "Dell",
    "wyse": "Dell",
    "lenovo": "Lenovo",
    "ibm lenovo": "Lenovo",
    "apple": "Apple",
    "samsung": "Samsung",
    "microsoft": "Microsoft",
    "asus": "Asus",
    "asustek": "Asus",
    "acer": "Acer",
    "fujitsu": "Fujitsu",
    "fujitsu siemens": "Fujitsu",
    "toshiba": "Toshiba",
    "dynabook": "Dynabook",
    "google": "Google",
    "fairphone": "Fairphone",
    "lexmark": "Lexmark",
    "brother": "Brother",
    "canon": "Canon",
    "epson": "Epson",
    "seiko epson": "Epson",
    "kyocera": "Kyocera",
    "kyocera mita": "Kyocera",
    "ricoh": "Ricoh",
    "xerox": "Xerox",
    "konica minolta": "Konica Minolta",
    "sharp": "Sharp",
    "cisco": "Cisco",
    "juniper": "Juniper",
    "fortinet": "Fortinet",
    "stormshield": "Stormshield",
    "netgear": "Netgear",
    "ubiquiti": "Ubiquiti",
    "aruba": "Aruba",
    "netapp": "NetApp",
    "synology": "Synology",
    "qnap": "QNAP",
    "seagate": "Seagate",
    "lg": "LG",
    "philips": "Philips",
    "iiyama": "iiyama",
    "benq": "BenQ",
    "viewsonic": "ViewSonic",
    "eizo": "Eizo",
    "aoc": "AOC",
    "huawei": "Huawei",
    "xiaomi": "Xiaomi",
    "motorola": "Motorola",
    "nokia": "Nokia",
    "crosscall": "Crosscall",
    "alcatel": "Alcatel-Lucent",
    "alcatel lucent": "Alcatel-Lucent",
    "yealink": "Yealink",
    "polycom": "Poly",
    "poly": "Poly",
    "avaya": "Avaya",
    "gigaset": "Gigaset",
    "panasonic": "Panasonic",
    "sony": "Sony",
    "optoma": "Optoma",
    "igel": "IGEL",
    "msi": "MSI",
    "supermicro": "Supermicro",
}

#: Words removed from model text because they name a brand, not a model.
_BRAND_WORDS = frozenset(
    w for spelling in _MANUFACTURERS for w in spelling.split() if len(w) > 1
) - {"wyse", "emc"}

#: Words that describe the kind of device and carry no model information.
_NOISE_WORDS = frozenset(
    "notebook laptop pc computer desktop monitor display ecran portable ordinateur form factor "
    "series serie with the and et de du des for pour model modele type server serveur "
    "mobile workstation station travail thin client zero".split()
)

#: Abbreviations found in inventories → the word used in manufacturer names.
_SYNONYMS = {
    "sff": "small",
    "mff": "micro",
    "usff": "ultra",
    "twr": "tower",
    "mt": "tower",
    "aio": "allinone",
}

_VARIANT = re.compile(r"\d+(?:gb|go|tb|to|mb)|\d+(?:\.\d+)?in|[345]g|lte|20[12]\d|\d+\.\d+")
_BRACKETS = re.compile(r"[\(\[\{][^\)\]\}]*[\)\]\}]?")
_CPU = re.compile(
    r"\b(?:intel|amd|core|ryzen|celeron|pentium|xeon)\b.*$|\bi[3579](?:[- ]?\d{4,5}[a-z0-9]*)?\b"
)
_CAPACITY = re.compile(r"(\d+)\s*(gb|go|tb|to|mb)\b")
_UNITS = {"gb": "gb", "go": "gb", "tb": "tb", "to": "tb", "mb": "mb"}
_INCHES = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:\"|”|''|-?inch(?:es)?\b|pouces?\b)")
_TWO_IN_ONE = re.compile(r"\b2\s*-?\s*in\s*-?\s*1\b")
_ALL_IN_ONE = re.compile(r"\ball\s*-?\s*in\s*-?\s*one\b")
_FOOTNOTE = re.compile(r"\b(server|system|module|plus)\d\b")
_ORDINAL_GEN = re.compile(r"\b(\d+)\s*(?:st|nd|rd|th|e|eme|ieme|er|re)\s+gen(?:eration)?\b")
_GEN = re.compile(r"\bgen(?:eration)?\s+(\d+)\b")
_LENOVO_TINY = re.compile(r"^(m\d{2,3})q$")
_SEPARATORS = re.compile(r"(?<!\d)\.|\.(?!\d)|[^a-z0-9+.]+")


def _clean_words(text: str) -> list[str]:
    """Lowercase words without punctuation, accents or corporate suffixes."""
    folded = fold(text).casefold()
    words = re.split(r"[^a-z0-9]+", folded)
    return [w for w in words if w and w not in _CORPORATE_WORDS]


@lru_cache(maxsize=65536)
def normalise_manufacturer(text: str) -> str:
    """The canonical name of a manufacturer (``Hewlett-Packard`` → ``HP``).

    Unknown manufacturers keep their own words, without legal suffixes
    (``ACME Corp.`` → ``ACME``); placeholders such as ``To be filled by O.E.M.``
    become the empty string.
    """
    if not isinstance(text, str) or not text.strip():
        return ""
    words = _clean_words(text)
    joined = " ".join(words)
    plain = " ".join(w for w in re.split(r"[^a-z0-9]+", fold(text).casefold()) if w)
    if not words or joined in _PLACEHOLDERS or plain in _PLACEHOLDERS:
        return ""
    if joined in _MANUFACTURERS:
        return _MANUFACTURERS[joined]
    if "".join(words) in _MANUFACTURERS:
        return _MANUFACTURERS["".join(words)]
    if words[0] in _MANUFACTURERS:
        return _MANUFACTURERS[words[0]]
    original = [w for w in re.split(r"[\s,.;]+", text.strip()) if w]
    kept = [w for w in original if fold(w).casefold().strip("()") not in _CORPORATE_WORDS]
    return " ".join(kept) or text.strip()


def manufacturer_key(text: str) -> str:
    """Comparison key of a manufacturer: its canonical name, casefolded."""
    return normalise_manufacturer(text).casefold()


def manufacturer_in_model(model: str) -> str:
    """The manufacturer named at the start of a model text (``Dell Latitude 5420`` → ``Dell``)."""
    words = _clean_words(model)
    for size in (2, 1):
        head = " ".join(words[:size])
        if len(words) >= size and head in _MANUFACTURERS:
            return _MANUFACTURERS[head]
    return ""


def _tokenise(text: str) -> list[str]:
    tokens: list[str] = []
    for raw in _SEPARATORS.split(text):
        token = raw.strip(".")
        if not token.strip("+") or token in _BRAND_WORDS or token in _NOISE_WORDS:
            continue
        tiny = _LENOVO_TINY.match(token)
        expanded = [tiny.group(1), "tiny"] if tiny else [_SYNONYMS.get(token, token)]
        for item in expanded:
            if item not in tokens:
                tokens.append(item)
    return tokens


def _prepare(model: str) -> str:
    text = fold(model).casefold()
    for escaped, char in (("\\xe2\\x80\\x93", " "), ("\\xe2\\x80\\x9d", '"')):
        text = text.replace(escaped, char)
    text = _CPU.sub(" ", text)
    text = _TWO_IN_ONE.sub(" 2in1 ", text)
    text = _ALL_IN_ONE.sub(" allinone ", text)
    text = _FOOTNOTE.sub(r"\1", text)
    text = _ORDINAL_GEN.sub(r" gen\1 ", text)
    text = _GEN.sub(r"gen\1", text)
    text = _CAPACITY.sub(lambda m: f" {m.group(1)}{_UNITS[m.group(2)]} ", text)
    return _INCHES.sub(lambda m: " " + m.group(1).replace(",", ".") + "in ", text)


@lru_cache(maxsize=65536)
def model_tokens(model: str) -> tuple[str, ...]:
    """The comparable tokens of a model text, in order, without duplicates.

    Processor descriptions are dropped, brand and device-kind words removed,
    abbreviations expanded (``SFF`` → ``small``, ``M70q`` → ``m70 tiny``,
    ``10th generation`` → ``gen10``), capacities and screen sizes kept as
    variant tokens (``128gb``, ``14in``).
    """
    if not isinstance(model, str):
        return ()
    return tuple(_tokenise(_prepare(model)))


@lru_cache(maxsize=65536)
def required_tokens(model: str) -> frozenset[str]:
    """The tokens a device text must contain to be this model.

    The key tokens (model numbers) outside brackets — ``(SM-A127F)`` or
    ``(without stand)`` only refine a name; a name without any model number
    requires all its words.
    """
    if not isinstance(model, str):
        return frozenset()
    outside = _tokenise(_prepare(_BRACKETS.sub(" ", model)))
    keys = [t for t in outside if is_key(t)]
    return frozenset(keys or [t for t in outside if not is_variant(t)])


def is_variant(token: str) -> bool:
    """Capacity, screen size, network generation or year: tells versions of one model apart."""
    return _VARIANT.fullmatch(token) is not None


def is_key(token: str) -> bool:
    """A token that identifies a model (a model number such as ``5420`` or ``g8``)."""
    return any(ch.isdigit() for ch in token) and not is_variant(token)


def slug(text: str) -> str:
    """A stable identifier made of lowercase ASCII words joined by hyphens."""
    words = re.split(r"[^a-z0-9]+", fold(text).casefold().replace("+", " plus "))
    return "-".join(w for w in words if w)
