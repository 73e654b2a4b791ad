"""Totals are the sum of the per-device rows, and every grouping adds up to the total."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factors.vocabulary import METHODS
from footprint.aggregate import GROUPINGS, aggregate, columns_read, coverage, value_columns
from footprint.engine import compute

REFS = {
    "laptop": ["laptop-default", "dell-latitude-5420"],
    "monitor": ["monitor-default"],
    "server": ["server-default"],
    "other": ["other-default"],
}


@st.composite
def device_rows(draw: st.DrawFn) -> dict:
    category = draw(st.sampled_from(sorted(REFS)))
    reference = draw(st.sampled_from(REFS[category]))
    day = st.dates(min_value=date(2012, 1, 1), max_value=date(2027, 12, 31))
    purchase = draw(st.none() | day)
    retirement = None
    if purchase is not None and draw(st.booleans()):
        retirement = purchase + timedelta(days=draw(st.integers(0, 4000)))
    commissioning = None
    if purchase is not None and draw(st.booleans()):
        commissioning = purchase + timedelta(days=draw(st.integers(0, 200)))
    return {
        "category": category,
        "reference": reference,
        "match_level": "model" if reference.startswith("dell") else "category",
        "manufacturer": "Dell" if reference.startswith("dell") else "",
        "model": "Latitude 5420" if reference.startswith("dell") else "",
        "entity": draw(st.sampled_from(["Grenoble", "Échirolles", "Meylan"])),
        "site": draw(st.sampled_from([None, "Mairie", "Salle serveurs"])),
        "quantity": draw(st.integers(1, 30)),
        "purchase_date": purchase,
        "commissioning_date": commissioning,
        "retirement_date": retirement,
        "status": draw(st.sampled_from(["in_service", "in_stock", "retired", "disposed"])),
        "acquisition": draw(st.sampled_from(["new", "refurbished", "leased"])),
        "annual_kwh": draw(st.none() | st.floats(0, 5000)),
        "pue": draw(st.none() | st.floats(1.0, 3.0)),
    }


def _clean(row: dict) -> dict:
    return {k: (np.nan if v is None and k in ("annual_kwh", "pue") else v) for k, v in row.items()}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(device_rows(), min_size=1, max_size=40),
    year=st.integers(2015, 2027),
    method=st.sampled_from(METHODS),
)
def test_groups_add_up_to_the_total(frame_of, factor_set, rows, year, method):
    frame = frame_of([_clean(r) for r in rows])
    result = compute(frame, factor_set, year, method)
    devices = result.devices
    cols = value_columns(result.criteria)
    total = aggregate(result, None)
    for col in cols:
        assert total[col].iloc[0] == pytest.approx(devices[col].sum(), rel=1e-12, abs=1e-12)
        assert (devices[col] >= 0).all()
    np.testing.assert_allclose(
        devices[[f"{c}_total" for c in result.criteria]].to_numpy(),
        devices[[f"{c}_embodied" for c in result.criteria]].to_numpy()
        + devices[[f"{c}_use" for c in result.criteria]].to_numpy(),
    )
    for by in [None, *GROUPINGS]:
        groups = aggregate(result, by)
        for col in cols:
            assert groups[col].sum() == pytest.approx(total[col].iloc[0], rel=1e-9, abs=1e-9)
        if by not in (None, "phase"):
            assert groups["devices"].sum() == total["devices"].iloc[0]
        # The columns the aggregate says it reads are enough to aggregate the same.
        part = replace(result, devices=devices[columns_read(result.criteria, by)])
        pd.testing.assert_frame_equal(aggregate(part, by), groups)
    shares = coverage(devices)
    if total["devices"].iloc[0]:
        assert sum(shares.values()) == pytest.approx(1.0)


def test_years_stack_into_a_by_year_aggregate(frame_of, factor_set):
    frame = frame_of(
        [
            {
                "reference": "laptop-default",
                "match_level": "category",
                "purchase_date": "2022-01-01",
            },
            {
                "category": "monitor",
                "reference": "monitor-default",
                "match_level": "category",
                "purchase_date": "2023-06-01",
            },
        ]
    )
    results = [compute(frame, factor_set, y) for y in (2022, 2023, 2024)]
    by_year = aggregate(results, "year")
    assert list(by_year.index) == [2022, 2023, 2024]
    for y, r in zip((2022, 2023, 2024), results, strict=True):
        assert by_year.loc[y, "gwp_total"] == pytest.approx(r.devices["gwp_total"].sum())
    assert by_year.loc[2022, "devices"] == 1
    assert by_year.loc[2024, "devices"] == 2


def test_model_grouping_joins_manufacturer_and_model(frame_of, factor_set):
    frame = frame_of(
        [
            {
                "reference": "dell-latitude-5420",
                "manufacturer": "Dell",
                "model": "Latitude 5420",
                "quantity": 3,
                "purchase_date": "2023-01-01",
            },
            {"reference": "laptop-default", "purchase_date": "2023-01-01"},
        ]
    )
    groups = aggregate(compute(frame, factor_set, 2024), "model")
    assert groups.loc["Dell Latitude 5420", "devices"] == 3


def test_unknown_grouping_is_rejected(frame_of, factor_set):
    result = compute(frame_of([{"reference": "laptop-default"}]), factor_set, 2024)
    with pytest.raises(ValueError, match="regroupement"):
        aggregate(result, "colour")


def test_empty_fleet_gives_zero_totals(frame_of, factor_set):
    from footprint.report import build_report, to_document

    empty = frame_of([{"reference": "laptop-default"}]).iloc[0:0]
    result = compute(empty, factor_set, 2024)
    doc = to_document(build_report(result, "entity", uncertainty=True, draws=20))
    assert doc["groups"] == []
    assert doc["total"]["devices"] == 0
    assert doc["total"]["gwp"]["total"] == 0.0
