"""How each source spells statuses, categories, acquisitions and manufacturers, and the
first and last names of made-up users.
"""

from __future__ import annotations

#: Canonical values → labels used by each source.
STATUS_LABELS = {
    "xlsx": {
        "in_service": "En service",
        "in_stock": "En stock",
        "broken": "En panne",
        "retired": "Réformé",
    },
    "glpi": {
        "in_service": "En service",
        "in_stock": "En stock",
        "broken": "HS",
        "retired": "Rebut",
    },
    "numecoeval": {
        "in_service": "In use",
        "in_stock": "In stock",
        "broken": "Broken",
        "retired": "Retired",
    },
}


ACQUISITION_LABELS = {
    "new": "Achat",
    "refurbished": "Achat reconditionné",
    "leased": "Location",
    "donated": "Don",
}


CONDITION_LABELS = {"bon": "Bon", "moyen": "Moyen", "hors service": "Hors service"}


#: Hand-typed "Type de matériel" values of the métropole's Excel file.
XLSX_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "laptop": ("PC portable", "Portable", "Ordinateur portable"),
    "desktop": ("UC", "PC fixe", "Unité centrale"),
    "all_in_one": ("Tout-en-un", "PC tout-en-un"),
    "thin_client": ("Client léger",),
    "workstation": ("Station de travail",),
    "monitor": ("Écran", "Ecran", "Moniteur"),
    "smartphone": ("Smartphone",),
    "mobile_phone": ("Téléphone mobile", "GSM"),
    "tablet": ("Tablette",),
    "printer": ("Imprimante",),
    "mfp": ("Copieur", "Multifonction", "Photocopieur"),
    "ip_phone": ("Téléphone IP", "Poste téléphonique IP"),
    "network_switch": ("Switch", "Commutateur"),
    "router": ("Routeur",),
    "wifi_ap": ("Borne wifi", "Borne WiFi", "Point d'accès wifi"),
    "firewall": ("Pare-feu", "Firewall"),
    "server": ("Serveur",),
    "storage": ("Baie de stockage",),
    "projector": ("Vidéoprojecteur", "Vidéo-projecteur"),
    "display": ("Écran d'affichage", "Affichage dynamique"),
    "docking_station": ("Station d'accueil", "Dock"),
    "other": ("Onduleur",),
}


#: GLPI asset types, and the export (GLPI menu) each category belongs to.
GLPI_TYPE_LABELS = {
    "laptop": "Portable",
    "desktop": "Fixe",
    "all_in_one": "Tout-en-un",
    "thin_client": "Client léger",
    "workstation": "Station de travail",
    "server": "Serveur",
    "monitor": "Moniteur",
    "smartphone": "Smartphone",
    "mobile_phone": "Téléphone mobile",
    "tablet": "Tablette",
    "ip_phone": "Téléphone IP",
    "printer": "Imprimante",
    "mfp": "Multifonction",
    "network_switch": "Switch",
    "router": "Routeur",
    "wifi_ap": "Borne Wifi",
    "firewall": "Pare-feu",
    "storage": "Baie de stockage",
    "docking_station": "Station d'accueil",
    "projector": "Vidéoprojecteur",
    "display": "Écran d'affichage",
    "other": "Onduleur",
}


GLPI_SECTIONS: tuple[tuple[str, ...], ...] = (
    ("laptop", "desktop", "all_in_one", "thin_client", "workstation", "server"),
    ("monitor",),
    ("smartphone", "mobile_phone", "tablet", "ip_phone"),
    ("printer", "mfp"),
    ("network_switch", "router", "wifi_ap", "firewall", "storage"),
    ("docking_station", "projector", "display", "other"),
)


NUMECOEVAL_TYPE_LABELS = {
    "laptop": "Laptop",
    "desktop": "Desktop",
    "all_in_one": "All-in-one",
    "thin_client": "Thin client",
    "workstation": "Workstation",
    "monitor": "Monitor",
    "smartphone": "Smartphone",
    "mobile_phone": "Mobile phone",
    "tablet": "Tablet",
    "printer": "Printer",
    "mfp": "Multifunction printer",
    "ip_phone": "IP phone",
    "network_switch": "Switch",
    "router": "Router",
    "wifi_ap": "Access point",
    "firewall": "Firewall",
    "server": "Server",
    "storage": "Storage",
    "projector": "Projector",
    "display": "Display",
    "docking_station": "Docking station",
    "other": "UPS",
}


#: How the métropole's sheet spells some manufacturers (canonical first).
MANUFACTURER_VARIANTS = {
    "Dell": ("Dell", "DELL", "DELL Inc.", "Dell Inc."),
    "HP": ("HP", "Hewlett-Packard", "HP Inc.", "hp"),
    "HPE": ("HPE", "Hewlett Packard Enterprise"),
    "Lenovo": ("Lenovo", "LENOVO"),
    "Apple": ("Apple", "APPLE"),
    "Samsung": ("Samsung", "SAMSUNG"),
    "Cisco": ("Cisco", "CISCO", "Cisco Systems"),
}


#: How GLPI's inventory agent reports manufacturers.
GLPI_MANUFACTURERS = {"Dell": "Dell Inc.", "Lenovo": "LENOVO", "HPE": "HPE", "Samsung": "SAMSUNG"}


FIRST_NAMES = (
    "Marie", "Jean", "Pierre", "Sophie", "Nathalie", "Isabelle", "Thomas", "Nicolas", "Julien",
    "Camille", "Léa", "Manon", "Hugo", "Lucas", "Sarah", "Karim", "Mohamed", "Fatima", "Yasmine",
    "Élodie", "Céline", "Sandrine", "Stéphane", "Laurent", "Christophe", "Frédéric", "Valérie",
    "Aurélie", "Mathieu", "Guillaume", "Émilie", "Julie", "Antoine", "Nadia", "Rachid", "Inès",
    "Chloé", "Paul", "Louise", "Théo",
)  # fmt: skip


LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin",
    "Henry", "Roussel", "Masson", "Marchand", "Duval", "Dumont", "Faure", "Rey", "Chabert",
    "Bonnet", "Jacquet", "Ravix", "Bouvier", "Achard", "Brunet",
)  # fmt: skip
