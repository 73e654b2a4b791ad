"""``inventaire-metropole.xlsx``: the hand-kept Excel sheet of the métropole."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

from .base import REFERENCE_DATE
from .entities import ENTITY_BY_NAME, METRO
from .fleet import draw_fleet
from .labels import (
    ACQUISITION_LABELS,
    CONDITION_LABELS,
    MANUFACTURER_VARIANTS,
    STATUS_LABELS,
    XLSX_TYPE_LABELS,
)
from .shapes import (
    Line,
    SampleFile,
    draw_has_user,
    draw_user_names,
    frame_records,
    make_line,
    save_workbook,
)

METRO_XLSX_HEADERS = (
    "N° inventaire",
    "Nom d'hôte",
    "N° de série",
    "Type de matériel",
    "Marque",
    "Modèle",
    "Date d'achat",
    "Prix HT (€)",
    "Mode d'acquisition",
    "Statut",
    "Date de sortie",
    "État",
    "Site",
    "Service",
    "Utilisateur",
    "Processeur",
    "RAM",
    "Stockage",
    "TPM",
    "OS",
    "Données sensibles",
    "Observations",
)


_XLSX_OS = {
    "Windows 11 Pro": ("Windows 11 Pro", "W11", "Win 11"),
    "Windows 10 Pro": ("Windows 10 Pro", "W10", "Windows 10"),
    "Windows 7 Professionnel": ("Windows 7", "W7"),
}


_NOTES = {
    "broken": ("Écran cassé", "Ne démarre plus", "Batterie HS", "Carte mère HS", "Clavier HS"),
    "retired": ("Réformé - DEEE", "Sorti de l'inventaire", "Obsolète"),
    "refurbished": ("Reconditionné, garantie 12 mois", "Reconditionné grade A"),
}


def _storage_text(rng: np.random.Generator, gb: float | None, kind: str | None) -> str | None:
    if gb is None:
        return None
    size = f"{gb / 1000:g} To" if gb >= 1000 else f"{gb:g} Go"
    return f"{size} {kind}" if kind and rng.random() < 0.5 else (f"{kind} {size}" if kind else size)


def metro_xlsx(rng: np.random.Generator, n: int) -> SampleFile:
    spec = ENTITY_BY_NAME[METRO]
    frame = draw_fleet(rng, n, np.zeros(n, dtype=np.int64), first_seq=1)
    rows = frame_records(frame)
    first, last = draw_user_names(rng, n)
    has_user = draw_has_user(rng, rows)
    sensitive_dept = {"Ressources humaines", "Finances", "Direction des systèmes d'information"}
    lines: list[Line] = []
    for i, row in enumerate(rows):
        manu = row["manufacturer"]
        variants = MANUFACTURER_VARIANTS.get(manu, (manu,))
        manu_text = variants[rng.integers(0, len(variants))] if rng.random() < 0.3 else manu
        model = row["model"] + (" " if rng.random() < 0.03 else "")
        ram: Any = row["ram_gb"]
        if ram is not None:
            ram = int(ram) if rng.random() < 0.5 else f"{int(ram)} Go"
        os_text = row["os"]
        if os_text in _XLSX_OS:
            os_text = _XLSX_OS[os_text][rng.integers(0, len(_XLSX_OS[os_text]))]
        status_label = STATUS_LABELS["xlsx"][row["status"]]
        if rng.random() < 0.03:
            status_label = status_label.lower()
        acquisition = ACQUISITION_LABELS[row["acquisition"]]
        if row["acquisition"] == "refurbished" and rng.random() < 0.4:
            acquisition = "Reconditionné"
        note = None
        pool = _NOTES.get(row["status"]) or (
            _NOTES["refurbished"] if row["acquisition"] == "refurbished" else None
        )
        if pool and rng.random() < 0.5:
            note = pool[rng.integers(0, len(pool))]
        sensitive = (
            row["category"] in {"laptop", "desktop", "server", "storage"}
            and row["department"] in sensitive_dept
            and rng.random() < 0.25
        )
        labels = XLSX_TYPE_LABELS[row["category"]]
        values = [
            row["asset_tag"],
            row["name"],
            row["serial"],
            labels[rng.integers(0, len(labels))],
            manu_text,
            model,
            row["purchase_date"],
            row["price_eur"],
            acquisition,
            status_label,
            row["retirement_date"],
            CONDITION_LABELS[row["condition"]],
            row["site"] + (" " if rng.random() < 0.02 else ""),
            row["department"],
            f"{last[i].upper()} {first[i]}" if has_user[i] else None,
            row["cpu"],
            ram,
            _storage_text(rng, row["storage_gb"], row["storage_type"]),
            row["tpm"],
            os_text,
            "oui" if sensitive else "non",
            note,
        ]
        lines.append(make_line(values, row))

    # Defects the importer must reject, each on a distinct row.
    victims = rng.choice(len(lines), size=3, replace=False)
    future, negative, anonymous = (lines[v] for v in victims)
    future.values[6] = REFERENCE_DATE + dt.timedelta(days=107)
    future.reject = "future_purchase_date"
    negative.values[7] = -abs(negative.values[7] or 1249.0)
    negative.reject = "negative_price"
    anonymous.values[0] = anonymous.values[1] = anonymous.values[2] = None
    anonymous.reject = "missing_identifier"
    clean = [i for i in range(len(lines)) if i not in set(victims.tolist())]
    original = lines[int(rng.choice(clean[: len(clean) // 2]))]
    duplicate = replace(original, values=list(original.values), reject="duplicate")
    lines.insert(int(rng.integers(len(lines) * 6 // 10, len(lines))), duplicate)
    for pos in sorted(
        rng.choice(np.arange(50, len(lines) - 10), size=3, replace=False), reverse=True
    ):
        lines.insert(int(pos), Line([None] * len(METRO_XLSX_HEADERS), kind="blank"))
    head = [
        Line(["Inventaire du parc informatique — Grenoble-Alpes Métropole"], kind="title"),
        Line(
            [f"Export du {REFERENCE_DATE:%d/%m/%Y} — Direction des systèmes d'information"],
            kind="title",
        ),
        Line([], kind="blank"),
        Line(list(METRO_XLSX_HEADERS), kind="header"),
    ]
    return SampleFile(
        "inventaire-metropole.xlsx",
        "xlsx",
        spec.name,
        head + lines,
        sheet="Parc informatique",
        acquisition_column="Mode d'acquisition",
        notes={"sensitive_column": "Données sensibles"},
    )


def write_metro_xlsx(sample: SampleFile, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sample.sheet or "Feuil1"
    dates = {METRO_XLSX_HEADERS.index(h) for h in ("Date d'achat", "Date de sortie")}
    price_col = METRO_XLSX_HEADERS.index("Prix HT (€)")
    for line in sample.lines:
        ws.append(line.values)
        row = ws.max_row
        if line.kind in ("title", "header"):
            for cell in ws[row]:
                cell.font = Font(bold=True, size=14 if line.kind == "title" and row == 1 else 11)
        if line.kind != "data":
            continue
        for col in dates:
            ws.cell(row=row, column=col + 1).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=price_col + 1).number_format = '#,##0.00 "€"'
    ws.freeze_panes = "A5"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQRSTUV",
        (16, 16, 14, 18, 14, 26, 12, 12, 18, 12, 12, 12, 30, 30, 22, 26, 8, 14, 6, 14, 10, 30),
        strict=True,
    ):
        ws.column_dimensions[letter].width = width
    lists = wb.create_sheet("Listes")
    lists.append(["Statut", "Mode d'acquisition", "État"])
    status_values = list(STATUS_LABELS["xlsx"].values())
    acq_values = list(ACQUISITION_LABELS.values())
    cond_values = list(CONDITION_LABELS.values())
    for i in range(max(len(status_values), len(acq_values), len(cond_values))):
        lists.append(
            [v[i] if i < len(v) else None for v in (status_values, acq_values, cond_values)]
        )
    save_workbook(wb, path)
