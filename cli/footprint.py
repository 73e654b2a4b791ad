"""``ecoparc footprint`` and ``ecoparc explain``: the engine from the command line.

Both load the fleet frame from the database, the factor set (built-in, stored
by name, or a folder / xlsx path) and the model aliases, then hand everything
to :mod:`footprint`; nothing is computed here.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click
import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factors.builtin import BUILTIN_NAME, CONSTRUCTEURS_NAME, load_builtin
from factors.factor_set import FactorSet
from factors.locale import format_number
from factors.vocabulary import CRITERIA
from fleet.models import Device, Entity
from fleet.queries import fleet_frame
from fleet.report_data import lifecycle_events
from footprint.comparison import compare_sets, sensitivity_line
from footprint.engine import FootprintResult
from footprint.explain import explain
from footprint.report import (
    FootprintReport,
    build_report,
    parameters_rows,
    table_frame,
    to_document,
    write_csv,
    write_json,
    write_xlsx,
)
from footprint.scope import YearFleet, compute_year, fleet_of_year

from .common import (
    ACCOUNTING_OPTION,
    ELECTRICITY_OPTION,
    ENTITY_OPTION,
    FACTORS_OPTION,
    METHOD_OPTION,
    accounting_arguments,
    check_entities,
    echo_workbook_written,
    load_aliases,
    load_factors,
    output_format,
    output_option,
    writing,
    year_option,
)
from .runtime import Runtime, emit_json, emit_table, fail, format_option, pass_runtime

#: ``--by`` choices of the command-line contract (docs/architecture.md §6).
BY_CHOICES = ("entity", "category", "site", "model", "phase")


def _compute(
    fleet: YearFleet,
    factor_set: FactorSet,
    aliases: pd.DataFrame | None,
    method: str,
    electricity: float | None,
    zone: str,
    accounting: Sequence[str] = (),
) -> FootprintResult:
    """The footprint of the fleet of the year (footprint.scope: the same selection as
    the REEN, BEGES and AGEC reports)."""
    return compute_year(
        fleet,
        factor_set,
        method,
        electricity=electricity,
        zone=zone,
        aliases=aliases,
        **accounting_arguments(accounting),
    )


_YEAR = year_option(lambda: date.today().year, "année en cours", "Année calculée.")
_ZONE = click.option(
    "--zone", default="FR", show_default=True, help="Zone du facteur d'électricité."
)


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
    with rt.session() as session:
        check_entities(session, entities)
        factor_set = load_factors(session, factors_name)
        scope = list(entities) or None
        frame = fleet_frame(session, entities=scope)
        events = lifecycle_events(session, scope)
        aliases = load_aliases(session)
    fleet = fleet_of_year(frame, year, events)
    result = _compute(fleet, factor_set, aliases, method, electricity, zone, accounting)
    sensitivity = ""
    if factor_set.name == BUILTIN_NAME:
        other = load_builtin(CONSTRUCTEURS_NAME)
        sensitivity = sensitivity_line(
            compare_sets(fleet, factor_set, other, aliases), rt.settings.lang
        )
    report = build_report(result, by, uncertainty=uncertainty, draws=draws, sensitivity=sensitivity)
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
    key = table.index.name or "groupe"
    rows = []
    for label_, row in table.iterrows():
        cells = {key: str(label_), "devices": format_number(row["devices"], lang)}
        for column in table.columns[1:]:
            cells[column] = format_number(row[column], lang, digits=4)
        rows.append(cells)
    emit_table(rows, [key, *table.columns])
    units = ", ".join(f"{c} : {CRITERIA[c][0]}" for c in report.result.criteria)
    click.echo(("Unités — " if lang == "fr" else "Units — ") + units)


def find_device(session: Session, key: str) -> tuple[int, str]:
    """(device id, entity name) of the device with this id, serial or asset tag."""
    conditions = [Device.serial == key, Device.asset_tag == key]
    if key.isdigit():
        conditions.append(Device.id == int(key))
    rows = session.execute(
        select(Device.id, Entity.name)
        .join(Entity, Entity.id == Device.entity_id)
        .where(or_(*conditions))
        .order_by(Device.id)
    ).all()
    if key.isdigit():
        by_id = [r for r in rows if r[0] == int(key)]
        rows = by_id or rows
    if not rows:
        fail(f"équipement introuvable : « {key} » (n°, numéro de série ou d'inventaire)")
    if len(rows) > 1:
        listed = ", ".join(f"n° {r[0]} ({r[1]})" for r in rows[:10])
        fail(f"« {key} » désigne plusieurs équipements : {listed} ; donnez le n°")
    return int(rows[0][0]), str(rows[0][1])


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
    with rt.session() as session:
        device_id, entity = find_device(session, device)
        factor_set = load_factors(session, factors_name)
        frame = fleet_frame(session)
        events = lifecycle_events(session)
        aliases = load_aliases(session)
    # The device alone, but with the whole fleet's observed lives (its expected lifespan).
    fleet = fleet_of_year(frame, year, events)
    alone = fleet.frame["device_id"] == device_id
    if not alone.any():
        alone = frame["device_id"] == device_id
        fleet = dataclasses.replace(fleet, frame=frame)
    fleet = dataclasses.replace(fleet, frame=fleet.frame[alone].reset_index(drop=True))
    result = _compute(fleet, factor_set, aliases, method, electricity, zone, accounting)
    trace = explain(result, device_id, lang=rt.settings.lang)
    if fmt == "json":
        emit_json(dataclasses.asdict(trace))
    else:
        click.echo(trace.render(rt.settings.lang), nl=False)
