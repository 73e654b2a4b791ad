"""The regulatory reports of a year: REEN indicators, AGEC declaration, BEGES
lines and the NumEcoEval export.

A report reads the fleet frame and what the indicators need besides it
(entities, status and transfer events, disposals, the factor set and model
aliases) in one unit of work (:func:`load_inputs`, or :func:`workspace_inputs`
from an open workspace's cached fleet), then builds with :mod:`footprint.indicators`
and writes with :mod:`footprint.reports`. Nothing here knows who asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from factors.factor_set import FactorSet
from factors.locale import format_number
from fleet.queries import fleet_frame
from fleet.report_data import disposals_frame, entities_frame, lifecycle_events, upgrade_events
from footprint.indicators.agec import agec_amounts, agec_declaration
from footprint.indicators.beges import (
    DEFAULT_EXPENSE_THRESHOLD_EUR,
    BegesReport,
    beges_report,
)
from footprint.indicators.reen import ReenParameters, ReenReport, build_reen, reuse_figures
from footprint.reports.numecoeval import export_result, write_numecoeval
from footprint.reports.reen_xlsx import write_reen_xlsx
from footprint.scope import fleet_of_year

from .access import require_consolidated
from .entities import check_entities
from .errors import writing
from .factor_sets import load_aliases, load_factor_set
from .footprint import (
    DEFAULT_ACCOUNTING,
    Accounting,
    FootprintOptions,
    compute_footprint,
    load_fleet,
)
from .uow import UnitOfWork

if TYPE_CHECKING:
    # The TUI's workspace and the annual report's scenarios: only the commands that
    # use them load them (the REEN workbook starts without; docs/performance.md).
    from footprint.reports.annual_html import AnnualInputs

    from .workspace import Workspace


@dataclass(frozen=True, eq=False)
class ReportInputs:
    """Everything a report reads from the database, loaded in one unit of work."""

    frame: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    disposals: pd.DataFrame
    factor_set: FactorSet
    aliases: pd.DataFrame | None
    scope: tuple[str, ...] = ()
    #: None: upgrades unknown (the upgrade indicators are left empty).
    upgrades: pd.DataFrame | None = None


def _context(uow: UnitOfWork, scope: list[str] | None) -> tuple[pd.DataFrame, ...]:
    """Entities, status and transfer events, disposals and upgrades of the scope."""
    return (
        entities_frame(uow.session, scope),
        lifecycle_events(uow.session, scope),
        disposals_frame(uow.session, scope),
        upgrade_events(uow.session, scope),
    )


def load_inputs(
    uow: UnitOfWork, entities: Sequence[str] = (), factors: str | None = None
) -> ReportInputs:
    """The fleet (with sub-bodies of the named entities), entities, events, disposals,
    factors and aliases; an unknown entity or factor set is refused, and so is every
    entity (no scope) to a login that does not see them all."""
    if not entities:
        require_consolidated(uow, "un rapport")
    frame = load_fleet(uow, entities)
    known, events, disposals, upgrades = _context(uow, list(entities) or None)
    factor_set = load_factor_set(uow, factors)
    return ReportInputs(
        frame, known, events, disposals, factor_set, load_aliases(uow), tuple(entities), upgrades
    )


def workspace_inputs(workspace: Workspace, entity: str | None) -> ReportInputs:
    """The same inputs from an open workspace: its cached fleet, references already
    resolved with its active factor set and the aliases."""
    scope = [entity] if entity else None
    with workspace.uow() as uow:
        if scope is None:
            require_consolidated(uow, "un rapport")
        known, events, disposals, upgrades = _context(uow, scope)
    frame = workspace.scoped(workspace.full_resolved_fleet(), entity).reset_index(drop=True)
    return ReportInputs(
        frame,
        known,
        events,
        disposals,
        workspace.factor_set(),
        workspace.aliases(),
        tuple(scope or ()),
        upgrades,
    )


def scope_text(entities: Sequence[str], lang: str) -> str:
    """The scope as a report states it."""
    if not entities:
        return "Toutes les entités" if lang == "fr" else "All entities"
    joined = ", ".join(entities)
    return (
        f"{joined} (et établissements rattachés)" if lang == "fr" else f"{joined} (and sub-bodies)"
    )


def build_reen_report(
    inputs: ReportInputs,
    year: int,
    method: str = "annualized",
    electricity: float | None = None,
    accounting: Accounting = DEFAULT_ACCOUNTING,
    today: date | None = None,
) -> ReenReport:
    """The REEN indicators of ``year`` and the years before (the trend)."""
    parameters = ReenParameters(
        method=method,
        electricity=electricity,
        aliases=inputs.aliases,
        accounting_years=accounting.years,
        default_accounting_years=accounting.default_years,
    )
    return build_reen(
        inputs.frame,
        inputs.factor_set,
        year,
        inputs.entities,
        events=inputs.events,
        parameters=parameters,
        reuse=reuse_figures(inputs.disposals),
        today=today,
        upgrades=inputs.upgrades,
    )


def write_reen(report: ReenReport, inputs: ReportInputs, output: Path, lang: str) -> None:
    write_reen_xlsx(report, output, scope_text(inputs.scope, lang), lang)


def build_annual(
    inputs: ReportInputs,
    year: int,
    scope: str,
    method: str = "annualized",
    today: date | None = None,
) -> AnnualInputs:
    """What the annual HTML report shows: the REEN report of the same inputs (so every
    figure is the workbook's) and the ready-made scenarios run from the year after,
    over the default horizon."""
    from footprint.reports.annual_html import AnnualInputs
    from footprint.scenarios import compare, prepare_fleet
    from footprint.scenarios.params import DEFAULT_HORIZON_YEARS
    from footprint.scenarios.presets import PRESET_NAMES, preset

    reen = build_reen_report(inputs, year, method, today=today)
    base = prepare_fleet(
        inputs.frame, inputs.factor_set, aliases=inputs.aliases, events=inputs.events
    )
    comparison = compare(
        base,
        [preset(name) for name in PRESET_NAMES],
        horizon=(year + 1, year + DEFAULT_HORIZON_YEARS),
    )
    return AnnualInputs(
        reen=reen,
        scope=scope,
        comparison=comparison,
        disposals=inputs.disposals,
        factor_set=inputs.factor_set,
    )


def build_agec(
    inputs: ReportInputs, year: int, lang: str, today: date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(declaration rows, entities left out for want of a valid SIRET); a device is
    declared by the entity that held it at the end of the year."""
    then = fleet_of_year(inputs.frame, year, inputs.events, today=today).frame
    return agec_declaration(agec_amounts(then, year), inputs.entities, year, lang)


def build_beges(
    inputs: ReportInputs,
    year: int,
    electricity: float | None = None,
    accounting: Accounting = DEFAULT_ACCOUNTING,
    expense_threshold: float = DEFAULT_EXPENSE_THRESHOLD_EUR,
    lang: str = "fr",
    today: date | None = None,
) -> BegesReport:
    """The BEGES lines of the fleet as it stood at the end of ``year`` (amortized method)."""
    fleet = fleet_of_year(inputs.frame, year, inputs.events, today=today)
    options = FootprintOptions(
        year=year, method="amortized", electricity=electricity, accounting=accounting, as_of=today
    )
    result = compute_footprint(fleet, inputs.factor_set, options, inputs.aliases)
    return beges_report(result, fleet.frame, inputs.disposals, expense_threshold, lang)


def export_numecoeval(
    uow: UnitOfWork,
    entities: Sequence[str],
    directory: Path,
    factors: str | None = None,
    include_users: bool = False,
    today: date | None = None,
) -> tuple[int, list[Path]]:
    """Write the NumEcoEval input files of the scope's fleet in ``directory``, models as
    the factor set matches them and lifespans as its computation finds them:
    (device rows exported, files written)."""
    check_entities(uow, entities)
    scope = list(entities) or None
    if scope is None:
        require_consolidated(uow, "un export")
    frame = fleet_frame(uow.session, entities=scope)
    known = entities_frame(uow.session, scope)
    factor_set = load_factor_set(uow, factors)
    result = export_result(frame, factor_set, today or date.today(), load_aliases(uow))
    with writing(directory, checked=False):
        paths = write_numecoeval(frame, known, directory, result, include_users=include_users)
    return len(frame), paths


def write_numecoeval_inputs(
    inputs: ReportInputs, directory: Path, today: date | None = None
) -> list[Path]:
    """The NumEcoEval files of already gathered report inputs."""
    result = export_result(inputs.frame, inputs.factor_set, today or date.today(), inputs.aliases)
    with writing(directory, checked=False):
        return write_numecoeval(inputs.frame, inputs.entities, directory, result)


def skipped_messages(skipped: pd.DataFrame, lang: str) -> list[str]:
    """One line per entity left out of the AGEC file."""
    fr = lang == "fr"
    lines = []
    for _, row in skipped.iterrows():
        siret = row["siret"] if isinstance(row["siret"], str) and row["siret"] else None
        spent = format_number(float(row["montant_total"]), lang)
        if siret is None:
            reason = "SIRET absent" if fr else "no SIRET"
        else:
            reason = f"SIRET invalide « {siret} »" if fr else f"invalid SIRET '{siret}'"
        lines.append(
            f"entité non déclarée ({reason}) : {row['entity']} — {spent} € HT d'achats"
            if fr
            else f"entity not declared ({reason}): {row['entity']} — €{spent} excl. VAT spent"
        )
    return lines
