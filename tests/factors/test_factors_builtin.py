"""The built-in set: complete, sourced, consistent."""

from __future__ import annotations

import math

import numpy as np
import pytest

from factors.builtin import BUILTIN_NAME, CONSTRUCTEURS_NAME, load_builtin
from factors.vocabulary import CATEGORIES, CRITERIA, PHASES

#: Every source string must cite one of these publishers (or say it is an estimate).
CITED = (
    "ADEME",
    "BoaviztAPI",
    "Boavizta environmental-footprint-data",
    "EcoInfo",
    "Ember",
    "Estimation",
)


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


@pytest.fixture(scope="module")
def manufacturers():
    """The built-in set with model references (manufacturers' PCFs)."""
    return load_builtin(CONSTRUCTEURS_NAME)


def test_builtin_is_cached_and_named(builtin) -> None:
    assert load_builtin() is builtin
    assert builtin.name == BUILTIN_NAME
    assert builtin.builtin


@pytest.mark.parametrize("table", ["references", "impacts", "electricity"])
def test_every_builtin_value_has_a_source(builtin, table: str) -> None:
    frame = getattr(builtin, table)
    sources = frame["source"]
    assert (sources.str.strip() != "").all(), f"{table}: empty source"
    uncited = frame.loc[~sources.map(lambda s: any(name in s for name in CITED))]
    assert uncited.empty, f"{table}: uncited rows {uncited.iloc[:3].to_dict('records')}"


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_every_category_has_a_complete_default(builtin, category: str) -> None:
    reference = builtin.category_default(category)
    row = builtin.reference_row(reference)
    assert row["manufacturer"] == "" and row["model"] == ""
    for column in ("lifespan_years", "annual_kwh", "weight_kg", "refurbished_ratio"):
        assert math.isfinite(row[column]), column
    assert row["lifespan_years"] > 0
    assert 0 < row["refurbished_ratio"] <= 1
    impacts = builtin.impacts_of(reference)
    cells = set(zip(impacts["criterion"], impacts["phase"], strict=True))
    assert cells == {(c, p) for c in CRITERIA for p in PHASES}
    assert np.isfinite(impacts["value"]).all()
    assert (impacts.loc[impacts["phase"] == "manufacturing", "value"] > 0).all()


def test_model_references_cite_the_manufacturer_pcf_and_boavizta(manufacturers) -> None:
    refs = manufacturers.references
    models = refs.loc[refs["manufacturer"] != ""]
    assert len(models) >= 60
    assert (models["model"] != "").all()
    assert models["source"].str.contains("https?://", regex=True).all()
    assert models["source"].str.contains("Boavizta environmental-footprint-data").all()
    assert models["source"].str.contains("ODbL").all()
    wanted = {
        "dell-latitude-5420",
        "dell-latitude-5520",
        "dell-latitude-7420",
        "dell-latitude-3520",
        "dell-optiplex-7090-tower",
        "dell-optiplex-5090-tower",
        "dell-optiplex-7000-micro-form-factor",
        "dell-p2419h-monitor",
        "dell-p2422h-monitor",
        "dell-poweredge-r640",
        "dell-poweredge-r740",
        "hp-proliant-dl380-gen10",
        "lenovo-thinkpad-e14",
        "lenovo-thinkcentre-m70-tiny",
        "apple-iphone-12-64gb",
        "apple-iphone-13-128gb",
        "apple-iphone-14-128gb",
    }
    assert wanted <= set(models["reference"])


def test_model_adpe_and_pe_are_the_default_scaled_by_gwp(manufacturers) -> None:
    embodied = {
        criterion: manufacturers.impact_matrix([criterion]).sum(axis=1) for criterion in CRITERIA
    }
    refs = manufacturers.references.set_index("reference")
    models = refs.loc[refs["manufacturer"] != ""]
    for reference, row in models.iterrows():
        default = manufacturers.category_default(str(row["category"]))
        ratio = embodied["gwp"][reference] / embodied["gwp"][default]
        for criterion in ("adpe", "pe"):
            assert embodied[criterion][reference] == pytest.approx(
                embodied[criterion][default] * ratio, rel=1e-4
            ), (reference, criterion)


def test_bounds_surround_values(builtin) -> None:
    impacts = builtin.impacts
    assert not (impacts["low"] > impacts["value"]).any()
    assert not (impacts["high"] < impacts["value"]).any()
    gwp_defaults = impacts.loc[
        impacts["reference"].isin(builtin.defaults.to_numpy()) & (impacts["criterion"] == "gwp")
    ]
    # the monitor gap between ADEME and manufacturer footprints shows in the bounds
    monitor = gwp_defaults.loc[
        (gwp_defaults["reference"] == builtin.category_default("monitor"))
        & (gwp_defaults["phase"] == "manufacturing")
    ].iloc[0]
    assert monitor["high"] > 5 * monitor["value"]


def test_electricity_default_and_year_lookup(builtin) -> None:
    default = builtin.electricity_factor()
    assert (default.zone, default.year, default.value) == ("FR", 2022, 0.052)
    assert "ADEME" in default.source
    assert builtin.electricity_factor(year=2023).year == 2022
    # The French series stays on one method: later years keep the ADEME value.
    assert builtin.electricity_factor(year=2030).year == 2022
    assert builtin.electricity_factor(year=2010).year == 2019
    other = builtin.electricity_factor(zone="FR-OWID", year=2026)
    assert (other.year, other.value) == (2024, 0.0442)
    french = builtin.electricity[builtin.electricity["zone"] == "FR"]
    for criterion in CRITERIA:
        assert len(set(french.loc[french["criterion"] == criterion, "year"])) >= 2, criterion
    assert builtin.electricity_factor(criterion="pe").unit == "MJ/kWh"
    with pytest.raises(KeyError):
        builtin.electricity_factor(zone="XX")


def test_impact_matrix_is_wide_and_complete(builtin) -> None:
    matrix = builtin.impact_matrix()
    assert matrix.shape == (len(builtin.references), len(CRITERIA) * len(PHASES))
    assert list(matrix.columns.names) == ["criterion", "phase"]
    assert not matrix.isna().to_numpy().any()
    low = builtin.impact_matrix(field="low")
    high = builtin.impact_matrix(field="high")
    assert (low.to_numpy() <= matrix.to_numpy()).all()
    assert (high.to_numpy() >= matrix.to_numpy()).all()
