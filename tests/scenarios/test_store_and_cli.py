"""Saved scenarios in the database, and ``ecoparc scenario …`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc as run
from openpyxl import load_workbook

from fleet.db import get_engine, session_scope
from fleet.scenarios import (
    ScenarioStoreError,
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
)
from footprint.scenarios import ScenarioParams

REPO = Path(__file__).resolve().parents[2]


def test_save_load_list_delete(migrated_url: str) -> None:
    params = ScenarioParams(name="plan", extend_years=2, refurbished_share=0.5).to_mapping()
    with session_scope(get_engine(migrated_url), commit=True) as session:
        save_scenario(session, "plan", params, "deux ans de plus")
        with pytest.raises(ScenarioStoreError, match="existe déjà"):
            save_scenario(session, "plan", params, replace=False)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        loaded = load_scenario(session, "plan")
        assert ScenarioParams.from_mapping(loaded, name="plan") == ScenarioParams(
            name="plan", extend_years=2, refurbished_share=0.5
        )
        save_scenario(session, "plan", {**params, "growth": 0.02}, "révisé")
    with session_scope(get_engine(migrated_url), commit=True) as session:
        listed = list_scenarios(session)
        assert [(s["name"], s["description"], s["params"]["growth"]) for s in listed] == [
            ("plan", "révisé", 0.02)
        ]
        delete_scenario(session, "plan")
        with pytest.raises(ScenarioStoreError, match="inconnu"):
            load_scenario(session, "plan")


def test_run_json_and_table(fleet_url: str) -> None:
    out = run(
        "--db",
        fleet_url,
        "scenario",
        "run",
        "--horizon",
        "2026",
        "2030",
        "--replacement-age",
        "laptop=4",
        "--format",
        "json",
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["name"] == "baseline" and doc["horizon"] == [2026, 2030]
    years = {y["year"]: y for y in doc["years"]}
    assert years[2026]["purchases"] == pytest.approx(25 + 12)  # 2022 laptops + 2014 screens
    assert years[2026]["leaving_weee"] == pytest.approx(12)  # screens over 10 years old
    assert doc["totals"]["gwp_kg"] == pytest.approx(sum(y["gwp_kg"] for y in doc["years"]))
    laptop = next(c for c in doc["categories"] if c["category"] == "laptop")
    assert laptop["replacement_age"] == 4 and laptop["price_new_source"] == "fleet_median"
    assert laptop["price_new"] == 850.0
    table = run(
        "--db", fleet_url, "scenario", "run", "--preset", "extend-1", "--horizon", "2026", "2030"
    )
    assert table.returncode == 0, table.stderr
    assert "Jeu de facteurs : ecoparc-builtin" in table.stdout
    assert "Garder un an de plus" in table.stdout


def test_save_list_compare(fleet_url: str, tmp_path: Path) -> None:
    saved = run(
        "--db",
        fleet_url,
        "scenario",
        "save",
        "plan-2030",
        "--params",
        str(REPO / "docs" / "scenario-exemple.toml"),
        "--extend",
        "1",
    )
    assert saved.returncode == 0, saved.stderr
    again = run("--db", fleet_url, "scenario", "save", "plan-2030", "--extend", "3")
    assert again.returncode == 1 and "--replace" in again.stderr
    listed = json.loads(run("--db", fleet_url, "scenario", "list", "--format", "json").stdout)
    by_name = {r["name"]: r for r in listed}
    assert (
        by_name["plan-2030"]["kind"] == "saved"
        and by_name["plan-2030"]["params"]["extend_years"] == 1
    )
    assert by_name["refurb-50"]["kind"] == "preset"

    out = run(
        "--db",
        fleet_url,
        "scenario",
        "compare",
        "plan-2030",
        "extend-2",
        "--horizon",
        "2026",
        "2031",
        "--format",
        "json",
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["horizon"] == [2026, 2031]
    assert [s["name"] for s in doc["scenarios"]] == ["baseline", "plan-2030", "extend-2"]
    assert doc["scenarios"][0]["avoided_gwp_kg"] == 0
    assert doc["scenarios"][2]["avoided_gwp_kg"] > 0

    book = tmp_path / "comparaison.xlsx"
    written = run(
        "--db",
        fleet_url,
        "scenario",
        "compare",
        "refurb-50",
        "--horizon",
        "2026",
        "2028",
        "--format",
        "xlsx",
        "-o",
        str(book),
    )
    assert written.returncode == 0, written.stderr
    assert load_workbook(book).sheetnames[0] == "Paramètres"


def test_errors_have_the_contracts_exit_codes(fleet_url: str, tmp_path: Path) -> None:
    unknown = run("--db", fleet_url, "scenario", "compare", "nope")
    assert unknown.returncode == 1 and "nope" in unknown.stderr
    preset_name = run("--db", fleet_url, "scenario", "save", "baseline")
    assert preset_name.returncode == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("refurbished_share = 2\n", encoding="utf-8")
    rejected = run("--db", fleet_url, "scenario", "run", "--params", str(bad))
    assert rejected.returncode == 2 and "refurbished_share" in rejected.stderr
    missing = run("--db", fleet_url, "scenario", "run", "--params", str(tmp_path / "absent.toml"))
    assert missing.returncode == 2
    no_file = run("--db", fleet_url, "scenario", "compare", "extend-1", "--format", "xlsx")
    assert no_file.returncode == 2
    entity = run("--db", fleet_url, "scenario", "run", "--entity", "Atlantis")
    assert entity.returncode == 1
