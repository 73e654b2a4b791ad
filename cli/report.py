"""``ecoparc report reen|agec|beges|annual``: the regulatory reports of a year.

Each command gathers the report's inputs and builds it through
:mod:`services.reports` (the TUI's reports screen calls the same functions),
then writes the file or prints the figures.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from factors.locale import format_number
from factors.outputs import write_text
from footprint.indicators.beges import DEFAULT_EXPENSE_THRESHOLD_EUR, BegesReport
from footprint.reports import beges as beges_writer
from footprint.reports.agec_csv import write_agec_csv
from services.reports import (
    build_agec,
    build_annual,
    build_beges,
    build_reen_report,
    load_inputs,
    scope_text,
    skipped_messages,
    write_reen,
)
from services.settings import LANGUAGES

from .common import (
    ACCOUNTING_OPTION,
    ELECTRICITY_OPTION,
    ENTITY_OPTION,
    FACTORS_OPTION,
    METHOD_OPTION,
    accounting_periods,
    output_format,
    output_option,
    writing,
    year_option,
)
from .runtime import (
    EXIT_USAGE,
    Runtime,
    emit_json,
    emit_table,
    fail,
    format_option,
    pass_runtime,
    tell,
)


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
    with rt.uow() as uow:
        inputs = load_inputs(uow, entities, factors_name)
    report = build_reen_report(inputs, year, method, electricity, accounting_periods(accounting))
    with writing(output):
        write_reen(report, inputs, output, lang)
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
    from footprint.reports.annual_html import write_annual_html  # with its charts' matplotlib

    if output.suffix.lower() not in (".html", ".htm"):
        fail(f"-o {output} : le rapport annuel s'écrit en HTML (-o FICHIER.html)", EXIT_USAGE)
    with rt.uow() as uow:
        inputs = load_inputs(uow, entities, factors_name)
    annual = build_annual(inputs, year, scope_text(entities, "fr"), method)
    with writing(output):
        write_annual_html(annual, output)
    tell(f"Rapport annuel {year} écrit : {output}")


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
    with rt.uow() as uow:
        inputs = load_inputs(uow, entities)
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
    with rt.uow() as uow:
        inputs = load_inputs(uow, entities, factors_name)
    report = build_beges(
        inputs, year, electricity, accounting_periods(accounting), expense_threshold, lang
    )
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
    tell(f"Total : {format_number(report.total_t, lang, digits=4)} t CO2e")
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
