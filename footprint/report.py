"""Footprint outputs: per-device CSV, JSON document, xlsx workbook.

Every output states the method, year, factor set and electricity factor that
produced it (docs/architecture.md §9): the CSV in columns repeated on each row (so it
stays one plain table), the JSON at the top of the document, the xlsx on its
first sheet. Totals are sums of the per-device rows of the same result.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from factors.checks import out_of_range
from factors.locale import (
    criterion_label,
    format_number,
    format_percent,
    label,
)
from factors.outputs import json_text, write_text, write_with
from factors.text import plain
from factors.vocabulary import CRITERIA, MATCH_LEVELS

from . import labels
from .aggregate import PARTS, aggregate, coverage
from .engine import FootprintResult
from .labels import (
    CRITERION_LABELS,
    CRITERION_SHORT,
    MATCH_LEVEL_LABELS,
    METHOD_LABELS,
    value_label,
    worded_frame,
)
from .labels import (
    column_label as heading,
)
from .lifespans import recomputed_note
from .refurbished import refurbished_note
from .report_safety import neutralise_frame
from .uncertainty import DEFAULT_DRAWS, DEFAULT_LEVEL, DEFAULT_SEED, monte_carlo


@dataclass(frozen=True, eq=False)
class FootprintReport:
    """A result with its groups, total, coverage and (optionally) 90 % intervals."""

    result: FootprintResult
    by: str | None
    groups: pd.DataFrame | None
    total: pd.DataFrame
    coverage: dict[str, float]
    uncertainty: bool
    draws: int
    seed: int
    #: The sensitivity line to another factor set (footprint.comparison), if computed.
    sensitivity: str = ""


def build_report(
    result: FootprintResult,
    by: str | None = None,
    uncertainty: bool = False,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    sensitivity: str = "",
) -> FootprintReport:
    """Aggregate ``result`` by ``by`` and, with ``uncertainty``, add low/high columns."""
    total = aggregate(result, None)
    groups = aggregate(result, by) if by is not None else None
    if uncertainty:
        total = total.join(monte_carlo(result, draws=draws, seed=seed))
        if groups is not None:
            bounds = monte_carlo(result, draws=draws, seed=seed, by=by)
            groups = groups.join(bounds.set_axis(groups.index))
    return FootprintReport(
        result=result,
        by=by,
        groups=groups,
        total=total,
        coverage=coverage(result.devices),
        uncertainty=uncertainty,
        draws=draws,
        seed=seed,
        sensitivity=sensitivity,
    )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def _impacts(row: pd.Series, criteria: Sequence[str], uncertainty: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in criteria:
        block: dict[str, float | None] = {part: float(row[f"{c}_{part}"]) for part in PARTS}
        block["low"] = _number(row[f"{c}_low"]) if uncertainty else None
        block["high"] = _number(row[f"{c}_high"]) if uncertainty else None
        out[c] = block
    return out


def electricity_provenance(result: FootprintResult) -> dict[str, Any]:
    """The climate electricity factor of the result (the one reports quote)."""
    e = result.electricity.get("gwp") or next(iter(result.electricity.values()))
    return {"zone": e.zone, "year": e.year, "value": e.value, "source": e.source}


def to_document(report: FootprintReport) -> dict[str, Any]:
    """The JSON document of a footprint (the CLI's ``--format json``)."""
    result = report.result
    criteria = result.criteria
    groups = []
    if report.groups is not None:
        for key, row in report.groups.iterrows():
            groups.append(
                {
                    "key": plain(key),
                    "devices": int(round(float(row["devices"]))),
                    **_impacts(row, criteria, report.uncertainty),
                }
            )
    total_row = report.total.iloc[0]
    return {
        "year": result.year,
        "method": result.method,
        "factor_set": result.factor_set,
        "electricity": electricity_provenance(result),
        "electricity_by_criterion": {
            c: {
                "zone": e.zone,
                "year": e.year,
                "value": e.value,
                "unit": e.unit,
                "source": e.source,
            }
            for c, e in result.electricity.items()
        },
        "criteria": {c: {"unit": CRITERIA[c][0]} for c in criteria},
        "groups": groups,
        "total": {
            "devices": int(round(float(total_row["devices"]))),
            **_impacts(total_row, criteria, report.uncertainty),
        },
        "coverage": {level: report.coverage.get(level, 0.0) for level in MATCH_LEVELS},
    }


def write_json(report: FootprintReport, out: IO[str] | Path) -> None:
    text = json_text(to_document(report))
    if isinstance(out, Path):
        write_text(out, text + "\n")
    else:
        out.write(text + "\n")


def device_rows(result: FootprintResult) -> pd.DataFrame:
    """The per-device table as exported, provenance columns first."""
    devices = result.devices.drop(columns=["year"])
    head = pd.DataFrame(
        {
            "method": result.method,
            "year": result.year,
            "factor_set": result.factor_set,
            "electricity_kg_per_kwh": electricity_provenance(result)["value"],
        },
        index=devices.index,
    )
    return pd.concat([head, devices], axis=1)


def write_csv(report: FootprintReport | FootprintResult, out: IO[str] | Path) -> None:
    """One row per device (UTF-8, comma, ISO dates), formula-like text neutralised."""
    result = report.result if isinstance(report, FootprintReport) else report
    rows = neutralise_frame(device_rows(result))
    if isinstance(out, Path):
        write_with(
            out, lambda p: rows.to_csv(p, index=False, date_format="%Y-%m-%d", encoding="utf-8")
        )
    else:
        rows.to_csv(out, index=False, date_format="%Y-%m-%d")


def csv_text(report: FootprintReport | FootprintResult) -> str:
    buffer = io.StringIO()
    write_csv(report, buffer)
    return buffer.getvalue()


def _by_heading(by: str | None, lang: str) -> str:
    """The column heading of a grouping (« Groupe » for the total)."""
    if by is None:
        return "groupe" if lang == "fr" else "group"
    return heading(by, lang).lower()  # lower case, like the other column headings


def _group_label(key: Any, by: str | None, lang: str) -> Any:
    key = plain(key)
    if key is None:
        return "(non renseigné)" if lang == "fr" else "(not set)"
    return value_label(by, key, lang) if by is not None else key


def parameters_rows(report: FootprintReport, lang: str = "fr") -> list[tuple[str, Any]]:
    """Provenance lines of the first xlsx sheet (and of the table output's header)."""
    result = report.result
    fr = lang == "fr"
    rows: list[tuple[str, Any]] = [
        (
            "Méthode" if fr else "Method",
            label(METHOD_LABELS, result.method, lang),
        ),
        ("Année" if fr else "Year", result.year),
        (
            "Jeu de facteurs" if fr else "Factor set",
            f"{result.factor_set} v{result.factors.version}",
        ),
    ]
    if result.method == "annualized":
        rows.append(
            ("Durées de vie" if fr else "Lifespans", recomputed_note(result.known_on, lang))
        )
    if report.sensitivity:
        rows.append(("Sensibilité" if fr else "Sensitivity", report.sensitivity))
    if (result.devices["second_transport"].to_numpy() > 0).any():
        rows.append(
            ("Reconditionnés" if fr else "Refurbished", refurbished_note(result.factors, lang))
        )
    flagged = out_of_range(result.factors)
    used = result.devices["reference"].isin(flagged.index).to_numpy()
    if used.any():
        units = format_number(float(result.devices["quantity"].to_numpy()[used].sum()), lang)
        rows.append(
            (
                "Références hors plage" if fr else "Out-of-range references",
                f"{units} unités rattachées à un modèle à plus de ×3 ou ÷3 de sa catégorie "
                "(ecoparc factors show)"
                if fr
                else f"{units} units matched to a model beyond ×3 or ÷3 of its category",
            )
        )
    if result.method == "amortized":
        periods = ", ".join(f"{k} {v:g}" for k, v in sorted(result.accounting_years.items()))
        default = f"{result.default_accounting_years:g}"
        rows.append(
            (
                "Période comptable (ans)" if fr else "Accounting period (years)",
                f"{default} par défaut" + (f" ; {periods}" if periods else "")
                if fr
                else f"{default} by default" + (f"; {periods}" if periods else ""),
            )
        )
    for criterion, e in result.electricity.items():
        rows.append(
            (
                (
                    f"Facteur électrique ({label(CRITERION_LABELS, criterion, lang)})"
                    if fr
                    else f"Electricity factor ({label(CRITERION_LABELS, criterion, lang)})"
                ),
                f"{format_number(e.value, lang)} {e.unit} — {e.zone} {e.year} — {e.source}",
            )
        )
    for level in MATCH_LEVELS:
        rows.append(
            (
                (
                    f"Couverture ({label(MATCH_LEVEL_LABELS, level, lang)})"
                    if fr
                    else f"Coverage ({label(MATCH_LEVEL_LABELS, level, lang)})"
                ),
                format_percent(report.coverage.get(level, 0.0), lang),
            )
        )
    if report.uncertainty:
        rows.append(
            (
                "Incertitude" if fr else "Uncertainty",
                (
                    f"Monte Carlo, {report.draws} tirages, graine {report.seed}, "
                    f"intervalle {DEFAULT_LEVEL:.0%} (loi triangulaire scindée : valeur publiée "
                    "médiane, bornes basse et haute ; même quantile pour tous les facteurs "
                    "d'un critère)"
                )
                if fr
                else (
                    f"Monte Carlo, {report.draws} draws, seed {report.seed}, "
                    f"{DEFAULT_LEVEL:.0%} interval (split triangular: published value as median, "
                    "low and high bounds; one quantile for every factor of a criterion)"
                ),
            )
        )
    rows.append(
        (
            "Généré le" if fr else "Generated",
            datetime.now().strftime("%d/%m/%Y %H:%M" if fr else "%Y-%m-%d %H:%M"),
        )
    )
    return rows


def column_label(column: str, lang: str = "fr") -> str:
    """« climat total » for ``gwp_total``: table headers in words, never internal codes
    (machine-readable outputs keep the codes)."""
    if column == "devices":
        return "équipements" if lang == "fr" else "devices"
    return labels.column_label(column, lang)


def units_line(criteria: Sequence[str], lang: str = "fr") -> str:
    """The legend under a table: each criterion's words and unit."""
    parts = [
        f"{label(CRITERION_SHORT, c, lang)} = {criterion_label(c, lang)}"
        for c in criteria
        if c in CRITERIA
    ]
    return ("Unités — " if lang == "fr" else "Units — ") + " ; ".join(parts)


def _table_columns(criteria: Sequence[str], uncertainty: bool) -> list[str]:
    cols = ["devices"]
    for c in criteria:
        cols += [f"{c}_{part}" for part in PARTS]
        if uncertainty:
            cols += [f"{c}_low", f"{c}_high"]
    return cols


def write_xlsx(report: FootprintReport, path: Path, lang: str = "fr") -> None:
    """Workbook: parameters sheet, total, groups (if any), then one row per device."""
    from .xlsx import Book, number

    fr = lang == "fr"
    book = Book(path, lang)
    params = book.sheet("Paramètres" if fr else "Parameters")
    params.header(["Paramètre" if fr else "Parameter", "Valeur" if fr else "Value"])
    for name, value in parameters_rows(report, lang):
        params.append([name, value])
    params.widths([34, 60])
    params.worksheet.freeze_panes(1, 0)

    cols = _table_columns(report.result.criteria, report.uncertainty)
    names = [column_label(c, lang) for c in cols]
    tables: list[tuple[str, pd.DataFrame, str | None]] = [("Total", report.total, None)]
    if report.groups is not None and report.by is not None:
        by_text = _by_heading(report.by, lang)
        title = f"Par {by_text}" if fr else f"By {by_text}"
        tables.append((title, report.groups, report.by))
    for title, table, by in tables:
        sheet = book.sheet(title[:31])
        sheet.header([_by_heading(by, lang), *names])
        for key, row in table.iterrows():
            sheet.append([_group_label(key, by, lang), *(number(row[c]) for c in cols)])
        sheet.widths([30, *(max(12, len(c) + 2) for c in names)])
        sheet.worksheet.freeze_panes(1, 1)

    book.table("Équipements" if fr else "Devices", worded_frame(device_rows(report.result), lang))
    book.close()


def table_frame(report: FootprintReport, lang: str = "fr") -> pd.DataFrame:
    """Groups (or the total) as a display table with labels, for the CLI's table output."""
    table = report.groups if report.groups is not None else report.total
    cols = _table_columns(report.result.criteria, report.uncertainty)
    shown = table[cols].copy()
    shown.columns = pd.Index([column_label(c, lang) for c in cols])
    shown.index = pd.Index(
        [_group_label(k, report.by, lang) for k in table.index], name=_by_heading(report.by, lang)
    )
    return shown
