"""The trace of one device's footprint: inputs, factors, rules and arithmetic.

The trace is read from the device's per-device result row (every intermediate
the engine used is a column of it) and from the factor set the result was
computed with, so the numbers it shows are exactly those of the per-device
export: it replays, it does not recompute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from factors.factor_set import ElectricityFactor
from factors.locale import criterion_label, format_number, format_percent, label
from factors.text import plain
from factors.vocabulary import CRITERIA, PHASES

from .engine import (
    GONE_STATUSES,
    IDENTITY_COLUMNS,
    UNPOWERED_STATUSES,
    FootprintResult,
)
from .factor_arrays import build_factor_arrays
from .labels import (
    CRITERION_LABELS,
    DEVICE_FIELD_LABELS,
    KWH_SOURCE_LABELS,
    LIFESPAN_RULE_LABELS,
    MATCH_LEVEL_LABELS,
    METHOD_LABELS,
    PHASE_LABELS,
    value_label,
)
from .refurbished import RATIO_PHASES, TRANSPORT_PHASE

#: Fleet-frame inputs shown in a trace, in display order: those the engine copies
#: at the head of each per-device row (the device id is the trace's own heading).
INPUT_FIELDS: tuple[str, ...] = tuple(c for c in IDENTITY_COLUMNS if c != "device_id")


#: Special rules a trace points out, worded in French and English.
NOTE_LABELS: dict[str, tuple[str, str]] = {
    "gone_without_date": (
        "statut retiré ou cédé sans date de retrait : l'équipement ne compte pas",
        "retired or disposed without a retirement date: the device does not count",
    ),
    "unpowered": (
        "en stock, en panne ou en attente de réemploi : pas de consommation électrique",
        "in stock, broken or awaiting reuse: no electricity use",
    ),
    "not_counted": (
        "ni en service ni imputé sur l'année : contribution nulle",
        "neither in service nor charged to the year: contributes nothing",
    ),
}


def _notes(row: pd.Series) -> list[str]:
    status = str(row.get("status", ""))
    notes = []
    if status in GONE_STATUSES and pd.isna(row.get("retirement_date")):
        notes.append("gone_without_date")
    if status in UNPOWERED_STATUSES:
        notes.append("unpowered")
    if not bool(row["counted"]):
        notes.append("not_counted")
    return notes


@dataclass(frozen=True)
class FactorLine:
    """One embodied factor as used: per unit, before the refurbished ratio."""

    criterion: str
    phase: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    reference: str


@dataclass(frozen=True)
class CriterionTrace:
    """The per-device row's numbers for one criterion (whole lot, year ``year``)."""

    criterion: str
    phases: dict[str, float]
    embodied_lifecycle: float
    embodied: float
    use: float
    total: float
    electricity: ElectricityFactor


@dataclass(frozen=True)
class Trace:
    """Everything needed to check one device's footprint by hand."""

    device_id: int
    year: int
    method: str
    factor_set: str
    factor_set_version: str
    inputs: dict[str, Any]
    reference: str
    reference_source: str
    match_level: str
    default_lifespan_years: float
    lifespan_years: float
    lifespan_rule: str
    #: Retired units the expected lifespan was observed on (0: none, or actual life).
    lifespan_observations: float
    #: The date of knowledge the lifespan was taken on (past years recomputed from it).
    known_on: date | None
    in_service_fraction: float
    use_fraction: float
    embodied_share: float
    accounting_years: float | None
    refurbished_ratio: float
    #: Deliveries of a new unit added as the second transport (0 unless refurbished).
    second_transport: float
    kwh_per_year: float
    kwh_source: str
    pue_applied: float
    kwh: float
    factors: list[FactorLine]
    results: dict[str, CriterionTrace]
    lang: str = "fr"
    #: Codes of the special rules that applied (see ``NOTE_LABELS``).
    notes: list[str] = field(default_factory=list)

    def render(self, lang: str | None = None) -> str:
        """The trace as readable text in French (``fr``) or English (``en``)."""
        return _render(self, lang or self.lang)


def explain(result: FootprintResult, device_id: int, lang: str = "fr") -> Trace:
    """The trace of device ``device_id`` in ``result``; KeyError if it is not there."""
    devices = result.devices
    hits = devices.index[devices["device_id"].to_numpy() == device_id]
    if len(hits) == 0:
        raise KeyError(f"équipement {device_id} absent du calcul")
    row = devices.loc[hits[0]]
    fs = result.factors
    arrays = build_factor_arrays(fs, result.criteria)
    reference = str(row["reference"])
    pos = int(arrays.positions([reference])[0])
    ref_row = fs.reference_row(reference)
    category = str(row["category"])
    try:
        default_ref = fs.category_default(str(ref_row["category"]))
    except KeyError:
        default_ref = reference
    own_sources = _sources(fs.impacts_of(reference))
    default_sources = _sources(fs.impacts_of(default_ref))

    factors: list[FactorLine] = []
    results: dict[str, CriterionTrace] = {}
    for ci, criterion in enumerate(result.criteria):
        unit = CRITERIA[criterion][0]
        for pi, phase in enumerate(PHASES):
            from_ref, source = reference, own_sources.get((criterion, phase))
            if source is None:
                from_ref, source = default_ref, default_sources.get((criterion, phase), "")
            factors.append(
                FactorLine(
                    criterion=criterion,
                    phase=phase,
                    value=float(arrays.value[pos, ci, pi]),
                    low=float(arrays.low[pos, ci, pi]),
                    high=float(arrays.high[pos, ci, pi]),
                    unit=unit,
                    source=source,
                    reference=from_ref,
                )
            )
        results[criterion] = CriterionTrace(
            criterion=criterion,
            phases={p: float(row[f"{criterion}_{p}"]) for p in PHASES},
            embodied_lifecycle=float(row[f"{criterion}_embodied_lifecycle"]),
            embodied=float(row[f"{criterion}_embodied"]),
            use=float(row[f"{criterion}_use"]),
            total=float(row[f"{criterion}_total"]),
            electricity=result.electricity[criterion],
        )
    accounting = (
        float(result.accounting_years.get(category, result.default_accounting_years))
        if result.method == "amortized"
        else None
    )
    return Trace(
        device_id=int(device_id),
        year=result.year,
        method=result.method,
        factor_set=result.factor_set,
        factor_set_version=str(fs.version),
        inputs={f: plain(row[f]) for f in INPUT_FIELDS if f in devices.columns},
        reference=reference,
        reference_source=str(ref_row["source"]),
        match_level=str(row["match_level"]),
        default_lifespan_years=float(arrays.lifespan_years[pos]),
        lifespan_years=float(row["lifespan_years"]),
        lifespan_rule=str(row["lifespan_rule"]),
        lifespan_observations=float(row.get("lifespan_observations", 0.0)),
        known_on=result.known_on,
        in_service_fraction=float(row["in_service_fraction"]),
        use_fraction=float(row["use_fraction"]),
        embodied_share=float(row["embodied_share"]),
        accounting_years=accounting,
        refurbished_ratio=float(row["refurbished_ratio"]),
        second_transport=float(row.get("second_transport", 0.0)),
        kwh_per_year=float(row["kwh_per_year"]),
        kwh_source=str(row["kwh_source"]),
        pue_applied=float(row["pue_applied"]),
        kwh=float(row["kwh"]),
        factors=factors,
        results=results,
        lang=lang,
        notes=_notes(row),
    )


def _sources(impacts: pd.DataFrame) -> dict[tuple[str, str], str]:
    return {
        (str(c), str(p)): str(s)
        for c, p, s in zip(impacts["criterion"], impacts["phase"], impacts["source"], strict=True)
    }


def _value_text(value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()
    if isinstance(value, int | float):
        return format_number(value, lang)
    return str(value)


def _render(t: Trace, lang: str) -> str:
    fr = lang == "fr"

    def n(x: float) -> str:
        return format_number(x, lang)

    def pct(x: float) -> str:
        return format_percent(x, lang)

    years = "ans" if fr else "years"
    colon = " : " if fr else ": "
    lines: list[str] = []
    title = (
        f"Empreinte de l'équipement n° {t.device_id} — année {t.year}"
        if fr
        else f"Footprint of device #{t.device_id} — year {t.year}"
    )
    lines.append(title)
    lines.append(("Méthode : " if fr else "Method: ") + label(METHOD_LABELS, t.method, lang))
    lines.append(
        ("Jeu de facteurs : " if fr else "Factor set: ") + f"{t.factor_set} v{t.factor_set_version}"
    )
    lines.append("")
    lines.append("Données de l'équipement" if fr else "Device inputs")
    for key, value in t.inputs.items():
        text = _value_text(value_label(key, value, lang), lang)
        lines.append(f"  {label(DEVICE_FIELD_LABELS, key, lang)}{colon}{text}")
    lines.append("")
    lines.append("Référence de facteurs" if fr else "Factor reference")
    lines.append(
        f"  {t.reference} — "
        + ("correspondance : " if fr else "match: ")
        + label(MATCH_LEVEL_LABELS, t.match_level, lang)
    )
    lines.append(("  source : " if fr else "  source: ") + t.reference_source)
    lines.append(
        "  Facteurs incorporés par unité (neuf) :"
        if fr
        else "  Embodied factors per unit (new device):"
    )
    for f in t.factors:
        # The bounds to three significant digits: an interval's ends are estimates
        # (docs/method.md, « Incertitude »); six digits would claim a precision they lack.
        spread = (
            f" [{format_number(f.low, lang, digits=3)} – {format_number(f.high, lang, digits=3)}]"
            if f.low != f.value or f.high != f.value
            else ""
        )
        borrowed = (
            (f" (repris de {f.reference})" if fr else f" (taken from {f.reference})")
            if f.reference != t.reference
            else ""
        )
        lines.append(
            f"    {label(CRITERION_LABELS, f.criterion, lang)}, "
            f"{label(PHASE_LABELS, f.phase, lang)}{colon}{n(f.value)} {f.unit}"
            f"{spread} — {f.source}{borrowed}"
        )
    lines.append("")
    lines.append("Durée de vie" if fr else "Lifespan")
    lines.append(
        f"  {n(t.lifespan_years)} {years} — "
        + ("règle : " if fr else "rule: ")
        + label(LIFESPAN_RULE_LABELS, t.lifespan_rule, lang)
    )
    if t.lifespan_observations > 0:
        observed = format_number(t.lifespan_observations, lang, digits=0)
        lines.append(
            f"  durée de vie attendue : {format_number(round(t.lifespan_years, 1), lang)} ans, "
            f"d'après {observed} sorties observées"
            if fr
            else f"  expected lifespan: {format_number(round(t.lifespan_years, 1), lang)} years, "
            f"from {observed} observed retirements"
        )
    lines.append(
        ("  durée par défaut de la référence : " if fr else "  reference default: ")
        + f"{n(t.default_lifespan_years)} {years}"
    )
    if t.known_on is not None and t.lifespan_rule != "actual":
        day = t.known_on.strftime("%d/%m/%Y" if fr else "%Y-%m-%d")
        lines.append(
            f"  connu au {day} : toutes les années de l'équipement sont recalculées avec "
            "cette durée (docs/method.md, section 3)"
            if fr
            else f"  known on {day}: every year of the device is recomputed with this "
            "lifespan (docs/method.md, section 3)"
        )
    lines.append(
        ("  part de l'année en service : " if fr else "  share of the year in service: ")
        + pct(t.in_service_fraction)
        + (("  · part alimentée : " if fr else "  · share powered: ") + pct(t.use_fraction))
    )
    if t.refurbished_ratio != 1.0 or t.second_transport:
        lines.append(
            ("  reconditionné : ratio " if fr else "  refurbished: ratio ")
            + n(t.refurbished_ratio)
            + (
                " de la fabrication et du premier transport du neuf, plus un second transport "
                f"(× {n(t.second_transport)}) ; fin de vie et usage comme un neuf ; "
                "la durée de vie ne compte que l'usage par l'organisation"
                if fr
                else " of the new device's manufacturing and first delivery, plus a second "
                f"transport (× {n(t.second_transport)}); end of life and use as a new device; "
                "lifespan counts only the organisation's use"
            )
        )
    for note in t.notes:
        lines.append("  ! " + label(NOTE_LABELS, note, lang))
    lines.append("")
    lines.append("Électricité" if fr else "Electricity")
    lines.append(
        f"  {n(t.kwh_per_year)} kWh/"
        + ("an" if fr else "yr")
        + f" ({label(KWH_SOURCE_LABELS, t.kwh_source, lang)})"
        + f" × PUE {n(t.pue_applied)}"
        + (" × quantité " if fr else " × quantity ")
        + _value_text(t.inputs.get("quantity", 1), lang)
        + f" × {pct(t.use_fraction)} = {n(t.kwh)} kWh"
    )
    for criterion, r in t.results.items():
        e = r.electricity
        lines.append(
            f"  {label(CRITERION_LABELS, criterion, lang)}{colon}{n(e.value)} {e.unit} "
            f"({e.zone} {e.year}) — {e.source}"
        )
    quantity = _value_text(t.inputs.get("quantity", 1), lang)
    for criterion, r in t.results.items():
        e = r.electricity
        lines.append("")
        lines.append(("Calcul — " if fr else "Arithmetic — ") + criterion_label(criterion, lang))
        # The refurbished rule per phase (docs/method.md section 2).
        per_unit = " + ".join(
            _phase_term(t, f.phase, n(f.value), n) for f in t.factors if f.criterion == criterion
        )
        lines.append(
            ("  incorporé cycle de vie = (" if fr else "  lifecycle embodied = (")
            + per_unit
            + f") × {quantity} = {n(r.embodied_lifecycle)}"
        )
        lines.append(f"  {_share_text(t, lang)}")
        lines.append(
            (f"  incorporé {t.year} = " if fr else f"  embodied {t.year} = ")
            + f"{n(r.embodied_lifecycle)} × {n(t.embodied_share)} = {n(r.embodied)}"
        )
        lines.append(
            (f"  usage {t.year} = " if fr else f"  use {t.year} = ")
            + f"{n(t.kwh)} kWh × {n(e.value)} = {n(r.use)}"
        )
        lines.append(
            (f"  total {t.year} = " if fr else f"  total {t.year} = ")
            + f"{n(r.embodied)} + {n(r.use)} = {n(r.total)}"
        )
    return "\n".join(lines) + "\n"


def _phase_term(t: Trace, phase: str, value: str, n: Callable[[float], str]) -> str:
    """One phase of the lifecycle sum, with the refurbished rule it follows."""
    if phase not in RATIO_PHASES or (t.refurbished_ratio == 1.0 and not t.second_transport):
        return value
    if phase == TRANSPORT_PHASE and t.second_transport:
        return f"{value} × ({n(t.refurbished_ratio)} + {n(t.second_transport)})"
    return f"{value} × {n(t.refurbished_ratio)}"


def _share_text(t: Trace, lang: str) -> str:
    fr = lang == "fr"
    n = format_number
    if t.method == "annualized":
        return (
            ("part de l'année = " if fr else "share of the year = ")
            + f"{format_percent(t.in_service_fraction, lang)} / {n(t.lifespan_years, lang)} "
            + ("ans" if fr else "years")
            + f" = {n(t.embodied_share, lang)}"
        )
    if t.method == "amortized":
        period = t.accounting_years or 0.0
        window = t.embodied_share * period
        return (
            ("part de l'année = " if fr else "share of the year = ")
            + f"{format_percent(window, lang)} "
            + ("de l'année dans la période comptable / " if fr else "of the year amortized / ")
            + f"{n(period, lang)} "
            + ("ans" if fr else "years")
            + f" = {n(t.embodied_share, lang)}"
        )
    bought = t.embodied_share > 0
    if fr:
        text = f"acheté en {t.year}" if bought else f"pas acheté en {t.year}"
        return f"part de l'année = {n(t.embodied_share, lang)} ({text})"
    text = f"bought in {t.year}" if bought else f"not bought in {t.year}"
    return f"share of the year = {n(t.embodied_share, lang)} ({text})"
