"""Exports written as their tools write them, none of them a sample of ours: GLPI in
English, OCS Inventory NG (its French screen, its English one, its column names), a
supplier's delivery note with unit prices « PU HT ». Each lands with its rows, their
fields and nothing rejected (docs/import.md, « Les colonnes reconnues »)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.importing import run_import, suggest_mapping
from fleet.importing.values import header_unit, parse_capacity
from fleet.models import Device


def _import(url: str, path: Path) -> list[Device]:
    with session_scope(get_engine(url), commit=True) as session:
        result = run_import(session, path, entity="Grenoble")
        assert result.rejected == 0, result.rejections
    with session_scope(get_engine(url), commit=True) as session:
        return list(session.scalars(select(Device).order_by(Device.id)))


def _csv(path: Path, rows: list[list[str]], separator: str, encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(separator.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


GLPI_ENGLISH = [
    [
        "Name", "Entity", "Status", "Manufacturer", "Model", "Type", "Serial number",
        "Inventory number", "Location", "Operating system - Name", "Components - Processor",
        "Components - Memory", "Components - Hard drive", "Date of purchase", "Startup date",
        "Decommission date", "Value", "Last update",
    ],
    [
        "PC-COMPTA-01", "Root entity > Grenoble", "In use", "Dell Inc.", "Latitude 5420",
        "Laptop", "7XK2L93", "INV-2021-0042", "Town hall", "Windows 11 Pro",
        "Intel(R) Core(TM) i5-1145G7", "16384", "512 GB", "2021-03-15", "2021-03-22",
        "", "1234.56", "2024-01-15 10:23",
    ],
]  # fmt: skip


def test_glpi_in_english(db: str, tmp_path: Path) -> None:
    """GLPI's English labels of the components, the start-up date and the value."""
    (device,) = _import(db, _csv(tmp_path / "glpi.csv", GLPI_ENGLISH, ";"))
    assert (device.name, device.serial, device.asset_tag) == (
        "PC-COMPTA-01", "7XK2L93", "INV-2021-0042",
    )  # fmt: skip
    assert (device.category, device.manufacturer, device.status) == (
        "laptop", "Dell", "in_service",
    )  # fmt: skip
    assert device.purchase_date == date(2021, 3, 15)
    assert device.commissioning_date == date(2021, 3, 22)
    assert (device.cpu, device.ram_gb, device.storage_gb) == (
        "Intel(R) Core(TM) i5-1145G7",
        16,
        512,
    )
    assert device.price_eur == pytest.approx(1234.56)
    columns = [s.column for s in suggest_mapping(GLPI_ENGLISH[0]) if s.field is None]
    assert columns == ["Last update"]


OCS_ROWS = [
    ["MAIRIE", "2024-02-01 10:11:12", "PC-ACCUEIL", "agent1", "Microsoft Windows 10 Pro",
     "512", "2400", "Dell Inc.", "OptiPlex 7070", "5ABC123", "10.0.0.12"],
    ["MAIRIE", "2024-02-01 10:11:13", "PC-URBA", "agent2", "Microsoft Windows 11 Pro",
     "16384", "2900", "Dell Inc.", "Latitude 7420", "PF2XYZ12", "10.0.0.13"],
]  # fmt: skip
OCS_HEADERS = {
    "french": ["TAG", "Dernier inventaire", "Machine", "Utilisateur", "Système", "RAM (Mo)",
               "CPU (MHz)", "Fabricant", "Modèle", "Numéro de série", "Adresse IP"],
    "english": ["Account info: TAG", "Last inventory", "Computer", "User", "Operating system",
                "RAM (MB)", "CPU (MHz)", "Manufacturer", "Model", "Serial number", "IP address"],
    "columns": ["TAG", "LASTDATE", "NAME", "USERID", "OSNAME", "MEMORY", "PROCESSORS",
                "SMANUFACTURER", "SMODEL", "SSN", "IPADDR"],
}  # fmt: skip


@pytest.mark.parametrize("headers", OCS_HEADERS)
def test_ocs_inventory_export(headers: str, db: str, tmp_path: Path) -> None:
    """Every machine of an OCS export lands: its TAG, one value for a whole site, is no
    asset tag (read as one, all machines but the first were rejected as sharing it);
    the machine's name, serial, maker and model are read, and « RAM (Mo) » is in Mo."""
    rows = [OCS_HEADERS[headers], *OCS_ROWS]
    first, second = _import(db, _csv(tmp_path / "ocs.csv", rows, ";", "cp1252"))
    assert (first.name, first.serial, first.asset_tag) == ("PC-ACCUEIL", "5ABC123", None)
    assert (second.name, second.serial, second.asset_tag) == ("PC-URBA", "PF2XYZ12", None)
    assert (first.manufacturer, first.model, second.model) == (
        "Dell",
        "OptiPlex 7070",
        "Latitude 7420",
    )
    assert (first.category, second.category) == ("desktop", "laptop")
    assert first.os == "Microsoft Windows 10 Pro"
    if headers != "columns":  # MEMORY, without a unit: 512 reads as 512 GB there
        assert (first.ram_gb, second.ram_gb) == (0.5, 16)


def test_supplier_unit_prices(db: str, tmp_path: Path) -> None:
    """A delivery note's « PU HT » is the unit price; its « Total HT » and totals row
    are left out."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["RECONDI SAS — Bon de livraison BL-2026-0412"])
    sheet.append([])
    sheet.append(["Désignation", "Marque", "Réf. constructeur", "N° de série", "Grade", "Qté",
                  "PU HT", "Total HT"])  # fmt: skip
    sheet.append(["Ordinateur portable", "Lenovo", "ThinkPad T14 Gen 2", "PF3ABC12", "A", 1,
                  420.0, 420.0])  # fmt: skip
    sheet.append(["Écran", "Dell", "P2419H", "CN0P1", "B", 2, 80.0, 160.0])
    sheet.append(["Total", None, None, None, None, 3, None, 580.0])
    path = tmp_path / "bl.xlsx"
    book.save(path)
    laptop, screens = _import(db, path)
    assert (laptop.price_eur, screens.price_eur, screens.quantity) == (420, 80, 2)
    assert (laptop.acquisition, laptop.condition) == ("refurbished", "Grade A")


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("RAM (Mo)", "mo"),
        ("Mémoire [MB]", "mb"),
        ("Disque (To)", "to"),
        ("Stockage Go", "go"),
        ("Mémoire", None),
        ("RAM (m)", None),  # « m » alone is no unit a header states
        ("Taille écran (pouces)", None),
    ],
)
def test_header_unit(header: str, unit: str | None) -> None:
    assert header_unit(header) == unit


def test_a_unit_in_the_header_reads_bare_numbers_only() -> None:
    """The header's unit is the bare numbers'; a cell that says its own unit keeps it."""
    assert parse_capacity("512", bare_mb_above=1024, unit="mo") == 0.5
    assert parse_capacity("8 Go", bare_mb_above=1024, unit="mo") == 8
    assert parse_capacity("2", bare_mb_above=65536, unit="to") == 2000
    assert parse_capacity("512", bare_mb_above=1024) == 512
