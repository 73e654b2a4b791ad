"""The sample generator: reproducible, committed output up to date, manifest true to the files.

The manifest is what the importer's tests compare against, so here it is checked
against the files themselves, read back with pandas the way a user's tool would
see them (row numbers as in a spreadsheet or an editor).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import samples
from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES
from samples import entities as sample_entities
from samples import labels as sample_labels
from samples import sarcenas as sample_sarcenas

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
#: One worker runs the module, so the samples are generated once (``run_api``).
pytestmark = pytest.mark.xdist_group("samples")

INVENTORIES = {
    "inventaire-metropole.xlsx",
    "glpi-grenoble.csv",
    "numecoeval-echirolles.csv",
    "glpi-saint-martin-d-heres.csv",
    "inventaire-sarcenas.xlsx",
}


@pytest.fixture(scope="module")
def run_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli")
    subprocess.run(
        [sys.executable, "-m", "samples", "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return out


@pytest.fixture(scope="module")
def run_api(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api")
    samples.write_samples(out)
    return out


@pytest.fixture(scope="module")
def manifest(run_api: Path) -> dict[str, Any]:
    return json.loads((run_api / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow  # the generator run again in a process of its own
def test_two_runs_give_identical_bytes(run_cli: Path, run_api: Path) -> None:
    names = sorted(p.name for p in run_cli.iterdir())
    assert names == sorted(p.name for p in run_api.iterdir())
    assert INVENTORIES <= set(names)
    for name in names:
        assert (run_cli / name).read_bytes() == (run_api / name).read_bytes(), name


def test_committed_samples_equal_a_fresh_run(run_api: Path) -> None:
    for path in run_api.iterdir():
        committed = SAMPLES / path.name
        assert committed.exists(), f"{path.name} missing: run python -m samples"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{path.name} stale: rerun the generator"
        )


def test_committed_samples_stay_small(run_api: Path) -> None:
    assert sum(p.stat().st_size for p in run_api.iterdir()) < 2_000_000


def _read(path: Path, entry: dict[str, Any]) -> pd.DataFrame:
    """Every row of the file as strings, no header: row ``r`` is ``frame.iloc[r - 1]``."""
    if entry["format"] == "xlsx":
        frame = pd.read_excel(path, sheet_name=entry["sheet"], header=None, engine="calamine")
        return frame.map(lambda v: "" if pd.isna(v) else v)
    return pd.read_csv(
        path,
        sep=entry["delimiter"],
        encoding=entry["encoding"],
        header=None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
    )


def _inverse(labels: dict[str, Any]) -> dict[str, str]:
    out = {}
    for code, values in labels.items():
        for value in values if isinstance(values, tuple) else (values,):
            out[value.lower()] = code
    return out


def _labels(entry: dict[str, Any]) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """(category column, status column, category map, status map) of a file's shape."""
    if entry["file"] == "inventaire-sarcenas.xlsx":
        cats = {r[0].lower(): r[1] for r in sample_sarcenas.sarcenas_rows()}
        return "Désignation", "Statut", cats, _inverse(sample_sarcenas.SARCENAS_STATUS)
    if entry["format"] == "xlsx":
        cats = _inverse(sample_labels.XLSX_TYPE_LABELS)
        return "Type de matériel", "Statut", cats, _inverse(sample_labels.STATUS_LABELS["xlsx"])
    if entry["format"] == "glpi_csv":
        cats = _inverse(sample_labels.GLPI_TYPE_LABELS)
        return "Type", "Statut", cats, _inverse(sample_labels.STATUS_LABELS["glpi"])
    cats = _inverse(sample_labels.NUMECOEVAL_TYPE_LABELS)
    return "type", "statut", cats, _inverse(sample_labels.STATUS_LABELS["numecoeval"])


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    text = str(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _price(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace(" ", "").replace(",", "."))


@pytest.mark.parametrize("name", sorted(INVENTORIES))
def test_manifest_agrees_with_file(name: str, run_api: Path, manifest: dict[str, Any]) -> None:
    entry = next(f for f in manifest["files"] if f["file"] == name)
    raw = _read(run_api / name, entry)
    header_row = entry["header_row"]
    header = [str(v).strip() for v in raw.iloc[header_row - 1]]
    ignored = {r["row"]: r["kind"] for r in entry["ignored_rows"]}
    rejects = {r["row"]: r["reason"] for r in entry["rejects"]}

    for row, kind in ignored.items():
        values = [str(v).strip() for v in raw.iloc[row - 1]]
        if kind == "blank":
            assert not any(values), (row, values)
        elif kind == "repeated_header":
            assert values == header
        elif kind == "title":
            assert values[0] and not any(values[1:])
        else:
            assert kind == "total" and values[0] == "TOTAL"
    data_rows = [r for r in range(1, len(raw) + 1) if r != header_row and r not in ignored]
    assert len(data_rows) == entry["data_rows"]
    assert all(r > header_row for r in data_rows)

    table = raw.iloc[[r - 1 for r in data_rows]].copy()
    table.columns = header
    table.index = data_rows
    cat_col, status_col, cat_map, status_map = _labels(entry)
    kept = table.drop(index=list(rejects))
    qty_col = {"numecoeval_csv": "quantite"}.get(entry["format"], "Quantité")
    quantity = kept[qty_col].astype(int) if qty_col in kept else pd.Series(1, index=kept.index)
    category = kept[cat_col].astype(str).str.strip().str.lower().map(cat_map)
    status = kept[status_col].astype(str).str.strip().str.lower().map(status_map)
    assert category.notna().all() and status.notna().all()
    assert len(kept) == entry["records"]
    assert int(quantity.sum()) == entry["units"]
    assert dict(Counter(category)) == entry["by_category"]
    assert dict(Counter(status)) == entry["by_status"]
    assert quantity.groupby(category).sum().to_dict() == entry["by_category_units"]
    assert quantity.groupby(status).sum().to_dict() == entry["by_status_units"]
    if entry["acquisition_column"]:
        column = kept[entry["acquisition_column"]].astype(str).str.strip()
        if entry["format"] == "xlsx":
            labels = _inverse(sample_labels.ACQUISITION_LABELS) | {"reconditionné": "refurbished"}
            acquisition = column.str.lower().map(labels)
        else:  # NumEcoEval: a first life before ours means a refurbished purchase
            acquisition = column.map(lambda years: "refurbished" if years else "new")
        assert quantity.groupby(acquisition).sum().to_dict() == entry["by_acquisition_units"]
    if entry["entity_column"]:
        assert entry["entity"] is None
        leaf = kept[entry["entity_column"]].str.split(" > ").str[-1]
        assert quantity.groupby(leaf).sum().to_dict() == entry["by_entity_units"]
    else:
        assert list(entry["by_entity_units"]) == [entry["entity"]]

    _check_rejects(table, rejects, entry, samples.REFERENCE_DATE)


def _check_rejects(
    table: pd.DataFrame, rejects: dict[int, str], entry: dict[str, Any], today: dt.date
) -> None:
    """Each expected reject really carries its defect."""
    columns = {
        "xlsx": ("Date d'achat", "Prix HT (€)", ("N° inventaire", "Nom d'hôte", "N° de série")),
        "glpi_csv": (
            "Date d'achat",
            "Valeur",
            ("Nom", "Numéro de série", "Numéro d'inventaire"),
        ),
        "numecoeval_csv": ("dateAchat", None, ("nomEquipementPhysique",)),
    }[entry["format"]]
    date_col, price_col, id_cols = columns
    for row, reason in rejects.items():
        line = table.loc[row]
        earlier = table.loc[: row - 1].drop(index=row, errors="ignore")
        if reason == "future_purchase_date":
            assert _date(line[date_col]) > today
        elif reason == "negative_price":
            assert _price(line[price_col]) < 0
        elif reason == "missing_identifier":
            assert not any(str(line[c]).strip() for c in id_cols)
        elif reason == "invalid_date":
            with pytest.raises(ValueError):
                _date(line[date_col])
        elif reason == "duplicate":
            key = id_cols[-1] if entry["format"] != "numecoeval_csv" else id_cols[0]
            assert (earlier[key] == line[key]).any()
        elif reason == "invalid_quantity":
            assert int(line["quantite"]) <= 0
        else:
            assert reason == "retirement_before_purchase"
            assert _date(line["dateRetrait"]) < _date(line["dateAchat"])


def test_totals_about_five_thousand_units(manifest: dict[str, Any]) -> None:
    totals = manifest["totals"]
    assert 4_800 <= totals["units"] <= 5_200
    assert totals["records"] == sum(f["records"] for f in manifest["files"])
    assert totals["rejects"] == sum(len(f["rejects"]) for f in manifest["files"])
    assert set(totals["by_category_units"]) == set(CATEGORIES)
    assert set(totals["by_status_units"]) <= set(STATUSES)


def test_reference_tables(run_api: Path) -> None:
    entities = pd.read_csv(run_api / "entities.csv", dtype=str, keep_default_na=False)
    assert {"Grenoble-Alpes Métropole", "Grenoble", "Échirolles", "Saint-Martin-d'Hères"} <= set(
        entities["name"]
    )
    valid = entities["siret"].map(lambda s: len(s) == 14 and sample_entities.luhn_ok(s))
    assert (~valid).sum() == 1
    assert set(entities["parent"]) - {""} <= set(entities["name"])
    partners = pd.read_csv(run_api / "partners.csv", keep_default_na=False)
    thresholds = partners.set_index("name")["pickup_threshold_kg"]
    assert (float(thresholds["Ecologic"]), float(thresholds["ecosystem"])) == (250.0, 500.0)
    assert all(set(c.split("|")) <= set(CATEGORIES) for c in partners["categories"])
    needs = pd.read_csv(run_api / "needs.csv", keep_default_na=False)
    assert set(needs["entity"]) <= set(entities["name"])
    assert set(needs["category"]) <= set(CATEGORIES)


def test_generate_fleet_is_seeded_and_canonical() -> None:
    frame = samples.generate_fleet(20_000, seed=7)
    pd.testing.assert_frame_equal(frame, samples.generate_fleet(20_000, seed=7))
    assert not frame.equals(samples.generate_fleet(20_000, seed=8))
    assert tuple(frame.columns) == samples.CANONICAL_COLUMNS
    assert set(frame["category"]) == set(CATEGORIES)
    assert set(frame["status"]) <= set(STATUSES)
    assert set(frame["acquisition"]) <= set(ACQUISITIONS)
    assert not frame["name"].duplicated().any()
    assert not frame["serial"].dropna().duplicated().any()
    age = samples.REFERENCE_DATE.year - frame["purchase_date"].dt.year
    assert age.min() == 0 and age.max() == 12
    refurbished = frame["acquisition"] == "refurbished"
    assert 0.07 < refurbished.mean() < 0.13
    assert frame.loc[refurbished, "first_life_years"].notna().all()
    retired = frame[frame["status"] == "retired"]
    assert retired["retirement_date"].notna().all()
    assert (retired["retirement_date"] > retired["purchase_date"]).all()
    assert (frame["quantity"] >= 1).all() and (frame["quantity"] > 1).any()
    assert frame.loc[frame["quantity"] > 1, "serial"].isna().all()


def test_windows11_capability_follows_the_processor_generation() -> None:
    assert not samples.windows11_capable("Intel Core i5-6500")
    assert not samples.windows11_capable("Intel Core i5-7300U")
    assert samples.windows11_capable("Intel Core i5-8365U")
    assert samples.windows11_capable("Intel Core i5-10310U")
    assert samples.windows11_capable("Intel Core i5-1145G7")
    assert samples.windows11_capable("Intel Core Ultra 5 125U")


def test_large_fleet_files_match_their_manifest(tmp_path: Path) -> None:
    first = samples.write_large(1_500, tmp_path / "a", seed=3)
    samples.write_large(1_500, tmp_path / "b", seed=3)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    xlsx = pd.read_excel(tmp_path / "a" / first["files"]["xlsx"]["file"], engine="calamine")
    csv = pd.read_csv(tmp_path / "a" / first["files"]["csv"]["file"])
    assert len(xlsx) == len(csv) == first["rows"] == 1_500
    assert xlsx.shape[1] == 20 and tuple(csv.columns) == samples.CANONICAL_COLUMNS
    assert int(xlsx["Quantité"].sum()) == int(csv["quantity"].sum()) == first["units"]
    assert csv.groupby("category")["quantity"].sum().to_dict() == first["by_category_units"]
    assert csv["status"].value_counts().to_dict() == first["by_status"]


def test_the_package_stays_in_small_modules() -> None:
    """One module per concern, each readable at a sitting (the catalogue is data)."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in SAMPLES.glob("*.py")}
    assert sizes and max(sizes.values()) <= 400, sizes
    assert (SAMPLES / "data" / "catalogue.csv").is_file()
