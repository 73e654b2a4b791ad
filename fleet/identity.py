"""One identity per device across the whole database (docs/import.md, « Identité d'un appareil »).

A serialised device is known by its manufacturer and its serial number, whatever
the entity that holds it: a laptop transferred from Grenoble to Échirolles stays
one device. A device without a serial is known by its asset tag within its
entity. Both keys are stored in ``device.serial_key``/``maker_key`` and
``device.tag_key`` and made unique by the database (migration 0006), so two
imports running at once cannot create the same device twice.

The keys fold what a spreadsheet changes without meaning to: Unicode
compatibility forms (NFKC: full-width digits, ligatures), zero-width characters,
every kind of space, and letter case.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: Zero-width and invisible formatting characters a copy-paste leaves in a serial.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_SPACES = re.compile(r"\s+")


def identity_key(text: Any) -> str | None:
    """``text`` folded for comparison (NFKC, no invisible characters or spaces, upper
    case); None when nothing is left."""
    if text is None or not isinstance(text, str):
        return None
    folded = unicodedata.normalize("NFKC", text)
    folded = _SPACES.sub("", _INVISIBLE.sub("", folded)).upper()
    return folded or None


def maker_key(manufacturer: Any) -> str:
    """The manufacturer part of the serial key: empty when unknown, never NULL, so the
    database's unique index also holds for devices of unknown make."""
    return identity_key(manufacturer) or ""


def keys_of(values: dict[str, Any]) -> dict[str, Any]:
    """The three key columns for a device's ``serial``, ``asset_tag`` and ``manufacturer``."""
    return {
        "serial_key": identity_key(values.get("serial")),
        "maker_key": maker_key(values.get("manufacturer")),
        "tag_key": identity_key(values.get("asset_tag")),
    }
