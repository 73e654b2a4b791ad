"""``ecoparc footprint`` and ``ecoparc explain`` on a real database file."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import insert

from cli.footprint import explain_command, footprint_command
from cli.runtime import Runtime
from factors.locale import format_number
from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity, Site
from services.settings import Settings


@pytest.fixture
def fleet_url(migrated_url: str) -> str:
    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.execute(
            insert(Entity),
            [
                {"id": 1, "name": "Grenoble-Alpes Métropole", "kind": "metropole"},
                {"id": 2, "name": "Meylan", "kind": "commune"},
            ],
        )
        session.execute(
            insert(Site),
            [{"id": 1, "entity_id": 1, "name": "Salle A", "is_server_room": True, "pue": 1.6}],
        )
        common = {"acquisition": "new", "status": "in_service", "quantity": 1}
        session.execute(
            insert(Device),
            [
                {
                    **common,
                    "id": 1,
                    "entity_id": 1,
                    "category": "laptop",
                    "manufacturer": "Dell",
                    "model": "Latitude 5420",
                    "serial": "SN-0001",
                    "name": "=cmd|' /C calc'!A0",
                    "purchase_date": date(2022, 5, 3),
                },
                {
                    **common,
                    "id": 2,
                    "entity_id": 1,
                    "site_id": 1,
                    "category": "server",
                    "serial": "SRV-1",
                    "purchase_date": date(2021, 1, 15),
                },
                {
                    **common,
                    "id": 3,
                    "entity_id": 2,
                    "category": "monitor",
                    "quantity": 12,
                    "asset_tag": "INV-12",
                    "purchase_date": date(2024, 7, 1),
                    "acquisition": "refurbished",
                },
                {
                    **common,
                    "id": 4,
                    "entity_id": 2,
                    "category": "desktop",
                    "status": "disposed",
                    "purchase_date": date(2015, 1, 1),
                    "retirement_date": date(2020, 1, 1),
                },
            ],
        )
    return migrated_url


def invoke(url: str, command, *args: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    return runner.invoke(command, list(args), obj=Runtime(Settings(db_url=url, lang="fr")))


def test_json_total_is_the_sum_of_the_csv_rows(fleet_url: str) -> None:
    doc_run = invoke(
        fleet_url, footprint_command, "--year", "2024", "--by", "entity", "--format", "json"
    )
    assert doc_run.exit_code == 0, doc_run.output
    doc = json.loads(doc_run.output)
    assert doc["year"] == 2024 and doc["method"] == "annualized"
    assert doc["factor_set"] == "ecoparc-builtin"
    assert doc["electricity"]["zone"] == "FR"
    assert [g["key"] for g in doc["groups"]] == ["Grenoble-Alpes Métropole", "Meylan"]
    assert doc["total"]["devices"] == 14
    csv_run = invoke(fleet_url, footprint_command, "--year", "2024", "--format", "csv")
    assert csv_run.exit_code == 0, csv_run.output
    rows = pd.read_csv(io.StringIO(csv_run.output))
    assert len(rows) == 4
    for criterion in ("gwp", "adpe", "pe"):
        assert doc["total"][criterion]["total"] == pytest.approx(rows[f"{criterion}_total"].sum())
    server = rows.set_index("device_id").loc[2]
    assert server["pue_applied"] == 1.6
    assert rows.set_index("device_id").loc[1, "name"].startswith("'=")


def test_explain_reproduces_the_csv_row(fleet_url: str) -> None:
    csv_run = invoke(fleet_url, footprint_command, "--year", "2024", "--format", "csv")
    rows = pd.read_csv(io.StringIO(csv_run.output)).set_index("device_id")
    for key, device_id in (("SN-0001", 1), ("2", 2), ("INV-12", 3)):
        text = invoke(fleet_url, explain_command, key, "--year", "2024")
        assert text.exit_code == 0, text.output
        for criterion in ("gwp", "pe"):
            total = rows.loc[device_id, f"{criterion}_total"]
            assert f"= {format_number(total)}\n" in text.output
        as_json = invoke(fleet_url, explain_command, key, "--year", "2024", "--format", "json")
        trace = json.loads(as_json.output)
        assert trace["device_id"] == device_id
        for criterion in ("gwp", "adpe", "pe"):
            numbers = trace["results"][criterion]
            assert numbers["total"] == rows.loc[device_id, f"{criterion}_total"]
            assert numbers["embodied"] == rows.loc[device_id, f"{criterion}_embodied"]
            assert numbers["use"] == rows.loc[device_id, f"{criterion}_use"]


def test_table_xlsx_and_errors(fleet_url: str, tmp_path: Path) -> None:
    table = invoke(fleet_url, footprint_command, "--year", "2024", "--by", "category")
    assert table.exit_code == 0, table.output
    assert "Méthode : annualisée" in table.output
    assert "Écran" in table.output
    assert "climat total" in table.output and "gwp" not in table.output.split("Généré")[1]
    assert "Unités — climat = Changement climatique (kg CO2e)" in table.output
    out = tmp_path / "empreinte.xlsx"
    written = invoke(
        fleet_url,
        footprint_command,
        "--year",
        "2024",
        "--format",
        "xlsx",
        "-o",
        str(out),
        "--uncertainty",
        "--draws",
        "50",
        "--by",
        "site",
        "--method",
        "flux",
    )
    assert written.exit_code == 0, written.output
    assert load_workbook(out).sheetnames[0] == "Paramètres"
    assert invoke(fleet_url, footprint_command, "--format", "xlsx").exit_code == 2
    assert invoke(fleet_url, footprint_command, "--entity", "Nulle-part").exit_code == 1
    assert invoke(fleet_url, explain_command, "SN-9999").exit_code == 1
    override = invoke(
        fleet_url, footprint_command, "--year", "2024", "--electricity", "0.1", "--format", "json"
    )
    assert json.loads(override.output)["electricity"]["value"] == 0.1


def test_accounting_years_option(fleet_url: str) -> None:
    def total(*extra: str) -> float:
        run = invoke(
            fleet_url,
            footprint_command,
            "--year",
            "2024",
            "--method",
            "amortized",
            "--format",
            "json",
            *extra,
        )
        assert run.exit_code == 0, run.output
        return float(json.loads(run.output)["total"]["gwp"]["embodied"])

    five = total()
    assert total("--accounting-years", "5") == pytest.approx(five)
    assert total("--accounting-years", "laptop=4") > five  # 1/4 instead of 1/5
    bad = invoke(fleet_url, footprint_command, "--accounting-years", "pony=3")
    assert bad.exit_code == 2


def test_factor_set_by_stored_name_or_path(fleet_url: str, tmp_path: Path) -> None:
    import dataclasses

    from factors.builtin import load_builtin
    from factors.loader import write_factor_set
    from fleet.factor_store import save_factor_set

    copy = dataclasses.replace(load_builtin(), name="copie-locale", builtin=False, _derived={})
    with session_scope(get_engine(fleet_url), commit=True) as session:
        save_factor_set(session, copy)
    folder = tmp_path / "jeu"
    write_factor_set(copy, folder)
    for name in ("copie-locale", str(folder)):
        run = invoke(
            fleet_url, footprint_command, "--year", "2024", "--factors", name, "--format", "json"
        )
        assert run.exit_code == 0, run.output
        assert json.loads(run.output)["total"]["devices"] == 14
    assert invoke(fleet_url, footprint_command, "--factors", "inconnu").exit_code == 1
