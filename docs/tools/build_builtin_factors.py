"""Regenerate the built-in factor set (factors/data/builtin/*.csv).

Not needed to build or run ecoparc: the CSV files are committed. This script
documents how each number was obtained, and rebuilds them from

* the published figures of the reference note (ADEME Impact CO2, ADEME Base
  IMPACTS via BoaviztAPI, EcoInfo EcoDiag, ADEME Base Carbone 2018, ADEME–Arcep
  2022 lifespans, ADEME 2022 refurbishment study), written below as data;
* the Boavizta environmental-footprint-data CSV (ODbL 1.0), for a few category
  medians and for the model references. The data set itself is never copied
  into the repository: only the derived numbers, each with its source.

Usage: ``python docs/tools/build_builtin_factors.py [path/to/boavizta-data-us.csv]``
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from factors.boavizta import (
    ATTRIBUTION,
    SUBCATEGORY_MAP,
    boavizta_model_references,
    read_boavizta,
)
from factors.builtin import BUILTIN_NAME, BUILTIN_SETS, CONSTRUCTEURS_NAME
from factors.factor_set import FactorSet
from factors.loader import load_factor_set, write_factor_set
from factors.normalise import slug
from factors.validation import electricity_unit, impact_unit
from factors.vocabulary import CATEGORIES, PHASES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "boavizta-efd" / "boavizta-data-us.csv"

# Every source text starts with its identifier in brackets (docs/factors.md, section 2.5).
IC = (
    "[IC-2024] ADEME, Impact CO2 – outil numérique (avril 2024 ; données NégaOctet, "
    "étude ADEME–Arcep), impactco2.fr/outils/numerique"
)
BAPI = (
    "[BAPI-2.4] ADEME Base IMPACTS / NégaOctet, valeurs reprises par BoaviztAPI v2.4 "
    "(boaviztapi/data/factors.yml)"
)
BAPI_USE = "[BAPI-2.4] BoaviztAPI v2.4, hypothèses d'usage des terminaux (user_terminal.csv)"
BAPI_SERVER = "[BAPI-2.4] BoaviztAPI v2.4, serveur par défaut (2 CPU, 256 Go RAM, SSD 1 To)"
PCF = f"[BOAVIZTA-EFD] {ATTRIBUTION}, médiane des PCF constructeurs"
ECODIAG = "[ECODIAG] EcoInfo (CNRS), EcoDiag, valeurs par défaut"
BC2018 = "[BC-2018] ADEME Base Carbone, étude 2018 sur les équipements numériques (fabrication)"
G4IT = (
    "[ADEME-ARCEP-2022] ADEME–Arcep 2022, Évaluation de l'impact environnemental du "
    "numérique en France, tableau 48 (référentiel G4IT / NumEcoEval)"
)
REFURB = (
    "[ADEME-RECOND-2022] ADEME (sept. 2022), Évaluation de l'impact environnemental d'un "
    "ensemble de produits reconditionnés"
)
WEIGHT = (
    "[ESTIMATION] Estimation de masse typique (aucune table publique unique ; à confirmer "
    "par pesée DEEE)"
)


@dataclass(frozen=True)
class Sourced:
    value: float
    source: str


#: ADEME Base Empreinte 2022 electricity factor (kg CO2e/kWh), used to turn ADEME
#: Impact CO2's use emissions (kg CO2e/yr) back into kWh.
BASE_EMPREINTE_KWH = 0.052
#: BoaviztAPI's user-terminal hypothesis: the average power drawn 30 % of the time.
BAPI_USE_SHARE = 0.30
HOURS_PER_YEAR = 8760


def ademe_kwh(kg_per_year: float, what: str) -> Sourced:
    """ADEME Impact CO2's use emissions of a device, in kWh a year."""
    return Sourced(
        round(kg_per_year / BASE_EMPREINTE_KWH, 1),
        f"{IC} : {what}, usage {kg_per_year:g} kg CO2e/an ÷ 0,052 kg CO2e/kWh (ADEME Base "
        "Empreinte 2022 ; conversion ecoparc)",
    )


def bapi_kwh(watts: float, what: str, hours: float = HOURS_PER_YEAR * BAPI_USE_SHARE) -> Sourced:
    """BoaviztAPI's default use of a device, in kWh a year."""
    share = "" if hours == HOURS_PER_YEAR else " × 30 % du temps"
    return Sourced(
        round(watts * hours / 1000, 1), f"{BAPI_USE} : {what} {watts:g} W{share} × 8 760 h"
    )


@dataclass(frozen=True)
class Default:
    """How the default reference of one category is written.

    ``phases`` gives gwp per phase directly; otherwise ``total`` is split in the
    proportions of the category named by ``split_like``. ``own`` gives the
    embodied adpe/pe totals of a source (split like gwp); otherwise they are
    those of ``proxy`` scaled by the ratio of embodied gwp.
    """

    category: str
    lifespan: Sourced
    kwh: Sourced
    weight: Sourced
    refurbished: Sourced
    #: Other published annual kWh of the category: the bounds of the default's.
    kwh_bounds: tuple[Sourced, ...] = ()
    phases: tuple[float, float, float] | None = None
    phases_source: str = ""
    total: Sourced | None = None
    split_like: str = ""
    comparators: tuple[Sourced, ...] = ()
    own: tuple[float, float, str] | None = None
    proxy: str = ""


def refurb(avoided: float, what: str) -> Sourced:
    return Sourced(
        round(1 - avoided, 2),
        f"{REFURB} : impact évité {what} ; ratio = 1 − borne basse (lecture prudente), "
        "appliqué à la fabrication et au premier transport du neuf (part évitée nette des "
        "opérations de reconditionnement, comprises dans les bilans de l'étude) ; second "
        "transport (collecte, atelier, livraison) = une livraison d'un neuf (hypothèse "
        "ecoparc, docs/method.md section 2) ; fin de vie et usage comptés comme un neuf",
    )


REFURB_PC = refurb(0.43, "43–97 % (ordinateurs portables et fixes)")
REFURB_PROXY = Sourced(
    REFURB_PC.value,
    f"{REFURB_PC.source} ; aucune valeur publiée pour cette catégorie, ratio des ordinateurs "
    "appliqué par analogie",
)


def pcf_median(
    frame: pd.DataFrame, mask: pd.Series, label: str
) -> tuple[Sourced, Sourced, Sourced]:
    """Median, first and third quartile of the embodied gwp of PCF rows (computed here)."""
    embodied = (frame["gwp_total"] * (1 - frame["gwp_use_ratio"]))[mask].dropna()
    n = len(embodied)
    src = f"{PCF}, {label} (n={n}), gwp_total × (1 − gwp_use_ratio)"
    return (
        Sourced(round(float(embodied.median()), 1), f"{src}, médiane"),
        Sourced(round(float(embodied.quantile(0.25)), 1), f"{src}, 1er quartile"),
        Sourced(round(float(embodied.quantile(0.75)), 1), f"{src}, 3e quartile"),
    )


def pcf_attribute(frame: pd.DataFrame, mask: pd.Series, column: str, label: str) -> Sourced:
    values = frame.loc[mask, column].dropna()
    return Sourced(
        round(float(values.median()), 2), f"{PCF}, {label} (n={len(values)}), médiane de {column}"
    )


def defaults(data: pd.DataFrame) -> list[Default]:
    """The category defaults, from the published figures (and medians computed from PCFs)."""
    sub = data["subcategory"].str.casefold()
    aio = (sub == "desktop") & data["name"].str.contains(r"all-in-one|\baio\b", case=False)
    thin = sub == "thin client"
    aio_med, aio_q1, aio_q3 = pcf_median(data, aio, "ordinateurs tout-en-un")
    thin_med, thin_q1, thin_q3 = pcf_median(data, thin, "clients légers")
    ws_med, _, _ = pcf_median(data, sub == "workstation", "stations de travail")
    printer_med, _, _ = pcf_median(data, sub == "printer", "imprimantes")
    net_med, _, _ = pcf_median(data, sub == "network", "routeurs wifi")
    storage = data["name"].str.contains("OneStor", case=False)
    storage_pcf, _, _ = pcf_median(data, storage, "baie de stockage Seagate OneStor")
    life_desktop = Sourced(6, f"{G4IT} : ordinateur fixe 6 ans, appliqué par analogie")
    box = (60.8, 0.6, 1.6)
    box_source = f"{IC} : box internet"
    box_bounds = (Sourced(36.1, f"{BAPI} : box"), Sourced(82.9, f"{BC2018} : modem fibre"))
    wifi_kwh = Sourced(70, f"{ECODIAG} : borne wifi (hub) 70 kWh/an, appliqué par analogie")
    box_kwh = ademe_kwh(4.2, "box internet, par analogie")
    return [
        Default(
            "laptop",
            phases=(170.3, 12.3, 2.8),
            phases_source=f"{IC} : ordinateur portable 14,6″",
            comparators=(
                Sourced(181, f"{BAPI} : portable pro"),
                Sourced(241, f"{PCF}, portables (n=452)"),
                Sourced(195, f"{PCF}, portables, 1er quartile"),
                Sourced(285, f"{PCF}, portables, 3e quartile"),
                Sourced(260, f"{ECODIAG} : portable"),
                Sourced(156, f"{BC2018} : portable"),
            ),
            own=(0.0086, 2410, f"{BAPI} : portable pro"),
            lifespan=Sourced(5, f"{IC} ; {G4IT} : portable 5 ans"),
            kwh=Sourced(48, f"{ECODIAG} : portable"),
            kwh_bounds=(
                ademe_kwh(1.7, "ordinateur portable"),
                bapi_kwh(75, "portable"),
                Sourced(18.8, f"{PCF}, portables, consommation typique (TEC)"),
            ),
            weight=Sourced(2, WEIGHT),
            refurbished=REFURB_PC,
        ),
        Default(
            "desktop",
            phases=(202.6, 1.8, 6.6),
            phases_source=f"{IC} : unité centrale sans écran, usage professionnel",
            comparators=(
                Sourced(268.1, f"{IC} : unité centrale, usage personnel (hors usage)"),
                Sourced(277, f"{BAPI} : ordinateur fixe"),
                Sourced(301, f"{PCF}, fixes (n=259)"),
                Sourced(246, f"{PCF}, fixes, 1er quartile"),
                Sourced(389, f"{PCF}, fixes, 3e quartile"),
                Sourced(350, f"{ECODIAG} : ordinateur fixe"),
                Sourced(169, f"{BC2018} : ordinateur de bureau"),
            ),
            own=(0.00852, 5110, f"{BAPI} : ordinateur fixe"),
            lifespan=Sourced(6, f"{IC} ; {G4IT} : ordinateur fixe 6 ans"),
            kwh=Sourced(250, f"{ECODIAG} : ordinateur fixe"),
            kwh_bounds=(
                ademe_kwh(8.6, "unité centrale, usage professionnel"),
                bapi_kwh(175, "ordinateur fixe"),
                Sourced(56.6, f"{PCF}, fixes, consommation typique (TEC)"),
            ),
            weight=Sourced(7, WEIGHT),
            refurbished=REFURB_PC,
        ),
        Default(
            "all_in_one",
            total=Sourced(352, f"{ECODIAG} : tout-en-un"),
            split_like="desktop",
            comparators=(aio_med, aio_q1, aio_q3),
            proxy="desktop",
            lifespan=life_desktop,
            kwh=Sourced(78, f"{ECODIAG} : tout-en-un"),
            kwh_bounds=(pcf_attribute(data, aio, "yearly_tec", "ordinateurs tout-en-un"),),
            weight=Sourced(8, WEIGHT),
            refurbished=REFURB_PC,
        ),
        Default(
            "thin_client",
            total=thin_med,
            split_like="desktop",
            comparators=(thin_q1, thin_q3),
            proxy="desktop",
            lifespan=life_desktop,
            kwh=Sourced(
                pcf_attribute(data, thin, "yearly_tec", "clients légers").value,
                pcf_attribute(data, thin, "yearly_tec", "clients légers").source
                + " (EcoDiag ne publie pas de client léger)",
            ),
            weight=pcf_attribute(data, thin, "weight", "clients légers"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "workstation",
            total=Sourced(296, f"{BC2018} : ordinateur fixe haute performance"),
            split_like="desktop",
            comparators=(Sourced(277, f"{BAPI} : ordinateur fixe"), ws_med),
            proxy="desktop",
            lifespan=life_desktop,
            kwh=Sourced(250, f"{ECODIAG} : ordinateur fixe, appliqué par analogie"),
            kwh_bounds=(
                pcf_attribute(data, sub == "workstation", "yearly_tec", "stations de travail"),
                bapi_kwh(175, "ordinateur fixe"),
            ),
            weight=Sourced(7, f"{WEIGHT} (tour)"),
            refurbished=REFURB_PC,
        ),
        Default(
            "monitor",
            phases=(64.6, 1.3, 3.9),
            phases_source=f"{IC} : écran 24″",
            comparators=(
                Sourced(64.7, f"{BAPI} : écran"),
                Sourced(357, f"{PCF}, écrans (n=296)"),
                Sourced(251, f"{PCF}, écrans, 1er quartile"),
                Sourced(413, f"{PCF}, écrans, 3e quartile"),
                Sourced(430, f"{ECODIAG} : écran"),
                Sourced(590, f"{ECODIAG} : écran ≥ 32″"),
                Sourced(222, f"{BC2018} : écran 21,5″"),
            ),
            own=(0.0108, 1300, f"{BAPI} : écran"),
            lifespan=Sourced(6, f"{IC} ; {G4IT} : écran 6 ans"),
            kwh=Sourced(70, f"{ECODIAG} : écran"),
            kwh_bounds=(
                ademe_kwh(4.0, "écran 24″"),
                bapi_kwh(55, "écran"),
                Sourced(40.9, f"{PCF}, écrans, consommation typique (TEC)"),
            ),
            weight=Sourced(5, f"{WEIGHT} (écran 24″)"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "smartphone",
            phases=(83.0, 2.1, 0.2),
            phases_source=f"{IC} : smartphone",
            comparators=(
                Sourced(84.0, f"{BAPI} : smartphone"),
                Sourced(55.5, f"{PCF}, smartphones (n=50)"),
                Sourced(49, f"{PCF}, smartphones, 1er quartile"),
                Sourced(63, f"{ECODIAG} : smartphone"),
                Sourced(39.1, f"{BC2018} : smartphone > 5,5″"),
            ),
            own=(0.00205, 1110, f"{BAPI} : smartphone"),
            lifespan=Sourced(2.5, f"{IC} ; {G4IT} : téléphone mobile 2,5 ans"),
            kwh=Sourced(5, f"{ECODIAG} : smartphone"),
            kwh_bounds=(
                ademe_kwh(0.2, "smartphone"),
                bapi_kwh(1, "smartphone"),
                Sourced(7.0, f"{PCF}, smartphones, consommation typique (TEC)"),
            ),
            weight=Sourced(0.2, WEIGHT),
            refurbished=refurb(0.64, "64–87 % (smartphones)"),
        ),
        Default(
            "mobile_phone",
            phases=(23.3, 0.0, 0.1),
            phases_source=f"{IC} : téléphone mobile simple (distribution non publiée : 0)",
            proxy="smartphone",
            lifespan=Sourced(2.5, f"{IC} ; {G4IT} : téléphone mobile 2,5 ans"),
            kwh=Sourced(
                0, f"{IC} : usage 0 kg CO2e/an (EcoDiag ne publie pas de téléphone simple)"
            ),
            weight=Sourced(0.1, WEIGHT),
            refurbished=refurb(0.64, "64–87 % (smartphones, appliqué par analogie)"),
        ),
        Default(
            "tablet",
            phases=(56.3, 3.4, 0.4),
            phases_source=f"{IC} : tablette 10,5″",
            comparators=(
                Sourced(75.9, f"{BAPI} : tablette"),
                Sourced(74, f"{PCF}, tablettes (n=22)"),
                Sourced(93, f"{PCF}, tablettes, 3e quartile"),
                Sourced(150, f"{ECODIAG} : tablette"),
                Sourced(63.2, f"{BC2018} : tablette"),
            ),
            own=(0.00375, 1000, f"{BAPI} : tablette"),
            lifespan=Sourced(3, f"{IC} ; {G4IT} : tablette 3 ans"),
            kwh=Sourced(5, f"{ECODIAG} : tablette"),
            kwh_bounds=(
                ademe_kwh(1.1, "tablette 10,5″"),
                bapi_kwh(7.5, "tablette"),
                Sourced(14.8, f"{PCF}, tablettes, consommation typique (TEC)"),
            ),
            weight=Sourced(0.5, WEIGHT),
            refurbished=refurb(0.46, "46–80 % (tablettes)"),
        ),
        Default(
            "printer",
            total=Sourced(430, f"{ECODIAG} : imprimante laser < 40 kg"),
            split_like="desktop",
            comparators=(
                Sourced(88.2, f"{BC2018} : imprimante jet d'encre"),
                printer_med,
                Sourced(500, f"{ECODIAG} : imprimante, toner compris"),
            ),
            proxy="desktop",
            lifespan=Sourced(5, f"{G4IT} : imprimante 5 ans"),
            kwh=Sourced(71, f"{ECODIAG} : imprimante"),
            weight=Sourced(15, f"{WEIGHT} (laser)"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "mfp",
            total=Sourced(960, f"{ECODIAG} : multifonction A3 40–99 kg"),
            split_like="desktop",
            comparators=(Sourced(430, f"{ECODIAG} : imprimante laser < 40 kg"),),
            proxy="desktop",
            lifespan=Sourced(5, f"{G4IT} : imprimante 5 ans"),
            kwh=Sourced(150, f"{ECODIAG} : multifonction A3"),
            weight=Sourced(40, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "ip_phone",
            total=Sourced(17, f"{ECODIAG} : téléphone IP"),
            split_like="smartphone",
            proxy="smartphone",
            lifespan=Sourced(8, f"{G4IT} : téléphone fixe / IP 8 ans"),
            kwh=Sourced(40, f"{ECODIAG} : téléphone IP"),
            weight=Sourced(1, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "network_switch",
            phases=box,
            phases_source=f"{box_source} (aucun facteur de commutateur publié : box par analogie)",
            comparators=(Sourced(10, f"{ECODIAG} : borne wifi"), *box_bounds),
            proxy="router",
            lifespan=Sourced(5, f"{G4IT} : commutateur 5 ans"),
            kwh=wifi_kwh,
            kwh_bounds=(box_kwh,),
            weight=Sourced(4, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "router",
            phases=box,
            phases_source=box_source,
            comparators=box_bounds,
            own=(4.41e-5, 525, f"{BAPI} : box"),
            lifespan=Sourced(5, f"{IC} : box internet 5 ans"),
            kwh=wifi_kwh,
            kwh_bounds=(box_kwh,),
            weight=Sourced(1, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "wifi_ap",
            total=Sourced(10, f"{ECODIAG} : borne wifi (hub)"),
            split_like="router",
            comparators=(net_med, Sourced(36.1, f"{BAPI} : box")),
            proxy="router",
            lifespan=Sourced(5, f"{G4IT} : borne wifi 5 ans"),
            kwh=Sourced(70, f"{ECODIAG} : borne wifi (hub)"),
            weight=pcf_attribute(data, sub == "network", "weight", "routeurs wifi"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "firewall",
            phases=box,
            phases_source=f"{box_source} (aucun facteur de pare-feu publié : box par analogie)",
            comparators=box_bounds,
            proxy="router",
            lifespan=Sourced(5, f"{G4IT} : pare-feu 5 ans"),
            kwh=wifi_kwh,
            kwh_bounds=(box_kwh,),
            weight=Sourced(4, f"{WEIGHT} (comme un commutateur)"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "server",
            total=Sourced(3660, f"{BAPI} : serveur (valeur fixe de repli)"),
            split_like="desktop",
            comparators=(
                Sourced(900, BAPI_SERVER),
                Sourced(460, f"{BAPI_SERVER}, borne basse"),
                Sourced(2087, f"{BAPI_SERVER}, borne haute"),
                Sourced(1278, f"{PCF}, serveurs (n=55)"),
                Sourced(1300, f"{ECODIAG} : serveur"),
            ),
            own=(0.0378, 51500, f"{BAPI} : serveur"),
            lifespan=Sourced(5, f"{G4IT} : serveur de calcul 5 ans"),
            kwh=Sourced(850, f"{ECODIAG} : serveur"),
            kwh_bounds=(
                Sourced(1529, f"{PCF}, serveurs, consommation typique (TEC)"),
                bapi_kwh(536, "serveur par défaut, puissance moyenne", HOURS_PER_YEAR),
            ),
            weight=Sourced(25, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "storage",
            total=Sourced(
                3660, f"{BAPI} : serveur (aucun facteur de baie publié : serveur par analogie)"
            ),
            split_like="desktop",
            comparators=(storage_pcf,),
            proxy="server",
            lifespan=Sourced(5, f"{G4IT} : serveur de stockage 5 ans"),
            kwh=Sourced(850, f"{ECODIAG} : serveur, appliqué par analogie"),
            kwh_bounds=(
                Sourced(1529, f"{PCF}, serveurs, consommation typique (TEC), par analogie"),
                bapi_kwh(
                    536, "serveur par défaut, puissance moyenne, par analogie", HOURS_PER_YEAR
                ),
            ),
            weight=Sourced(25, f"{WEIGHT} (comme un serveur)"),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "projector",
            total=Sourced(94, f"{ECODIAG} : vidéoprojecteur ; {BC2018} : vidéoprojecteur 94"),
            split_like="display",
            proxy="display",
            lifespan=Sourced(7, f"{ECODIAG} : vidéoprojecteur"),
            kwh=Sourced(120, f"{ECODIAG} : vidéoprojecteur"),
            weight=Sourced(3, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "display",
            phases=(372.6, 3.2, 11.8),
            phases_source=f"{IC} : téléviseur 45″ (majoritairement LCD)",
            comparators=(Sourced(152, f"{BAPI} : téléviseur pro"),),
            own=(0.0249, 3030, f"{BAPI} : téléviseur pro"),
            lifespan=Sourced(8, f"{IC} ; {G4IT} : téléviseur 8 ans"),
            kwh=Sourced(
                ademe_kwh(11.6, "téléviseur").value,
                ademe_kwh(11.6, "téléviseur").source
                + " (EcoDiag ne publie pas d'écran d'affichage)",
            ),
            kwh_bounds=(bapi_kwh(55, "écran, appliqué aux écrans d'affichage"),),
            weight=Sourced(15, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "docking_station",
            total=Sourced(26, f"{ECODIAG} : station d'accueil"),
            split_like="router",
            proxy="router",
            lifespan=Sourced(6, f"{G4IT} : station d'accueil 6 ans"),
            kwh=Sourced(1.3, f"{ECODIAG} : station d'accueil"),
            weight=Sourced(0.5, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
        Default(
            "other",
            total=Sourced(24, f"{ECODIAG} : clavier (périphérique retenu pour « autre »)"),
            split_like="desktop",
            comparators=(Sourced(5, f"{ECODIAG} : souris"),),
            proxy="desktop",
            lifespan=Sourced(4, f"{ECODIAG} : clavier"),
            kwh=Sourced(0, f"{ECODIAG} : pas de consommation publiée pour les périphériques"),
            weight=Sourced(0.5, WEIGHT),
            refurbished=REFURB_PROXY,
        ),
    ]


def sig(value: float) -> float:
    return float(f"{value:.6g}")


def default_rows(specs: list[Default]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """References and impacts of the category defaults."""
    by_category = {d.category: d for d in specs}
    gwp: dict[str, tuple[float, float, float]] = {}
    gwp_source: dict[str, str] = {}
    for spec in specs:
        if spec.phases is not None:
            gwp[spec.category] = spec.phases
            gwp_source[spec.category] = spec.phases_source
    for spec in specs:
        if spec.phases is None:
            assert spec.total is not None
            base = gwp[spec.split_like]
            shares = [p / sum(base) for p in base]
            gwp[spec.category] = tuple(sig(spec.total.value * s) for s in shares)  # type: ignore[assignment]
            gwp_source[spec.category] = (
                f"{spec.total.source} ; répartition par phase comme « {spec.split_like} » ({IC})"
            )
    impacts: list[dict[str, object]] = []
    references: list[dict[str, object]] = []
    for spec in specs:
        reference = f"default-{spec.category}".replace("_", "-")
        phases = gwp[spec.category]
        total = sum(phases)
        values = [total, *(c.value for c in spec.comparators)]
        low, high = min(values), max(values)
        bound_sources = [c.source for c in spec.comparators if c.value in (low, high)]
        bounds = f" ; bornes basse/haute : {' | '.join(bound_sources)}" if bound_sources else ""
        for phase, value in zip(PHASES, phases, strict=True):
            has_bounds = bool(spec.comparators)
            impacts.append(
                {
                    "reference": reference,
                    "criterion": "gwp",
                    "phase": phase,
                    "value": sig(value),
                    "low": sig(value * low / total) if has_bounds else np.nan,
                    "high": sig(value * high / total) if has_bounds else np.nan,
                    "unit": impact_unit("gwp"),
                    "source": gwp_source[spec.category] + bounds,
                }
            )
        if spec.own is not None:
            adpe, pe, source = spec.own
            note = (
                f"{source} (total hors usage ; pe : ADPf utilisé comme énergie primaire), "
                "réparti comme le gwp"
            )
            totals = {"adpe": (adpe, note), "pe": (pe, note)}
        else:
            proxy = by_category[spec.proxy]
            assert proxy.own is not None, spec.proxy
            scale = total / sum(gwp[spec.proxy])
            note = (
                f"{proxy.own[2]} (catégorie « {spec.proxy} ») × rapport des gwp hors usage "
                f"({scale:.4g}) ; pe : ADPf utilisé comme énergie primaire"
            )
            totals = {"adpe": (proxy.own[0] * scale, note), "pe": (proxy.own[1] * scale, note)}
        # No source publishes a range for adpe or pe: where the gwp of the category
        # has one, the same relative range (docs/factors.md section 2.1).
        relative = (
            " ; bornes basse/haute : même plage relative que le gwp de la catégorie "
            "(aucune plage publiée pour ce critère)"
            if spec.comparators
            else ""
        )
        for criterion, (crit_total, note) in totals.items():
            for phase, value in zip(PHASES, phases, strict=True):
                central = crit_total * value / total
                impacts.append(
                    {
                        "reference": reference,
                        "criterion": criterion,
                        "phase": phase,
                        "value": sig(central),
                        "low": sig(central * low / total) if spec.comparators else np.nan,
                        "high": sig(central * high / total) if spec.comparators else np.nan,
                        "unit": impact_unit(criterion),
                        "source": note + relative,
                    }
                )
        label = CATEGORIES[spec.category][0]
        kwh_values = [spec.kwh.value, *(b.value for b in spec.kwh_bounds)]
        kwh_low, kwh_high = min(kwh_values), max(kwh_values)
        kwh_sources = [b.source for b in spec.kwh_bounds if b.value in (kwh_low, kwh_high)]
        kwh_range = f" ; bornes kWh/an : {' | '.join(kwh_sources)}" if kwh_sources else ""
        references.append(
            {
                "reference": reference,
                "category": spec.category,
                "manufacturer": "",
                "model": "",
                "lifespan_years": spec.lifespan.value,
                "annual_kwh": spec.kwh.value,
                "annual_kwh_low": kwh_low if spec.kwh_bounds else np.nan,
                "annual_kwh_high": kwh_high if spec.kwh_bounds else np.nan,
                "weight_kg": spec.weight.value,
                "refurbished_ratio": spec.refurbished.value,
                "source": (
                    f"{label} (référence par défaut) — durée de vie : {spec.lifespan.source} ; "
                    f"kWh/an : {spec.kwh.source}{kwh_range} ; masse : {spec.weight.source} ; "
                    f"ratio reconditionné : {spec.refurbished.source}"
                ),
            }
        )
    return pd.DataFrame(references), pd.DataFrame(impacts)


def electricity_rows() -> pd.DataFrame:
    ademe = (
        "[BE-2022] ADEME Base Empreinte (Base Carbone), élément « Electricité - 2022 - mix moyen "
        "- consommation », France continentale (FE « Mix de consommation - moyen », celui que "
        "le BEGES exige : prod-basecarbonesolo.ademe-dri.fr/documentation/UPLOAD_DOC_FR/"
        "mix_electrique.htm) ; identifiant Base Empreinte de l'élément : non trouvé dans les "
        "sources publiques consultées, aucun identifiant n'est inventé (à relever sur "
        "base-empreinte.ademe.fr)"
    )
    boavizta = "[BAPI-2.4] BoaviztAPI v2.4, mix électrique FRA 2019 (Scarlat et al. 2022)"
    carried = (
        f"{boavizta} ; pas de valeur plus récente publiée pour ce critère, reprise telle quelle"
    )
    ember = (
        "[OWID-2024] Ember / Our World in Data, intensité carbone de l'électricité, France, 2024"
    )
    europe = (
        "[BAPI-2.4] BoaviztAPI v2.4 (boaviztapi/data/crowdsourcing/electrical_mix.csv), zone EEE "
        "(Europe), appliquée à l'UE-27"
    )
    rows = [
        ("FR", 2019, "gwp", 0.098, boavizta),
        ("FR", 2019, "adpe", 4.858e-8, boavizta),
        ("FR", 2019, "pe", 11.289, boavizta),
        ("FR", 2022, "gwp", 0.052, ademe),
        ("FR", 2022, "adpe", 4.858e-8, carried),
        ("FR", 2022, "pe", 11.289, carried),
        # Ember's production-based series is kept apart so that the FR series stays
        # on the ADEME consumption mix the BEGES requires (choose it with --zone FR-OWID).
        ("FR-OWID", 2024, "gwp", 0.0442, ember),
        ("FR-OWID", 2024, "adpe", 4.858e-8, carried),
        ("FR-OWID", 2024, "pe", 11.289, carried),
        ("EU27", 2019, "gwp", 0.38, "[BAPI-2.4] BoaviztAPI v2.4, mix électrique moyen UE-27"),
        ("EU27", 2019, "adpe", 6.42317e-8, f"{europe} ; ADEME Base IMPACTS 2011"),
        ("EU27", 2019, "pe", 12.873, f"{europe} ; pe = ADPf / (1 − part renouvelable)"),
    ]
    return pd.DataFrame(
        [
            {
                "zone": z,
                "year": y,
                "criterion": c,
                "value": v,
                "unit": electricity_unit(c),
                "source": s,
            }
            for z, y, c, v, s in rows
        ]
    )


#: (manufacturer as in the data set, product name, cleaner model text or "",
#: category override or "").
MODELS: list[tuple[str, str, str, str]] = [
    *[
        ("Dell", f"Latitude {n}", "", "")
        for n in (
            "3410",
            "3420",
            "3510",
            "3520",
            "5310",
            "5320",
            "5410",
            "5420",
            "5430",
            "5510",
            "5520",
            "5530",
            "7410",
            "7420",
            "7420 2-in-1",
            "7430",
        )
    ],
    ("Dell", "Vostro 15 3510", "", "laptop"),
    *[
        ("Dell", f"OptiPlex {n}", "", "")
        for n in (
            "3080 Micro Form Factor",
            "3080 Small Form Factor",
            "3090 Micro Form Factor",
            "3090 Small Form Factor",
            "5080 Small Form Factor",
            "5090 Micro Form Factor",
            "5090 Small Form Factor",
            "5090 Tower",
            "7080 Micro Form Factor",
            "7080 Small Form Factor",
            "7090 Micro Form Factor",
            "7090 Small Form Factor",
            "7090 Tower",
            "7090 Ultra",
            "7000 Micro Form Factor",
            "7000 Small Form Factor",
            "7000 Tower",
            "7480 All-in-One Desktop",
            "7490 All-in-One Desktop",
        )
    ],
    *[
        ("Dell", f"{n} Monitor", "", "")
        for n in (
            "P2219H",
            "P2419H",
            "P2422H",
            "P2719H",
            "P2722H",
            "P2417H",
            "E2420H",
            "E2422H",
            "U2419H",
            "U2422H",
        )
    ],
    ("Dell", "Wyse 5070 Thin Client", "", ""),
    ("Dell", "Wyse 3040 Thin Client", "", ""),
    *[
        ("Dell", f"PowerEdge {n}", "", "")
        for n in (
            "R440",
            "R540",
            "R640",
            "R740",
            "R740XD",
            "T140",
            "T440",
            "R6515",
            "R7515",
        )
    ],
    ("HP", "ProBook 445 14 inch G9 Notebook PC", "", ""),
    ("HP", "ProBook 455 15.6 inch G9 Notebook PC", "", ""),
    ("HP", "EliteBook 645 14 inch G9 Notebook PC", "", ""),
    ("HP", "EliteBook 655 15.6 inch G9 Notebook PC", "", ""),
    ("HP", "250 G9 Notebook PC", "", ""),
    ("HP", "255 G9 Notebook PC", "", ""),
    ("HP", "Elite Tower 880 G9 Desktop PC", "", ""),
    ("HP", "P24a G4", "", ""),
    ("HP", "V241ib 23.8-inch Monitor", "", ""),
    ("HP", "ProLiant DL380 Gen10 server4", "ProLiant DL380 Gen10", ""),
    ("HP", "ProLiant DL385 Gen10 server4", "ProLiant DL385 Gen10", ""),
    ("HP", "ProLiant DL345 Gen10 Plus server4", "ProLiant DL345 Gen10 Plus", ""),
    ("HP", "ProLiant MicroServer Gen10 Plus4", "ProLiant MicroServer Gen10 Plus", ""),
    *[
        ("Lenovo", f"ThinkPad {n}", "", "")
        for n in (
            "E14",
            "E15",
            "T490",
            "T490s",
            "T495",
            "T590",
            "L470",
            "X390",
            "X1 Carbon 5th Gen",
        )
    ],
    ("Lenovo", "ThinkBook 14", "", ""),
    *[
        ("Lenovo", f"ThinkCentre {n}", "", "")
        for n in (
            "M70 Tiny",
            "M70 SFF",
            "M70 Tower",
            "M70 All-in-One",
            "M75 Tiny",
            "M80 Tiny",
            "M90 Tiny",
            "M920 Tiny",
            "M920 SFF",
            "M720e SFF",
            "M90n Nano",
        )
    ],
    ("Lenovo", "V50s SFF", "", ""),
    ("Lenovo", "V530 SFF", "", ""),
    ("Lenovo", "T24i-10", "ThinkVision T24i-10", ""),
    ("Lenovo", "ThinkVision P24h-20/T24h-20", "ThinkVision P24h-20", ""),
    ("Lenovo", "ThinkVision E24-20/T24s-20", "ThinkVision E24-20", ""),
    *[("Lenovo", f"ThinkSystem {n}", "", "") for n in ("SR250", "SR635", "SR645", "SR665")],
    ("Apple", "iPhone 11 64GB", "", ""),
    ("Apple", "iPhone 12 64GB", "", ""),
    ("Apple", "iPhone 12 128GB", "", ""),
    ("Apple", "iPhone 13 with 128GB", "iPhone 13 128GB", ""),
    ("Apple", "iPhone 14 with 128GB", "iPhone 14 128GB", ""),
    ("Apple", "iPhone SE (3rd generation) with 64GB", "iPhone SE 3rd generation 64GB", ""),
    ("Apple", "iPad (9th generation) Wi-Fi + Cellular with 64GB", "iPad 9th generation 64GB", ""),
    ("Apple", "iPad (10th generation) with 64GB", "iPad 10th generation 64GB", ""),
    ("Apple", "iPad Air (5th generation) with 64GB", "iPad Air 5th generation 64GB", ""),
    ("Apple", "MacBook Air (M1 2020) with 256GB", "MacBook Air M1 2020 256GB", ""),
    ("Apple", "MacBook Air (M2 2022) with 256GB", "MacBook Air M2 2022 256GB", ""),
    ("Samsung", "Galaxy A12 (SM-A127F)", "", ""),
    ("Samsung", "Galaxy S20 FE (SM-G781B)", "", ""),
    ("Samsung", "Galaxy Tab S7 (SM-T875)", "", ""),
    ("Samsung", "Galaxy Tab Active Pro (SM-T545)", "", ""),
    ("Microsoft", "Surface Pro 7", "", ""),
    ("Microsoft", "Surface Pro 8", "", ""),
    ("Microsoft", "Surface Go 2", "", ""),
    ("Fairphone", "Fairphone 3", "", ""),
    ("Fairphone", "Fairphone 4", "", ""),
    ("Lexmark", "B3442dw", "", ""),
    ("Lexmark", "MX331adne", "", "mfp"),
    ("Lexmark", "MB3442adwe", "", "mfp"),
]


def model_rows(data: pd.DataFrame, base: FactorSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Model references for MODELS, converted exactly as a user's Boavizta import."""
    wanted = pd.DataFrame(MODELS, columns=["manufacturer", "name", "model", "category_override"])
    picked = data.merge(wanted, on=["manufacturer", "name"], how="inner", validate="many_to_one")
    picked = picked.drop_duplicates(["manufacturer", "name"]).reset_index(drop=True)
    missing = set(wanted["name"]) - set(picked["name"])
    if missing:
        raise SystemExit(f"absent from the data set: {sorted(missing)}")
    # A category override is made on the subcategory, before conversion, so the
    # model is scaled against the default of the category it ends up in.
    subcategory_of = {category: sub for sub, category in reversed(SUBCATEGORY_MAP.items())}
    override = picked["category_override"] != ""
    picked.loc[override, "subcategory"] = picked.loc[override, "category_override"].map(
        subcategory_of
    )
    references, impacts, problems = boavizta_model_references(picked, base, "boavizta-data-us.csv")
    if problems:
        raise SystemExit(f"unusable rows selected: {problems}")
    model = picked["model"].where(picked["model"] != "", references["model"])
    renamed = (references["manufacturer"] + " " + model).map(slug)
    rename = dict(zip(references["reference"], renamed, strict=True))
    references = references.assign(reference=renamed, model=model)
    impacts = impacts.assign(reference=impacts["reference"].map(rename))
    return references, impacts


def main(argv: list[str]) -> None:
    data_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    data = read_boavizta(data_path)
    refs, impacts = default_rows(defaults(data))
    electricity = electricity_rows()
    partial = FactorSet(
        BUILTIN_NAME, "", "", True, refs, impacts, electricity, electricity_default_year=2022
    )
    with tempfile.TemporaryDirectory() as tmp:
        write_factor_set(partial, Path(tmp))
        base = load_factor_set(Path(tmp))
    model_refs, model_impacts = model_rows(data, base)
    national = FactorSet(
        name=BUILTIN_NAME,
        version="2026.1",
        description=(
            "Jeu national (par défaut) : valeurs par catégorie de l'ADEME (Impact CO2, "
            "Base IMPACTS / NégaOctet via BoaviztAPI, Base Carbone) et d'EcoDiag pour les "
            "catégories que l'ADEME ne couvre pas ; aucune référence de modèle (aucune n'est "
            "publiée selon la même méthode). Électricité par défaut : ADEME Base Empreinte "
            "2022, mix moyen consommation."
        ),
        builtin=True,
        references=base.references,
        impacts=base.impacts,
        electricity=base.electricity,
        electricity_default_year=2022,
    )
    manufacturers = FactorSet(
        name=CONSTRUCTEURS_NAME,
        version="2026.1",
        description=(
            "Données constructeurs : références de modèles issues des PCF des constructeurs "
            "(Boavizta environmental-footprint-data, ODbL 1.0), sur les valeurs par catégorie "
            "du jeu national. Autre méthode que le jeu national : à utiliser explicitement "
            "ou comme ligne de sensibilité (ecoparc factors compare)."
        ),
        builtin=True,
        references=pd.concat([base.references, model_refs], ignore_index=True),
        impacts=pd.concat([base.impacts, model_impacts], ignore_index=True),
        electricity=base.electricity,
        electricity_default_year=2022,
    )
    for factor_set in (national, manufacturers):
        folder = BUILTIN_SETS[factor_set.name]
        write_factor_set(factor_set, folder)
        check = load_factor_set(folder)
        print(f"{len(check.references)} references written to {folder}")


if __name__ == "__main__":
    main(sys.argv)
