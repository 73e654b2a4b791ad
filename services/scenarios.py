"""Procurement scenarios: resolve a scenario by name, keep the saved ones, and
project the fleet under them (compare side by side).

A name is a saved scenario first, else a preset (docs/scenarios.md). A buyer's
planned purchase is compared new, refurbished or kept a year longer by the same
engine (:mod:`footprint.scenarios.purchase`), read from a file, saved and reopened
as a scenario. The fleet
is reduced once to cohorts (:func:`fleet_base`, or :func:`workspace_base` from an
open workspace's cached fleet) and every scenario is projected on it by
:mod:`footprint.scenarios`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from factors.factor_set import FactorSet
from factors.text import fold, is_missing, parse_decimal
from factors.vocabulary import CATEGORIES
from fleet.access import home_entity
from fleet.queries import ENGINE_COLUMNS
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
from footprint.scenarios.purchase import (
    LINE_FIELDS,
    Purchase,
    PurchaseComparison,
    compare_purchase,
    line_heading,
    purchase_from_rows,
)

from .errors import ServiceError
from .factor_sets import load_aliases, load_factor_set
from .footprint import load_fleet
from .uow import UnitOfWork

if TYPE_CHECKING:  # the TUI's workspace, and through it the inventory's editing rules
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
    """The scope's fleet as cohorts, ready to project (the engine's columns alone:
    the descriptive ones never reach a cohort)."""
    frame = load_fleet(uow, entities, ENGINE_COLUMNS)
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


# -- a planned purchase: new, refurbished, or the current devices kept a year longer ----

#: What the header of each column of a purchase file says (folded to lower-case
#: ASCII words); the first rule a header meets wins (docs/scenarios.md).
PURCHASE_HEADER_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("price_refurbished", ("recond", "refurb")),
    ("price_new", ("prix neuf", "new price", "price new", "price_new")),
    ("lifespan", ("duree", "lifespan", "vie")),
    ("quantity", ("quantit", "qte", "nombre", "units")),
    ("category", ("categ", "type")),
)


def _purchase_field(header: str) -> str | None:
    key = " ".join(re.findall(r"[a-z0-9_]+", fold(header).lower()))
    for name, words in PURCHASE_HEADER_RULES:
        if any(word in key for word in words):
            return name
    return None


def _purchase_value(name: str, text: str, where: str) -> Any:
    """One typed cell of a purchase line (ServiceError naming the row otherwise)."""
    # The importer's readers only here: `scenario compare` starts without them.
    from fleet.importing.categories import category_from_type

    text = text.strip()
    if name == "category":
        found = text if text in CATEGORIES else category_from_type(text)
        if found is None:
            raise ServiceError(f"{where} : catégorie inconnue « {text} »")
        return found
    try:
        value = parse_decimal(text)
    except (ValueError, OverflowError):
        heading = line_heading(name)
        raise ServiceError(f"{where} : {heading} « {text} » n'est pas un nombre") from None
    if name in ("quantity", "lifespan"):
        if value != int(value):
            raise ServiceError(f"{where} : {line_heading(name)} entière attendue, pas « {text} »")
        return int(value)
    return value


def read_purchase(path: Path, year: int, label: str = "", sheet: str | None = None) -> Purchase:
    """A planned purchase from a CSV file or a workbook sheet: one line per category
    with its quantity, unit prices € HT new and refurbished, and lifespan in years."""
    from fleet.importing import ImportFileError, read_table

    hints = [word for _, words in PURCHASE_HEADER_RULES for word in words]
    try:
        table = read_table(path, sheet, hints=hints)
    except ImportFileError as exc:
        raise ServiceError(str(exc), usage=True) from None
    columns: dict[str, str] = {}
    for column in table.columns:
        name = _purchase_field(str(column))
        if name is not None:
            columns.setdefault(name, column)
    missing = [line_heading(n) for n in LINE_FIELDS if n not in columns]
    if missing:
        raise ServiceError(
            f"{path.name} : colonne(s) manquante(s) : {', '.join(missing)} "
            f"(colonnes lues : {', '.join(map(str, table.columns))})",
            usage=True,
        )
    rows = []
    for number, (_, cells) in zip(table.rows, table.frame.iterrows(), strict=True):
        texts = {n: "" if is_missing(cells[c]) else str(cells[c]) for n, c in columns.items()}
        if not any(t.strip() for t in texts.values()):
            continue
        where = f"{path.name}, ligne {int(number)}"
        rows.append({n: _purchase_value(n, texts[n], where) for n in LINE_FIELDS})
    try:
        return purchase_from_rows(rows, year, label or path.stem)
    except ScenarioError as exc:
        raise ServiceError(f"{path.name} : {exc}") from None


def purchase_comparison(
    uow: UnitOfWork,
    purchase: Purchase,
    entities: Sequence[str] = (),
    factors: str | None = None,
    lang: str = "fr",
) -> PurchaseComparison:
    """New, refurbished or kept a year longer, for the scope ``entities``."""
    scope = load_fleet(uow, entities)
    return _compare_purchase(purchase, load_factor_set(uow, factors), scope, lang)


def workspace_purchase(
    workspace: Workspace, entity: str | None, purchase: Purchase, lang: str = "fr"
) -> PurchaseComparison:
    """The same comparison from an open workspace's cached fleet and active factor set."""
    scope = workspace.scoped(workspace.engine_fleet(), entity)
    return _compare_purchase(purchase, workspace.factor_set(), scope, lang)


def _compare_purchase(
    purchase: Purchase, factor_set: FactorSet, scope: pd.DataFrame, lang: str
) -> PurchaseComparison:
    try:
        return compare_purchase(purchase, factor_set, scope, lang)
    except ScenarioError as exc:
        raise ServiceError(str(exc)) from None


def save_purchase(
    uow: UnitOfWork, name: str, purchase: Purchase, lang: str = "fr", replace: bool = True
) -> None:
    """Keep a purchase as the scenario ``name`` (its refurbished option, with the
    quantities: a scenario like any other, and a purchase to reopen)."""
    save(uow, name, purchase.to_params(name, lang), purchase.label or None, replace=replace)


def saved_purchase(uow: UnitOfWork, name: str) -> Purchase:
    """The purchase saved under ``name`` (refused when it is no purchase)."""
    params = saved(uow, name)
    if params is None:
        raise ServiceError(f"aucun achat enregistré sous le nom « {name} »")
    try:
        return Purchase.from_params(params)
    except ScenarioError as exc:
        raise ServiceError(str(exc)) from None
