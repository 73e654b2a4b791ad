"""``ecoparc footprint`` and ``ecoparc explain``: the engine from the command line.

Both parse their options into :class:`services.footprint.FootprintOptions` and
call :mod:`services.footprint`; this module only formats what comes back.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from factors.locale import format_number
from footprint.comparison import sensitivity_line
from footprint.report import (
    FootprintReport,
    build_report,
    parameters_rows,
    table_frame,
    to_document,
    units_line,
    write_csv,
    write_json,
    write_xlsx,
)
from services.footprint import (
    FootprintOptions,
    ScopeFootprint,
    builtin_sensitivity,
    device_trace,
    fleet_footprint,
    footprint_columns,
    quick_footprint,
)

from .common import (
    ACCOUNTING_OPTION,
    ELECTRICITY_OPTION,
    ENTITY_OPTION,
    FACTORS_OPTION,
    METHOD_OPTION,
    accounting_periods,
    echo_workbook_written,
    output_format,
    output_option,
    writing,
    year_option,
)
from .runtime import Runtime, emit_json, emit_table, format_option, pass_runtime, refusals

#: ``--by`` choices of the command-line contract (docs/architecture.md §6).
BY_CHOICES = ("entity", "category", "site", "model", "phase")


def _options(
    year: int,
    method: str,
    electricity: float | None,
    zone: str,
    accounting: Sequence[str],
) -> FootprintOptions:
    return FootprintOptions(
        year=year,
        method=method,
        electricity=electricity,
        zone=zone,
        accounting=accounting_periods(accounting),
    )


_YEAR = year_option(lambda: date.today().year, "année en cours", "Année calculée.")
_ZONE = click.option(
    "--zone", default="FR", show_default=True, help="Zone du facteur d'électricité."
)


def _sensitivity(footprint: ScopeFootprint, lang: str) -> str:
    """The sensitivity line to the manufacturers' set ('' for another set); the
    comparison behind it is let go here, before the report is built (on a million
    devices its per-device table weighs tens of megabytes)."""
    comparison = builtin_sensitivity(footprint)
    return "" if comparison is None else sensitivity_line(comparison, lang)


@click.command("footprint")
@_YEAR
@click.option("--by", type=click.Choice(BY_CHOICES), help="Regroupement.")
@METHOD_OPTION
@ACCOUNTING_OPTION
@FACTORS_OPTION
@ENTITY_OPTION
@ELECTRICITY_OPTION
@_ZONE
@click.option("--uncertainty", is_flag=True, help="Intervalle à 90 % par Monte Carlo.")
@click.option(
    "--draws",
    type=click.IntRange(min=10),
    default=1000,
    show_default=True,
    help="Tirages Monte Carlo.",
)
@format_option(
    "table", "csv", "json", "xlsx", help="Format de sortie (csv : une ligne par équipement)."
)
@output_option()
@pass_runtime
def footprint_command(
    rt: Runtime,
    year: int,
    by: str | None,
    method: str,
    accounting: tuple[str, ...],
    factors_name: str | None,
    entities: tuple[str, ...],
    electricity: float | None,
    zone: str,
    uncertainty: bool,
    draws: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Empreinte environnementale du parc pour une année."""
    fmt = output_format(fmt, output)
    options = _options(year, method, electricity, zone, accounting)
    columns = footprint_columns(per_device=fmt in ("csv", "xlsx"))
    url = rt.settings.db_url
    with refusals():  # no unit of work, no SQLAlchemy, when nothing is in doubt
        footprint = quick_footprint(url, options, entities, factors_name, columns)
    if footprint is None:
        with rt.uow() as uow:
            footprint = fleet_footprint(uow, options, entities, factors_name, columns)
    # The sensitivity line is one of the provenance lines (footprint.report.parameters_rows)
    # that the table and the workbook show; JSON and CSV carry none, so the second run
    # of the engine it takes (a third of the work on 100,000 devices) is spared them.
    shown = fmt in ("table", "xlsx")
    sensitivity = _sensitivity(footprint, rt.settings.lang) if shown else ""
    report = build_report(
        footprint.result, by, uncertainty=uncertainty, draws=draws, sensitivity=sensitivity
    )
    lang = rt.settings.lang
    with writing(output):
        if fmt == "xlsx":
            assert output is not None
            write_xlsx(report, output, lang=lang)
            echo_workbook_written(output, lang)
        elif fmt == "json":
            if output is None:
                emit_json(to_document(report))
            else:
                write_json(report, output)
        elif fmt == "csv":
            write_csv(report, output if output is not None else sys.stdout)
        else:
            _print_table(report, lang)


def _print_table(report: FootprintReport, lang: str) -> None:
    for name, value in parameters_rows(report, lang):
        click.echo(f"{name} : {value}" if lang == "fr" else f"{name}: {value}")
    click.echo("")
    table = table_frame(report, lang)
    key = str(table.index.name or "groupe")
    rows: list[dict[str, Any]] = []
    for label_, row in table.iterrows():
        cells = {key: str(label_)}
        for i, column in enumerate(table.columns):  # the device count first, then impacts
            cells[str(column)] = format_number(row[column], lang, digits=6 if i == 0 else 4)
        rows.append(cells)
    emit_table(rows, [key, *(str(c) for c in table.columns)])
    click.echo(units_line(report.result.criteria, lang))


@click.command("explain")
@click.argument("device")
@_YEAR
@METHOD_OPTION
@ACCOUNTING_OPTION
@FACTORS_OPTION
@ELECTRICITY_OPTION
@_ZONE
@format_option("text", "json", default="text")
@pass_runtime
def explain_command(
    rt: Runtime,
    device: str,
    year: int,
    method: str,
    accounting: tuple[str, ...],
    factors_name: str | None,
    electricity: float | None,
    zone: str,
    fmt: str,
) -> None:
    """Détail du calcul de l'empreinte d'un équipement (n°, série ou inventaire)."""
    options = _options(year, method, electricity, zone, accounting)
    with rt.uow() as uow:
        trace = device_trace(uow, device, options, factors_name, rt.settings.lang)
    if fmt == "json":
        emit_json(dataclasses.asdict(trace))
    else:
        click.echo(trace.render(rt.settings.lang), nl=False)
