"""The shared vocabulary of ecoparc.

Every package speaks these words: device categories, impact criteria, life-cycle
phases, and the device-lifecycle terms (acquisition kinds, statuses, disposal
channels). They live in ``factors`` because it is the one package that both
``fleet`` (the database) and ``footprint`` (the engine) may import.
"""

from __future__ import annotations

from typing import Final

#: Device categories, with their French and English labels.
CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "laptop": ("Ordinateur portable", "Laptop"),
    "desktop": ("Ordinateur fixe (unité centrale)", "Desktop"),
    "all_in_one": ("Ordinateur tout-en-un", "All-in-one"),
    "thin_client": ("Client léger", "Thin client"),
    "workstation": ("Station de travail", "Workstation"),
    "monitor": ("Écran", "Monitor"),
    "smartphone": ("Smartphone", "Smartphone"),
    "mobile_phone": ("Téléphone mobile simple", "Basic mobile phone"),
    "tablet": ("Tablette", "Tablet"),
    "printer": ("Imprimante", "Printer"),
    "mfp": ("Multifonction / copieur", "Multifunction printer"),
    "ip_phone": ("Téléphone IP", "IP phone"),
    "network_switch": ("Commutateur réseau", "Network switch"),
    "router": ("Routeur / box", "Router"),
    "wifi_ap": ("Borne wifi", "Wi-Fi access point"),
    "firewall": ("Pare-feu", "Firewall"),
    "server": ("Serveur", "Server"),
    "storage": ("Baie de stockage", "Storage array"),
    "projector": ("Vidéoprojecteur", "Projector"),
    "display": ("Écran d'affichage / TV", "Display / TV"),
    "docking_station": ("Station d'accueil", "Docking station"),
    "other": ("Autre", "Other"),
}

#: Impact criteria: unit, French label, English label.
CRITERIA: Final[dict[str, tuple[str, str, str]]] = {
    "gwp": ("kg CO2e", "Changement climatique", "Climate change"),
    "adpe": ("kg Sb eq", "Épuisement des ressources minérales", "Mineral resource depletion"),
    "pe": ("MJ", "Énergie primaire", "Primary energy"),
}

#: Life-cycle phases with their French and English labels; ``use`` comes from
#: electricity, not from a factor.
PHASE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "manufacturing": ("fabrication", "manufacturing"),
    "distribution": ("distribution", "distribution"),
    "end_of_life": ("fin de vie", "end of life"),
    "use": ("usage", "use"),
}

#: Embodied life-cycle phases (the ones a factor set carries).
PHASES: Final[tuple[str, ...]] = ("manufacturing", "distribution", "end_of_life")

#: How a device was acquired, with French and English labels.
ACQUISITION_LABELS: Final[dict[str, tuple[str, str]]] = {
    "new": ("neuf", "new"),
    "refurbished": ("reconditionné", "refurbished"),
    "leased": ("location", "leased"),
    "donated": ("don", "donated"),
}
ACQUISITIONS: Final[tuple[str, ...]] = tuple(ACQUISITION_LABELS)

#: Device statuses, in lifecycle order, with French and English labels.
STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "in_service": ("en service", "in service"),
    "in_stock": ("en stock", "in stock"),
    "broken": ("en panne", "broken"),
    "retired": ("retiré", "retired"),
    "reuse_pending": ("en attente de réemploi", "awaiting reuse"),
    "disposed": ("sorti du parc", "disposed"),
}
STATUSES: Final[tuple[str, ...]] = tuple(STATUS_LABELS)

#: Exit channels of a device (docs/architecture.md §3, ``disposal``), the routes of the
#: reuse channel, with the French and English words for each (hand-over slips, import
#: conflicts, the TUI).
DISPOSAL_CHANNEL_LABELS: Final[dict[str, tuple[str, str]]] = {
    "internal_redeploy": ("redéploiement interne", "internal redeployment"),
    "public_transfer": ("cession à un organisme public", "transfer to a public body"),
    "donation": ("don", "donation"),
    "sale": ("vente", "sale"),
    "weee_recycling": ("recyclage DEEE", "WEEE recycling"),
}
DISPOSAL_CHANNELS: Final[tuple[str, ...]] = tuple(DISPOSAL_CHANNEL_LABELS)

#: Routes the reuse rules propose (docs/regulation.md §7): an exit channel, or back to
#: the entity's spare pool for a working device younger than its lifespan (no exit).
ROUTE_LABELS: Final[dict[str, tuple[str, str]]] = {
    **DISPOSAL_CHANNEL_LABELS,
    "spare_pool": ("retour au stock de réserve", "back to the spare pool"),
}
ROUTES: Final[tuple[str, ...]] = tuple(ROUTE_LABELS)

#: Exit channels that count as reuse or preparation for reuse (décret 2023-266,
#: docs/regulation.md §3): every channel but WEEE recycling.
REUSE_CHANNELS: Final[tuple[str, ...]] = tuple(
    c for c in DISPOSAL_CHANNELS if c != "weee_recycling"
)

#: Kinds of entity (the métropole, its communes, their establishments), French and English.
ENTITY_KIND_LABELS: Final[dict[str, tuple[str, str]]] = {
    "metropole": ("métropole", "metropolis"),
    "epci": (
        "autre EPCI (communauté d'agglomération, de communes…)",
        "other EPCI (inter-municipal body)",
    ),
    "commune": ("commune", "municipality"),
    "ccas": ("CCAS / CIAS", "social welfare centre (CCAS)"),
    "syndicat": ("syndicat intercommunal", "inter-municipal syndicate"),
    "other": ("autre organisme public", "other public body"),
}

#: Kinds of reuse and recycling partners, French and English.
PARTNER_KIND_LABELS: Final[dict[str, tuple[str, str]]] = {
    "association": ("association", "association"),
    "esus": ("entreprise solidaire (ESUS)", "social enterprise (ESUS)"),
    "refurbisher": ("reconditionneur", "refurbisher"),
    "reseller": ("acheteur / revendeur", "buyer / reseller"),
    "public_body": ("organisme public", "public body"),
    "eco_organism": ("éco-organisme agréé", "approved eco-organism"),
    "internal": ("réemploi interne", "internal reuse"),
}

#: Statuses of an entity's equipment need: open, partly served, fully served, withdrawn.
NEED_STATUS_LABELS: Final[dict[str, tuple[str, str]]] = {
    "open": ("ouvert", "open"),
    "partially_fulfilled": ("en partie satisfait", "partly fulfilled"),
    "fulfilled": ("satisfait", "fulfilled"),
    "cancelled": ("annulé", "cancelled"),
}

#: Levels at which a device is matched to a factor reference, best first.
MATCH_LEVELS: Final[tuple[str, ...]] = ("model", "manufacturer+category", "category")

#: Categories whose use is multiplied by the PUE when installed in a server room.
SERVER_ROOM_CATEGORIES: Final[frozenset[str]] = frozenset(
    {"server", "storage", "network_switch", "router", "firewall"}
)

#: Footprint accounting methods (docs/architecture.md §4).
METHODS: Final[tuple[str, ...]] = ("annualized", "amortized", "flux")
