"""A hand-built fleet whose indicators are known by hand, for the report tests.

(A module of its own rather than conftest: several conftest modules share one name.)

Entity « Alpha » (10 agents) and « Beta » (4 agents, no valid SIRET). Dates are
chosen so that lifespans, ages and shares come out as round numbers for 2024.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
from builders import make_fleet_frame
from sqlalchemy import insert

from fleet.db import get_engine, session_scope
from fleet.models import Device, DeviceEvent, Disposal, Entity
from fleet.schema import upgrade

ALPHA_SIRET = "21380185500015"  # Luhn-valid 14 digits


def make_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """A fleet frame with the contract's dtypes; unspecified columns take defaults."""
    return make_fleet_frame(
        rows,
        entity="Alpha",
        user_key=pd.NA,
        classified=False,
        # Pre-resolved: an unknown reference falls back to the category default.
        reference="?",
        match_level="category",
    )


#: 2024 fleet of Alpha (10 agents) and Beta (4 agents).
HAND_ROWS: list[dict[str, Any]] = [
    # Alpha: 3 laptops in service with users u1..u3, bought 2022-01-01 (age 36 months on 31/12/2024)
    *[{"user_key": f"u{i}", "purchase_date": "2022-01-01", "price_eur": 1000.0} for i in (1, 2, 3)],
    # 4 monitors in service (lot of 4), no user, bought 2024-03-01 new at 200 € each
    {"category": "monitor", "quantity": 4, "purchase_date": "2024-03-01", "price_eur": 200.0},
    # 2 smartphones for u1, u2; one refurbished bought in 2024 for 200 €
    {
        "category": "smartphone",
        "user_key": "u1",
        "purchase_date": "2024-06-01",
        "acquisition": "refurbished",
        "price_eur": 200.0,
    },
    {"category": "smartphone", "user_key": "u2", "purchase_date": "2021-01-01"},
    # 1 printer in service
    {"category": "printer", "purchase_date": "2020-01-01", "price_eur": 300.0},
    # a donated laptop received in 2024, no price, 2 years of first life: 200 € flat value
    {
        "user_key": "u4",
        "purchase_date": "2024-09-01",
        "acquisition": "donated",
        "first_life_years": 2.0,
    },
    # a laptop retired in 2024 after 48 months (2020-07-01 -> 2024-07-01)
    {"purchase_date": "2020-07-01", "retirement_date": "2024-07-01", "status": "retired"},
    # a desktop retired in 2024 after 60 months
    {
        "category": "desktop",
        "purchase_date": "2019-03-01",
        "retirement_date": "2024-03-01",
        "status": "disposed",
    },
    # a laptop bought in 2025: not in the 2024 fleet
    {"purchase_date": "2025-02-01", "price_eur": 900.0},
    # Beta: 2 laptops in service, users b1, b2, bought 2023-01-01 at 800 €, one without date
    {
        "entity": "Beta",
        "entity_id": 2,
        "user_key": "b1",
        "purchase_date": "2023-01-01",
        "price_eur": 800.0,
    },
    {"entity": "Beta", "entity_id": 2, "user_key": "b2"},
]

ENTITIES = pd.DataFrame(
    {
        "entity_id": [1, 2],
        "entity": ["Alpha", "Beta"],
        "kind": ["commune", "ccas"],
        "insee": ["38185", pd.NA],
        "siret": [ALPHA_SIRET, "123"],
        "agents": [10.0, 4.0],
        "parent": [pd.NA, "Alpha"],
        "siret_valid": [True, False],
    }
)


#: Two exits of 2024 from Alpha (a donation, a WEEE recycling), as the reuse channel gives them.
HAND_DISPOSALS = pd.DataFrame(
    {
        "device_id": [9, 10],
        "quantity": [1, 1],
        "channel": ["donation", "weee_recycling"],
        "from_entity": ["Alpha", "Alpha"],
        "disposed_on": pd.to_datetime(["2024-08-01", "2024-04-01"]),
        "retired_on": pd.to_datetime([pd.NaT, pd.NaT]),
        "category": ["laptop", "desktop"],
        "manufacturer": ["", ""],
        "model": ["", ""],
        "purchase_date": pd.to_datetime(["2020-07-01", "2019-03-01"]),
        "classified": [False, False],
        "weight_kg": [2.0, 8.0],
    }
)


def seed_database(url: str) -> None:
    """The hand-built fleet in a database, with a transfer, a status change and two exits."""
    upgrade(url, backup=False)
    frame = make_frame(HAND_ROWS)
    devices = []
    for row in frame.to_dict("records"):
        record = {
            k: (None if pd.isna(v) else v)
            for k, v in row.items()
            if k in Device.__table__.columns and k not in ("site",)
        }
        for column in ("purchase_date", "retirement_date", "commissioning_date"):
            if record.get(column) is not None:
                record[column] = record[column].date()
        record["id"] = record.pop("device_id", None) or row["device_id"]
        record["name"] = f"DEV-{row['device_id']}"
        record["manufacturer"] = "Dell" if row["category"] == "laptop" else None
        record["model"] = "Latitude 5420" if row["category"] == "laptop" else None
        devices.append(record)
    with session_scope(get_engine(url), commit=True) as session:
        session.execute(
            insert(Entity),
            [
                {"id": 1, "name": "Alpha", "kind": "commune", "siret": ALPHA_SIRET, "agents": 10},
                {
                    "id": 2,
                    "name": "Beta",
                    "kind": "ccas",
                    "siret": "12345678901234",
                    "agents": 4,
                    "parent_id": 1,
                },
            ],
        )
        session.execute(insert(Device), devices)
        session.execute(
            insert(Disposal),
            [
                {
                    "device_id": 9,
                    "quantity": 1,
                    "channel": "donation",
                    "disposed_on": date(2024, 8, 1),
                    "from_entity_id": 1,
                },
                {
                    "device_id": 10,
                    "quantity": 1,
                    "channel": "weee_recycling",
                    "disposed_on": date(2024, 4, 1),
                    "from_entity_id": 1,
                },
            ],
        )
        session.execute(
            insert(DeviceEvent),
            [
                {
                    "device_id": 12,
                    "at": pd.Timestamp("2024-06-01").to_pydatetime(),
                    "kind": "transfer",
                    "before": {"entity": "Alpha"},
                    "after": {"entity": "Beta"},
                },
                {
                    "device_id": 9,
                    "at": pd.Timestamp("2024-07-01").to_pydatetime(),
                    "kind": "status",
                    "before": {"status": "in_service"},
                    "after": {"status": "retired"},
                },
            ],
        )
