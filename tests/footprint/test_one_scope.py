"""One fleet of year Y (footprint.scope): the footprint command, the REEN workbook,
the BEGES lines and the scenarios' starting year give the same totals for the
sample fleet, to the kilogram."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc
from openpyxl import load_workbook

YEAR = "2025"

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_url(demo_template: Path) -> str:
    return f"sqlite:///{demo_template}"


def run(url: str, *args: str) -> str:
    result = ecoparc("--db", url, "--lang", "fr", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def footprint_gwp(url: str, method: str) -> dict[str, float]:
    doc = json.loads(run(url, "footprint", "--year", YEAR, "--method", method, "--format", "json"))
    return {part: float(value) for part, value in doc["total"]["gwp"].items() if value is not None}


def test_footprint_reen_beges_and_scenario_agree(demo_url: str, tmp_path: Path) -> None:
    annualized = footprint_gwp(demo_url, "annualized")["total"]
    amortized = footprint_gwp(demo_url, "amortized")
    assert annualized > 50_000

    workbook = tmp_path / "reen.xlsx"
    run(demo_url, "report", "reen", "--year", YEAR, "-o", str(workbook))
    rows = load_workbook(workbook, read_only=True)["Indicateurs"].iter_rows(values_only=True)
    reen_t = next(float(r[1]) for r in rows if r and r[-1] == "footprint_gwp_t")
    assert reen_t * 1000 == pytest.approx(annualized, abs=1.0)

    beges = json.loads(run(demo_url, "report", "beges", "--year", YEAR, "--format", "json"))
    # 2.1 is the electricity of the fleet of the year, whatever the accounting method.
    electricity = next(float(line["kg_co2e"]) for line in beges["lines"] if line["poste"] == "2.1")
    assert electricity == pytest.approx(amortized["use"], abs=1.0)

    scenario = json.loads(
        run(demo_url, "scenario", "run", "--horizon", YEAR, "2030", "--format", "json")
    )
    assert scenario["start"]["year"] == int(YEAR)
    assert scenario["start"]["gwp_kg"] == pytest.approx(annualized, abs=1.0)
