"""What an import does with real files: reading quirks, mapping, normalisation,
pseudonyms, prices, entities and sites, updates with their audit events,
dry runs, profiles, the rejects report and the device commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from import_support import counts, invoke
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.importing import (
    list_sheets,
    load_profile,
    read_table,
    run_import,
    save_profile,
    suggest_mapping,
    write_rejects,
)
from fleet.importing.values import parse_capacity, parse_date, parse_number
from fleet.models import Device, DeviceEvent, Entity, ImportBatch, ImportIssue, Site

GLPI = (
    "Nom;Entité;Statut;Fabricant;Modèle;Type;Numéro de série;Numéro d'inventaire;Lieu;Usager;"
    "Composants - Mémoire;Date d'achat;Valeur\n"
    "PC-001;Grenoble-Alpes Métropole > Grenoble;En service;Dell Inc.;Latitude 5420;;ABC1;INV-1;"
    "Hôtel de ville;jdupont;8192 Mo;12/03/2020;1 234,50 €\n"
    "PC-002;Grenoble-Alpes Métropole > Grenoble;HS;HEWLETT-PACKARD;ProDesk 600 G4;UC;DEF2;INV-2;"
    "Salle serveur;JDupont ;8 Go;2019;850\n"
    "EC-001;Grenoble-Alpes Métropole > Grenoble;Rebut;Dell;P2419H;;;INV-3;Hôtel de ville;;;"
    "15-06-21;180\n"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _import(url: str, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with session_scope(get_engine(url), commit=True) as session:
        return run_import(session, path, **options)  # type: ignore[arg-type]


def _devices(url: str) -> list[Device]:
    with session_scope(get_engine(url), commit=True) as session:
        return list(session.scalars(select(Device).order_by(Device.id)))


def test_glpi_cp1252_export_is_normalised(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "glpi.csv", GLPI, "cp1252")
    result = _import(db, path)
    assert (result.created, result.rejected) == (3, 0), result.rejections
    laptop, desktop, monitor = _devices(db)
    assert (laptop.category, desktop.category, monitor.category) == ("laptop", "desktop", "monitor")
    assert (laptop.manufacturer, desktop.manufacturer) == ("Dell", "HP")
    assert (laptop.status, desktop.status, monitor.status) == ("in_service", "broken", "retired")
    assert laptop.purchase_date == date(2020, 3, 12)
    assert desktop.purchase_date == date(2019, 1, 1)
    assert monitor.purchase_date == date(2021, 6, 15)
    assert laptop.price_eur == pytest.approx(1234.5)
    assert laptop.ram_gb == desktop.ram_gb == 8
    # Users are keyed pseudonyms, the same person in two spellings gets the same one.
    assert laptop.user_key and laptop.user_key.startswith("u-")
    assert laptop.user_key == desktop.user_key
    assert "dupont" not in laptop.user_key
    with session_scope(get_engine(db), commit=True) as session:
        grenoble = session.scalar(select(Entity).where(Entity.name == "Grenoble"))
        assert grenoble is not None and laptop.entity_id == grenoble.id
        sites = {s.name: s for s in session.scalars(select(Site))}
    assert sites["Salle serveur"].is_server_room and sites["Salle serveur"].pue == 1.75
    assert not sites["Hôtel de ville"].is_server_room


def test_keep_users_stores_names_in_clear(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "glpi.csv", GLPI)
    _import(db, path, keep_users=True)
    assert _devices(db)[0].user_key == "jdupont"


def test_title_rows_merged_cells_totals_and_sheet_detection(tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Inventaire tenu par le service informatique"])
    sheet = book.create_sheet("Parc 2024")
    sheet.append(["Inventaire du matériel — mairie"])
    sheet.append([])
    sheet.append(["Désignation", "N° de série", "Modèle", "Site", "Prix TTC"])
    sheet.append(["Portable", "S1", "ThinkPad T14", "Mairie", 1200])
    sheet.append(["Portable", "S2", "ThinkPad T14", None, 1200])
    sheet.merge_cells("D4:D5")
    sheet.append([])
    sheet.append(["Écran", "S3", "P2422H", "École", 240])
    sheet.append(["Total", None, None, None, 2640])
    path = tmp_path / "parc.xlsx"
    book.save(path)
    assert list_sheets(path) == ["Notes", "Parc 2024"]
    table = read_table(path)
    assert table.sheet == "Parc 2024"
    assert table.header_row == 3
    assert list(table.rows) == [4, 5, 7]
    assert list(table.frame["Site"]) == ["Mairie", "Mairie", "École"]


def test_ttc_prices_are_converted_and_recorded(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "ttc.csv", "Nom;Type;Prix TTC\nPC-1;Portable;1 200,00 €\n")
    result = _import(db, path, entity="Grenoble")
    assert _devices(db)[0].price_eur == pytest.approx(1000.0)
    with session_scope(get_engine(db), commit=True) as session:
        batch = session.get(ImportBatch, result.batch_id)
        assert batch is not None and batch.options
        assert batch.options["vat_rate"] == 0.2
        assert batch.options["price_ttc_column"] == "Prix TTC"


def test_lots_refurbished_flags_and_numecoeval_headers(db: str, tmp_path: Path) -> None:
    text = (
        "nomEquipementPhysique;modele;quantite;type;statut;dateAchat;dureeUsageAmont;nomEntite\n"
        "Écrans salle du conseil;Dell P2422H;12;Monitor;In use;2022-03-01;;Échirolles\n"
        "Portables reconditionnés;Latitude 7490;5;Laptop;In stock;2024-01-15;3;Échirolles\n"
    )
    result = _import(db, _write(tmp_path / "nee.csv", text))
    assert result.created == 2 and not result.unmapped_columns
    lot, refurbished = _devices(db)
    assert (lot.quantity, lot.category, lot.serial, lot.acquisition) == (12, "monitor", None, "new")
    assert (refurbished.acquisition, refurbished.first_life_years) == ("refurbished", 3)
    assert refurbished.status == "in_stock"


def test_entity_option_wins_over_the_column_and_create_entities(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "glpi.csv", GLPI)
    _import(db, path, entity="Échirolles")
    with session_scope(get_engine(db), commit=True) as session:
        names = set(
            session.scalars(select(Entity.name).join(Device, Device.entity_id == Entity.id))
        )
    assert names == {"Échirolles"}
    other = _write(tmp_path / "nouvelle.csv", "Nom;Entité;Type\nPC-9;Vizille;Portable\n")
    refused = _import(db, other)
    assert refused.committed is False and "entité inconnue" in refused.rejections[0].reason
    created = _import(db, other, create_entities=True)
    assert created.created == 1 and created.new_entities == ["Vizille"]


def test_reimport_updates_with_events_and_keeps_unmentioned_values(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "glpi.csv", GLPI)
    _import(db, path)
    changed = GLPI.replace("HS;HEWLETT-PACKARD", "En stock;HEWLETT-PACKARD").replace(
        ";850\n", ";\n"
    )
    result = _import(db, _write(tmp_path / "glpi2.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    desktop = _devices(db)[1]
    assert desktop.status == "in_stock"
    assert desktop.price_eur == 850  # an empty cell never erases a stored value
    with session_scope(get_engine(db), commit=True) as session:
        event = session.scalar(select(DeviceEvent).where(DeviceEvent.kind == "update"))
        assert event is not None
        assert event.before == {"status": "broken"} and event.after == {"status": "in_stock"}
        assert event.batch_id == result.batch_id
        creates = session.scalars(select(DeviceEvent).where(DeviceEvent.kind == "create")).all()
        assert len(creates) == 3


def test_dry_run_writes_nothing_and_previews(db: str, tmp_path: Path) -> None:
    before = counts(db)
    result = _import(db, _write(tmp_path / "glpi.csv", GLPI), dry_run=True)
    assert result.created == 3 and result.committed is False and result.batch_id is None
    assert [p["action"] for p in result.preview] == ["create"] * 3
    assert counts(db) == before


def test_rejects_are_recorded_and_the_report_keeps_formulas_as_text(
    db: str, tmp_path: Path
) -> None:
    text = (
        "Nom;Numéro de série;Type;Date d'achat\n"
        '=HYPERLINK("http://x");S1;Portable;31/02/2021\n'
        "PC-2;S2;Portable;01/02/2021\n"
        "@SUM(A1);S2;Portable;01/02/2021\n"
    )
    result = _import(db, _write(tmp_path / "bad.csv", text), entity="Grenoble")
    assert (result.created, result.rejected) == (1, 2)
    reasons = {r.row: r.reason for r in result.rejections}
    assert "date impossible" in reasons[2] and "déjà présent ligne 3" in reasons[4]
    with session_scope(get_engine(db), commit=True) as session:
        issues = session.scalars(select(ImportIssue).order_by(ImportIssue.row)).all()
        assert [i.row for i in issues] == [2, 4]
    report = tmp_path / "rejets.xlsx"
    write_rejects(result, report)
    sheet = load_workbook(report).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Ligne" and rows[0][-1] == "Motif du rejet"
    assert rows[1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=2).data_type == "s"
    csv_report = tmp_path / "rejets.csv"
    write_rejects(result, csv_report)
    assert "'=HYPERLINK" in csv_report.read_text(encoding="utf-8-sig")


def test_profiles_map_unusual_headers(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "maison.csv", "Machine;Bidule;Genre\nPC-1;X1;Portable\n")
    with session_scope(get_engine(db), commit=True) as session:
        save_profile(
            session, "Tableur maison", {"Machine": "name", "Bidule": "serial", "Genre": "category"}
        )
        assert load_profile(session, "Tableur maison")["mapping"]["Bidule"] == "serial"
    result = _import(db, path, entity="Grenoble", profile="Tableur maison")
    assert result.created == 1 and _devices(db)[0].serial == "X1"


def test_suggestions_score_known_and_fuzzy_headers() -> None:
    suggestions = {
        s.column: s
        for s in suggest_mapping(["Numéro de série", "N° d'inventaire", "Dat d'achat", "Zorglub"])
    }
    assert suggestions["Numéro de série"].field == "serial"
    assert suggestions["Numéro de série"].score == 1.0
    assert suggestions["N° d'inventaire"].field == "asset_tag"
    assert suggestions["Dat d'achat"].field == "purchase_date"
    assert 0.86 <= suggestions["Dat d'achat"].score < 1
    assert suggestions["Zorglub"].field is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/2021", date(2021, 3, 12)),
        ("12-03-21", date(2021, 3, 12)),
        ("2021-03-12", date(2021, 3, 12)),
        ("44267", date(2021, 3, 12)),
        ("2021", date(2021, 1, 1)),
        ("03/2021", date(2021, 3, 1)),
        ("12 mars 2021", date(2021, 3, 12)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=date(2026, 11, 28)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50 €", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.50", 1234.5),
        ("12,5", 12.5),
        ("-3", -3.0),
        ("850 € HT", 850.0),
    ],
)
def test_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


def test_a_number_too_large_for_a_float_is_rejected_not_infinite(db: str, tmp_path: Path) -> None:
    """400 digits or « inf » in a kWh cell were stored as inf, which crashed every footprint."""
    with pytest.raises(ValueError, match="trop grand"):
        parse_number("9" * 400)
    text = f"Nom;Type;Conso kWh\nPC-1;Portable;{'9' * 400}\nPC-2;Portable;inf\nPC-3;Portable;12,5\n"
    result = _import(db, _write(tmp_path / "kwh.csv", text), entity="Grenoble")
    assert (result.created, result.rejected) == (1, 2), result.rejections
    assert [d.annual_kwh for d in _devices(db)] == [12.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8 Go", 8), ("8192 Mo", 8), ("8192", 8), ("16 GB DDR4", 16), ("2 x 8 Go", 16), ("512", 512)],
)
def test_memory(text: str, expected: float) -> None:
    assert parse_capacity(text, bare_mb_above=1024) == expected


def test_import_and_devices_commands_json(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "glpi.csv", GLPI, "cp1252")
    first = invoke(db, "import", str(path), "--format", "json")
    assert first.exit_code == 0, first.output
    document = json.loads(first.stdout)
    assert {k: document[k] for k in ("rows", "created", "updated", "unchanged", "rejected")} == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    again = json.loads(invoke(db, "import", str(path), "--format", "json").stdout)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    listed = invoke(db, "devices", "list", "--entity", "Grenoble", "--format", "json")
    devices = json.loads(listed.stdout)
    assert [d["serial"] for d in devices] == ["ABC1", "DEF2", None]
    assert devices[0]["purchase_date"] == "2020-03-12"
    assert {
        "id",
        "entity",
        "name",
        "asset_tag",
        "quantity",
        "category",
        "manufacturer",
        "model",
        "acquisition",
        "status",
        "price_eur",
    } <= set(devices[0])
    assert "user_key" not in devices[0]
    shown = json.loads(invoke(db, "devices", "show", "INV-2", "--format", "json").stdout)
    assert shown["serial"] == "DEF2" and shown["events"][0]["kind"] == "create"
    csv_out = invoke(db, "devices", "list", "--category", "monitor", "--format", "csv")
    assert csv_out.exit_code == 0 and "P2419H" in csv_out.stdout


def test_several_files_rejects_file_and_saved_profile(db: str, tmp_path: Path) -> None:
    first = _write(tmp_path / "a.csv", "Bidule;Numéro de série;Type\nPC-1;S1;Portable\n")
    second = _write(
        tmp_path / "b.csv", "Bidule;Numéro de série;Type\nPC-2;S2;Portable\nPC-3;S3;Toaster\n"
    )
    rejects = tmp_path / "rejets.xlsx"
    result = invoke(
        db,
        "import",
        str(first),
        str(second),
        "--entity",
        "Grenoble",
        "--format",
        "json",
        "--rejects",
        str(rejects),
        "--save-profile",
        "Export maison",
    )
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)
    assert [(d["created"], d["rejected"]) for d in documents] == [(1, 0), (1, 1)]
    assert documents[0]["unmapped_columns"] == ["Bidule"]
    book = load_workbook(rejects)
    assert book.sheetnames == ["b"]
    with session_scope(get_engine(db), commit=True) as session:
        assert load_profile(session, "Export maison")["mapping"]["Type"] == "category"
    strict = invoke(db, "import", str(first), str(second), "--entity", "Grenoble", "--strict")
    assert strict.exit_code == 3  # rows rejected: nothing imported, and a script can tell
    dry = invoke(db, "import", str(second), "--entity", "Grenoble", "--strict", "--dry-run")
    assert dry.exit_code == 3


def test_a_total_row_is_found_by_its_first_filled_cell(tmp_path: Path) -> None:
    """« Total » ends a table whichever column it is written in, the cells before it
    left empty; a row whose first cell is filled is never a total by a later one."""
    path = tmp_path / "parc.csv"
    path.write_text(
        "Nom;Numéro de série;Type\nPC-1;SN1;Portable\nPC-2;Total;Portable\n"
        ";Sous-total;2\n;;Total général\n",
        encoding="utf-8",
    )
    table = read_table(path)
    assert table.frame["Nom"].tolist() == ["PC-1", "PC-2"]
    assert table.rows.tolist() == [2, 3]
