"""``ecoparc export numecoeval DIR``: the inventory as NumEcoEval / G4IT input files."""

from __future__ import annotations

from pathlib import Path

import click

from services.reports import export_numecoeval

from .common import ENTITY_OPTION, FACTORS_OPTION
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
    with rt.uow() as uow:
        rows, paths = export_numecoeval(
            uow, entities, directory, factors_name, include_users=with_users
        )
    fr = rt.settings.lang == "fr"
    click.echo(
        f"{rows} ligne(s) d'équipements exportée(s) dans {directory}"
        if fr
        else f"{rows} device row(s) exported to {directory}"
    )
    for path in paths:
        click.echo(f"  {path}")
