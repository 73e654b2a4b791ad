"""The generated files themselves: REEN workbook, AGEC CSV, BEGES, NumEcoEval export.

Workbooks are opened with openpyxl, CSV files read as bytes; the commands run
for real on a database seeded with the hand-built fleet (SQLite, and PostgreSQL
when the test server is configured).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from ecoparc_cli import Ran, ecoparc
from hand_fleet import ALPHA_SIRET, make_frame, seed_database
from numecoeval_spec import REFERENTIAL_TYPES, validate_export
from openpyxl import load_workbook
from sqlalchemy import insert

from factors.builtin import load_builtin
from factors.locale import category_label
from factors.numecoeval import CATEGORY_TYPES
from factors.vocabulary import ACQUISITION_LABELS, CATEGORIES, STATUS_LABELS
from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.models import Entity
from fleet.queries import fleet_frame
from footprint import xlsx
from footprint.aggregate import aggregate
from footprint.indicators.agec import DECLARATION_COLUMNS, agec_amounts, agec_declaration
from footprint.indicators.reen import CONSOLIDATED, build_reen
from footprint.labels import LIFESPAN_RULE_LABELS, MATCH_LEVEL_LABELS
from footprint.reports.agec_csv import write_agec_csv
from footprint.reports.numecoeval import EQUIPMENT_COLUMNS, export_result
from footprint.reports.reen_xlsx import ANNEX_COLUMNS, write_reen_xlsx
from footprint.scope import compute_year, fleet_of_year

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 1)
AGEC_TYPES = {
    "Matériel informatique et téléphonie",
    "Matériel de reprographie et d'impression",
    "Consommables d'impression",
}


@pytest.fixture
def reen_report(hand_frame, builtin, entities):
    frame = hand_frame.copy()
    frame.loc[0, "name"] = '=HYPERLINK("http://x","clic")'
    return build_reen(frame, builtin, 2024, entities, span=2, today=TODAY)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_reen_workbook_sheets_charts_cover_and_values(reen_report, tmp_path: Path) -> None:
    path = tmp_path / "reen.xlsx"
    write_reen_xlsx(reen_report, path, "Toutes les entités")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Couverture",
        "Indicateurs",
        "Tendance",
        "Alpha",
        "Beta",
        "Annexe équipements",
        "Méthode",
    ]
    for name in ("Indicateurs", "Alpha", "Beta"):
        assert [type(c).__name__ for c in wb[name]._charts] == ["BarChart"]
    assert [type(c).__name__ for c in wb["Tendance"]._charts] == ["LineChart"]

    cover = {row[0]: row[1] for row in _rows(wb["Couverture"]) if row[0]}
    result = reen_report.current.result
    e = result.electricity["gwp"]
    assert cover["Année"] == "2024"
    assert cover["Méthode"] == "annualisée (incorporé / durée de vie)"  # words, not the code
    assert cover["Jeu de facteurs"] == f"{result.factor_set} v{result.factors.version}"
    assert cover["Facteur électrique"].startswith(f"{e.value:g}".replace(".", ","))
    assert cover["Source du facteur électrique"] == e.source
    assert cover["Périmètre"] == "Toutes les entités"

    table = {row[6]: row for row in _rows(wb["Indicateurs"])[2:] if row[6]}
    engine_total = aggregate(result, None).iloc[0]["gwp_total"] / 1000
    assert table["footprint_gwp_t"][1] == pytest.approx(engine_total)
    assert table["footprint_gwp_t"][5] == pytest.approx(
        reen_report.previous.value("footprint_gwp_t")
    )
    assert table["spend_reuse_share"][3] == pytest.approx(0.20)
    assert table["spend_reuse_share"][4] == "atteint"
    assert table["devices_in_service"][1] == 13
    alpha = {row[6]: row for row in _rows(wb["Alpha"])[2:] if len(row) > 6 and row[6]}
    assert alpha["devices_in_service"][1] == 11
    alpha_gwp = aggregate(reen_report.current.scope_result("Alpha"), None).iloc[0]["gwp_total"]
    assert alpha["footprint_gwp_t"][1] == pytest.approx(alpha_gwp / 1000)

    trend = _rows(wb["Tendance"])
    assert [r[0] for r in trend[1:]] == [2022, 2023, 2024]
    assert trend[-1][1] == pytest.approx(engine_total)

    annex = wb["Annexe équipements"]
    header = [c.value for c in annex[1]]
    name_cell = annex.cell(row=2, column=header.index("Nom") + 1)
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")
    assert annex.max_row == 1 + len(result.devices)


def test_reen_workbook_in_english(reen_report, tmp_path: Path) -> None:
    path = tmp_path / "reen-en.xlsx"
    write_reen_xlsx(reen_report, path, "All entities", lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Cover", "Indicators", "Trend"]
    cover = {row[0]: row[1] for row in _rows(wb["Cover"]) if row[0]}
    assert cover["Method"].startswith("annualized")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_reen_workbook_shows_wording_not_codes(reen_report, tmp_path: Path, lang: str) -> None:
    """Every sheet but the « Code » columns speaks the workbook's language: the annex's
    headings and its categories, statuses, acquisitions, match levels and lifespan
    rules are words, never the engine's codes (a code equal to its English word aside)."""
    path = tmp_path / f"reen-{lang}.xlsx"
    write_reen_xlsx(reen_report, path, "Toutes les entités", lang=lang)
    wb = load_workbook(path, read_only=True)
    tables = [CATEGORIES, ACQUISITION_LABELS, STATUS_LABELS, MATCH_LEVEL_LABELS]
    tables.append(LIFESPAN_RULE_LABELS)
    english = 0 if lang == "fr" else 1
    codes = {c for t in tables for c, words in t.items() if words[english] != c}
    codes |= set(ANNEX_COLUMNS) - {"site"}  # « Site » is a word in both languages
    seen = set()
    for sheet in wb.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        code_columns = {i for row in rows for i, v in enumerate(row) if v == "Code"}
        for row in rows:
            seen |= {v for i, v in enumerate(row) if isinstance(v, str) and i not in code_columns}
    assert seen & codes == set()
    annex = list(wb[wb.sheetnames[-2]].iter_rows(values_only=True))
    category = annex[0].index("Catégorie" if lang == "fr" else "Category")
    words = {row[category] for row in annex[1:]}
    assert words == {
        category_label(c, lang) for c in reen_report.current.result.devices["category"]
    }


def test_agec_csv_matches_the_data_gouv_schema(hand_frame, entities, tmp_path: Path) -> None:
    frame = pd.concat(
        [
            hand_frame,
            make_frame(
                [
                    {
                        "category": "mfp",
                        "purchase_date": "2024-05-02",
                        "price_eur": 2500.5,
                        "entity": "Alpha",
                        "name": "=cmd",
                    }
                ]
            ).assign(device_id=99),
        ],
        ignore_index=True,
    )
    rows, skipped = agec_declaration(agec_amounts(frame, 2024), entities, 2024)
    path = tmp_path / "agec.csv"
    write_agec_csv(rows, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")  # strict: valid UTF-8
    records = list(csv.reader(io.StringIO(text), delimiter=","))
    assert records[0] == list(DECLARATION_COLUMNS)
    body = records[1:]
    assert len(body) == 2  # Alpha: IT and telephony, printing; Beta has no valid SIRET
    for annee, siret, name, kind, total, reuse, don, recycled, comment in body:
        assert re.fullmatch(r"\d{4}", annee) and int(annee) == 2024
        assert re.fullmatch(r"\d{14}", siret) and siret == ALPHA_SIRET
        assert name == "Alpha"
        assert kind in AGEC_TYPES
        amounts = [float(x) for x in (total, reuse, don, recycled)]
        assert all(re.fullmatch(r"\d+\.\d{2}", x) for x in (total, reuse, don, recycled))
        assert all(a >= 0 for a in amounts) and amounts[1] + amounts[2] <= amounts[0]
        assert comment.startswith("ecoparc")
    by_kind = {r[3]: r for r in body}
    assert by_kind["Matériel de reprographie et d'impression"][4] == "2500.50"
    assert by_kind["Matériel informatique et téléphonie"][4:7] == ["1200.00", "200.00", "200.00"]
    assert skipped["entity"].tolist() == ["Beta"]


# --- against a real database -------------------------------------------------------------


def _ecoparc(url: str, *args: str) -> Ran:
    return ecoparc("--db", url, "--lang", "fr", *args, cwd=REPO)


def test_report_commands_write_their_files(migrated_url: str, tmp_path: Path) -> None:
    seed_database(migrated_url)
    xlsx = tmp_path / "reen.xlsx"
    done = _ecoparc(migrated_url, "report", "reen", "--year", "2024", "-o", str(xlsx))
    assert done.returncode == 0, done.stderr
    assert str(xlsx) in done.stdout
    wb = load_workbook(xlsx)
    assert {"Couverture", "Indicateurs", "Tendance", "Alpha", "Beta"} <= set(wb.sheetnames)
    table = {row[6]: row for row in _rows(wb["Indicateurs"])[2:] if row[6]}
    assert table["donation"][1] == 1
    assert table["weee_recycling"][1] == 1
    # device 12 moved from Alpha to Beta in June 2024: Alpha's at the end of 2023
    alpha = {row[6]: row for row in _rows(wb["Alpha"])[2:] if len(row) > 6 and row[6]}
    assert alpha["devices_in_service"][5] == 3 + 1 + 1 + 2 + 1

    csv_path = tmp_path / "agec.csv"
    done = _ecoparc(migrated_url, "report", "agec", "--year", "2024", "-o", str(csv_path))
    assert done.returncode == 0, done.stderr
    assert "Beta" in done.stderr and "SIRET" in done.stderr
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(DECLARATION_COLUMNS)
    assert len(lines) == 2 and lines[1].startswith(f"2024,{ALPHA_SIRET},Alpha,")

    done = _ecoparc(migrated_url, "report", "beges", "--year", "2024", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [line["poste"] for line in doc["lines"]] == ["2.1", "4.1", "4.2", "4.3", "4.4"]
    assert doc["method"] == "amortized"
    assert doc["electricity"]["source"]
    assert doc["total_t_co2e"] == pytest.approx(sum(line["t_co2e"] for line in doc["lines"]))
    # the desktop recycled in 2024 is waste; the donated laptop is not
    assert [line["devices"] for line in doc["lines"] if line["poste"] == "4.3"] == [1.0]

    beges_xlsx = tmp_path / "beges.xlsx"
    done = _ecoparc(
        migrated_url, "report", "beges", "--year", "2024", "--format", "xlsx", "-o", str(beges_xlsx)
    )
    assert done.returncode == 0, done.stderr
    assert load_workbook(beges_xlsx).sheetnames == ["BEGES"]


def test_report_commands_refuse_bad_input(sqlite_url: str, tmp_path: Path) -> None:
    seed_database(sqlite_url)
    done = _ecoparc(
        sqlite_url, "report", "reen", "--entity", "Nulle-part", "-o", str(tmp_path / "x.xlsx")
    )
    assert done.returncode == 1 and "Nulle-part" in done.stderr
    done = _ecoparc(sqlite_url, "report", "beges", "--format", "xlsx")
    assert done.returncode == 2
    done = _ecoparc(sqlite_url, "report", "reen", "--year", "2024")
    assert done.returncode == 2  # -o is required
    # A folder that exists but takes no file (xlsxwriter wraps the OSError in its own
    # exception): one line, exit 2, no traceback.
    done = _ecoparc(sqlite_url, "report", "reen", "-o", "/proc/reen.xlsx")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "/proc/reen.xlsx" in done.stderr


def test_output_file_extension_chooses_the_format(sqlite_url: str, tmp_path: Path) -> None:
    """``-o bilan.xlsx`` without ``--format`` writes a workbook, never text in a file
    named .xlsx, and ``-o`` is never silently ignored."""
    seed_database(sqlite_url)
    beges = tmp_path / "beges.xlsx"
    done = _ecoparc(sqlite_url, "report", "beges", "--year", "2024", "-o", str(beges))
    assert done.returncode == 0, done.stderr
    assert load_workbook(beges).sheetnames == ["BEGES"]
    footprint = tmp_path / "empreinte.xlsx"
    done = _ecoparc(sqlite_url, "footprint", "--year", "2024", "-o", str(footprint))
    assert done.returncode == 0, done.stderr
    assert "Paramètres" in load_workbook(footprint).sheetnames
    done = _ecoparc(sqlite_url, "footprint", "-o", str(tmp_path / "empreinte.txt"))
    assert done.returncode == 2 and "--format" in done.stderr
    assert not (tmp_path / "empreinte.txt").exists()
    done = _ecoparc(sqlite_url, "report", "agec", "--year", "2024", "-o", str(tmp_path / "a.xlsx"))
    assert done.returncode == 2 and "CSV" in done.stderr
    assert not (tmp_path / "a.xlsx").exists()


def test_numecoeval_export_round_trips_through_the_importer(
    migrated_url: str, tmp_path: Path
) -> None:
    seed_database(migrated_url)
    out = tmp_path / "nee"
    done = _ecoparc(migrated_url, "export", "numecoeval", str(out))
    assert done.returncode == 0, done.stderr
    equipment = out / "equipementPhysique.csv"
    header = equipment.read_text(encoding="utf-8").splitlines()[0]
    assert header == ";".join(EQUIPMENT_COLUMNS)
    assert (out / "entite.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "Alpha;10;;",
        "Beta;4;;",
    ]

    target = f"sqlite:///{tmp_path / 'again.db'}"
    from fleet.schema import upgrade

    upgrade(target, backup=False)
    with session_scope(get_engine(target), commit=True) as session:
        session.execute(insert(Entity), [{"name": "Alpha"}, {"name": "Beta"}])
    with session_scope(get_engine(target), commit=True) as session:
        result = run_import(session, equipment)
        assert result.rejected == 0, result.rejections
    with session_scope(get_engine(migrated_url), commit=True) as session:
        before = fleet_frame(session)
    with session_scope(get_engine(target), commit=True) as session:
        after = fleet_frame(session)
    columns = [
        "name",
        "entity",
        "quantity",
        "category",
        "manufacturer",
        "purchase_date",
        "retirement_date",
        "status",
        "first_life_years",
        "annual_kwh",
    ]
    left = before[columns].sort_values("name").reset_index(drop=True)
    right = after[columns].sort_values("name").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    models = after.set_index("name")["model"]
    assert models["DEV-1"].endswith("Latitude 5420")


def test_reen_indicators_of_the_database_equal_the_engine(migrated_url: str, builtin) -> None:
    """The CLI's inputs reproduce the in-memory computation on the same fleet."""
    from services.reports import build_reen_report, load_inputs
    from services.uow import UnitOfWork

    seed_database(migrated_url)
    with UnitOfWork(migrated_url) as uow:
        inputs = load_inputs(uow)
    report = build_reen_report(inputs, 2024, today=TODAY)
    fleet = fleet_of_year(inputs.frame, 2024, inputs.events, today=TODAY)
    result = compute_year(fleet, builtin)
    assert report.current.value("footprint_gwp_t") == pytest.approx(
        result.devices["gwp_total"].sum() / 1000
    )
    assert report.current.value("devices_in_service", "Beta") == 2
    assert report.current.value("reuse_sent", CONSOLIDATED) == 1


def test_numecoeval_export_of_the_demo_fleet_gives_back_the_same_devices(
    demo_copy: str, tmp_path: Path
) -> None:
    """``export numecoeval`` of the sample inventories passes the validator written from
    the specification, then ``import --create-entities`` into an empty database gives
    the devices back one by one; what the format cannot carry (serial, acquisition
    without a first life, a category finer than the referential's type that the model
    does not name, a model's own spelling: docs/reports.md) is checked as lost."""
    from fleet.importing.categories import category_from_model
    from fleet.schema import upgrade

    source, target = demo_copy, f"sqlite:///{tmp_path / 'again.db'}"
    upgrade(target, backup=False)
    out = tmp_path / "nee"
    done = _ecoparc(source, "export", "numecoeval", str(out))
    assert done.returncode == 0, done.stderr
    assert validate_export(out) == []
    exported = pd.read_csv(out / "equipementPhysique.csv", sep=";", dtype="str")
    assert set(exported["type"]) <= REFERENTIAL_TYPES
    done = _ecoparc(target, "import", str(out / "equipementPhysique.csv"), "--create-entities")
    assert done.returncode == 0, done.stderr
    with session_scope(get_engine(source), commit=True) as session:
        before = fleet_frame(session)
    with session_scope(get_engine(target), commit=True) as session:
        after = fleet_frame(session)
    assert len(after) == len(before)

    # The name written to nomEquipementPhysique: the name, else the serial, made unique.
    name = before["name"].fillna(before["serial"]).fillna(before["asset_tag"])
    ids = before["device_id"].astype("int64").astype("str")
    name = name.fillna("ecoparc-" + ids)
    expected = before.assign(name=name.where(~name.duplicated(), name + "#" + ids))
    # The model as matched: a model-level match comes back as its reference's model.
    result = export_result(before, load_builtin(), date.today())
    references = result.factors.references.set_index("reference")
    matched = (result.devices["match_level"] == "model").to_numpy()
    reference_model = result.devices["reference"].map(references["model"]).to_numpy()
    expected.loc[matched, "model"] = reference_model[matched]
    columns = [
        "entity",
        "quantity",
        "manufacturer",
        "model",
        "purchase_date",
        "retirement_date",
        "status",
        "first_life_years",
        "annual_kwh",
    ]
    left = expected.set_index("name")[columns].sort_index()
    right = after.set_index("name")[columns].sort_index()
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    # Categories come back through the referential's type, and exactly whenever the
    # model names the finer category (an all-in-one « EliteOne » under ``Desktop``).
    was = expected.set_index("name")["category"].sort_index()
    now = after.set_index("name")["category"].sort_index()
    pd.testing.assert_series_equal(was.map(CATEGORY_TYPES), now.map(CATEGORY_TYPES))
    named = right["model"].map(lambda m: category_from_model(m) or "") == was
    assert (now[named] == was[named]).all()
    assert (now == was).mean() > 0.98
    assert {"APC", "NEC", "Eaton", "Konica Minolta"} <= set(after["manufacturer"].dropna())
    pairs = after[["manufacturer", "model"]].dropna().drop_duplicates()
    doubled = [
        m for f, m in pairs.itertuples(index=False) if m.casefold().startswith(f"{f} ".casefold())
    ]
    assert doubled == []

    assert after["serial"].isna().all()  # no serial column in NumEcoEval
    acquisition = expected.set_index("name")["acquisition"].sort_index()
    first_life = expected.set_index("name")["first_life_years"].sort_index()
    carried = (acquisition == "new") | ((acquisition == "refurbished") & (first_life > 0))
    back = right.join(after.set_index("name")[["acquisition"]])["acquisition"]
    pd.testing.assert_series_equal(back[carried], acquisition[carried], check_dtype=False)
    assert (back[~carried].isin({"new", "refurbished"})).all()
    assert set(acquisition[~carried]) == {"refurbished", "leased", "donated"}


def test_reen_workbook_keeps_charts_formats_and_frozen_annex(reen_report, tmp_path: Path) -> None:
    path = tmp_path / "reen.xlsx"
    write_reen_xlsx(reen_report, path, "Toutes les entités")
    wb = load_workbook(path)
    bar = wb["Indicateurs"]._charts[0]
    assert type(bar).__name__ == "BarChart" and bar.grouping == "stacked"
    assert len(bar.series) == 2
    line = wb["Tendance"]._charts[0]
    assert type(line).__name__ == "LineChart" and len(line.series) == 1
    indicators = wb["Indicateurs"]
    value = next(r[1] for r in indicators.iter_rows(min_row=2) if r[6].value == "footprint_gwp_t")
    assert value.number_format == xlsx.NUMBER_FORMAT
    annex = wb["Annexe équipements"]
    assert annex.freeze_panes == "A2" and annex.auto_filter.ref is not None
    header = [c.value for c in annex[1]]
    gwp = annex.cell(row=2, column=header.index("Total (kg CO2e)") + 1)
    assert gwp.number_format == xlsx.NUMBER_FORMAT
    devices = reen_report.current.result.devices
    assert gwp.value == pytest.approx(devices["gwp_total"].iloc[0])
