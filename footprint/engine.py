"""The footprint of a fleet for one year: one row per device or lot.

Everything is computed on whole numpy columns (no Python loop over devices), so a
million-device fleet takes well under a second. The formulas are those of docs/architecture.md
§4 and ``docs/method.md``; the per-device row keeps every intermediate
(lifespan and its rule, share of embodied attributed to the year, kWh and their
source, PUE applied) so that :mod:`footprint.explain` can replay the arithmetic
from the row itself instead of re-implementing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from factors.factor_set import ElectricityFactor, FactorSet
from factors.vocabulary import CRITERIA, METHODS, PHASES, SERVER_ROOM_CATEGORIES

from .columns import day_numbers, floats, key_codes
from .factor_arrays import build_factor_arrays
from .lifespans import (
    BASIS_ENTITY,
    BASIS_FLEET,
    ServiceLives,
    expected_lifespans,
    observe_service_lives,
)
from .references import resolve_references
from .refurbished import SECOND_TRANSPORT, phase_scale

#: Days in an average year: turns day counts into years of age and lifespan.
DAYS_PER_YEAR = 365.25
#: Accounting period (years) of the ``amortized`` method when a category has none.
DEFAULT_ACCOUNTING_YEARS = 5.0
#: Lifespans are never shorter than this (a device bought and thrown away the same
#: month would otherwise carry many times its embodied impact in one year).
MINIMUM_LIFESPAN_YEARS = 1.0

#: Which rule gave a device its lifespan (``lifespan_rule`` column; docs/method.md section 3).
LIFESPAN_RULES: tuple[str, ...] = (
    "actual",
    "observed_entity",
    "observed_fleet",
    "reference_default",
    "age_reached",
    "purchase_date_missing",
    "minimum_1y",
)
#: Where the annual kWh of a device come from (``kwh_source`` column).
KWH_SOURCES: tuple[str, ...] = ("measured", "reference")

#: Statuses whose devices have left the organisation at their retirement date.
GONE_STATUSES = frozenset({"retired", "disposed"})
#: Statuses of devices the organisation holds but does not power.
UNPOWERED_STATUSES = frozenset({"in_stock", "broken", "reuse_pending"})

#: Fleet-frame columns copied as they are at the head of each per-device row.
IDENTITY_COLUMNS: tuple[str, ...] = (
    "device_id",
    "entity",
    "site",
    "name",
    "serial",
    "asset_tag",
    "category",
    "manufacturer",
    "model",
    "quantity",
    "acquisition",
    "status",
    "purchase_date",
    "commissioning_date",
    "retirement_date",
    "first_life_years",
)

_ACTUAL, _ENTITY, _FLEET, _DEFAULT, _AGE, _MISSING, _FLOOR = range(len(LIFESPAN_RULES))


@dataclass(frozen=True, eq=False)
class FootprintResult:
    """Per-device footprint of one year under one method, with its provenance.

    ``factors`` keeps the factor set itself so that the Monte Carlo and the
    trace use exactly the factors the rows were computed from.
    """

    devices: pd.DataFrame
    year: int
    method: str
    factor_set: str
    electricity: dict[str, ElectricityFactor]
    criteria: tuple[str, ...]
    factors: FactorSet
    zone: str = "FR"
    accounting_years: dict[str, float] = field(default_factory=dict)
    default_accounting_years: float = DEFAULT_ACCOUNTING_YEARS
    as_of: date | None = None
    #: The date of knowledge the lifespans were taken on (docs/method.md section 3).
    known_on: date | None = None


#: Ordinal of 1970-01-01, the origin of day numbers.
_EPOCH = date(1970, 1, 1).toordinal()


def _day_number(day: date) -> float:
    return float((np.datetime64(day, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64))


def knowledge_day(year: int, as_of: date | None = None) -> float:
    """Day number (exclusive) up to which lifespans are known when computing ``year``:
    the day after ``as_of`` (today by default), not before the end of ``year``
    (docs/method.md section 3)."""
    return max(_day_number(as_of or date.today()) + 1, _day_number(date(year + 1, 1, 1)))


class _Codes:
    """A text column factorised once (:func:`footprint.columns.key_codes`): membership
    tests and per-value lookups then cost one gather over integer codes instead of
    a million string tests."""

    def __init__(self, frame: pd.DataFrame, column: str) -> None:
        self.codes, self.uniques = key_codes(frame, column)

    def member(self, members: frozenset[str]) -> np.ndarray:
        hit = np.array([u in members for u in self.uniques], dtype=bool)
        out: np.ndarray = hit[self.codes]
        return out

    def lookup(self, mapping: Mapping[str, float], default: float) -> np.ndarray:
        values = np.array([float(mapping.get(u, default)) if u else default for u in self.uniques])
        out: np.ndarray = values[self.codes]
        return out


def electricity_factors(
    factor_set: FactorSet,
    year: int,
    criteria: Sequence[str],
    electricity: float | ElectricityFactor | Mapping[str, float] | None = None,
    zone: str = "FR",
) -> dict[str, ElectricityFactor]:
    """The electricity factor of each criterion: the set's for the zone and year,
    unless the caller gives a value (a bare number overrides the ``gwp`` factor).

    A criterion the set has no electricity factor for counts its use as 0, with a
    source that says so, rather than failing the whole computation.
    """
    overrides: dict[str, float | ElectricityFactor] = {}
    if isinstance(electricity, ElectricityFactor):
        overrides[electricity.criterion] = electricity
    elif isinstance(electricity, Mapping):
        overrides.update(electricity)
    elif electricity is not None:
        overrides["gwp"] = float(electricity)
    result: dict[str, ElectricityFactor] = {}
    for criterion in criteria:
        given = overrides.get(criterion)
        if isinstance(given, ElectricityFactor):
            result[criterion] = given
            continue
        unit = f"{CRITERIA[criterion][0]}/kWh"
        if given is not None:
            result[criterion] = ElectricityFactor(
                zone, year, criterion, float(given), unit, "valeur fournie par l'utilisateur"
            )
            continue
        try:
            result[criterion] = factor_set.electricity_factor(zone, year, criterion)
        except (KeyError, LookupError, ValueError):
            result[criterion] = ElectricityFactor(
                zone, year, criterion, 0.0, unit, "aucun facteur dans le jeu : usage compté 0"
            )
    return result


def compute(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    year: int,
    method: str = "annualized",
    electricity: float | ElectricityFactor | Mapping[str, float] | None = None,
    zone: str = "FR",
    accounting_years: Mapping[str, float] | None = None,
    criteria: Sequence[str] = ("gwp", "adpe", "pe"),
    *,
    aliases: pd.DataFrame | None = None,
    as_of: date | None = None,
    default_accounting_years: float = DEFAULT_ACCOUNTING_YEARS,
    service_lives: ServiceLives | None = None,
) -> FootprintResult:
    """Footprint of every device of ``frame`` for year ``year``.

    ``accounting_years`` maps a category to its accounting period for the
    ``amortized`` method (``default_accounting_years`` otherwise). ``as_of``
    is the date of knowledge (today by default): the age a device in service has
    reached, and the retirements observed, are those known on that day — or at
    the end of ``year`` when that year is not over. ``service_lives`` are the
    observed service lives the expected lifespans come from; by default those of
    ``frame`` itself (pass the whole fleet's when ``frame`` is a part of it).
    ``aliases`` are passed to the matching when the frame carries no resolved
    ``reference``.
    """
    if method not in METHODS:
        raise ValueError(f"méthode inconnue : {method!r} (attendu : {', '.join(METHODS)})")
    criteria = tuple(criteria)
    unknown = [c for c in criteria if c not in CRITERIA]
    if unknown:
        raise ValueError(f"critère inconnu : {', '.join(unknown)}")
    arrays = build_factor_arrays(factor_set, criteria)
    resolved = resolve_references(frame, factor_set, aliases)
    pos = resolved.positions
    elec = electricity_factors(factor_set, year, criteria, electricity, zone)
    category = _Codes(frame, "category")
    status = _Codes(frame, "status")

    qty = np.nan_to_num(floats(frame, "quantity", 1.0), nan=1.0)
    known_on = knowledge_day(year, as_of)
    if service_lives is None:
        service_lives = observe_service_lives(frame, known_on)
    # The dates' intermediate arrays (8 MB each on a million devices) end with
    # _timing, before the criteria's columns are made: less memory at the peak.
    held, lifespan, rule, observations, share = _timing(
        frame,
        year,
        method,
        _Lives(known_on, service_lives, arrays.lifespan_years[pos]),
        status,
        category.lookup(accounting_years or {}, default_accounting_years)
        if method == "amortized"
        else None,
    )

    refurbished = _Codes(frame, "acquisition").member(frozenset({"refurbished"}))
    ratio = np.where(refurbished, arrays.refurbished_ratio[pos], 1.0)
    second_transport = np.where(refurbished, SECOND_TRANSPORT, 0.0)
    measured = floats(frame, "annual_kwh")
    kwh_unit = np.where(np.isnan(measured), arrays.annual_kwh[pos], measured)
    pue = floats(frame, "pue")
    in_room = category.member(SERVER_ROOM_CATEGORIES) & ~np.isnan(pue)
    pue_applied = np.where(in_room, pue, 1.0)
    use_fraction = np.where(status.member(UNPOWERED_STATUSES), 0.0, held)
    kwh = kwh_unit * pue_applied * qty * use_fraction

    columns: dict[str, object] = {
        c: frame[c].reset_index(drop=True) for c in IDENTITY_COLUMNS if c in frame.columns
    }
    columns.update(
        reference=resolved.reference,
        match_level=resolved.match_level,
        year=np.full(len(frame), year, dtype=np.int64),
        in_service_fraction=held,
        use_fraction=use_fraction,
        lifespan_years=lifespan,
        lifespan_rule=pd.Categorical.from_codes(rule, categories=pd.Index(list(LIFESPAN_RULES))),
        lifespan_observations=np.where(rule == _ACTUAL, 0.0, observations),
        embodied_share=share,
        refurbished_ratio=ratio,
        second_transport=second_transport,
        kwh_per_year=kwh_unit,
        kwh_source=pd.Categorical.from_codes(
            np.isnan(measured).astype(np.int8), categories=pd.Index(list(KWH_SOURCES))
        ),
        pue_applied=pue_applied,
        kwh=kwh,
        counted=(held > 0) | (share > 0),
    )
    # Each phase's scale once for every criterion, and each product computed in the
    # array that keeps it: on a million devices every temporary array is 8 MB of
    # fresh memory, which costs more to obtain than the arithmetic done in it.
    scales = [phase_scale(phase, ratio, qty, second_transport) for phase in PHASES]
    for ci, criterion in enumerate(criteria):
        lifecycle = np.zeros(len(frame))
        for pi, phase in enumerate(PHASES):
            part = arrays.value[pos, ci, pi]
            part *= scales[pi]
            columns[f"{criterion}_{phase}"] = part
            lifecycle += part
        embodied = lifecycle * share
        use = kwh * elec[criterion].value
        total = embodied + use
        columns[f"{criterion}_embodied_lifecycle"] = lifecycle
        columns[f"{criterion}_embodied"] = embodied
        columns[f"{criterion}_use"] = use
        columns[f"{criterion}_total"] = total
    # copy=False keeps one block per column: stacking 40 columns of a million
    # rows into pandas' consolidated blocks would cost more than computing them.
    devices = pd.DataFrame(columns, copy=False)
    return FootprintResult(
        devices=devices,
        year=year,
        method=method,
        factor_set=factor_set.name,
        electricity=elec,
        criteria=criteria,
        factors=factor_set,
        zone=zone,
        accounting_years=dict(accounting_years or {}),
        default_accounting_years=default_accounting_years,
        as_of=as_of,
        known_on=date.fromordinal(_EPOCH + int(known_on) - 1),
    )


@dataclass(frozen=True)
class _Lives:
    """What the expected lifespans are taken from: the date of knowledge (a day
    number), the observed service lives and each device's reference lifespan."""

    known_on: float
    observed: ServiceLives
    default: np.ndarray


def _timing(
    frame: pd.DataFrame,
    year: int,
    method: str,
    lives: _Lives,
    status: _Codes,
    period: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the dates make of each device for ``year``: the share of the year it was
    held, its lifespan, the rule that gave it, the units observed behind it and the
    share of its embodied impact the year carries (``period``: the accounting period
    of each device, for the ``amortized`` method)."""
    purchase = day_numbers(frame, "purchase_date")
    commissioning = day_numbers(frame, "commissioning_date")
    retirement = day_numbers(frame, "retirement_date")
    year_start = _day_number(date(year, 1, 1))
    year_end = _day_number(date(year + 1, 1, 1))
    year_days = year_end - year_start

    # In service from commissioning (else purchase) to retirement; acquired at
    # purchase (else commissioning). No date at all: assumed held all year.
    acquired = np.where(np.isnan(purchase), commissioning, purchase)
    no_date = np.isnan(acquired)
    start = np.where(np.isnan(commissioning), purchase, commissioning)
    start = np.where(np.isnan(start), -np.inf, start)
    has_retirement = ~np.isnan(retirement)
    end = np.where(has_retirement, retirement, np.inf)
    gone_undated = status.member(GONE_STATUSES) & ~has_retirement
    held = np.clip((np.minimum(end, year_end) - np.maximum(start, year_start)) / year_days, 0, 1)
    held[gone_undated] = 0.0

    age = np.clip((lives.known_on - acquired) / DAYS_PER_YEAR, 0.0, None)
    expected, basis, observations = expected_lifespans(
        lives.observed,
        key_codes(frame, "entity"),
        key_codes(frame, "category"),
        np.where(no_date, 0.0, age),
        lives.default,
    )
    lifespan, rule = _lifespan(expected, basis, age, retirement - acquired, no_date)
    if method == "annualized":
        share = held / lifespan
    elif method == "flux":
        share = ((acquired >= year_start) & (acquired < year_end)).astype(np.float64)
    else:
        assert period is not None
        period_end = np.minimum(acquired + period * DAYS_PER_YEAR, end)
        window = (np.minimum(period_end, year_end) - np.maximum(acquired, year_start)) / year_days
        window = np.where(no_date, held, np.clip(window, 0, 1))
        window[gone_undated] = 0.0
        share = window / period
    return held, lifespan, rule, observations, share


def _lifespan(
    expected: np.ndarray,
    basis: np.ndarray,
    age: np.ndarray,
    actual_days: np.ndarray,
    no_date: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Lifespan in years and the rule that gave it, per device (docs/method.md section 3).

    Retired (dated retirement): the actual retirement − acquisition. Still held:
    the expected lifespan at the age reached (:func:`footprint.lifespans.expected_lifespans`),
    the same for every year of the device. No acquisition date: the expectation
    at age 0. Never below one year.
    """
    actual = actual_days / DAYS_PER_YEAR
    has_retirement = ~np.isnan(actual)
    observed = np.where(
        basis == BASIS_ENTITY, _ENTITY, np.where(basis == BASIS_FLEET, _FLEET, _DEFAULT)
    )
    in_service = np.where(~no_date & (expected <= age), _AGE, observed)
    rule = np.where(no_date, _MISSING, np.where(has_retirement, _ACTUAL, in_service)).astype(
        np.int8
    )
    lifespan = np.where(rule == _ACTUAL, actual, expected)
    short = lifespan < MINIMUM_LIFESPAN_YEARS
    lifespan = np.where(short, MINIMUM_LIFESPAN_YEARS, lifespan)
    rule[short] = _FLOOR
    return lifespan, rule
