"""Builders shared by the engine, report, reuse and scenario tests.

(A module of its own rather than a conftest: the test folders each have a
conftest of the same name.) ``make_fleet_frame`` types a few hand-written rows
like ``fleet.queries.fleet_frame``, so that tests feed the engine what the
database would; ``factor_set_of`` turns plain rows into a factor set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from factors.factor_set import ELECTRICITY_COLUMNS, IMPACT_COLUMNS, REFERENCE_COLUMNS, FactorSet

NAN = float("nan")

#: The fleet-frame columns every engine test needs, with their default value; the
#: type of the default gives the column's dtype (see :func:`make_fleet_frame`).
FLEET_DEFAULTS: dict[str, Any] = {
    "entity": "Grenoble",
    "entity_id": 1,
    "site": pd.NA,
    "quantity": 1,
    "category": "laptop",
    "manufacturer": "",
    "model": "",
    "acquisition": "new",
    "purchase_date": pd.NaT,
    "commissioning_date": pd.NaT,
    "retirement_date": pd.NaT,
    "status": "in_service",
    "annual_kwh": NAN,
    "pue": NAN,
    "first_life_years": NAN,
    "price_eur": NAN,
    "weight_kg": NAN,
    "name": "",
    "serial": "",
    "asset_tag": "",
}


def _typed(values: pd.Series, default: Any) -> pd.Series:
    if default is pd.NaT:
        return pd.to_datetime(values).astype("datetime64[ns]")
    if isinstance(default, bool):
        return values.astype(bool)
    if isinstance(default, int):
        return values.astype("int64")
    if isinstance(default, float):
        return values.astype("float64")
    return values.astype("str")  # text, or pd.NA for a text column empty by default


def make_fleet_frame(rows: Sequence[dict[str, Any]], **defaults: Any) -> pd.DataFrame:
    """A fleet frame, one row per dict, ``device_id`` numbered from 1.

    Columns not given in a row take :data:`FLEET_DEFAULTS` overridden or extended by
    ``defaults``; each such column gets the dtype of its default (int64, float64,
    datetime64[ns] for ``pd.NaT``, bool, else text, dates given as ISO strings).
    """
    base = {**FLEET_DEFAULTS, **defaults}
    frame = pd.DataFrame([{"device_id": i, **base, **row} for i, row in enumerate(rows, start=1)])
    frame["device_id"] = frame["device_id"].astype("int64")
    for column, default in base.items():
        frame[column] = _typed(frame[column], default)
    return frame


def factor_set_of(
    name: str,
    references: Iterable[tuple[Any, ...]],
    impacts: Iterable[tuple[Any, ...]],
    electricity: Iterable[tuple[Any, ...]],
    description: str = "jeu de test",
) -> FactorSet:
    """A factor set from rows in the order of the three files' columns."""
    return FactorSet(
        name=name,
        version="1",
        description=description,
        builtin=False,
        references=pd.DataFrame(list(references), columns=REFERENCE_COLUMNS),
        impacts=pd.DataFrame(list(impacts), columns=IMPACT_COLUMNS),
        electricity=pd.DataFrame(list(electricity), columns=ELECTRICITY_COLUMNS),
    )
