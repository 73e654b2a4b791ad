"""The fixed inputs every generated file derives from: reference date, seed, pinned timestamp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

#: "Today" for every generated file: ages, statuses and the future-date defect
#: are computed against it, never against the clock.
REFERENCE_DATE = dt.date(2026, 11, 28)


#: Default seed of the committed samples and of :func:`generate_fleet`.
SEED = 38185


#: Timestamp written into xlsx properties and zip entries (reproducible files).
FIXED_TIMESTAMP = dt.datetime(2026, 11, 28, 8, 0, 0)


SAMPLES_DIR = Path(__file__).resolve().parent


FIRST_YEAR = REFERENCE_DATE.year - 12


#: Field names of the fleet frame returned by :func:`generate_fleet`.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "entity",
    "name",
    "serial",
    "asset_tag",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "acquisition",
    "status",
    "price_eur",
    "quantity",
    "site",
    "department",
    "cpu",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "tpm",
    "os",
    "condition",
    "retirement_date",
    "annual_kwh",
    "first_life_years",
    "weight_kg",
)
