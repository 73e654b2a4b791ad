"""The monitoring indicators of the stratégie numérique responsable (REEN art. 35).

For year N, per entity and consolidated, from the fleet as it stood at the end
of the year (:mod:`.history`) and the engine's per-device footprint of that
fleet. Footprint figures are sums of the engine's rows (never recomputed);
counts are in units (a lot counts for its quantity). Definitions:

- *devices in service*: units whose status is ``in_service`` at the end of the year;
- *average lifespan* (months): retirement − acquisition of the units retired
  during the year; *average age*: end of year − acquisition of the units in service;
- *screens per user*: monitors in service / distinct users (``user_key``) of
  the devices in service; *users per printer*: the same users / shared printers
  and multifunction printers in service (those without a user of their own);
  *staff with a work smartphone*: distinct users of a smartphone in service / agents;
- *upgraded rather than replaced*: units in service with an upgrade (memory,
  storage, battery: ``fleet.upgrades``) dated in the year / units in service;
- *eco-labelled purchases*: units acquired in the year (donations aside) whose
  ``eco_label`` names EPEAT, TCO Certified, Blue Angel or the EU Ecolabel
  (:mod:`factors.ecolabels`) / units acquired in the year;
- *retired stock on 1 January*: every retired unit not yet gone that day (the
  décret 2023-266 B plus its exclusions), and its share of the fleet then held
  (units acquired before and not retired before 1 January, plus that stock);
- *share of spend from reuse*: AGEC share of the year's IT and telephony
  purchases (:mod:`.agec`) against the décret 2024-134 target of the year;
- *reuse channel* (décret 2023-266 rate, exits per channel, WEEE kg): the
  figures of :mod:`footprint.reuse.indicators`, passed in as a frame;
- *data quality*: share of counted units matched to a factor at model level,
  share of counted units with a purchase date.

Each indicator carries its definition (``Indicator.definition``), written on the
workbook's method sheet; docs/reports.md gives the same table in French.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import cast

import numpy as np
import pandas as pd

from factors.ecolabels import eco_labels
from factors.factor_set import ElectricityFactor, FactorSet
from factors.vocabulary import DISPOSAL_CHANNELS

from ..aggregate import units
from ..engine import DAYS_PER_YEAR, DEFAULT_ACCOUNTING_YEARS, FootprintResult
from ..reuse.config import ReuseRules
from ..reuse.indicators import EXCLUSIONS, reuse_indicators_by
from ..scope import compute_year, fleet_of_year
from ..targets import agec_target
from ..uncertainty import monte_carlo_with_whole
from .agec import IT_AND_TELEPHONY, agec_amounts
from .history import DEFAULT_SPAN, GONE_STATUSES, acquisition_dates, history_years

#: Scope key of the consolidated figures (every entity of the report together).
CONSOLIDATED = "*"
#: Days in an average month, for lifespans in months.
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
#: European reference footprint of one person-year (docs/regulation.md §1), for comparison.
PERSON_YEAR_T_CO2E = 8.1

PRINTER_CATEGORIES = frozenset({"printer", "mfp"})
SCREEN_CATEGORIES = frozenset({"monitor"})
SMARTPHONE_CATEGORIES = frozenset({"smartphone"})

#: Columns of the reuse-channel figures frame (index: scope), from footprint.reuse.
REUSE_COLUMNS: tuple[str, ...] = (
    "reuse_rate",
    "reuse_rate_target",
    "reuse_sent",
    "reuse_stock",
    "retired_stock_units",
    *DISPOSAL_CHANNELS,
    "weee_kg",
)

#: Reuse-channel figures that are counts (0 rather than unknown for an entity with no exit).
COUNT_COLUMNS: frozenset[str] = frozenset(REUSE_COLUMNS) - {"reuse_rate", "reuse_rate_target"}


@dataclass(frozen=True)
class Indicator:
    code: str
    fr: str
    en: str
    unit_fr: str
    unit_en: str
    #: Code of the indicator holding this one's target, if it has one.
    target: str | None = None
    #: What is counted and divided, in words a non-specialist reads: the one text
    #: the workbook's method sheet and the annual report both print.
    definition_fr: str = field(kw_only=True)
    definition_en: str = field(kw_only=True)

    def label(self, lang: str = "fr") -> str:
        return self.fr if lang == "fr" else self.en

    def unit(self, lang: str = "fr") -> str:
        return self.unit_fr if lang == "fr" else self.unit_en

    def definition(self, lang: str = "fr") -> str:
        return self.definition_fr if lang == "fr" else self.definition_en

    @property
    def is_share(self) -> bool:
        return self.unit_fr == "%"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "footprint_gwp_t",
        "Empreinte carbone annuelle",
        "Annual carbon footprint",
        "t CO2e",
        "t CO2e",
        definition_fr=(
            "Gaz à effet de serre émis pour fabriquer, transporter, alimenter et traiter en fin de"
            " vie les équipements détenus au 31 décembre, ramenés à l'année par la méthode "
            "indiquée en couverture (somme des lignes du moteur de calcul)."
        ),
        definition_en=(
            "Greenhouse gases emitted to make, ship, power and dispose of the devices held on 31 "
            "December, brought to the year by the method on the cover (sum of the engine's rows)."
        ),
    ),
    Indicator(
        "footprint_gwp_embodied_t",
        "dont fabrication, transport, fin de vie",
        "of which manufacturing, transport, end of life",
        "t CO2e",
        "t CO2e",
        definition_fr=(
            "Part de l'empreinte due à la fabrication, au transport et à la fin de vie des "
            "équipements, attribuée à l'année par la méthode de la couverture."
        ),
        definition_en=(
            "The part of the footprint due to manufacturing, transport and end of life, attributed"
            " to the year by the cover's method."
        ),
    ),
    Indicator(
        "footprint_gwp_use_t",
        "dont usage (électricité)",
        "of which use (electricity)",
        "t CO2e",
        "t CO2e",
        definition_fr=(
            "Part de l'empreinte due à l'électricité consommée pendant l'année : kWh de l'année × "
            "facteur électrique indiqué en couverture."
        ),
        definition_en=(
            "The part of the footprint due to the year's electricity: the year's kWh × the cover's"
            " electricity factor."
        ),
    ),
    Indicator(
        "footprint_gwp_per_agent_t",
        "Empreinte carbone par agent",
        "Carbon footprint per agent",
        "t CO2e/agent",
        "t CO2e/agent",
        definition_fr=(
            "Empreinte carbone annuelle divisée par le nombre d'agents déclarés (consolidé : somme"
            " des agents déclarés des entités)."
        ),
        definition_en=(
            "Annual carbon footprint divided by the staff declared (consolidated: the entities' "
            "staff added up)."
        ),
    ),
    Indicator(
        "footprint_gwp_low_t",
        "Empreinte carbone annuelle, borne basse (90 %)",
        "Annual carbon footprint, low bound (90%)",
        "t CO2e",
        "t CO2e",
        definition_fr=(
            "Borne basse de l'intervalle à 90 % de l'empreinte carbone : 5e centile de 1 000 "
            "simulations où les facteurs d'impact et les consommations par défaut varient entre "
            "les valeurs publiées par leurs sources (méthode, section 6)."
        ),
        definition_en=(
            "Low bound of the 90% interval of the carbon footprint: 5th percentile of 1,000 "
            "simulations where impact factors and default consumptions vary between the values "
            "their sources publish (method, section 6)."
        ),
    ),
    Indicator(
        "footprint_gwp_high_t",
        "Empreinte carbone annuelle, borne haute (90 %)",
        "Annual carbon footprint, high bound (90%)",
        "t CO2e",
        "t CO2e",
        definition_fr=(
            "Borne haute de l'intervalle à 90 % de l'empreinte carbone : 95e centile des mêmes "
            "simulations."
        ),
        definition_en=(
            "High bound of the 90% interval of the carbon footprint: 95th percentile of the same "
            "simulations."
        ),
    ),
    Indicator(
        "footprint_gwp_per_agent_low_t",
        "Empreinte carbone par agent, borne basse (90 %)",
        "Carbon footprint per agent, low bound (90%)",
        "t CO2e/agent",
        "t CO2e/agent",
        definition_fr=(
            "Borne basse de l'intervalle à 90 % de l'empreinte divisée par le nombre d'agents "
            "déclarés."
        ),
        definition_en="Low bound of the footprint's 90% interval divided by the staff declared.",
    ),
    Indicator(
        "footprint_gwp_per_agent_high_t",
        "Empreinte carbone par agent, borne haute (90 %)",
        "Carbon footprint per agent, high bound (90%)",
        "t CO2e/agent",
        "t CO2e/agent",
        definition_fr=(
            "Borne haute de l'intervalle à 90 % de l'empreinte divisée par le nombre d'agents "
            "déclarés."
        ),
        definition_en="High bound of the footprint's 90% interval divided by the staff declared.",
    ),
    Indicator(
        "footprint_adpe_kg",
        "Épuisement des ressources minérales",
        "Mineral resource depletion",
        "kg Sb eq",
        "kg Sb eq",
        definition_fr=(
            "Consommation de ressources minérales et métalliques ramenée à l'année, en kilogrammes"
            " d'antimoine équivalent (somme des lignes du moteur de calcul)."
        ),
        definition_en=(
            "Mineral and metal resources used, brought to the year, in kilograms of antimony "
            "equivalent (sum of the engine's rows)."
        ),
    ),
    Indicator(
        "footprint_pe_gj",
        "Énergie primaire",
        "Primary energy",
        "GJ",
        "GJ",
        definition_fr=(
            "Énergie primaire nécessaire sur le cycle de vie, ramenée à l'année (somme des lignes "
            "du moteur de calcul)."
        ),
        definition_en=(
            "Primary energy needed over the life cycle, brought to the year (sum of the engine's "
            "rows)."
        ),
    ),
    Indicator(
        "electricity_mwh",
        "Consommation électrique",
        "Electricity use",
        "MWh",
        "MWh",
        definition_fr=(
            "Électricité consommée par les équipements pendant l'année : kWh mesurés, sinon ceux "
            "de la référence du type d'équipement (× PUE en salle serveur), divisés par 1 000."
        ),
        definition_en=(
            "Electricity used by the devices in the year: measured kWh, else the device type's "
            "reference (× PUE in a server room), divided by 1,000."
        ),
    ),
    Indicator(
        "agents",
        "Agents",
        "Staff",
        "agents",
        "staff",
        definition_fr="Nombre d'agents déclarés des entités du périmètre.",
        definition_en="Staff declared for the entities of the scope.",
    ),
    Indicator(
        "devices_in_service",
        "Équipements en service au 31/12",
        "Devices in service on 31 Dec",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements au statut « en service » au 31 décembre ; un lot compte pour sa quantité."
        ),
        definition_en="Devices in service on 31 December; a lot counts for its quantity.",
    ),
    Indicator(
        "devices_per_agent",
        "Équipements par agent",
        "Devices per agent",
        "équipements/agent",
        "devices/agent",
        definition_fr="Équipements en service divisés par le nombre d'agents.",
        definition_en="Devices in service divided by the staff.",
    ),
    Indicator(
        "screens_per_user",
        "Écrans par utilisateur",
        "Screens per user",
        "écrans/utilisateur",
        "screens/user",
        definition_fr=(
            "Écrans en service divisés par le nombre d'utilisateurs distincts des équipements en "
            "service."
        ),
        definition_en=(
            "Monitors in service divided by the distinct users of the devices in service."
        ),
    ),
    Indicator(
        "smartphone_staff_share",
        "Part des agents dotés d'un smartphone professionnel",
        "Share of staff with a work smartphone",
        "%",
        "%",
        definition_fr=(
            "Utilisateurs distincts d'un smartphone professionnel en service divisés par le nombre"
            " d'agents."
        ),
        definition_en="Distinct users of a work smartphone in service divided by the staff.",
    ),
    Indicator(
        "users_per_printer",
        "Utilisateurs par imprimante partagée",
        "Users per shared printer",
        "utilisateurs/imprimante",
        "users/printer",
        definition_fr=(
            "Utilisateurs distincts des équipements en service divisés par le nombre d'imprimantes"
            " et de multifonctions partagées (sans utilisateur attitré) en service."
        ),
        definition_en=(
            "Distinct users of the devices in service divided by the shared printers and "
            "multifunction printers in service (no assigned user)."
        ),
    ),
    Indicator(
        "lifespan_retired_months",
        "Durée de vie moyenne des équipements retirés",
        "Average lifespan of retired devices",
        "mois",
        "months",
        definition_fr=(
            "Temps moyen entre l'acquisition et le retrait des équipements retirés pendant l'année"
            " (moyenne par unité)."
        ),
        definition_en=(
            "Mean time between acquisition and retirement of the devices retired in the year (mean"
            " per unit)."
        ),
    ),
    Indicator(
        "age_in_service_months",
        "Âge moyen des équipements en service",
        "Average age of devices in service",
        "mois",
        "months",
        definition_fr=(
            "Temps moyen entre l'acquisition et le 31 décembre des équipements en service."
        ),
        definition_en="Mean time between acquisition and 31 December of the devices in service.",
    ),
    Indicator(
        "upgraded_units",
        "Équipements mis à niveau dans l'année",
        "Devices upgraded in the year",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements en service au 31 décembre dont la mémoire, le disque ou la batterie a été"
            " changé pendant l'année pour prolonger leur vie (mise à niveau enregistrée sur "
            "l'appareil)."
        ),
        definition_en=(
            "Devices in service on 31 December whose memory, disk or battery was changed in the "
            "year to extend their life (upgrade recorded on the device)."
        ),
    ),
    Indicator(
        "upgraded_share",
        "Part du parc mis à niveau plutôt que remplacé",
        "Share of the fleet upgraded rather than replaced",
        "%",
        "%",
        definition_fr=(
            "Équipements mis à niveau pendant l'année divisés par les équipements en service au 31"
            " décembre ; inconnu tant qu'aucune mise à niveau n'est enregistrée."
        ),
        definition_en=(
            "Devices upgraded in the year divided by the devices in service on 31 December; "
            "unknown while no upgrade is recorded."
        ),
    ),
    Indicator(
        "spend_it_eur",
        "Achats informatique et téléphonie",
        "IT and telephony purchases",
        "€ HT",
        "€ excl. VAT",
        definition_fr=(
            "Achats de l'année de matériel informatique et de téléphonie (catégorie de la "
            "déclaration AGEC), hors taxes, dons reçus compris à leur valeur."
        ),
        definition_en=(
            "The year's IT and telephony purchases (AGEC declaration category), excluding VAT, "
            "donations received included at their value."
        ),
    ),
    Indicator(
        "spend_it_reuse_eur",
        "dont réemploi, réutilisation et dons",
        "of which reuse, re-use and donations",
        "€ HT",
        "€ excl. VAT",
        definition_fr="Part de ces achats issue du réemploi, de la réutilisation ou de dons.",
        definition_en="The part of these purchases from reuse, re-use or donations.",
    ),
    Indicator(
        "spend_reuse_share",
        "Part des achats issus du réemploi (AGEC)",
        "Share of purchases from reuse (AGEC)",
        "%",
        "%",
        target="spend_reuse_target",
        definition_fr=(
            "Achats issus du réemploi divisés par les achats de l'année (loi AGEC, article 58), "
            "comparés à l'objectif du décret 2024-134."
        ),
        definition_en=(
            "Purchases from reuse divided by the year's purchases (AGEC law, article 58), against "
            "the décret 2024-134 target."
        ),
    ),
    Indicator(
        "spend_reuse_target",
        "Objectif AGEC (décret 2024-134)",
        "AGEC target (décret 2024-134)",
        "%",
        "%",
        definition_fr=(
            "Part minimale fixée par le décret 2024-134 : 20 % jusqu'en 2026, 25 % de 2027 à 2029,"
            " 30 % ensuite."
        ),
        definition_en=(
            "Minimum share set by décret 2024-134: 20 % until 2026, 25 % from 2027 to 2029, 30 % "
            "after."
        ),
    ),
    Indicator(
        "ecolabel_purchases",
        "Achats labellisés (EPEAT, TCO, Ange bleu, Écolabel européen)",
        "Eco-labelled purchases (EPEAT, TCO, Blue Angel, EU Ecolabel)",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements acquis pendant l'année (dons reçus exclus) dont l'écolabel nomme EPEAT, "
            "TCO Certified, l'Ange bleu ou l'Écolabel européen."
        ),
        definition_en=(
            "Devices acquired in the year (donations received aside) whose eco-label names EPEAT, "
            "TCO Certified, Blue Angel or the EU Ecolabel."
        ),
    ),
    Indicator(
        "ecolabel_purchase_share",
        "Part des achats labellisés",
        "Share of eco-labelled purchases",
        "%",
        "%",
        definition_fr=(
            "Achats labellisés divisés par les équipements acquis pendant l'année, dons reçus "
            "exclus (date d'achat, sinon de mise en service) ; inconnu quand aucun de ces achats "
            "ne renseigne l'écolabel."
        ),
        definition_en=(
            "Eco-labelled purchases divided by the devices acquired in the year, donations "
            "received aside (purchase date, else commissioning); unknown when none of them "
            "states its eco-label."
        ),
    ),
    Indicator(
        "reuse_rate",
        "Taux de réemploi des équipements réformés (décret 2023-266)",
        "Reuse rate of retired devices (décret 2023-266)",
        "%",
        "%",
        target="reuse_rate_target",
        definition_fr=(
            "Équipements orientés vers le réemploi pendant l'année (A) divisés par les équipements"
            " réformés en stock au 1er janvier retenus (B), selon le décret 2023-266."
        ),
        definition_en=(
            "Devices sent to reuse in the year (A) divided by the retained retired stock on 1 "
            "January (B), per décret 2023-266."
        ),
    ),
    Indicator(
        "reuse_rate_target",
        "Objectif décret 2023-266",
        "Décret 2023-266 target",
        "%",
        "%",
        definition_fr=(
            "Taux minimal fixé par le décret 2023-266 : 25 % en 2023, 35 % en 2024, 50 % à partir "
            "de 2025."
        ),
        definition_en=(
            "Minimum rate set by décret 2023-266: 25 % in 2023, 35 % in 2024, 50 % from 2025."
        ),
    ),
    Indicator(
        "retired_stock_units",
        "Équipements réformés en stock au 1er janvier",
        "Retired devices in stock on 1 January",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements retirés du service avant le 1er janvier et encore détenus ce jour-là, "
            "tous (exclusions du décret 2023-266 comprises)."
        ),
        definition_en=(
            "Devices retired before 1 January and still held that day, all of them (décret "
            "2023-266 exclusions included)."
        ),
    ),
    Indicator(
        "retired_stock_share",
        "Part du parc réformée en stock au 1er janvier",
        "Share of the fleet retired in stock on 1 January",
        "%",
        "%",
        definition_fr=(
            "Ces équipements réformés divisés par le parc détenu au 1er janvier (équipements "
            "acquis avant et non retirés, plus ce stock)."
        ),
        definition_en=(
            "That retired stock divided by the fleet held on 1 January (devices acquired before "
            "and not retired, plus that stock)."
        ),
    ),
    Indicator(
        "reuse_stock",
        "dont retenus pour le taux de réemploi (B)",
        "of which counted in the reuse rate (B)",
        "équipements",
        "devices",
        definition_fr=(
            "Parmi eux, ceux que compte le taux du décret 2023-266 (B) : hors données sensibles, "
            "hors catégories DEEE non couvertes par le décret et hors équipements de plus de 10 "
            "ans."
        ),
        definition_en=(
            "Of these, those the décret 2023-266 rate counts (B): classified data, WEEE categories"
            " the décret does not cover and devices over 10 years old left out."
        ),
    ),
    Indicator(
        "reuse_sent",
        "Équipements orientés vers le réemploi",
        "Devices sent to reuse",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements redéployés, cédés, donnés ou vendus pendant l'année et comptés dans le "
            "taux du décret 2023-266 (A)."
        ),
        definition_en=(
            "Devices redeployed, transferred, donated or sold in the year and counted in the "
            "décret 2023-266 rate (A)."
        ),
    ),
    Indicator(
        "internal_redeploy",
        "Redéploiements internes",
        "Internal redeployments",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements réformés remis en service dans une autre entité ou un autre service "
            "pendant l'année (date de sortie)."
        ),
        definition_en=(
            "Retired devices put back in service in another entity or department in the year (exit"
            " date)."
        ),
    ),
    Indicator(
        "public_transfer",
        "Cessions à d'autres organismes publics",
        "Transfers to other public bodies",
        "équipements",
        "devices",
        definition_fr="Équipements cédés à une autre personne publique pendant l'année.",
        definition_en="Devices transferred to another public body in the year.",
    ),
    Indicator(
        "donation",
        "Dons",
        "Donations",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements donnés à une association, une école ou un autre bénéficiaire pendant "
            "l'année."
        ),
        definition_en="Devices donated to a charity, a school or another recipient in the year.",
    ),
    Indicator(
        "sale",
        "Ventes",
        "Sales",
        "équipements",
        "devices",
        definition_fr="Équipements vendus pendant l'année.",
        definition_en="Devices sold in the year.",
    ),
    Indicator(
        "weee_recycling",
        "Équipements recyclés (DEEE)",
        "Devices recycled (WEEE)",
        "équipements",
        "devices",
        definition_fr=(
            "Équipements remis à la filière de recyclage des déchets d'équipements électriques et "
            "électroniques (DEEE) pendant l'année."
        ),
        definition_en=(
            "Devices handed to waste electrical and electronic equipment (WEEE) recycling in the "
            "year."
        ),
    ),
    Indicator(
        "weee_kg",
        "DEEE recyclés",
        "WEEE recycled",
        "kg",
        "kg",
        definition_fr=(
            "Masse des équipements remis au recyclage pendant l'année (poids saisi, sinon masse "
            "type de la catégorie)."
        ),
        definition_en=(
            "Weight of the devices recycled in the year (weight recorded, else the category's "
            "typical weight)."
        ),
    ),
    Indicator(
        "weee_kg_per_agent",
        "DEEE recyclés par agent",
        "WEEE recycled per agent",
        "kg/agent",
        "kg/agent",
        definition_fr="Masse des DEEE recyclés divisée par le nombre d'agents.",
        definition_en="Weight of WEEE recycled divided by the staff.",
    ),
    Indicator(
        "match_model_share",
        "Qualité : équipements reconnus au modèle près",
        "Quality: devices matched at model level",
        "%",
        "%",
        definition_fr=(
            "Part des équipements comptés dont le modèle exact a été trouvé dans le jeu de "
            "facteurs d'impact (le reste est estimé par fabricant ou par catégorie)."
        ),
        definition_en=(
            "Share of the counted devices whose exact model was found in the impact factor set "
            "(the rest is estimated by manufacturer or category)."
        ),
    ),
    Indicator(
        "purchase_date_share",
        "Qualité : équipements avec date d'achat",
        "Quality: devices with a purchase date",
        "%",
        "%",
        definition_fr="Part des équipements comptés dont la date d'achat est connue.",
        definition_en="Share of the counted devices whose purchase date is known.",
    ),
)
INDICATOR_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


def method_rows(lang: str = "fr") -> list[tuple[str, str, str, str]]:
    """The method sheet's table: (indicator, unit, definition, code) of every indicator."""
    return [(i.label(lang), i.unit(lang), i.definition(lang), i.code) for i in INDICATORS]


CODES: tuple[str, ...] = tuple(i.code for i in INDICATORS)


@dataclass(frozen=True, eq=False)
class ReenFigures:
    """The indicators of one year: ``values`` has one row per scope (entity names,
    then :data:`CONSOLIDATED`) and one column per indicator code (NaN: not computable).

    What an earlier year of a report keeps: the trend and the « previous year »
    column read its figures only, and letting go of its engine result and fleet
    (some 70 MB at 100,000 devices) lets the next year reuse that memory instead
    of asking the system for more, which is slow on a virtual machine.
    """

    year: int
    day: date
    values: pd.DataFrame
    lifespans: pd.DataFrame

    @property
    def entities(self) -> list[str]:
        return [s for s in self.values.index if s != CONSOLIDATED]

    def value(self, code: str, scope: str = CONSOLIDATED) -> float:
        return float(cast(float, self.values.at[scope, code]))


@dataclass(frozen=True, eq=False)
class ReenIndicators(ReenFigures):
    """The figures of a year with the engine result and the fleet they come from:
    the report's year, whose workbook has a sheet per entity and the device annex."""

    result: FootprintResult
    frame: pd.DataFrame

    def figures(self) -> ReenFigures:
        """The figures alone (:class:`ReenFigures`)."""
        return ReenFigures(self.year, self.day, self.values, self.lifespans)

    def scope_result(
        self, scope: str = CONSOLIDATED, columns: Sequence[str] | None = None
    ) -> FootprintResult:
        """The engine result restricted to one entity (or all of them); with
        ``columns``, its per-device rows hold those columns only (an entity's sheet
        aggregates a few numbers: taking the text columns too, row by row, was
        most of its cost)."""
        if scope == CONSOLIDATED and columns is None:
            return self.result
        devices = self.result.devices if columns is None else self.result.devices[list(columns)]
        if scope != CONSOLIDATED:
            devices = devices.take(self._entity_rows.get(scope, np.empty(0, dtype=np.intp)))
        return replace(self.result, devices=devices)

    @cached_property
    def _entity_rows(self) -> dict[str, np.ndarray]:
        """The row positions of each entity's devices, found in one pass: the workbook
        asks for every entity's sheet, and one comparison of the whole frame per
        entity made fifty entities cost seconds."""
        groups = self.result.devices.groupby("entity", sort=False, observed=True).indices
        return {str(name): np.asarray(rows) for name, rows in groups.items()}


def status_of(value: float, target: float) -> str:
    """``met``, ``not_met`` or ``unknown`` (no value or no target)."""
    if np.isnan(value) or np.isnan(target):
        return "unknown"
    return "met" if value >= target else "not_met"


class _ScopeTotals:
    """Sums and distinct counts of per-device values for each entity, plus the
    consolidated figure.

    The rows' entities are matched to ``scopes`` once: the indicators of a year
    total some twenty columns, and grouping each by the entity names hashed the
    100,000 names again every time. A sum per entity is ``np.bincount`` of the
    values weighted by row (a missing value counts 0, as pandas' sum skips it); the
    consolidated figure is the sum of the whole column, as before.
    """

    def __init__(self, entity: pd.Series, named: Iterable[str]) -> None:
        """``entity``: each row's entity name; ``named``: the entities to report even
        without a device. The scopes are their names, sorted."""
        # Factorising the Arrow text column makes no Python string per row.
        codes, names = pd.factorize(entity, use_na_sentinel=False)
        self.scopes: list[str] = sorted(set(names) | set(named))
        self.rows = pd.Index(self.scopes).get_indexer(names)[codes]

    def __call__(self, values: np.ndarray | pd.Series, how: str = "sum") -> pd.Series:
        if how == "nunique":
            per, total = self._distinct(values)
        else:
            known = np.where(np.isnan(values), 0.0, np.asarray(values))
            per = np.bincount(self.rows, weights=known, minlength=len(self.scopes))
            total = float(known.sum())
        out = pd.Series(per, index=self.scopes, dtype="float64")
        out[CONSOLIDATED] = total
        return out

    def _distinct(self, values: np.ndarray | pd.Series) -> tuple[np.ndarray, float]:
        """Distinct values (missing ones left out) per entity, and over all of them."""
        codes, uniques = pd.factorize(values)
        known = codes >= 0
        if not len(uniques):
            return np.zeros(len(self.scopes)), 0.0
        pairs = np.unique(self.rows[known].astype(np.int64) * len(uniques) + codes[known])
        per = np.bincount(pairs // len(uniques), minlength=len(self.scopes))
        return per.astype("float64"), float(len(uniques))


def _gwp_interval(result: FootprintResult, scopes: Sequence[str]) -> tuple[pd.Series, pd.Series]:
    """The 90 % interval of the carbon footprint (t CO2e) of each entity and of the
    whole scope (footprint.uncertainty, docs/method.md section 6): each one's own
    simulated quantiles, so every bound brackets its central value."""
    index = [*scopes, CONSOLIDATED]
    if "gwp" not in result.criteria or result.devices.empty:
        return pd.Series(np.nan, index=index), pd.Series(np.nan, index=index)
    per_entity, whole = monte_carlo_with_whole(result, "entity")
    per_entity.index = per_entity.index.astype(str)
    bounds = []
    for column in ("gwp_low", "gwp_high"):
        series = per_entity[column].reindex(list(scopes), fill_value=0.0).astype("float64")
        series[CONSOLIDATED] = float(whole[column].iloc[0])
        bounds.append(series / 1000)
    return bounds[0], bounds[1]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return numerator / denominator.where(denominator > 0)


def _filled(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Rows whose text ``column`` holds something (False everywhere when it is absent)."""
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    text = frame[column].astype("str")
    return (text.notna() & (text.str.strip() != "")).to_numpy(dtype=bool)


def _labelled(texts: pd.Series) -> np.ndarray:
    """Rows whose eco-label text names a counted label (factors.ecolabels), each
    distinct text read once (a missing one read as an empty text)."""
    codes, uniques = pd.factorize(texts.astype("str"))
    counted = np.array([bool(eco_labels(str(t))) for t in uniques] + [bool(eco_labels(""))])
    return counted[codes]  # code -1, a missing text: the last entry


def _months(later: pd.Series | pd.Timestamp, earlier: pd.Series) -> np.ndarray:
    days = (later - earlier).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    return days / DAYS_PER_MONTH


def reen_indicators(
    result: FootprintResult,
    frame: pd.DataFrame,
    entities: pd.DataFrame,
    day: date,
    reuse: pd.DataFrame | None = None,
    upgrades: pd.DataFrame | None = None,
) -> ReenIndicators:
    """The indicators of ``result.year`` for the fleet ``frame`` (as of ``day``).

    ``result`` is the engine's result for exactly this frame (rows in the same
    order). ``entities`` has columns ``entity`` and ``agents``; ``reuse`` the
    :data:`REUSE_COLUMNS` indexed by scope (entity name or :data:`CONSOLIDATED`);
    ``upgrades`` the upgrades recorded (``device_id``, ``at``: see
    ``fleet.report_data.upgrade_events``). Without ``reuse``, ``upgrades`` or an
    ``eco_label`` column, the indicators that need them are unknown (NaN).
    """
    devices = result.devices
    year = result.year
    agents_of = entities.set_index("entity")["agents"].astype("float64")
    total = _ScopeTotals(frame["entity"], entities["entity"])
    scopes = total.scopes
    qty = frame["quantity"].to_numpy(dtype=np.float64)
    category = frame["category"].astype("str")
    stamp = pd.Timestamp(day)
    in_service = (frame["status"].astype("str") == "in_service").to_numpy() & (
        frame["retirement_date"].isna() | (frame["retirement_date"] > stamp)
    ).to_numpy()

    def units_in(categories: frozenset[str]) -> pd.Series:
        return total(np.where(in_service & category.isin(categories).to_numpy(), qty, 0.0))

    def users_of(mask: np.ndarray) -> pd.Series:
        if "user_key" not in frame:
            return total(np.full(len(frame), np.nan), "nunique")
        return total(frame["user_key"].astype("str").where(mask), "nunique")

    v: dict[str, pd.Series] = {}
    gwp = total(devices["gwp_total"].to_numpy())
    v["footprint_gwp_t"] = gwp / 1000
    v["footprint_gwp_embodied_t"] = total(devices["gwp_embodied"].to_numpy()) / 1000
    v["footprint_gwp_use_t"] = total(devices["gwp_use"].to_numpy()) / 1000
    agents = agents_of.reindex(scopes)
    agents[CONSOLIDATED] = agents_of.reindex(scopes).sum(min_count=1)
    v["agents"] = agents
    v["footprint_gwp_per_agent_t"] = _ratio(v["footprint_gwp_t"], agents)
    low, high = _gwp_interval(result, scopes)
    v["footprint_gwp_low_t"], v["footprint_gwp_high_t"] = low, high
    v["footprint_gwp_per_agent_low_t"] = _ratio(low, agents)
    v["footprint_gwp_per_agent_high_t"] = _ratio(high, agents)
    if "adpe_total" in devices:
        v["footprint_adpe_kg"] = total(devices["adpe_total"].to_numpy())
    if "pe_total" in devices:
        v["footprint_pe_gj"] = total(devices["pe_total"].to_numpy()) / 1000
    v["electricity_mwh"] = total(devices["kwh"].to_numpy()) / 1000

    in_service_units = total(np.where(in_service, qty, 0.0))
    v["devices_in_service"] = in_service_units
    v["devices_per_agent"] = _ratio(in_service_units, agents)
    users = users_of(in_service)
    v["screens_per_user"] = _ratio(units_in(SCREEN_CATEGORIES), users)
    # A printer with a user of its own is a personal printer: only shared ones count.
    personal = _filled(frame, "user_key")
    shared_printers = in_service & category.isin(PRINTER_CATEGORIES).to_numpy() & ~personal
    # No user known in the scope (an inventory without a user column): unknown, not 0.
    known_users = users.where(users > 0)
    v["users_per_printer"] = _ratio(known_users, total(np.where(shared_printers, qty, 0.0)))
    smartphone = in_service & category.isin(SMARTPHONE_CATEGORIES).to_numpy()
    v["smartphone_staff_share"] = _ratio(users_of(smartphone), agents)

    acquired = acquisition_dates(frame)
    retired_in_year = (frame["retirement_date"].dt.year == year).fillna(False).to_numpy(dtype=bool)
    life = _months(frame["retirement_date"], acquired)
    # Age at the end of the day (a device bought on 1 January is 12 months old on 31 December).
    age = _months(pd.Series(stamp + pd.Timedelta(days=1), index=frame.index), acquired)
    lifespans = _lifespans(total, category, qty, retired_in_year, life, in_service, age)
    weighted = lifespans.groupby("scope")[
        ["retired_units", "retired_months_x_units", "in_service_units", "age_months_x_units"]
    ].sum()
    v["lifespan_retired_months"] = _ratio(
        weighted["retired_months_x_units"], weighted["retired_units"]
    ).reindex([*scopes, CONSOLIDATED])
    v["age_in_service_months"] = _ratio(
        weighted["age_months_x_units"], weighted["in_service_units"]
    ).reindex([*scopes, CONSOLIDATED])

    # No upgrade recorded anywhere: not « none were done » but « none were recorded ».
    if upgrades is not None and not upgrades.empty:
        upgraded_ids = upgrades.loc[upgrades["at"].dt.year == year, "device_id"]
        upgraded = in_service & frame["device_id"].isin(upgraded_ids).to_numpy()
        v["upgraded_units"] = total(np.where(upgraded, qty, 0.0))
        v["upgraded_share"] = _ratio(v["upgraded_units"], in_service_units)

    # Purchases of the year: units acquired in it, donations left out.
    bought = (acquired.dt.year == year).fillna(False).to_numpy(dtype=bool) & (
        frame["acquisition"].astype("str") != "donated"
    ).to_numpy()
    if "eco_label" in frame:
        # A scope none of whose purchases says anything about a label is unknown, not 0 %.
        documented = total(np.where(bought & _filled(frame, "eco_label"), qty, 0.0)) > 0
        labelled = _labelled(frame["eco_label"])
        v["ecolabel_purchases"] = total(np.where(bought & labelled, qty, 0.0)).where(documented)
        v["ecolabel_purchase_share"] = _ratio(
            v["ecolabel_purchases"], total(np.where(bought, qty, 0.0))
        )

    # The fleet held on 1 January: acquired before it (or undated), not retired before it.
    jan1 = pd.Timestamp(year, 1, 1)
    retirement = frame["retirement_date"]
    held_jan1 = (
        (acquired.isna() | (acquired < jan1))
        & (retirement.isna() | (retirement >= jan1))
        & ~(frame["status"].astype("str").isin(GONE_STATUSES) & retirement.isna())
    ).to_numpy(dtype=bool)
    active_jan1 = total(np.where(held_jan1, qty, 0.0))

    amounts = agec_amounts(frame, year)
    it = amounts.loc[amounts["type_produit_acquis"] == IT_AND_TELEPHONY]
    spend = it.groupby("entity")[
        ["montant_total", "montant_reemploi_et_reutilisation", "montant_produits_issus_don"]
    ].sum()
    spend.loc[CONSOLIDATED] = spend.sum()
    spend = spend.reindex([*scopes, CONSOLIDATED], fill_value=0.0)
    v["spend_it_eur"] = spend["montant_total"]
    v["spend_it_reuse_eur"] = (
        spend["montant_reemploi_et_reutilisation"] + spend["montant_produits_issus_don"]
    )
    v["spend_reuse_share"] = _ratio(v["spend_it_reuse_eur"], v["spend_it_eur"])
    v["spend_reuse_target"] = pd.Series(agec_target(year), index=spend.index)

    counted = units(devices)
    matched = (devices["match_level"] == "model").to_numpy(dtype=bool, na_value=False)
    dated = frame["purchase_date"].notna().to_numpy()
    counted_units = total(counted)
    v["match_model_share"] = _ratio(total(np.where(matched, counted, 0.0)), counted_units)
    v["purchase_date_share"] = _ratio(total(np.where(dated, counted, 0.0)), counted_units)

    values = pd.DataFrame(v).reindex(index=[*scopes, CONSOLIDATED])
    figures = reuse if reuse is not None else pd.DataFrame(columns=list(REUSE_COLUMNS))
    for column in REUSE_COLUMNS:
        column_values = figures[column] if column in figures else pd.Series(dtype="float64")
        column_values = pd.to_numeric(column_values, errors="coerce").reindex(values.index)
        if reuse is not None and column in COUNT_COLUMNS:
            column_values = column_values.fillna(0.0)  # an entity with no exit sent none
        values[column] = column_values
    values["weee_kg_per_agent"] = _ratio(values["weee_kg"], values["agents"])
    stock = values["retired_stock_units"]
    values["retired_stock_share"] = _ratio(stock, stock + active_jan1.reindex(values.index))
    values = values.reindex(columns=list(CODES)).astype("float64")
    values.index.name = "scope"
    return ReenIndicators(
        year=year, day=day, values=values, lifespans=lifespans, result=result, frame=frame
    )


def _lifespans(
    total: _ScopeTotals,
    category: pd.Series,
    qty: np.ndarray,
    retired: np.ndarray,
    life: np.ndarray,
    in_service: np.ndarray,
    age: np.ndarray,
) -> pd.DataFrame:
    """Per scope and category: units and unit-weighted months, retired and in service.

    Grouped on the rows' scope and category codes (categories sorted, rows without
    one left out, as a groupby on the texts leaves them), each group summing the
    same rows in the same order: the texts are put back on the groups only.
    """
    has_life = retired & ~np.isnan(life)
    has_age = in_service & ~np.isnan(age)
    codes, names = pd.factorize(category, sort=True)
    kept = codes >= 0
    parts = pd.DataFrame(
        {
            "retired_units": np.where(has_life, qty, 0.0),
            "retired_months_x_units": np.where(has_life, np.nan_to_num(life) * qty, 0.0),
            "in_service_units": np.where(has_age, qty, 0.0),
            "age_months_x_units": np.where(has_age, np.nan_to_num(age) * qty, 0.0),
        }
    )[kept]
    rows, codes = total.rows[kept], codes[kept]
    per_entity = parts.groupby([rows, codes]).sum()
    consolidated = parts.groupby(codes).sum()
    scope_names = np.asarray(total.scopes, dtype=object)
    out = pd.concat(
        [
            per_entity.reset_index(drop=True).assign(
                scope=scope_names[per_entity.index.get_level_values(0)],
                category=np.asarray(names)[per_entity.index.get_level_values(1)],
            ),
            consolidated.reset_index(drop=True).assign(
                scope=CONSOLIDATED, category=np.asarray(names)[consolidated.index]
            ),
        ],
        ignore_index=True,
    )
    out = out[["scope", "category", *parts.columns]].astype({"scope": "str", "category": "str"})
    out["retired_months"] = out["retired_months_x_units"] / out["retired_units"].where(
        out["retired_units"] > 0
    )
    out["age_months"] = out["age_months_x_units"] / out["in_service_units"].where(
        out["in_service_units"] > 0
    )
    return out


#: The reuse-channel figures of a year: (year, fleet as of its end) -> REUSE_COLUMNS by scope.
ReuseFigures = Callable[[int, pd.DataFrame], pd.DataFrame | None]


def reuse_figures(disposals: pd.DataFrame, rules: ReuseRules | None = None) -> ReuseFigures:
    """The reuse channel's figures (décret 2023-266 rate, exits per channel, WEEE kg
    of :mod:`footprint.reuse.indicators`) as :data:`REUSE_COLUMNS`, per entity and
    consolidated, for any year."""

    def figures(year: int, frame: pd.DataFrame) -> pd.DataFrame:
        per_entity, consolidated = reuse_indicators_by(
            frame, disposals, year, ("entity", None), rules
        )
        both = pd.concat([per_entity.set_index("entity"), consolidated.set_axis([CONSOLIDATED])])
        out = pd.DataFrame(
            {
                "reuse_rate": both["rate_pct"] / 100,
                "reuse_rate_target": both["target_pct"] / 100,
                "reuse_sent": both["reused"],
                "reuse_stock": both["retired_stock"],
                "retired_stock_units": both["retired_stock"]
                + sum(both[f"excluded_{e}_b"] for e in EXCLUSIONS),
                **{c: both[c] for c in DISPOSAL_CHANNELS},
                "weee_kg": both["weee_kg"],
            },
            index=both.index,
        )
        return out.astype("float64")

    return figures


@dataclass(frozen=True)
class ReenParameters:
    """How a REEN computation is run: the engine's options, stated on every output."""

    method: str = "annualized"
    electricity: float | ElectricityFactor | None = None
    zone: str = "FR"
    accounting_years: Mapping[str, float] = field(default_factory=dict)
    default_accounting_years: float = DEFAULT_ACCOUNTING_YEARS
    aliases: pd.DataFrame | None = None


@dataclass(frozen=True, eq=False)
class ReenReport:
    """The year's indicators and those of earlier years (the trend)."""

    current: ReenIndicators
    history: dict[int, ReenFigures]
    parameters: ReenParameters

    @property
    def year(self) -> int:
        return self.current.year

    @property
    def previous(self) -> ReenFigures | None:
        return self.history.get(self.year - 1)

    def trend(self, code: str, scope: str = CONSOLIDATED) -> pd.Series:
        """One indicator over the years, oldest first (NaN where the scope did not exist)."""
        years = sorted([*self.history, self.year])
        by_year = {**self.history, self.year: self.current}
        return pd.Series(
            [
                by_year[y].value(code, scope) if scope in by_year[y].values.index else np.nan
                for y in years
            ],
            index=pd.Index(years, name="year"),
            name=code,
        )


def indicators_for_year(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    year: int,
    entities: pd.DataFrame,
    events: pd.DataFrame | None = None,
    parameters: ReenParameters | None = None,
    reuse: ReuseFigures | None = None,
    today: date | None = None,
    upgrades: pd.DataFrame | None = None,
) -> ReenIndicators:
    """Rebuild the fleet at the end of ``year``, run the engine on it, derive the indicators."""
    parameters = parameters or ReenParameters()
    ids = (
        dict(zip(entities["entity"], entities["entity_id"], strict=True))
        if ("entity_id" in entities)
        else None
    )
    fleet = fleet_of_year(frame, year, events, entity_ids=ids, today=today)
    day, then = fleet.day, fleet.frame
    result = compute_year(
        fleet,
        factor_set,
        parameters.method,
        electricity=parameters.electricity,
        zone=parameters.zone,
        accounting_years=parameters.accounting_years,
        default_accounting_years=parameters.default_accounting_years,
        aliases=parameters.aliases,
    )
    figures = reuse(year, then) if reuse is not None else None
    return reen_indicators(result, then, entities, day, figures, upgrades)


def build_reen(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    year: int,
    entities: pd.DataFrame,
    events: pd.DataFrame | None = None,
    parameters: ReenParameters | None = None,
    reuse: ReuseFigures | None = None,
    span: int = DEFAULT_SPAN,
    today: date | None = None,
    upgrades: pd.DataFrame | None = None,
) -> ReenReport:
    """Indicators of ``year`` and of up to ``span`` earlier years, for the REEN workbook."""
    parameters = parameters or ReenParameters()

    def run(y: int) -> ReenIndicators:
        return indicators_for_year(
            frame, factor_set, y, entities, events, parameters, reuse, today, upgrades
        )

    history = {y: run(y).figures() for y in history_years(frame, year, span)}
    return ReenReport(current=run(year), history=history, parameters=parameters)
