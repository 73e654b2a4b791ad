"""The IT lines of the BEGES réglementaire (method V5), from the engine's rows.

The engine runs with the ``amortized`` method (ADEME's recommended option for
capital goods); each device's climate impact is then split by poste:

- **2.1** electricity used by the devices (use phase), with the electricity
  factor and its source — building bills may already count it;
- **4.1** *achats de biens*: devices expensed rather than capitalised (unit
  price € HT below the capitalisation threshold), bought in the year: their
  whole manufacturing and transport impact;
- **4.2** *immobilisations*: owned devices capitalised (price at or above the
  threshold, or unknown): manufacturing and transport spread over the
  accounting period (the engine's amortized share);
- **4.3** *déchets*: end-of-life phase of the devices retired in the year that
  did not leave through a reuse channel;
- **4.4** *actifs en leasing amont*: leased devices, manufacturing and transport
  spread as for 4.2.

Every line is a sum of per-device numbers of the engine's result, so the lines
add up to the sum of the rows they come from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.locale import format_number, label
from factors.vocabulary import REUSE_CHANNELS

from ..engine import FootprintResult
from ..labels import METHOD_SHORT_LABELS

#: Unit price € HT under which a device is expensed (4.1) rather than capitalised (4.2).
DEFAULT_EXPENSE_THRESHOLD_EUR = 500.0
#: A device that left by a reuse channel (factors.vocabulary.REUSE_CHANNELS): its end
#: of life is not the organisation's waste.

POSTES: dict[str, tuple[str, str]] = {
    "2.1": (
        "Émissions indirectes liées à la consommation d'électricité",
        "Indirect emissions from electricity use",
    ),
    "4.1": (
        "Achats de biens (matériel informatique passé en charges)",
        "Purchased goods (IT equipment expensed)",
    ),
    "4.2": ("Immobilisations de biens (matériel informatique)", "Capital goods (IT equipment)"),
    "4.3": ("Gestion des déchets (DEEE)", "Waste (WEEE)"),
    "4.4": (
        "Actifs en leasing amont (matériel informatique loué)",
        "Upstream leased assets (leased IT equipment)",
    ),
}
LINE_COLUMNS: tuple[str, ...] = ("poste", "label", "devices", "kg_co2e", "t_co2e", "note")


@dataclass(frozen=True, eq=False)
class BegesReport:
    year: int
    lines: pd.DataFrame
    notes: list[str]
    result: FootprintResult
    expense_threshold_eur: float

    @property
    def total_t(self) -> float:
        return float(self.lines["t_co2e"].sum())


def _notes(
    result: FootprintResult, threshold: float, lang: str
) -> tuple[dict[str, str], list[str]]:
    fr = lang == "fr"
    e = result.electricity["gwp"]
    factor = f"{format_number(e.value, lang)} {e.unit} ({e.zone} {e.year} — {e.source})"
    default = f"{result.default_accounting_years:g}"
    periods = ", ".join(f"{k} {v:g}" for k, v in sorted(result.accounting_years.items()))
    period = (
        f"{default} ans par défaut" + (f" ({periods})" if periods else "")
        if fr
        else f"{default} years by default" + (f" ({periods})" if periods else "")
    )
    limit = format_number(threshold, lang)
    lines = {
        "2.1": (
            f"kWh annuels de chaque équipement (mesurés, sinon valeur de référence) × PUE en "
            f"salle serveur × facteur électrique {factor}. Attention au double compte avec les "
            f"factures d'électricité des bâtiments."
            if fr
            else f"Annual kWh of each device (measured, else the reference's) × PUE in a "
            f"server room × electricity factor {factor}. Mind double counting with the "
            f"buildings' electricity bills."
        ),
        "4.1": (
            f"Fabrication et transport, en totalité l'année d'achat, des équipements achetés "
            f"en {result.year} à moins de {limit} € HT l'unité (passés en charges)."
            if fr
            else f"Manufacturing and transport, in full in the purchase year, of devices "
            f"bought in {result.year} under €{limit} excl. VAT each (expensed)."
        ),
        "4.2": (
            f"Fabrication et transport des équipements possédés et immobilisés, répartis sur "
            f"la période d'amortissement ({period}), méthode recommandée par l'ADEME."
            if fr
            else f"Manufacturing and transport of owned, capitalised devices, spread over the "
            f"accounting period ({period}), ADEME's recommended method."
        ),
        "4.3": (
            f"Phase fin de vie des équipements retirés en {result.year} hors filières de "
            f"réemploi (redéploiement, cession, don, vente)."
            if fr
            else f"End-of-life phase of devices retired in {result.year} outside the reuse "
            f"channels (redeployment, transfer, donation, sale)."
        ),
        "4.4": (
            f"Fabrication et transport des équipements loués, répartis sur la période "
            f"d'amortissement ({period})."
            if fr
            else f"Manufacturing and transport of leased devices, spread over the accounting "
            f"period ({period})."
        ),
    }
    method = label(METHOD_SHORT_LABELS, result.method, lang)
    general = [
        (
            f"Bilan {result.year}, méthode BEGES V5, jeu de facteurs {result.factor_set} "
            f"v{result.factors.version}, méthode de calcul « {method} »."
            if fr
            else f"{result.year} assessment, BEGES V5 method, factor set {result.factor_set} "
            f"v{result.factors.version}, computation method '{method}'."
        ),
        (f"Facteur électrique : {factor}." if fr else f"Electricity factor: {factor}."),
        (
            f"Période comptable : année civile {result.year} ; amortissement {period}."
            if fr
            else f"Accounting period: calendar year {result.year}; amortization {period}."
        ),
        (
            "Services numériques et cloud (poste 4.5) non couverts par l'inventaire du parc."
            if fr
            else "Digital and cloud services (poste 4.5) are not covered by the fleet inventory."
        ),
    ]
    return lines, general


def beges_report(
    result: FootprintResult,
    frame: pd.DataFrame,
    disposals: pd.DataFrame | None = None,
    expense_threshold_eur: float = DEFAULT_EXPENSE_THRESHOLD_EUR,
    lang: str = "fr",
) -> BegesReport:
    """The BEGES lines of ``result`` (an ``amortized`` result computed on ``frame``).

    ``disposals`` (columns ``device_id``, ``channel``) tells which retired
    devices left through a reuse channel and so are not the organisation's waste.
    """
    if result.method != "amortized":
        raise ValueError(
            "le BEGES se calcule avec la méthode « amortized » (immobilisations amorties)"
        )
    devices = result.devices
    year = result.year
    qty = frame["quantity"].to_numpy(dtype=np.float64)
    price = frame["price_eur"].to_numpy(dtype=np.float64)
    leased = frame["acquisition"].astype("str").to_numpy() == "leased"
    expensed = ~leased & (price < expense_threshold_eur)  # NaN price compares False
    acquired = frame["purchase_date"].fillna(frame["commissioning_date"])
    bought = (acquired.dt.year == year).fillna(False).to_numpy(dtype=bool)
    retired = (frame["retirement_date"].dt.year == year).fillna(False).to_numpy(dtype=bool)
    reused = _reused(frame["device_id"], disposals)

    upstream = devices["gwp_manufacturing"].to_numpy() + devices["gwp_distribution"].to_numpy()
    share = devices["embodied_share"].to_numpy()
    masks_values: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "2.1": (devices["use_fraction"].to_numpy() > 0, devices["gwp_use"].to_numpy()),
        "4.1": (expensed & bought, upstream),
        "4.2": (~leased & ~expensed & (share > 0), upstream * share),
        "4.3": (retired & ~reused, devices["gwp_end_of_life"].to_numpy()),
        "4.4": (leased & (share > 0), upstream * share),
    }
    notes, general = _notes(result, expense_threshold_eur, lang)
    rows = []
    for poste, (mask, values) in masks_values.items():
        kg = float(np.where(mask, values, 0.0).sum())
        rows.append(
            {
                "poste": poste,
                "label": POSTES[poste][0 if lang == "fr" else 1],
                "devices": float(np.where(mask, qty, 0.0).sum()),
                "kg_co2e": kg,
                "t_co2e": kg / 1000,
                "note": notes[poste],
            }
        )
    return BegesReport(
        year=year,
        lines=pd.DataFrame(rows, columns=list(LINE_COLUMNS)),
        notes=general,
        result=result,
        expense_threshold_eur=expense_threshold_eur,
    )


def _reused(device_ids: pd.Series, disposals: pd.DataFrame | None) -> np.ndarray:
    if disposals is None or disposals.empty:
        return np.zeros(len(device_ids), dtype=bool)
    gone = disposals.loc[disposals["channel"].isin(REUSE_CHANNELS), "device_id"]
    return device_ids.isin(set(gone)).to_numpy(dtype=bool)
