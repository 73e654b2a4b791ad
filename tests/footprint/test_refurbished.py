"""Refurbished purchases, phase by phase (docs/method.md section 2), beside MiNumEco.

The avoided emissions per 1,000 devices are computed by the engine itself (1,000
new and 1,000 refurbished units of the same category, flux method) and printed
next to MiNumEco's figures (good-practice guide 2023: 54.9 t CO2e for laptops,
25.5 t for smartphones) and, per year of use (the ADEME study's functional unit),
next to the study's own result (27 and 25 kg CO2e a year). Laptops land within
±25 % of MiNumEco; smartphones cannot: MiNumEco's figure is 30 % of a new unit's
manufacturing and delivery, below the study's lowest avoided share for smartphones
(64 %), and the reports say so (docs/method.md section 2).
"""

from __future__ import annotations

import pytest
from builders import make_fleet_frame

from factors.builtin import load_builtin
from footprint.engine import compute
from footprint.refurbished import (
    MINUMECO_AVOIDED_T,
    avoided_per_thousand,
    minumeco_benchmarks,
    refurbished_note,
)


def engine_avoided_t(category: str) -> tuple[float, dict[str, float], dict[str, float]]:
    """(t CO2e avoided per 1,000 bought refurbished, new phases, refurbished phases)."""
    rows = [
        {"category": category, "purchase_date": "2025-03-01", "quantity": 1000, "acquisition": a}
        for a in ("new", "refurbished")
    ]
    devices = compute(make_fleet_frame(rows), load_builtin(), 2025, "flux").devices
    new, refurbished = devices["gwp_embodied_lifecycle"].to_numpy()
    phases = ["manufacturing", "distribution", "end_of_life"]
    per_phase = [{p: float(devices[f"gwp_{p}"].iloc[i]) / 1000 for p in phases} for i in (0, 1)]
    return (new - refurbished) / 1000, per_phase[0], per_phase[1]


@pytest.mark.parametrize("category", ["laptop", "smartphone", "desktop", "tablet"])
def test_each_phase_follows_its_rule(category):
    fs = load_builtin()
    ratio = float(fs.reference_row(fs.category_default(category))["refurbished_ratio"])
    avoided, new, refurbished = engine_avoided_t(category)
    assert refurbished["manufacturing"] == pytest.approx(new["manufacturing"] * ratio)
    # First delivery's remaining share, plus a second transport equal to a new delivery.
    assert refurbished["distribution"] == pytest.approx(new["distribution"] * (ratio + 1))
    assert refurbished["end_of_life"] == pytest.approx(new["end_of_life"])
    assert avoided == pytest.approx(avoided_per_thousand(fs, category), rel=1e-9)


def test_use_is_unchanged():
    rows = [
        {"category": "laptop", "purchase_date": "2024-03-01", "acquisition": a}
        for a in ("new", "refurbished")
    ]
    devices = compute(make_fleet_frame(rows), load_builtin(), 2025).devices
    assert devices["gwp_use"].iloc[0] == devices["gwp_use"].iloc[1] > 0


def test_avoided_per_thousand_beside_minumeco(capsys):
    benchmarks = {b.category: b for b in minumeco_benchmarks(load_builtin())}
    assert set(benchmarks) == set(MINUMECO_AVOIDED_T)
    with capsys.disabled():
        for b in benchmarks.values():
            engine_t = engine_avoided_t(b.category)[0]
            print(
                f"\n{b.category}: {engine_t:.1f} t évitées pour 1 000 sur {b.lifespan_years:g} ans "
                f"(jeu national) ; MiNumEco {b.minumeco_t} t ; écart {b.gap:+.0%} — "
                f"par année d'usage {b.per_year_kg:.1f} kg ; ADEME {b.ademe_per_year_kg:g} kg ; "
                f"écart {b.ademe_gap:+.0%} — MiNumEco = {b.minumeco_share:.0%} de la fabrication "
                f"et du transport d'un neuf (borne basse ADEME {b.study_share:.0%})"
            )
            assert engine_t == pytest.approx(b.avoided_t, rel=1e-9)
    laptop, smartphone = benchmarks["laptop"], benchmarks["smartphone"]
    assert laptop.avoided_t == pytest.approx(66.2, abs=0.1)
    assert laptop.agrees  # +21 %
    assert smartphone.avoided_t == pytest.approx(52.4, abs=0.1)
    assert not smartphone.agrees  # +105 %: explained in every report's method text
    # Why no method faithful to the study can agree for smartphones: MiNumEco's
    # figure is 30 % of a new unit's manufacturing and delivery for both categories,
    # below the smartphone's lowest avoided share in the ADEME study (64 %).
    assert laptop.minumeco_share == pytest.approx(0.30, abs=0.01)
    assert smartphone.minumeco_share == pytest.approx(0.30, abs=0.01)
    assert smartphone.minumeco_share < smartphone.study_share
    # Per year of use, the study's own unit, the smartphone agrees with ADEME (−16 %).
    assert abs(smartphone.ademe_gap) <= 0.25


def test_the_report_text_explains_the_gap():
    note = refurbished_note(load_builtin())
    assert "1 000 portables : 66,2 t CO2e évitées sur 5 ans d'usage (MiNumEco : 54,9 t, +21" in note
    assert "1 000 smartphones : 52,4 t CO2e évitées sur 2,5 ans d'usage (MiNumEco : 25,5 t" in note
    assert "Écart pour les smartphones" in note
    assert "Écart pour les portables" not in note
    assert "équivaut à 30\u202f% de la fabrication" in note
    assert "borne basse de l'étude ADEME (64\u202f% évités par année d'usage)" in note
    assert "ecoparc évite 20,9 kg CO2e par appareil (ADEME : 25 kg par an, −16\u202f%)" in note
    english = refurbished_note(load_builtin(), "en")
    assert "Gap for smartphones" in english
    assert "1,000 laptops: 66.2 t CO2e avoided over 5 years of use (MiNumEco: 54.9 t, +21%); " in (
        english
    )
