"""The yearly report for elected officials: one self-contained HTML file, in French.

What it says, in order (docs/reports.md, « Rapport annuel ») :

1. a one-page summary: the year's carbon footprint and its trend, per agent, the
   three biggest levers (the ready-made scenarios that avoid the most CO2e), the
   AGEC share and the décret 2023-266 rate against their legal targets;
2. the REEN indicators with their definitions, consolidated then per entity;
3. the scenarios compared;
4. the reuse channel's year: exits per channel, devices donated and to whom,
   kilograms of WEEE avoided;
5. method and sources; 6. data quality.

Every figure comes from the same objects as the REEN workbook
(:class:`~footprint.indicators.reen.ReenReport`, :func:`.reen_xlsx.indicator_rows`,
:func:`.reen_xlsx.cover_rows`, :func:`~footprint.aggregate.aggregate`), formatted
with the same :func:`.reen_xlsx.share_or_number`; each indicator cell also carries
its raw value (``data-value``) so a test can hold the two files side by side.
Nothing is fetched at display time: styles are inline and charts are inline SVG
(:mod:`.annual_charts`). Every text from the database is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.locale import category_label, format_number, label
from factors.vocabulary import DISPOSAL_CHANNEL_LABELS

from ..aggregate import aggregate, coverage
from ..indicators.reen import (
    CONSOLIDATED,
    INDICATOR_BY_CODE,
    INDICATORS,
    PERSON_YEAR_T_CO2E,
    ReenReport,
    status_of,
)
from ..labels import MATCH_LEVEL_LABELS
from ..reuse.config import ReuseRules
from ..reuse.indicators import avoided_emissions, reused_weight
from ..scenarios.compare import Comparison, provenance_rows
from ..scenarios.presets import BASELINE
from . import annual_charts as charts
from .reen_xlsx import STATUS_LABELS, cover_rows, indicator_rows, share_or_number

#: How many levers the summary names.
LEVER_COUNT = 3
#: Ready-made scenarios that are not a single lever (the reference, the combination).
NOT_LEVERS: frozenset[str] = frozenset({BASELINE, "combined"})


@dataclass(frozen=True, eq=False)
class AnnualInputs:
    """What the annual report is drawn from, all computed by the caller in one place."""

    reen: ReenReport
    #: The perimeter as the REEN workbook's cover names it.
    scope: str
    comparison: Comparison
    disposals: pd.DataFrame
    factor_set: FactorSet
    rules: ReuseRules | None = None


def levers(comparison: Comparison, count: int = LEVER_COUNT) -> pd.DataFrame:
    """The scenarios (single levers) that avoid the most CO2e over the horizon, best first."""
    summary = comparison.summary()
    single = summary.loc[~summary["name"].isin(NOT_LEVERS)]
    return single.sort_values("avoided_gwp_kg", ascending=False).head(count)


def donations(disposals: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units donated during ``year`` per beneficiary (``partner``, ``partner_kind``, ``units``)."""
    columns = ["partner", "partner_kind", "units"]
    if disposals.empty:
        return pd.DataFrame(columns=columns)
    day = pd.to_datetime(disposals["disposed_on"], errors="coerce")
    rows = disposals.loc[(disposals["channel"] == "donation") & (day.dt.year == year)]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    named = rows.assign(
        partner=rows["partner"].astype("str").replace({"None": "(bénéficiaire non renseigné)"}),
        partner_kind=rows["partner_kind"].astype("str").replace({"None": ""}),
    )
    table: pd.DataFrame = (
        named.groupby(["partner", "partner_kind"])["quantity"].sum().rename("units").reset_index()
    )
    return table.sort_values(["units", "partner"], ascending=[False, True]).reset_index(drop=True)


def _value_text(value: float, share: bool) -> str:
    return share_or_number(value, share, "fr")


def _indicator_value(code: str, value: float, scope: str = CONSOLIDATED) -> str:
    """A ``<span>`` holding an indicator's display text and, for tests, its raw value."""
    raw = "" if np.isnan(value) else repr(float(value))
    text = _value_text(value, INDICATOR_BY_CODE[code].is_share)
    return (
        f'<span class="v" data-code="{escape(code)}" data-scope="{escape(scope)}" '
        f'data-value="{raw}">{escape(text)}</span>'
    )


def _table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (1,),
) -> str:
    """A table with a caption and column headers (cells are already HTML); the columns
    at the ``numeric`` positions are aligned right."""
    right = set(numeric)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>']
        cells += [
            (f'<td class="num">{cell}</td>' if i in right else f"<td>{cell}</td>")
            for i, cell in enumerate(row[1:], start=1)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _number(value: float, digits: int = 4) -> str:
    return escape(format_number(value, "fr", digits=digits))


def _status(value: float, target: float) -> str:
    status = status_of(value, target)
    return f'<span class="status {status}">{escape(label(STATUS_LABELS, status, "fr"))}</span>'


def _change_text(current: float, previous: float) -> str:
    """« +3,2 % par rapport à N-1 » (or nothing when the previous year is unknown)."""
    if np.isnan(previous) or previous == 0 or np.isnan(current):
        return "pas d'année précédente comparable"
    change = (current - previous) / previous
    sign = "+" if change > 0 else ""
    number = format_number(change * 100, "fr", digits=3)
    return f"{sign}{number}\u00a0% par rapport à l'année précédente"


def _trend_alt(years: Sequence[int], values: Sequence[float]) -> str:
    points = " ; ".join(
        f"{y} : {format_number(v, 'fr', digits=4)} t CO2e"
        for y, v in zip(years, values, strict=True)
        if not np.isnan(v)
    )
    return f"Empreinte carbone annuelle par année, en tonnes de CO2 équivalent. {points}."


def _summary(inputs: AnnualInputs) -> str:
    report = inputs.reen
    current = report.current
    year = report.year
    trend = report.trend("footprint_gwp_t").dropna()
    footprint = current.value("footprint_gwp_t")
    previous = float(trend.get(year - 1, np.nan))
    per_agent = current.value("footprint_gwp_per_agent_t")
    tiles = [
        (
            "Empreinte carbone",
            _indicator_value("footprint_gwp_t", footprint) + " t CO2e",
            escape(_change_text(footprint, previous)),
        ),
        (
            "Par agent",
            _indicator_value("footprint_gwp_per_agent_t", per_agent) + " t CO2e",
            escape(
                f"empreinte moyenne d'un Européen : {format_number(PERSON_YEAR_T_CO2E, 'fr')} "
                "t CO2e par an, tous usages confondus"
            ),
        ),
        (
            "Équipements en service au 31/12",
            _indicator_value("devices_in_service", current.value("devices_in_service")),
            escape(f"pour {format_number(current.value('agents'), 'fr')} agents"),
        ),
    ]
    tile_html = "".join(
        f'<div class="tile"><p class="tile-name">{escape(name)}</p>'
        f'<p class="tile-value">{value}</p><p class="tile-note">{note}</p></div>'
        for name, value, note in tiles
    )
    years = [int(y) for y in trend.index]
    values = [float(v) for v in trend.to_numpy()]
    chart = _figure(
        charts.line_chart("trend", years, values, "t CO2e", _trend_alt(years, values)),
        f"Figure 1 — Empreinte carbone annuelle du parc, {years[0]}–{years[-1]} (t CO2e)",
    )

    targets = [
        (
            escape("Part des achats informatiques issus du réemploi (loi AGEC, art. 58)"),
            _indicator_value("spend_reuse_share", current.value("spend_reuse_share")),
            _indicator_value("spend_reuse_target", current.value("spend_reuse_target"))
            + " (décret 2024-134)",
            _status(current.value("spend_reuse_share"), current.value("spend_reuse_target")),
        ),
        (
            escape("Taux de réemploi des équipements réformés"),
            _indicator_value("reuse_rate", current.value("reuse_rate")),
            _indicator_value("reuse_rate_target", current.value("reuse_rate_target"))
            + " (décret 2023-266)",
            _status(current.value("reuse_rate"), current.value("reuse_rate_target")),
        ),
    ]
    first, last = inputs.comparison.horizon
    lever_rows = [
        (
            escape(str(row["label"])),
            _number(row["avoided_gwp_kg"] / 1000) + " t CO2e",
            _number(-row["change_pct"], 3) + "\u00a0%",
            _number(row["delta_eur"], 4) + " € HT",
        )
        for _, row in levers(inputs.comparison).iterrows()
    ]
    return (
        '<section class="page" aria-labelledby="synthese">'
        f'<h2 id="synthese">Synthèse pour les élus — {year}</h2>'
        f'<div class="tiles">{tile_html}</div>'
        f"{chart}"
        + _table(
            "Objectifs légaux de l'année",
            ["Indicateur", "Valeur", "Objectif", "Statut"],
            targets,
            numeric=(1,),
        )
        + _table(
            f"Les trois leviers les plus efficaces, projetés sur {first}–{last}",
            ["Levier", "CO2e évité", "Baisse de l'empreinte", "Écart d'achats"],
            lever_rows,
            numeric=(1, 2, 3),
        )
        + "</section>"
    )


def _indicator_tables(inputs: AnnualInputs) -> str:
    report = inputs.reen
    current, previous = report.current, report.previous
    rows = []
    for row in indicator_rows(current, previous, CONSOLIDATED, "fr"):
        code, share = row["code"], row["share"]
        previous_value = row["previous"]
        rows.append(
            (
                escape(row["indicator"]),
                _indicator_value(code, row["value"]),
                escape(row["unit"]),
                escape(_value_text(row["target"], share)) if INDICATOR_BY_CODE[code].target else "",
                _status(row["value"], row["target"]) if row["status"] else "",
                escape(_value_text(previous_value, share)),
            )
        )
    consolidated = _table(
        f"Indicateurs consolidés — {inputs.scope}",
        ["Indicateur", "Valeur", "Unité", "Objectif", "Statut", f"{report.year - 1}"],
        rows,
        numeric=(1, 3, 5),
    )
    by_entity_codes = (
        "footprint_gwp_t",
        "footprint_gwp_per_agent_t",
        "devices_in_service",
        "spend_reuse_share",
        "reuse_rate",
    )
    entity_rows = [
        (
            escape(entity),
            *(
                _indicator_value(code, current.value(code, entity), entity)
                for code in by_entity_codes
            ),
        )
        for entity in current.entities
    ]
    per_entity = _table(
        "Principaux indicateurs par entité",
        [
            "Entité",
            *(
                f"{INDICATOR_BY_CODE[c].label('fr')} ({INDICATOR_BY_CODE[c].unit('fr')})"
                for c in by_entity_codes
            ),
        ],
        entity_rows,
        numeric=range(1, 1 + len(by_entity_codes)),
    )
    result = current.result
    by_category = aggregate(result, "category")
    names = [category_label(str(k), "fr") for k in by_category.index]
    embodied = [float(v) / 1000 for v in by_category["gwp_embodied"]]
    use = [float(v) / 1000 for v in by_category["gwp_use"]]
    alt = (
        "Empreinte carbone par catégorie d'équipement, en tonnes de CO2 équivalent : "
        + " ; ".join(
            f"{n} : {format_number(e + u, 'fr', digits=4)} (dont fabrication "
            f"{format_number(e, 'fr', digits=4)}, usage {format_number(u, 'fr', digits=4)})"
            for n, e, u in zip(names, embodied, use, strict=True)
        )
    )
    chart = _figure(
        charts.stacked_bars(
            "categories",
            names,
            [("fabrication, transport, fin de vie", embodied), ("usage", use)],
            "t CO2e",
            alt + ".",
        ),
        f"Figure 2 — Empreinte carbone {report.year} par catégorie d'équipement (t CO2e)",
    )
    definitions = "".join(
        f"<dt>{escape(i.label('fr'))}</dt><dd>{escape(i.definition('fr'))}</dd>" for i in INDICATORS
    )
    return (
        '<section class="page" aria-labelledby="reen">'
        '<h2 id="reen">Indicateurs de la stratégie numérique responsable (loi REEN)</h2>'
        f"{consolidated}{chart}"
        '<h3 id="par-entite">Par entité</h3>'
        f"{per_entity}"
        '<h3 id="definitions">Définitions</h3>'
        f'<dl class="definitions">{definitions}</dl>'
        "</section>"
    )


def _scenarios(inputs: AnnualInputs) -> str:
    comparison = inputs.comparison
    first, last = comparison.horizon
    summary = comparison.summary()
    rows = [
        (
            escape(str(row["label"])),
            _number(row["total_gwp_kg"] / 1000) + " t",
            _number(row["avoided_gwp_kg"] / 1000) + " t",
            _number(row["purchases"], 4),
            _number(row["purchases_eur"], 4) + " €",
            _number(row["weee_kg"], 4) + " kg",
        )
        for _, row in summary.iterrows()
    ]
    totals = [float(v) / 1000 for v in summary["total_gwp_kg"]]
    names = [str(v) for v in summary["label"]]
    alt = (
        f"Empreinte carbone cumulée {first}–{last} par scénario, en tonnes de CO2 équivalent : "
        + " ; ".join(
            f"{n} : {format_number(v, 'fr', digits=4)}" for n, v in zip(names, totals, strict=True)
        )
        + "."
    )
    chart = _figure(
        charts.bars("scenarios", names, totals, "t CO2e", alt),
        f"Figure 3 — Empreinte carbone cumulée {first}–{last} selon le scénario (t CO2e)",
    )
    return (
        '<section class="page" aria-labelledby="scenarios">'
        '<h2 id="scenarios">Scénarios comparés</h2>'
        "<p>Chaque scénario projette le parc actuel sur l'horizon en changeant une pratique "
        "d'achat ou de renouvellement ; la référence prolonge les pratiques observées. "
        "Les écarts se lisent par rapport à la référence.</p>"
        + _table(
            f"Scénarios sur {first}–{last}",
            [
                "Scénario",
                "Empreinte cumulée (CO2e)",
                "CO2e évité",
                "Achats (unités)",
                "Achats (€ HT)",
                "DEEE",
            ],
            rows,
            numeric=range(1, 6),
        )
        + chart
        + "</section>"
    )


def _reuse(inputs: AnnualInputs) -> str:
    report = inputs.reen
    current = report.current
    year = report.year
    channel_rows = [
        (
            escape(label(DISPOSAL_CHANNEL_LABELS, code, "fr")),
            _indicator_value(code, current.value(code)),
        )
        for code in ("internal_redeploy", "public_transfer", "donation", "sale", "weee_recycling")
    ]
    given = donations(inputs.disposals, year)
    donation_rows = [
        (escape(str(row["partner"])), escape(str(row["partner_kind"])), _number(row["units"]))
        for _, row in given.iterrows()
    ]
    reused_kg = float(
        reused_weight(inputs.disposals, year, None, inputs.rules, inputs.factor_set)[
            "reused_kg"
        ].sum()
    )
    avoided_kg = float(
        avoided_emissions(inputs.disposals, year, inputs.factor_set, None, inputs.rules)[
            "avoided_gwp_kg"
        ].sum()
    )
    donated = (
        _table(
            f"Dons {year} par bénéficiaire",
            ["Bénéficiaire", "Type", "Équipements"],
            donation_rows,
            numeric=(2,),
        )
        if donation_rows
        else f"<p>Aucun don enregistré en {year}.</p>"
    )
    return (
        '<section class="page" aria-labelledby="reemploi">'
        f'<h2 id="reemploi">La filière de réemploi en {year}</h2>'
        + _table(
            f"Sorties {year} par filière (équipements)", ["Filière", "Équipements"], channel_rows
        )
        + donated
        + '<ul class="facts">'
        f'<li><strong data-fact="reused_kg" data-value="{reused_kg!r}">'
        f"{_number(reused_kg)} kg</strong> "
        "de DEEE évités : masse des équipements redéployés, cédés, donnés ou vendus au lieu "
        "d'être recyclés.</li>"
        f"<li>{_indicator_value('weee_kg', current.value('weee_kg'))} kg de DEEE remis au "
        "recyclage.</li>"
        f'<li><strong data-fact="avoided_gwp_kg" data-value="{avoided_kg!r}">'
        f"{_number(avoided_kg / 1000)} t CO2e</strong> évitées : fabrication d'appareils neufs "
        "épargnée par les années de service supplémentaires des équipements réemployés.</li>"
        "</ul></section>"
    )


def _method(inputs: AnnualInputs) -> str:
    rows = [(escape(name), escape(value)) for name, value in cover_rows(inputs.reen, inputs.scope)]
    scenario_rows = [
        (escape(name), escape(value))
        for name, value in provenance_rows(inputs.comparison, "fr")
        if not name.startswith(("Méthode —", "Facteur électrique —", "Généré"))
    ]
    return (
        '<section class="page" aria-labelledby="methode">'
        '<h2 id="methode">Méthode et sources</h2>'
        "<p>L'empreinte est celle du parc tel qu'il était au 31 décembre, reconstitué depuis "
        "l'inventaire et son journal des changements. Pour chaque équipement, la fabrication, "
        "le transport et la fin de vie viennent des facteurs d'impact de sa référence (modèle "
        "exact, sinon fabricant et catégorie, sinon catégorie), répartis sur sa durée de vie ; "
        "l'usage est sa consommation électrique annuelle multipliée par le facteur du réseau "
        "électrique. Les chiffres sont ceux du classeur REEN de la même année et du même "
        "périmètre.</p>"
        + _table("Paramètres du calcul", ["Paramètre", "Valeur"], rows, numeric=())
        + _table("Paramètres des scénarios", ["Paramètre", "Valeur"], scenario_rows, numeric=())
        + "<p>Textes de référence : loi REEN n° 2021-1485, article 35, et décret 2022-1084 ; "
        "loi AGEC, article 58, décrets 2021-254 et 2024-134 ; décret 2023-266. "
        "Méthode détaillée : docs/method.md et docs/reports.md d'ecoparc.</p>"
        "</section>"
    )


def _quality(inputs: AnnualInputs) -> str:
    current = inputs.reen.current
    shares = coverage(current.result.devices)
    rows = [
        (
            escape(INDICATOR_BY_CODE[code].label("fr")),
            _indicator_value(code, current.value(code)),
        )
        for code in ("match_model_share", "purchase_date_share")
    ]
    rows += [
        (
            escape(f"Équipements estimés au niveau « {label(MATCH_LEVEL_LABELS, level, 'fr')} »"),
            escape(share_or_number(share, True, "fr")),
        )
        for level, share in shares.items()
    ]
    return (
        '<section aria-labelledby="qualite">'
        '<h2 id="qualite">Qualité des données</h2>'
        "<p>Plus la part d'équipements reconnus au modèle exact et datés est grande, plus "
        "l'empreinte est précise. Compléter l'inventaire (modèles, dates d'achat) améliore "
        "directement ces chiffres.</p>"
        + _table("Qualité de l'inventaire", ["Mesure", "Valeur"], rows)
        + "</section>"
    )


STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4;
  max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; color: #1f4e79; margin: 0 0 2mm; }
h2 { font-size: 15pt; color: #1f4e79; border-bottom: 2px solid #1f4e79; margin: 0 0 3mm; }
h3 { font-size: 12pt; color: #1a1a1a; margin: 5mm 0 2mm; }
.subtitle { margin: 0 0 4mm; color: #333333; }
.tiles { display: flex; gap: 3mm; margin-bottom: 3mm; }
.tile { flex: 1; border: 1px solid #1f4e79; border-radius: 2mm; padding: 2mm 3mm; }
.tile p { margin: 0; }
.tile-name { font-weight: bold; }
.tile-value { font-size: 16pt; color: #1f4e79; font-weight: bold; }
.tile-note { font-size: 8.5pt; color: #333333; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
th, td { border-bottom: 1px solid #767676; padding: 1mm 2mm; text-align: left;
  vertical-align: top; }
thead th { background: #e8eef5; }
td.num { text-align: right; white-space: nowrap; }
.status.met { color: #1e6b30; font-weight: bold; }
.status.not_met { color: #a01d1d; font-weight: bold; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; color: #333333; }
dl.definitions dt { font-weight: bold; margin-top: 1.5mm; }
dl.definitions dd { margin: 0 0 0 4mm; }
ul.facts li { margin-bottom: 1mm; }
tr, dt, dd, li { break-inside: avoid; page-break-inside: avoid; }
h2, h3, caption { break-after: avoid; page-break-after: avoid; }
@media print {
  body { padding: 0; max-width: none; }
  section.page { break-after: page; page-break-after: always; }
}
"""


def render(inputs: AnnualInputs) -> str:
    """The whole report as one HTML document."""
    report = inputs.reen
    year = report.year
    generated = datetime.now().strftime("%d/%m/%Y")
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Rapport annuel numérique responsable {year} — {escape(inputs.scope)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>Rapport annuel numérique responsable {year}</h1>"
        f'<p class="subtitle">{escape(inputs.scope)} — parc au 31 décembre {year} — '
        f"établi le {generated} avec ecoparc</p></header><main>"
        + _summary(inputs)
        + _indicator_tables(inputs)
        + _scenarios(inputs)
        + _reuse(inputs)
        + _method(inputs)
        + _quality(inputs)
        + "</main></body></html>\n"
    )


def write_annual_html(inputs: AnnualInputs, path: Path) -> None:
    """Write the report to ``path`` (UTF-8)."""
    path.write_text(render(inputs), encoding="utf-8")
