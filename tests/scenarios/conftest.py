"""A round-number factor set and a fleet-frame builder for hand-computed scenarios.

Laptop: 100 kg CO2e embodied (80 + 10 + 10), 4-year reference lifespan, 10 kWh a
year, refurbished ratio 0.4, 2 kg. Monitor: 50 kg, 6 years, no consumption,
ratio 0.5, 5 kg. Electricity: 0.1 kg CO2e/kWh, so a laptop in service uses
1 kg CO2e a year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import pytest
from builders import factor_set_of, make_fleet_frame
from sqlalchemy import insert

from factors.factor_set import FactorSet
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.entities import add_entity
from fleet.models import Device
from fleet.schema import upgrade

REFERENCES = [
    ("laptop-default", "laptop", "", "", 4.0, 10.0, 2.0, 0.4, "test"),
    ("monitor-default", "monitor", "", "", 6.0, 0.0, 5.0, 0.5, "test"),
    ("other-default", "other", "", "", 2.0, 0.0, 1.0, 1.0, "test"),
]
EMBODIED = {"laptop-default": (80.0, 10.0, 10.0), "monitor-default": (40.0, 5.0, 5.0)}
EMBODIED["other-default"] = (8.0, 1.0, 1.0)
PHASES = ("manufacturing", "distribution", "end_of_life")


def build_factor_set() -> FactorSet:
    impacts = [
        (ref, "gwp", phase, value, float("nan"), float("nan"), "kg CO2e", "test")
        for ref, values in EMBODIED.items()
        for phase, value in zip(PHASES, values, strict=True)
    ]
    electricity = [("FR", 2000, "gwp", 0.1, "kg CO2e/kWh", "test")]
    return factor_set_of(
        "scenario-test", REFERENCES, impacts, electricity, "jeu de test des scénarios"
    )


@pytest.fixture(scope="session")
def factor_set() -> FactorSet:
    return build_factor_set()


def make_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """A fleet frame with the contract's dtypes; ``reference`` pre-resolved (category default)."""
    frame = make_fleet_frame(rows, reference="", match_level="category")
    blank = frame["reference"] == ""
    frame.loc[blank, "reference"] = frame.loc[blank, "category"] + "-default"
    return frame


@pytest.fixture(scope="session")
def frame_of() -> Callable[[Sequence[dict[str, Any]]], pd.DataFrame]:
    return make_frame


@pytest.fixture
def fleet_url(sqlite_url: str) -> str:
    """A SQLite database (the storage itself is tested on both backends) with
    100 laptops (25 bought each year 2022–2025) and a lot of 12 screens of 2014."""
    upgrade(sqlite_url, backup=False)
    with session_scope(get_engine(sqlite_url), commit=True) as session:
        entity = add_entity(session, "Grenoble")
        rows = [
            {
                "entity_id": entity.id,
                "category": "laptop",
                "name": f"PC-{year}-{i}",
                "purchase_date": date(year, 3, 1),
                "acquisition": "new",
                "status": "in_service",
                "quantity": 1,
                "price_eur": 850.0,
            }
            for year in (2022, 2023, 2024, 2025)
            for i in range(25)
        ]
        rows.append(
            {
                "entity_id": entity.id,
                "category": "monitor",
                "name": "lot écrans",
                "purchase_date": date(2014, 1, 1),
                "acquisition": "new",
                "status": "in_service",
                "quantity": 12,
                "price_eur": None,
            }
        )
        session.execute(insert(Device), rows)
    dispose_engines()
    return sqlite_url
