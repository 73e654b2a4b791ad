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
from footprint.engine import compute

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
