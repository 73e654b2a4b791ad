"""Scenarios side by side, with their differences from the baseline.

Every scenario of a comparison runs over the same horizon on the same prepared
fleet; the baseline is always first (added when not asked for), and the deltas
read "what this scenario changes compared with current practice":

- ``avoided_gwp_kg`` = baseline total − scenario total (positive: CO2e avoided);
- ``change_pct`` = (scenario − baseline) / baseline × 100;
- ``delta_eur`` = scenario spend − baseline spend (negative: money saved);
- ``avoided_weee_kg`` = (baseline − scenario) weight of the units leaving the
  fleet + (scenario − baseline) weight of the refurbished units bought: the
  devices kept out of the waste stream, those kept longer and those given a
  second life (docs/scenarios.md, « DEEE évités »).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from factors.locale import category_label, format_number, label
from factors.messages import in_language
from factors.outputs import write_with
from factors.text import plain

from ..labels import METHOD_LABELS
from ..report_safety import xlsx_cell
from .defaults import PLAN_COLUMNS, SOURCE_LABELS
from .params import ScenarioParams
from .presets import BASELINE, preset
from .prices import PRICE_TABLE_SOURCE
from .projection import FleetBase, ScenarioResult, project_many

#: Columns of :meth:`Comparison.summary`, one row per scenario.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "name",
    "label",
    "total_gwp_kg",
    "avoided_gwp_kg",
    "change_pct",
    "purchases",
    "purchases_refurbished",
    "purchases_eur",
    "delta_eur",
    "weee_kg",
    "avoided_weee_kg",
    "agec_share",
)

#: French and English headings of the summary and yearly columns.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "name": ("scénario", "scenario"),
    "label": ("libellé", "label"),
    "total_gwp_kg": ("total kg CO2e", "total kg CO2e"),
    "avoided_gwp_kg": ("kg CO2e évités", "kg CO2e avoided"),
    "change_pct": ("écart %", "change %"),
    "purchases": ("achats (unités)", "purchases (units)"),
    "purchases_new": ("achats neufs", "new purchases"),
    "purchases_refurbished": ("achats reconditionnés", "refurbished purchases"),
    "purchases_eur": ("achats € HT", "purchases € excl. VAT"),
    "refurbished_eur": ("reconditionné € HT", "refurbished € excl. VAT"),
    "delta_eur": ("écart € HT", "difference € excl. VAT"),
    "weee_kg": ("DEEE kg", "WEEE kg"),
    "leaving_kg": ("sorties kg", "leaving kg"),
    "refurbished_kg": ("achats reconditionnés kg", "refurbished purchases kg"),
    "avoided_weee_kg": ("DEEE kg évités", "WEEE kg avoided"),
    "agec_share": ("part AGEC réemploi", "AGEC reuse share"),
    "agec_target": ("objectif AGEC", "AGEC target"),
    "year": ("année", "year"),
    "devices": ("équipements", "devices"),
    "purchases_gwp_kg": ("incorporé des achats kg CO2e", "embodied of purchases kg CO2e"),
    "embodied_gwp_kg": ("incorporé kg CO2e", "embodied kg CO2e"),
    "use_gwp_kg": ("usage kg CO2e", "use kg CO2e"),
    "gwp_kg": ("total kg CO2e", "total kg CO2e"),
    "cumulative_gwp_kg": ("cumul kg CO2e", "cumulative kg CO2e"),
    "leaving": ("sorties", "leaving"),
    "leaving_reuse": ("sorties vers le réemploi", "leaving to reuse"),
    "leaving_weee": ("sorties en DEEE", "leaving to WEEE"),
    "electricity_kg_per_kwh": ("facteur électrique kg CO2e/kWh", "electricity kg CO2e/kWh"),
}

PLAN_LABELS: dict[str, tuple[str, str]] = {
    "replacement_age": ("âge de renouvellement (ans)", "replacement age (years)"),
    "replacement_age_source": ("origine de l'âge", "age source"),
    "refurbished_lifespan": ("durée d'un reconditionné (ans)", "refurbished lifespan (years)"),
    "refurbished_lifespan_source": ("origine de la durée", "lifespan source"),
    "refurbished_share": ("part reconditionnée", "refurbished share"),
    "price_new": ("prix neuf € HT", "new price € excl. VAT"),
    "price_new_source": ("origine du prix neuf", "new price source"),
    "price_refurbished": ("prix reconditionné € HT", "refurbished price € excl. VAT"),
    "price_refurbished_source": ("origine du prix reconditionné", "refurbished price source"),
}


def heading(column: str, lang: str = "fr") -> str:
    return label(COLUMN_LABELS, column, lang)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Scenario results over one horizon, the baseline first."""

    horizon: tuple[int, int]
    results: tuple[ScenarioResult, ...]

    @property
    def baseline(self) -> ScenarioResult:
        return self.results[0]

    def summary(self) -> pd.DataFrame:
        """One row per scenario: horizon totals and deltas against the baseline."""
        base = self.baseline.totals()
        rows = []
        for result in self.results:
            totals = result.totals()
            gwp, base_gwp = totals["gwp_kg"], base["gwp_kg"]
            rows.append(
                {
                    "name": result.name,
                    "label": result.params.label or result.name,
                    "total_gwp_kg": gwp,
                    "avoided_gwp_kg": base_gwp - gwp,
                    "change_pct": (gwp - base_gwp) / base_gwp * 100.0 if base_gwp else 0.0,
                    "purchases": totals["purchases"],
                    "purchases_refurbished": totals["purchases_refurbished"],
                    "purchases_eur": totals["purchases_eur"],
                    "delta_eur": totals["purchases_eur"] - base["purchases_eur"],
                    "weee_kg": totals["weee_kg"],
                    "avoided_weee_kg": avoided_weee_kg(base, totals),
                    "agec_share": totals["agec_share"],
                }
            )
        return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))

    def trajectories(self, column: str = "gwp_kg") -> pd.DataFrame:
        """Year × scenario table of one yearly column (the chart's data)."""
        return pd.DataFrame(
            {r.name: r.years.set_index("year")[column] for r in self.results}
        ).rename_axis("year")

    def to_json(self) -> dict[str, Any]:
        """The documented JSON document of ``ecoparc scenario compare --format json``."""
        summary = self.summary()
        scenarios = []
        for result, (_, row) in zip(self.results, summary.iterrows(), strict=True):
            scenarios.append(
                {
                    "name": result.name,
                    "total_gwp_kg": float(row["total_gwp_kg"]),
                    "avoided_gwp_kg": float(row["avoided_gwp_kg"]),
                    "delta_eur": float(row["delta_eur"]),
                    "avoided_weee_kg": float(row["avoided_weee_kg"]),
                    "years": [
                        {
                            "year": int(y["year"]),
                            "purchases": float(y["purchases"]),
                            "purchases_eur": float(y["purchases_eur"]),
                            "gwp_kg": float(y["gwp_kg"]),
                            "weee_kg": float(y["weee_kg"]),
                            "agec_share": None
                            if np.isnan(y["agec_share"])
                            else float(y["agec_share"]),
                        }
                        for _, y in result.years.iterrows()
                    ],
                }
            )
        return {"horizon": list(self.horizon), "scenarios": scenarios}


def avoided_weee_kg(baseline: dict[str, Any], scenario: dict[str, Any]) -> float:
    """WEEE avoided by a scenario against the baseline (horizon totals), from weights:
    the units it keeps out of the waste stream — fewer units leaving the fleet, more
    units bought refurbished (each a device given a second life)."""
    kept = baseline["leaving_kg"] - scenario["leaving_kg"]
    second_life = scenario["refurbished_kg"] - baseline["refurbished_kg"]
    return float(kept + second_life)


def with_baseline(scenarios: Sequence[ScenarioParams], lang: str = "fr") -> list[ScenarioParams]:
    """The scenarios with the baseline first and no name twice.

    A baseline added because it was not asked for takes the accounting choices
    (method, zone, electricity, accounting periods, sample size) of the first
    scenario, so that the deltas only measure the scenario's levers.
    """
    unique: dict[str, ScenarioParams] = {}
    for scenario in scenarios:
        unique.setdefault(scenario.name, scenario)
    if BASELINE in unique:
        baseline = unique.pop(BASELINE)
    else:
        baseline = preset(BASELINE, lang)
        if unique:
            model = next(iter(unique.values()))
            baseline = baseline.with_changes(
                method=model.method,
                zone=model.zone,
                electricity=dict(model.electricity),
                accounting_years=dict(model.accounting_years),
                min_sample=model.min_sample,
            )
    return [baseline, *unique.values()]


def compare(
    base: FleetBase,
    scenarios: Sequence[ScenarioParams],
    *,
    horizon: tuple[int, int] | None = None,
    today: date | None = None,
    lang: str = "fr",
) -> Comparison:
    """Run every scenario (the baseline first) over one horizon: ``horizon``, else
    the first scenario's that sets one, else ten years from today."""
    ordered = with_baseline(scenarios, lang)
    if horizon is None:
        horizon = next((s.horizon for s in (*scenarios, *ordered) if s.horizon), None)
    if horizon is None:
        horizon = ordered[0].years(today)
    results = tuple(project_many(base, ordered, horizon=horizon))
    return Comparison(horizon=horizon, results=results)


def provenance_rows(comparison: Comparison, lang: str = "fr") -> list[tuple[str, str]]:
    """What produced the figures: factor set, method, electricity, horizon, prices."""
    fr = lang == "fr"
    first, last = comparison.horizon
    base = comparison.baseline
    rows = [
        ("Horizon", f"{first}–{last}"),
        ("Jeu de facteurs" if fr else "Factor set", base.factor_set),
    ]
    for result in comparison.results:
        method = result.params.method
        factors = sorted({(e.value, e.unit, e.source) for e in result.electricity.values()})
        electricity = " ; ".join(f"{format_number(v, lang)} {u} ({s})" for v, u, s in factors)
        rows.append(
            (
                (f"Méthode — {result.name}" if fr else f"Method — {result.name}"),
                label(METHOD_LABELS, method, lang),
            )
        )
        rows.append(
            (
                (
                    f"Facteur électrique — {result.name}"
                    if fr
                    else f"Electricity factor — {result.name}"
                ),
                electricity,
            )
        )
    if any(
        (r.plan[["price_new_source", "price_refurbished_source"]] == "price_table").any().any()
        for r in comparison.results
    ):
        rows.append(("Prix" if fr else "Prices", in_language(PRICE_TABLE_SOURCE, lang)))
    rows.append(
        ("Unités", "kg CO2e ; € HT ; kg de DEEE")
        if fr
        else ("Units", "kg CO2e; € excl. VAT; kg of WEEE")
    )
    rows.append(
        (
            "Généré le" if fr else "Generated",
            datetime.now().strftime("%d/%m/%Y %H:%M" if fr else "%Y-%m-%d %H:%M"),
        )
    )
    return rows


def plan_frame(result: ScenarioResult, lang: str = "fr") -> pd.DataFrame:
    """The per-category parameters of a result, with labelled sources."""
    plan = result.plan[list(PLAN_COLUMNS)].copy()
    for column in PLAN_COLUMNS:
        if column.endswith("_source"):
            plan[column] = plan[column].map(lambda code: label(SOURCE_LABELS, code, lang))
    return plan


def write_xlsx(
    comparison: Comparison,
    path: Path,
    lang: str = "fr",
    front: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = (),
) -> None:
    """Workbook: the ``front`` sheets (title, header, rows) if any, then provenance,
    the side-by-side summary, the yearly trajectories, every yearly row and the
    per-category parameters. Text cells are written as text (no formula can be
    injected through a scenario name). Written atomically (factors.outputs)."""
    from openpyxl import Workbook  # only for a workbook: `scenario compare` starts without it

    fr = lang == "fr"
    wb = Workbook(write_only=True)

    def sheet(title: str, header: Sequence[str]) -> Any:
        ws = wb.create_sheet(title[:31])
        ws.append([xlsx_cell(ws, h) for h in header])
        return ws

    for title, header, cells in front:
        ws = sheet(title, header)
        for line in cells:
            ws.append([xlsx_cell(ws, plain(v)) for v in line])

    ws = sheet(
        "Paramètres" if fr else "Parameters",
        ["Paramètre" if fr else "Parameter", "Valeur" if fr else "Value"],
    )
    for name, value in provenance_rows(comparison, lang):
        ws.append([xlsx_cell(ws, name), xlsx_cell(ws, value)])

    summary = comparison.summary()
    ws = sheet("Comparaison" if fr else "Comparison", [heading(c, lang) for c in SUMMARY_COLUMNS])
    for _, row in summary.iterrows():
        ws.append([xlsx_cell(ws, plain(row[c])) for c in SUMMARY_COLUMNS])

    trajectories = comparison.trajectories()
    ws = sheet(
        "Trajectoires" if fr else "Trajectories",
        [heading("year", lang)] + [str(c) for c in trajectories.columns],
    )
    for year, values in zip(trajectories.index, trajectories.to_numpy().tolist(), strict=True):
        ws.append([int(year)] + [plain(v) for v in values])

    year_columns = [c for c in comparison.baseline.years.columns if c in COLUMN_LABELS]
    ws = sheet(
        "Années" if fr else "Years",
        [heading("name", lang)] + [heading(c, lang) for c in year_columns],
    )
    for result in comparison.results:
        for _, row in result.years.iterrows():
            ws.append([xlsx_cell(ws, result.name)] + [plain(row[c]) for c in year_columns])

    ws = sheet(
        "Hypothèses" if fr else "Assumptions",
        [heading("name", lang), "catégorie" if fr else "category"]
        + [label(PLAN_LABELS, c, lang) for c in PLAN_COLUMNS],
    )
    for result in comparison.results:
        for category, row in plan_frame(result, lang).iterrows():
            ws.append(
                [xlsx_cell(ws, result.name), xlsx_cell(ws, category_label(str(category), lang))]
                + [xlsx_cell(ws, plain(row[c])) for c in PLAN_COLUMNS]
            )
    write_with(path, wb.save)
