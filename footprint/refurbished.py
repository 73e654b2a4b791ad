"""Refurbished purchases, phase by phase (docs/method.md section 2).

A unit bought refurbished carries, per unit, against a new unit of its reference:

- **manufacturing**: ``ratio ×`` the new unit's, ``ratio = 1 − share avoided``
  (ADEME 2022 refurbishment study, low end of the category's range: a prudent
  reading; the study's shares compare whole life cycles, so the refurbishing
  operations — tests, spare parts, energy of the workshop — are inside them);
- **distribution**: ``ratio ×`` the new unit's first delivery (the part of the
  first life's upstream that is not avoided, like its manufacturing) **plus a
  second transport** (collection, workshop, delivery to the organisation), taken
  equal to one delivery of a new unit;
- **end of life**: in full (it is ahead of the unit);
- **use**: unchanged (same kWh as a new unit of the same reference).

The avoided emissions per 1,000 units are set beside MiNumEco's published
figures in every report that carries the method (:func:`refurbished_note`), and
per year of use beside the ADEME study's own result (its functional unit is one
year of use): docs/method.md section 2 explains why the two references cannot
both be met by one method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from factors.factor_set import FactorSet
from factors.locale import format_number, format_percent
from factors.vocabulary import PHASES

#: Deliveries of a new unit that the second transport of a refurbished unit counts as.
SECOND_TRANSPORT = 1.0
#: The phases of the first life's upstream that the refurbished ratio applies to.
RATIO_PHASES = frozenset({"manufacturing", "distribution"})
#: The phase that carries the second transport.
TRANSPORT_PHASE = "distribution"

#: MiNumEco, good-practice guide (2023): t CO2e avoided by buying 1,000 units
#: refurbished rather than new.
MINUMECO_AVOIDED_T: dict[str, float] = {"laptop": 54.9, "smartphone": 25.5}
#: ADEME (Sept. 2022), refurbishment study: kg CO2e avoided per year of use of a
#: refurbished unit rather than a new one (the study's functional unit is one year
#: of use; librairie.ademe.fr, synthesis « 25 kg de GES par année d'utilisation »
#: for smartphones; ADEME press release of 9 Sept. 2022, 27 kg a year for laptops).
ADEME_AVOIDED_PER_YEAR_KG: dict[str, float] = {"laptop": 27.0, "smartphone": 25.0}
#: Agreement asked of the per-1,000 figure against MiNumEco's (issue 14, ±25 %).
AGREEMENT = 0.25


def phase_scale(
    phase: str, ratio: np.ndarray, quantity: np.ndarray, second_transport: np.ndarray
) -> np.ndarray:
    """What multiplies a phase's factor per device (units × refurbished rule).

    ``ratio`` is 1 and ``second_transport`` 0 for a device not bought refurbished,
    so the rule leaves it as it is.
    """
    scale = ratio if phase in RATIO_PHASES else np.ones_like(ratio)
    if phase == TRANSPORT_PHASE:
        scale = scale + second_transport
    out: np.ndarray = quantity * scale
    return out


@dataclass(frozen=True)
class Benchmark:
    """Avoided t CO2e per 1,000 units of a category, beside MiNumEco's figure and,
    per year of use (the ADEME study's functional unit), beside the study's result."""

    category: str
    avoided_t: float
    minumeco_t: float
    #: Years of use the per-1,000 figure covers: the category's default lifespan,
    #: which the engine gives a unit, new or refurbished, absent observed retirements.
    lifespan_years: float
    #: ADEME's kg CO2e avoided per year of use of one unit.
    ademe_per_year_kg: float
    #: kg CO2e of a new unit's manufacturing and first delivery (what buying
    #: refurbished can avoid).
    upstream_kg: float
    #: The ADEME study's share avoided that the factor set applies (1 − ratio).
    study_share: float

    @property
    def gap(self) -> float:
        """Relative difference to MiNumEco's figure (+0.21 for 21 % above)."""
        return self.avoided_t / self.minumeco_t - 1.0

    @property
    def agrees(self) -> bool:
        return abs(self.gap) <= AGREEMENT

    @property
    def per_year_kg(self) -> float:
        """kg CO2e avoided per unit and per year of use (t per 1,000 over the lifespan)."""
        return self.avoided_t / self.lifespan_years

    @property
    def ademe_gap(self) -> float:
        """Relative difference, per year of use, to the ADEME study's result."""
        return self.per_year_kg / self.ademe_per_year_kg - 1.0

    @property
    def minumeco_share(self) -> float:
        """MiNumEco's figure as a share of a new unit's manufacturing and first
        delivery: 30 % for laptops and smartphones alike, below the low end of the
        ADEME study's range for smartphones (64 %), hence no faithful method meets it."""
        return self.minumeco_t / self.upstream_kg


def avoided_per_thousand(factor_set: FactorSet, category: str, criterion: str = "gwp") -> float:
    """t (or thousand units of the criterion) avoided by 1,000 units bought refurbished.

    Computed from the category default of ``factor_set`` with the same phase rule
    as the engine (:func:`phase_scale`), over the unit's whole life cycle.
    """
    reference = factor_set.category_default(category)
    row = factor_set.reference_row(reference)
    ratio = np.array([float(row["refurbished_ratio"])])
    impacts = factor_set.impacts_of(reference)
    values = impacts.loc[impacts["criterion"] == criterion].set_index("phase")["value"]
    one = np.ones(1)
    avoided = 0.0
    for phase in PHASES:
        new = float(values.get(phase, 0.0))
        refurbished = float(phase_scale(phase, ratio, one, one * SECOND_TRANSPORT)[0]) * new
        avoided += new - refurbished
    return avoided  # kg per unit = t per 1,000 units


def minumeco_benchmarks(factor_set: FactorSet) -> list[Benchmark]:
    """The per-1,000 avoided figures of the categories MiNumEco publishes."""
    out = []
    for category, published in MINUMECO_AVOIDED_T.items():
        if category not in factor_set.defaults.index:
            continue
        reference = factor_set.category_default(category)
        row = factor_set.reference_row(reference)
        impacts = factor_set.impacts_of(reference)
        gwp = impacts.loc[impacts["criterion"] == "gwp"].set_index("phase")["value"]
        out.append(
            Benchmark(
                category,
                avoided_per_thousand(factor_set, category),
                published,
                float(row["lifespan_years"]),
                ADEME_AVOIDED_PER_YEAR_KG[category],
                float(sum(gwp.get(phase, 0.0) for phase in RATIO_PHASES)),
                1.0 - float(row["refurbished_ratio"]),
            )
        )
    return out


def _signed(share: float, lang: str) -> str:
    """« +21 % », « −16 % »: a difference with its sign, a true minus sign."""
    return ("+" if share >= 0 else "−") + format_percent(abs(share), lang, digits=2)


def refurbished_note(factor_set: FactorSet, lang: str = "fr") -> str:
    """The method line of reports: the phase rule, the avoided t per 1,000 beside
    MiNumEco's, and why they differ where they differ by more than 25 %."""
    fr = lang == "fr"
    names = {"laptop": ("portables", "laptops"), "smartphone": ("smartphones", "smartphones")}
    parts = []
    apart = []
    for b in minumeco_benchmarks(factor_set):
        name = names[b.category][0 if fr else 1]
        avoided = format_number(round(b.avoided_t, 1), lang)
        years = format_number(b.lifespan_years, lang)
        parts.append(
            f"1 000 {name} : {avoided} t CO2e évitées sur {years} ans d'usage "
            f"(MiNumEco : {format_number(b.minumeco_t, lang)} t, {_signed(b.gap, lang)})"
            if fr
            else f"1,000 {name}: {avoided} t CO2e avoided over {years} years of use "
            f"(MiNumEco: {format_number(b.minumeco_t, lang)} t, {_signed(b.gap, lang)})"
        )
        if not b.agrees:
            apart.append(b)
    rule = (
        "Fabrication et premier transport × (1 − part évitée, borne basse de "
        "l'étude ADEME 2022 sur les produits reconditionnés, opérations de reconditionnement "
        "comprises), plus un second transport ; fin de vie et usage comme un neuf. "
        if fr
        else "Manufacturing and first delivery × (1 − share avoided, low end of "
        "ADEME's 2022 refurbishment study, refurbishing operations included), plus a second "
        "transport; end of life and use as a new unit. "
    )
    text = rule + (" ; " if fr else "; ").join(parts) + "."
    for b in apart:
        name = names[b.category][0 if fr else 1]
        share = format_percent(b.minumeco_share, lang, digits=2)
        low = format_percent(b.study_share, lang, digits=2)
        per_year = format_number(round(b.per_year_kg, 1), lang)
        ademe = format_number(b.ademe_per_year_kg, lang)
        text += (
            f" Écart pour les {name} : le chiffre de MiNumEco équivaut à {share} de la "
            f"fabrication et du premier transport d'un neuf, moins que la borne basse de "
            f"l'étude ADEME ({low} évités par année d'usage) : à durée d'usage égale, aucune "
            f"lecture de l'étude ne l'atteint ; par année d'usage, unité de l'étude, ecoparc évite "
            f"{per_year} kg CO2e par appareil (ADEME : {ademe} kg par an, "
            f"{_signed(b.ademe_gap, lang)})."
            if fr
            else f" Gap for {name}: MiNumEco's figure amounts to {share} of a new unit's "
            f"manufacturing and first delivery, less than the low end of ADEME's study "
            f"({low} avoided per year of use): for the same length of use, no reading of the "
            f"study reaches it; per year of use, the study's unit, ecoparc avoids "
            f"{per_year} kg CO2e per device "
            f"(ADEME: {ademe} kg a year, {_signed(b.ademe_gap, lang)})."
        )
    return text
