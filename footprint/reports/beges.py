"""BEGES IT lines as a table, JSON document, CSV or xlsx, with the method notes.

Every output carries the year, the factor set, the computation method and the
electricity factor with its source (docs/architecture.md §9), and the note that says
how each poste was computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd

from factors.outputs import json_text as strict_json
from factors.outputs import write_with

from ..indicators.beges import BegesReport
from ..report import electricity_provenance
from ..report_safety import neutralise_frame


def to_document(report: BegesReport) -> dict[str, Any]:
    """The JSON document (``ecoparc report beges --format json``)."""
    result = report.result
    return {
        "year": report.year,
        "method": result.method,
        "factor_set": result.factor_set,
        "factor_set_version": result.factors.version,
        "electricity": electricity_provenance(result),
        "accounting_years": {
            "default": result.default_accounting_years,
            **result.accounting_years,
        },
        "expense_threshold_eur": report.expense_threshold_eur,
        "lines": [
            {
                "poste": row["poste"],
                "label": row["label"],
                "devices": float(row["devices"]),
                "kg_co2e": float(row["kg_co2e"]),
                "t_co2e": float(row["t_co2e"]),
                "note": row["note"],
            }
            for _, row in report.lines.iterrows()
        ],
        "total_t_co2e": report.total_t,
        "notes": report.notes,
    }


def json_text(report: BegesReport) -> str:
    return strict_json(to_document(report)) + "\n"


def csv_rows(report: BegesReport) -> pd.DataFrame:
    """The lines with the provenance repeated on each row (one plain table)."""
    result = report.result
    e = electricity_provenance(result)
    head = pd.DataFrame(
        {
            "year": report.year,
            "method": result.method,
            "factor_set": result.factor_set,
            "electricity_kg_per_kwh": e["value"],
            "electricity_source": e["source"],
        },
        index=report.lines.index,
    )
    return neutralise_frame(pd.concat([head, report.lines], axis=1))


def write_csv(report: BegesReport, out: Path | IO[str]) -> None:
    rows = csv_rows(report)
    if isinstance(out, Path):
        write_with(
            out, lambda p: rows.to_csv(p, index=False, encoding="utf-8", lineterminator="\n")
        )
    else:
        rows.to_csv(out, index=False, lineterminator="\n")


def write_xlsx(report: BegesReport, path: Path, lang: str = "fr") -> None:
    """One sheet: provenance notes, the lines with their notes, the total."""
    from ..xlsx import Book, bold, number, title

    fr = lang == "fr"
    book = Book(path, lang)
    sheet = book.sheet("BEGES")
    sheet.append([title(f"BEGES {report.year} — {'numérique' if fr else 'IT'}")])
    for note in report.notes:
        sheet.append([note])
    sheet.append([])
    sheet.header(
        ["Poste", "Libellé", "Équipements", "kg CO2e", "t CO2e", "Méthode"]
        if fr
        else ["Poste", "Label", "Devices", "kg CO2e", "t CO2e", "Method"]
    )
    for _, row in report.lines.iterrows():
        sheet.append(
            [
                row["poste"],
                row["label"],
                number(row["devices"]),
                number(row["kg_co2e"]),
                number(row["t_co2e"]),
                row["note"],
            ]
        )
    sheet.append(
        [bold("Total"), None, None, number(report.lines["kg_co2e"].sum()), number(report.total_t)]
    )
    sheet.widths([8, 50, 14, 14, 14, 60])
    book.close()
