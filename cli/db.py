"""``ecoparc init`` and ``ecoparc db upgrade|current|check``."""

from __future__ import annotations

from pathlib import Path

import click

from fleet import schema
from fleet.db import mask_url
from fleet.demo import DEFAULT_SAMPLES_DIR

from .runtime import EXIT_REJECTED, Runtime, emit_json, fail, pass_runtime, tell


@click.command("init")
@click.option("--demo", is_flag=True, help="Charger les données d'exemple (samples/).")
@click.option(
    "--samples",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Dossier des données d'exemple (défaut : samples/ du projet).",
)
@pass_runtime
def init_command(rt: Runtime, demo: bool, samples: Path | None) -> None:
    """Créer ou mettre à jour la base ; --demo charge les données d'exemple."""
    url = rt.settings.db_url
    backup = schema.upgrade(url)
    if backup:
        tell(f"Sauvegarde de la base avant mise à jour : {backup}")
    tell(f"Base prête ({schema.state(url).head}) : {mask_url(url)}")
    if demo:
        from services.imports import load_demo_data

        with rt.uow() as uow:
            summary = load_demo_data(uow, samples or DEFAULT_SAMPLES_DIR, rt.settings.actor)
        for line in summary.lines():
            click.echo(line)


@click.group("db")
def db_group() -> None:
    """Schéma de la base : mise à jour, version, vérification."""


@db_group.command("upgrade")
@pass_runtime
def db_upgrade(rt: Runtime) -> None:
    """Mettre le schéma à jour (sauvegarde préalable du fichier SQLite)."""
    before = schema.state(rt.settings.db_url)
    backup = schema.upgrade(rt.settings.db_url)
    if backup:
        tell(f"Sauvegarde : {backup}")
    tell(f"Schéma : {before.current or '(vide)'} → {before.head}")


@db_group.command("current")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_runtime
def db_current(rt: Runtime, fmt: str) -> None:
    """Afficher la version du schéma et la version attendue."""
    st = schema.state(rt.settings.db_url)
    if fmt == "json":
        emit_json({"current": st.current, "head": st.head, "up_to_date": st.up_to_date})
    else:
        status = "à jour" if st.up_to_date else "à mettre à jour (ecoparc db upgrade)"
        tell(f"{st.current or '(vide)'} — attendu {st.head} — {status}")


@db_group.command("check")
@pass_runtime
def db_check(rt: Runtime) -> None:
    """Vérifier la base : fichier intact, schéma attendu et conforme, mise à jour finie."""
    problems = schema.check(rt.settings.db_url)
    for problem in problems[1:]:
        tell(f"ecoparc : erreur : {problem}", err=True)
    if problems:
        fail(problems[0], EXIT_REJECTED)
    tell(f"Schéma {schema.head_revision()} à jour et conforme.")
