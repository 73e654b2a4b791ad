"""Scenario parameters: the TOML file, the stored mapping and their validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from factors.vocabulary import CATEGORIES
from footprint.scenarios import PRESET_NAMES, ScenarioError, ScenarioParams, preset, read_toml
from footprint.scenarios.params import ALL_YEARS
from footprint.scenarios.prices import PRICE_TABLE

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "scenario-exemple.toml"


def test_the_documented_example_file_reads() -> None:
    params = read_toml(EXAMPLE)
    assert params.name == "scenario-exemple"
    assert params.horizon == (2026, 2035)
    assert params.replacement_age == {"laptop": 6, "desktop": 6, "smartphone": 4}
    assert params.refurbished_share == 0.2
    assert params.share_of("laptop") == 0.5
    assert params.share_of("monitor") == 0.2
    assert params.prices_new == {"laptop": 950} and params.prices_refurbished == {"laptop": 480}
    assert params.electricity == {2030: 0.045}
    assert params.growth == 0.01
    assert params.accounting_years == {"server": 7}


def test_mapping_round_trip_keeps_every_value() -> None:
    params = read_toml(EXAMPLE).with_changes(name="plan", extend_years=1.5)
    again = ScenarioParams.from_mapping(params.to_mapping(), name="plan")
    assert again == params


def test_a_bare_electricity_number_applies_to_every_year() -> None:
    params = ScenarioParams.from_mapping({"electricity": 0.06})
    assert params.electricity == {ALL_YEARS: 0.06}
    assert params.to_mapping()["electricity"] == 0.06


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ({"extend": 1}, "clé inconnue"),
        ({"replacement_age": {"laptops": 5}}, "catégorie inconnue"),
        ({"refurbished_share": 1.5}, "refurbished_share"),
        ({"refurbished_share": {"laptop": -0.1}}, "refurbished_share.laptop"),
        ({"horizon": [2030, 2026]}, "horizon"),
        ({"horizon": "2026"}, "horizon"),
        ({"method": "linear"}, "method"),
        ({"replacement_age": {"laptop": 0.5}}, "replacement_age.laptop"),
        ({"prices": {"used": {}}}, "prices"),
        ({"electricity": {"soon": 0.1}}, "electricity"),
        ({"growth": "fast"}, "growth"),
    ],
)
def test_bad_parameters_are_rejected_with_the_key(doc: dict, fragment: str) -> None:
    with pytest.raises(ScenarioError, match=fragment):
        ScenarioParams.from_mapping(doc)


def test_unreadable_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("horizon = [2026,\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml"):
        read_toml(path)
    path.write_text('extend_years = "deux"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml : extend_years"):
        read_toml(path)


def test_presets_have_cli_names_and_french_labels() -> None:
    assert PRESET_NAMES == (
        "baseline",
        "extend-1",
        "extend-2",
        "refurb-20",
        "refurb-50",
        "combined",
    )
    combined = preset("combined")
    assert (combined.extend_years, combined.refurbished_share) == (2.0, 0.5)
    assert preset("refurb-20").label == "20 % d'achats reconditionnés"
    assert preset("extend-1", "en").label == "Keep one year longer"
    with pytest.raises(KeyError, match="extend-1"):
        preset("plus1")


def test_price_table_covers_every_category_and_refurbished_is_cheaper() -> None:
    assert set(PRICE_TABLE) == set(CATEGORIES)
    assert all(0 < p.refurbished < p.new for p in PRICE_TABLE.values())
