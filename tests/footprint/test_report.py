"""Footprint outputs: JSON document shape, CSV and xlsx provenance and safety."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from footprint.engine import compute
from footprint.report import build_report, csv_text, to_document, write_csv, write_xlsx
from footprint.report_safety import neutralise_series, neutralise_text


@pytest.fixture
def result(frame_of, factor_set):
    frame = frame_of(
        [
            {
                "reference": "laptop-default",
                "match_level": "category",
                "purchase_date": "2023-01-01",
                "name": '=HYPERLINK("http://x")',
                "entity": "Grenoble",
                "quantity": 3,
            },
            {
                "reference": "dell-latitude-5420",
                "match_level": "model",
                "manufacturer": "Dell",
                "model": "Latitude 5420",
                "purchase_date": "2024-03-01",
                "name": "@SUM(1)",
                "entity": "Meylan",
            },
            {
                "category": "monitor",
                "reference": "monitor-default",
                "match_level": "category",
                "entity": "Meylan",
                "purchase_date": "2010-01-01",
                "retirement_date": "2015-01-01",
                "status": "disposed",
            },
        ]
    )
    return compute(frame, factor_set, 2024)


def test_json_document_shape(result):
    doc = to_document(build_report(result, "entity"))
    assert list(doc) == [
        "year",
        "method",
        "factor_set",
        "electricity",
        "electricity_by_criterion",
        "criteria",
        "groups",
        "total",
        "coverage",
    ]
    assert doc["electricity"] == {
        "zone": "FR",
        "year": 2024,
        "value": 0.098,
        "source": "BoaviztAPI FRA",
    }
    assert set(doc["electricity_by_criterion"]) == {"gwp", "adpe", "pe"}
    assert doc["electricity_by_criterion"]["gwp"]["value"] == 0.098
    assert doc["criteria"] == {
        "gwp": {"unit": "kg CO2e"},
        "adpe": {"unit": "kg Sb eq"},
        "pe": {"unit": "MJ"},
    }
    assert [g["key"] for g in doc["groups"]] == ["Grenoble", "Meylan"]
    assert doc["total"]["devices"] == 4  # the disposed monitor does not count
    assert sum(g["devices"] for g in doc["groups"]) == 4
    for c in ("gwp", "adpe", "pe"):
        block = doc["total"][c]
        assert set(block) == {"embodied", "use", "total", "low", "high"}
        assert block["low"] is None and block["high"] is None
        assert sum(g[c]["total"] for g in doc["groups"]) == pytest.approx(block["total"])
        assert block["total"] == pytest.approx(result.devices[f"{c}_total"].sum())
    assert doc["coverage"] == {"model": 0.25, "manufacturer+category": 0.0, "category": 0.75}
    json.dumps(doc)


def test_json_with_uncertainty(result):
    doc = to_document(build_report(result, "category", uncertainty=True, draws=200))
    for entry in [*doc["groups"], doc["total"]]:
        assert entry["gwp"]["low"] <= entry["gwp"]["high"]


def test_csv_rows_carry_provenance_and_are_safe(result, tmp_path: Path):
    path = tmp_path / "fp.csv"
    write_csv(result, path)
    rows = pd.read_csv(path)
    assert list(rows.columns[:4]) == ["method", "year", "factor_set", "electricity_kg_per_kwh"]
    assert set(rows["method"]) == {"annualized"}
    assert set(rows["factor_set"]) == {"test-set"}
    assert rows["electricity_kg_per_kwh"].iloc[0] == 0.098
    assert rows.loc[0, "name"] == '\'=HYPERLINK("http://x")'
    assert rows.loc[1, "name"] == "'@SUM(1)"
    assert rows["gwp_total"].sum() == pytest.approx(result.devices["gwp_total"].sum())
    assert csv_text(result) == path.read_text(encoding="utf-8")


def test_xlsx_first_sheet_states_provenance(result, tmp_path: Path):
    path = tmp_path / "fp.xlsx"
    write_xlsx(build_report(result, "entity", uncertainty=True, draws=100), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Paramètres", "Total", "Par entité", "Équipements"]
    params = {r[0]: r[1] for r in wb["Paramètres"].iter_rows(min_row=2, values_only=True)}
    assert params["Année"] == 2024
    assert params["Méthode"].startswith("annualisée")
    assert params["Jeu de facteurs"] == "test-set v1"
    assert "0,098" in params["Facteur électrique (Changement climatique)"]
    devices = wb["Équipements"]
    header = [c.value for c in devices[1]]
    name = header.index("Nom")
    cell = devices.cell(row=2, column=name + 1)
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    total = wb["Total"]
    header = [c.value for c in total[1]]
    assert total.cell(row=2, column=header.index("climat total") + 1).value == pytest.approx(
        result.devices["gwp_total"].sum()
    )


def test_neutralise_helpers():
    assert neutralise_text("=1+1") == "'=1+1"
    assert neutralise_text("-2") == "'-2"
    assert neutralise_text("Grenoble") == "Grenoble"
    series = pd.Series(["+33 4", "ok", None], dtype="str")
    assert list(neutralise_series(series).fillna("NA")) == ["'+33 4", "ok", "NA"]
    numbers = pd.Series([-1.0, 2.0])
    assert neutralise_series(numbers).equals(numbers)
