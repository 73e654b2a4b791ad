"""Hand-computed projections on small fleets (factor set of conftest.py).

A laptop: 100 kg CO2e embodied, 10 kWh × 0.1 = 1 kg CO2e of use a year,
refurbished ratio 0.4, 2 kg. The fleet: 100 laptops, 25 bought in each of
2022–2025, replaced after 4 years in the baseline. Horizon 2026–2033. The
engine measures lifespans in days / 365.25, hence the 1e-3 tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

from factors.factor_set import FactorSet
from footprint.scenarios import ScenarioParams, prepare_fleet, project

HORIZON = (2026, 2033)
E = 100.0  # embodied kg CO2e of a laptop
USE = 1.0  # kg CO2e of use per laptop-year
RATIO = 0.4
#: A refurbished laptop (docs/method.md §2): manufacturing and first delivery × the
#: ratio, a second delivery, end of life in full (80 × 0.4 + 10 × 1.4 + 10).
REFURBISHED_E = 80.0 * RATIO + 10.0 * (RATIO + 1) + 10.0
PRICES = {"prices_new": {"laptop": 1000.0}, "prices_refurbished": {"laptop": 400.0}}

Frame = Callable[[Sequence[dict[str, Any]]], pd.DataFrame]


@pytest.fixture
def four_cohorts(frame_of: Frame) -> pd.DataFrame:
    return frame_of(
        [{"purchase_date": f"{y}-06-15", "quantity": 25} for y in (2022, 2023, 2024, 2025)]
    )


def run(frame: pd.DataFrame, fs: FactorSet, horizon=HORIZON, **params: Any) -> pd.DataFrame:
    params.setdefault("replacement_age", {"laptop": 4.0})
    for key, value in PRICES.items():
        params.setdefault(key, value)
    result = project(prepare_fleet(frame, fs), ScenarioParams(**params), horizon=horizon)
    return result.years.set_index("year")


def approx(values: Sequence[float]) -> Any:
    return pytest.approx(list(values), rel=1e-3, abs=1e-6)


def test_baseline_replaces_a_quarter_of_the_fleet_every_year(
    four_cohorts: pd.DataFrame, factor_set: FactorSet
) -> None:
    years = run(four_cohorts, factor_set)
    assert years["purchases"].tolist() == approx([25] * 8)
    assert years["purchases_eur"].tolist() == approx([25_000] * 8)
    assert years["purchases_gwp_kg"].tolist() == approx([25 * E] * 8)
    assert years["devices"].tolist() == approx([100] * 8)
    # annualized: 100 laptops × 100 kg / 4 years + 100 kg of use
    assert years["embodied_gwp_kg"].tolist() == approx([100 * E / 4] * 8)
    assert years["use_gwp_kg"].tolist() == approx([100 * USE] * 8)
    assert years["gwp_kg"].tolist() == approx([2600] * 8)
    assert years["leaving_reuse"].tolist() == approx([25] * 8)
    assert years["weee_kg"].sum() == 0


def test_extension_from_four_to_six_years(
    four_cohorts: pd.DataFrame, factor_set: FactorSet
) -> None:
    years = run(four_cohorts, factor_set, extend_years=2.0)
    # The 2022–2025 cohorts are replaced in 2028–2031; their replacements outlive 2033.
    assert years["purchases"].tolist() == approx([0, 0, 25, 25, 25, 25, 0, 0])
    assert years["embodied_gwp_kg"].tolist() == approx([100 * E / 6] * 8)
    assert years["gwp_kg"].sum() == pytest.approx(8 * (100 * E / 6 + 100 * USE), rel=1e-3)
    baseline = run(four_cohorts, factor_set)
    avoided = baseline["gwp_kg"].sum() - years["gwp_kg"].sum()
    assert avoided == pytest.approx(8 * 100 * E * (1 / 4 - 1 / 6), rel=1e-3)  # 6,666.7 kg
    assert baseline["purchases_eur"].sum() - years["purchases_eur"].sum() == pytest.approx(1e5)


def test_extension_under_the_flux_method(four_cohorts: pd.DataFrame, factor_set: FactorSet) -> None:
    years = run(four_cohorts, factor_set, extend_years=2.0, method="flux")
    embodied = [0, 0, 25 * E, 25 * E, 25 * E, 25 * E, 0, 0]
    assert years["embodied_gwp_kg"].tolist() == approx(embodied)
    assert years["gwp_kg"].tolist() == approx([e + 100 * USE for e in embodied])


def test_half_of_purchases_refurbished(four_cohorts: pd.DataFrame, factor_set: FactorSet) -> None:
    years = run(four_cohorts, factor_set, refurbished_share=0.5)
    assert years["purchases_new"].tolist() == approx([12.5] * 8)
    assert years["purchases_refurbished"].tolist() == approx([12.5] * 8)
    assert years["purchases_eur"].tolist() == approx([12.5 * 1000 + 12.5 * 400] * 8)
    assert years["agec_share"].tolist() == approx([5000 / 17500] * 8)
    assert years["purchases_gwp_kg"].tolist() == approx([12.5 * E + 12.5 * REFURBISHED_E] * 8)
    # Annualized: old laptops at E/4, new at E/4, refurbished at 0.4 E / 4 (same life).
    old, new, refurb = E / 4, E / 4, REFURBISHED_E / 4
    expected = [
        75 * old + 12.5 * new + 12.5 * refurb,
        50 * old + 25 * new + 25 * refurb,
        25 * old + 37.5 * new + 37.5 * refurb,
        *[50 * new + 50 * refurb] * 5,
    ]
    assert years["embodied_gwp_kg"].tolist() == approx(expected)
    assert years["gwp_kg"].sum() == pytest.approx(sum(expected) + 8 * 100 * USE, rel=1e-3)
    assert years["gwp_kg"].sum() == pytest.approx(17_225, rel=1e-3)


def test_extension_and_refurbished_combined(
    four_cohorts: pd.DataFrame, factor_set: FactorSet
) -> None:
    years = run(four_cohorts, factor_set, extend_years=2.0, refurbished_share=0.5)
    old, new, refurb = E / 6, E / 6, REFURBISHED_E / 6
    expected = [
        100 * old,
        100 * old,
        75 * old + 12.5 * (new + refurb),
        50 * old + 25 * (new + refurb),
        25 * old + 37.5 * (new + refurb),
        *[50 * (new + refurb)] * 3,
    ]
    assert years["embodied_gwp_kg"].tolist() == approx(expected)
    assert years["purchases"].tolist() == approx([0, 0, 25, 25, 25, 25, 0, 0])
    assert years["purchases_eur"].sum() == pytest.approx(4 * (12.5 * 1000 + 12.5 * 400))
    assert years["gwp_kg"].sum() == pytest.approx(12_483.33, rel=1e-3)


def test_fleet_growth_compounds_and_is_bought_new(frame_of: Frame, factor_set: FactorSet) -> None:
    frame = frame_of([{"purchase_date": "2025-02-01", "quantity": 100}])
    years = run(frame, factor_set, horizon=(2026, 2028), growth=0.1)
    assert years["purchases"].tolist() == approx([10, 11, 12.1])
    assert years["devices"].tolist() == approx([110, 121, 133.1])
    assert years["embodied_gwp_kg"].tolist() == approx([110 * E / 4, 121 * E / 4, 133.1 * E / 4])
    assert years["use_gwp_kg"].tolist() == approx([110, 121, 133.1])
    assert years["leaving"].sum() == 0


def test_fractional_age_splits_the_cohort(frame_of: Frame, factor_set: FactorSet) -> None:
    frame = frame_of([{"purchase_date": "2022-05-01", "quantity": 100}])
    years = run(frame, factor_set, horizon=(2026, 2027), replacement_age={"laptop": 4.5})
    assert years["purchases"].tolist() == approx([50, 50])


def test_old_devices_leave_as_weee_the_others_for_reuse(
    frame_of: Frame, factor_set: FactorSet
) -> None:
    frame = frame_of(
        [
            {"purchase_date": "2010-01-10", "quantity": 3},  # 16 years old in 2026
            {"purchase_date": "2020-01-10", "quantity": 5, "weight_kg": 1.5},  # 6 years
            {"purchase_date": "2015-01-10", "quantity": 2, "weight_kg": 3.0},  # 11 years
        ]
    )
    years = run(frame, factor_set, horizon=(2026, 2026))
    assert years.loc[2026, "leaving"] == pytest.approx(10)
    assert years.loc[2026, "leaving_weee"] == pytest.approx(5)
    assert years.loc[2026, "leaving_reuse"] == pytest.approx(5)
    assert years.loc[2026, "weee_kg"] == pytest.approx(3 * 2.0 + 2 * 3.0)


def test_undated_devices_are_assumed_half_way_through_their_life(
    frame_of: Frame, factor_set: FactorSet
) -> None:
    frame = frame_of([{"quantity": 10}])
    years = run(frame, factor_set, horizon=(2026, 2029))
    assert years["purchases"].tolist() == approx([0, 0, 10, 0])


def test_in_stock_devices_use_no_electricity_and_are_renewed_in_stock(
    frame_of: Frame, factor_set: FactorSet
) -> None:
    frame = frame_of([{"purchase_date": "2022-03-01", "quantity": 4, "status": "in_stock"}])
    years = run(frame, factor_set, horizon=(2026, 2027))
    assert years["use_gwp_kg"].tolist() == approx([0, 0])
    assert years["purchases"].tolist() == approx([4, 0])


def test_retired_devices_are_not_projected(frame_of: Frame, factor_set: FactorSet) -> None:
    frame = frame_of(
        [
            {"purchase_date": "2024-01-01", "quantity": 2},
            {"purchase_date": "2018-01-01", "retirement_date": "2022-01-01", "status": "retired"},
            {"purchase_date": "2018-01-01", "status": "broken"},
        ]
    )
    years = run(frame, factor_set, horizon=(2026, 2026))
    assert years.loc[2026, "devices"] == pytest.approx(2)


def test_observed_retirement_age_is_the_default_once_enough_are_retired(
    frame_of: Frame, factor_set: FactorSet
) -> None:
    retired = [
        {"purchase_date": "2015-01-01", "retirement_date": f"{2015 + age}-01-01", "status": s}
        for age, s in [(3, "retired")] * 6 + [(5, "disposed")] * 5
    ]
    frame = frame_of([{"purchase_date": "2023-01-01", "quantity": 10}, *retired])
    base = prepare_fleet(frame, factor_set)
    plan = project(base, ScenarioParams(), horizon=(2026, 2030)).plan
    assert plan.loc["laptop", "replacement_age_source"] == "fleet_median"
    assert plan.loc["laptop", "replacement_age"] == pytest.approx(3.0, abs=0.01)
    too_few = project(base, ScenarioParams(min_sample=12), horizon=(2026, 2030)).plan
    assert too_few.loc["laptop", "replacement_age_source"] == "reference_lifespan"
    assert too_few.loc["laptop", "replacement_age"] == 4.0
    set_here = project(base, ScenarioParams(replacement_age={"laptop": 7}), horizon=(2026, 2030))
    assert set_here.plan.loc["laptop", "replacement_age_source"] == "scenario"


def test_prices_default_to_recent_fleet_purchases_then_the_table(
    frame_of: Frame, factor_set: FactorSet
) -> None:
    bought = [{"purchase_date": "2024-05-01", "price_eur": p} for p in [800.0] * 6 + [1000.0] * 6]
    old = [{"purchase_date": "2015-05-01", "price_eur": 5000.0}] * 20
    monitors = [{"category": "monitor", "purchase_date": "2024-01-01"}]
    base = prepare_fleet(frame_of(bought + old + monitors), factor_set)
    plan = project(base, ScenarioParams(), horizon=(2026, 2027)).plan
    assert plan.loc["laptop", "price_new"] == pytest.approx(900.0)
    assert plan.loc["laptop", "price_new_source"] == "fleet_median"
    # refurbished: the fleet's new price × the table's refurbished/new ratio (450 / 900)
    assert plan.loc["laptop", "price_refurbished"] == pytest.approx(450.0)
    assert plan.loc["laptop", "price_refurbished_source"] == "fleet_new_price_x_table_ratio"
    assert plan.loc["monitor", "price_new_source"] == "price_table"
    assert plan.loc["monitor", "price_new"] == 180.0


def test_cumulative_total_is_the_sum_of_the_years(
    four_cohorts: pd.DataFrame, factor_set: FactorSet
) -> None:
    years = run(four_cohorts, factor_set, refurbished_share=0.3, growth=0.05)
    assert years["cumulative_gwp_kg"].iloc[-1] == pytest.approx(years["gwp_kg"].sum())
    assert np.allclose(years["gwp_kg"], years["embodied_gwp_kg"] + years["use_gwp_kg"])


def test_empty_fleet_projects_zeros(frame_of: Frame, factor_set: FactorSet) -> None:
    frame = frame_of([{"status": "retired", "retirement_date": "2020-01-01"}])
    years = run(frame, factor_set, horizon=(2026, 2027))
    assert years["gwp_kg"].tolist() == [0.0, 0.0]
