"""``ecoparc entity add|list``."""

from __future__ import annotations

import click

from fleet.entities import ENTITY_KINDS
from services.entities import create_entity, entity_rows

from .runtime import FORMAT_OPTION, Runtime, emit_rows, pass_runtime


@click.group("entity")
def entity_group() -> None:
    """Entités : la métropole, les communes et leurs établissements."""


@entity_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(list(ENTITY_KINDS)), default="commune", show_default=True)
@click.option("--insee", help="Code INSEE.")
@click.option("--siret", help="SIRET (14 chiffres), pour la déclaration AGEC.")
@click.option("--agents", type=click.IntRange(min=0), help="Nombre d'agents.")
@click.option("--parent", help="Entité parente.")
@pass_runtime
def entity_add(
    rt: Runtime,
    name: str,
    kind: str,
    insee: str | None,
    siret: str | None,
    agents: int | None,
    parent: str | None,
) -> None:
    """Ajouter une entité."""
    with rt.uow() as uow:
        entity_id, entity_name = create_entity(
            uow, name, kind=kind, insee=insee, siret=siret, agents=agents, parent=parent
        )
    click.echo(
        f"Entité créée : {entity_name} (n° {entity_id})"
        if rt.settings.lang == "fr"
        else f"Entity created: {entity_name} (#{entity_id})"
    )


@entity_group.command("list")
@FORMAT_OPTION
@pass_runtime
def entity_list(rt: Runtime, fmt: str) -> None:
    """Lister les entités."""
    with rt.uow() as uow:
        rows = entity_rows(uow)
    emit_rows(rows, fmt, ["id", "name", "kind", "insee", "siret", "agents", "parent", "devices"])
