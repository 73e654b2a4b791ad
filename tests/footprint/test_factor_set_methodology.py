"""One methodology per factor set (docs/factors.md section 2) and readable intervals.

The national set (the default) holds the ADEME category values and no model
reference; the manufacturers' PCFs form the ``constructeurs`` set, compared with
it by ``ecoparc factors compare``. Every factor's bounds bracket its value.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ecoparc_cli import ecoparc

from factors.builtin import BUILTIN_NAME, CONSTRUCTEURS_NAME, load_builtin
from factors.checks import out_of_range, reference_flags
from factors.vocabulary import CATEGORIES, CRITERIA, PHASES
from fleet.db import get_engine, session_scope
from fleet.queries import fleet_frame
from footprint.comparison import compare_sets
from footprint.engine import compute
from footprint.scope import compute_year, fleet_of_year

#: ADEME Impact CO2 embodied values (docs/factors.md §2.1, ADEME Impact CO2 avril 2024), kg CO2e.
ADEME_EMBODIED = {
    "laptop": 170.3 + 12.3 + 2.8,
    "desktop": 202.6 + 1.8 + 6.6,
    "monitor": 64.6 + 1.3 + 3.9,
    "smartphone": 83.0 + 2.1 + 0.2,
    "tablet": 56.3 + 3.4 + 0.4,
    "mobile_phone": 23.3 + 0.1,
    "display": 372.6 + 3.2 + 11.8,
    "router": 60.8 + 0.6 + 1.6,
}


def test_every_category_and_criterion_brackets_its_central_value():
    fs = load_builtin()
    impacts = fs.impacts
    assert set(impacts["reference"]) == set(fs.defaults)  # no model reference
    for category in CATEGORIES:
        rows = impacts.loc[impacts["reference"] == fs.category_default(category)]
        for criterion in CRITERIA:
            block = rows.loc[rows["criterion"] == criterion].set_index("phase").reindex(PHASES)
            value, low, high = (block[c].sum(min_count=1) for c in ("value", "low", "high"))
            assert not np.isnan(value), (category, criterion)
            if block["low"].isna().all():
                continue
            assert low <= value <= high, (category, criterion)
            assert high > low, (category, criterion)
        gwp_range = rows.loc[rows["criterion"] == "gwp", "low"].notna().any()
        for criterion in ("adpe", "pe"):
            has = rows.loc[rows["criterion"] == criterion, "low"].notna().any()
            assert has == gwp_range, (category, criterion)


def test_electricity_zones_carry_every_criterion_with_a_source():
    electricity = load_builtin().electricity
    for zone, rows in electricity.groupby("zone"):
        assert set(rows["criterion"]) == set(CRITERIA), zone
        assert (rows["value"] > 0).all(), zone
        assert rows["source"].str.len().gt(20).all(), zone


def test_manufacturer_models_are_their_own_set_and_flagged():
    manufacturers = load_builtin(CONSTRUCTEURS_NAME)
    assert manufacturers.name == CONSTRUCTEURS_NAME
    models = manufacturers.references.query("model != ''")
    assert len(models) > 100
    flagged = out_of_range(manufacturers)
    assert "dell-p2419h-monitor" in flagged.index
    assert flagged["dell-p2419h-monitor"] > 3
    assert reference_flags(manufacturers, "dell-p2419h-monitor")[0].startswith("hors plage")
    assert out_of_range(load_builtin()).empty


@pytest.mark.slow
def test_sample_fleet_embodied_equals_the_ademe_category_values(demo_template: Path):
    with session_scope(get_engine(f"sqlite:///{demo_template}")) as session:
        frame = fleet_frame(session)
    devices = compute(frame, load_builtin(), 2025).devices
    counted = devices.loc[devices["counted"] & (devices["acquisition"] != "refurbished")]
    ademe = counted["category"].map(ADEME_EMBODIED)
    known = ademe.notna()
    expected = float((ademe[known] * counted.loc[known, "quantity"]).sum())
    got = float(counted.loc[known, "gwp_embodied_lifecycle"].sum())
    assert got == pytest.approx(expected, rel=0.05)
    assert known.mean() > 0.5


def test_the_sensitivity_reuses_the_footprint_of_the_first_set(demo_template: Path):
    """Given the annualized footprint already computed with the first set, the
    comparison is the one it would compute itself (one engine run saved)."""
    with session_scope(get_engine(f"sqlite:///{demo_template}")) as session:
        fleet = fleet_of_year(fleet_frame(session), 2025)
    national, makers = load_builtin(), load_builtin(CONSTRUCTEURS_NAME)
    footprint = compute_year(fleet, national)
    alone = compare_sets(fleet, national, makers)
    reused = compare_sets(fleet, national, makers, result_a=footprint)
    assert (reused.total_a, reused.total_b) == (alone.total_a, alone.total_b)
    pd.testing.assert_frame_equal(reused.categories, alone.categories)
    pd.testing.assert_frame_equal(reused.models, alone.models)


@pytest.mark.slow
def test_factors_compare_prints_the_difference_and_the_models(demo_template: Path):
    url = f"sqlite:///{demo_template}"
    text = ecoparc(
        "--db", url, "factors", "compare", BUILTIN_NAME, CONSTRUCTEURS_NAME, "--year", "2025"
    )
    assert text.returncode == 0, text.stderr
    assert "avec « constructeurs » : +" in text.stdout
    assert "Modèles qui font l'écart" in text.stdout
    assert "hors plage" in text.stdout
    doc = json.loads(
        ecoparc(
            "--db",
            url,
            "factors",
            "compare",
            BUILTIN_NAME,
            CONSTRUCTEURS_NAME,
            "--year",
            "2025",
            "--format",
            "json",
        ).stdout
    )
    models = pd.DataFrame(doc["models"])
    assert doc["difference"] > 0
    assert models["difference"].sum() == pytest.approx(
        doc["total_b_kg"] - doc["total_a_kg"], rel=1e-6
    )
    show = ecoparc("factors", "show", "dell-p2419h-monitor", "--set", CONSTRUCTEURS_NAME)
    assert "ATTENTION : hors plage" in show.stdout


#: Categories for which ADEME Impact CO2 or BoaviztAPI publish an annual consumption
#: (docs/factors.md section 2.3): their default kWh have a range.
KWH_PUBLISHED = (
    "laptop",
    "desktop",
    "monitor",
    "smartphone",
    "tablet",
    "display",
    "router",
    "server",
)


def test_default_kwh_from_one_source_with_bounds():
    refs = load_builtin().references.set_index("category")
    kwh, low, high = refs["annual_kwh"], refs["annual_kwh_low"], refs["annual_kwh_high"]
    assert ((low.fillna(kwh) <= kwh) & (kwh <= high.fillna(kwh))).all()
    for category in KWH_PUBLISHED:
        assert high[category] > low[category], category
    # One named source for the central value; the exceptions name why.
    ecodiag = refs["source"].str.contains(r"kWh/an : \[ECODIAG\]", regex=True)
    assert set(refs.index[~ecodiag]) == {"thin_client", "mobile_phone", "display"}
    assert refs.loc[~ecodiag, "source"].str.contains("EcoDiag ne publie pas").all()
    assert kwh["laptop"] == 48 and low["laptop"] == 18.8 and high["laptop"] == 197.1


def test_every_value_carries_its_source_identifier():
    fs = load_builtin()
    for table in (fs.references, fs.impacts, fs.electricity):
        assert table["source"].str.contains(r"\[[A-Z0-9.-]+\]", regex=True).all()
    fr_2022 = fs.electricity_factor("FR", 2022, "gwp")
    assert fr_2022.value == 0.052 and fr_2022.source.startswith("[BE-2022]")
    # The Base Empreinte element is named, with the page that documents it; its
    # identifier was not found in any public source consulted and is not invented.
    assert "« Electricité - 2022 - mix moyen - consommation »" in fr_2022.source
    assert "UPLOAD_DOC_FR/mix_electrique.htm" in fr_2022.source
    assert "identifiant Base Empreinte" in fr_2022.source and "aucun identifiant" in fr_2022.source


def every_category_frame() -> pd.DataFrame:
    from builders import make_fleet_frame

    rows = [
        {"category": c, "entity": e, "purchase_date": "2023-06-01", "quantity": 3}
        for c in CATEGORIES
        for e in ("Grenoble", "Meylan")
    ]
    return make_fleet_frame(rows)


@pytest.mark.parametrize("by", ["category", "entity", None])
def test_intervals_of_every_group_bracket_their_central_value(by):
    from footprint.aggregate import aggregate
    from footprint.uncertainty import monte_carlo

    fs = load_builtin()
    result = compute(every_category_frame(), fs, 2025)
    bounds = monte_carlo(result, by=by)
    totals = aggregate(result, by)
    for criterion in CRITERIA:
        central = totals[f"{criterion}_total"].reindex(bounds.index)
        low, high = bounds[f"{criterion}_low"], bounds[f"{criterion}_high"]
        assert (low <= central * (1 + 1e-9)).all(), criterion
        assert (high >= central * (1 - 1e-9)).all(), criterion
        if by == "category":
            ranged = [
                c
                for c in CATEGORIES
                if c in KWH_PUBLISHED or fs.impacts_of(fs.category_default(c))["low"].notna().any()
            ]
            assert (high[ranged] > low[ranged]).all(), criterion
        else:
            assert (high > low).all(), criterion


def test_use_phase_spreads_between_the_kwh_bounds_unless_measured():
    from builders import make_fleet_frame

    from footprint.uncertainty import monte_carlo

    rows = [{"category": "laptop", "purchase_date": "2023-06-01", "quantity": 100}]
    default = monte_carlo(compute(make_fleet_frame(rows), load_builtin(), 2025), by="phase")
    assert default.loc["use", "gwp_low"] < default.loc["use", "gwp_high"]
    assert 18.8 * 100 * 0.052 < default.loc["use", "gwp_low"]
    assert default.loc["use", "gwp_high"] < 197.1 * 100 * 0.052
    measured = [dict(rows[0], annual_kwh=30.0)]
    fixed = monte_carlo(compute(make_fleet_frame(measured), load_builtin(), 2025), by="phase")
    assert fixed.loc["use", "gwp_low"] == pytest.approx(fixed.loc["use", "gwp_high"])
