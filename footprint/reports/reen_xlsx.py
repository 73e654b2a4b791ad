"""The REEN indicator workbook: cover, indicators, trend, one sheet per entity, annex.

Native Excel charts (openpyxl ``BarChart`` of the footprint by category,
``LineChart`` of the footprint by year) so the figures can be pasted into the
sustainable-development report as they are. The cover states the year, scope,
method, factor set and electricity factor with its source (docs/architecture.md §9);
every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from factors.locale import category_label, format_number, format_percent, label
from factors.text import plain

from ..aggregate import aggregate
from ..indicators.reen import (
    CONSOLIDATED,
    INDICATOR_BY_CODE,
    INDICATORS,
    PERSON_YEAR_T_CO2E,
    ReenIndicators,
    ReenReport,
    status_of,
)
from ..labels import METHOD_LABELS
from ..lifespans import recomputed_note
from ..report_safety import FORMULA_PREFIXES, xlsx_cell

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "met": ("atteint", "met"),
    "not_met": ("non atteint", "not met"),
    "unknown": ("—", "—"),
}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def scope_label(scope: str, lang: str = "fr") -> str:
    return _t(lang, "Consolidé", "Consolidated") if scope == CONSOLIDATED else scope


def _text(sheet: WriteOnlyWorksheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    cell = xlsx_cell(sheet, value)
    if font is not None:
        cell.font = font
    return cell


def _number(sheet: WriteOnlyWorksheet, value: Any, share: bool = False) -> Any:
    value = plain(value)
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=float(value))
    cell.number_format = "0.0%" if share else "#,##0.00"
    return cell


def _header(sheet: WriteOnlyWorksheet, names: Iterable[str]) -> None:
    sheet.append([_text(sheet, n, _BOLD) for n in names])


def _unique_title(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", name).strip("'") or "Entité"
    title = base[:31]
    n = 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def cover_rows(report: ReenReport, scope: str, lang: str = "fr") -> list[tuple[str, str]]:
    """Provenance lines of the cover (also shown by the TUI before writing)."""
    current = report.current
    result = current.result
    e = result.electricity["gwp"]
    entities = ", ".join(current.entities) or "—"
    rows = [
        (_t(lang, "Année", "Year"), str(report.year)),
        (
            _t(lang, "Parc au", "Fleet as of"),
            current.day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
        ),
        (_t(lang, "Périmètre", "Scope"), scope),
        (_t(lang, "Entités", "Entities"), entities),
        (
            _t(lang, "Méthode", "Method"),
            f"{result.method} — {label(METHOD_LABELS, result.method, lang)}",
        ),
        (
            _t(lang, "Jeu de facteurs", "Factor set"),
            f"{result.factor_set} v{result.factors.version}",
        ),
        (
            _t(lang, "Facteur électrique", "Electricity factor"),
            f"{format_number(e.value, lang)} {e.unit} — {e.zone} {e.year}",
        ),
        (_t(lang, "Source du facteur électrique", "Electricity factor source"), e.source),
        (
            _t(lang, "Référence européenne", "European reference"),
            _t(
                lang,
                f"{format_number(PERSON_YEAR_T_CO2E, lang)} t CO2e par personne et par an",
                f"{format_number(PERSON_YEAR_T_CO2E, lang)} t CO2e per person-year",
            ),
        ),
        (
            _t(lang, "Généré le", "Generated"),
            datetime.now().strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M"),
        ),
    ]
    if result.method == "annualized":
        rows.insert(
            -2, (_t(lang, "Durées de vie", "Lifespans"), recomputed_note(result.known_on, lang))
        )
    return rows


def indicator_rows(
    current: ReenIndicators,
    previous: ReenIndicators | None,
    scope: str = CONSOLIDATED,
    lang: str = "fr",
) -> list[dict[str, Any]]:
    """The indicator table of a scope: indicator, value, unit, target, status, previous year."""
    values: dict[Any, Any] = current.values.loc[scope].to_dict()
    before: dict[Any, Any] | None = (
        previous.values.loc[scope].to_dict()
        if previous is not None and scope in previous.values.index
        else None
    )
    rows = []
    for ind in INDICATORS:
        if ind.code.endswith("_target"):
            continue
        value = float(values[ind.code])
        target = float(values[ind.target]) if ind.target else float("nan")
        rows.append(
            {
                "code": ind.code,
                "indicator": ind.label(lang),
                "value": value,
                "unit": ind.unit(lang),
                "target": target,
                "status": status_of(value, target) if ind.target else "",
                "previous": float(before[ind.code]) if before is not None else float("nan"),
                "share": ind.is_share,
            }
        )
    return rows


def _indicator_table(
    sheet: WriteOnlyWorksheet,
    current: ReenIndicators,
    previous: ReenIndicators | None,
    scope: str,
    lang: str,
) -> None:
    _header(
        sheet,
        [
            _t(lang, "Indicateur", "Indicator"),
            _t(lang, "Valeur", "Value"),
            _t(lang, "Unité", "Unit"),
            _t(lang, "Objectif", "Target"),
            _t(lang, "Statut", "Status"),
            _t(
                lang,
                f"Année précédente ({current.year - 1})",
                f"Previous year ({current.year - 1})",
            ),
            "Code",
        ],
    )
    for row in indicator_rows(current, previous, scope, lang):
        share = row["share"]
        sheet.append(
            [
                _text(sheet, row["indicator"]),
                _number(sheet, row["value"], share),
                _text(sheet, row["unit"]),
                _number(sheet, row["target"], share),
                _text(sheet, label(STATUS_LABELS, row["status"], lang)) if row["status"] else None,
                _number(sheet, row["previous"], share),
                _text(sheet, row["code"]),
            ]
        )


def _category_table(
    sheet: WriteOnlyWorksheet, current: ReenIndicators, scope: str, lang: str, first_row: int
) -> None:
    """Footprint by category (t CO2e) then by phase, after row ``first_row``; a bar
    chart of the category block is anchored beside it (write-only sheets need the
    absolute rows of the data the chart refers to)."""
    result = current.scope_result(scope)
    by_category = aggregate(result, "category")
    sheet.append([])
    sheet.append(
        [_text(sheet, _t(lang, "Empreinte par catégorie", "Footprint by category"), _BOLD)]
    )
    _header(
        sheet,
        [
            _t(lang, "Catégorie", "Category"),
            _t(lang, "Équipements", "Devices"),
            _t(lang, "Fabrication, transport, fin de vie (t CO2e)", "Embodied (t CO2e)"),
            _t(lang, "Usage (t CO2e)", "Use (t CO2e)"),
            _t(lang, "Total (t CO2e)", "Total (t CO2e)"),
        ],
    )
    header_row = first_row + 3
    for key, row in by_category.iterrows():
        sheet.append(
            [
                _text(sheet, category_label(str(key), lang)),
                _number(sheet, row["devices"]),
                _number(sheet, row["gwp_embodied"] / 1000),
                _number(sheet, row["gwp_use"] / 1000),
                _number(sheet, row["gwp_total"] / 1000),
            ]
        )
    n = len(by_category)
    if n:
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = _t(lang, "Empreinte carbone par catégorie", "Carbon footprint by category")
        chart.y_axis.title = "t CO2e"
        data = Reference(sheet, min_col=3, max_col=4, min_row=header_row, max_row=header_row + n)
        cats = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + n)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.width, chart.height = 18, max(7.5, 0.6 * n + 3)
        sheet.add_chart(chart, f"I{first_row + 1}")

    by_phase = aggregate(result, "phase")
    sheet.append([])
    sheet.append([_text(sheet, _t(lang, "Empreinte par phase", "Footprint by phase"), _BOLD)])
    _header(sheet, [_t(lang, "Phase", "Phase"), "t CO2e", "kg Sb eq", "GJ"])
    phase_names = {
        "manufacturing": _t(lang, "fabrication", "manufacturing"),
        "distribution": _t(lang, "distribution", "distribution"),
        "end_of_life": _t(lang, "fin de vie", "end of life"),
        "use": _t(lang, "usage", "use"),
    }
    for key, row in by_phase.iterrows():
        sheet.append(
            [
                _text(sheet, phase_names.get(str(key), str(key))),
                _number(sheet, row["gwp_total"] / 1000),
                _number(sheet, row.get("adpe_total")),
                _number(sheet, row["pe_total"] / 1000 if "pe_total" in row else None),
            ]
        )


def _lifespan_table(
    sheet: WriteOnlyWorksheet, current: ReenIndicators, scope: str, lang: str
) -> None:
    rows = current.lifespans.loc[current.lifespans["scope"] == scope]
    sheet.append([])
    sheet.append(
        [
            _text(
                sheet,
                _t(lang, "Durée de vie par type d'équipement", "Lifespan by device type"),
                _BOLD,
            )
        ]
    )
    _header(
        sheet,
        [
            _t(lang, "Catégorie", "Category"),
            _t(lang, "Retirés dans l'année", "Retired in the year"),
            _t(lang, "Durée de vie moyenne (mois)", "Average lifespan (months)"),
            _t(lang, "En service", "In service"),
            _t(lang, "Âge moyen (mois)", "Average age (months)"),
        ],
    )
    for _, row in rows.iterrows():
        sheet.append(
            [
                _text(sheet, category_label(str(row["category"]), lang)),
                _number(sheet, row["retired_units"]),
                _number(sheet, row["retired_months"]),
                _number(sheet, row["in_service_units"]),
                _number(sheet, row["age_months"]),
            ]
        )


#: Indicators shown in the trend sheet (consolidated, one column per year).
TREND_CODES: tuple[str, ...] = (
    "footprint_gwp_t",
    "footprint_gwp_per_agent_t",
    "electricity_mwh",
    "devices_in_service",
    "devices_per_agent",
    "lifespan_retired_months",
    "age_in_service_months",
    "spend_reuse_share",
    "reuse_rate",
    "weee_kg",
)


def _trend_sheet(wb: Workbook, report: ReenReport, lang: str) -> None:
    sheet = wb.create_sheet(_t(lang, "Tendance", "Trend"))
    years = sorted([*report.history, report.year])
    _header(
        sheet, [_t(lang, "Année", "Year"), *(INDICATOR_BY_CODE[c].label(lang) for c in TREND_CODES)]
    )
    trends = {code: report.trend(code) for code in TREND_CODES}
    for year in years:
        sheet.append(
            [year]
            + [
                _number(sheet, trends[code][year], INDICATOR_BY_CODE[code].is_share)
                for code in TREND_CODES
            ]
        )
    chart = LineChart()
    chart.title = _t(lang, "Empreinte carbone par année", "Carbon footprint by year")
    chart.y_axis.title = "t CO2e"
    chart.x_axis.title = _t(lang, "Année", "Year")
    data = Reference(sheet, min_col=2, max_col=2, min_row=1, max_row=1 + len(years))
    cats = Reference(sheet, min_col=1, min_row=2, max_row=1 + len(years))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 18, 8
    sheet.add_chart(chart, f"B{len(years) + 4}")


#: Columns of the per-device annex (the cover states method, year, factors, electricity).
ANNEX_COLUMNS: tuple[str, ...] = (
    "device_id",
    "entity",
    "site",
    "name",
    "category",
    "manufacturer",
    "model",
    "quantity",
    "acquisition",
    "status",
    "purchase_date",
    "retirement_date",
    "reference",
    "match_level",
    "lifespan_years",
    "lifespan_rule",
    "embodied_share",
    "kwh",
    "gwp_embodied",
    "gwp_use",
    "gwp_total",
    "adpe_total",
    "pe_total",
)


def _column_values(sheet: WriteOnlyWorksheet, column: pd.Series) -> list[Any]:
    """One annex column as cell values, converted a whole column at a time.

    Numbers and dates go in as they are; text goes in plain unless it could be
    read as a formula or holds characters xlsx forbids, then as a text cell.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("str")
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(d) else d.date() for d in column]
    if pd.api.types.is_numeric_dtype(column):
        numbers: list[Any] = column.astype(object).where(column.notna(), None).tolist()
        return numbers
    text = column.astype("str")
    values: list[Any] = text.astype(object).where(text.notna(), None).tolist()
    risky = (
        text.str.startswith(FORMULA_PREFIXES) | text.str.contains(ILLEGAL_CHARACTERS_RE.pattern)
    ).fillna(False)
    for i in np.flatnonzero(risky.to_numpy(dtype=bool)):
        values[i] = xlsx_cell(sheet, values[i])
    return values


def _annex(wb: Workbook, report: ReenReport, lang: str) -> None:
    devices = report.current.result.devices
    columns = [c for c in ANNEX_COLUMNS if c in devices.columns]
    sheet = wb.create_sheet(_t(lang, "Annexe équipements", "Device annex"))
    sheet.append([_text(sheet, c, _BOLD) for c in columns])
    values = [_column_values(sheet, devices[c]) for c in columns]
    for row in zip(*values, strict=True):
        sheet.append(row)


def write_reen_xlsx(report: ReenReport, path: Path, scope: str, lang: str = "fr") -> None:
    """Write the REEN workbook of ``report`` to ``path``; ``scope`` names the perimeter."""
    wb = Workbook(write_only=True)
    current = report.current
    previous = report.previous

    cover = wb.create_sheet(_t(lang, "Couverture", "Cover"))
    cover.append(
        [
            _text(
                cover,
                _t(
                    lang,
                    f"Indicateurs de la stratégie numérique responsable {report.year}",
                    f"Sustainable IT strategy indicators {report.year}",
                ),
                _TITLE,
            )
        ]
    )
    cover.append([])
    for name, value in cover_rows(report, scope, lang):
        cover.append([_text(cover, name, _BOLD), _text(cover, value)])
    cover.append([])
    cover.append(
        [
            _text(
                cover,
                _t(
                    lang,
                    "Loi REEN (2021-1485) art. 35, décret 2022-1084 ; AGEC art. 58, décret "
                    "2024-134 ; décret 2023-266. Définitions : docs/reports.md.",
                    "REEN law (2021-1485) art. 35, décret 2022-1084; AGEC art. 58, décret "
                    "2024-134; décret 2023-266. Definitions: docs/reports.md.",
                ),
            )
        ]
    )

    sheet = wb.create_sheet(_t(lang, "Indicateurs", "Indicators"))
    sheet.append([_text(sheet, scope_label(CONSOLIDATED, lang) + f" — {report.year}", _TITLE)])
    _indicator_table(sheet, current, previous, CONSOLIDATED, lang)
    first = 2 + len(indicator_rows(current, previous, CONSOLIDATED, lang))
    _category_table(sheet, current, CONSOLIDATED, lang, first)
    _lifespan_table(sheet, current, CONSOLIDATED, lang)

    _trend_sheet(wb, report, lang)

    used = {s.title.lower() for s in wb.worksheets}
    for entity in current.entities:
        sheet = wb.create_sheet(_unique_title(entity, used))
        sheet.append([_text(sheet, f"{entity} — {report.year}", _TITLE)])
        _indicator_table(sheet, current, previous, entity, lang)
        first = 2 + len(indicator_rows(current, previous, entity, lang))
        _category_table(sheet, current, entity, lang, first)
        _lifespan_table(sheet, current, entity, lang)

    _annex(wb, report, lang)
    wb.save(path)


def share_or_number(value: float, share: bool, lang: str = "fr") -> str:
    """Display text of an indicator value (the TUI preview and the CLI table)."""
    if share:
        return format_percent(value, lang, digits=3)
    return format_number(value, lang, digits=4)
