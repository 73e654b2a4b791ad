"""Procurement scenarios: resolve a scenario by name, keep the saved ones, and
project the fleet under them (compare side by side).

A name is a saved scenario first, else a preset (docs/scenarios.md). The fleet
is reduced once to cohorts (:func:`fleet_base`, or :func:`workspace_base` from an
open workspace's cached fleet) and every scenario is projected on it by
:mod:`footprint.scenarios`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fleet.access import home_entity
from fleet.report_data import lifecycle_events
from fleet.scenarios import (
    ScenarioStoreError,
    delete_scenario,
    find_scenario,
    list_scenarios,
    save_scenario,
)
from footprint.scenarios import (
    PRESET_NAMES,
    Comparison,
    FleetBase,
    ScenarioError,
    ScenarioParams,
    ScenarioResult,
    compare,
    is_preset,
    prepare_fleet,
    preset,
    preset_label,
    project,
)

from .errors import ServiceError
from .factor_sets import load_aliases, load_factor_set
from .footprint import load_fleet
from .uow import UnitOfWork
from .workspace import Workspace


def saved(uow: UnitOfWork, name: str) -> ScenarioParams | None:
    """The saved scenario ``name``, None when there is none (refused when unreadable)."""
    mapping = find_scenario(uow.session, name)
    if mapping is None:
        return None
    try:
        return ScenarioParams.from_mapping(mapping, name=name)
    except ScenarioError as exc:
        raise ServiceError(f"scénario enregistré « {name} » illisible : {exc}") from None


def resolve(uow: UnitOfWork, name: str, lang: str = "fr") -> ScenarioParams:
    """A saved scenario, else a preset; refused when ``name`` is neither."""
    found = saved(uow, name)
    if found is not None:
        return found
    if is_preset(name):
        return preset(name, lang)
    raise ServiceError(
        f"scénario inconnu : « {name} » (ni enregistré, ni prédéfini : {', '.join(PRESET_NAMES)})"
    )


def saved_names(uow: UnitOfWork) -> list[str]:
    return [s["name"] for s in list_scenarios(uow.session)]


def scenario_rows(uow: UnitOfWork, lang: str = "fr") -> list[dict[str, Any]]:
    """The presets, then the saved scenarios: name, kind, label, description, params."""
    rows: list[dict[str, Any]] = [
        {
            "name": name,
            "kind": "preset",
            "label": preset_label(name, lang),
            "description": None,
            "params": preset(name, lang).to_mapping(),
        }
        for name in PRESET_NAMES
    ]
    rows += [
        {
            "name": s["name"],
            "kind": "saved",
            "label": s["params"].get("label") or s["name"],
            "description": s["description"],
            "params": s["params"],
            "updated_at": s["updated_at"],
        }
        for s in list_scenarios(uow.session)
    ]
    return rows


def save(
    uow: UnitOfWork,
    name: str,
    params: ScenarioParams,
    description: str | None = None,
    replace: bool = True,
) -> None:
    """Keep ``params`` under ``name`` (not its results); a preset's name is refused."""
    if is_preset(name):
        raise ServiceError(
            f"« {name} » est le nom d'un scénario prédéfini ; choisissez un autre nom"
        )
    try:
        save_scenario(
            uow.session,
            name,
            params.to_mapping(),
            description,
            replace=replace,
            # A commune's scenario is its own (docs/administration.md).
            entity_id=home_entity(uow.session),
        )
    except ScenarioStoreError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()


def delete(uow: UnitOfWork, name: str) -> None:
    try:
        delete_scenario(uow.session, name)
    except ScenarioStoreError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()


def fleet_base(
    uow: UnitOfWork, entities: Sequence[str] = (), factors: str | None = None
) -> FleetBase:
    """The scope's fleet as cohorts, ready to project."""
    frame = load_fleet(uow, entities)
    factor_set = load_factor_set(uow, factors)
    events = lifecycle_events(uow.session, list(entities) or None)
    return prepare_fleet(frame, factor_set, aliases=load_aliases(uow), events=events)


def workspace_base(workspace: Workspace, entity: str | None) -> FleetBase:
    """The same cohorts from an open workspace's cached fleet (references resolved)."""
    frame = workspace.scoped(workspace.full_resolved_fleet(), entity).reset_index(drop=True)
    return prepare_fleet(
        frame, workspace.factor_set(), aliases=workspace.aliases(), events=workspace.events()
    )


def run(base: FleetBase, params: ScenarioParams) -> ScenarioResult:
    """One scenario projected year by year."""
    try:
        return project(base, params)
    except ScenarioError as exc:
        raise ServiceError(str(exc)) from None


def compare_scenarios(
    base: FleetBase,
    scenarios: Sequence[ScenarioParams],
    horizon: tuple[int, int] | None = None,
    lang: str = "fr",
) -> Comparison:
    """The scenarios side by side over one horizon, the baseline first."""
    try:
        return compare(base, scenarios, horizon=horizon, lang=lang)
    except ScenarioError as exc:
        raise ServiceError(str(exc)) from None
