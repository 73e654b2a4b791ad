"""The métropole, its communes and their sub-bodies; reuse partners and device requests
(``entities.csv``, ``partners.csv``, ``needs.csv``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factors.vocabulary import CATEGORIES


@dataclass(frozen=True)
class EntitySpec:
    """An organisation of the samples, with what its devices look like."""

    name: str
    kind: str
    insee: str
    siren: str
    agents: int
    parent: str
    prefix: str
    server_room: str
    sites: tuple[tuple[str, float], ...]
    departments: tuple[str, ...]
    preferred: frozenset[str] = frozenset()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _luhn_complete(stem: str) -> str:
    """Append the digit that makes ``stem`` pass the Luhn check (SIREN/SIRET key)."""
    return next(stem + str(d) for d in range(10) if luhn_ok(stem + str(d)))


def siret_of(siren: str) -> str:
    """A Luhn-valid SIRET for the head office (NIC 0001x) of ``siren``; '' if none."""
    return _luhn_complete(siren + "0001") if siren else ""


METRO = "Grenoble-Alpes Métropole"


_COMMUNE_DEPARTMENTS = (
    "Direction des systèmes d'information",
    "État civil et citoyenneté",
    "Éducation",
    "Culture",
    "Services techniques",
    "Sports",
    "Finances",
    "Ressources humaines",
    "Police municipale",
    "Petite enfance",
    "Communication",
)


ENTITIES: tuple[EntitySpec, ...] = (
    EntitySpec(
        METRO,
        "metropole",
        "200040715",
        "200040715",
        1900,
        "",
        "GAM",
        "Salle serveur Le Forum",
        (
            ("Le Forum", 50),
            ("Centre technique métropolitain Nord", 10),
            ("Centre technique métropolitain Sud", 10),
            ("Régie de l'eau potable", 8),
            ("Centre de tri des déchets", 6),
            ("Maison de la mobilité", 4),
        ),
        (
            "Direction des systèmes d'information",
            "Eau potable",
            "Assainissement",
            "Voirie",
            "Déchets",
            "Mobilités",
            "Urbanisme",
            "Finances",
            "Ressources humaines",
            "Communication",
            "Environnement",
        ),
        frozenset({"Dell", "Xerox", "Cisco", "Aruba"}),
    ),
    EntitySpec(
        "Grenoble",
        "commune",
        "38185",
        _luhn_complete("21380185"),
        3600,
        METRO,
        "VDG",
        "Salle serveur Hôtel de Ville",
        (
            ("Hôtel de Ville", 40),
            ("Centre technique municipal", 12),
            ("Bibliothèque Kateb Yacine", 6),
            ("Musée de Grenoble", 5),
            ("Maison des habitants Centre-Ville", 6),
            ("Groupe scolaire Jean Jaurès", 10),
            ("Poste de police municipale", 5),
        ),
        _COMMUNE_DEPARTMENTS,
        frozenset({"HP", "Canon", "Cisco", "Yealink"}),
    ),
    EntitySpec(
        "CCAS de Grenoble",
        "ccas",
        "",
        _luhn_complete("26380030"),
        850,
        "Grenoble",
        "CCAS",
        "Salle serveur du CCAS",
        (
            ("Siège du CCAS", 50),
            ("EHPAD municipal", 20),
            ("Résidence autonomie", 15),
            ("Service d'aide à domicile", 15),
        ),
        ("Administration générale", "Action sociale", "Maintien à domicile", "Hébergement"),
        frozenset({"HP", "Canon", "Yealink"}),
    ),
    EntitySpec(
        "Échirolles",
        "commune",
        "38151",
        _luhn_complete("21380151"),
        1150,
        METRO,
        "ECH",
        "Salle serveur Hôtel de ville",
        (
            ("Hôtel de ville", 45),
            ("Centre technique municipal", 15),
            ("Médiathèque", 10),
            ("Écoles", 18),
            ("Centre social", 6),
            ("Espace culturel", 6),
        ),
        _COMMUNE_DEPARTMENTS,
        frozenset({"Lenovo", "Ricoh", "Alcatel-Lucent Enterprise", "Aruba"}),
    ),
    EntitySpec(
        "Saint-Martin-d'Hères",
        "commune",
        "38421",
        _luhn_complete("21380421"),
        880,
        METRO,
        "SMH",
        "Salle serveur Hôtel de ville",
        (
            ("Hôtel de ville", 45),
            ("Centre technique municipal", 15),
            ("Espace culturel", 10),
            ("Écoles", 20),
            ("Maison de quartier", 10),
        ),
        _COMMUNE_DEPARTMENTS,
        frozenset({"Dell", "Konica Minolta", "Yealink", "Ubiquiti"}),
    ),
    EntitySpec(
        "Sarcenas",
        "commune",
        "38475",
        _luhn_complete("21380475"),
        2,
        METRO,
        "SAR",
        "Mairie",
        (("Mairie", 1),),
        ("Secrétariat de mairie",),
    ),
    EntitySpec(
        "SIVU scolaire du Col de Porte",
        "syndicat",
        "",
        "",
        9,
        "",
        "SIVU",
        "Siège du syndicat",
        (("Siège du syndicat", 1),),
        ("Administration générale",),
    ),
)


ENTITY_BY_NAME = {e.name: e for e in ENTITIES}


def entities_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "kind", "insee", "siret", "agents", "parent"])
        for e in ENTITIES:
            writer.writerow([e.name, e.kind, e.insee, siret_of(e.siren), e.agents, e.parent])


#: Reuse and recycling actors. Eco-organism pickup thresholds are those of their
#: free collection offers for professionals; other attributes are for the demo.
PARTNERS: tuple[tuple[Any, ...], ...] = (
    (
        "Hinaura",
        "association",
        "laptop|desktop|all_in_one|monitor|tablet|smartphone|docking_station",
        "Auvergne-Rhône-Alpes",
        "https://www.hinaura.fr",
        True,
        None,
    ),
    (
        "Matos",
        "association",
        "laptop|desktop|monitor|docking_station|printer",
        "Grenoble-Alpes Métropole",
        "",
        True,
        None,
    ),
    (
        "Un ordi pour bibi",
        "association",
        "laptop|desktop|all_in_one|monitor",
        "Grenoble",
        "",
        True,
        None,
    ),
    (
        "EPN Isère",
        "public_body",
        "laptop|desktop|monitor|tablet|projector",
        "Isère",
        "",
        False,
        None,
    ),
    (
        "Les Ateliers du Bocage",
        "refurbisher",
        "laptop|desktop|all_in_one|thin_client|workstation|monitor|smartphone|mobile_phone|tablet",
        "France",
        "",
        True,
        None,
    ),
    (
        "Ecologic",
        "eco_organism",
        "|".join(c for c in CATEGORIES if c != "other"),
        "France",
        "https://www.ecologic-france.com",
        False,
        250,
    ),
    (
        "ecosystem",
        "eco_organism",
        "|".join(CATEGORIES),
        "France",
        "https://www.ecosystem.eco",
        False,
        500,
    ),
    (
        "Réemploi interne — Grenoble-Alpes Métropole",
        "internal",
        "laptop|desktop|all_in_one|thin_client|monitor|smartphone|tablet|docking_station|ip_phone",
        "Grenoble-Alpes Métropole",
        "DSI métropolitaine, pôle poste de travail",
        False,
        None,
    ),
)


def partners_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "name",
                "kind",
                "categories",
                "territory",
                "contact",
                "installs_linux",
                "pickup_threshold_kg",
            ]
        )
        for name, kind, cats, territory, contact, linux, threshold in PARTNERS:
            writer.writerow(
                [name, kind, cats, territory, contact, str(linux).lower(), threshold or ""]
            )


NEEDS: tuple[tuple[Any, ...], ...] = (
    ("Sarcenas", "laptop", 1, 8, 256, "Remplacement du portable HS du secrétariat de mairie"),
    ("Échirolles", "laptop", 12, 8, 256, "Classes mobiles pour les écoles élémentaires"),
    ("CCAS de Grenoble", "desktop", 5, 8, 256, "Postes d'accueil de la résidence autonomie"),
    ("Saint-Martin-d'Hères", "monitor", 20, None, None, "Double écran pour le service finances"),
    ("Grenoble", "tablet", 6, None, 64, "Prêt de tablettes à la bibliothèque"),
    ("SIVU scolaire du Col de Porte", "all_in_one", 2, 8, 256, "Poste de direction de l'école"),
)


def needs_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["entity", "category", "quantity", "min_ram_gb", "min_storage_gb", "note"])
        for entity, cat, qty, ram, storage, note in NEEDS:
            writer.writerow([entity, cat, qty, ram or "", storage or "", note])
