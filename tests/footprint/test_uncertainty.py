"""Monte Carlo intervals: reproducible, consistent with a direct simulation."""

from __future__ import annotations

import numpy as np
import pytest

from footprint.aggregate import aggregate
from footprint.engine import compute
from footprint.uncertainty import monte_carlo, triangular


@pytest.fixture
def result(frame_of, factor_set):
    frame = frame_of(
        [
            {
                "reference": "laptop-default",
                "purchase_date": "2023-01-01",
                "entity": "Grenoble",
                "quantity": 10,
            },
            {
                "category": "monitor",
                "reference": "monitor-default",
                "purchase_date": "2022-01-01",
                "entity": "Meylan",
                "quantity": 4,
            },
            {
                "category": "server",
                "reference": "server-default",
                "purchase_date": "2023-01-01",
                "entity": "Meylan",
                "pue": 1.5,
            },
        ]
    )
    return compute(frame, factor_set, 2024)


def test_triangular_accepts_degenerate_bounds():
    rng = np.random.default_rng(1)
    draws = triangular(rng, np.array([1.0, 2.0]), np.array([1.0, 3.0]), np.array([1.0, 5.0]), 5000)
    assert (draws[:, 0] == 1.0).all()
    assert draws[:, 1].min() >= 2.0 and draws[:, 1].max() <= 5.0
    assert draws[:, 1].mean() == pytest.approx((2 + 3 + 5) / 3, rel=0.02)


def test_seeded_and_indexed_like_aggregate(result):
    a = monte_carlo(result, by="entity", seed=7)
    b = monte_carlo(result, by="entity", seed=7)
    assert a.equals(b)
    assert list(a.index) == list(aggregate(result, "entity").index)
    assert (a["gwp_low"] <= a["gwp_high"]).all()


def test_no_spread_gives_the_central_value(result):
    bounds = monte_carlo(result, by="phase")
    totals = aggregate(result, "phase")
    # distribution and use have no low/high in the test set: no spread
    for phase in ("distribution", "use"):
        assert bounds.loc[phase, "gwp_low"] == pytest.approx(totals.loc[phase, "gwp_total"])
        assert bounds.loc[phase, "gwp_high"] == pytest.approx(totals.loc[phase, "gwp_total"])
    assert bounds.loc["manufacturing", "gwp_low"] < bounds.loc["manufacturing", "gwp_high"]


def test_matches_a_direct_per_device_simulation(frame_of, factor_set):
    """One laptop lot: compare with numpy's own triangular sampler."""
    frame = frame_of(
        [{"reference": "laptop-default", "purchase_date": "2023-01-01", "quantity": 3}]
    )
    result = compute(frame, factor_set, 2024, criteria=("gwp",))
    bounds = monte_carlo(result, draws=40_000, seed=3)
    rng = np.random.default_rng(99)
    n = 400_000
    per_unit = rng.triangular(140, 160, 200, n) + 15 + rng.triangular(4, 6, 8, n)
    direct = 3 * per_unit / 4 + 3 * 197.1 * 0.098
    low, high = np.quantile(direct, [0.05, 0.95])
    assert bounds.loc["total", "gwp_low"] == pytest.approx(low, rel=0.005)
    assert bounds.loc["total", "gwp_high"] == pytest.approx(high, rel=0.005)


def test_electricity_range_widens_use(result):
    plain = monte_carlo(result, by="phase")
    wide = monte_carlo(result, by="phase", electricity_range={"gwp": (0.05, 0.15)})
    assert plain.loc["use", "gwp_low"] == plain.loc["use", "gwp_high"]
    assert wide.loc["use", "gwp_low"] < wide.loc["use", "gwp_high"]


def test_groups_intervals_bracket_their_totals_roughly(result):
    bounds = monte_carlo(result, by="entity")
    totals = aggregate(result, "entity")
    for entity in totals.index:
        assert bounds.loc[entity, "gwp_low"] <= totals.loc[entity, "gwp_total"] * 1.05
        assert bounds.loc[entity, "gwp_high"] >= totals.loc[entity, "gwp_total"] * 0.95
