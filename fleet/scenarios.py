"""Saved procurement scenarios: a name, a description and the parameters as JSON.

The parameters are stored as the documented mapping of ``docs/scenarios.md``
(the same keys as the TOML file); reading them into a scenario object is the
engine's business, not the database's, so this module never imports
``footprint``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Scenario

#: Longest scenario name (the column's width).
MAX_NAME_LENGTH = 200


class ScenarioStoreError(ValueError):
    """A scenario could not be saved or was not found; the message says which and why."""


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ScenarioStoreError("un scénario doit avoir un nom")
    if len(name) > MAX_NAME_LENGTH:
        raise ScenarioStoreError(
            f"nom de scénario trop long ({MAX_NAME_LENGTH} caractères au plus)"
        )
    return name


def save_scenario(
    session: Session,
    name: str,
    params: Mapping[str, Any],
    description: str | None = None,
    *,
    replace: bool = True,
    entity_id: int | None = None,
) -> Scenario:
    """Create the scenario ``name`` or, with ``replace``, overwrite its parameters.
    A new scenario belongs to ``entity_id`` (None: to every entity)."""
    name = _check_name(name)
    scenario = session.scalars(select(Scenario).where(Scenario.name == name)).one_or_none()
    if scenario is not None and not replace:
        raise ScenarioStoreError(f"le scénario « {name} » existe déjà")
    if scenario is None:
        scenario = Scenario(name=name, entity_id=entity_id)
        session.add(scenario)
    scenario.params = dict(params)
    scenario.description = description
    session.flush()
    return scenario


def load_scenario(session: Session, name: str) -> dict[str, Any]:
    """The saved parameters of ``name`` (ScenarioStoreError if there is none)."""
    scenario = session.scalars(select(Scenario).where(Scenario.name == name.strip())).one_or_none()
    if scenario is None:
        raise ScenarioStoreError(f"scénario inconnu : « {name} »")
    return dict(scenario.params)


def find_scenario(session: Session, name: str) -> dict[str, Any] | None:
    """The saved parameters of ``name``, or None."""
    try:
        return load_scenario(session, name)
    except ScenarioStoreError:
        return None


def list_scenarios(session: Session) -> list[dict[str, Any]]:
    """Every saved scenario, by name: name, description, parameters, timestamps."""
    rows = session.scalars(select(Scenario).order_by(Scenario.name)).all()
    return [
        {
            "name": s.name,
            "description": s.description,
            "params": dict(s.params),
            "created_at": s.created_at,
            "updated_at": s.updated_at,
        }
        for s in rows
    ]


def delete_scenario(session: Session, name: str) -> None:
    """Remove the saved scenario ``name`` (ScenarioStoreError if there is none)."""
    scenario = session.scalars(select(Scenario).where(Scenario.name == name.strip())).one_or_none()
    if scenario is None:
        raise ScenarioStoreError(f"scénario inconnu : « {name} »")
    session.delete(scenario)
    session.flush()
