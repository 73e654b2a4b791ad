"""Telling the manufacturer apart from the model when a file writes both in one cell.

NumEcoEval / G4IT files have only ``modele`` ("Dell Latitude 5420"), and many
hand-kept or GLPI files repeat the manufacturer in the model ("HP" / "HP ProOne
440 G9"). Left as is, the model text carries the brand twice once the report
writers put the manufacturer in front again ("Apple Apple iMac 24"), and an
export to NumEcoEval does not come back as the same devices. The split uses the
manufacturer normalisation of :mod:`factors.normalise`, plus a few brands of
public-sector fleets it does not list (UPS, displays, peripherals).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from .normalise import manufacturer_in_model, manufacturer_key, normalise_manufacturer

#: Brands absent from factors.normalise, in their usual spelling.
EXTRA_MANUFACTURERS: Final[tuple[str, ...]] = (
    "APC",
    "Eaton",
    "NEC",
    "Schneider Electric",
    "Vertiv",
    "Zebra",
    "Honeywell",
    "Jabra",
    "Logitech",
    "Plantronics",
    "Sennheiser",
    "Zyxel",
    "TP-Link",
    "D-Link",
    "Sophos",
    "Palo Alto",
    "Mitel",
    "Snom",
    "Grandstream",
    "Wacom",
    "Getac",
    "Barco",
    "Hikvision",
    "Axis",
)
_EXTRA_BY_KEY: Final[dict[str, str]] = {manufacturer_key(n): n for n in EXTRA_MANUFACTURERS}

#: Legal-form words that may follow a brand in a model cell ("Dell Inc. Latitude").
_LEGAL_WORDS: Final[frozenset[str]] = frozenset(
    "inc corp corporation co ltd limited llc gmbh sa sas sarl ag bv plc enterprise "
    "systems technologies technology computer computers electronics international "
    "solutions networks".split()
)
#: Spellings factors.normalise maps to their maker that are also the first word of a
#: model line ("Dell" / "Wyse 5070"): never split off.
PRODUCT_LINES: Final[frozenset[str]] = frozenset({"wyse", "dell wyse"})
#: Longest brand prefix tried, in words ("Palo Alto Networks").
_MAX_WORDS = 3


@lru_cache(maxsize=65536)
def canonical_manufacturer(text: str) -> str:
    """:func:`normalise_manufacturer`, with the usual spelling of the extra brands."""
    name = normalise_manufacturer(text)
    return _EXTRA_BY_KEY.get(name.casefold(), name)


def _known(prefix: str) -> str:
    """The canonical manufacturer if ``prefix`` is a brand and nothing else, else ""."""
    if prefix.casefold() in PRODUCT_LINES:
        return ""
    extra = _EXTRA_BY_KEY.get(manufacturer_key(prefix))
    if extra:
        return extra
    name = normalise_manufacturer(prefix)
    return name if name and manufacturer_in_model(prefix) == name else ""


@lru_cache(maxsize=65536)
def split_manufacturer(model: str) -> tuple[str, str]:
    """(manufacturer, rest of the model) when ``model`` starts with a known brand.

    ``("", model)`` when it does not, or when nothing would be left of the model.
    The shortest matching prefix wins (``Dell`` in ``Dell Latitude 5420``), then
    legal-form words after it are dropped too (``Alcatel-Lucent Enterprise 8028s``).
    """
    words = model.split()
    for size in range(1, min(_MAX_WORDS, len(words) - 1) + 1):
        manufacturer = _known(" ".join(words[:size]))
        if not manufacturer:
            continue
        while size < len(words) - 1 and words[size].casefold().strip(".,()") in _LEGAL_WORDS:
            size += 1
        return manufacturer, " ".join(words[size:])
    return "", model
