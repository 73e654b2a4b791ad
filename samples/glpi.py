"""``glpi-grenoble.csv`` and ``glpi-saint-martin-d-heres.csv``: GLPI exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .base import FIXED_TIMESTAMP, REFERENCE_DATE
from .entities import ENTITIES, METRO
from .fleet import draw_fleet
from .labels import GLPI_MANUFACTURERS, GLPI_SECTIONS, GLPI_TYPE_LABELS, STATUS_LABELS
from .shapes import (
    Line,
    SampleFile,
    ascii_login,
    draw_has_user,
    draw_user_names,
    fr_number,
    frame_records,
    make_line,
)

GLPI_HEADERS = (
    "Nom",
    "Entité",
    "Statut",
    "Fabricant",
    "Modèle",
    "Type",
    "Numéro de série",
    "Numéro d'inventaire",
    "Lieu",
    "Usager",
    "Système d'exploitation - Nom",
    "Composants - Processeur",
    "Composants - Mémoire",
    "Date d'achat",
    "Date de mise en service",
    "Valeur",
    "Dernière modification",
)


_GLPI_OS = {
    "Windows 11 Pro": "Microsoft Windows 11 Professionnel",
    "Windows 10 Pro": "Microsoft Windows 10 Professionnel",
    "Windows 7 Professionnel": "Microsoft Windows 7 Professionnel",
    "Windows Server 2016": "Microsoft Windows Server 2016 Standard",
    "Windows Server 2019": "Microsoft Windows Server 2019 Standard",
    "Windows Server 2022": "Microsoft Windows Server 2022 Standard",
}


_HP_SUFFIX = {
    "laptop": " Notebook PC",
    "desktop": " Small Form Factor PC",
    "all_in_one": " All-in-One PC",
}


def _glpi_model(row: dict[str, Any]) -> str:
    """GLPI's agent reports HP computers with their full marketing name."""
    if row["manufacturer"] == "HP" and row["category"] in _HP_SUFFIX:
        return f"HP {row['model']}{_HP_SUFFIX[row['category']]}"
    return str(row["model"])


def _glpi_rows(
    rng: np.random.Generator,
    frame: pd.DataFrame,
    *,
    date_format: str,
    entity_path: Callable[[str], str] | None,
    mebibytes_share: float,
    thousands: str,
) -> list[Line]:
    rows = frame_records(frame)
    first, last = draw_user_names(rng, len(rows))
    has_user = draw_has_user(rng, rows)
    lines = []
    for i, row in enumerate(rows):
        commissioning = row["purchase_date"] + dt.timedelta(days=int(rng.integers(3, 60)))
        commissioning = min(commissioning, REFERENCE_DATE)
        changed = dt.datetime.combine(commissioning, dt.time(8)) + dt.timedelta(
            days=int(rng.integers(0, max(1, (REFERENCE_DATE - commissioning).days + 1))),
            minutes=int(rng.integers(0, 600)),
        )
        changed = min(changed, FIXED_TIMESTAMP)
        memory = ""
        if row["ram_gb"] is not None:
            gb = int(row["ram_gb"])
            memory = f"{gb * 1024} Mo" if rng.random() < mebibytes_share else f"{gb} Go"
        manu = GLPI_MANUFACTURERS.get(row["manufacturer"], row["manufacturer"])
        values = [
            row["name"],
            entity_path(row["entity"]) if entity_path else None,
            STATUS_LABELS["glpi"][row["status"]],
            manu,
            _glpi_model(row) + (" " if rng.random() < 0.03 else ""),
            GLPI_TYPE_LABELS[row["category"]],
            row["serial"] or "",
            row["asset_tag"] or "",
            row["site"],
            ascii_login(first[i], last[i]) if has_user[i] else "",
            _GLPI_OS.get(row["os"], row["os"]) or "",
            row["cpu"] or "",
            memory,
            row["purchase_date"].strftime(date_format),
            commissioning.strftime(date_format),
            fr_number(row["price_eur"], thousands),
            changed.strftime(f"{date_format} %H:%M"),
        ]
        if entity_path is None:
            del values[1]
        lines.append(make_line(values, row))
    return lines


def glpi_grenoble(rng: np.random.Generator, n: int) -> SampleFile:
    """Grenoble's GLPI: one export per asset menu, pasted one after the other."""
    ent = np.where(rng.random(n) < 0.15, 2, 1)  # CCAS de Grenoble, else Grenoble
    frame = draw_fleet(rng, n, ent, first_seq=1)
    order = {c: i for i, section in enumerate(GLPI_SECTIONS) for c in section}
    frame["_section"] = frame["category"].map(order)
    frame = frame.sort_values(["_section", "name"], kind="stable").drop(columns="_section")

    def path(entity: str) -> str:
        return METRO + " > Grenoble" + (" > CCAS de Grenoble" if entity != "Grenoble" else "")

    lines = _glpi_rows(
        rng, frame, date_format="%d/%m/%Y", entity_path=path, mebibytes_share=0.5, thousands=" "
    )
    victims = rng.choice(len(lines), size=4, replace=False)
    anonymous, bad_date, future, negative = (lines[v] for v in victims)
    for col in (0, 6, 7):
        anonymous.values[col] = ""
    anonymous.reject = "missing_identifier"
    bad_date.values[13] = "31/02/2021"
    bad_date.reject = "invalid_date"
    future.values[13] = (REFERENCE_DATE + dt.timedelta(days=45)).strftime("%d/%m/%Y")
    future.reject = "future_purchase_date"
    negative.values[15] = "-" + (negative.values[15] or "450,00")
    negative.reject = "negative_price"
    out: list[Line] = [Line(list(GLPI_HEADERS), kind="header")]
    previous = None
    for line in lines:
        section = order[line.category]
        if previous is not None and section != previous:
            out.append(Line(list(GLPI_HEADERS), kind="repeated_header"))
        previous = section
        out.append(line)
    out.insert(
        int(rng.integers(len(out) // 3, len(out) // 2)),
        Line([""] * len(GLPI_HEADERS), kind="blank"),
    )
    return SampleFile(
        "glpi-grenoble.csv",
        "glpi_csv",
        None,
        out,
        encoding="cp1252",
        delimiter=";",
        entity_column="Entité",
    )


def glpi_smh(rng: np.random.Generator, n: int) -> SampleFile:
    """Saint-Martin-d'Hères: single-entity GLPI, UTF-8 with BOM, two-digit years."""
    idx = [e.name for e in ENTITIES].index("Saint-Martin-d'Hères")
    frame = draw_fleet(rng, n, np.full(n, idx), first_seq=1)
    lines = _glpi_rows(
        rng, frame, date_format="%d-%m-%y", entity_path=None, mebibytes_share=0.0, thousands=""
    )
    future, anonymous = (lines[v] for v in rng.choice(len(lines), size=2, replace=False))
    future.values[12] = (REFERENCE_DATE + dt.timedelta(days=200)).strftime("%d-%m-%y")
    future.reject = "future_purchase_date"
    for col in (0, 5, 6):
        anonymous.values[col] = ""
    anonymous.reject = "missing_identifier"
    headers = [h for h in GLPI_HEADERS if h != "Entité"]
    return SampleFile(
        "glpi-saint-martin-d-heres.csv",
        "glpi_csv",
        "Saint-Martin-d'Hères",
        [Line(headers, kind="header"), *lines],
        encoding="utf-8-sig",
        delimiter=";",
        notes={"date_format": "dd-mm-yy"},
    )
