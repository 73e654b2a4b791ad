"""AGEC art. 58: the share of IT spend that must come from reuse, year by year.

Décret 2021-254 set 20 % of the annual spend € HT on IT and telephony;
décret 2024-134 raises the category « Matériel informatique et téléphonie »
to 25 % from 2027 and 30 % from 2030. Printing equipment (« reprographie et
impression ») is a separate category with its own rate, so printers and
multifunction copiers are left out of the IT share (reference/regulation.md).
"""

from __future__ import annotations

from typing import Final

from factors.vocabulary import CATEGORIES

#: (first year, minimum share) steps of the IT & telephony target, in order.
AGEC_IT_TARGETS: Final[tuple[tuple[int, float], ...]] = ((2021, 0.20), (2027, 0.25), (2030, 0.30))

#: Categories outside « Matériel informatique et téléphonie » (reprographie).
AGEC_PRINTING_CATEGORIES: Final[frozenset[str]] = frozenset({"printer", "mfp"})

#: Categories whose spend counts in the IT & telephony share.
AGEC_IT_CATEGORIES: Final[frozenset[str]] = frozenset(CATEGORIES) - AGEC_PRINTING_CATEGORIES


def agec_target(year: int) -> float:
    """Minimum share of the IT & telephony spend from reuse in ``year`` (20 % before 2027)."""
    share = AGEC_IT_TARGETS[0][1]
    for first, value in AGEC_IT_TARGETS:
        if year >= first:
            share = value
    return share
