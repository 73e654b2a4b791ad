"""The fleet of year Y: the one selection behind every figure of a year.

The footprint, the REEN workbook, the BEGES lines, the AGEC declaration and the
scenarios' starting year all speak of "the fleet of year Y". They select it
here, and compute it with :func:`compute_year`, so that the totals of the same
year agree to the kilogram whatever the report (docs/method.md section 9):

- the devices are those acquired by the end of the year (or undated), each with
  the status and entity its events say it had on that day
  (:func:`footprint.indicators.history.fleet_as_of`);
- what is known *now* is kept: a retirement dated after the year stays on the
  device, so its lifespan is its actual one in every report (a past year is
  recomputed from what is known now, docs/method.md section 3);
- the observed service lives come from the whole fleet, not from the year's part.

Pure: no database. The callers (services, command line, TUI) load the fleet frame
and the lifecycle events and pass them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from factors.factor_set import FactorSet

from .engine import FootprintResult, compute, knowledge_day
from .indicators.history import fleet_as_of, year_end
from .lifespans import ServiceLives, observe_service_lives


@dataclass(frozen=True, eq=False)
class YearFleet:
    """The fleet of one year, ready for the engine.

    ``day`` is the day the fleet is taken (31 December, or today for the current
    year); ``known_on`` the date of knowledge of the lifespans (today).
    """

    year: int
    frame: pd.DataFrame
    day: date
    known_on: date
    service_lives: ServiceLives


def fleet_of_year(
    frame: pd.DataFrame,
    year: int,
    events: pd.DataFrame | None = None,
    *,
    entity_ids: Mapping[str, int] | None = None,
    today: date | None = None,
) -> YearFleet:
    """The fleet of ``year`` from today's fleet frame and its lifecycle events."""
    today = today or date.today()
    day = year_end(year, today)
    then = fleet_as_of(frame, events, day, entity_ids, keep_retirements=True)
    lives = observe_service_lives(frame, knowledge_day(year, today))
    return YearFleet(year=year, frame=then, day=day, known_on=today, service_lives=lives)


def compute_year(
    fleet: YearFleet, factor_set: FactorSet, method: str = "annualized", **options: Any
) -> FootprintResult:
    """The engine on the fleet of the year, with its date of knowledge and lives.

    ``options`` are :func:`footprint.engine.compute`'s keyword arguments
    (electricity, zone, accounting periods, criteria, aliases).
    """
    return compute(
        fleet.frame,
        factor_set,
        fleet.year,
        method,
        as_of=fleet.known_on,
        service_lives=fleet.service_lives,
        **options,
    )
