"""``ecoparc entity add|list``."""

from __future__ import annotations

import click

from fleet.entities import ENTITY_KINDS, EntityError, add_entity, list_entities

from .runtime import FORMAT_OPTION, Runtime, emit_rows, fail, pass_runtime


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
    try:
        with rt.session() as session:
            entity = add_entity(
                session, name, kind=kind, insee=insee, siret=siret, agents=agents, parent=parent
            )
            click.echo(f"Entité créée : {entity.name} (n° {entity.id})")
    except EntityError as exc:
        fail(str(exc))


@entity_group.command("list")
@FORMAT_OPTION
@pass_runtime
def entity_list(rt: Runtime, fmt: str) -> None:
    """Lister les entités."""
    with rt.session() as session:
        rows = list_entities(session)
    emit_rows(rows, fmt, ["id", "name", "kind", "insee", "siret", "agents", "parent", "devices"])
