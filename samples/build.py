"""Writing the committed samples with their manifest, and large benchmark fleets."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook

from factors.vocabulary import CATEGORIES

from .base import CANONICAL_COLUMNS, REFERENCE_DATE, SAMPLES_DIR, SEED
from .entities import entities_csv, needs_csv, partners_csv
from .fleet import generate_fleet
from .glpi import glpi_grenoble, glpi_smh
from .labels import ACQUISITION_LABELS, CONDITION_LABELS, STATUS_LABELS
from .metropole import metro_xlsx, write_metro_xlsx
from .numecoeval import numecoeval_echirolles
from .sarcenas import sarcenas_xlsx, write_sarcenas_xlsx
from .shapes import SampleFile, save_workbook, write_csv

#: Rows per file: about 5,000 units in all once the lots are counted.
SAMPLE_SIZES = {"metropole": 1700, "grenoble": 1850, "echirolles": 600, "smh": 560}


def build_samples(seed: int = SEED) -> list[SampleFile]:
    """The inventory files of ``samples/`` with their expected import results."""
    return [
        metro_xlsx(np.random.default_rng([seed, 1]), SAMPLE_SIZES["metropole"]),
        glpi_grenoble(np.random.default_rng([seed, 2]), SAMPLE_SIZES["grenoble"]),
        numecoeval_echirolles(np.random.default_rng([seed, 3]), SAMPLE_SIZES["echirolles"]),
        glpi_smh(np.random.default_rng([seed, 4]), SAMPLE_SIZES["smh"]),
        sarcenas_xlsx(),
    ]


def _write_sample(sample: SampleFile, out: Path) -> None:
    path = out / sample.name
    if sample.name == "inventaire-metropole.xlsx":
        write_metro_xlsx(sample, path)
    elif sample.name == "inventaire-sarcenas.xlsx":
        write_sarcenas_xlsx(sample, path)
    elif sample.name == "glpi-grenoble.csv":
        write_csv(sample, path, quoting=csv.QUOTE_ALL, newline="\r\n")
    else:
        write_csv(sample, path, quoting=csv.QUOTE_MINIMAL, newline="\n")


def _totals(files: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"files": len(files)}
    for key in ("data_rows", "records", "units"):
        total[key] = sum(f[key] for f in files)
    total["rejects"] = sum(len(f["rejects"]) for f in files)
    for key in (
        "by_category",
        "by_category_units",
        "by_status",
        "by_status_units",
        "by_entity",
        "by_entity_units",
    ):
        merged: Counter[str] = Counter()
        for f in files:
            merged.update(f[key])
        total[key] = dict(sorted(merged.items()))
    return total


def _write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_samples(out: Path = SAMPLES_DIR, seed: int = SEED) -> dict[str, Any]:
    """Write every sample file and ``manifest.json`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    entities_csv(out / "entities.csv")
    partners_csv(out / "partners.csv")
    needs_csv(out / "needs.csv")
    files = []
    for sample in build_samples(seed):
        _write_sample(sample, out)
        files.append(sample.manifest())
    manifest = {
        "generator": "samples/generate.py",
        "seed": seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        "files": files,
        "totals": _totals(files),
    }
    _write_json(manifest, out / "manifest.json")
    return manifest


#: The 20 columns of the large xlsx: French headers over canonical fields.
LARGE_XLSX_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Entité", "entity"),
    ("Nom", "name"),
    ("N° de série", "serial"),
    ("N° inventaire", "asset_tag"),
    ("Type de matériel", "category"),
    ("Marque", "manufacturer"),
    ("Modèle", "model"),
    ("Date d'achat", "purchase_date"),
    ("Mode d'acquisition", "acquisition"),
    ("Statut", "status"),
    ("Prix HT (€)", "price_eur"),
    ("Quantité", "quantity"),
    ("Site", "site"),
    ("Service", "department"),
    ("Processeur", "cpu"),
    ("RAM (Go)", "ram_gb"),
    ("Stockage (Go)", "storage_gb"),
    ("OS", "os"),
    ("État", "condition"),
    ("Date de sortie", "retirement_date"),
)


def _column_values(frame: pd.DataFrame, field_name: str) -> list[Any]:
    series = frame[field_name]
    if field_name in ("purchase_date", "retirement_date"):
        values = series.dt.date
        dates: list[Any] = values.astype(object).where(series.notna(), None).tolist()
        return dates
    if field_name == "category":
        series = series.map({c: labels[0] for c, labels in CATEGORIES.items()})
    elif field_name == "status":
        series = series.map(STATUS_LABELS["xlsx"])
    elif field_name == "acquisition":
        series = series.map(ACQUISITION_LABELS)
    elif field_name == "condition":
        series = series.map(CONDITION_LABELS)
    return series.astype(object).where(series.notna(), None).tolist()


def write_large(n: int, out: Path, seed: int = SEED) -> dict[str, Any]:
    """Write ``fleet-N.xlsx`` (20 French columns), ``fleet-N.csv`` (canonical) and
    ``manifest-large.json`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    frame = generate_fleet(n, seed)
    xlsx_name, csv_name = f"fleet-{n}.xlsx", f"fleet-{n}.csv"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Parc")
    ws.append([header for header, _ in LARGE_XLSX_COLUMNS])
    for start in range(0, n, 50_000):  # bounded memory: Python objects for 50k rows at a time
        chunk = frame.iloc[start : start + 50_000]
        columns = [_column_values(chunk, f) for _, f in LARGE_XLSX_COLUMNS]
        for row in zip(*columns, strict=True):
            ws.append(row)
    save_workbook(wb, out / xlsx_name)
    csv_frame = frame.copy()
    for col in ("purchase_date", "retirement_date"):
        csv_frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    csv_frame.to_csv(out / csv_name, index=False, encoding="utf-8", lineterminator="\n")
    units = frame.groupby("category")["quantity"].sum()
    manifest = {
        "generator": "samples/generate.py --large",
        "seed": seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        "rows": n,
        "units": int(frame["quantity"].sum()),
        "files": {
            "xlsx": {
                "file": xlsx_name,
                "sheet": "Parc",
                "header_row": 1,
                "columns": len(LARGE_XLSX_COLUMNS),
            },
            "csv": {
                "file": csv_name,
                "delimiter": ",",
                "encoding": "utf-8",
                "columns": len(CANONICAL_COLUMNS),
            },
        },
        "by_category": {
            k: int(v) for k, v in frame["category"].value_counts().sort_index().items()
        },
        "by_category_units": {k: int(v) for k, v in units.sort_index().items()},
        "by_status": {k: int(v) for k, v in frame["status"].value_counts().sort_index().items()},
        "by_status_units": {
            k: int(v) for k, v in frame.groupby("status")["quantity"].sum().sort_index().items()
        },
        "by_entity_units": {
            k: int(v) for k, v in frame.groupby("entity")["quantity"].sum().sort_index().items()
        },
    }
    _write_json(manifest, out / "manifest-large.json")
    return manifest
