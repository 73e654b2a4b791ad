"""A planned purchase compared new, refurbished, or kept a year longer: figures
computed by hand on the round-number factor set (conftest), the same figures as
the engine's own refurbished model, and ``ecoparc scenario purchase`` as a buyer
runs it (file in, workbook out, saved and reopened)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ecoparc_cli import ecoparc as run
from openpyxl import Workbook, load_workbook

from factors.builtin import load_builtin
from factors.factor_set import FactorSet
from footprint.refurbished import avoided_per_thousand
from footprint.scenarios import ScenarioError, ScenarioParams
from footprint.scenarios.purchase import (
    Purchase,
    PurchaseLine,
    compare_purchase,
    write_purchase_xlsx,
)
from services.errors import ServiceError
from services.scenarios import purchase_comparison, read_purchase
from services.uow import UnitOfWork

Frame = Callable[[Sequence[dict[str, Any]]], pd.DataFrame]

FIFTY_LAPTOPS = Purchase((PurchaseLine("laptop", 50, 900.0, 450.0, 4),), 2026, "50 portables")


def test_fifty_laptops_by_hand(factor_set: FactorSet, frame_of: Frame) -> None:
    """Laptop: 100 kg CO2e embodied (80 + 10 + 10), 1 kg CO2e of use a year, 2 kg,
    refurbished ratio 0.4, kept 4 years (2026–2029), annualised:

    - new: 50 × 100 + 50 × 1 × 4 = 5,200 kg; 45,000 € in 2026;
    - refurbished: 80 × 0.4 + 10 × 0.4 + 10 (second transport) + 10 = 56 kg a unit:
      50 × 56 + 200 = 3,000 kg, 2,200 kg avoided (50 × the per-unit figure of
      footprint.refurbished), 22,500 €; 50 devices given a second life: 100 kg of WEEE;
    - kept a year: the old ones (bought 2022) spread over 5 years, 20 kg each in 2026,
      then new ones bought in 2027, also kept 5 years: 3 × 20 each; 50 × (20 + 60) +
      50 × 1 × 4 = 4,200 kg; nothing spent in 2026, 45,000 € in 2027.
    """
    scope = frame_of(
        [{"purchase_date": "2026-02-01", "quantity": 10, "price_eur": 1000.0}]  # 10,000 € new
    )
    comparison = compare_purchase(FIFTY_LAPTOPS, factor_set, scope)
    table = comparison.table().set_index("option")
    assert comparison.purchase.horizon == (2026, 2029)
    # (the engine counts days: 2022–2026 holds a 29 February, hence the 0.01 %)
    assert table["gwp_kg"].to_dict() == pytest.approx(
        {"new": 5200.0, "refurbished": 3000.0, "keep": 4200.0}, rel=1e-3
    )
    assert table.loc["refurbished", "avoided_gwp_kg"] == pytest.approx(
        50 * avoided_per_thousand(factor_set, "laptop")
    )
    assert table["year_eur"].to_dict() == {"new": 45000.0, "refurbished": 22500.0, "keep": 0.0}
    assert table["horizon_eur"].to_dict() == {
        "new": 45000.0,
        "refurbished": 22500.0,
        "keep": 45000.0,
    }
    # The year's AGEC share: what the scope already bought (10,000 € new) plus the option.
    assert comparison.bought_before == (0.0, 10000.0)
    assert table["agec_share"].to_dict() == pytest.approx(
        {"new": 0.0, "refurbished": 22500 / 32500, "keep": 0.0}
    )
    assert table["avoided_weee_kg"].to_dict() == pytest.approx(
        {"new": 0.0, "refurbished": 100.0, "keep": 0.0}
    )


def test_a_purchase_is_saved_as_a_scenario_and_reopened() -> None:
    params = FIFTY_LAPTOPS.to_params("achat-portables")
    assert params.refurbished_share_by_category == {"laptop": 1.0}
    again = ScenarioParams.from_mapping(params.to_mapping(), name="achat-portables")
    assert Purchase.from_params(again) == FIFTY_LAPTOPS
    with pytest.raises(ScenarioError, match="n'est pas un achat"):
        Purchase.from_params(ScenarioParams(name="plan"))


def test_bad_lines_are_refused() -> None:
    with pytest.raises(ScenarioError, match="quantité"):
        PurchaseLine("laptop", 0, 900.0, 450.0, 4)
    with pytest.raises(ScenarioError, match="durée de vie"):
        PurchaseLine("laptop", 5, 900.0, 450.0, 0)
    with pytest.raises(ScenarioError, match="en double"):
        Purchase((FIFTY_LAPTOPS.lines[0], FIFTY_LAPTOPS.lines[0]), 2026)


def _purchase_file(path: Path) -> Path:
    if path.suffix == ".csv":
        path.write_text(
            "Catégorie;Quantité;Prix neuf € HT;Prix reconditionné € HT;Durée de vie (ans)\n"
            "Ordinateur portable;50;900;450;5\n"
            "Écran;20;180,50;90;6\n",
            encoding="utf-8",
        )
        return path
    wb = Workbook()
    ws = wb.active
    ws.append(["category", "quantity", "price_new", "price_refurbished", "lifespan"])
    ws.append(["laptop", 50, 900, 450, 5])
    ws.append(["monitor", 20, 180.5, 90, 6])
    wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_purchase_file_is_read(tmp_path: Path, suffix: str) -> None:
    purchase = read_purchase(_purchase_file(tmp_path / f"achat{suffix}"), 2026)
    assert purchase.lines == (
        PurchaseLine("laptop", 50, 900.0, 450.0, 5),
        PurchaseLine("monitor", 20, 180.5, 90.0, 6),
    )
    assert purchase.horizon == (2026, 2031)


def test_a_bad_purchase_file_is_one_french_line(tmp_path: Path) -> None:
    path = tmp_path / "achat.csv"
    path.write_text("Catégorie;Quantité\nOrdinateur portable;50\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="colonne"):
        read_purchase(path, 2026)
    path.write_text(
        "Catégorie;Quantité;Prix neuf;Prix reconditionné;Durée\nGrille-pain;5;10;5;3\n",
        encoding="utf-8",
    )
    with pytest.raises(ServiceError, match="ligne 2 : catégorie inconnue « Grille-pain »"):
        read_purchase(path, 2026)


def test_the_command_a_buyer_runs(fleet_url: str, tmp_path: Path) -> None:
    """50 laptops new vs refurbished on the built-in factors: the JSON document is the
    use case's, the refurbished option avoids 50 × the engine's per-unit figure, and
    the purchase goes to a workbook, to a saved scenario and back."""
    line = ("--category", "laptop", "--quantity", "50", "--price-new", "900")
    line += ("--price-refurbished", "450", "--lifespan", "5", "--year", "2026")
    out = run("--db", fleet_url, "scenario", "purchase", *line, "--format", "json")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    options = {o["option"]: o for o in document["options"]}
    assert document["horizon"] == [2026, 2030]
    # 50 × the per-unit figure: a full year each year of 2026–2030, its lifespan in days
    assert options["refurbished"]["avoided_gwp_kg"] == pytest.approx(
        50 * avoided_per_thousand(load_builtin(), "laptop") * (5 * 365.25) / 1826
    )
    assert options["new"]["year_eur"] == 45000 and options["refurbished"]["year_eur"] == 22500
    assert options["keep"]["year_eur"] == 0
    assert options["refurbished"]["avoided_weee_kg"] > 0
    with UnitOfWork(fleet_url) as uow:
        purchase = Purchase((PurchaseLine("laptop", 50, 900.0, 450.0, 5),), 2026)
        same = purchase_comparison(uow, purchase).table()
    assert [o["gwp_kg"] for o in document["options"]] == pytest.approx(same["gwp_kg"].tolist())

    table = run("--db", fleet_url, "scenario", "purchase", *line)
    assert table.returncode == 0 and "Acheter reconditionné" in table.stdout
    english = run("--db", fleet_url, "--lang", "en", "scenario", "purchase", *line)
    assert english.returncode == 0 and "Buy refurbished" in english.stdout

    source = _purchase_file(tmp_path / "achat.csv")
    workbook = tmp_path / "achat.xlsx"
    saved = run(
        "--db", fleet_url, "scenario", "purchase", "--file", str(source), "--year", "2026",
        "--save", "achat-2026", "-o", str(workbook),
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    sheets = load_workbook(workbook, read_only=True).sheetnames
    assert sheets[:3] == ["Achat", "Options", "Paramètres"]
    again = run(
        "--db", fleet_url, "scenario", "purchase", "--from", "achat-2026", "--format", "json"
    )
    assert again.returncode == 0, again.stderr
    assert [ln["category"] for ln in json.loads(again.stdout)["lines"]] == ["laptop", "monitor"]
    listed = run("--db", fleet_url, "scenario", "list", "--format", "json")
    assert "achat-2026" in [r["name"] for r in json.loads(listed.stdout)]

    missing = run("--db", fleet_url, "scenario", "purchase", "--category", "laptop")
    assert missing.returncode == 2 and "--quantity" in missing.stderr


def test_the_workbook_is_written_atomically(factor_set: FactorSet, tmp_path: Path) -> None:
    comparison = compare_purchase(FIFTY_LAPTOPS, factor_set, lang="en")
    target = tmp_path / "achat.xlsx"
    write_purchase_xlsx(comparison, target, "en")
    assert [p.name for p in tmp_path.iterdir()] == ["achat.xlsx"]  # no temporary left
    ws = load_workbook(target, read_only=True)["Options"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "option" and [r[0] for r in rows[1:]] == [
        "Buy new",
        "Buy refurbished",
        "Keep a year longer",
    ]
    assert math.isclose(rows[2][3], 3000.0)
