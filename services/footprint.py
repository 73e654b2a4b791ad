"""The footprint of a fleet: load the devices in scope, the factor set and the
model aliases, select the fleet of the year, run the engine.

:func:`compute_footprint` is the one call of the engine every face goes through:
the command line on a freshly read fleet (:func:`quick_footprint`, else
:func:`fleet_footprint`), the TUI on its cached one
(:class:`services.workspace.Workspace`), so both select the fleet of the year the
same way (:mod:`footprint.scope`, docs/method.md section 9), resolve references with
the same aliases and give the same figures.

The database layer (SQLAlchemy, the models) is imported by the functions that run
in a unit of work, not by this module: the quick start never loads it
(docs/performance.md, « Démarrage rapide »).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from factors.builtin import BUILTIN_NAME, CONSTRUCTEURS_NAME, builtin_set, load_builtin
from factors.factor_set import FactorSet
from fleet.frame import ENGINE_COLUMNS
from fleet.snapshot import fresh_read
from footprint.comparison import SetComparison, compare_sets
from footprint.engine import DEFAULT_ACCOUNTING_YEARS, IDENTITY_COLUMNS, FootprintResult
from footprint.explain import Trace, explain
from footprint.references import resolve_references
from footprint.scope import YearFleet, compute_year, fleet_of_year

from .errors import ServiceError

if TYPE_CHECKING:
    from .uow import UnitOfWork

#: Criteria every footprint computes (the engine's default).
CRITERIA_COMPUTED: tuple[str, ...] = ("gwp", "adpe", "pe")
#: The fleet columns a footprint reads: the engine's, and those its per-device rows
#: repeat (name, serial, asset tag). The descriptive ones (specs, department…) are
#: not read: after a write, the first footprint reads the tables for these alone.
FOOTPRINT_COLUMNS: tuple[str, ...] = (
    *ENGINE_COLUMNS,
    *(c for c in IDENTITY_COLUMNS if c not in ENGINE_COLUMNS),
)


def footprint_columns(per_device: bool) -> tuple[str, ...]:
    """The fleet columns a footprint reads: :data:`FOOTPRINT_COLUMNS` when its
    per-device rows are written (CSV, the workbook's device sheet), else the
    engine's alone — the totals and groups read no name, serial or asset tag, and
    those three text columns were about 40 % of a read from PostgreSQL's tables."""
    return FOOTPRINT_COLUMNS if per_device else ENGINE_COLUMNS


@dataclass(frozen=True)
class Accounting:
    """The accounting periods of the amortized method, in years: per category,
    and for the others (docs/method.md)."""

    years: Mapping[str, float] = field(default_factory=dict)
    default_years: float = DEFAULT_ACCOUNTING_YEARS


#: The engine's own accounting periods (nothing given).
DEFAULT_ACCOUNTING = Accounting()


@dataclass(frozen=True)
class FootprintOptions:
    """How a footprint is computed: year, accounting method and its parameters."""

    year: int
    method: str = "annualized"
    electricity: float | None = None
    zone: str = "FR"
    accounting: Accounting = DEFAULT_ACCOUNTING
    #: The reference date: a device still held is aged at it, never after the end of
    #: ``year`` (docs/method.md). None: today, the same for every face.
    as_of: date | None = None
    criteria: tuple[str, ...] = CRITERIA_COMPUTED


def compute_footprint(
    fleet: YearFleet,
    factor_set: FactorSet,
    options: FootprintOptions,
    aliases: pd.DataFrame | None = None,
) -> FootprintResult:
    """The engine on the fleet of the year (references resolved or not) with
    ``options`` (:func:`footprint.scope.compute_year`: its date of knowledge and
    observed lives)."""
    try:
        return compute_year(
            fleet,
            factor_set,
            options.method,
            electricity=options.electricity,
            zone=options.zone,
            accounting_years=options.accounting.years,
            criteria=options.criteria,
            aliases=aliases,
            default_accounting_years=options.accounting.default_years,
        )
    except ValueError as exc:
        raise ServiceError(str(exc)) from None


def with_references(
    frame: pd.DataFrame, factor_set: FactorSet, aliases: pd.DataFrame | None
) -> pd.DataFrame:
    """``frame`` with the reference, match level and score of each device for the set."""
    matched = resolve_references(frame, factor_set, aliases)
    return frame.assign(
        reference=pd.Series(matched.reference, index=frame.index, dtype="str"),
        match_level=pd.Series(matched.match_level, index=frame.index, dtype="str"),
        match_score=matched.match_score,
    )


def load_fleet(
    uow: UnitOfWork, entities: Sequence[str] = (), columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The fleet frame of the scope (every device when ``entities`` is empty), with
    ``columns`` only when given (:func:`fleet.queries.fleet_frame`); an unknown
    entity is refused."""
    from fleet.queries import fleet_frame  # the database layer: not on the quick start

    from .entities import check_entities

    check_entities(uow, entities)
    return fleet_frame(uow.session, entities=list(entities) or None, columns=columns)


def year_fleet(
    uow: UnitOfWork,
    year: int,
    entities: Sequence[str] = (),
    today: date | None = None,
    columns: Sequence[str] = FOOTPRINT_COLUMNS,
) -> YearFleet:
    """The fleet of ``year`` in the scope (:func:`footprint.scope.fleet_of_year`: status
    and entity of that day, retirements known now, the fleet's observed lives)."""
    from fleet.report_data import lifecycle_events  # the database layer: not on the quick start

    frame = load_fleet(uow, entities, columns)
    events = lifecycle_events(uow.session, list(entities) or None)
    return fleet_of_year(frame, year, events, today=today)


@dataclass(frozen=True, eq=False)
class ScopeFootprint:
    """The footprint of a scope's fleet of one year, with what it was computed from
    (the same fleet serves the sensitivity line)."""

    fleet: YearFleet
    factor_set: FactorSet
    aliases: pd.DataFrame | None
    result: FootprintResult


def fleet_footprint(
    uow: UnitOfWork,
    options: FootprintOptions,
    entities: Sequence[str] = (),
    factors: str | None = None,
    columns: Sequence[str] = FOOTPRINT_COLUMNS,
) -> ScopeFootprint:
    """The footprint of the scope's fleet of ``options.year``, read with ``columns``
    (:func:`footprint_columns`)."""
    from .factor_sets import load_aliases, load_factor_set  # the database layer

    fleet = year_fleet(uow, options.year, entities, options.as_of, columns)
    return _footprint(fleet, load_factor_set(uow, factors), options, load_aliases(uow))


def quick_footprint(
    url: str,
    options: FootprintOptions,
    entities: Sequence[str] = (),
    factors: str | None = None,
    columns: Sequence[str] = FOOTPRINT_COLUMNS,
) -> ScopeFootprint | None:
    """:func:`fleet_footprint` without a unit of work nor SQLAlchemy (a third of the
    process on 100,000 devices): from a SQLite database whose columnar copy of the
    fleet is fresh, or from PostgreSQL's tables (:func:`fleet.snapshot.fresh_read`).
    None when :func:`fleet_footprint` must run (a stale copy, a factor set stored in
    the database, an entity not named exactly, a password to ask…). The same
    figures either way (docs/performance.md, « Démarrage rapide »)."""
    factor_set = builtin_set(factors)
    if factor_set is None:
        return None
    read = fresh_read(url, entities, columns)
    if read is None:
        return None
    fleet = fleet_of_year(read.frame, options.year, read.events, today=options.as_of)
    return _footprint(fleet, factor_set, options, read.aliases)


def _footprint(
    fleet: YearFleet, factor_set: FactorSet, options: FootprintOptions, aliases: pd.DataFrame | None
) -> ScopeFootprint:
    result = compute_footprint(fleet, factor_set, options, aliases)
    return ScopeFootprint(fleet, factor_set, aliases, result)


def builtin_sensitivity(footprint: ScopeFootprint) -> SetComparison | None:
    """The national set's total beside the manufacturers' on the same fleet (the
    sensitivity of the total to the choice of methodology, docs/factors.md section 2);
    None when the footprint used another set."""
    if footprint.factor_set.name != BUILTIN_NAME:
        return None
    other = load_builtin(CONSTRUCTEURS_NAME)
    return compare_sets(
        footprint.fleet, footprint.factor_set, other, footprint.aliases, footprint.result
    )


def compare_factor_sets(
    uow: UnitOfWork,
    set_a: str,
    set_b: str,
    year: int,
    entities: Sequence[str] = (),
    today: date | None = None,
) -> SetComparison:
    """Two factor sets side by side on the scope's fleet of ``year``."""
    from .factor_sets import load_aliases, load_factor_set  # the database layer

    first, second = load_factor_set(uow, set_a), load_factor_set(uow, set_b)
    fleet = year_fleet(uow, year, entities, today, ENGINE_COLUMNS)
    return compare_sets(fleet, first, second, load_aliases(uow))


def device_trace(
    uow: UnitOfWork,
    key: str,
    options: FootprintOptions,
    factors: str | None = None,
    lang: str = "fr",
) -> Trace:
    """How the footprint of one device (id, serial or asset tag) is computed: the
    device alone, with the whole fleet's observed lives (its expected lifespan)."""
    from fleet.queries import fleet_frame
    from fleet.report_data import lifecycle_events

    from .factor_sets import load_aliases, load_factor_set
    from .inventory import find  # the inventory's editing rules: not on the footprint's start-up

    device = find(uow, key)
    frame = fleet_frame(uow.session)
    fleet = one_device(frame, lifecycle_events(uow.session), device.id, options)
    result = compute_footprint(fleet, load_factor_set(uow, factors), options, load_aliases(uow))
    return explain(result, device.id, lang=lang)


def one_device(
    frame: pd.DataFrame, events: pd.DataFrame | None, device_id: int, options: FootprintOptions
) -> YearFleet:
    """The fleet of ``options.year`` reduced to one device, keeping the whole fleet's
    observed lives (they make its expected lifespan); a device acquired after the
    year is taken as it stands today."""
    fleet = fleet_of_year(frame, options.year, events, today=options.as_of)
    alone = (fleet.frame["device_id"] == device_id).to_numpy()
    if not alone.any():
        alone = (frame["device_id"] == device_id).to_numpy()
        fleet = dataclasses.replace(fleet, frame=frame)
    return dataclasses.replace(fleet, frame=fleet.frame.loc[alone].reset_index(drop=True))
