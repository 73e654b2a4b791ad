"""A long-lived workspace on one database: the entity scope, the active factor
set, the reference date, and the fleet loaded once.

A face that stays open (the TUI) keeps one :class:`Workspace` and asks it for
fleets and footprints; it computes them through the same use cases as a one-shot
command (:func:`services.footprint.compute_footprint`, the same aliases), only
cached. Callers run their work in thread workers, so the caches are
guarded by one lock. The fleet frame is read once (100,000 devices take about a
second to read; a keystroke must not), factor references are resolved once per
factor set, and footprints are kept per (factor set, scope, year, method): moving
between screens or flipping a filter back costs nothing. A change made through the
UI patches the cached rows of the device it touched instead of re-reading the fleet.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from factors.builtin import BUILTIN_NAME
from factors.factor_set import FactorSet
from fleet.models import Device, Entity
from fleet.queries import ENGINE_COLUMNS, FRAME_COLUMNS, fleet_frame
from fleet.report_data import lifecycle_events
from footprint.engine import FootprintResult
from footprint.explain import Trace, explain
from footprint.scope import fleet_of_year

from .access import login_rights
from .entities import EntityInfo, entity_infos, scope_ids
from .factor_sets import is_builtin, load_aliases, load_factor_set
from .footprint import (
    CRITERIA_COMPUTED,
    FootprintOptions,
    compute_footprint,
    one_device,
    with_references,
)
from .inventory import device_units, devices_of
from .settings import Settings
from .uow import UnitOfWork

#: Footprint results kept in memory (a dashboard needs ~7 per scope).
RESULT_CACHE_SIZE = 32


class Workspace:
    """Shared state and cached data of one open face (thread-safe)."""

    def __init__(self, settings: Settings, today: date | None = None) -> None:
        self.settings = settings
        self.today = today or date.today()
        #: Entity whose fleet (with its sub-bodies) the screens show; None = all.
        self.entity: str | None = None
        #: Name of the active factor set; None = the built-in set.
        self.factor_set_name: str | None = None
        #: Year and accounting method of the footprints shown (dashboard, traces).
        self.year = self.today.year
        self.method = "annualized"
        self._lock = threading.RLock()
        self._entity_lock = threading.Lock()
        self._fleet: pd.DataFrame | None = None
        self._core: pd.DataFrame | None = None
        self._entities: list[EntityInfo] | None = None
        self._sees_all: bool | None = None
        self._scope_ids: dict[str, list[int]] = {}
        self._factor_sets: dict[str | None, FactorSet] = {}
        self._resolved: dict[str, pd.DataFrame] = {}
        self._aliases: pd.DataFrame | None = None
        self._aliases_read = False
        self._events: pd.DataFrame | None = None
        self._results: OrderedDict[tuple[Any, ...], FootprintResult] = OrderedDict()
        #: Bumped on every change to the fleet, so screens know their view is stale.
        self.revision = 0

    def uow(self) -> UnitOfWork:
        """A new unit of work on the workspace's database."""
        return UnitOfWork(self.settings.db_url)

    def entity_order(self, name: str) -> Any:
        """The sort key of entity names (database order here; a face may override)."""
        return 0

    # -- entities ---------------------------------------------------------------

    def entities(self) -> list[EntityInfo]:
        with self._entity_lock:
            if self._entities is None:
                with self.uow() as uow:
                    rows = entity_infos(uow)
                self._entities = sorted(rows, key=lambda e: self.entity_order(e.name))
            return self._entities

    def entity_names(self) -> list[str]:
        return [e.name for e in self.entities()]

    def sees_all(self) -> bool:
        """Whether the login may have figures over every entity: consolidated figures
        are for the métropole's administrators and auditors (docs/administration.md)."""
        with self._entity_lock:
            if self._sees_all is None:
                with self.uow() as uow:
                    self._sees_all = login_rights(uow).sees_all
            return self._sees_all

    def scope_choices(self) -> list[str | None]:
        """The scopes a selector offers: None (every entity) first for those who see
        them all, then each entity the login may read."""
        names: list[str | None] = list(self.entity_names())
        return [None, *names] if self.sees_all() or not names else names

    def scope_ids(self, entity: str | None) -> list[int] | None:
        """Ids of ``entity`` and its sub-bodies; None means no restriction."""
        if entity is None:
            return None
        with self._entity_lock:
            if entity not in self._scope_ids:
                with self.uow() as uow:
                    self._scope_ids[entity] = scope_ids(uow, entity)
            return self._scope_ids[entity]

    def agents(self, entity: str | None) -> int | None:
        """Staff of the scope (sum of the known headcounts), None if none is known."""
        ids = self.scope_ids(entity)
        known = [
            e.agents
            for e in self.entities()
            if e.agents is not None and (ids is None or e.id in ids)
        ]
        return sum(known) if known else None

    # -- fleet ------------------------------------------------------------------

    def fleet(self) -> pd.DataFrame:
        """Every device with every column, read once; do not modify the returned frame."""
        with self._lock:
            if self._fleet is None:
                self._fleet = self._read(None)
            return self._fleet

    def engine_fleet(self) -> pd.DataFrame:
        """Every device with the columns the engine and the indicators read.

        The whole frame when it is already read, else only those columns: half
        the reading time, which is what the dashboard waits for at start.
        """
        with self._lock:
            if self._fleet is not None:
                return self._fleet
            if self._core is None:
                self._core = self._read(ENGINE_COLUMNS)
            return self._core

    def _read(self, columns: tuple[str, ...] | None) -> pd.DataFrame:
        with self.uow() as uow:
            frame = fleet_frame(uow.session, columns=columns)
        return frame.set_index(pd.Index(frame["device_id"].to_numpy(), name="id"))

    def scoped(self, frame: pd.DataFrame, entity: str | None) -> pd.DataFrame:
        ids = self.scope_ids(entity)
        if ids is None:
            return frame
        return frame.loc[frame["entity_id"].isin(ids)]

    def devices_of(self, entity: str | None) -> pd.DataFrame:
        """The devices of ``entity`` (with its sub-bodies; None: every entity), by the
        one definition of :func:`services.inventory.devices_of`."""
        return devices_of(self.engine_fleet(), self.scope_ids(entity))

    def device_count(self, entity: str | None) -> int:
        """How many devices ``entity`` holds (a lot counts for its quantity): the count
        every screen shows for the scope."""
        return device_units(self.devices_of(entity))

    def reload(self) -> None:
        """Forget everything read from the database (after an import)."""
        with self._lock, self._entity_lock:
            self._fleet = None
            self._core = None
            self._entities = None
            self._aliases_read = False
            self._events = None
            self._scope_ids.clear()
            self._resolved.clear()
            self._results.clear()
            self.revision += 1

    def patch_device(self, device_id: int) -> None:
        """Refresh the cached rows of one device after a change made in the UI."""
        with self._lock:
            if self._fleet is None and self._core is None:
                self.revision += 1
                return
            with self.uow() as uow:
                session = uow.session
                device = session.get(Device, device_id)
                if device is None:
                    self.reload()
                    return
                entity = session.get(Entity, device.entity_id)
                values: dict[str, Any] = {
                    c: getattr(device, c)
                    for c in FRAME_COLUMNS
                    if c not in ("device_id", "site", "pue") and hasattr(Device, c)
                }
                values["entity"] = entity.name if entity else ""
                if device.site_id is None:
                    values["site"] = None
                    values["pue"] = np.nan
            self._fleet = _patched(self._fleet, device_id, values)
            self._core = _patched(self._core, device_id, values)
            self._events = None
            self._resolved.clear()
            self._results.clear()
            self.revision += 1

    def events(self) -> pd.DataFrame:
        """The status changes and transfers of the whole fleet, read once (they rebuild
        the fleet of a past year; events of devices out of a scope are ignored)."""
        with self._lock:
            if self._events is None:
                with self.uow() as uow:
                    self._events = lifecycle_events(uow.session)
            return self._events

    # -- factors and footprint ----------------------------------------------------

    def factor_set(self, name: str | None = None) -> FactorSet:
        """The named factor set (the active one by default), loaded once."""
        name = self.factor_set_name if name is None else name
        with self._lock:
            if name not in self._factor_sets:
                self._factor_sets[name] = self._load_factor_set(name)
            return self._factor_sets[name]

    def _load_factor_set(self, name: str | None) -> FactorSet:
        if is_builtin(name):
            return load_factor_set(None, name)
        with self.uow() as uow:
            return load_factor_set(uow, name)

    def aliases(self) -> pd.DataFrame | None:
        """The model aliases, read once (the same the one-shot use cases read)."""
        with self._lock:
            if not self._aliases_read:
                with self.uow() as uow:
                    self._aliases = load_aliases(uow)
                self._aliases_read = True
            return self._aliases

    def prepare_factors(self) -> None:
        """Load the active set and lay it out for the engine (cached on the set).

        Run beside the first fleet read: SQLite works without the GIL for part of
        that read, so both finish sooner than one after the other.
        """
        from footprint.factor_arrays import build_factor_arrays

        try:
            build_factor_arrays(self.factor_set(), CRITERIA_COMPUTED)
        except Exception:  # the computation that needs the set raises it where it is shown
            return

    def set_factor_set(self, name: str | None) -> None:
        with self._lock:
            # None stands for the national set, the default; every other name is kept.
            self.factor_set_name = None if name in (None, BUILTIN_NAME) else name
            self.revision += 1

    def resolved_fleet(self, name: str | None = None) -> pd.DataFrame:
        """The fleet with its references resolved for a set (the active one by default)."""
        factor_set = self.factor_set(name)
        with self._lock:
            frame = self._resolved.get(factor_set.name)
            if frame is None:
                frame = with_references(self.engine_fleet(), factor_set, self.aliases())
                self._resolved[factor_set.name] = frame
            return frame

    def full_resolved_fleet(self, name: str | None = None) -> pd.DataFrame:
        """Every column of the fleet with its references resolved for a set: what
        the reports and scenarios read (user keys, prices, sites…), like a fresh read."""
        matched = self.resolved_fleet(name)
        return self.fleet().assign(
            reference=matched["reference"],
            match_level=matched["match_level"],
            match_score=matched["match_score"],
        )

    def footprint(self, year: int, method: str, entity: str | None) -> FootprintResult:
        """The footprint of the scope for one year and method (cached)."""
        factor_set = self.factor_set()
        key = (factor_set.name, entity, year, method)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            frame = self.scoped(self.resolved_fleet(), entity)
        fleet = fleet_of_year(frame, year, self.events(), today=self.today)
        result = compute_footprint(fleet, factor_set, self.options(year, method))
        with self._lock:
            self._results[key] = result
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    def device_trace(self, device_id: int, lang: str = "fr") -> Trace:
        """How the footprint of one device is computed for the workspace's year and
        method: the same trace as :func:`services.footprint.device_trace`."""
        return explain(self.device_footprint(device_id), device_id, lang=lang)

    def device_footprint(self, device_id: int) -> FootprintResult:
        """The footprint of one device for the workspace's year and method."""
        frame = self.full_resolved_fleet().reset_index(drop=True)
        options = self.options(self.year, self.method)
        fleet = one_device(frame, self.events(), device_id, options)
        return compute_footprint(fleet, self.factor_set(), options)

    def options(self, year: int, method: str) -> FootprintOptions:
        """The footprint options of the workspace: its reference date caps device ages."""
        return FootprintOptions(year=year, method=method, as_of=self.today)


def _patched(
    frame: pd.DataFrame | None, device_id: int, values: dict[str, Any]
) -> pd.DataFrame | None:
    """A copy of ``frame`` with the row of ``device_id`` set to ``values`` (its columns only)."""
    if frame is None:
        return None
    frame = frame.copy()
    for column, value in values.items():
        if column not in frame.columns:
            continue
        if column.endswith("_date"):
            value = pd.Timestamp(value) if value is not None else pd.NaT
        elif value is None and frame[column].dtype.kind == "f":
            value = np.nan
        frame.loc[device_id, column] = value
    return frame
