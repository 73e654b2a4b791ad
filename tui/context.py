"""What every screen shares: the database, the entity scope, the active factor set,
the reference date, and the fleet loaded once.

Screens run their work in thread workers and all come here, so the caches are
guarded by one lock. The fleet frame is read once (100,000 devices take about a
second to read; a keystroke must not), factor references are resolved once per
factor set, and footprints are kept per (factor set, scope, year, method): moving
between screens or flipping a filter back costs nothing. A change made through the
UI patches the cached rows of the device it touched instead of re-reading the fleet.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factors.factor_set import FactorSet
from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity
from fleet.queries import ENGINE_COLUMNS, FRAME_COLUMNS, entity_ids, fleet_frame
from footprint.engine import FootprintResult, compute

from .i18n import sort_key
from .settings import Settings

#: Footprint results kept in memory (a dashboard needs ~7 per scope).
RESULT_CACHE_SIZE = 32
#: Criteria every footprint of the app computes (the engine's default).
CRITERIA_COMPUTED: tuple[str, ...] = ("gwp", "adpe", "pe")


@dataclass(frozen=True)
class EntityInfo:
    id: int
    name: str
    agents: int | None
    parent_id: int | None


class AppContext:
    """Shared state and cached data of one running app (thread-safe)."""

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
        self._scope_ids: dict[str, list[int]] = {}
        self._factor_sets: dict[str | None, FactorSet] = {}
        self._resolved: dict[str, pd.DataFrame] = {}
        self._results: OrderedDict[tuple[Any, ...], FootprintResult] = OrderedDict()
        #: Bumped on every change to the fleet, so screens know their view is stale.
        self.revision = 0

    @property
    def engine(self) -> Engine:
        return get_engine(self.settings.db_url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    # -- entities ---------------------------------------------------------------

    def entities(self) -> list[EntityInfo]:
        with self._entity_lock:
            if self._entities is None:
                with self.session() as session:
                    rows = session.execute(
                        select(Entity.id, Entity.name, Entity.agents, Entity.parent_id)
                    ).all()
                self._entities = [
                    EntityInfo(r.id, r.name, r.agents, r.parent_id)
                    for r in sorted(rows, key=lambda r: sort_key(r.name))
                ]
            return self._entities

    def entity_names(self) -> list[str]:
        return [e.name for e in self.entities()]

    def scope_ids(self, entity: str | None) -> list[int] | None:
        """Ids of ``entity`` and its sub-bodies; None means no restriction."""
        if entity is None:
            return None
        with self._entity_lock:
            if entity not in self._scope_ids:
                with self.session() as session:
                    self._scope_ids[entity] = entity_ids(session, [entity])
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
        with self.session() as session:
            frame = fleet_frame(session, columns=columns)
        return frame.set_index(pd.Index(frame["device_id"].to_numpy(), name="id"))

    def scoped(self, frame: pd.DataFrame, entity: str | None) -> pd.DataFrame:
        ids = self.scope_ids(entity)
        if ids is None:
            return frame
        return frame.loc[frame["entity_id"].isin(ids)]

    def reload(self) -> None:
        """Forget everything read from the database (after an import)."""
        with self._lock, self._entity_lock:
            self._fleet = None
            self._core = None
            self._entities = None
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
            with self.session() as session:
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
            self._resolved.clear()
            self._results.clear()
            self.revision += 1

    # -- factors and footprint ----------------------------------------------------

    def factor_set(self, name: str | None = None) -> FactorSet:
        """The named factor set (the active one by default), loaded once."""
        name = self.factor_set_name if name is None else name
        with self._lock:
            if name not in self._factor_sets:
                self._factor_sets[name] = self._load_factor_set(name)
            return self._factor_sets[name]

    def _load_factor_set(self, name: str | None) -> FactorSet:
        from factors.builtin import BUILTIN_NAME, BUILTIN_SETS, load_builtin

        if name is None or name in BUILTIN_SETS:
            return load_builtin(name or BUILTIN_NAME)
        from fleet.factor_store import load_stored_factor_set

        with self.session() as session:
            return load_stored_factor_set(session, name)

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
        from factors.builtin import load_builtin

        with self._lock:
            self.factor_set_name = None if name == load_builtin().name else name
            self.revision += 1

    def resolved_fleet(self, name: str | None = None) -> pd.DataFrame:
        """The fleet with its references resolved for a set (the active one by default)."""
        factor_set = self.factor_set(name)
        with self._lock:
            frame = self._resolved.get(factor_set.name)
            if frame is None:
                from footprint.references import resolve_references

                fleet = self.engine_fleet()
                matched = resolve_references(fleet, factor_set)
                frame = fleet.assign(
                    reference=pd.Series(matched.reference, index=fleet.index, dtype="str"),
                    match_level=pd.Series(matched.match_level, index=fleet.index, dtype="str"),
                    match_score=matched.match_score,
                )
                self._resolved[factor_set.name] = frame
            return frame

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
        result = compute(
            frame, factor_set, year, method, criteria=CRITERIA_COMPUTED, as_of=self.today
        )
        with self._lock:
            self._results[key] = result
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return result

    def device_footprint(self, device_id: int) -> FootprintResult:
        """The footprint of one device for the app's year and method (for its trace)."""
        matched = self.resolved_fleet().loc[
            [device_id], ["reference", "match_level", "match_score"]
        ]
        row = self.fleet().loc[[device_id]].join(matched)
        return compute(row, self.factor_set(), self.year, self.method, as_of=self.today)


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
