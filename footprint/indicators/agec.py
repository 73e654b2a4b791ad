"""AGEC art. 58: what share of a year's IT purchases (€ HT) comes from reuse.

The declaration on data.gouv.fr (schema
``schema-declaration-biens-reemploi-reutilisation-recycle``) has one row per
year, buyer (SIRET) and product category. ecoparc builds it from the purchase
prices and acquisition kinds of the devices bought in the year:

- devices are declared under the category of the arrêté du 29 février 2024
  (NOR TRED2403741A) their ecoparc category belongs to (:data:`PRODUCT_TYPES`);
  network gear, storage arrays, docking stations and "other" are in none of
  the categories and are not declared;
- ``price_eur`` is the unit price € HT (a lot of 12 counts 12 × the price);
- ``montant_total``: every device bought in the year with a price, plus the
  donations received, valued at their price or, without one, at the flat value
  of :data:`DONATION_FLAT_VALUES`;
- ``montant_reemploi_et_reutilisation``: refurbished purchases;
- ``montant_produits_issus_don``: donations received;
- ``montant_produits_recycles``: 0 — the recycled content of new devices is not
  recorded by ecoparc (said in ``commentaires``);
- devices bought without a price are left out and counted in ``commentaires``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..columns import floats, present
from ..report_safety import neutralise_text

IT_AND_TELEPHONY = "Matériel informatique et téléphonie"
PRINTING = "Matériel de reprographie et d'impression"

#: ecoparc category → AGEC product category (arrêté du 29 février 2024, NOR TRED2403741A:
#: phones, terminals, servers, screens, desktops and laptops, tablets, video projectors;
#: printers and multifunction copiers in their own category).
PRODUCT_TYPES: dict[str, str] = {
    "laptop": IT_AND_TELEPHONY,
    "desktop": IT_AND_TELEPHONY,
    "all_in_one": IT_AND_TELEPHONY,
    "thin_client": IT_AND_TELEPHONY,
    "workstation": IT_AND_TELEPHONY,
    "monitor": IT_AND_TELEPHONY,
    "display": IT_AND_TELEPHONY,
    "smartphone": IT_AND_TELEPHONY,
    "mobile_phone": IT_AND_TELEPHONY,
    "ip_phone": IT_AND_TELEPHONY,
    "tablet": IT_AND_TELEPHONY,
    "server": IT_AND_TELEPHONY,
    "projector": IT_AND_TELEPHONY,
    "printer": PRINTING,
    "mfp": PRINTING,
}

#: Categories of « Matériel informatique et téléphonie », the share the 20/25/30 %
#: target applies to: the same list for the declaration and the scenarios.
AGEC_IT_CATEGORIES: frozenset[str] = frozenset(
    category for category, kind in PRODUCT_TYPES.items() if kind == IT_AND_TELEPHONY
)

#: Columns of the data.gouv.fr declaration, in the schema's order.
DECLARATION_COLUMNS: tuple[str, ...] = (
    "annee",
    "siret",
    "raison_sociale",
    "type_produit_acquis",
    "montant_total",
    "montant_reemploi_et_reutilisation",
    "montant_produits_issus_don",
    "montant_produits_recycles",
    "commentaires",
)

_ARRETE_DONS = "arrêté du 29 février 2024 (NOR TRED2403742A), grille de valeur forfaitaire des dons"
_PROXY = (
    "hypothèse ecoparc : prix solidaire maximal du décret 2022-1413, "
    "faute de ligne de la grille de l'arrêté du 29 février 2024 reprise ici"
)


@dataclass(frozen=True)
class DonationValue:
    """Flat value (€) of a donated device of ``category`` younger than ``under_years``
    (None: any age); the first matching row of :data:`DONATION_FLAT_VALUES` wins."""

    category: str
    under_years: float | None
    value_eur: float
    source: str


#: Flat values of donations received without a price. The age is the first life
#: (``first_life_years``) recorded on the device; an unknown age does not qualify
#: for an age-limited row.
DONATION_FLAT_VALUES: tuple[DonationValue, ...] = (
    DonationValue("laptop", 5.0, 200.0, _ARRETE_DONS + " : ordinateur portable de moins de 5 ans"),
    DonationValue("laptop", None, 180.0, _PROXY),
    DonationValue("desktop", None, 150.0, _PROXY),
    DonationValue("all_in_one", None, 150.0, _PROXY),
    DonationValue("tablet", None, 100.0, _PROXY),
    DonationValue("smartphone", None, 100.0, _PROXY),
    DonationValue("monitor", None, 30.0, _PROXY),
    DonationValue("printer", None, 30.0, _PROXY),
    DonationValue("mfp", None, 170.0, _PROXY),
)


def donation_flat_values(
    frame: pd.DataFrame, table: Sequence[DonationValue] = DONATION_FLAT_VALUES
) -> np.ndarray:
    """The flat unit value of each row as a donation (NaN where no row of ``table`` applies)."""
    category = frame["category"].astype("str").to_numpy()
    age = floats(frame, "first_life_years")
    value = np.full(len(frame), np.nan)
    for row in reversed(table):  # earlier rows override later ones
        applies = category == row.category
        if row.under_years is not None:
            applies &= ~np.isnan(age) & (age < row.under_years)
        value = np.where(applies, row.value_eur, value)
    return value


def agec_amounts(
    frame: pd.DataFrame,
    year: int,
    table: Sequence[DonationValue] = DONATION_FLAT_VALUES,
) -> pd.DataFrame:
    """Spend of ``year`` per entity and AGEC product category.

    One row per (entity, type_produit_acquis) with ``montant_total``,
    ``montant_reemploi_et_reutilisation``, ``montant_produits_issus_don``,
    ``montant_produits_recycles``, the units bought (``units``), the units
    left out for lack of a price (``units_without_price``) and the donated
    units valued at a flat rate (``units_flat_rate``).
    """
    purchase = frame["purchase_date"]
    bought = (purchase.dt.year == year).fillna(False).to_numpy(dtype=bool)
    product = frame["category"].astype("str").map(PRODUCT_TYPES)
    used = ("quantity", "price_eur", "acquisition", "entity", "category", "first_life_years")
    rows = frame.loc[bought & product.notna().to_numpy(), present(frame, used)]
    product = product[rows.index]
    qty = rows["quantity"].to_numpy(dtype=np.float64)
    price = rows["price_eur"].to_numpy(dtype=np.float64)
    acquisition = rows["acquisition"].astype("str").to_numpy()
    donated = acquisition == "donated"
    flat = donation_flat_values(rows, table)
    use_flat = donated & np.isnan(price) & ~np.isnan(flat)
    unit_value = np.where(use_flat, flat, price)
    amount = np.nan_to_num(unit_value * qty, nan=0.0)
    priced = ~np.isnan(unit_value)
    parts = pd.DataFrame(
        {
            "entity": rows["entity"].astype("str").to_numpy(),
            "type_produit_acquis": product.to_numpy(),
            "montant_total": amount,
            "montant_reemploi_et_reutilisation": np.where(
                acquisition == "refurbished", amount, 0.0
            ),
            "montant_produits_issus_don": np.where(donated, amount, 0.0),
            "montant_produits_recycles": 0.0,
            "units": qty,
            "units_without_price": np.where(priced, 0.0, qty),
            "units_flat_rate": np.where(use_flat, qty, 0.0),
        }
    )
    return parts.groupby(["entity", "type_produit_acquis"], sort=True, as_index=False).sum()


def agec_it_spend(frame: pd.DataFrame, year: int) -> tuple[float, float]:
    """€ HT of ``year``'s « matériel informatique et téléphonie » purchases that come
    from reuse (refurbished purchases and donations, valued as the declaration
    values them), and of all of them: the share the 20/25/30 % target applies to
    (the dashboard tile, the purchase comparison)."""
    amounts = agec_amounts(frame, year)
    it = amounts.loc[amounts["type_produit_acquis"] == IT_AND_TELEPHONY]
    reused = it["montant_reemploi_et_reutilisation"].sum() + it["montant_produits_issus_don"].sum()
    return float(reused), float(it["montant_total"].sum())


def _comment(row: pd.Series, lang: str) -> str:
    fr = lang == "fr"
    parts = []
    if row["units_without_price"]:
        n = int(row["units_without_price"])
        parts.append(
            f"{n} équipement(s) acquis sans prix d'achat non compté(s)"
            if fr
            else f"{n} device(s) bought without a price left out"
        )
    if row["units_flat_rate"]:
        n = int(row["units_flat_rate"])
        parts.append(
            f"{n} don(s) valorisé(s) au forfait (arrêté du 29 février 2024)"
            if fr
            else f"{n} donation(s) at the flat value (arrêté of 29 February 2024)"
        )
    parts.append("matières recyclées non suivies (0)" if fr else "recycled content not tracked (0)")
    return "ecoparc : " + " ; ".join(parts)


def agec_declaration(
    amounts: pd.DataFrame, entities: pd.DataFrame, year: int, lang: str = "fr"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The declaration rows, and the entities left out for want of a valid SIRET.

    ``entities`` has columns ``entity``, ``siret`` and ``siret_valid`` (the
    check is the fleet's). Returns (rows in :data:`DECLARATION_COLUMNS`, every
    entity of ``entities`` without a valid SIRET with what it spent in the year).
    """
    info = entities.set_index("entity")[["siret", "siret_valid"]]
    merged = amounts.join(info, on="entity")
    valid = merged["siret_valid"].fillna(False).astype(bool)
    kept = merged.loc[valid]
    rows = pd.DataFrame(
        {
            "annee": np.full(len(kept), year, dtype=np.int64),
            "siret": kept["siret"].astype("str").to_numpy(),
            "raison_sociale": [neutralise_text(n) for n in kept["entity"]],
            "type_produit_acquis": kept["type_produit_acquis"].to_numpy(),
            "montant_total": kept["montant_total"].round(2).to_numpy(),
            "montant_reemploi_et_reutilisation": kept["montant_reemploi_et_reutilisation"]
            .round(2)
            .to_numpy(),
            "montant_produits_issus_don": kept["montant_produits_issus_don"].round(2).to_numpy(),
            "montant_produits_recycles": kept["montant_produits_recycles"].round(2).to_numpy(),
            "commentaires": [neutralise_text(_comment(r, lang)) for _, r in kept.iterrows()],
        },
        columns=list(DECLARATION_COLUMNS),
    )
    spent = amounts.groupby("entity")["montant_total"].sum()
    invalid = entities.loc[~entities["siret_valid"].fillna(False).astype(bool)]
    skipped = pd.DataFrame(
        {
            "entity": invalid["entity"].to_numpy(),
            "siret": invalid["siret"].to_numpy(),
            "montant_total": invalid["entity"].map(spent).fillna(0.0).to_numpy(),
        }
    )
    return rows, skipped
