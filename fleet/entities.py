"""Service functions for entities: add, find, list."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factors.vocabulary import ENTITY_KIND_LABELS

from .lookup import find_by_name, known_names
from .models import Device, Entity


class EntityError(ValueError):
    """A rejected entity operation, with a message for the user."""


SIRET_RE = re.compile(r"^\d{14}$")
#: INSEE commune codes (five characters, digits except Corsica's 2A/2B), or the
#: nine-digit SIREN that identifies an EPCI in the official code lists.
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3}|\d{9})$")

#: Kinds of public bodies, with their French labels.
ENTITY_KINDS: dict[str, str] = {code: fr for code, (fr, _en) in ENTITY_KIND_LABELS.items()}


def valid_siret(siret: str | None) -> bool:
    """14 digits passing the Luhn check (La Poste's SIRETs excepted by INSEE rules)."""
    if not siret or not SIRET_RE.match(siret):
        return False
    if siret.startswith("356000000"):  # La Poste establishments: digit sum multiple of 5
        return sum(int(d) for d in siret) % 5 == 0
    total = 0
    for i, char in enumerate(reversed(siret)):
        digit = int(char)
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


#: The length of ``entity.name`` in the schema.
MAX_ENTITY_NAME = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def entity_name(name: str) -> str:
    """The name a new entity gets (trimmed), or :class:`EntityError` saying why not.

    A name is shown on every screen, sheet and slip: one line, within the schema's
    length (PostgreSQL would refuse a longer one with a driver error)."""
    name = name.strip()
    if not name:
        raise EntityError("le nom de l'entité est vide")
    if len(name) > MAX_ENTITY_NAME:
        raise EntityError(
            f"nom d'entité trop long : {len(name)} caractères, {MAX_ENTITY_NAME} au plus"
        )
    if _CONTROL.search(name):
        raise EntityError(
            "le nom de l'entité contient un saut de ligne, une tabulation ou un caractère "
            "de contrôle"
        )
    return name


def find_entity(session: Session, name: str) -> Entity | None:
    """Exact name first, then case-insensitive."""
    return find_by_name(session, Entity, name)


def get_entity(session: Session, name: str) -> Entity:
    entity = find_entity(session, name)
    if entity is None:
        known = known_names(session, Entity)
        raise EntityError(f"entité inconnue : « {name} » (entités connues : {known or 'aucune'})")
    return entity


def add_entity(
    session: Session,
    name: str,
    *,
    kind: str = "commune",
    insee: str | None = None,
    siret: str | None = None,
    agents: int | None = None,
    parent: str | None = None,
) -> Entity:
    name = entity_name(name)
    if find_entity(session, name) is not None:
        raise EntityError(f"l'entité « {name} » existe déjà")
    if kind not in ENTITY_KINDS:
        raise EntityError(
            f"type d'entité inconnu : « {kind} » (attendu : {', '.join(ENTITY_KINDS)})"
        )
    if insee and not INSEE_RE.match(insee.strip().upper()):
        raise EntityError(
            f"code INSEE invalide : « {insee} » "
            "(commune : 5 caractères, ex. 38185 ; EPCI : SIREN à 9 chiffres)"
        )
    if siret:
        siret = re.sub(r"\s", "", siret)
        if not SIRET_RE.match(siret):
            raise EntityError(f"SIRET invalide : « {siret} » (14 chiffres attendus)")
    parent_id = get_entity(session, parent).id if parent else None
    entity = Entity(
        name=name, kind=kind, insee=insee, siret=siret, agents=agents, parent_id=parent_id
    )
    session.add(entity)
    session.flush()
    return entity


def list_entities(session: Session) -> list[dict[str, Any]]:
    """Entities with their parent's name and their number of devices (lots by quantity)."""
    counts = dict(
        session.execute(
            select(Device.entity_id, func.coalesce(func.sum(Device.quantity), 0)).group_by(
                Device.entity_id
            )
        ).all()
    )
    entities = session.scalars(select(Entity).order_by(Entity.id)).all()
    names = {e.id: e.name for e in entities}
    return [
        {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "insee": e.insee,
            "siret": e.siret,
            "agents": e.agents,
            "parent": names.get(e.parent_id) if e.parent_id else None,
            "devices": int(counts.get(e.id, 0)),
        }
        for e in entities
    ]
