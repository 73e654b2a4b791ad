"""Default unit prices (€ HT) of a new and of a refurbished device, per category.

Used only when the fleet does not give its own prices (the median of its recent
purchases, see :mod:`footprint.scenarios.defaults`) and the scenario does not set
them. These are **orders of magnitude chosen by ecoparc**, not a published price
list: there is no public reference of what a French local authority pays. They
were set as follows, and every output that uses them says so:

- new: a mid-range professional configuration as found in public-procurement
  catalogues and framework agreements in 2024 (a 14" business laptop with
  16 GB RAM, a small-form-factor desktop without screen, a 24" monitor…);
- refurbished: a grade A professional device from a refurbisher, which the
  refurbishers' own catalogues price around half of the new equivalent for PCs
  and screens, and 55–65 % for smartphones and tablets (sold younger);
- categories rarely sold refurbished (storage arrays, firewalls…) get 60 % of
  the new price, a conservative guess.

Every scenario can override any price per category (``[prices.new]`` and
``[prices.refurbished]`` in the TOML file) — which is what a buyer with a real
market should do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Where the default prices come from, written on outputs that use them.
PRICE_TABLE_SOURCE: Final = (
    "table de prix par défaut d'ecoparc (ordres de grandeur 2024, € HT, hypothèses documentées "
    "dans footprint/scenarios/prices.py)"
)


@dataclass(frozen=True)
class CategoryPrice:
    """Unit prices € HT of one category and the reasoning behind them."""

    new: float
    refurbished: float
    note: str


#: category → unit prices € HT (new, refurbished).
PRICE_TABLE: Final[dict[str, CategoryPrice]] = {
    "laptop": CategoryPrice(900.0, 450.0, 'portable pro 14", 16 Go ; reconditionné grade A'),
    "desktop": CategoryPrice(700.0, 330.0, "unité centrale compacte sans écran"),
    "all_in_one": CategoryPrice(1000.0, 500.0, 'tout-en-un 24"'),
    "thin_client": CategoryPrice(400.0, 180.0, "client léger"),
    "workstation": CategoryPrice(2000.0, 1000.0, "station de travail graphique"),
    "monitor": CategoryPrice(180.0, 90.0, 'écran 24"'),
    "smartphone": CategoryPrice(350.0, 220.0, "smartphone milieu de gamme"),
    "mobile_phone": CategoryPrice(60.0, 35.0, "téléphone simple"),
    "tablet": CategoryPrice(450.0, 270.0, 'tablette 10"'),
    "printer": CategoryPrice(300.0, 170.0, "imprimante laser individuelle"),
    "mfp": CategoryPrice(3000.0, 1500.0, "multifonction de service A3"),
    "ip_phone": CategoryPrice(120.0, 60.0, "poste téléphonique IP"),
    "network_switch": CategoryPrice(1500.0, 800.0, "commutateur 48 ports"),
    "router": CategoryPrice(800.0, 480.0, "routeur de site"),
    "wifi_ap": CategoryPrice(400.0, 220.0, "borne wifi professionnelle"),
    "firewall": CategoryPrice(2500.0, 1500.0, "pare-feu de site"),
    "server": CategoryPrice(6000.0, 3000.0, "serveur 2 processeurs"),
    "storage": CategoryPrice(15000.0, 9000.0, "baie de stockage"),
    "projector": CategoryPrice(700.0, 350.0, "vidéoprojecteur de salle"),
    "display": CategoryPrice(900.0, 450.0, "écran d'affichage 55\""),
    "docking_station": CategoryPrice(180.0, 80.0, "station d'accueil USB-C"),
    "other": CategoryPrice(200.0, 100.0, "équipement divers"),
}


def table_price(category: str, refurbished: bool) -> float:
    """The default unit price € HT of ``category`` (``other`` for an unknown one)."""
    price = PRICE_TABLE.get(category, PRICE_TABLE["other"])
    return price.refurbished if refurbished else price.new
