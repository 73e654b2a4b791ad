"""``ecoparc export numecoeval DIR``: the inventory as NumEcoEval / G4IT input files."""

from __future__ import annotations

from pathlib import Path

import click

from fleet.queries import fleet_frame
from fleet.report_data import entities_frame
from footprint.reports.numecoeval import write_numecoeval

from .common import ENTITY_OPTION, check_entities, writing
from .runtime import Runtime, pass_runtime


@click.group("export")
def export_group() -> None:
    """Exporter l'inventaire vers d'autres outils."""


@export_group.command("numecoeval")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@ENTITY_OPTION
@click.option(
    "--with-users",
    is_flag=True,
    help="Écrire le pseudonyme de l'utilisateur (colonne utilisateur ; vide par défaut, RGPD).",
)
@pass_runtime
def numecoeval_command(
    rt: Runtime, directory: Path, entities: tuple[str, ...], with_users: bool
) -> None:
    """Fichiers equipementPhysique.csv, entite.csv et datacenter.csv de NumEcoEval."""
    scope = list(entities) or None
    with rt.session() as session:
        check_entities(session, entities)
        frame = fleet_frame(session, entities=scope)
        known = entities_frame(session, scope)
    with writing(directory):
        paths = write_numecoeval(frame, known, directory, include_users=with_users)
    fr = rt.settings.lang == "fr"
    click.echo(
        f"{len(frame)} ligne(s) d'équipements exportée(s) dans {directory}"
        if fr
        else f"{len(frame)} device row(s) exported to {directory}"
    )
    for path in paths:
        click.echo(f"  {path}")
