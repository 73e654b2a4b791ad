"""The NumEcoEval / G4IT equipment-type referential, and where ecoparc's categories sit in it.

NumEcoEval rejects a physical-equipment line whose ``type`` is not a name of its
referential (G4IT data-model workbook v3.1, ``refEquipmentType``), and a type
gives the default item the engine falls back to when ``modele`` matches nothing.
ecoparc's categories are finer than that list: several of them are written as
one type (an all-in-one is a ``Desktop``, a multifunction printer a ``Printer``).
The choices that are approximations are explained in docs/reports.md
(« Export NumEcoEval »). Both tables live here, beside the vocabulary, because
the export (``footprint``) writes them and the importer (``fleet``) reads them.
"""

from __future__ import annotations

from typing import Final

#: The referential's equipment types and their default lifespan in years
#: (refEquipmentType, G4IT data-model workbook v3.1; lifespans of the ADEME–Arcep
#: 2022 study).
EQUIPMENT_TYPES: Final[dict[str, float]] = {
    "Laptop": 5.0,
    "Desktop": 6.0,
    "Monitor": 6.0,
    "Tablet": 3.0,
    "Mobile phone": 2.5,
    "Smartphone": 2.0,
    "Communication device": 2.0,
    "Fixed phone": 8.0,
    "Printer": 5.0,
    "TV": 8.0,
    "Camera": 5.0,
    "Speaker": 5.0,
    "Docking station": 6.0,
    "Switch": 5.0,
    "Firewall": 5.0,
    "Wifi": 5.0,
    "Compute server": 5.0,
    "Storage server": 5.0,
    "Server": 7.0,
    "Bay": 10.0,
    "Cable": 25.0,
}

#: The type each ecoparc category is exported as (every category has one).
CATEGORY_TYPES: Final[dict[str, str]] = {
    "laptop": "Laptop",
    "desktop": "Desktop",
    "all_in_one": "Desktop",
    "thin_client": "Desktop",
    "workstation": "Desktop",
    "monitor": "Monitor",
    "smartphone": "Smartphone",
    "mobile_phone": "Mobile phone",
    "tablet": "Tablet",
    "printer": "Printer",
    "mfp": "Printer",
    "ip_phone": "Fixed phone",
    "network_switch": "Switch",
    "router": "Switch",
    "wifi_ap": "Wifi",
    "firewall": "Firewall",
    "server": "Server",
    "storage": "Storage server",
    "projector": "TV",
    "display": "TV",
    "docking_station": "Docking station",
    "other": "Docking station",
}

#: The category a type read from a NumEcoEval file gives (every type has one). Where
#: several categories share the type, the plainest of them: the importer refines it
#: from the model when the model names one of the others (``Desktop`` with
#: « EliteOne 800 » is an all-in-one).
TYPE_CATEGORIES: Final[dict[str, str]] = {
    "Laptop": "laptop",
    "Desktop": "desktop",
    "Monitor": "monitor",
    "Tablet": "tablet",
    "Mobile phone": "mobile_phone",
    "Smartphone": "smartphone",
    "Communication device": "smartphone",
    "Fixed phone": "ip_phone",
    "Printer": "printer",
    "TV": "display",
    "Camera": "other",
    "Speaker": "other",
    "Docking station": "docking_station",
    "Switch": "network_switch",
    "Firewall": "firewall",
    "Wifi": "wifi_ap",
    "Compute server": "server",
    "Storage server": "storage",
    "Server": "server",
    "Bay": "storage",
    "Cable": "other",
}
