"""Seeded generator of ecoparc's sample data (``samples/``) and of large benchmark fleets.

Run ``python samples/generate.py`` to rewrite the committed sample files, or
``python samples/generate.py --large 1000000 --out DIR`` for a benchmark fleet
(xlsx + csv + ``manifest-large.json``, not committed). Import it and call
:func:`generate_fleet` to get the same kind of fleet as a DataFrame with the
canonical English field names, without any file in between.

Why a generator rather than hand-made files: the samples must look like what the
IT departments of the métropole and its communes really bring (a hand-kept Excel
sheet, GLPI exports, a NumEcoEval file), defects included, and the tests need to
know exactly what an importer should make of them. The generator writes the
files and, from the same draw, ``manifest.json`` with the expected counts and
the rows an importer must reject. Everything derives from a fixed seed and a
fixed reference date, and xlsx timestamps are pinned, so two runs give
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import shutil
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.styles import Font

from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES

#: "Today" for every generated file: ages, statuses and the future-date defect
#: are computed against it, never against the clock.
REFERENCE_DATE = dt.date(2026, 11, 28)
#: Default seed of the committed samples and of :func:`generate_fleet`.
SEED = 38185
#: Timestamp written into xlsx properties and zip entries (reproducible files).
FIXED_TIMESTAMP = dt.datetime(2026, 11, 28, 8, 0, 0)
SAMPLES_DIR = Path(__file__).resolve().parent
FIRST_YEAR = REFERENCE_DATE.year - 12

#: Field names of the fleet frame returned by :func:`generate_fleet`.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "entity",
    "name",
    "serial",
    "asset_tag",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "acquisition",
    "status",
    "price_eur",
    "quantity",
    "site",
    "department",
    "cpu",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "tpm",
    "os",
    "condition",
    "retirement_date",
    "annual_kwh",
    "first_life_years",
    "weight_kg",
)

# --------------------------------------------------------------------------- entities


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


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _luhn_complete(stem: str) -> str:
    """Append the digit that makes ``stem`` pass the Luhn check (SIREN/SIRET key)."""
    return next(stem + str(d) for d in range(10) if _luhn_ok(stem + str(d)))


def siret_of(siren: str) -> str:
    """A Luhn-valid SIRET for the head office (NIC 0001x) of ``siren``; '' if none."""
    return _luhn_complete(siren + "0001") if siren else ""


_METRO = "Grenoble-Alpes Métropole"
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
        _METRO,
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
        _METRO,
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
        _METRO,
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
        _METRO,
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
        _METRO,
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

# -------------------------------------------------------------------------- catalogue


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


#: The catalogue: category;manufacturer;model;years sold;typical price € HT;kg;kWh/yr;
#: processors (``i5-…``/``Ultra …`` are Intel Core, ``Xeon``/``Pentium`` Intel);fixed OS.
_CATALOGUE_TABLE = """
laptop;Dell;Latitude E5440;2014;890;2;22;i5-4310U;
laptop;Dell;Latitude E5450;2015;900;2;22;i5-5300U;
laptop;Dell;Latitude E5470;2016-2017;920;1.9;20;i5-6300U,i5-6200U;
laptop;Dell;Latitude 5480;2017-2018;930;1.7;20;i5-7300U,i5-7200U;
laptop;Dell;Latitude 5490;2018-2019;940;1.7;19;i5-8250U,i5-8350U;
laptop;Dell;Latitude 5400;2019-2020;950;1.6;18;i5-8365U,i5-8265U;
laptop;Dell;Latitude 5410;2020-2021;960;1.6;18;i5-10310U,i5-10210U;
laptop;Dell;Latitude 5420;2021-2022;980;1.5;17;i5-1145G7,i5-1135G7;
laptop;Dell;Latitude 5520;2021-2022;1010;1.8;18;i5-1145G7,i7-1185G7;
laptop;Dell;Latitude 7420;2021-2022;1350;1.3;16;i7-1185G7,i5-1145G7;
laptop;Dell;Latitude 5430;2022-2023;1000;1.4;17;i5-1245U,i5-1235U;
laptop;Dell;Latitude 5440;2023-2024;1020;1.4;16;i5-1345U,i5-1335U;
laptop;Dell;Latitude 5450;2024-2025;1050;1.4;16;Ultra 5 135U,Ultra 5 125U;
laptop;Dell;Pro 14;2025-2026;1060;1.4;15;Ultra 5 235U,Ultra 5 225U;
laptop;HP;EliteBook 840 G1;2014;1050;1.8;22;i5-4300U;
laptop;HP;EliteBook 840 G2;2015;1050;1.6;21;i5-5300U;
laptop;HP;EliteBook 840 G3;2016;1080;1.5;20;i5-6300U,i5-6200U;
laptop;HP;EliteBook 840 G4;2017;1090;1.5;19;i5-7300U,i5-7200U;
laptop;HP;EliteBook 840 G5;2018;1100;1.5;18;i5-8350U,i5-8250U;
laptop;HP;EliteBook 840 G6;2019-2020;1120;1.5;18;i5-8365U,i5-8265U;
laptop;HP;EliteBook 840 G7;2020;1130;1.4;17;i5-10310U,i5-10210U;
laptop;HP;EliteBook 840 G8;2021-2022;1150;1.4;17;i5-1145G7,i5-1135G7;
laptop;HP;EliteBook 840 G9;2022-2023;1180;1.4;16;i5-1245U,i5-1235U;
laptop;HP;EliteBook 840 G10;2023-2024;1200;1.4;16;i5-1345U,i5-1335U;
laptop;HP;EliteBook 840 G11;2024-2026;1220;1.4;15;Ultra 5 125U,Ultra 5 135U;
laptop;HP;ProBook 650 G1;2014-2015;780;2.3;24;i5-4210M;
laptop;HP;ProBook 450 G3;2016;700;2.1;22;i5-6200U;
laptop;HP;ProBook 450 G4;2017;710;2.1;21;i5-7200U;
laptop;HP;ProBook 450 G5;2018;720;2;20;i5-8250U;
laptop;HP;ProBook 450 G6;2019;730;2;19;i5-8265U;
laptop;HP;ProBook 450 G7;2020;740;1.9;19;i5-10210U;
laptop;HP;ProBook 450 G8;2021-2022;760;1.7;18;i5-1135G7;
laptop;HP;ProBook 450 G9;2022-2023;780;1.8;17;i5-1235U;
laptop;HP;ProBook 450 G10;2023-2024;800;1.8;17;i5-1335U;
laptop;Lenovo;ThinkPad T440;2014;1000;1.8;21;i5-4300U;
laptop;Lenovo;ThinkPad T450;2015;1000;1.7;21;i5-5300U;
laptop;Lenovo;ThinkPad T460;2016;1020;1.7;20;i5-6300U;
laptop;Lenovo;ThinkPad T470;2017;1030;1.6;19;i5-7300U;
laptop;Lenovo;ThinkPad T480;2018;1040;1.6;18;i5-8250U,i5-8350U;
laptop;Lenovo;ThinkPad T490;2019;1050;1.5;18;i5-8265U,i5-8365U;
laptop;Lenovo;ThinkPad T14 Gen 1;2020;1060;1.5;17;i5-10210U,AMD Ryzen 5 PRO 4650U;
laptop;Lenovo;ThinkPad T14 Gen 2;2021-2022;1080;1.5;17;i5-1135G7,i5-1145G7;
laptop;Lenovo;ThinkPad T14 Gen 3;2022-2023;1100;1.4;16;i5-1235U,AMD Ryzen 5 PRO 6650U;
laptop;Lenovo;ThinkPad T14 Gen 4;2023-2024;1120;1.4;16;i5-1335U,i5-1345U;
laptop;Lenovo;ThinkPad T14 Gen 5;2024-2026;1140;1.4;15;Ultra 5 125U,Ultra 5 135U;
laptop;Lenovo;ThinkPad L470;2017;800;1.9;20;i5-7200U;
laptop;Lenovo;ThinkPad L480;2018;810;1.9;19;i5-8250U;
laptop;Lenovo;ThinkPad L490;2019;820;1.8;19;i5-8265U;
laptop;Lenovo;ThinkPad L14 Gen 1;2020;830;1.6;18;i5-10210U;
laptop;Lenovo;ThinkPad L14 Gen 2;2021;840;1.6;18;i5-1135G7,AMD Ryzen 5 PRO 5650U;
laptop;Lenovo;ThinkPad L14 Gen 3;2022;850;1.6;17;i5-1235U;
laptop;Lenovo;ThinkPad L14 Gen 4;2023-2024;860;1.5;17;i5-1335U;
laptop;Lenovo;ThinkPad L14 Gen 5;2024-2026;880;1.5;16;Ultra 5 125U;
desktop;Dell;OptiPlex 7020;2014-2015;760;5.5;75;i5-4590;
desktop;Dell;OptiPlex 7040;2016;770;5.3;70;i5-6500;
desktop;Dell;OptiPlex 7050;2017;770;5.3;68;i5-7500;
desktop;Dell;OptiPlex 3050;2017;520;5;65;i3-7100;
desktop;Dell;OptiPlex 7060;2018;780;5.2;65;i5-8500;
desktop;Dell;OptiPlex 7070;2019;780;5.2;62;i5-9500;
desktop;Dell;OptiPlex 7080;2020;790;5.1;60;i5-10500;
desktop;Dell;OptiPlex 3080;2020;540;5;58;i3-10100;
desktop;Dell;OptiPlex 7090;2021;800;5.1;58;i5-10505,i5-11500;
desktop;Dell;OptiPlex 7000 Micro;2022;820;1.3;35;i5-12500T;
desktop;Dell;OptiPlex 7010 Micro;2023-2024;830;1.3;33;i5-13500T;
desktop;Dell;Pro Micro;2025-2026;850;1.3;30;Ultra 5 235T;
desktop;HP;EliteDesk 800 G1;2014;800;6;78;i5-4570;
desktop;HP;EliteDesk 800 G2;2015-2016;800;5.8;72;i5-6500;
desktop;HP;EliteDesk 800 G3;2017;810;5.6;68;i5-7500;
desktop;HP;EliteDesk 800 G4;2018;810;5.5;65;i5-8500;
desktop;HP;EliteDesk 800 G5;2019;820;5.5;62;i5-9500;
desktop;HP;EliteDesk 800 G6;2020-2021;830;5.4;60;i5-10500;
desktop;HP;ProDesk 400 G6 Mini;2020-2021;600;1.3;35;i5-10500T;
desktop;HP;EliteDesk 800 G8;2021-2022;840;5.3;58;i5-11500;
desktop;HP;Elite Mini 800 G9;2022-2024;860;1.4;34;i5-12500T;
desktop;Lenovo;ThinkCentre M700 Tiny;2016;640;1.3;38;i5-6500T;
desktop;Lenovo;ThinkCentre M710q;2017;650;1.3;37;i5-7500T;
desktop;Lenovo;ThinkCentre M720q;2018-2019;660;1.3;36;i5-8500T,i5-9500T;
desktop;Lenovo;ThinkCentre M70q;2020-2021;670;1.3;35;i5-10400T;
desktop;Lenovo;ThinkCentre M70q Gen 2;2021-2022;680;1.3;34;i5-11400T;
desktop;Lenovo;ThinkCentre M70q Gen 3;2022-2023;690;1.3;33;i5-12400T;
desktop;Lenovo;ThinkCentre M70q Gen 4;2023-2024;700;1.3;32;i5-13400T;
desktop;Lenovo;ThinkCentre M70q Gen 5;2024-2026;720;1.3;30;i5-14400T;
all_in_one;HP;EliteOne 800 G1;2014-2015;1000;8.5;70;i5-4590S;
all_in_one;HP;EliteOne 800 G2;2016;1020;8;65;i5-6500;
all_in_one;HP;EliteOne 800 G3;2017-2018;1040;7.8;62;i5-7500;
all_in_one;Dell;OptiPlex 7460 All-in-One;2018-2019;1000;7.5;60;i5-8500;
all_in_one;HP;EliteOne 800 G6;2020-2021;1080;7.2;58;i5-10500;
all_in_one;Lenovo;ThinkCentre M90a;2020-2022;1000;7.5;58;i5-10500;
all_in_one;Dell;OptiPlex 7400 All-in-One;2021-2022;1050;7;55;i5-11500;
all_in_one;HP;ProOne 440 G9;2022-2024;900;6.8;50;i5-12500T;
all_in_one;Lenovo;ThinkCentre neo 50a;2023-2026;880;6.5;48;i5-13420H;
all_in_one;Apple;iMac 24;2021-2026;1450;4.5;40;Apple M1,Apple M3;macOS 14
thin_client;HP;t620;2014-2016;300;1.5;15;AMD GX-420CA;HP ThinPro 6
thin_client;HP;t630;2016-2019;330;1.6;14;AMD GX-420GI;HP ThinPro 7
thin_client;HP;t640;2019-2024;380;1.3;12;AMD Ryzen Embedded R1505G;HP ThinPro 8
thin_client;Dell;Wyse 5070;2018-2023;390;1.2;12;Pentium Silver J5005;Windows 10 IoT Enterprise
thin_client;IGEL;UD3;2018-2024;420;1;11;AMD Ryzen Embedded R1505G;IGEL OS 11
thin_client;HP;Elite t655;2024-2026;450;1.2;11;AMD Ryzen Embedded R2314;HP ThinPro 8
workstation;Dell;Precision T1700;2014-2015;1500;10;220;Xeon E3-1241 v3;
workstation;Dell;Precision 3620;2016-2018;1600;9.5;210;Xeon E3-1240 v5;
workstation;HP;Z240;2016-2018;1700;9;210;i7-6700;
workstation;Dell;Precision 3630;2018-2020;1800;9;200;i7-9700;
workstation;HP;Z2 G5;2020-2022;1900;8.5;200;i7-10700;
workstation;Dell;Precision 3660;2022-2024;2100;8.5;190;i7-12700;
workstation;Dell;Precision 3680;2024-2026;2300;8.5;190;i7-14700;
monitor;Dell;P2414H;2014-2016;190;5.5;28;;
monitor;Dell;P2417H;2016-2018;185;5.3;26;;
monitor;Dell;P2419H;2018-2021;180;5;24;;
monitor;Dell;P2719H;2018-2021;230;6.4;30;;
monitor;Dell;P2422H;2021-2024;175;4.9;22;;
monitor;Dell;P2425H;2024-2026;170;4.8;20;;
monitor;HP;EliteDisplay E241i;2014-2016;200;5.7;28;;
monitor;HP;EliteDisplay E243;2016-2019;190;5.4;25;;
monitor;HP;E24 G4;2020-2023;175;5;22;;
monitor;HP;E24 G5;2023-2026;170;4.8;20;;
monitor;Lenovo;ThinkVision T24i-10;2018-2020;170;5.2;24;;
monitor;Lenovo;ThinkVision T24i-20;2020-2023;170;5;22;;
monitor;Lenovo;ThinkVision T24i-30;2023-2026;165;4.9;20;;
monitor;iiyama;ProLite XUB2492HSU;2018-2024;140;4.6;22;;
smartphone;Apple;iPhone 5s;2014-2015;500;0.11;4;;iOS 12
smartphone;Apple;iPhone 6s;2016-2017;600;0.14;4;;iOS 15
smartphone;Apple;iPhone 7;2017-2018;600;0.14;4;;iOS 15
smartphone;Apple;iPhone 8;2018-2020;620;0.15;4;;iOS 16
smartphone;Apple;iPhone SE;2020-2024;420;0.15;4;;iOS 18
smartphone;Apple;iPhone 11;2020-2021;650;0.19;5;;iOS 18
smartphone;Apple;iPhone 12;2021-2022;700;0.16;5;;iOS 18
smartphone;Apple;iPhone 13;2022-2023;720;0.17;5;;iOS 18
smartphone;Apple;iPhone 14;2023-2024;750;0.17;5;;iOS 18
smartphone;Apple;iPhone 15;2024-2025;800;0.17;5;;iOS 18
smartphone;Apple;iPhone 16e;2025-2026;600;0.17;5;;iOS 18
smartphone;Samsung;Galaxy A3;2014-2016;250;0.11;4;;Android 6
smartphone;Samsung;Galaxy A5;2017-2018;300;0.16;4;;Android 8
smartphone;Samsung;Galaxy Xcover 4;2017-2019;230;0.17;4;;Android 9
smartphone;Samsung;Galaxy A40;2019-2020;220;0.17;4;;Android 11
smartphone;Samsung;Galaxy A51;2020-2021;280;0.17;4;;Android 13
smartphone;Samsung;Galaxy A52;2021-2022;320;0.19;4;;Android 14
smartphone;Samsung;Galaxy XCover 5;2021-2023;260;0.17;4;;Android 13
smartphone;Samsung;Galaxy A53 5G;2022-2023;330;0.19;4;;Android 14
smartphone;Samsung;Galaxy XCover6 Pro;2022-2025;450;0.24;4;;Android 14
smartphone;Samsung;Galaxy A54 5G;2023-2024;360;0.2;4;;Android 14
smartphone;Samsung;Galaxy A55 5G;2024-2025;380;0.21;4;;Android 14
smartphone;Samsung;Galaxy A56 5G;2025-2026;390;0.2;4;;Android 15
smartphone;Crosscall;Core-X4;2020-2022;380;0.23;4;;Android 11
smartphone;Crosscall;Core-X5;2022-2025;420;0.22;4;;Android 12
mobile_phone;Nokia;105;2014-2026;25;0.08;1;;
mobile_phone;Nokia;3310;2017-2020;50;0.08;1;;
mobile_phone;Alcatel;2053;2019-2023;30;0.1;1;;
tablet;Apple;iPad Air 2;2014-2016;450;0.44;6;;iPadOS 15
tablet;Apple;iPad 5;2017;340;0.47;6;;iPadOS 16
tablet;Apple;iPad 6;2018;330;0.47;6;;iPadOS 17
tablet;Apple;iPad 7;2019-2020;330;0.48;6;;iPadOS 18
tablet;Apple;iPad 8;2020-2021;330;0.49;6;;iPadOS 18
tablet;Apple;iPad 9;2021-2023;340;0.49;6;;iPadOS 18
tablet;Apple;iPad 10;2022-2025;480;0.48;6;;iPadOS 18
tablet;Apple;iPad (A16);2025-2026;400;0.48;6;;iPadOS 18
tablet;Samsung;Galaxy Tab A 10.1;2016-2019;200;0.53;6;;Android 9
tablet;Samsung;Galaxy Tab A7;2020-2022;190;0.48;6;;Android 12
tablet;Samsung;Galaxy Tab A8;2022-2024;200;0.51;6;;Android 14
tablet;Samsung;Galaxy Tab A9+;2023-2026;230;0.51;6;;Android 14
tablet;Samsung;Galaxy Tab Active3;2020-2023;450;0.42;6;;Android 13
tablet;Samsung;Galaxy Tab Active5;2024-2026;480;0.43;6;;Android 14
printer;HP;LaserJet Pro 400 M401dn;2014-2016;300;9.5;55;;
printer;HP;LaserJet Pro M402dn;2016-2018;260;8.6;50;;
printer;HP;LaserJet Pro M404dn;2019-2022;250;8.6;48;;
printer;HP;LaserJet Pro 4002dn;2023-2026;260;8.5;45;;
printer;HP;Color LaserJet Pro M454dn;2019-2022;420;19;60;;
printer;Brother;HL-L5100DN;2016-2022;230;11.6;50;;
printer;Brother;HL-L5210DN;2023-2026;260;11.6;45;;
printer;Kyocera;ECOSYS P3145dn;2019-2024;330;12.5;50;;
printer;Kyocera;ECOSYS PA4500x;2023-2026;380;12.5;48;;
printer;Lexmark;MS510dn;2014-2017;330;12;55;;
mfp;Xerox;WorkCentre 7835;2014-2017;8500;130;450;;
mfp;Xerox;VersaLink C7025;2017-2021;4800;80;380;;
mfp;Xerox;AltaLink C8130;2019-2026;7200;100;400;;
mfp;Canon;imageRUNNER ADVANCE C5235i;2014-2016;8000;110;450;;
mfp;Canon;imageRUNNER ADVANCE C5535i;2016-2020;9000;115;420;;
mfp;Canon;imageRUNNER ADVANCE DX C5840i;2020-2026;9500;115;400;;
mfp;Canon;imageRUNNER 2625i;2019-2024;2600;45;250;;
mfp;Ricoh;MP C3004;2015-2019;6000;90;420;;
mfp;Ricoh;IM C3000;2019-2026;5800;90;380;;
mfp;Konica Minolta;bizhub C258;2016-2019;4800;85;400;;
mfp;Konica Minolta;bizhub C300i;2019-2026;5500;85;370;;
mfp;Kyocera;TASKalfa 3253ci;2019-2024;5200;85;380;;
mfp;HP;Color LaserJet Pro MFP M479fdw;2019-2022;650;23;80;;
ip_phone;Cisco;IP Phone 7841;2014-2020;160;1.1;25;;
ip_phone;Cisco;IP Phone 8841;2015-2022;260;1.3;30;;
ip_phone;Cisco;IP Phone 8845;2016-2022;380;1.4;32;;
ip_phone;Yealink;SIP-T46S;2017-2021;150;1.2;22;;
ip_phone;Yealink;T54W;2019-2026;190;1.2;22;;
ip_phone;Yealink;T33G;2021-2026;80;0.8;15;;
ip_phone;Alcatel-Lucent Enterprise;8068 Premium DeskPhone;2014-2016;330;1.5;30;;
ip_phone;Alcatel-Lucent Enterprise;8028s Premium DeskPhone;2017-2023;230;1.2;25;;
network_switch;Cisco;Catalyst 2960-X;2014-2019;2600;5.5;350;;
network_switch;Cisco;Catalyst 3850;2014-2018;5500;7.5;450;;
network_switch;Cisco;Catalyst 9200;2019-2026;3200;5;320;;
network_switch;Cisco;Catalyst 9300;2018-2026;6500;7.5;420;;
network_switch;Aruba;2930F 48G PoE+;2017-2023;2900;5.5;330;;
network_switch;Aruba;CX 6100 48G;2021-2026;2200;5;300;;
network_switch;HPE;FlexNetwork 5130 EI;2014-2018;1800;4.8;300;;
router;Cisco;1941;2014-2016;1400;6;150;;
router;Cisco;ISR 4331;2016-2024;2800;7;180;;
router;Cisco;ISR 1100;2019-2026;900;2;80;;
router;Cisco;Catalyst 8200;2022-2026;3500;7;170;;
wifi_ap;Cisco;Aironet 2702i;2014-2016;700;1;60;;
wifi_ap;Cisco;Aironet 2802i;2016-2019;800;1.9;65;;
wifi_ap;Cisco;Catalyst 9115AXI;2019-2024;650;1.2;60;;
wifi_ap;Aruba;AP-225;2014-2016;600;0.9;55;;
wifi_ap;Aruba;AP-315;2017-2020;550;0.9;55;;
wifi_ap;Aruba;AP-515;2019-2024;650;1;60;;
wifi_ap;Aruba;AP-615;2022-2026;600;0.9;55;;
wifi_ap;Ubiquiti;UniFi AP AC Pro;2016-2021;140;0.4;40;;
wifi_ap;Ubiquiti;UniFi U6 Pro;2021-2026;160;0.6;45;;
firewall;Fortinet;FortiGate 100D;2014-2016;2500;3.6;130;;
firewall;Fortinet;FortiGate 100E;2016-2019;2600;3.4;120;;
firewall;Fortinet;FortiGate 100F;2019-2026;3200;3.6;110;;
firewall;Fortinet;FortiGate 60E;2016-2019;600;0.9;40;;
firewall;Fortinet;FortiGate 60F;2019-2026;700;0.9;35;;
firewall;Stormshield;SN510;2015-2022;2800;3;120;;
firewall;Stormshield;SN910;2017-2023;6000;6;200;;
server;Dell;PowerEdge R620;2014;5500;19;1700;Xeon E5-2620 v2;
server;Dell;PowerEdge R630;2015-2017;6000;19;1700;Xeon E5-2630 v3,Xeon E5-2630 v4;
server;Dell;PowerEdge R730;2015-2017;7500;28;2100;Xeon E5-2630 v4;
server;Dell;PowerEdge R640;2017-2021;7500;20;1600;Xeon Silver 4114,Xeon Silver 4214R;
server;Dell;PowerEdge R740;2017-2021;9500;28;2000;Xeon Silver 4210,Xeon Gold 5218;
server;Dell;PowerEdge R650;2021-2023;8500;20;1500;Xeon Silver 4314;
server;Dell;PowerEdge R750;2021-2023;11000;28;1900;Xeon Gold 5318Y;
server;Dell;PowerEdge R660;2023-2026;9000;20;1450;Xeon Silver 4410Y;
server;Dell;PowerEdge R760;2023-2026;12000;28;1850;Xeon Gold 5416S;
server;HPE;ProLiant DL380 Gen9;2014-2017;7000;23;1900;Xeon E5-2620 v3;
server;HPE;ProLiant DL360 Gen10;2017-2022;7000;16;1600;Xeon Silver 4210;
server;HPE;ProLiant DL380 Gen10;2017-2022;9000;22;1900;Xeon Silver 4214,Xeon Gold 6226R;
server;HPE;ProLiant DL380 Gen11;2023-2026;11000;22;1800;Xeon Silver 4410Y;
storage;NetApp;FAS2554;2014-2018;22000;30;3200;;
storage;Dell EMC;Unity 300;2016-2019;25000;32;3300;;
storage;HPE;MSA 2050;2017-2021;12000;28;2500;;
storage;NetApp;FAS2750;2018-2023;26000;30;3000;;
storage;Dell EMC;Unity XT 380;2019-2024;30000;32;3100;;
storage;HPE;MSA 2060;2020-2026;14000;28;2400;;
storage;NetApp;AFF A250;2021-2026;35000;30;2800;;
storage;Synology;RS3621xs+;2021-2026;6500;17;1200;;
projector;Epson;EB-1960;2014-2016;900;3;130;;
projector;Epson;EB-1985WU;2015-2019;1400;4.2;140;;
projector;Epson;EB-2250U;2017-2022;1200;4.2;130;;
projector;BenQ;MH733;2019-2024;700;2.8;110;;
projector;Epson;EB-L520U;2022-2026;1900;6.8;120;;
display;NEC;MultiSync V552;2014-2018;1600;20;280;;
display;LG;55UH5C;2017-2021;1100;18;260;;
display;Samsung;QM55R;2019-2023;1300;17;240;;
display;Samsung;Flip 2 WM55R;2020-2024;2400;28;250;;
display;Samsung;QM55C;2023-2026;1200;16;220;;
docking_station;HP;2013 UltraSlim Docking Station;2014-2017;180;0.9;10;;
docking_station;Dell;WD15;2016-2018;160;0.8;10;;
docking_station;Dell;WD19;2019-2021;180;0.6;9;;
docking_station;Dell;WD19S;2021-2024;190;0.6;9;;
docking_station;Dell;WD22TB4;2022-2025;280;0.8;10;;
docking_station;Dell;Pro Dock WD25;2025-2026;230;0.6;8;;
docking_station;HP;USB-C Dock G5;2019-2024;190;0.6;9;;
docking_station;Lenovo;ThinkPad USB-C Dock Gen 2;2019-2024;170;0.6;9;;
docking_station;Lenovo;ThinkPad Universal USB-C Dock;2022-2026;200;0.7;9;;
other;APC;Smart-UPS 1500;2014-2026;900;28;80;;
other;Eaton;5PX 1500;2016-2026;850;26;75;;
"""


def _cpu_name(short: str) -> str:
    if short.startswith(("i3-", "i5-", "i7-", "Ultra ")):
        return "Intel Core " + short
    if short.startswith(("Xeon ", "Pentium ")):
        return "Intel " + short
    return short


def _catalogue() -> tuple[Model, ...]:
    models = []
    for line in _CATALOGUE_TABLE.strip().splitlines():
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
_CATS: tuple[str, ...] = tuple(CATEGORY_SHARES)
_COMPUTERS = frozenset({"laptop", "desktop", "all_in_one", "workstation"})
_PERSONAL = frozenset(
    {"laptop", "desktop", "all_in_one", "workstation", "smartphone", "mobile_phone", "tablet"}
)
#: Categories that come as lots (NumEcoEval "12 × Dell P2422H").
LOT_CATEGORIES = frozenset(
    {"monitor", "ip_phone", "docking_station", "mobile_phone", "smartphone", "tablet", "wifi_ap"}
)
_NAME_CODES = {
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
_YEAR_WEIGHTS = np.array([0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1, 1, 1, 1, 1, 0.9])
#: Serial formats per manufacturer: prefixes and the length of the random part.
_SERIAL_FORMATS: dict[str, tuple[tuple[str, ...], int]] = {
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
_GLPI_SECTIONS: tuple[tuple[str, ...], ...] = (
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
_MANUFACTURER_VARIANTS = {
    "Dell": ("Dell", "DELL", "DELL Inc.", "Dell Inc."),
    "HP": ("HP", "Hewlett-Packard", "HP Inc.", "hp"),
    "HPE": ("HPE", "Hewlett Packard Enterprise"),
    "Lenovo": ("Lenovo", "LENOVO"),
    "Apple": ("Apple", "APPLE"),
    "Samsung": ("Samsung", "SAMSUNG"),
    "Cisco": ("Cisco", "CISCO", "Cisco Systems"),
}
#: How GLPI's inventory agent reports manufacturers.
_GLPI_MANUFACTURERS = {"Dell": "Dell Inc.", "Lenovo": "LENOVO", "HPE": "HPE", "Samsung": "SAMSUNG"}

_FIRST_NAMES = (
    "Marie", "Jean", "Pierre", "Sophie", "Nathalie", "Isabelle", "Thomas", "Nicolas", "Julien",
    "Camille", "Léa", "Manon", "Hugo", "Lucas", "Sarah", "Karim", "Mohamed", "Fatima", "Yasmine",
    "Élodie", "Céline", "Sandrine", "Stéphane", "Laurent", "Christophe", "Frédéric", "Valérie",
    "Aurélie", "Mathieu", "Guillaume", "Émilie", "Julie", "Antoine", "Nadia", "Rachid", "Inès",
    "Chloé", "Paul", "Louise", "Théo",
)  # fmt: skip
_LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin",
    "Henry", "Roussel", "Masson", "Marchand", "Duval", "Dumont", "Faure", "Rey", "Chabert",
    "Bonnet", "Jacquet", "Ravix", "Bouvier", "Achard", "Brunet",
)  # fmt: skip


def _check_catalogue() -> None:
    """Fail at import if the catalogue leaves a (category, year) without any model."""
    unknown = {m.category for m in CATALOGUE} - set(CATEGORIES)
    if unknown or set(_CATS) != set(CATEGORIES):
        raise ValueError(f"catalogue categories differ from the vocabulary: {unknown}")
    for cat in _CATS:
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
_CAT_INDEX = {c: i for i, c in enumerate(_CATS)}
_MANUFACTURERS: tuple[str, ...] = tuple(sorted({m.manufacturer for m in CATALOGUE}))
_MODEL_NAMES: tuple[str, ...] = tuple(m.model for m in CATALOGUE)
_M_CAT = np.array([_CAT_INDEX[m.category] for m in CATALOGUE])
_M_MANU = np.array([_MANUFACTURERS.index(m.manufacturer) for m in CATALOGUE])
_M_PRICE = np.array([m.price_eur for m in CATALOGUE])
_M_KG = np.array([m.weight_kg for m in CATALOGUE])
_M_KWH = np.array([m.annual_kwh for m in CATALOGUE])
_KWH_BY_MODEL = {(m.manufacturer, m.model): m.annual_kwh for m in CATALOGUE}
_CPU_LABELS: tuple[str | None, ...] = (None, *sorted({c for m in CATALOGUE for c in m.cpus}))
_M_CPU = np.array(
    [
        [_CPU_LABELS.index(m.cpus[i % len(m.cpus)]) if m.cpus else 0 for i in range(3)]
        for m in CATALOGUE
    ]
)
_SERVER_CORES = {
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


_M_WIN11 = np.array([[windows11_capable(_CPU_LABELS[c] or "") for c in row] for row in _M_CPU])
_SERVER_OS = (
    "Windows Server 2016", "VMware ESXi 6.7", "Debian 11",
    "Windows Server 2019", "VMware ESXi 7.0", "Debian 12",
    "Windows Server 2022", "VMware ESXi 8.0", "Red Hat Enterprise Linux 9",
)  # fmt: skip
_PC_OS = ("Windows 11 Pro", "Windows 10 Pro", "Windows 7 Professionnel", "Ubuntu 24.04 LTS")
_OS_LABELS: tuple[str | None, ...] = (
    None,
    *_PC_OS,
    *_SERVER_OS,
    *sorted({m.os for m in CATALOGUE if m.os}),
)
_M_OS = np.array([_OS_LABELS.index(m.os) if m.os else 0 for m in CATALOGUE])
_STATUS_CODES = ("in_service", "in_stock", "broken", "retired")
_CONDITIONS = ("bon", "moyen", "hors service")
_STORAGE_TYPES = (None, "HDD", "SSD", "Flash")
_TPM = (None, "2.0", "1.2")
_SITE_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys(s for e in ENTITIES for s in (*(name for name, _ in e.sites), e.server_room))
)
_DEPT_LABELS: tuple[str, ...] = tuple(dict.fromkeys(d for e in ENTITIES for d in e.departments))

# ---------------------------------------------------------------------- the fleet draw


def _in(cat: np.ndarray, *names: str) -> np.ndarray:
    return np.isin(cat, [_CAT_INDEX[c] for c in names])


def _labels(labels: Sequence[str | None], codes: np.ndarray) -> pa.Array:
    return pa.array(list(labels), type=pa.string()).take(pa.array(codes))


def _pick_models(
    rng: np.random.Generator, ent: np.ndarray, cat: np.ndarray, model_year: np.ndarray
) -> np.ndarray:
    """Global catalogue index per row: a model sold in ``model_year``, with each
    entity's procurement contracts (preferred manufacturers) weighing 5 to 1."""
    out = np.empty(len(cat), dtype=np.int64)
    years = np.arange(FIRST_YEAR, REFERENCE_DATE.year + 1)
    for c in range(len(_CATS)):
        ids = np.flatnonzero(_M_CAT == c)
        first = np.array([CATALOGUE[i].first_year for i in ids])
        last = np.array([CATALOGUE[i].last_year for i in ids])
        avail = ((first <= years[:, None]) & (years[:, None] <= last)).astype(float)
        in_cat = cat == c
        for e, spec in enumerate(ENTITIES):
            rows = np.flatnonzero(in_cat & (ent == e))
            if not len(rows):
                continue
            boost = np.where([_MANUFACTURERS[m] in spec.preferred for m in _M_MANU[ids]], 5.0, 1.0)
            table = avail * boost
            cum = np.cumsum(table, axis=1) / table.sum(axis=1, keepdims=True)
            u = rng.random(len(rows))
            local = (cum[model_year[rows] - FIRST_YEAR] < u[:, None]).sum(axis=1)
            out[rows] = ids[np.minimum(local, len(ids) - 1)]
    return out


def _serials(rng: np.random.Generator, manu: np.ndarray) -> pa.Array:
    """Unique serial numbers in each manufacturer's usual shape."""
    alphabet = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", dtype=np.uint8)
    order, parts = [], []
    for code in np.unique(manu):
        rows = np.flatnonzero(manu == code)
        prefixes, length = _SERIAL_FORMATS.get(_MANUFACTURERS[code], (("",), 10))
        unique_len = min(length, 9)
        nums = rng.choice(34**unique_len, size=len(rows), replace=False)
        powers = 34 ** np.arange(unique_len - 1, -1, -1, dtype=np.int64)
        chars = alphabet[(nums[:, None] // powers) % 34]
        if length > unique_len:
            head = alphabet[rng.integers(0, 34, size=(len(rows), length - unique_len))]
            chars = np.hstack([head, chars])
        body = pa.array(np.ascontiguousarray(chars).view(f"S{length}").ravel()).cast(pa.string())
        prefix = _labels(prefixes, rng.integers(0, len(prefixes), len(rows)))
        parts.append(pc.binary_join_element_wise(prefix, body, ""))
        order.append(rows)
    inverse = np.empty(len(manu), dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(len(manu))
    return pa.concat_arrays(parts).take(pa.array(inverse))


def _dates(year: np.ndarray, day: np.ndarray) -> np.ndarray:
    start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    return start + day.astype("timedelta64[D]")


def _draw_fleet(
    rng: np.random.Generator,
    n: int,
    ent: np.ndarray,
    *,
    reference_date: dt.date = REFERENCE_DATE,
    lot_share: float = 0.0,
    first_seq: int = 1,
) -> pd.DataFrame:
    """The fleet frame for ``n`` rows whose entity indexes (into ENTITIES) are ``ent``.

    Columns are drawn as integer codes into small label tables, with one
    vectorised call each (or a short loop over categories and entities), and
    turned into strings only at the end: a million rows take about two seconds.
    """
    ref = np.datetime64(reference_date, "D")
    shares = np.array([CATEGORY_SHARES[c] for c in _CATS])
    cat = rng.choice(len(_CATS), size=n, p=shares / shares.sum())
    year = FIRST_YEAR + rng.choice(
        len(_YEAR_WEIGHTS), size=n, p=_YEAR_WEIGHTS / _YEAR_WEIGHTS.sum()
    )
    year_len = np.where(year == reference_date.year, reference_date.timetuple().tm_yday - 1, 365)
    purchase = _dates(year, np.floor(rng.random(n) * year_len).astype(np.int64))

    # Acquisition (codes into ACQUISITIONS): refurbished purchases since the AGEC
    # law, leased copiers, a few donated tablets.
    u = rng.random(n)
    refurb_p = np.select(
        [_in(cat, "laptop", "desktop", "smartphone", "monitor", "tablet"), _in(cat, "server")],
        [0.22, 0.05],
        0.02,
    ) * np.select([year >= 2021, year >= 2019], [1.0, 0.4], 0.0)
    leased_p = np.select([_in(cat, "mfp"), _in(cat, "printer")], [0.6, 0.08], 0.0)
    donated_p = np.where(_in(cat, "tablet"), 0.04, 0.0)
    acquisition = np.select(
        [u < refurb_p, u < refurb_p + leased_p, u < refurb_p + leased_p + donated_p], [1, 2, 3], 0
    )
    refurbished = acquisition == 1
    life = rng.choice([2, 3, 4, 5], size=n, p=[0.25, 0.4, 0.25, 0.1])
    first_life = np.where(refurbished, life, 0)
    model_year = year - first_life
    model = _pick_models(rng, ent, cat, model_year)

    # Status (codes into _STATUS_CODES) by age; retired devices leave after a year at least.
    age = (ref - purchase).astype(np.int64) / 365.25
    p_retired = np.clip(0.04 * (age - 3), 0, 0.45)
    p_broken = 0.01 + 0.006 * age
    p_stock = np.where(age < 0.5, 0.18, 0.05)
    u = rng.random(n)
    status = np.select(
        [u < p_retired, u < p_retired + p_broken, u < p_retired + p_broken + p_stock], [3, 2, 1], 0
    )
    retired, broken, in_service = status == 3, status == 2, status == 0
    span = (ref - purchase).astype(np.int64)
    kept = np.maximum(365, (span * rng.uniform(0.45, 0.97, n)).astype(np.int64))
    retirement = np.where(
        retired,
        purchase + np.minimum(kept, span - 1).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    u = rng.random(n)
    condition = np.select(
        [broken, retired & (u < 0.5), retired, age < 4, u < 0.55], [2, 2, 1, 0, 0], 1
    )
    condition[(age < 4) & ~retired & ~broken & (u < 0.08)] = 1

    # Prices: typical price ±8 %, 45 % of it when refurbished; unknown for leases
    # and for part of the oldest purchases.
    price = _M_PRICE[model] * rng.lognormal(0.0, 0.08, n)
    price = np.where(refurbished, price * 0.45, price)
    price = np.where(acquisition == 3, price * 0.3, price)
    unknown_price = (acquisition == 2) | ((age > 8) & (rng.random(n) < 0.3))
    price = np.where(unknown_price, np.nan, np.round(price, 2))

    # Lots (quantity > 1) for the categories bought by the dozen.
    quantity = np.ones(n, dtype=np.int64)
    lot = _in(cat, *LOT_CATEGORIES) & (rng.random(n) < lot_share)
    quantity[lot] = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24], size=int(lot.sum()))

    # Specs of computers and servers.
    computers = _in(cat, *_COMPUTERS)
    thin = _in(cat, "thin_client")
    server = _in(cat, "server")
    cpu_col = rng.integers(0, 3, n)
    cpu = np.where(computers | thin | server, _M_CPU[model, cpu_col], 0)
    ram = np.full(n, np.nan)
    storage = np.full(n, np.nan)
    storage_type = np.zeros(n, dtype=np.int64)
    band = np.digitize(model_year, [2017, 2021, 2024])
    ram_bands = (
        ([4, 8], [0.5, 0.5]),
        ([8, 16], [0.8, 0.2]),
        ([8, 16], [0.5, 0.5]),
        ([16, 32], [0.85, 0.15]),
    )
    disk_bands = (
        ([500, 256, 128], [1, 2, 2], [0.5, 0.4, 0.1]),
        ([256, 512], [2, 2], [0.8, 0.2]),
        ([256, 512], [2, 2], [0.5, 0.5]),
        ([512, 1024], [2, 2], [0.8, 0.2]),
    )
    for b in range(4):
        rows = np.flatnonzero(computers & (band == b))
        ram[rows] = rng.choice(ram_bands[b][0], size=len(rows), p=ram_bands[b][1])
        sizes, kinds, p = disk_bands[b]
        pick = rng.choice(len(sizes), size=len(rows), p=p)
        storage[rows] = np.array(sizes)[pick]
        storage_type[rows] = np.array(kinds)[pick]
    ram[_in(cat, "workstation")] *= 2
    ram[thin] = rng.choice([4, 8], size=int(thin.sum()))
    storage[thin] = rng.choice([16, 32], size=int(thin.sum()))
    storage_type[thin] = 3
    ram[server] = rng.choice([64, 128, 192, 256, 384, 512], size=int(server.sum()))
    storage[server] = rng.choice([1920, 3840, 7680, 9600, 19200], size=int(server.sum()))
    storage_type[server] = rng.choice([2, 1], size=int(server.sum()), p=[0.6, 0.4])
    mobile = _in(cat, "smartphone", "tablet")
    storage[mobile] = np.where(model_year[mobile] < 2020, 32, 64) * rng.choice(
        [1, 2, 4], size=int(mobile.sum()), p=[0.5, 0.4, 0.1]
    )

    # TPM and OS: what Windows 11 eligibility will be judged on.
    pc_windows = computers & (_M_MANU[model] != _MANUFACTURERS.index("Apple"))
    u = rng.random(n)
    tpm = np.select(
        [model_year >= 2017, (model_year >= 2015) & (u < 0.6), model_year >= 2015, u < 0.7],
        [1, 1, 2, 2],
        0,
    )
    tpm[~pc_windows] = 0
    capable = _M_WIN11[model, cpu_col] & (tpm == 1)
    u = rng.random(n)
    win11 = capable & ((model_year >= 2022) | (in_service & (u < 0.85)) | (u < 0.2))
    retire_year = retirement.astype("datetime64[Y]").astype(np.int64) + 1970
    w11, w10, w7, ubuntu = (_OS_LABELS.index(os_name) for os_name in _PC_OS)
    os_code = np.select(
        [
            ~pc_windows,
            win11,
            capable,
            retired & (retire_year <= 2019) & (u < 0.6),
            in_service & (u < 0.18),
        ],
        [_M_OS[model], w11, w10, w7, ubuntu],
        w10,
    )
    server_os = (
        _OS_LABELS.index(_SERVER_OS[0])
        + 3 * np.digitize(model_year, [2018, 2022])
        + rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    )
    os_code[server] = server_os[server]

    # Where and for whom: IT gear in the server room and the IT department.
    network = _in(cat, "server", "storage", "firewall", "router", "network_switch")
    server_room_p = np.select(
        [_in(cat, "server", "storage"), _in(cat, "firewall"), _in(cat, "router", "network_switch")],
        [1.0, 0.8, 0.35],
        0.0,
    )
    in_room = rng.random(n) < server_room_p
    site = np.zeros(n, dtype=np.int64)
    department = np.zeros(n, dtype=np.int64)
    for e, spec in enumerate(ENTITIES):
        rows = np.flatnonzero(ent == e)
        if not len(rows):
            continue
        names, weights = zip(*spec.sites, strict=True)
        site_codes = np.array([_SITE_LABELS.index(s) for s in names])
        w = np.array(weights, dtype=float)
        site[rows] = site_codes[rng.choice(len(names), size=len(rows), p=w / w.sum())]
        site[rows[in_room[rows]]] = _SITE_LABELS.index(spec.server_room)
        dept_codes = np.array([_DEPT_LABELS.index(d) for d in spec.departments])
        department[rows] = dept_codes[rng.integers(0, len(dept_codes), len(rows))]
        department[rows[in_room[rows] | network[rows]]] = dept_codes[0]

    # Identifiers: hostname-like names, asset tags with the purchase year, serials.
    seq = pc.utf8_lpad(pc.cast(pa.array(np.arange(first_seq, first_seq + n)), pa.string()), 6, "0")
    prefix = _labels([e.prefix for e in ENTITIES], ent)
    codes = [_NAME_CODES[c] for c in _CATS]
    kind = _labels(codes + ["LOT-" + c for c in codes], cat + len(_CATS) * lot)
    name = pc.binary_join_element_wise(prefix, kind, seq, "-")
    tag_stem = pc.binary_join_element_wise(prefix, pc.cast(pa.array(year), pa.string()), "")
    no_tag = lot | (_in(cat, "smartphone", "mobile_phone") & (rng.random(n) < 0.3))
    asset_tag = pc.if_else(
        pa.array(no_tag),
        pa.scalar(None, pa.string()),
        pc.binary_join_element_wise(tag_stem, seq, "-"),
    )
    serial = pc.if_else(pa.array(lot), pa.scalar(None, pa.string()), _serials(rng, _M_MANU[model]))

    # Measured kWh and known weights are the exception, not the rule.
    kwh = np.round(_M_KWH[model] * rng.uniform(0.8, 1.25, n), 1)
    annual_kwh = np.where(rng.random(n) < 0.1, kwh, np.nan)
    weight = np.where(rng.random(n) < 0.3, _M_KG[model], np.nan)

    def text(values: pa.Array) -> pd.api.extensions.ExtensionArray:
        return pd.array(values, dtype="str")

    return pd.DataFrame(
        {
            "entity": text(_labels([e.name for e in ENTITIES], ent)),
            "name": text(name),
            "serial": text(serial),
            "asset_tag": text(asset_tag),
            "category": text(_labels(_CATS, cat)),
            "manufacturer": text(_labels(_MANUFACTURERS, _M_MANU[model])),
            "model": text(_labels(_MODEL_NAMES, model)),
            "purchase_date": pd.to_datetime(purchase),
            "acquisition": text(_labels(ACQUISITIONS, acquisition)),
            "status": text(_labels(_STATUS_CODES, status)),
            "price_eur": price,
            "quantity": quantity,
            "site": text(_labels(_SITE_LABELS, site)),
            "department": text(_labels(_DEPT_LABELS, department)),
            "cpu": text(_labels(_CPU_LABELS, cpu)),
            "ram_gb": ram,
            "storage_gb": storage,
            "storage_type": text(_labels(_STORAGE_TYPES, storage_type)),
            "tpm": text(_labels(_TPM, tpm)),
            "os": text(_labels(_OS_LABELS, os_code)),
            "condition": text(_labels(_CONDITIONS, condition)),
            "retirement_date": pd.to_datetime(retirement),
            "annual_kwh": annual_kwh,
            "first_life_years": np.where(refurbished, first_life.astype(float), np.nan),
            "weight_kg": weight,
        },
        columns=list(CANONICAL_COLUMNS),
    )


def _entity_weights() -> np.ndarray:
    agents = np.array([e.agents for e in ENTITIES], dtype=float)
    return agents / agents.sum()


def generate_fleet(
    n: int,
    seed: int = SEED,
    *,
    reference_date: dt.date = REFERENCE_DATE,
    lot_share: float = 0.02,
) -> pd.DataFrame:
    """A synthetic fleet of ``n`` rows (devices or lots) in canonical field names.

    Entities are those of ``entities.csv``, in proportion to their agents; a
    ``lot_share`` of the rows in lot-friendly categories carry a quantity above 1.
    Same ``(n, seed)`` → same frame. Columns: :data:`CANONICAL_COLUMNS`.
    """
    rng = np.random.default_rng([seed, 0])
    ent = rng.choice(len(ENTITIES), size=n, p=_entity_weights())
    return _draw_fleet(rng, n, ent, reference_date=reference_date, lot_share=lot_share)


# ------------------------------------------------------------------ files and manifest


@dataclass
class Line:
    """One line (csv) or row (xlsx) of a generated file, as the user sees it."""

    values: list[Any]
    kind: str = "data"  # data | header | title | blank | total | repeated_header
    category: str = ""
    status: str = ""
    quantity: int = 1
    entity: str = ""
    acquisition: str = ""
    reject: str = ""


@dataclass
class SampleFile:
    """A generated inventory file and what an importer must make of it."""

    name: str
    fmt: str
    entity: str | None
    lines: list[Line]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    entity_column: str | None = None
    #: Column the acquisition is read from, when the format carries it.
    acquisition_column: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def manifest(self) -> dict[str, Any]:
        data = [(i, line) for i, line in enumerate(self.lines, start=1) if line.kind == "data"]
        kept = [line for _, line in data if not line.reject]
        header = next(i for i, line in enumerate(self.lines, start=1) if line.kind == "header")
        return {
            "file": self.name,
            "format": self.fmt,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "entity": self.entity,
            "entity_column": self.entity_column,
            "header_row": header,
            "data_rows": len(data),
            "records": len(kept),
            "units": sum(line.quantity for line in kept),
            **_breakdowns(kept),
            "acquisition_column": self.acquisition_column,
            "by_acquisition_units": _acquisitions(kept) if self.acquisition_column else None,
            "rejects": [{"row": i, "reason": line.reject} for i, line in data if line.reject],
            "ignored_rows": [
                {"row": i, "kind": line.kind}
                for i, line in enumerate(self.lines, start=1)
                if line.kind not in ("data", "header")
            ],
            **self.notes,
        }


def _breakdowns(lines: Iterable[Line]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {
        k: Counter()
        for k in (
            "by_category",
            "by_category_units",
            "by_status",
            "by_status_units",
            "by_entity",
            "by_entity_units",
        )
    }
    for line in lines:
        for key, value in (
            ("category", line.category),
            ("status", line.status),
            ("entity", line.entity),
        ):
            out[f"by_{key}"][value] += 1
            out[f"by_{key}_units"][value] += line.quantity
    return {k: dict(sorted(v.items())) for k, v in out.items()}


def _acquisitions(lines: Iterable[Line]) -> dict[str, int]:
    units: Counter[str] = Counter()
    for line in lines:
        units[line.acquisition] += line.quantity
    return dict(sorted(units.items()))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with ``None`` for missing values and ``date`` for dates."""
    clean = frame.astype(object).where(frame.notna(), None)
    rows = clean.to_dict("records")
    for row in rows:
        for key in ("purchase_date", "retirement_date"):
            if row[key] is not None:
                row[key] = row[key].date()
    return rows


def _line(values: list[Any], row: dict[str, Any], reject: str = "") -> Line:
    return Line(
        values,
        category=row["category"],
        status=row["status"],
        quantity=int(row["quantity"]),
        entity=row["entity"],
        acquisition=row["acquisition"],
        reject=reject,
    )


def _fr_number(value: float | None, thousands: str = " ") -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "\x00").replace(".", ",")
    return text.replace("\x00", thousands)


def _user_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    first = np.array(_FIRST_NAMES, dtype=object)[rng.integers(0, len(_FIRST_NAMES), n)]
    last = np.array(_LAST_NAMES, dtype=object)[rng.integers(0, len(_LAST_NAMES), n)]
    return first, last


def _ascii_login(first: str, last: str) -> str:
    table = str.maketrans("éèëêàçïîôÉ", "eeeeaciioE")
    return f"{first[0]}{last}".translate(table).lower().replace(" ", "")


def _has_user(rng: np.random.Generator, rows: list[dict[str, Any]]) -> np.ndarray:
    personal = np.array([r["category"] in _PERSONAL and r["status"] == "in_service" for r in rows])
    return personal & (rng.random(len(rows)) < 0.75)


# -------------------------------------------------------------- 1. the métropole's xlsx

METRO_XLSX_HEADERS = (
    "N° inventaire",
    "Nom d'hôte",
    "N° de série",
    "Type de matériel",
    "Marque",
    "Modèle",
    "Date d'achat",
    "Prix HT (€)",
    "Mode d'acquisition",
    "Statut",
    "Date de sortie",
    "État",
    "Site",
    "Service",
    "Utilisateur",
    "Processeur",
    "RAM",
    "Stockage",
    "TPM",
    "OS",
    "Données sensibles",
    "Observations",
)
_XLSX_OS = {
    "Windows 11 Pro": ("Windows 11 Pro", "W11", "Win 11"),
    "Windows 10 Pro": ("Windows 10 Pro", "W10", "Windows 10"),
    "Windows 7 Professionnel": ("Windows 7", "W7"),
}
_NOTES = {
    "broken": ("Écran cassé", "Ne démarre plus", "Batterie HS", "Carte mère HS", "Clavier HS"),
    "retired": ("Réformé - DEEE", "Sorti de l'inventaire", "Obsolète"),
    "refurbished": ("Reconditionné, garantie 12 mois", "Reconditionné grade A"),
}


def _storage_text(rng: np.random.Generator, gb: float | None, kind: str | None) -> str | None:
    if gb is None:
        return None
    size = f"{gb / 1000:g} To" if gb >= 1000 else f"{gb:g} Go"
    return f"{size} {kind}" if kind and rng.random() < 0.5 else (f"{kind} {size}" if kind else size)


def _metro_xlsx(rng: np.random.Generator, n: int) -> SampleFile:
    spec = ENTITY_BY_NAME[_METRO]
    frame = _draw_fleet(rng, n, np.zeros(n, dtype=np.int64), first_seq=1)
    rows = _records(frame)
    first, last = _user_names(rng, n)
    has_user = _has_user(rng, rows)
    sensitive_dept = {"Ressources humaines", "Finances", "Direction des systèmes d'information"}
    lines: list[Line] = []
    for i, row in enumerate(rows):
        manu = row["manufacturer"]
        variants = _MANUFACTURER_VARIANTS.get(manu, (manu,))
        manu_text = variants[rng.integers(0, len(variants))] if rng.random() < 0.3 else manu
        model = row["model"] + (" " if rng.random() < 0.03 else "")
        ram: Any = row["ram_gb"]
        if ram is not None:
            ram = int(ram) if rng.random() < 0.5 else f"{int(ram)} Go"
        os_text = row["os"]
        if os_text in _XLSX_OS:
            os_text = _XLSX_OS[os_text][rng.integers(0, len(_XLSX_OS[os_text]))]
        status_label = STATUS_LABELS["xlsx"][row["status"]]
        if rng.random() < 0.03:
            status_label = status_label.lower()
        acquisition = ACQUISITION_LABELS[row["acquisition"]]
        if row["acquisition"] == "refurbished" and rng.random() < 0.4:
            acquisition = "Reconditionné"
        note = None
        pool = _NOTES.get(row["status"]) or (
            _NOTES["refurbished"] if row["acquisition"] == "refurbished" else None
        )
        if pool and rng.random() < 0.5:
            note = pool[rng.integers(0, len(pool))]
        sensitive = (
            row["category"] in {"laptop", "desktop", "server", "storage"}
            and row["department"] in sensitive_dept
            and rng.random() < 0.25
        )
        labels = XLSX_TYPE_LABELS[row["category"]]
        values = [
            row["asset_tag"],
            row["name"],
            row["serial"],
            labels[rng.integers(0, len(labels))],
            manu_text,
            model,
            row["purchase_date"],
            row["price_eur"],
            acquisition,
            status_label,
            row["retirement_date"],
            CONDITION_LABELS[row["condition"]],
            row["site"] + (" " if rng.random() < 0.02 else ""),
            row["department"],
            f"{last[i].upper()} {first[i]}" if has_user[i] else None,
            row["cpu"],
            ram,
            _storage_text(rng, row["storage_gb"], row["storage_type"]),
            row["tpm"],
            os_text,
            "oui" if sensitive else "non",
            note,
        ]
        lines.append(_line(values, row))

    # Defects the importer must reject, each on a distinct row.
    victims = rng.choice(len(lines), size=3, replace=False)
    future, negative, anonymous = (lines[v] for v in victims)
    future.values[6] = REFERENCE_DATE + dt.timedelta(days=107)
    future.reject = "future_purchase_date"
    negative.values[7] = -abs(negative.values[7] or 1249.0)
    negative.reject = "negative_price"
    anonymous.values[0] = anonymous.values[1] = anonymous.values[2] = None
    anonymous.reject = "missing_identifier"
    clean = [i for i in range(len(lines)) if i not in set(victims.tolist())]
    original = lines[int(rng.choice(clean[: len(clean) // 2]))]
    duplicate = replace(original, values=list(original.values), reject="duplicate")
    lines.insert(int(rng.integers(len(lines) * 6 // 10, len(lines))), duplicate)
    for pos in sorted(
        rng.choice(np.arange(50, len(lines) - 10), size=3, replace=False), reverse=True
    ):
        lines.insert(int(pos), Line([None] * len(METRO_XLSX_HEADERS), kind="blank"))
    head = [
        Line(["Inventaire du parc informatique — Grenoble-Alpes Métropole"], kind="title"),
        Line(
            [f"Export du {REFERENCE_DATE:%d/%m/%Y} — Direction des systèmes d'information"],
            kind="title",
        ),
        Line([], kind="blank"),
        Line(list(METRO_XLSX_HEADERS), kind="header"),
    ]
    return SampleFile(
        "inventaire-metropole.xlsx",
        "xlsx",
        spec.name,
        head + lines,
        sheet="Parc informatique",
        acquisition_column="Mode d'acquisition",
        notes={"sensitive_column": "Données sensibles"},
    )


def _write_metro_xlsx(sample: SampleFile, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sample.sheet or "Feuil1"
    dates = {METRO_XLSX_HEADERS.index(h) for h in ("Date d'achat", "Date de sortie")}
    price_col = METRO_XLSX_HEADERS.index("Prix HT (€)")
    for line in sample.lines:
        ws.append(line.values)
        row = ws.max_row
        if line.kind in ("title", "header"):
            for cell in ws[row]:
                cell.font = Font(bold=True, size=14 if line.kind == "title" and row == 1 else 11)
        if line.kind != "data":
            continue
        for col in dates:
            ws.cell(row=row, column=col + 1).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=price_col + 1).number_format = '#,##0.00 "€"'
    ws.freeze_panes = "A5"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQRSTUV",
        (16, 16, 14, 18, 14, 26, 12, 12, 18, 12, 12, 12, 30, 30, 22, 26, 8, 14, 6, 14, 10, 30),
        strict=True,
    ):
        ws.column_dimensions[letter].width = width
    lists = wb.create_sheet("Listes")
    lists.append(["Statut", "Mode d'acquisition", "État"])
    status_values = list(STATUS_LABELS["xlsx"].values())
    acq_values = list(ACQUISITION_LABELS.values())
    cond_values = list(CONDITION_LABELS.values())
    for i in range(max(len(status_values), len(acq_values), len(cond_values))):
        lists.append(
            [v[i] if i < len(v) else None for v in (status_values, acq_values, cond_values)]
        )
    _save_workbook(wb, path)


def _save_workbook(wb: Workbook, path: Path) -> None:
    """Save with pinned timestamps so that the file's bytes depend only on its content."""
    wb.properties.creator = "ecoparc samples"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    _pin_zip(tmp, path)
    tmp.unlink()


def _pin_zip(source: Path, target: Path) -> None:
    """Rewrite an xlsx with fixed entry times and core-properties dates.

    openpyxl stamps ``dcterms:modified`` with the clock at save time and zip
    entries with the local time; both would make every run differ.
    """
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                xml = src.read(info).decode("utf-8")
                xml = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{stamp}\g<2>",
                    xml,
                )
                dst.writestr(pinned, xml.encode("utf-8"))
                continue
            with src.open(info) as fin, dst.open(pinned, "w") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)


# ------------------------------------------------------------------- 2. GLPI exports

GLPI_HEADERS = (
    "Nom",
    "Entité",
    "Statut",
    "Fabricant",
    "Modèle",
    "Type",
    "Numéro de série",
    "Numéro d'inventaire",
    "Lieu",
    "Usager",
    "Système d'exploitation - Nom",
    "Composants - Processeur",
    "Composants - Mémoire",
    "Date d'achat",
    "Date de mise en service",
    "Valeur",
    "Dernière modification",
)
_GLPI_OS = {
    "Windows 11 Pro": "Microsoft Windows 11 Professionnel",
    "Windows 10 Pro": "Microsoft Windows 10 Professionnel",
    "Windows 7 Professionnel": "Microsoft Windows 7 Professionnel",
    "Windows Server 2016": "Microsoft Windows Server 2016 Standard",
    "Windows Server 2019": "Microsoft Windows Server 2019 Standard",
    "Windows Server 2022": "Microsoft Windows Server 2022 Standard",
}
_HP_SUFFIX = {
    "laptop": " Notebook PC",
    "desktop": " Small Form Factor PC",
    "all_in_one": " All-in-One PC",
}


def _glpi_model(row: dict[str, Any]) -> str:
    """GLPI's agent reports HP computers with their full marketing name."""
    if row["manufacturer"] == "HP" and row["category"] in _HP_SUFFIX:
        return f"HP {row['model']}{_HP_SUFFIX[row['category']]}"
    return str(row["model"])


def _glpi_rows(
    rng: np.random.Generator,
    frame: pd.DataFrame,
    *,
    date_format: str,
    entity_path: Callable[[str], str] | None,
    mebibytes_share: float,
    thousands: str,
) -> list[Line]:
    rows = _records(frame)
    first, last = _user_names(rng, len(rows))
    has_user = _has_user(rng, rows)
    lines = []
    for i, row in enumerate(rows):
        commissioning = row["purchase_date"] + dt.timedelta(days=int(rng.integers(3, 60)))
        commissioning = min(commissioning, REFERENCE_DATE)
        changed = dt.datetime.combine(commissioning, dt.time(8)) + dt.timedelta(
            days=int(rng.integers(0, max(1, (REFERENCE_DATE - commissioning).days + 1))),
            minutes=int(rng.integers(0, 600)),
        )
        changed = min(changed, FIXED_TIMESTAMP)
        memory = ""
        if row["ram_gb"] is not None:
            gb = int(row["ram_gb"])
            memory = f"{gb * 1024} Mo" if rng.random() < mebibytes_share else f"{gb} Go"
        manu = _GLPI_MANUFACTURERS.get(row["manufacturer"], row["manufacturer"])
        values = [
            row["name"],
            entity_path(row["entity"]) if entity_path else None,
            STATUS_LABELS["glpi"][row["status"]],
            manu,
            _glpi_model(row) + (" " if rng.random() < 0.03 else ""),
            GLPI_TYPE_LABELS[row["category"]],
            row["serial"] or "",
            row["asset_tag"] or "",
            row["site"],
            _ascii_login(first[i], last[i]) if has_user[i] else "",
            _GLPI_OS.get(row["os"], row["os"]) or "",
            row["cpu"] or "",
            memory,
            row["purchase_date"].strftime(date_format),
            commissioning.strftime(date_format),
            _fr_number(row["price_eur"], thousands),
            changed.strftime(f"{date_format} %H:%M"),
        ]
        if entity_path is None:
            del values[1]
        lines.append(_line(values, row))
    return lines


def _glpi_grenoble(rng: np.random.Generator, n: int) -> SampleFile:
    """Grenoble's GLPI: one export per asset menu, pasted one after the other."""
    ent = np.where(rng.random(n) < 0.15, 2, 1)  # CCAS de Grenoble, else Grenoble
    frame = _draw_fleet(rng, n, ent, first_seq=1)
    order = {c: i for i, section in enumerate(_GLPI_SECTIONS) for c in section}
    frame["_section"] = frame["category"].map(order)
    frame = frame.sort_values(["_section", "name"], kind="stable").drop(columns="_section")

    def path(entity: str) -> str:
        return _METRO + " > Grenoble" + (" > CCAS de Grenoble" if entity != "Grenoble" else "")

    lines = _glpi_rows(
        rng, frame, date_format="%d/%m/%Y", entity_path=path, mebibytes_share=0.5, thousands=" "
    )
    victims = rng.choice(len(lines), size=4, replace=False)
    anonymous, bad_date, future, negative = (lines[v] for v in victims)
    for col in (0, 6, 7):
        anonymous.values[col] = ""
    anonymous.reject = "missing_identifier"
    bad_date.values[13] = "31/02/2021"
    bad_date.reject = "invalid_date"
    future.values[13] = (REFERENCE_DATE + dt.timedelta(days=45)).strftime("%d/%m/%Y")
    future.reject = "future_purchase_date"
    negative.values[15] = "-" + (negative.values[15] or "450,00")
    negative.reject = "negative_price"
    out: list[Line] = [Line(list(GLPI_HEADERS), kind="header")]
    previous = None
    for line in lines:
        section = order[line.category]
        if previous is not None and section != previous:
            out.append(Line(list(GLPI_HEADERS), kind="repeated_header"))
        previous = section
        out.append(line)
    out.insert(
        int(rng.integers(len(out) // 3, len(out) // 2)),
        Line([""] * len(GLPI_HEADERS), kind="blank"),
    )
    return SampleFile(
        "glpi-grenoble.csv",
        "glpi_csv",
        None,
        out,
        encoding="cp1252",
        delimiter=";",
        entity_column="Entité",
    )


def _glpi_smh(rng: np.random.Generator, n: int) -> SampleFile:
    """Saint-Martin-d'Hères: single-entity GLPI, UTF-8 with BOM, two-digit years."""
    idx = [e.name for e in ENTITIES].index("Saint-Martin-d'Hères")
    frame = _draw_fleet(rng, n, np.full(n, idx), first_seq=1)
    lines = _glpi_rows(
        rng, frame, date_format="%d-%m-%y", entity_path=None, mebibytes_share=0.0, thousands=""
    )
    future, anonymous = (lines[v] for v in rng.choice(len(lines), size=2, replace=False))
    future.values[12] = (REFERENCE_DATE + dt.timedelta(days=200)).strftime("%d-%m-%y")
    future.reject = "future_purchase_date"
    for col in (0, 5, 6):
        anonymous.values[col] = ""
    anonymous.reject = "missing_identifier"
    headers = [h for h in GLPI_HEADERS if h != "Entité"]
    return SampleFile(
        "glpi-saint-martin-d-heres.csv",
        "glpi_csv",
        "Saint-Martin-d'Hères",
        [Line(headers, kind="header"), *lines],
        encoding="utf-8-sig",
        delimiter=";",
        notes={"date_format": "dd-mm-yy"},
    )


def _write_csv(sample: SampleFile, path: Path, *, quoting: int, newline: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=sample.delimiter or ",", quoting=quoting, lineterminator=newline
    )
    for line in sample.lines:
        writer.writerow(["" if v is None else v for v in line.values])
    path.write_bytes(buffer.getvalue().encode(sample.encoding or "utf-8"))


# ------------------------------------------------------------------ 3. NumEcoEval

NUMECOEVAL_HEADERS = (
    "nomEquipementPhysique",
    "modele",
    "quantite",
    "nomCourtDatacenter",
    "dateAchat",
    "dateRetrait",
    "dureeUsageInterne",
    "dureeUsageAmont",
    "dureeUsageAval",
    "type",
    "statut",
    "paysDUtilisation",
    "consoElecAnnuelle",
    "utilisateur",
    "nomSourceDonnee",
    "nomEntite",
    "nbCoeur",
    "modeUtilisation",
    "tauxUtilisation",
    "qualite",
)


def _numecoeval_echirolles(rng: np.random.Generator, n: int) -> SampleFile:
    spec = ENTITY_BY_NAME["Échirolles"]
    idx = ENTITIES.index(spec)
    frame = _draw_fleet(rng, n, np.full(n, idx), lot_share=0.1, first_seq=1)
    rows = _records(frame)
    lines = []
    for row in rows:
        cores = ""
        if row["category"] == "server":
            cores = str(2 * _SERVER_CORES[row["cpu"]])
        kwh = ""
        if row["annual_kwh"] is not None or rng.random() < 0.15:
            kwh = f"{(row['annual_kwh'] or _KWH_BY_MODEL[row['manufacturer'], row['model']]):.1f}"
        values = [
            row["name"],
            f"{row['manufacturer']} {row['model']}",
            row["quantity"],
            "DC-ECH-HDV" if row["site"] == spec.server_room else "",
            row["purchase_date"].isoformat(),
            row["retirement_date"].isoformat() if row["retirement_date"] else "",
            "",
            f"{row['first_life_years']:g}" if row["first_life_years"] is not None else "",
            "",
            NUMECOEVAL_TYPE_LABELS[row["category"]],
            STATUS_LABELS["numecoeval"][row["status"]],
            "France",
            kwh,
            "",
            "GLPI Échirolles",
            spec.name,
            cores,
            "COPE" if row["category"] == "smartphone" else "",
            "",
            ["", "BASSE", "MOYENNE", "HAUTE"][int(rng.integers(0, 4))],
        ]
        line = _line(values, row)
        # The format only says "refurbished" (a first life before ours), nothing else.
        line.acquisition = "refurbished" if row["first_life_years"] else "new"
        lines.append(line)
    victims = rng.choice(len(lines), size=4, replace=False)
    zero, dup, backwards, anonymous = (lines[v] for v in victims)
    zero.values[2] = 0
    zero.quantity = 0
    zero.reject = "invalid_quantity"
    twin = lines[int(rng.choice(np.setdiff1d(np.arange(len(lines)), victims)))]
    dup.values[0] = twin.values[0]
    dup.reject = "duplicate"
    purchase = dt.date.fromisoformat(backwards.values[4])
    backwards.values[5] = (purchase - dt.timedelta(days=200)).isoformat()
    backwards.reject = "retirement_before_purchase"
    anonymous.values[0] = ""
    anonymous.reject = "missing_identifier"
    # The duplicate must come after its twin for "second one rejected" to hold.
    i_dup, i_twin = lines.index(dup), lines.index(twin)
    if i_dup < i_twin:
        lines[i_dup], lines[i_twin] = lines[i_twin], lines[i_dup]
    return SampleFile(
        "numecoeval-echirolles.csv",
        "numecoeval_csv",
        None,
        [Line(list(NUMECOEVAL_HEADERS), kind="header"), *lines],
        encoding="utf-8",
        delimiter=";",
        entity_column="nomEntite",
        acquisition_column="dureeUsageAmont",
    )


# ------------------------------------------------------------ 4. the small commune

SARCENAS_HEADERS = (
    "Désignation",
    "Marque",
    "Modèle",
    "N° de série",
    "Quantité",
    "Date d'achat",
    "Prix TTC",
    "Statut",
    "État",
    "Observations",
)
#: (designation, category, manufacturer, model, serial, quantity, purchase, price TTC,
#: status, condition, note) — written by hand, as the secretary of the mairie would.
_SARCENAS_TABLE = """
Ordinateur portable;laptop;Lenovo;ThinkPad L14 Gen 2;PF2X8K3L;1;2021-09-14;1020;in_service;Bon;\
Poste secrétariat de mairie
Ordinateur portable;laptop;HP;ProBook 450 G5;5CD8231XQZ;1;2018-06-05;894;in_service;Moyen;\
Poste du maire, batterie faible
Ordinateur portable reconditionné;laptop;Lenovo;ThinkPad T480;PF1HB6QW;1;2024-09-23;420;\
in_service;Bon;Reconditionné (achat UGAP)
PC fixe;desktop;Dell;OptiPlex 3050;7H2KQ42;1;2017-11-20;708;in_stock;Moyen;Ancien poste accueil
Ordinateur portable;laptop;Dell;Latitude E5470;3JX9G52;1;2016-10-03;1080;broken;Hors service;\
Carte mère HS, à recycler
Écran;monitor;Dell;P2422H;;2;2021-09-14;396;in_service;Bon;
Écran;monitor;HP;E24 G4;CNK1470B2D;1;2022-03-08;216;in_service;Bon;
Imprimante multifonction;mfp;Brother;MFC-L8690CDW;E78123K9N;1;2019-03-02;540;in_service;Bon;
Smartphone;smartphone;Samsung;Galaxy A52;R58R31ABCDE;1;2021-05-10;369;in_service;Bon;\
Téléphone d'astreinte
Tablette;tablet;Apple;iPad 9;DMPGH2Q7Q1;1;2022-01-18;429;in_service;Bon;Conseil municipal
Vidéoprojecteur;projector;Epson;EB-2250U;X4KL2100381;1;2019-11-12;1188;in_service;Bon;\
Salle du conseil
Borne wifi;wifi_ap;Ubiquiti;UniFi U6 Lite;E063DA4F21;1;2023-02-08;129;in_service;Bon;
Onduleur;other;APC;Back-UPS 700;4B2011P55012;1;2020-06-30;110;in_service;Bon;
"""


def _sarcenas_rows() -> list[tuple[Any, ...]]:
    """The table above as typed values; a trailing backslash continues a line."""
    rows = []
    for line in _SARCENAS_TABLE.strip().splitlines():
        label, cat, manu, model, serial, qty, bought, ttc, status, cond, note = line.split(";")
        rows.append(
            (label, cat, manu, model, serial or None, int(qty), dt.date.fromisoformat(bought),
             float(ttc), status, cond, note or None)
        )  # fmt: skip
    return rows


_SARCENAS_STATUS = {"in_service": "En service", "in_stock": "En stock", "broken": "HS"}


def _sarcenas_xlsx() -> SampleFile:
    rows = _sarcenas_rows()
    lines = [
        Line(
            ["Mairie de Sarcenas — matériel informatique (mis à jour en novembre 2026)"],
            kind="title",
        ),
        Line(list(SARCENAS_HEADERS), kind="header"),
    ]
    for label, cat, manu, model, serial, qty, bought, ttc, status, cond, note in rows:
        values = [
            label,
            manu,
            model,
            serial,
            qty,
            bought,
            ttc,
            _SARCENAS_STATUS[status],
            cond,
            note,
        ]
        lines.append(Line(values, category=cat, status=status, quantity=qty, entity="Sarcenas"))
    total_qty = sum(r[5] for r in rows)
    total_ttc = round(sum(r[7] for r in rows), 2)
    lines.append(Line(["TOTAL", None, None, None, total_qty, None, total_ttc], kind="total"))
    return SampleFile(
        "inventaire-sarcenas.xlsx",
        "xlsx",
        "Sarcenas",
        lines,
        sheet="Matériel",
        notes={"prices_include_vat": True, "price_per": "line"},
    )


def _write_sarcenas_xlsx(sample: SampleFile, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sample.sheet or "Feuil1"
    for line in sample.lines:
        ws.append(line.values)
        row = ws.max_row
        if line.kind != "data":
            for cell in ws[row]:
                cell.font = Font(bold=True)
        ws.cell(row=row, column=6).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=7).number_format = '#,##0.00 "€"'
    for letter, width in zip("ABCDEFGHIJ", (32, 12, 22, 16, 10, 12, 12, 12, 14, 30), strict=True):
        ws.column_dimensions[letter].width = width
    _save_workbook(wb, path)


# ------------------------------------------------------------ reference tables


def _entities_csv(path: Path) -> None:
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


def _partners_csv(path: Path) -> None:
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


def _needs_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["entity", "category", "quantity", "min_ram_gb", "min_storage_gb", "note"])
        for entity, cat, qty, ram, storage, note in NEEDS:
            writer.writerow([entity, cat, qty, ram or "", storage or "", note])


# ------------------------------------------------------------------------- entry points

#: Rows per file: about 5,000 units in all once the lots are counted.
SAMPLE_SIZES = {"metropole": 1700, "grenoble": 1850, "echirolles": 600, "smh": 560}


def build_samples(seed: int = SEED) -> list[SampleFile]:
    """The inventory files of ``samples/`` with their expected import results."""
    return [
        _metro_xlsx(np.random.default_rng([seed, 1]), SAMPLE_SIZES["metropole"]),
        _glpi_grenoble(np.random.default_rng([seed, 2]), SAMPLE_SIZES["grenoble"]),
        _numecoeval_echirolles(np.random.default_rng([seed, 3]), SAMPLE_SIZES["echirolles"]),
        _glpi_smh(np.random.default_rng([seed, 4]), SAMPLE_SIZES["smh"]),
        _sarcenas_xlsx(),
    ]


def _write_sample(sample: SampleFile, out: Path) -> None:
    path = out / sample.name
    if sample.name == "inventaire-metropole.xlsx":
        _write_metro_xlsx(sample, path)
    elif sample.name == "inventaire-sarcenas.xlsx":
        _write_sarcenas_xlsx(sample, path)
    elif sample.name == "glpi-grenoble.csv":
        _write_csv(sample, path, quoting=csv.QUOTE_ALL, newline="\r\n")
    else:
        _write_csv(sample, path, quoting=csv.QUOTE_MINIMAL, newline="\n")


def _totals(files: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"files": len(files)}
    for key in ("data_rows", "records", "units"):
        total[key] = sum(f[key] for f in files)
    total["rejects"] = sum(len(f["rejects"]) for f in files)
    for key in (
        "by_category",
        "by_category_units",
        "by_status",
        "by_status_units",
        "by_entity",
        "by_entity_units",
    ):
        merged: Counter[str] = Counter()
        for f in files:
            merged.update(f[key])
        total[key] = dict(sorted(merged.items()))
    return total


def _write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_samples(out: Path = SAMPLES_DIR, seed: int = SEED) -> dict[str, Any]:
    """Write every sample file and ``manifest.json`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    _entities_csv(out / "entities.csv")
    _partners_csv(out / "partners.csv")
    _needs_csv(out / "needs.csv")
    files = []
    for sample in build_samples(seed):
        _write_sample(sample, out)
        files.append(sample.manifest())
    manifest = {
        "generator": "samples/generate.py",
        "seed": seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        "files": files,
        "totals": _totals(files),
    }
    _write_json(manifest, out / "manifest.json")
    return manifest


# ------------------------------------------------------------------------ large fleets

#: The 20 columns of the large xlsx: French headers over canonical fields.
LARGE_XLSX_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Entité", "entity"),
    ("Nom", "name"),
    ("N° de série", "serial"),
    ("N° inventaire", "asset_tag"),
    ("Type de matériel", "category"),
    ("Marque", "manufacturer"),
    ("Modèle", "model"),
    ("Date d'achat", "purchase_date"),
    ("Mode d'acquisition", "acquisition"),
    ("Statut", "status"),
    ("Prix HT (€)", "price_eur"),
    ("Quantité", "quantity"),
    ("Site", "site"),
    ("Service", "department"),
    ("Processeur", "cpu"),
    ("RAM (Go)", "ram_gb"),
    ("Stockage (Go)", "storage_gb"),
    ("OS", "os"),
    ("État", "condition"),
    ("Date de sortie", "retirement_date"),
)


def _column_values(frame: pd.DataFrame, field_name: str) -> list[Any]:
    series = frame[field_name]
    if field_name in ("purchase_date", "retirement_date"):
        values = series.dt.date
        return values.astype(object).where(series.notna(), None).tolist()
    if field_name == "category":
        series = series.map({c: labels[0] for c, labels in CATEGORIES.items()})
    elif field_name == "status":
        series = series.map(STATUS_LABELS["xlsx"])
    elif field_name == "acquisition":
        series = series.map(ACQUISITION_LABELS)
    elif field_name == "condition":
        series = series.map(CONDITION_LABELS)
    return series.astype(object).where(series.notna(), None).tolist()


def write_large(n: int, out: Path, seed: int = SEED) -> dict[str, Any]:
    """Write ``fleet-N.xlsx`` (20 French columns), ``fleet-N.csv`` (canonical) and
    ``manifest-large.json`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    frame = generate_fleet(n, seed)
    xlsx_name, csv_name = f"fleet-{n}.xlsx", f"fleet-{n}.csv"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Parc")
    ws.append([header for header, _ in LARGE_XLSX_COLUMNS])
    for start in range(0, n, 50_000):  # bounded memory: Python objects for 50k rows at a time
        chunk = frame.iloc[start : start + 50_000]
        columns = [_column_values(chunk, f) for _, f in LARGE_XLSX_COLUMNS]
        for row in zip(*columns, strict=True):
            ws.append(row)
    _save_workbook(wb, out / xlsx_name)
    csv_frame = frame.copy()
    for col in ("purchase_date", "retirement_date"):
        csv_frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    csv_frame.to_csv(out / csv_name, index=False, encoding="utf-8", lineterminator="\n")
    units = frame.groupby("category")["quantity"].sum()
    manifest = {
        "generator": "samples/generate.py --large",
        "seed": seed,
        "reference_date": REFERENCE_DATE.isoformat(),
        "rows": n,
        "units": int(frame["quantity"].sum()),
        "files": {
            "xlsx": {
                "file": xlsx_name,
                "sheet": "Parc",
                "header_row": 1,
                "columns": len(LARGE_XLSX_COLUMNS),
            },
            "csv": {
                "file": csv_name,
                "delimiter": ",",
                "encoding": "utf-8",
                "columns": len(CANONICAL_COLUMNS),
            },
        },
        "by_category": {
            k: int(v) for k, v in frame["category"].value_counts().sort_index().items()
        },
        "by_category_units": {k: int(v) for k, v in units.sort_index().items()},
        "by_status": {k: int(v) for k, v in frame["status"].value_counts().sort_index().items()},
        "by_status_units": {
            k: int(v) for k, v in frame.groupby("status")["quantity"].sum().sort_index().items()
        },
        "by_entity_units": {
            k: int(v) for k, v in frame.groupby("entity")["quantity"].sum().sort_index().items()
        },
    }
    _write_json(manifest, out / "manifest-large.json")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", type=int, metavar="N", help="write a benchmark fleet of N rows")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: samples/ or samples/large/)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.large is not None:
        if args.large < 1:
            parser.error("--large needs a positive number of rows")
        out = args.out or SAMPLES_DIR / "large"
        manifest = write_large(args.large, out, args.seed)
        print(f"{manifest['rows']} lignes, {manifest['units']} unités → {out}")
    else:
        out = args.out or SAMPLES_DIR
        manifest = write_samples(out, args.seed)
        totals = manifest["totals"]
        print(
            f"{totals['files']} fichiers, {totals['records']} enregistrements attendus, "
            f"{totals['units']} unités, {totals['rejects']} rejets attendus → {out}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
