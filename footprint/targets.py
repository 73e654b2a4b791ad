"""The legal targets the fleet is measured against, in one place.

Each target is a schedule of (first year, minimum share) steps: a year takes the
share of the latest step at or before it.

- **AGEC art. 58** (décret 2021-254, raised by décret 2024-134): minimum share of
  the year's spend € HT on « Matériel informatique et téléphonie » that comes
  from reuse, re-use or recycled content: 20 %, 25 % from 2027, 30 % from 2030.
  Read by the REEN indicators, the scenarios and the TUI dashboard.
- **décret 2023-266**: minimum reuse rate of retired IT devices (A / B, see
  :mod:`footprint.reuse.indicators`): 25 % in 2023, 35 % in 2024, 50 % from
  2025. These are the defaults of the reuse rules (``rate.targets``), which a
  rules file may change (a local trajectory above the legal floor).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: (first year, minimum share) steps, oldest first.
Schedule = tuple[tuple[int, float], ...]

#: AGEC art. 58, IT and telephony share of spend from reuse.
AGEC_IT_TARGETS: Final[Schedule] = ((2021, 0.20), (2027, 0.25), (2030, 0.30))

#: Décret 2023-266, reuse rate of retired IT devices.
REUSE_RATE_TARGETS: Final[Schedule] = ((2023, 0.25), (2024, 0.35), (2025, 0.50))


def scheduled_target(schedule: Iterable[tuple[int, float]], year: int) -> float | None:
    """The share of the latest step at or before ``year`` (None before the first step)."""
    known = [(first, share) for first, share in schedule if first <= year]
    return max(known)[1] if known else None


def agec_target(year: int) -> float:
    """Minimum share of the IT and telephony spend from reuse in ``year``
    (the first step, 20 %, also stands for the years before 2021)."""
    target = scheduled_target(AGEC_IT_TARGETS, year)
    return AGEC_IT_TARGETS[0][1] if target is None else target
