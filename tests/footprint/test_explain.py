"""``explain`` replays exactly the numbers of the per-device CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from factors.locale import format_number
from factors.vocabulary import PHASES
from footprint.engine import compute
from footprint.explain import explain
from footprint.report import write_csv

ROWS = [
    {"reference": "laptop-default", "purchase_date": "2023-01-01"},
    {"reference": "laptop-default", "purchase_date": "2024-07-01", "acquisition": "refurbished"},
    {
        "reference": "laptop-default",
        "purchase_date": "2019-01-01",
        "retirement_date": "2024-04-01",
        "status": "retired",
    },
    {"reference": "laptop-default", "purchase_date": "2016-05-17", "annual_kwh": 33.3},
    {"reference": "laptop-default"},
    {
        "category": "monitor",
        "reference": "monitor-default",
        "quantity": 12,
        "purchase_date": "2022-01-01",
    },
    {
        "category": "server",
        "reference": "server-default",
        "site": "Salle A",
        "pue": 1.7,
        "purchase_date": "2021-09-30",
    },
    {
        "reference": "dell-latitude-5420",
        "match_level": "model",
        "manufacturer": "Dell",
        "model": "Latitude 5420",
        "purchase_date": "2024-02-29",
    },
]


@pytest.mark.parametrize("method", ["annualized", "amortized", "flux"])
def test_trace_numbers_equal_the_csv(frame_of, factor_set, tmp_path: Path, method):
    result = compute(frame_of(ROWS), factor_set, 2024, method)
    path = tmp_path / "devices.csv"
    write_csv(result, path)
    csv = pd.read_csv(path).set_index("device_id")
    for device_id, row in csv.iterrows():
        trace = explain(result, int(device_id))
        assert trace.lifespan_years == row["lifespan_years"]
        assert trace.lifespan_rule == row["lifespan_rule"]
        assert trace.embodied_share == row["embodied_share"]
        assert trace.kwh == row["kwh"]
        text = trace.render("fr")
        for criterion, numbers in trace.results.items():
            for phase in PHASES:
                assert numbers.phases[phase] == row[f"{criterion}_{phase}"]
            assert numbers.embodied_lifecycle == row[f"{criterion}_embodied_lifecycle"]
            assert numbers.embodied == row[f"{criterion}_embodied"]
            assert numbers.use == row[f"{criterion}_use"]
            assert numbers.total == row[f"{criterion}_total"]
            assert f"= {format_number(row[f'{criterion}_total'])}\n" in text
            assert f"= {format_number(row[f'{criterion}_embodied'])}\n" in text


def test_trace_names_its_inputs_and_sources(frame_of, factor_set):
    result = compute(frame_of(ROWS), factor_set, 2024)
    text = explain(result, 7).render("fr")
    assert "server-default" in text
    assert "PUE 1,7" in text
    assert "0,098 kg CO2e/kWh (FR 2024) — BoaviztAPI FRA" in text
    assert "src server-default" in text
    assert "règle" in text
    # Codes of the inputs are worded for people, not shown raw.
    assert "Acquisition : neuf" in text and "Statut : en service" in text
    english = explain(result, 4).render("en")
    assert "measured on the device" in english
    assert "Arithmetic — Climate change (kg CO2e)" in english
    borrowed = explain(result, 8).render("fr")
    assert "repris de laptop-default" in borrowed


def test_unknown_device(frame_of, factor_set):
    result = compute(frame_of(ROWS), factor_set, 2024)
    with pytest.raises(KeyError):
        explain(result, 999)


def test_trace_points_out_special_rules(frame_of, factor_set):
    rows = [
        {"reference": "laptop-default", "purchase_date": "2019-01-01", "status": "retired"},
        {"reference": "laptop-default", "purchase_date": "2023-01-01", "status": "in_stock"},
    ]
    result = compute(frame_of(rows), factor_set, 2024)
    gone = explain(result, 1)
    assert gone.notes == ["gone_without_date", "not_counted"]
    assert "sans date de retrait" in gone.render("fr")
    stock = explain(result, 2)
    assert stock.notes == ["unpowered"]
    assert "no electricity use" in stock.render("en")


def test_interval_ends_are_shown_to_three_significant_digits(frame_of, factor_set):
    """An interval's ends are estimates: six digits would claim a precision they lack."""
    import re

    result = compute(frame_of(ROWS), factor_set, 2024)
    text = explain(result, 1).render("fr")
    ends = re.findall(r"\[([^\]–]+) – ([^\]]+)\]", text)
    assert ends, text
    for end in (e for pair in ends for e in pair):
        whole, _, decimals = end.replace("\u202f", "").partition(",")
        # At most three significant digits, or a whole number (« 1 115 »).
        assert not decimals or len((whole + decimals).lstrip("0")) <= 3, end
