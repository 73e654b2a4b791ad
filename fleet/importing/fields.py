"""The fields a spreadsheet column can be mapped to, with their type and label.

Most fields are columns of ``device`` (docs/architecture.md §3). A few are inputs that
the normaliser turns into device columns: ``entity`` and ``site`` become ids,
``user`` becomes a keyed pseudonym in ``user_key``, ``price_ttc`` is converted
to € HT, ``refurbished`` is a yes/no flag that sets ``acquisition``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from ..fields import HARDWARE_FIELDS

Kind = Literal["text", "int", "float", "date", "category", "status", "acquisition", "bool"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: str
    #: Longest text the database column holds (None: unlimited or not text).
    max_length: int | None = None


FIELDS: Final[dict[str, Field]] = {
    f.name: f
    for f in (
        Field("entity", "text", "Entité", 200),
        Field("name", "text", "Nom", 200),
        Field("asset_tag", "text", "Numéro d'inventaire", 100),
        Field("serial", "text", "Numéro de série", 100),
        Field("quantity", "int", "Quantité"),
        Field("category", "category", "Type / catégorie", 200),
        Field("manufacturer", "text", "Fabricant", 100),
        Field("model", "text", "Modèle", 200),
        Field("purchase_date", "date", "Date d'achat"),
        Field("commissioning_date", "date", "Date de mise en service"),
        Field("retirement_date", "date", "Date de retrait"),
        Field("acquisition", "acquisition", "Mode d'acquisition", 100),
        Field("refurbished", "bool", "Reconditionné (oui/non)"),
        Field("price_eur", "float", "Prix d'achat € HT"),
        Field("price_ttc", "float", "Prix d'achat € TTC (converti en HT)"),
        Field("status", "status", "Statut", 100),
        Field("condition", "text", "État", 40),
        Field("site", "text", "Site / lieu", 200),
        Field("department", "text", "Service / direction", 200),
        Field("user", "text", "Utilisateur (pseudonymisé)", 200),
        Field("cpu", "text", "Processeur", 200),
        Field("ram_gb", "float", "Mémoire vive (Go)"),
        Field("storage_gb", "float", "Stockage (Go)"),
        Field("storage_type", "text", "Type de stockage", 20),
        Field("screen_inches", "float", "Taille d'écran (pouces)"),
        Field("os", "text", "Système d'exploitation", 100),
        Field("tpm", "text", "TPM", 20),
        Field("annual_kwh", "float", "Consommation annuelle (kWh)"),
        Field("weight_kg", "float", "Poids (kg)"),
        Field("eco_label", "text", "Écolabel", 100),
        Field("first_life_years", "float", "Durée de première vie (ans)"),
        Field("classified", "bool", "Données sensibles (oui/non)"),
        Field("notes", "text", "Commentaires"),
    )
}

#: Fields stored as-is (after cleaning) in a ``device`` column of the same name.
DEVICE_TEXT_FIELDS: Final[tuple[str, ...]] = (
    "name",
    "asset_tag",
    "serial",
    "manufacturer",
    "model",
    "condition",
    "department",
    "cpu",
    "storage_type",
    "os",
    "tpm",
    "eco_label",
    "notes",
)

#: Device columns an import may set; the diff compares exactly these.
DEVICE_COLUMNS: Final[tuple[str, ...]] = (
    "name",
    "asset_tag",
    "serial",
    "quantity",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "commissioning_date",
    "retirement_date",
    "acquisition",
    "price_eur",
    "status",
    "condition",
    "site_id",
    "department",
    "user_key",
    *HARDWARE_FIELDS,
    "annual_kwh",
    "weight_kg",
    "eco_label",
    "first_life_years",
    "classified",
    "notes",
)

#: Standard French VAT rate, used to turn a TTC price into € HT.
VAT_RATE: Final[float] = 0.20
