"""Large benchmark databases: the sample entities plus ``n`` generated devices.

Shared by the benchmark scripts; the rows come from ``samples/generate.py``'s
``generate_fleet`` and go in with one bulk insert, not through the importer.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from sqlalchemy import insert, select

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.models import Device, Entity
from fleet.schema import upgrade

REPO = Path(__file__).resolve().parent.parent


def generator() -> ModuleType:
    """``samples/generate.py`` as a module (it is a script, not a package)."""
    name = "ecoparc_samples_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "samples" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered before it runs
    spec.loader.exec_module(module)
    return module


def build_database(url: str, n: int) -> None:
    """Schema, the sample entities, and ``n`` generated devices in one bulk insert."""
    gen = generator()
    upgrade(url, backup=False)
    fleet = gen.generate_fleet(n)
    with session_scope(get_engine(url)) as session:
        for spec in gen.ENTITIES:
            session.add(
                Entity(name=spec.name, kind=spec.kind, insee=spec.insee, agents=spec.agents)
            )
        session.flush()
        ids = {name: id_ for name, id_ in session.execute(select(Entity.name, Entity.id))}
        frame = fleet.drop(columns=["site"]).assign(entity_id=fleet["entity"].map(ids))
        frame = frame.drop(columns=["entity"])
        for column in ("purchase_date", "retirement_date"):
            frame[column] = frame[column].dt.date.astype(object).where(frame[column].notna(), None)
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        session.execute(insert(Device), records)
    dispose_engines()
