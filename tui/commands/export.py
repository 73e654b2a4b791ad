"""``ecoparc export numecoeval DIR``: the inventory as NumEcoEval / G4IT input files."""

from __future__ import annotations

from pathlib import Path

import click

from fleet.entities import EntityError, get_entity
from fleet.queries import fleet_frame
from fleet.report_data import entities_frame
from footprint.reports.numecoeval import write_numecoeval

from ..runtime import EXIT_USAGE, Runtime, fail, pass_runtime


@click.group("export")
def export_group() -> None:
    """Exporter l'inventaire vers d'autres outils."""


@export_group.command("numecoeval")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--entity", "entities", multiple=True, metavar="NAME", help="Entité (répétable).")
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
        for name in entities:
            try:
                get_entity(session, name)
            except EntityError as exc:
                fail(str(exc))
        frame = fleet_frame(session, entities=scope)
        known = entities_frame(session, scope)
    try:
        paths = write_numecoeval(frame, known, directory, include_users=with_users)
    except OSError as exc:
        fail(f"écriture impossible : {directory} ({exc.strerror or exc})", EXIT_USAGE)
    fr = rt.settings.lang == "fr"
    click.echo(
        f"{len(frame)} ligne(s) d'équipements exportée(s) dans {directory}"
        if fr
        else f"{len(frame)} device row(s) exported to {directory}"
    )
    for path in paths:
        click.echo(f"  {path}")
