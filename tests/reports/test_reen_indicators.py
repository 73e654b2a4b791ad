"""REEN, AGEC and BEGES indicators of a hand-built fleet whose answers are known."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hand_fleet import HAND_DISPOSALS, make_frame

from footprint.aggregate import aggregate
from footprint.engine import DAYS_PER_YEAR, compute
from footprint.indicators.agec import (
    IT_AND_TELEPHONY,
    PRINTING,
    agec_amounts,
    agec_declaration,
    donation_flat_values,
)
from footprint.indicators.beges import beges_report
from footprint.indicators.history import fleet_as_of, history_years
from footprint.indicators.reen import (
    CODES,
    CONSOLIDATED,
    ReenIndicators,
    _ScopeTotals,
    build_reen,
    indicators_for_year,
    reuse_figures,
)
from footprint.scope import compute_year, fleet_of_year

TODAY = date(2026, 3, 1)
MONTH = DAYS_PER_YEAR / 12


@pytest.fixture
def reen_2024(hand_frame, builtin, entities):
    return indicators_for_year(hand_frame, builtin, 2024, entities, today=TODAY)


def test_counts_and_shares_are_known(reen_2024) -> None:
    v = reen_2024.values
    # Alpha on 31/12/2024: 3 laptops, 4 monitors, 2 smartphones, a printer, a donated laptop
    assert v.at["Alpha", "devices_in_service"] == 11
    assert v.at["Beta", "devices_in_service"] == 2
    assert v.at[CONSOLIDATED, "devices_in_service"] == 13
    assert v.at["Alpha", "devices_per_agent"] == pytest.approx(1.1)
    assert v.at[CONSOLIDATED, "devices_per_agent"] == pytest.approx(13 / 14)
    # users of Alpha: u1..u4 -> 4 monitors / 4 users, 4 users / 1 printer, 2 smartphones / 10 agents
    assert v.at["Alpha", "screens_per_user"] == pytest.approx(1.0)
    assert v.at["Alpha", "users_per_printer"] == pytest.approx(4.0)
    assert v.at["Alpha", "smartphone_staff_share"] == pytest.approx(0.2)
    assert np.isnan(v.at["Beta", "users_per_printer"])  # Beta has no printer
    assert v.at[CONSOLIDATED, "users_per_printer"] == pytest.approx(6.0)  # u1..u4, b1, b2
    # one Beta laptop has no purchase date: 14 of 15 counted units are dated
    assert v.at[CONSOLIDATED, "purchase_date_share"] == pytest.approx(14 / 15)
    assert v.at[CONSOLIDATED, "match_model_share"] == 0.0


def test_lifespans_in_months(reen_2024) -> None:
    v = reen_2024.values
    laptop_life = (pd.Timestamp("2024-07-01") - pd.Timestamp("2020-07-01")).days / MONTH
    desktop_life = (pd.Timestamp("2024-03-01") - pd.Timestamp("2019-03-01")).days / MONTH
    assert laptop_life == pytest.approx(48.0)
    assert v.at["Alpha", "lifespan_retired_months"] == pytest.approx(
        (laptop_life + desktop_life) / 2
    )
    assert np.isnan(v.at["Beta", "lifespan_retired_months"])
    lifespans = reen_2024.lifespans.set_index(["scope", "category"])
    assert lifespans.at[("Alpha", "desktop"), "retired_months"] == pytest.approx(desktop_life)
    # three laptops bought 1 January 2022 are 36 months old at the end of 2024
    beta_age = lifespans.at[("Beta", "laptop"), "age_months"]
    assert beta_age == pytest.approx(
        (pd.Timestamp("2025-01-01") - pd.Timestamp("2023-01-01")).days / MONTH
    )
    monitor_age = (pd.Timestamp("2025-01-01") - pd.Timestamp("2024-03-01")).days / MONTH
    assert lifespans.at[("Alpha", "monitor"), "age_months"] == pytest.approx(monitor_age)
    assert lifespans.at[("Alpha", "monitor"), "in_service_units"] == 4


def test_spend_share_against_the_agec_target(reen_2024) -> None:
    v = reen_2024.values
    # 2024 IT purchases of Alpha: 4 monitors × 200 + refurbished smartphone 200 + donated laptop 200
    assert v.at["Alpha", "spend_it_eur"] == pytest.approx(1200.0)
    assert v.at["Alpha", "spend_it_reuse_eur"] == pytest.approx(400.0)
    assert v.at["Alpha", "spend_reuse_share"] == pytest.approx(1 / 3)
    assert v.at["Alpha", "spend_reuse_target"] == pytest.approx(0.20)
    assert np.isnan(v.at["Beta", "spend_reuse_share"])  # bought nothing in 2024


def test_footprint_indicators_equal_the_engine(reen_2024, hand_frame, builtin, entities) -> None:
    result = compute_year(fleet_of_year(hand_frame, 2024, today=TODAY), builtin)
    total = aggregate(result, None).iloc[0]
    v = reen_2024.values
    assert v.at[CONSOLIDATED, "footprint_gwp_t"] == pytest.approx(total["gwp_total"] / 1000)
    assert v.at[CONSOLIDATED, "electricity_mwh"] == pytest.approx(
        result.devices["kwh"].sum() / 1000
    )
    by_entity = aggregate(result, "entity")
    assert v.at["Beta", "footprint_gwp_t"] == pytest.approx(
        by_entity.at["Beta", "gwp_total"] / 1000
    )
    assert v.at["Alpha", "footprint_gwp_per_agent_t"] == pytest.approx(
        by_entity.at["Alpha", "gwp_total"] / 1000 / 10
    )
    assert list(v.columns) == list(CODES)


def test_footprint_and_per_agent_intervals_bracket_their_values(reen_2024) -> None:
    """The 90 % interval of the footprint, per entity and consolidated, and per agent
    (docs/method.md section 6): low ≤ central ≤ high, and wider than nothing."""
    v = reen_2024.values
    for scope in ("Alpha", "Beta", CONSOLIDATED):
        for figure in ("footprint_gwp", "footprint_gwp_per_agent"):
            low, central, high = (v.at[scope, f"{figure}{b}_t"] for b in ("_low", "", "_high"))
            assert low <= central * (1 + 1e-9), (scope, figure)
            assert central <= high * (1 + 1e-9), (scope, figure)
            assert high > low, (scope, figure)
    assert v.at["Alpha", "footprint_gwp_per_agent_high_t"] == pytest.approx(
        v.at["Alpha", "footprint_gwp_high_t"] / 10
    )


def test_agec_flat_values() -> None:
    frame = make_frame(
        [
            {"first_life_years": 2.0},  # laptop under 5 years: 200 € (arrêté du 29 février 2024)
            {"first_life_years": 7.0},
            {},  # age unknown: not "under 5 years"
            {"category": "monitor"},
            {"category": "network_switch"},
        ]
    )
    values = donation_flat_values(frame)
    assert values[:4].tolist() == [200.0, 180.0, 180.0, 30.0]
    assert np.isnan(values[4])


def test_agec_amounts_per_entity_and_category(hand_frame, entities) -> None:
    amounts = agec_amounts(hand_frame, 2024).set_index(["entity", "type_produit_acquis"])
    alpha = amounts.loc[("Alpha", IT_AND_TELEPHONY)]
    assert alpha["montant_total"] == pytest.approx(1200.0)
    assert alpha["montant_reemploi_et_reutilisation"] == pytest.approx(200.0)
    assert alpha["montant_produits_issus_don"] == pytest.approx(200.0)
    assert alpha["units_flat_rate"] == 1
    assert ("Alpha", PRINTING) not in amounts.index  # the printer was bought in 2020
    rows, skipped = agec_declaration(agec_amounts(hand_frame, 2024), entities, 2024)
    assert rows["siret"].tolist() == ["21380185500015"]
    assert skipped["entity"].tolist() == ["Beta"]


def test_fleet_as_of_rebuilds_status_entity_and_membership(hand_frame) -> None:
    events = pd.DataFrame(
        {
            "device_id": [1, 1, 12],
            "at": pd.to_datetime(["2023-05-01", "2024-02-01", "2024-06-01"]),
            "status_before": ["in_service", "broken", pd.NA],
            "status_after": ["broken", "in_service", pd.NA],
            "entity_before": [pd.NA, pd.NA, "Alpha"],
            "entity_after": [pd.NA, pd.NA, "Beta"],
        }
    ).astype({c: "str" for c in ("status_before", "status_after", "entity_before", "entity_after")})
    then = fleet_as_of(hand_frame, events, date(2023, 12, 31)).set_index("device_id")
    assert then.at[1, "status"] == "broken"  # between the two status changes
    assert then.at[12, "entity"] == "Alpha"  # transferred to Beta in 2024
    assert then.at[12, "entity_id"] == 1
    for retired_in_2024 in (9, 10):  # still held at the end of 2023
        assert then.at[retired_in_2024, "status"] == "in_service"
        assert pd.isna(then.at[retired_in_2024, "retirement_date"])
    assert 13 in then.index  # no date at all: assumed held
    assert 11 not in fleet_as_of(hand_frame, None, date(2024, 12, 31))["device_id"].tolist()
    now = fleet_as_of(hand_frame, events, date(2024, 12, 31)).set_index("device_id")
    assert now.at[1, "status"] == "in_service"
    assert history_years(hand_frame, 2024, span=3) == [2021, 2022, 2023]


def test_fleet_as_of_never_changes_the_frame_it_reads(hand_frame) -> None:
    """Every device was there on the day (no copy is taken then): the statuses,
    entities and retirements of the day are the result's, the frame keeps its own."""
    events = pd.DataFrame(
        {
            "device_id": [12],
            "at": pd.to_datetime(["2030-06-01"]),
            "status_before": [pd.NA],
            "status_after": [pd.NA],
            "entity_before": ["Alpha"],
            "entity_after": ["Beta"],
        }
    ).astype({c: "str" for c in ("status_before", "status_after", "entity_before", "entity_after")})
    before = hand_frame.copy()
    late = date(2029, 12, 31)
    then = fleet_as_of(hand_frame, events, late).set_index("device_id")
    assert len(then) == len(hand_frame) and then.at[12, "entity"] == "Alpha"
    kept = fleet_as_of(hand_frame, None, date(2023, 12, 31), keep_retirements=True)
    for retired_in_2024 in (9, 10):  # known now, and still held then
        row = kept.set_index("device_id").loc[retired_in_2024]
        assert row["retirement_date"].year == 2024 and row["status"] == "in_service"
    pd.testing.assert_frame_equal(hand_frame, before)


def test_reuse_figures_come_from_the_reuse_channel(hand_frame, builtin, entities) -> None:
    reen = indicators_for_year(
        hand_frame, builtin, 2024, entities, reuse=reuse_figures(HAND_DISPOSALS), today=TODAY
    )
    v = reen.values
    assert v.at["Alpha", "donation"] == 1
    assert v.at["Alpha", "weee_recycling"] == 1
    assert v.at["Alpha", "weee_kg"] == pytest.approx(8.0)
    assert v.at["Alpha", "weee_kg_per_agent"] == pytest.approx(0.8)
    assert v.at["Beta", "donation"] == 0
    assert v.at[CONSOLIDATED, "reuse_rate_target"] == pytest.approx(0.35)


def test_trend_covers_earlier_years(hand_frame, builtin, entities) -> None:
    report = build_reen(hand_frame, builtin, 2024, entities, span=2, today=TODAY)
    assert sorted(report.history) == [2022, 2023]
    trend = report.trend("devices_in_service")
    assert trend.index.tolist() == [2022, 2023, 2024]
    # end of 2023: 3 laptops, smartphone u2, printer, 2 retired-in-2024 devices, Beta's dated laptop
    # and the undated one
    assert trend[2023] == 3 + 1 + 1 + 2 + 2
    assert report.previous is report.history[2023]
    # An earlier year keeps its figures, not its engine result and fleet; they are
    # the figures the year's own computation gives.
    assert not isinstance(report.previous, ReenIndicators)
    alone = indicators_for_year(hand_frame, builtin, 2023, entities, today=TODAY)
    pd.testing.assert_frame_equal(report.previous.values, alone.values)
    pd.testing.assert_frame_equal(report.previous.lifespans, alone.lifespans)


def test_beges_lines_split_the_engine_rows(hand_frame, builtin) -> None:
    then = fleet_as_of(hand_frame, None, date(2024, 12, 31))
    result = compute(then, builtin, 2024, "amortized", as_of=date(2024, 12, 31))
    report = beges_report(result, then)
    lines = report.lines.set_index("poste")
    d = result.devices
    assert lines.at["2.1", "kg_co2e"] == pytest.approx(d["gwp_use"].sum())
    upstream = d["gwp_manufacturing"] + d["gwp_distribution"]
    # expensed (unit price < 500 € HT) and bought in 2024: the monitors and the smartphone
    cheap = then["price_eur"].lt(500) & then["purchase_date"].dt.year.eq(2024)
    assert lines.at["4.1", "kg_co2e"] == pytest.approx(upstream[cheap.to_numpy()].sum())
    assert lines.at["4.1", "devices"] == 5
    retired = then["retirement_date"].dt.year.eq(2024).to_numpy()
    assert lines.at["4.3", "kg_co2e"] == pytest.approx(d.loc[retired, "gwp_end_of_life"].sum())
    assert lines.at["4.4", "kg_co2e"] == 0.0
    with pytest.raises(ValueError):
        beges_report(compute(then, builtin, 2024), then)


@pytest.mark.slow  # three REEN reports, over 10 s
def test_a_bare_accounting_period_reaches_the_reen_engine(hand_frame, builtin, entities) -> None:
    # ``report reen --method amortized --accounting-years 2``: a bare number sets the
    # period of every category (it was once dropped on the way to the engine).
    from cli.common import accounting_periods
    from services.reports import ReportInputs, build_reen_report

    inputs = ReportInputs(hand_frame, entities, pd.DataFrame(), pd.DataFrame(), builtin, None)

    def embodied(*accounting: str) -> float:
        report = build_reen_report(
            inputs, 2024, "amortized", accounting=accounting_periods(accounting), today=TODAY
        )
        parameters = report.parameters
        assert parameters.default_accounting_years == (float(accounting[0]) if accounting else 5)
        return float(report.current.result.devices["gwp_embodied"].sum())

    assert embodied("2") != pytest.approx(embodied())
    assert embodied("5") == pytest.approx(embodied())


def test_scope_totals_are_pandas_group_sums_and_distinct_counts() -> None:
    """Per entity (one without devices among them) and consolidated: sums skip
    missing values, distinct counts leave missing ones out, as pandas' groupby does."""
    rng = np.random.default_rng(3)
    n = 500
    scope = rng.choice(["Alpha", "Beta", "Gamma"], n).astype(object)
    scopes = ["Alpha", "Beta", "Delta", "Gamma"]
    values = np.where(rng.random(n) < 0.1, np.nan, rng.random(n) * 100)
    users = np.where(rng.random(n) < 0.3, None, rng.choice(["u1", "u2", "u3", "u4"], n))
    total = _ScopeTotals(scope, scopes)

    sums = total(values)
    expected = pd.Series(values).groupby(scope).sum().reindex(scopes, fill_value=0.0)
    assert sums.drop(CONSOLIDATED).to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-12)
    assert sums[CONSOLIDATED] == pd.Series(values).sum()

    distinct = total(users.astype(object), "nunique")
    counts = pd.Series(users).groupby(scope).nunique().reindex(scopes, fill_value=0)
    assert distinct.drop(CONSOLIDATED).tolist() == counts.astype(float).tolist()
    assert distinct["Delta"] == 0.0 and distinct[CONSOLIDATED] == 4.0
    assert total(np.full(n, np.nan), "nunique").tolist() == [0.0] * 5
