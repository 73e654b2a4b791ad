"""The device models of French public fleets (``data/catalogue.csv``), the category mix
of a fleet, and the per-model arrays the fleet draw indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES

from .base import FIRST_YEAR, REFERENCE_DATE
from .entities import ENTITIES
from .labels import ACQUISITION_LABELS


@dataclass(frozen=True)
class Model:
    """A device model as found in French public fleets, with ballpark figures.

    ``price_eur`` is a typical public-procurement price (€ HT, new);
    ``annual_kwh`` a typical yearly consumption; ``os`` a fixed OS for devices
    whose OS follows the model (phones, thin clients…).
    """

    category: str
    manufacturer: str
    model: str
    first_year: int
    last_year: int
    price_eur: float
    weight_kg: float
    annual_kwh: float
    cpus: tuple[str, ...] = ()
    os: str = ""


#: ``data/catalogue.csv``: one model a row — category; manufacturer; model; years sold
#: (``2016-2017``); typical price € HT; kg; kWh/yr; processors, comma-separated
#: (``i5-…``/``Ultra …`` are Intel Core, ``Xeon``/``Pentium`` Intel); fixed OS.
CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "catalogue.csv"


def _cpu_name(short: str) -> str:
    if short.startswith(("i3-", "i5-", "i7-", "Ultra ")):
        return "Intel Core " + short
    if short.startswith(("Xeon ", "Pentium ")):
        return "Intel " + short
    return short


def _catalogue() -> tuple[Model, ...]:
    models = []
    rows = CATALOGUE_CSV.read_text(encoding="utf-8").strip().splitlines()[1:]  # header first
    for line in rows:
        cat, manu, model, years, price, kg, kwh, cpus, os_name = line.split(";")
        first, _, last = years.partition("-")
        models.append(
            Model(
                cat,
                manu,
                model,
                int(first),
                int(last or first),
                float(price),
                float(kg),
                float(kwh),
                tuple(_cpu_name(c) for c in cpus.split(",") if c),
                os_name,
            )
        )
    return tuple(models)


CATALOGUE: tuple[Model, ...] = _catalogue()


#: Share of each category in a fleet (units), from a typical collectivité inventory.
CATEGORY_SHARES: dict[str, float] = {
    "laptop": 22.0,
    "desktop": 14.0,
    "all_in_one": 2.0,
    "thin_client": 1.5,
    "workstation": 0.8,
    "monitor": 24.0,
    "smartphone": 9.0,
    "mobile_phone": 1.5,
    "tablet": 3.0,
    "printer": 2.5,
    "mfp": 2.0,
    "ip_phone": 10.0,
    "network_switch": 2.0,
    "router": 0.3,
    "wifi_ap": 2.5,
    "firewall": 0.2,
    "server": 0.8,
    "storage": 0.15,
    "projector": 0.6,
    "display": 0.5,
    "docking_station": 4.0,
    "other": 0.3,
}


CATEGORY_CODES: tuple[str, ...] = tuple(CATEGORY_SHARES)


COMPUTERS = frozenset({"laptop", "desktop", "all_in_one", "workstation"})


PERSONAL = frozenset(
    {"laptop", "desktop", "all_in_one", "workstation", "smartphone", "mobile_phone", "tablet"}
)


#: Categories that come as lots (NumEcoEval "12 × Dell P2422H").
LOT_CATEGORIES = frozenset(
    {"monitor", "ip_phone", "docking_station", "mobile_phone", "smartphone", "tablet", "wifi_ap"}
)


NAME_CODES = {
    "laptop": "PORT",
    "desktop": "PC",
    "all_in_one": "AIO",
    "thin_client": "TC",
    "workstation": "STA",
    "monitor": "ECR",
    "smartphone": "TEL",
    "mobile_phone": "GSM",
    "tablet": "TAB",
    "printer": "IMP",
    "mfp": "COP",
    "ip_phone": "TIP",
    "network_switch": "SW",
    "router": "RT",
    "wifi_ap": "WIFI",
    "firewall": "FW",
    "server": "SRV",
    "storage": "BAIE",
    "projector": "VP",
    "display": "AFF",
    "docking_station": "DOCK",
    "other": "OND",
}


#: Purchase-year weights, oldest first (older devices have partly left the inventory).
YEAR_WEIGHTS = np.array([0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1, 1, 1, 1, 1, 0.9])


#: Serial formats per manufacturer: prefixes and the length of the random part.
SERIAL_FORMATS: dict[str, tuple[tuple[str, ...], int]] = {
    "Dell": (("",), 7),
    "HP": (("5CG", "5CD", "CZC", "CNU", "VNB"), 7),
    "HPE": (("CZJ", "MXQ"), 7),
    "Lenovo": (("PF", "MJ"), 6),
    "Apple": (("F", "G", "D"), 11),
    "Samsung": (("R58", "R52"), 8),
    "Cisco": (("FOC", "FCW", "FJC"), 8),
    "Aruba": (("CNK", "SG"), 7),
    "Fortinet": (("FG1K0F", "FGT60F"), 10),
    "Xerox": (("XRX",), 7),
    "Canon": (("QKZ", "XLJ"), 5),
}


def _check_catalogue() -> None:
    """Fail at import if the catalogue leaves a (category, year) without any model."""
    unknown = {m.category for m in CATALOGUE} - set(CATEGORIES)
    if unknown or set(CATEGORY_CODES) != set(CATEGORIES):
        raise ValueError(f"catalogue categories differ from the vocabulary: {unknown}")
    for cat in CATEGORY_CODES:
        years = {
            y for m in CATALOGUE if m.category == cat for y in range(m.first_year, m.last_year + 1)
        }
        missing = set(range(FIRST_YEAR, REFERENCE_DATE.year + 1)) - years
        if missing:
            raise ValueError(f"no {cat} model for years {sorted(missing)}")
    if not {"in_service", "in_stock", "broken", "retired"} <= set(STATUSES):
        raise ValueError("statuses missing from the vocabulary")
    if not set(ACQUISITION_LABELS) <= set(ACQUISITIONS):
        raise ValueError("acquisitions missing from the vocabulary")


_check_catalogue()


# Catalogue as arrays of integer codes, for vectorised lookups by model index.
CAT_INDEX = {c: i for i, c in enumerate(CATEGORY_CODES)}


MANUFACTURERS: tuple[str, ...] = tuple(sorted({m.manufacturer for m in CATALOGUE}))


MODEL_NAMES: tuple[str, ...] = tuple(m.model for m in CATALOGUE)


MODEL_CATEGORY = np.array([CAT_INDEX[m.category] for m in CATALOGUE])


MODEL_MANUFACTURER = np.array([MANUFACTURERS.index(m.manufacturer) for m in CATALOGUE])


MODEL_PRICE = np.array([m.price_eur for m in CATALOGUE])


MODEL_KG = np.array([m.weight_kg for m in CATALOGUE])


MODEL_KWH = np.array([m.annual_kwh for m in CATALOGUE])


KWH_BY_MODEL = {(m.manufacturer, m.model): m.annual_kwh for m in CATALOGUE}


CPU_LABELS: tuple[str | None, ...] = (None, *sorted({c for m in CATALOGUE for c in m.cpus}))


MODEL_CPU = np.array(
    [
        [CPU_LABELS.index(m.cpus[i % len(m.cpus)]) if m.cpus else 0 for i in range(3)]
        for m in CATALOGUE
    ]
)


SERVER_CORES = {
    "Intel Xeon E5-2620 v2": 6,
    "Intel Xeon E5-2620 v3": 6,
    "Intel Xeon E5-2630 v3": 8,
    "Intel Xeon E5-2630 v4": 10,
    "Intel Xeon Silver 4114": 10,
    "Intel Xeon Silver 4210": 10,
    "Intel Xeon Silver 4214": 12,
    "Intel Xeon Silver 4214R": 12,
    "Intel Xeon Gold 5218": 16,
    "Intel Xeon Gold 6226R": 16,
    "Intel Xeon Silver 4314": 16,
    "Intel Xeon Gold 5318Y": 24,
    "Intel Xeon Silver 4410Y": 12,
    "Intel Xeon Gold 5416S": 16,
}


def windows11_capable(cpu: str) -> bool:
    """Whether Microsoft lists the processor for Windows 11 (Intel 8th gen+, Ryzen 2000+).

    Intel names encode the generation: i5-4310U → 4, i5-8365U → 8, i5-10310U → 10,
    i5-1145G7 → 11 (four digits starting with 1 are the 11th–13th gen mobile parts).
    """
    if "Core Ultra" in cpu or "Ryzen 5 PRO" in cpu:
        return True
    found = re.search(r"Core i[3579]-(\d{4,5})", cpu)
    if not found:
        return False
    digits = found.group(1)
    gen = int(digits[:2]) if len(digits) == 5 or digits[0] == "1" else int(digits[0])
    return gen >= 8


MODEL_WIN11 = np.array([[windows11_capable(CPU_LABELS[c] or "") for c in row] for row in MODEL_CPU])


SERVER_OS = (
    "Windows Server 2016", "VMware ESXi 6.7", "Debian 11",
    "Windows Server 2019", "VMware ESXi 7.0", "Debian 12",
    "Windows Server 2022", "VMware ESXi 8.0", "Red Hat Enterprise Linux 9",
)  # fmt: skip


PC_OS = ("Windows 11 Pro", "Windows 10 Pro", "Windows 7 Professionnel", "Ubuntu 24.04 LTS")


OS_LABELS: tuple[str | None, ...] = (
    None,
    *PC_OS,
    *SERVER_OS,
    *sorted({m.os for m in CATALOGUE if m.os}),
)


MODEL_OS = np.array([OS_LABELS.index(m.os) if m.os else 0 for m in CATALOGUE])


STATUS_CODES = ("in_service", "in_stock", "broken", "retired")


CONDITIONS = ("bon", "moyen", "hors service")


STORAGE_TYPES = (None, "HDD", "SSD", "Flash")


TPM = (None, "2.0", "1.2")


SITE_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys(s for e in ENTITIES for s in (*(name for name, _ in e.sites), e.server_room))
)


DEPT_LABELS: tuple[str, ...] = tuple(dict.fromkeys(d for e in ENTITIES for d in e.departments))
