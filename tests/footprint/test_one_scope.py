"""One fleet of year Y (footprint.scope): the footprint command, the REEN workbook,
the BEGES lines and the scenarios' starting year give the same totals for the
sample fleet, to the kilogram."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from ecoparc_cli import ecoparc
from openpyxl import load_workbook

from factors.vocabulary import REUSE_CHANNELS
from fleet.db import get_engine, session_scope
from fleet.queries import fleet_frame
from fleet.report_data import disposals_frame
from footprint.indicators.beges import DEFAULT_EXPENSE_THRESHOLD_EUR

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


def test_every_beges_line_comes_from_the_footprint_rows(demo_url: str) -> None:
    """All the BEGES IT lines (2.1, 4.1 to 4.4), not only the electricity: rebuilt
    from the per-device rows of `footprint --method amortized` of the same year, with
    each device's price (4.1 against 4.2) and exit channel (4.3), they give the same
    total to the kilogram (footprint/indicators/beges.py for the rule of each line)."""
    beges = json.loads(run(demo_url, "report", "beges", "--year", YEAR, "--format", "json"))
    beges_kg = {line["poste"]: float(line["kg_co2e"]) for line in beges["lines"]}
    assert set(beges_kg) == {"2.1", "4.1", "4.2", "4.3", "4.4"}
    assert min(beges_kg.values()) > 0

    text = run(demo_url, "footprint", "--year", YEAR, "--method", "amortized", "--format", "csv")
    dates = ["purchase_date", "commissioning_date", "retirement_date"]
    rows = pd.read_csv(io.StringIO(text), parse_dates=dates)
    with session_scope(get_engine(demo_url)) as session:
        price = fleet_frame(session).set_index("device_id")["price_eur"]
        disposals = disposals_frame(session)
    year = int(YEAR)
    leased = (rows["acquisition"] == "leased").to_numpy()
    expensed = ~leased & (rows["device_id"].map(price) < DEFAULT_EXPENSE_THRESHOLD_EUR).to_numpy()
    acquired = rows["purchase_date"].fillna(rows["commissioning_date"])
    bought = (acquired.dt.year == year).to_numpy()
    retired = (rows["retirement_date"].dt.year == year).to_numpy()
    gone = disposals.loc[disposals["channel"].isin(REUSE_CHANNELS), "device_id"]
    reused = rows["device_id"].isin(set(gone)).to_numpy()
    upstream = (rows["gwp_manufacturing"] + rows["gwp_distribution"]).to_numpy()
    share = rows["embodied_share"].to_numpy()
    rebuilt = {
        "2.1": rows["gwp_use"].sum(),
        "4.1": upstream[expensed & bought].sum(),
        "4.2": (upstream * share)[~leased & ~expensed].sum(),
        "4.3": rows["gwp_end_of_life"].to_numpy()[retired & ~reused].sum(),
        "4.4": (upstream * share)[leased].sum(),
    }
    for poste, kg in rebuilt.items():
        assert kg == pytest.approx(beges_kg[poste], abs=1.0), poste
    assert sum(rebuilt.values()) == pytest.approx(sum(beges_kg.values()), abs=1.0)


def test_electricity_override_keeps_every_criterion_with_its_source(demo_url: str) -> None:
    doc = json.loads(
        run(demo_url, "footprint", "--year", YEAR, "--electricity", "0.06", "--format", "json")
    )
    factors = doc["electricity_by_criterion"]
    assert set(factors) == {"gwp", "adpe", "pe"}
    assert factors["gwp"]["value"] == 0.06
    assert factors["gwp"]["source"] == "valeur fournie par l'utilisateur"
    for criterion in ("adpe", "pe"):
        assert factors[criterion]["value"] > 0
        assert factors[criterion]["source"].startswith("[BAPI-2.4]")
    assert doc["total"]["adpe"]["use"] > 0 and doc["total"]["pe"]["use"] > 0
