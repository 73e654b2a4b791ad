"""The annualized method's lifespans (docs/method.md section 3).

Retired devices use their actual life; devices in service an expected life from
the lives observed on retired devices of their category (entity, else fleet,
else the factor set's default), conditional on the age reached. On a fleet in
steady state, annualized must then equal flux, and the shares of every retired
device's years must add up to one.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from builders import make_fleet_frame

from footprint.engine import compute
from footprint.explain import explain

FIRST, LAST = 2010, 2024
KNOWN_ON = date(LAST, 12, 31)


def steady_fleet(category: str, kept_years: int) -> pd.DataFrame:
    """Twelve devices bought every year (one a month) for 15 years, each retired
    ``kept_years`` after its purchase when that day is already past."""
    rows = []
    for year in range(FIRST, LAST + 1):
        for month in range(1, 13):
            bought = date(year, month, 15)
            retired = bought.replace(year=year + kept_years)
            gone = retired <= KNOWN_ON
            rows.append(
                {
                    "category": category,
                    "reference": f"{category}-default",
                    "match_level": "category",
                    "purchase_date": bought.isoformat(),
                    "retirement_date": retired.isoformat() if gone else pd.NaT,
                    "status": "retired" if gone else "in_service",
                }
            )
    return make_fleet_frame(rows)


@pytest.mark.parametrize(
    ("category", "default", "kept"),
    [("laptop", 4.0, 6), ("server", 5.0, 3)],
    ids=["kept-6-default-4", "kept-3-default-5"],
)
def test_steady_state_annualized_equals_flux(factor_set, category, default, kept):
    frame = steady_fleet(category, kept)
    assert factor_set.reference_row(f"{category}-default")["lifespan_years"] == default
    for year in range(FIRST + kept + 1, LAST + 1):
        annualized = compute(frame, factor_set, year, "annualized", as_of=KNOWN_ON).devices
        flux = compute(frame, factor_set, year, "flux", as_of=KNOWN_ON).devices
        assert annualized["gwp_total"].sum() == pytest.approx(flux["gwp_total"].sum(), rel=0.02)
        assert annualized["gwp_embodied"].sum() == pytest.approx(
            flux["gwp_embodied"].sum(), rel=0.02
        )
    last = compute(frame, factor_set, LAST, "annualized", as_of=KNOWN_ON).devices
    in_service = last.loc[last["retirement_date"].isna()]
    assert set(in_service["lifespan_rule"]) == {"observed_entity"}
    assert in_service["lifespan_years"].to_numpy() == pytest.approx(kept, rel=0.002)


@pytest.mark.parametrize(("category", "kept"), [("laptop", 6), ("server", 3)])
def test_shares_of_a_retired_device_add_up_to_one(factor_set, category, kept):
    frame = steady_fleet(category, kept)
    years = [
        compute(frame, factor_set, y, "annualized", as_of=KNOWN_ON).devices
        for y in range(FIRST, LAST + 1)
    ]
    stacked = pd.concat(years)
    retired = stacked.loc[stacked["retirement_date"].notna()]
    summed = retired.groupby("device_id")["gwp_embodied"].sum()
    lifecycle = retired.groupby("device_id")["gwp_embodied_lifecycle"].first()
    assert len(summed) > 100
    np.testing.assert_allclose(summed.to_numpy(), lifecycle.to_numpy(), rtol=1e-3)


def _retired(n: int, entity: str, life_years: int, category: str = "laptop") -> list[dict]:
    return [
        {
            "entity": entity,
            "category": category,
            "purchase_date": f"{2010 + i % 5}-03-01",
            "retirement_date": f"{2010 + i % 5 + life_years}-03-01",
            "status": "retired",
        }
        for i in range(n)
    ]


def _in_service(entity: str, purchase: str) -> dict:
    return {"entity": entity, "category": "laptop", "purchase_date": purchase, "device_id": 999}


def _row(factor_set, rows, year=LAST):
    frame = make_fleet_frame(rows)
    result = compute(frame, factor_set, year, as_of=KNOWN_ON)
    return result, result.devices.iloc[-1]


def test_entity_lives_when_it_retired_enough(factor_set):
    rows = [
        *_retired(25, "Grenoble", 7),
        *_retired(15, "Lyon", 3),
        _in_service("Grenoble", "2022-01-01"),
    ]
    _, row = _row(factor_set, rows)
    assert row["lifespan_rule"] == "observed_entity"
    assert row["lifespan_years"] == pytest.approx(7.0, rel=1e-3)
    assert row["lifespan_observations"] == 25


def test_fleet_lives_when_the_entity_retired_too_few(factor_set):
    rows = [
        *_retired(15, "Grenoble", 7),
        *_retired(15, "Lyon", 3),
        _in_service("Lyon", "2024-01-01"),
    ]
    _, row = _row(factor_set, rows)
    assert row["lifespan_rule"] == "observed_fleet"
    assert row["lifespan_years"] == pytest.approx(5.0, rel=1e-3)  # mean of 7 and 3
    assert row["lifespan_observations"] == 30


def test_expected_life_is_conditional_on_the_age_reached(factor_set):
    """Four years old: the 3-year lives no longer apply, only the 7-year ones."""
    rows = [
        *_retired(15, "Grenoble", 7),
        *_retired(15, "Lyon", 3),
        _in_service("Lyon", "2020-12-31"),
    ]
    _, row = _row(factor_set, rows)
    assert row["lifespan_years"] == pytest.approx(7.0, rel=1e-3)


def test_older_than_every_observed_life_takes_its_age(factor_set):
    rows = [*_retired(15, "Grenoble", 3), _in_service("Grenoble", "2019-01-01")]
    _, row = _row(factor_set, rows)
    assert row["lifespan_rule"] == "age_reached"
    assert row["lifespan_years"] == pytest.approx(6.0, abs=0.01)


def test_default_when_too_few_retirements(factor_set):
    rows = [*_retired(5, "Grenoble", 8), _in_service("Grenoble", "2023-01-01")]
    _, row = _row(factor_set, rows)
    assert row["lifespan_rule"] == "reference_default"
    assert row["lifespan_years"] == 4.0
    assert row["lifespan_observations"] == 0


def test_refurbished_lives_are_not_observed(factor_set):
    refurbished = [{**r, "acquisition": "refurbished"} for r in _retired(15, "Grenoble", 2)]
    _, row = _row(factor_set, [*refurbished, _in_service("Grenoble", "2023-01-01")])
    assert row["lifespan_rule"] == "reference_default"


def test_lots_weigh_by_their_quantity(factor_set):
    lot = [{**_retired(1, "Grenoble", 6)[0], "quantity": 12}]
    _, row = _row(factor_set, [*lot, _in_service("Grenoble", "2023-01-01")])
    assert row["lifespan_rule"] == "observed_fleet"
    assert row["lifespan_observations"] == 12


def test_explain_names_the_expected_life_and_its_observations(factor_set):
    rows = [
        *_retired(15, "Grenoble", 7),
        *_retired(15, "Lyon", 3),
        _in_service("Lyon", "2024-01-01"),
    ]
    result, _ = _row(factor_set, rows)
    text = explain(result, 999).render("fr")
    assert "durée de vie attendue : 5 ans, d'après 30 sorties observées" in text
    assert "recalculé" in text
