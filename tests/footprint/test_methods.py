"""Hand-computed footprints for each accounting method (year 2024, 366 days).

Factor set of conftest: laptop 160 + 15 + 6 = 181 kg CO2e, 4 years, 197.1 kWh,
refurbished ratio 0.3; monitor 64.7 kg, 6 years, 40 kWh; server 1300 kg,
5 years, 1000 kWh; electricity FR 2024 0.098 kg CO2e/kWh.
"""

from __future__ import annotations

from datetime import date

import pytest

from footprint.engine import compute

LAPTOP = {"reference": "laptop-default", "match_level": "category"}
ELEC = 0.098
Y = 2024
DAYS = 366
#: A refurbished laptop (docs/method.md section 2): manufacturing and first delivery
#: × the ratio, a second delivery, end of life in full (160 × 0.3 + 15 × (0.3 + 1) + 6).
REFURBISHED = 160 * 0.3 + 15 * 1.3 + 6


def one(frame_of, factor_set, method="annualized", year=Y, **row):
    frame = frame_of([{**LAPTOP, **row}])
    return compute(frame, factor_set, year, method).devices.iloc[0]


def days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def test_boavizta_laptop_cross_check(frame_of, factor_set):
    """BoaviztAPI: 181 kg embedded over 4 years, 197.1 kWh at 0.098 kg/kWh."""
    row = one(frame_of, factor_set, purchase_date="2023-01-01")
    assert row["gwp_embodied"] == pytest.approx(45.25, rel=1e-3)
    assert row["gwp_use"] == pytest.approx(19.32, rel=1e-3)
    assert row["lifespan_years"] == 4.0
    assert row["lifespan_rule"] == "reference_default"
    assert row["gwp_total"] == pytest.approx(45.25 + 197.1 * ELEC)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", 181 / 4), ("amortized", 181 / 5), ("flux", 0.0)],
)
def test_full_year_device(frame_of, factor_set, method, embodied):
    row = one(frame_of, factor_set, method, purchase_date="2023-01-01")
    assert row["gwp_embodied"] == pytest.approx(embodied)
    assert row["gwp_use"] == pytest.approx(197.1 * ELEC)
    assert row["pe_use"] == pytest.approx(197.1 * 11.289)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [
        ("annualized", 181 * (184 / DAYS) / 4),
        ("amortized", 181 * (184 / DAYS) / 5),
        ("flux", 181.0),
    ],
)
def test_bought_mid_year(frame_of, factor_set, method, embodied):
    row = one(frame_of, factor_set, method, purchase_date="2024-07-01")
    assert row["in_service_fraction"] == pytest.approx(184 / DAYS)
    assert row["gwp_embodied"] == pytest.approx(embodied)
    assert row["gwp_use"] == pytest.approx(197.1 * ELEC * 184 / DAYS)


@pytest.mark.parametrize("method", ["annualized", "amortized", "flux"])
def test_retired_mid_year(frame_of, factor_set, method):
    row = one(
        frame_of,
        factor_set,
        method,
        purchase_date="2019-01-01",
        retirement_date="2024-04-01",
        status="retired",
    )
    held = 91 / DAYS
    life = days("2019-01-01", "2024-04-01") / 365.25
    assert row["lifespan_rule"] == "actual"
    assert row["lifespan_years"] == pytest.approx(life)
    assert row["gwp_use"] == pytest.approx(197.1 * ELEC * held)
    # the 5-year accounting period (5 × 365.25 days) ends 6 hours into 2024
    amortized = 181 * ((5 * 365.25 - days("2019-01-01", "2024-01-01")) / DAYS) / 5
    expected = {"annualized": 181 * held / life, "amortized": amortized, "flux": 0.0}[method]
    assert row["gwp_embodied"] == pytest.approx(expected)


def test_amortized_period_ends_during_the_year(frame_of, factor_set):
    row = one(frame_of, factor_set, "amortized", purchase_date="2019-07-01")
    inside = 5 * 365.25 - days("2019-07-01", "2024-01-01")  # 181.25 days of 2024
    assert row["gwp_embodied"] == pytest.approx(181 * (inside / DAYS) / 5)


def test_accounting_period_per_category(frame_of, factor_set):
    frame = frame_of([{**LAPTOP, "purchase_date": "2023-01-01"}])
    result = compute(frame, factor_set, Y, "amortized", accounting_years={"laptop": 3})
    assert result.devices.loc[0, "gwp_embodied"] == pytest.approx(181 / 3)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", REFURBISHED / 4), ("amortized", REFURBISHED / 5), ("flux", REFURBISHED)],
)
def test_refurbished_device(frame_of, factor_set, method, embodied):
    row = one(
        frame_of,
        factor_set,
        method,
        purchase_date="2024-01-01",
        acquisition="refurbished",
        first_life_years=4.0,
    )
    assert row["refurbished_ratio"] == 0.3
    assert row["gwp_embodied_lifecycle"] == pytest.approx(REFURBISHED)
    assert row["gwp_embodied"] == pytest.approx(embodied)
    # lifespan counts only the organisation's own use: first_life_years is ignored
    assert row["lifespan_years"] == 4.0


def test_model_reference_borrows_category_refurbished_ratio(frame_of, factor_set):
    frame = frame_of(
        [
            {
                "reference": "dell-latitude-5420",
                "match_level": "model",
                "acquisition": "refurbished",
                "purchase_date": "2023-01-01",
            }
        ]
    )
    row = compute(frame, factor_set, Y).devices.iloc[0]
    assert row["refurbished_ratio"] == 0.3
    assert row["lifespan_years"] == 4.0  # the model has none: its category default's
    assert row["gwp_embodied"] == pytest.approx((270 * 0.3 + 30 * 1.3 + 8) / 4)
    assert row["adpe_embodied_lifecycle"] == pytest.approx(0.008 * 0.3 + 0.0004 * 1.3 + 0.0002)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", 181 / (2557 / 365.25)), ("amortized", 0.0), ("flux", 0.0)],
)
def test_device_past_its_default_lifespan(frame_of, factor_set, method, embodied):
    """No retirement observed and already older than the default: its age reached
    (known on 31 December 2024), so its years' shares add up to one."""
    frame = frame_of([{**LAPTOP, "purchase_date": "2018-01-01"}])
    row = compute(frame, factor_set, Y, method, as_of=date(2024, 12, 31)).devices.iloc[0]
    assert row["lifespan_rule"] == "age_reached"
    assert row["lifespan_years"] == pytest.approx(2557 / 365.25)
    assert row["gwp_embodied"] == pytest.approx(embodied)
    assert row["gwp_use"] == pytest.approx(197.1 * ELEC)


def test_age_measured_on_the_date_of_knowledge(frame_of, factor_set):
    """A past year is recomputed from what is known now: the age reached on the
    date of knowledge, never before the end of the year computed."""
    frame = frame_of([{**LAPTOP, "purchase_date": "2019-01-01"}])
    now = compute(frame, factor_set, 2022, as_of=date(2025, 6, 30)).devices.iloc[0]
    same_year = compute(frame, factor_set, Y, as_of=date(2024, 3, 31)).devices.iloc[0]
    assert now["lifespan_years"] == pytest.approx(days("2019-01-01", "2025-07-01") / 365.25)
    assert now["lifespan_rule"] == "age_reached"
    assert same_year["lifespan_years"] == pytest.approx(days("2019-01-01", "2025-01-01") / 365.25)


@pytest.mark.parametrize("method", ["annualized", "amortized", "flux"])
def test_measured_kwh_overrides_reference(frame_of, factor_set, method):
    row = one(frame_of, factor_set, method, purchase_date="2023-01-01", annual_kwh=50.0)
    assert row["kwh_source"] == "measured"
    assert row["kwh_per_year"] == 50.0
    assert row["gwp_use"] == pytest.approx(50 * ELEC)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", 181 / 4), ("amortized", 181 / 5), ("flux", 0.0)],
)
def test_device_without_purchase_date(frame_of, factor_set, method, embodied):
    row = one(frame_of, factor_set, method)
    assert row["lifespan_rule"] == "purchase_date_missing"
    assert row["lifespan_years"] == 4.0
    assert row["in_service_fraction"] == 1.0
    assert row["gwp_embodied"] == pytest.approx(embodied)
    assert row["gwp_use"] == pytest.approx(197.1 * ELEC)


def test_commissioning_date_starts_service(frame_of, factor_set):
    row = one(
        frame_of,
        factor_set,
        purchase_date="2023-12-01",
        commissioning_date="2024-03-01",
    )
    held = days("2024-03-01", "2025-01-01") / DAYS
    assert row["in_service_fraction"] == pytest.approx(held)
    assert row["gwp_embodied"] == pytest.approx(181 * held / 4)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", 12 * 64.7 / 6), ("amortized", 12 * 64.7 / 5), ("flux", 0.0)],
)
def test_lot_of_twelve_monitors(frame_of, factor_set, method, embodied):
    frame = frame_of(
        [
            {
                "category": "monitor",
                "reference": "monitor-default",
                "match_level": "category",
                "quantity": 12,
                "purchase_date": "2022-01-01",
            }
        ]
    )
    row = compute(frame, factor_set, Y, method).devices.iloc[0]
    assert row["gwp_embodied_lifecycle"] == pytest.approx(12 * 64.7)
    assert row["gwp_embodied"] == pytest.approx(embodied)
    assert row["kwh"] == pytest.approx(12 * 40)
    assert row["gwp_use"] == pytest.approx(12 * 40 * ELEC)


@pytest.mark.parametrize(
    ("method", "embodied"),
    [("annualized", 1300 / 5), ("amortized", 1300 / 5), ("flux", 0.0)],
)
def test_server_in_server_room_uses_pue(frame_of, factor_set, method, embodied):
    server = {"category": "server", "reference": "server-default", "match_level": "category"}
    frame = frame_of(
        [
            {**server, "site": "Salle A", "pue": 1.5, "purchase_date": "2023-01-01"},
            {**server, "purchase_date": "2023-01-01"},
            {**LAPTOP, "site": "Salle A", "pue": 1.5, "purchase_date": "2023-01-01"},
        ]
    )
    rows = compute(frame, factor_set, Y, method).devices
    assert rows.loc[0, "pue_applied"] == 1.5
    assert rows.loc[0, "gwp_use"] == pytest.approx(1000 * 1.5 * ELEC)
    assert rows.loc[0, "gwp_embodied"] == pytest.approx(embodied)
    assert rows.loc[1, "gwp_use"] == pytest.approx(1000 * ELEC)  # no server room
    assert rows.loc[2, "pue_applied"] == 1.0  # a laptop is not multiplied by the PUE


@pytest.mark.parametrize("method", ["annualized", "amortized", "flux"])
@pytest.mark.parametrize(
    "row",
    [
        {"purchase_date": "2019-01-01", "retirement_date": "2023-06-01", "status": "disposed"},
        {"purchase_date": "2019-01-01", "retirement_date": "2023-12-31", "status": "retired"},
        {"purchase_date": "2019-01-01", "status": "retired"},
        {"purchase_date": "2025-02-01"},
    ],
)
def test_devices_outside_the_year_contribute_nothing(frame_of, factor_set, method, row):
    result = one(frame_of, factor_set, method, **row)
    assert result["gwp_total"] == 0.0
    assert result["pe_total"] == 0.0
    assert not result["counted"]


def test_stock_devices_carry_embodied_but_no_use(frame_of, factor_set):
    row = one(frame_of, factor_set, purchase_date="2023-01-01", status="in_stock")
    assert row["gwp_embodied"] == pytest.approx(181 / 4)
    assert row["gwp_use"] == 0.0
    assert row["counted"]


def test_lifespan_floor_of_one_year(frame_of, factor_set):
    row = one(
        frame_of,
        factor_set,
        purchase_date="2024-01-01",
        retirement_date="2024-04-01",
        status="retired",
    )
    assert row["lifespan_rule"] == "minimum_1y"
    assert row["lifespan_years"] == 1.0
    assert row["gwp_embodied"] == pytest.approx(181 * 91 / DAYS)


def test_electricity_by_zone_year_and_override(frame_of, factor_set):
    frame = frame_of([{**LAPTOP, "purchase_date": "2020-01-01"}])
    eu = compute(frame, factor_set, Y, zone="EU", criteria=("gwp",))
    assert eu.devices.loc[0, "gwp_use"] == pytest.approx(197.1 * 0.38)
    older = compute(frame, factor_set, 2023)
    assert older.electricity["gwp"].year == 2022
    assert older.devices.loc[0, "gwp_use"] == pytest.approx(197.1 * 0.052)
    given = compute(frame, factor_set, Y, electricity=0.05)
    assert given.electricity["gwp"].value == 0.05
    assert given.devices.loc[0, "gwp_use"] == pytest.approx(197.1 * 0.05)
    assert given.devices.loc[0, "pe_use"] == pytest.approx(197.1 * 11.289)
    # no adpe factor for the EU zone: use counts 0 and the source says so
    eu_all = compute(frame, factor_set, Y, zone="EU")
    assert eu_all.devices.loc[0, "adpe_use"] == 0.0
    assert "aucun facteur" in eu_all.electricity["adpe"].source


def test_unknown_reference_falls_back_to_category_default(frame_of, factor_set):
    frame = frame_of([{"category": "monitor", "reference": "gone-ref", "match_level": "model"}])
    row = compute(frame, factor_set, Y).devices.iloc[0]
    assert row["reference"] == "monitor-default"
    assert row["match_level"] == "category"


def test_rejects_unknown_method(frame_of, factor_set):
    with pytest.raises(ValueError, match="méthode"):
        compute(frame_of([LAPTOP]), factor_set, Y, "linear")
