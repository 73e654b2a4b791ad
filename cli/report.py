"""``ecoparc report reen|agec|beges|annual``: the regulatory reports of a year.

Each command reads the fleet frame and what the indicators need besides it
(entities, status and transfer events, disposals) from the database, hands them
to :mod:`footprint.indicators` and writes the file with :mod:`footprint.reports`.
The TUI's reports screen uses the same :func:`load_inputs` and builders.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import pandas as pd
from sqlalchemy.orm import Session

from factors.factor_set import FactorSet
from factors.locale import format_number
from factors.outputs import write_text
from fleet.queries import fleet_frame
from fleet.report_data import disposals_frame, entities_frame, lifecycle_events, upgrade_events
from footprint.indicators.agec import agec_amounts, agec_declaration
from footprint.indicators.beges import (
    DEFAULT_EXPENSE_THRESHOLD_EUR,
    BegesReport,
    beges_report,
)
from footprint.indicators.reen import ReenParameters, ReenReport, build_reen, reuse_figures
from footprint.reports import beges as beges_writer
from footprint.reports.agec_csv import write_agec_csv
from footprint.reports.annual_html import AnnualInputs, write_annual_html
from footprint.reports.reen_xlsx import write_reen_xlsx
from footprint.scenarios import compare, prepare_fleet
from footprint.scenarios.params import DEFAULT_HORIZON_YEARS
from footprint.scenarios.presets import PRESET_NAMES, preset
from footprint.scope import compute_year, fleet_of_year
from tui.settings import LANGUAGES

from .common import (
    ACCOUNTING_OPTION,
    ELECTRICITY_OPTION,
    ENTITY_OPTION,
    FACTORS_OPTION,
    METHOD_OPTION,
    accounting_arguments,
    check_entities,
    load_aliases,
    load_factors,
    output_format,
    output_option,
    writing,
    year_option,
)
from .runtime import EXIT_USAGE, Runtime, emit_json, emit_table, fail, format_option, pass_runtime


@dataclass(frozen=True, eq=False)
class ReportInputs:
    """Everything a report reads from the database, loaded in one unit of work."""

    frame: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    disposals: pd.DataFrame
    factor_set: FactorSet
    aliases: pd.DataFrame | None
    #: None: upgrades unknown (the upgrade indicators are left empty).
    upgrades: pd.DataFrame | None = None


def load_inputs(
    session: Session, entities: Sequence[str] = (), factors_name: str | None = None
) -> ReportInputs:
    """The fleet (with sub-bodies of the named entities), entities, events, disposals,
    factors, upgrades."""
    scope = list(entities) or None
    return ReportInputs(
        frame=fleet_frame(session, entities=scope),
        entities=entities_frame(session, scope),
        events=lifecycle_events(session, scope),
        disposals=disposals_frame(session, scope),
        factor_set=load_factors(session, factors_name),
        aliases=load_aliases(session),
        upgrades=upgrade_events(session, scope),
    )


def scope_text(entities: Sequence[str], lang: str) -> str:
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
    accounting: Sequence[str] = (),
    today: date | None = None,
) -> ReenReport:
    parameters = ReenParameters(
        method=method,
        electricity=electricity,
        aliases=inputs.aliases,
        **accounting_arguments(accounting),
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
    accounting: Sequence[str] = (),
    expense_threshold: float = DEFAULT_EXPENSE_THRESHOLD_EUR,
    lang: str = "fr",
    today: date | None = None,
) -> BegesReport:
    """The BEGES lines of the fleet as it stood at the end of ``year`` (amortized method)."""
    fleet = fleet_of_year(inputs.frame, year, inputs.events, today=today)
    result = compute_year(
        fleet,
        inputs.factor_set,
        "amortized",
        electricity=electricity,
        aliases=inputs.aliases,
        **accounting_arguments(accounting),
    )
    return beges_report(result, fleet.frame, inputs.disposals, expense_threshold, lang)


def skipped_messages(skipped: pd.DataFrame, lang: str) -> list[str]:
    """One line per entity left out of the AGEC file (stderr and the TUI)."""
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


def _default_year() -> int:
    """Regulatory reports cover the last complete year."""
    return date.today().year - 1


_YEAR = year_option(_default_year, "année précédente", "Année du rapport.")
_LANG = click.option("--lang", type=click.Choice(LANGUAGES), help="Langue du rapport.")


@click.group("report")
def report_group() -> None:
    """Rapports réglementaires : REEN, AGEC, BEGES ; rapport annuel pour les élus."""


@report_group.command("reen")
@_YEAR
@ENTITY_OPTION
@METHOD_OPTION
@ACCOUNTING_OPTION
@FACTORS_OPTION
@ELECTRICITY_OPTION
@_LANG
@output_option("Classeur à écrire (.xlsx).", required=True)
@pass_runtime
def reen_command(
    rt: Runtime,
    year: int,
    entities: tuple[str, ...],
    method: str,
    accounting: tuple[str, ...],
    factors_name: str | None,
    electricity: float | None,
    lang: str | None,
    output: Path,
) -> None:
    """Classeur des indicateurs de la stratégie numérique responsable (loi REEN)."""
    lang = lang or rt.settings.lang
    with rt.session() as session:
        check_entities(session, entities)
        inputs = load_inputs(session, entities, factors_name)
    report = build_reen_report(inputs, year, method, electricity, accounting)
    with writing(output):
        write_reen_xlsx(report, output, scope_text(entities, lang), lang)
    click.echo(
        f"Rapport REEN {year} écrit : {output}"
        if lang == "fr"
        else f"REEN report {year} written: {output}"
    )


@report_group.command("annual")
@_YEAR
@ENTITY_OPTION
@METHOD_OPTION
@FACTORS_OPTION
@output_option("Fichier HTML à écrire (.html).", required=True)
@pass_runtime
def annual_command(
    rt: Runtime,
    year: int,
    entities: tuple[str, ...],
    method: str,
    factors_name: str | None,
    output: Path,
) -> None:
    """Rapport annuel pour les élus (HTML autonome, imprimable en A4, en français)."""
    if output.suffix.lower() not in (".html", ".htm"):
        fail(f"-o {output} : le rapport annuel s'écrit en HTML (-o FICHIER.html)", EXIT_USAGE)
    with rt.session() as session:
        check_entities(session, entities)
        inputs = load_inputs(session, entities, factors_name)
    annual = build_annual(inputs, year, scope_text(entities, "fr"), method)
    with writing(output):
        write_annual_html(annual, output)
    click.echo(f"Rapport annuel {year} écrit : {output}")


@report_group.command("agec")
@_YEAR
@ENTITY_OPTION
@_LANG
@output_option("Fichier CSV à écrire (défaut : sortie standard).")
@pass_runtime
def agec_command(
    rt: Runtime, year: int, entities: tuple[str, ...], lang: str | None, output: Path | None
) -> None:
    """Déclaration AGEC (art. 58) pour data.gouv.fr : achats issus du réemploi."""
    lang = lang or rt.settings.lang
    if output is not None and output.suffix.lower() in (".xlsx", ".xls", ".ods"):
        fail(f"-o {output} : la déclaration AGEC s'écrit en CSV (-o FICHIER.csv)", EXIT_USAGE)
    with rt.session() as session:
        check_entities(session, entities)
        inputs = load_inputs(session, entities)
    rows, skipped = build_agec(inputs, year, lang)
    for line in skipped_messages(skipped, lang):
        click.echo(f"ecoparc : {line}", err=True)
    if output is None:
        write_agec_csv(rows, sys.stdout)
        return
    with writing(output):
        write_agec_csv(rows, output)
    click.echo(
        f"Déclaration AGEC {year} écrite : {output} ({len(rows)} ligne(s))"
        if lang == "fr"
        else f"AGEC declaration {year} written: {output} ({len(rows)} row(s))"
    )


@report_group.command("beges")
@_YEAR
@ENTITY_OPTION
@ACCOUNTING_OPTION
@FACTORS_OPTION
@ELECTRICITY_OPTION
@click.option(
    "--expense-threshold",
    type=click.FloatRange(min=0),
    default=DEFAULT_EXPENSE_THRESHOLD_EUR,
    show_default=True,
    help="Prix unitaire € HT sous lequel un achat est passé en charges (4.1).",
)
@_LANG
@format_option("table", "json", "xlsx", "csv")
@output_option()
@pass_runtime
def beges_command(
    rt: Runtime,
    year: int,
    entities: tuple[str, ...],
    accounting: tuple[str, ...],
    factors_name: str | None,
    electricity: float | None,
    expense_threshold: float,
    lang: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Lignes numériques du BEGES (postes 2.1, 4.1, 4.2, 4.3, 4.4) avec les notes de méthode."""
    lang = lang or rt.settings.lang
    fmt = output_format(fmt, output, table_to_file=True)
    with rt.session() as session:
        check_entities(session, entities)
        inputs = load_inputs(session, entities, factors_name)
    report = build_beges(inputs, year, electricity, accounting, expense_threshold, lang)
    with writing(output):
        if fmt == "xlsx":
            assert output is not None
            beges_writer.write_xlsx(report, output, lang)
            click.echo(
                f"BEGES {year} écrit : {output}"
                if lang == "fr"
                else f"BEGES {year} written: {output}"
            )
        elif fmt == "json":
            if output is None:
                emit_json(beges_writer.to_document(report))
            else:
                write_text(output, beges_writer.json_text(report))
        elif fmt == "csv":
            beges_writer.write_csv(report, output if output is not None else sys.stdout)
        elif output is not None:
            write_text(output, _table_text(report, lang))
        else:
            _print_table(report, lang)


def _table_rows(report: BegesReport, lang: str) -> list[dict[str, str]]:
    rows = [
        {
            "poste": str(r["poste"]),
            "libellé" if lang == "fr" else "label": str(r["label"]),
            "t CO2e": format_number(float(r["t_co2e"]), lang, digits=4),
            "équipements" if lang == "fr" else "devices": format_number(float(r["devices"]), lang),
        }
        for _, r in report.lines.iterrows()
    ]
    return rows


def _print_table(report: BegesReport, lang: str) -> None:
    for note in report.notes:
        click.echo(note)
    click.echo("")
    emit_table(_table_rows(report, lang))
    click.echo(f"Total : {format_number(report.total_t, lang, digits=4)} t CO2e")
    click.echo("")
    for _, row in report.lines.iterrows():
        click.echo(f"{row['poste']} — {row['note']}")


def _table_text(report: BegesReport, lang: str) -> str:
    lines = [*report.notes, ""]
    for _, row in report.lines.iterrows():
        lines.append(
            f"{row['poste']}\t{row['label']}\t{format_number(float(row['t_co2e']), lang, digits=4)}"
            f" t CO2e\t{row['note']}"
        )
    lines.append(f"Total\t\t{format_number(report.total_t, lang, digits=4)} t CO2e")
    return "\n".join(lines) + "\n"
