"""``ecoparc export numecoeval DIR``: the inventory as NumEcoEval / G4IT input files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from fleet.queries import fleet_frame
from fleet.report_data import entities_frame
from footprint.reports.numecoeval import export_result, write_numecoeval

from .common import (
    ENTITY_OPTION,
    FACTORS_OPTION,
    check_entities,
    load_aliases,
    load_factors,
    writing,
)
from .runtime import Runtime, pass_runtime


@click.group("export")
def export_group() -> None:
    """Exporter l'inventaire vers d'autres outils."""


@export_group.command("numecoeval")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@ENTITY_OPTION
@FACTORS_OPTION
@click.option(
    "--with-users",
    is_flag=True,
    help="Écrire le pseudonyme de l'utilisateur (colonne utilisateur ; vide par défaut, RGPD).",
)
@pass_runtime
def numecoeval_command(
    rt: Runtime,
    directory: Path,
    entities: tuple[str, ...],
    factors_name: str | None,
    with_users: bool,
) -> None:
    """Fichiers equipementPhysique.csv, entite.csv et datacenter.csv de NumEcoEval
    (modèles tels que reconnus par le jeu de facteurs, durées d'usage de ses calculs)."""
    scope = list(entities) or None
    with rt.session() as session:
        check_entities(session, entities)
        frame = fleet_frame(session, entities=scope)
        known = entities_frame(session, scope)
        factor_set = load_factors(session, factors_name)
        aliases = load_aliases(session)
    result = export_result(frame, factor_set, date.today(), aliases)
    with writing(directory):
        paths = write_numecoeval(frame, known, directory, result, include_users=with_users)
    fr = rt.settings.lang == "fr"
    click.echo(
        f"{len(frame)} ligne(s) d'équipements exportée(s) dans {directory}"
        if fr
        else f"{len(frame)} device row(s) exported to {directory}"
    )
    for path in paths:
        click.echo(f"  {path}")
