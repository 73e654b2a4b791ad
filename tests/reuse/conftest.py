"""Builders for the reuse tests: fleet frames, needs, partners and a tiny factor set."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest
from builders import factor_set_of

from factors.factor_set import FactorSet

#: The day every routing test looks from.
AS_OF = date(2026, 6, 30)

_DEFAULTS: dict[str, Any] = {
    "entity": "Grenoble",
    "entity_id": 1,
    "site": None,
    "quantity": 1,
    "category": "laptop",
    "manufacturer": "Dell",
    "model": "Latitude 5490",
    "acquisition": "new",
    "commissioning_date": None,
    "retirement_date": None,
    "status": "in_stock",
    "annual_kwh": np.nan,
    "pue": np.nan,
    "first_life_years": np.nan,
    "price_eur": 1000.0,
    "weight_kg": np.nan,
    "name": None,
    "asset_tag": None,
    "condition": None,
    "cpu": "Intel Core i5-8250U",
    "ram_gb": 8.0,
    "storage_gb": 256.0,
    "storage_type": "ssd",
    "screen_inches": np.nan,
    "os": "Windows 10",
    "tpm": "2.0",
    "classified": False,
    "reuse_flagged": False,
    "department": None,
    "user_key": None,
}


def years_ago(years: float, as_of: date = AS_OF) -> pd.Timestamp:
    return pd.Timestamp(as_of) - pd.Timedelta(days=round(years * 365.25))


def fleet(*rows: dict[str, Any]) -> pd.DataFrame:
    """A fleet frame typed like ``fleet.queries.fleet_frame``; ``age`` sets the purchase date."""
    records = []
    for i, row in enumerate(rows, start=1):
        record = {"device_id": i, "serial": f"SN{i:04d}", "purchase_date": None, **_DEFAULTS}
        row = dict(row)
        if "age" in row:
            age = row.pop("age")
            row["purchase_date"] = None if age is None else years_ago(age)
        record.update(row)
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    for column in ("purchase_date", "commissioning_date", "retirement_date"):
        frame[column] = pd.to_datetime(frame.get(column), errors="coerce").astype("datetime64[ns]")
    for column in ("entity", "category", "status", "condition", "cpu", "tpm", "serial", "site"):
        frame[column] = frame[column].astype("str")
    frame["classified"] = frame["classified"].astype(bool)
    frame["reuse_flagged"] = frame["reuse_flagged"].astype(bool)
    return frame


def needs(*rows: dict[str, Any]) -> pd.DataFrame:
    base = {
        "entity": "Échirolles",
        "entity_id": 2,
        "category": "laptop",
        "quantity": 1,
        "min_ram_gb": np.nan,
        "min_storage_gb": np.nan,
    }
    return pd.DataFrame([{"need_id": i, **base, **r} for i, r in enumerate(rows, start=1)])


def partners(*rows: dict[str, Any]) -> pd.DataFrame:
    base = {
        "kind": "association",
        "categories": None,
        "territory": "Isère",
        "contact": None,
        "installs_linux": False,
        "pickup_threshold_kg": np.nan,
    }
    return pd.DataFrame([{"partner_id": i, **base, **r} for i, r in enumerate(rows, start=1)])


def _factor_set() -> FactorSet:
    references = [
        ("laptop-default", "laptop", "", "", 4.0, 20.0, 2.0, 0.3, "test"),
        ("monitor-default", "monitor", "", "", 6.0, 40.0, 5.0, 0.4, "test"),
        ("desktop-default", "desktop", "", "", 5.0, 100.0, np.nan, 0.4, "test"),
        ("other-default", "other", "", "", 3.0, 10.0, 1.0, 1.0, "test"),
    ]
    gwp = {"laptop-default": 200.0, "monitor-default": 60.0, "desktop-default": 300.0}
    impacts = []
    for ref, *_ in references:
        total = gwp.get(ref, 30.0)
        for phase, share in (("manufacturing", 0.8), ("distribution", 0.15), ("end_of_life", 0.05)):
            impacts.append((ref, "gwp", phase, total * share, np.nan, np.nan, "kg CO2e", "test"))
            impacts.append((ref, "adpe", phase, 0.001, np.nan, np.nan, "kg Sb eq", "test"))
            impacts.append((ref, "pe", phase, 100.0, np.nan, np.nan, "MJ", "test"))
    electricity = [
        ("FR", 2024, c, v, u, "test")
        for c, v, u in (
            ("gwp", 0.05, "kg CO2e/kWh"),
            ("adpe", 1e-8, "kg Sb eq/kWh"),
            ("pe", 10.0, "MJ/kWh"),
        )
    ]
    return factor_set_of("reuse-test", references, impacts, electricity, "test")


@pytest.fixture(scope="session")
def factor_set() -> FactorSet:
    return _factor_set()
