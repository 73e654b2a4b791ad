"""Entities: the metropolis, its communes and their sub-bodies, and scopes over them.

A scope is a list of entity names; each name brings its sub-bodies (a CCAS under
its commune). Every use case that takes ``entities`` checks them here first, so
an unknown name is refused with the same sentence everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from fleet.entities import EntityError, add_entity, get_entity, list_entities
from fleet.models import Entity
from fleet.queries import entity_ids

from .errors import ServiceError
from .uow import UnitOfWork


@dataclass(frozen=True)
class EntityInfo:
    id: int
    name: str
    agents: int | None
    parent_id: int | None


def check_entities(uow: UnitOfWork, names: Sequence[str]) -> None:
    """Refuse the first name that is no entity (the message lists the known ones)."""
    for name in names:
        try:
            get_entity(uow.session, name)
        except EntityError as exc:
            raise ServiceError(str(exc)) from None


def entity_infos(uow: UnitOfWork) -> list[EntityInfo]:
    """Every entity with its headcount and parent (in database order)."""
    rows = uow.session.execute(
        select(Entity.id, Entity.name, Entity.agents, Entity.parent_id).order_by(Entity.id)
    ).all()
    return [EntityInfo(r.id, r.name, r.agents, r.parent_id) for r in rows]


def scope_ids(uow: UnitOfWork, entity: str) -> list[int]:
    """Ids of ``entity`` and its sub-bodies."""
    return entity_ids(uow.session, [entity])


def entity_rows(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Entities with their parent's name and their number of devices."""
    return list_entities(uow.session)


def create_entity(
    uow: UnitOfWork,
    name: str,
    *,
    kind: str = "commune",
    insee: str | None = None,
    siret: str | None = None,
    agents: int | None = None,
    parent: str | None = None,
) -> tuple[int, str]:
    """Add an entity and commit; (its id, its name)."""
    try:
        entity = add_entity(
            uow.session, name, kind=kind, insee=insee, siret=siret, agents=agents, parent=parent
        )
    except EntityError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return entity.id, entity.name
