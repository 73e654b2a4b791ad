"""Which environmental labels a device's « écolabel » text names.

Supplier files write the label as they like (``EPEAT Gold``, ``TCO Certified
Generation 9``, ``Blauer Engel``, ``Écolabel européen``, ``Oui``). The REEN
indicator « part des achats labellisés » counts a purchase when its text names
one of the labels the DINUM guide lists for IT equipment (docs/reports.md);
another text (``Energy Star``, ``non``) names none. Here rather than in ``fleet``
because ``footprint`` computes the indicator and may only import ``factors``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .text import fold

#: The labels counted, each with the spellings that name it (folded: lowercase
#: ASCII, punctuation as spaces), matched as whole words.
ECO_LABELS: Final[dict[str, tuple[str, ...]]] = {
    # A bare tier (an « EPEAT » column holding « Gold ») is EPEAT's: no other label has tiers.
    "EPEAT": ("epeat", "gold", "silver", "bronze"),
    "TCO Certified": ("tco", "tco certified", "tco certifie"),
    "Blue Angel": ("blue angel", "blauer engel", "der blaue engel", "ange bleu"),
    "EU Ecolabel": (
        "eu ecolabel",
        "ecolabel eu",
        "ecolabel ue",
        "ecolabel europeen",
        "ecolabel de l ue",
        "ecolabel de l union europeenne",
        "european ecolabel",
        "fleur europeenne",
    ),
}

_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (label, re.compile(r"\b(" + "|".join(map(re.escape, spellings)) + r")\b"))
    for label, spellings in ECO_LABELS.items()
)


@lru_cache(maxsize=4096)
def eco_labels(text: str) -> tuple[str, ...]:
    """The labels of :data:`ECO_LABELS` that ``text`` names, in that table's order."""
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text).lower()).split())
    return tuple(label for label, pattern in _PATTERNS if pattern.search(folded))
