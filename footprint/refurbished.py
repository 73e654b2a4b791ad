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
figures in every report that carries the method (:func:`refurbished_note`).
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
#: refurbished unit rather than a new one.
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
    """Avoided t CO2e per 1,000 units of a category, beside MiNumEco's figure."""

    category: str
    avoided_t: float
    minumeco_t: float

    @property
    def gap(self) -> float:
        """Relative difference to MiNumEco's figure (+0.21 for 21 % above)."""
        return self.avoided_t / self.minumeco_t - 1.0

    @property
    def agrees(self) -> bool:
        return abs(self.gap) <= AGREEMENT


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
    return [
        Benchmark(category, avoided_per_thousand(factor_set, category), published)
        for category, published in MINUMECO_AVOIDED_T.items()
        if category in factor_set.defaults.index
    ]


def refurbished_note(factor_set: FactorSet, lang: str = "fr") -> str:
    """The method line of reports: the phase rule, the avoided t per 1,000 beside
    MiNumEco's, and why they differ where they differ by more than 25 %."""
    fr = lang == "fr"
    names = {"laptop": ("portables", "laptops"), "smartphone": ("smartphones", "smartphones")}
    parts = []
    apart = []
    for b in minumeco_benchmarks(factor_set):
        name = names[b.category][0 if fr else 1]
        gap = ("+" if b.gap >= 0 else "") + format_percent(b.gap, lang, digits=2)
        parts.append(
            f"1 000 {name} : {format_number(round(b.avoided_t, 1), lang)} t CO2e évitées "
            f"(MiNumEco : {format_number(b.minumeco_t, lang)} t, {gap})"
            if fr
            else f"1,000 {name}: {format_number(round(b.avoided_t, 1), lang)} t CO2e avoided "
            f"(MiNumEco: {format_number(b.minumeco_t, lang)} t, {gap})"
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
    text = rule + " ; ".join(parts) + "."
    for b in apart:
        name = names[b.category][0 if fr else 1]
        per_year = ADEME_AVOIDED_PER_YEAR_KG.get(b.category)
        year_text = (
            f" ; le chiffre de MiNumEco est de l'ordre de l'émission évitée par année d'usage "
            f"que donne la même étude ADEME ({format_number(per_year, lang)} kg CO2e par an)"
            if fr and per_year is not None
            else f"; MiNumEco's figure is of the order of the emissions avoided per year of use "
            f"given by the same ADEME study ({format_number(per_year, lang)} kg CO2e a year)"
            if per_year is not None
            else ""
        )
        text += (
            f" Écart pour les {name} : ecoparc compte la fabrication évitée par appareil acheté, "
            f"sur tout son cycle de vie ; même la borne basse de l'étude ADEME appliquée à la "
            f"valeur nationale ne donne pas moins de {format_number(round(b.avoided_t, 1), lang)} "
            f"kg par appareil{year_text}."
            if fr
            else f" Gap for {name}: ecoparc counts the manufacturing avoided per device bought, "
            f"over its whole life cycle; even the low end of ADEME's study applied to the "
            f"national value gives no less than {format_number(round(b.avoided_t, 1), lang)} kg "
            f"per device{year_text}."
        )
    return text
