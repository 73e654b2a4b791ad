"""``inventaire-sarcenas.xlsx``: a small commune's sheet, VAT-inclusive prices, totals row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .shapes import Line, SampleFile, save_workbook

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


def sarcenas_rows() -> list[tuple[Any, ...]]:
    """The table above as typed values; a trailing backslash continues a line."""
    rows = []
    for line in _SARCENAS_TABLE.strip().splitlines():
        label, cat, manu, model, serial, qty, bought, ttc, status, cond, note = line.split(";")
        rows.append(
            (label, cat, manu, model, serial or None, int(qty), dt.date.fromisoformat(bought),
             float(ttc), status, cond, note or None)
        )  # fmt: skip
    return rows


SARCENAS_STATUS = {"in_service": "En service", "in_stock": "En stock", "broken": "HS"}


def sarcenas_xlsx() -> SampleFile:
    rows = sarcenas_rows()
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
            SARCENAS_STATUS[status],
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


def write_sarcenas_xlsx(sample: SampleFile, path: Path) -> None:
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
    save_workbook(wb, path)
