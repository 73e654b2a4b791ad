"""Monte Carlo intervals: reproducible, consistent with a direct simulation."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from footprint.aggregate import aggregate
from footprint.engine import compute
from footprint.uncertainty import monte_carlo, monte_carlo_with_whole, split_triangular


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


def test_split_triangular_has_the_published_value_as_median():
    rng = np.random.default_rng(1)
    u = rng.random((50_000, 1))
    draws = split_triangular(u, np.array([1.0, 2.0]), np.array([1.0, 3.0]), np.array([1.0, 9.0]))
    assert (draws[:, 0] == 1.0).all()
    assert draws[:, 1].min() >= 2.0 and draws[:, 1].max() <= 9.0
    assert np.median(draws[:, 1]) == pytest.approx(3.0, rel=0.01)
    # each half is a triangle peaking at the median: mean of the halves at a third
    assert draws[:, 1].mean() == pytest.approx(0.5 * (3 - 1 / 3) + 0.5 * (3 + 6 / 3), rel=0.01)


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


def test_matches_the_quantiles_of_the_factors(frame_of, factor_set):
    """One quantile for every factor of a criterion: the interval of a laptop lot is
    the lot at the 5th and 95th percentiles of each factor."""
    frame = frame_of(
        [{"reference": "laptop-default", "purchase_date": "2023-01-01", "quantity": 3}]
    )
    result = compute(frame, factor_set, 2024, criteria=("gwp",), as_of=date(2024, 12, 31))
    bounds = monte_carlo(result, draws=40_000, seed=3)
    q = np.array([[0.05], [0.95]])
    manufacturing = split_triangular(q, np.array([140.0]), np.array([160.0]), np.array([200.0]))
    end_of_life = split_triangular(q, np.array([4.0]), np.array([6.0]), np.array([8.0]))
    low, high = (3 * (manufacturing + 15 + end_of_life) / 4 + 3 * 197.1 * 0.098)[:, 0]
    assert bounds.loc["total", "gwp_low"] == pytest.approx(low, rel=0.005)
    assert bounds.loc["total", "gwp_high"] == pytest.approx(high, rel=0.005)


def test_electricity_range_widens_use(result):
    plain = monte_carlo(result, by="phase")
    wide = monte_carlo(result, by="phase", electricity_range={"gwp": (0.05, 0.15)})
    assert plain.loc["use", "gwp_low"] == plain.loc["use", "gwp_high"]
    assert wide.loc["use", "gwp_low"] < wide.loc["use", "gwp_high"]


@pytest.mark.parametrize("by", [None, "entity", "category", "phase"])
def test_every_interval_contains_its_central_value(result, by):
    bounds = monte_carlo(result, by=by)
    totals = aggregate(result, by)
    for criterion in ("gwp", "adpe", "pe"):
        central = totals[f"{criterion}_total"].reindex(bounds.index)
        assert (bounds[f"{criterion}_low"] <= central * (1 + 1e-9)).all()
        assert (bounds[f"{criterion}_high"] >= central * (1 - 1e-9)).all()


def test_groups_and_whole_from_one_simulation(result):
    """The entities' bounds are monte_carlo's by entity, the whole's those of the
    whole result (the same draws; at most the rounding of a matrix product apart)."""
    groups, whole = monte_carlo_with_whole(result, "entity", draws=500)
    assert groups.equals(monte_carlo(result, by="entity", draws=500))
    alone = monte_carlo(result, draws=500)
    assert whole.index.equals(alone.index) and list(whole.columns) == list(alone.columns)
    np.testing.assert_allclose(whole.to_numpy(), alone.to_numpy(), rtol=1e-12)
    with pytest.raises(ValueError):
        monte_carlo_with_whole(result, "phase")
