"""The REEN indicator workbook: cover, indicators, trend, one sheet per entity, annex.

Native Excel charts (a stacked bar chart of the footprint by category, a line
chart of the footprint by year; xlsxwriter through :mod:`footprint.xlsx`) so the
figures can be pasted into the sustainable-development report as they are. The
cover states the year, scope, method, factor set and electricity factor with its
source (docs/architecture.md §9); every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from factors.locale import category_label, format_number, format_percent, label

from ..aggregate import aggregate, columns_read
from ..indicators.reen import (
    CONSOLIDATED,
    INDICATOR_BY_CODE,
    INDICATORS,
    PERSON_YEAR_T_CO2E,
    ReenFigures,
    ReenIndicators,
    ReenReport,
    method_rows,
    status_of,
)
from ..labels import (
    DEVICE_FIELD_LABELS,
    METHOD_LABELS,
    worded_frame,
)
from ..lifespans import recomputed_note
from ..refurbished import refurbished_note
from ..xlsx import Book, Sheet, bold, number, title

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "met": ("atteint", "met"),
    "not_met": ("non atteint", "not met"),
    "unknown": ("—", "—"),
}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _t(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def scope_label(scope: str, lang: str = "fr") -> str:
    return _t(lang, "Consolidé", "Consolidated") if scope == CONSOLIDATED else scope


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
            label(METHOD_LABELS, result.method, lang),
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
    rows.insert(
        -2, (_t(lang, "Reconditionnés", "Refurbished"), refurbished_note(result.factors, lang))
    )
    return rows


def indicator_rows(
    current: ReenFigures,
    previous: ReenFigures | None,
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
    sheet: Sheet,
    current: ReenFigures,
    previous: ReenFigures | None,
    scope: str,
    lang: str,
) -> None:
    sheet.header(
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
                row["indicator"],
                number(row["value"], share),
                row["unit"],
                number(row["target"], share),
                label(STATUS_LABELS, row["status"], lang) if row["status"] else None,
                number(row["previous"], share),
                row["code"],
            ]
        )


def _category_table(sheet: Sheet, current: ReenIndicators, scope: str, lang: str) -> None:
    """Footprint by category (t CO2e) then by phase; a stacked bar chart of the
    category block is anchored beside it."""
    criteria = current.result.criteria
    read = dict.fromkeys([*columns_read(criteria, "category"), *columns_read(criteria, "phase")])
    result = current.scope_result(scope, list(read))
    by_category = aggregate(result, "category")
    sheet.append([])
    anchor = sheet.row
    sheet.append([bold(_t(lang, "Empreinte par catégorie", "Footprint by category"))])
    header_row = sheet.row
    sheet.header(
        [
            _t(lang, "Catégorie", "Category"),
            _t(lang, "Équipements", "Devices"),
            _t(lang, "Fabrication, transport, fin de vie (t CO2e)", "Embodied (t CO2e)"),
            _t(lang, "Usage (t CO2e)", "Use (t CO2e)"),
            _t(lang, "Total (t CO2e)", "Total (t CO2e)"),
        ],
    )
    for key, row in by_category.iterrows():
        sheet.append(
            [
                category_label(str(key), lang),
                number(row["devices"]),
                number(row["gwp_embodied"] / 1000),
                number(row["gwp_use"] / 1000),
                number(row["gwp_total"] / 1000),
            ]
        )
    n = len(by_category)
    if n:
        chart = sheet.book.chart("bar", "stacked")
        first, last = header_row + 1, header_row + n
        for column in (2, 3):
            chart.add_series(
                {
                    "name": [sheet.name, header_row, column],
                    "categories": [sheet.name, first, 0, last, 0],
                    "values": [sheet.name, first, column, last, column],
                    "overlap": 100,
                }
            )
        chart.set_title(
            {"name": _t(lang, "Empreinte carbone par catégorie", "Carbon footprint by category")}
        )
        chart.set_x_axis({"name": "t CO2e"})
        chart.set_size({"width": 680, "height": max(284, int(23 * n + 113))})
        sheet.chart(chart, f"I{anchor + 1}")

    by_phase = aggregate(result, "phase")
    sheet.append([])
    sheet.append([bold(_t(lang, "Empreinte par phase", "Footprint by phase"))])
    sheet.header([_t(lang, "Phase", "Phase"), "t CO2e", "kg Sb eq", "GJ"])
    phase_names = {
        "manufacturing": _t(lang, "fabrication", "manufacturing"),
        "distribution": _t(lang, "distribution", "distribution"),
        "end_of_life": _t(lang, "fin de vie", "end of life"),
        "use": _t(lang, "usage", "use"),
    }
    for key, row in by_phase.iterrows():
        sheet.append(
            [
                phase_names.get(str(key), str(key)),
                number(row["gwp_total"] / 1000),
                number(row.get("adpe_total")),
                number(row["pe_total"] / 1000 if "pe_total" in row else None),
            ]
        )


def _lifespan_table(sheet: Sheet, current: ReenIndicators, scope: str, lang: str) -> None:
    rows = current.lifespans.loc[current.lifespans["scope"] == scope]
    sheet.append([])
    sheet.append([bold(_t(lang, "Durée de vie par type d'équipement", "Lifespan by device type"))])
    sheet.header(
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
                category_label(str(row["category"]), lang),
                number(row["retired_units"]),
                number(row["retired_months"]),
                number(row["in_service_units"]),
                number(row["age_months"]),
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
    "users_per_printer",
    "retired_stock_share",
    "upgraded_share",
    "ecolabel_purchase_share",
)


def _trend_sheet(book: Book, report: ReenReport, lang: str) -> None:
    sheet = book.sheet(_t(lang, "Tendance", "Trend"))
    years = sorted([*report.history, report.year])
    sheet.header(
        [_t(lang, "Année", "Year"), *(INDICATOR_BY_CODE[c].label(lang) for c in TREND_CODES)]
    )
    trends = {code: report.trend(code) for code in TREND_CODES}
    for year in years:
        sheet.append(
            [year]
            + [number(trends[code][year], INDICATOR_BY_CODE[code].is_share) for code in TREND_CODES]
        )
    sheet.worksheet.freeze_panes(1, 1)
    chart = book.chart("line")
    chart.add_series(
        {
            "name": [sheet.name, 0, 1],
            "categories": [sheet.name, 1, 0, len(years), 0],
            "values": [sheet.name, 1, 1, len(years), 1],
        }
    )
    chart.set_title({"name": _t(lang, "Empreinte carbone par année", "Carbon footprint by year")})
    chart.set_y_axis({"name": "t CO2e"})
    chart.set_x_axis({"name": _t(lang, "Année", "Year")})
    chart.set_size({"width": 680, "height": 302})
    sheet.chart(chart, f"B{len(years) + 4}")


#: Columns of the per-device annex (engine codes) with their French and English headings
#: (the cover states method, year, factors, electricity and the day the fleet is taken).
ANNEX_COLUMNS: dict[str, tuple[str, str]] = {
    "device_id": ("N° ecoparc", "ecoparc no."),
    **{
        field: DEVICE_FIELD_LABELS[field]
        for field in (
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
        )
    },
    "reference": ("Référence de facteurs", "Factor reference"),
    "match_level": ("Correspondance", "Match"),
    "lifespan_years": ("Durée de vie (ans)", "Lifespan (years)"),
    "lifespan_rule": ("Origine de la durée de vie", "Lifespan from"),
    "embodied_share": ("Part de l'incorporé attribuée à l'année", "Share of embodied in the year"),
    "kwh": ("Électricité (kWh)", "Electricity (kWh)"),
    "gwp_embodied": (
        "Fabrication, transport, fin de vie (kg CO2e)",
        "Manufacturing, transport, end of life (kg CO2e)",
    ),
    "gwp_use": ("Usage (kg CO2e)", "Use (kg CO2e)"),
    "gwp_total": ("Total (kg CO2e)", "Total (kg CO2e)"),
    "adpe_total": ("Ressources minérales (kg Sb eq)", "Mineral resources (kg Sb eq)"),
    "pe_total": ("Énergie primaire (MJ)", "Primary energy (MJ)"),
}


def annex_frame(devices: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The device annex: the engine's rows under headings a reader understands, codes
    replaced by their wording (:func:`footprint.labels.worded_frame`)."""
    columns = [c for c in ANNEX_COLUMNS if c in devices.columns]
    return worded_frame(devices[columns], lang, ANNEX_COLUMNS)


def _annex(book: Book, report: ReenReport, lang: str) -> None:
    annex = annex_frame(report.current.result.devices, lang)
    share = _t(lang, *ANNEX_COLUMNS["embodied_share"])
    book.table(_t(lang, "Annexe équipements", "Device annex"), annex, {share: "share"})


def _scope_sheet(sheet: Sheet, report: ReenReport, scope: str, heading: str, lang: str) -> None:
    """A scope's indicators, footprint by category and phase, and lifespans."""
    sheet.append([title(f"{heading} — {report.year}")])
    _indicator_table(sheet, report.current, report.previous, scope, lang)
    _category_table(sheet, report.current, scope, lang)
    _lifespan_table(sheet, report.current, scope, lang)
    sheet.widths([44, 16, 16, 16, 16, 18, 28])


def _method_sheet(book: Book, lang: str) -> None:
    """Every indicator with its unit and definition (footprint.indicators.reen)."""
    sheet = book.sheet(_t(lang, "Méthode", "Method"))
    sheet.header(
        [
            _t(lang, "Indicateur", "Indicator"),
            _t(lang, "Unité", "Unit"),
            _t(lang, "Définition", "Definition"),
            "Code",
        ]
    )
    for row in method_rows(lang):
        sheet.append(row)
    sheet.widths([44, 18, 90, 28])


def write_reen_xlsx(report: ReenReport, path: Path, scope: str, lang: str = "fr") -> None:
    """Write the REEN workbook of ``report`` to ``path``; ``scope`` names the perimeter."""
    book = Book(path, lang)
    cover = book.sheet(_t(lang, "Couverture", "Cover"))
    cover.append(
        [
            title(
                _t(
                    lang,
                    f"Indicateurs de la stratégie numérique responsable {report.year}",
                    f"Sustainable IT strategy indicators {report.year}",
                )
            )
        ]
    )
    cover.append([])
    for name, value in cover_rows(report, scope, lang):
        cover.append([bold(name), value])
    cover.append([])
    cover.append(
        [
            _t(
                lang,
                "Loi REEN (2021-1485) art. 35, décret 2022-1084 ; AGEC art. 58, décret "
                "2024-134 ; décret 2023-266. Définitions : feuille « Méthode » et "
                "docs/reports.md.",
                "REEN law (2021-1485) art. 35, décret 2022-1084; AGEC art. 58, décret "
                "2024-134; décret 2023-266. Definitions: « Method » sheet and "
                "docs/reports.md.",
            )
        ]
    )
    cover.widths([34, 80])

    indicators = book.sheet(_t(lang, "Indicateurs", "Indicators"))
    _scope_sheet(indicators, report, CONSOLIDATED, scope_label(CONSOLIDATED, lang), lang)
    _trend_sheet(book, report, lang)
    used = {_t(lang, n_fr, n_en).lower() for n_fr, n_en in _FIXED_SHEETS}
    for entity in report.current.entities:
        _scope_sheet(book.sheet(_unique_title(entity, used)), report, entity, entity, lang)
    _annex(book, report, lang)
    _method_sheet(book, lang)
    book.close()


#: The sheets every workbook has, which an entity's sheet must not be named like.
_FIXED_SHEETS = (
    ("Couverture", "Cover"),
    ("Indicateurs", "Indicators"),
    ("Tendance", "Trend"),
    ("Annexe équipements", "Device annex"),
    ("Méthode", "Method"),
)


def share_or_number(value: float, share: bool, lang: str = "fr") -> str:
    """Display text of an indicator value (the TUI preview and the CLI table)."""
    if share:
        return format_percent(value, lang, digits=3)
    return format_number(value, lang, digits=4)
