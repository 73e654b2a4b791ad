"""A validator of NumEcoEval / G4IT input files, written from the specification (the
physical-equipment, entity and data-centre files) and the checks G4IT's loader makes:
mandatory fields, positive integer quantities, ISO dates, purchase before withdrawal,
unique equipment names, types of the referential.

It is deliberately independent of ``footprint.reports.numecoeval``: the headers
and the type list are copied from the specification, not imported from the code
under test. (A module of its own rather than conftest: several conftest modules
share one name.)
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

#: Physical-equipment headers, in the specification's order; True: a value is mandatory.
EQUIPMENT_HEADERS: dict[str, bool] = {
    "nomEquipementPhysique": True,
    "modele": False,
    "quantite": True,
    "nomCourtDatacenter": False,
    "dateAchat": False,
    "dateRetrait": False,
    "dureeUsageInterne": False,
    "dureeUsageAmont": False,
    "dureeUsageAval": False,
    "type": True,
    "statut": False,
    "paysDUtilisation": True,
    "consoElecAnnuelle": False,
    "utilisateur": False,
    "nomSourceDonnee": False,
    "nomEntite": False,
    "nbCoeur": False,
    "modeUtilisation": False,
    "tauxUtilisation": False,
    "qualite": False,
}
#: Headers whose column may be left out of the file (in parentheses in the specification).
OPTIONAL_HEADERS = frozenset(
    {
        "dateAchat",
        "dateRetrait",
        "dureeUsageInterne",
        "dureeUsageAmont",
        "dureeUsageAval",
        "nomSourceDonnee",
        "nomEntite",
        "modeUtilisation",
        "tauxUtilisation",
        "qualite",
    }
)
ENTITY_HEADERS = (
    "nomEntite",
    "nbCollaborateurs",
    "responsableEntite",
    "responsableNumeriqueResponsable",
)
DATACENTER_HEADERS = ("nomCourtDatacenter", "nomLongDatacenter", "pue", "localisation", "nomEntite")
#: The referential's equipment types (refEquipmentType, G4IT data-model workbook v3.1).
REFERENTIAL_TYPES = frozenset(
    {
        "Laptop",
        "Desktop",
        "Monitor",
        "Tablet",
        "Mobile phone",
        "Smartphone",
        "Communication device",
        "Fixed phone",
        "Printer",
        "TV",
        "Camera",
        "Speaker",
        "Docking station",
        "Switch",
        "Firewall",
        "Wifi",
        "Compute server",
        "Storage server",
        "Server",
        "Bay",
        "Cable",
    }
)
QUALITIES = frozenset({"BASSE", "MOYENNE", "HAUTE"})
MAX_TEXT = 255

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_POSITIVE_INTEGER = re.compile(r"[1-9]\d*")
_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+(\.\d+)?")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a ``;`` file in UTF-8 (with or without BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader, [])
        rows = [dict(zip(header, line, strict=True)) for line in reader]
    return header, rows


def _date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def validate_equipment(path: Path, entities: set[str], rooms: set[str]) -> list[str]:
    """Every breach of the specification in a physical-equipment file, one line each."""
    header, rows = _read(path)
    errors: list[str] = []
    required = [h for h in EQUIPMENT_HEADERS if h not in OPTIONAL_HEADERS]
    errors += [f"{path.name}: en-tête manquant {h}" for h in required if h not in header]
    errors += [f"{path.name}: en-tête inconnu {h}" for h in header if h not in EQUIPMENT_HEADERS]
    order = [h for h in EQUIPMENT_HEADERS if h in header]
    if order != header:
        errors.append(f"{path.name}: en-têtes hors de l'ordre de la spécification")
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        where = f"{path.name}:{number}"
        for name, mandatory in EQUIPMENT_HEADERS.items():
            value = row.get(name, "")
            if mandatory and not value.strip():
                errors.append(f"{where}: {name} obligatoire")
            if len(value) > MAX_TEXT:
                errors.append(f"{where}: {name} dépasse {MAX_TEXT} caractères")
        name = row.get("nomEquipementPhysique", "")
        if name in seen:
            errors.append(f"{where}: nomEquipementPhysique en double « {name} »")
        seen.add(name)
        if not _POSITIVE_INTEGER.fullmatch(row.get("quantite", "")):
            errors.append(f"{where}: quantite n'est pas un entier positif")
        if row.get("type", "") not in REFERENTIAL_TYPES:
            errors.append(f"{where}: type « {row.get('type')} » hors du référentiel")
        for column in ("dateAchat", "dateRetrait"):
            text = row.get(column, "")
            if text and _date(text) is None:
                errors.append(f"{where}: {column} n'est pas une date AAAA-MM-JJ « {text} »")
        bought, sold = _date(row.get("dateAchat", "")), _date(row.get("dateRetrait", ""))
        if bought and sold and bought > sold:
            errors.append(f"{where}: dateAchat postérieure à dateRetrait")
        for column in (
            "dureeUsageInterne",
            "dureeUsageAmont",
            "dureeUsageAval",
            "consoElecAnnuelle",
        ):
            text = row.get(column, "")
            if text and not _DECIMAL.fullmatch(text):
                errors.append(f"{where}: {column} n'est pas un nombre positif « {text} »")
        if row.get("nbCoeur") and not _INTEGER.fullmatch(row["nbCoeur"]):
            errors.append(f"{where}: nbCoeur n'est pas un entier")
        rate = row.get("tauxUtilisation", "")
        if rate and not (_DECIMAL.fullmatch(rate) and float(rate) <= 1):
            errors.append(f"{where}: tauxUtilisation hors de [0, 1]")
        if row.get("qualite") and row["qualite"] not in QUALITIES:
            errors.append(f"{where}: qualite « {row['qualite']} » inconnue")
        if row.get("nomEntite") and row["nomEntite"] not in entities:
            errors.append(f"{where}: nomEntite « {row['nomEntite']} » absente de entite.csv")
        if row.get("nomCourtDatacenter") and row["nomCourtDatacenter"] not in rooms:
            errors.append(f"{where}: datacenter « {row['nomCourtDatacenter']} » inconnu")
    return errors


def validate_entities(path: Path) -> tuple[list[str], set[str]]:
    """(breaches, entity names) of an ``entite.csv``."""
    header, rows = _read(path)
    errors = [] if tuple(header) == ENTITY_HEADERS else [f"{path.name}: en-têtes {header}"]
    names = set()
    for number, row in enumerate(rows, start=2):
        name = row.get("nomEntite", "")
        if not name or name in names:
            errors.append(f"{path.name}:{number}: nomEntite vide ou en double")
        names.add(name)
        agents = row.get("nbCollaborateurs", "")
        if agents and not _INTEGER.fullmatch(agents):
            errors.append(f"{path.name}:{number}: nbCollaborateurs n'est pas un entier")
    return errors, names


def validate_datacenters(path: Path) -> tuple[list[str], set[str]]:
    """(breaches, short names) of a ``datacenter.csv``."""
    header, rows = _read(path)
    errors = [] if tuple(header) == DATACENTER_HEADERS else [f"{path.name}: en-têtes {header}"]
    names = set()
    for number, row in enumerate(rows, start=2):
        if not row.get("nomCourtDatacenter") or not row.get("localisation"):
            errors.append(f"{path.name}:{number}: nomCourtDatacenter et localisation obligatoires")
        pue = row.get("pue", "")
        if pue and not (_DECIMAL.fullmatch(pue) and float(pue) >= 1):
            errors.append(f"{path.name}:{number}: pue n'est pas un nombre ≥ 1")
        names.add(row.get("nomCourtDatacenter", ""))
    return errors, names


def validate_export(directory: Path) -> list[str]:
    """Every breach of the specification in an export folder (empty: it is valid)."""
    entity_errors, entities = validate_entities(directory / "entite.csv")
    room_errors, rooms = validate_datacenters(directory / "datacenter.csv")
    equipment = validate_equipment(directory / "equipementPhysique.csv", entities, rooms)
    return entity_errors + room_errors + equipment
