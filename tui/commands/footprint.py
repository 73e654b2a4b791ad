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

from factors.builtin import BUILTIN_NAME, load_builtin
from factors.factor_set import FactorSet, FactorSetError
from factors.loader import load_factor_set
from factors.vocabulary import CATEGORIES, CRITERIA, METHODS
from fleet.entities import EntityError, get_entity
from fleet.models import Device, Entity, ModelAlias
from fleet.queries import fleet_frame
from footprint.engine import FootprintResult, compute
from footprint.explain import explain
from footprint.labels import format_number
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

from ..runtime import EXIT_REJECTED, EXIT_USAGE, Runtime, emit_json, emit_table, fail, pass_runtime

#: ``--by`` choices of the command-line contract (DESIGN section 6).
BY_CHOICES = ("entity", "category", "site", "model", "phase")


def load_factors(session: Session, name: str | None) -> FactorSet:
    """The built-in set, a set stored in the database by name, or a folder/xlsx path."""
    if name is None or name == BUILTIN_NAME:
        return load_builtin()
    path = Path(name)
    try:
        if path.exists():
            return load_factor_set(path)
        from fleet.factor_store import load_stored_factor_set

        return load_stored_factor_set(session, name)
    except FactorSetError as exc:
        fail(str(exc), EXIT_USAGE if path.exists() else EXIT_REJECTED)
    except (KeyError, LookupError) as exc:
        fail(f"jeu de facteurs inconnu : « {name} » ({exc})")


def load_aliases(session: Session) -> pd.DataFrame:
    """The ``model_alias`` table as the matcher wants it (entity NA = every entity)."""
    rows = session.execute(
        select(ModelAlias.model_text, ModelAlias.reference, Entity.name).outerjoin(
            Entity, Entity.id == ModelAlias.entity_id
        )
    ).all()
    return pd.DataFrame(
        {
            "model_text": pd.array([r[0] for r in rows], dtype="str"),
            "reference": pd.array([r[1] for r in rows], dtype="str"),
            "entity": pd.array([r[2] for r in rows], dtype="str"),
        }
    )


def parse_accounting_years(values: Sequence[str]) -> tuple[dict[str, float], float | None]:
    """``CATEGORY=YEARS`` pairs and an optional bare ``YEARS`` (the default period)."""
    periods: dict[str, float] = {}
    default: float | None = None
    for value in values:
        category, _, years = value.rpartition("=")
        try:
            number = float(years.replace(",", "."))
        except ValueError:
            raise click.BadParameter(f"durée invalide : « {value} »") from None
        if number <= 0:
            raise click.BadParameter(f"durée invalide : « {value} »")
        if not category:
            default = number
        elif category not in CATEGORIES:
            raise click.BadParameter(f"catégorie inconnue : « {category} »")
        else:
            periods[category] = number
    return periods, default


def _check_entities(session: Session, names: Sequence[str]) -> None:
    for name in names:
        try:
            get_entity(session, name)
        except EntityError as exc:
            fail(str(exc))


def _compute(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    aliases: pd.DataFrame,
    year: int,
    method: str,
    electricity: float | None,
    zone: str,
    accounting: Sequence[str] = (),
) -> FootprintResult:
    periods, default = parse_accounting_years(accounting)
    return compute(
        frame,
        factor_set,
        year,
        method,
        electricity=electricity,
        zone=zone,
        accounting_years=periods,
        aliases=aliases if len(aliases) else None,
        **({"default_accounting_years": default} if default is not None else {}),
    )


_YEAR = click.option(
    "--year",
    type=click.IntRange(1990, 2100),
    default=lambda: date.today().year,
    show_default="année en cours",
    help="Année calculée.",
)
_METHOD = click.option(
    "--method",
    type=click.Choice(METHODS),
    default="annualized",
    show_default=True,
    help="Méthode comptable (voir docs/method.md).",
)
_FACTORS = click.option(
    "--factors",
    "factors_name",
    metavar="SET",
    help=f"Jeu de facteurs : nom enregistré ou dossier/xlsx (défaut : {BUILTIN_NAME}).",
)
_ELECTRICITY = click.option(
    "--electricity",
    type=click.FloatRange(min=0),
    help="Facteur d'électricité imposé, en kg CO2e/kWh (défaut : celui du jeu).",
)
_ACCOUNTING = click.option(
    "--accounting-years",
    "accounting",
    multiple=True,
    metavar="[CAT=]ANS",
    help="Période comptable de la méthode amortized : 4 (toutes catégories) "
    "ou laptop=4 (répétable ; défaut 5 ans).",
)
_ZONE = click.option(
    "--zone", default="FR", show_default=True, help="Zone du facteur d'électricité."
)


@click.command("footprint")
@_YEAR
@click.option("--by", type=click.Choice(BY_CHOICES), help="Regroupement.")
@_METHOD
@_ACCOUNTING
@_FACTORS
@click.option("--entity", "entities", multiple=True, metavar="NAME", help="Entité (répétable).")
@_ELECTRICITY
@_ZONE
@click.option("--uncertainty", is_flag=True, help="Intervalle à 90 % par Monte Carlo.")
@click.option(
    "--draws",
    type=click.IntRange(min=10),
    default=1000,
    show_default=True,
    help="Tirages Monte Carlo.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "xlsx"]),
    default="table",
    show_default=True,
    help="Format de sortie (csv : une ligne par équipement).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Fichier.")
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
    if fmt == "xlsx" and output is None:
        fail("le format xlsx demande un fichier de sortie (-o FICHIER.xlsx)", EXIT_USAGE)
    with rt.session() as session:
        _check_entities(session, entities)
        factor_set = load_factors(session, factors_name)
        frame = fleet_frame(session, entities=list(entities) or None)
        aliases = load_aliases(session)
    result = _compute(frame, factor_set, aliases, year, method, electricity, zone, accounting)
    report = build_report(result, by, uncertainty=uncertainty, draws=draws)
    lang = rt.settings.lang
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(report, output, lang=lang)
        click.echo(f"Classeur écrit : {output}" if lang == "fr" else f"Workbook written: {output}")
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
@_METHOD
@_ACCOUNTING
@_FACTORS
@_ELECTRICITY
@_ZONE
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format de sortie.",
)
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
        frame = fleet_frame(session, entities=[entity], include_children=False)
        aliases = load_aliases(session)
    frame = frame[frame["device_id"] == device_id].reset_index(drop=True)
    result = _compute(frame, factor_set, aliases, year, method, electricity, zone, accounting)
    trace = explain(result, device_id, lang=rt.settings.lang)
    if fmt == "json":
        emit_json(dataclasses.asdict(trace))
    else:
        click.echo(trace.render(rt.settings.lang), nl=False)
