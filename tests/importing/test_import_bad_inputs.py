"""A corpus of bad inputs: each gets its exit code and a message naming the problem,
and the database keeps exactly the rows it had.

The whole corpus runs in-process on every backend; a part of it also runs as a
real ``ecoparc`` process (SQLite), as a user would.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from import_support import counts, invoke
from openpyxl import Workbook

from fleet import schema
from fleet.db import get_engine, session_scope
from fleet.entities import add_entity

HEADER = "Nom;Numéro de série;Type;Fabricant;Modèle;Date d'achat;Quantité\n"
GOOD_ROW = "PC-1;SN-1;Portable;Dell;Latitude 5420;12/03/2021;1\n"


def _xlsx_bytes(rows: list[list[object]], title: str = "Parc") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_XLSX = [
    ["Nom", "Numéro de série", "Type", "Modèle", "Date d'achat"],
    ["PC-1", "SN-1", "Portable", "Latitude 5420", "12/03/2021"],
    ["PC-2", "SN-2", "Écran", "P2419H", "13/03/2021"],
]


def _encrypted_workbook() -> bytes:
    """What Excel writes for a password-protected xlsx: an OLE2 compound file
    whose directory names an ``EncryptionInfo`` stream."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(128 - 28)
    return header + directory + bytes(1024)


def _zip_not_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "pas un classeur")
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    file_name: str
    content: Callable[[], bytes]
    args: tuple[str, ...]
    code: int
    message: str


def _csv(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


CASES = [
    Case("empty", "vide.csv", lambda: b"", ("--entity", "Grenoble"), 2, "fichier vide"),
    Case("blank", "blanc.csv", _csv("\n \n\t\n"), ("--entity", "Grenoble"), 2, "fichier vide"),
    Case(
        "garbage bytes named .csv",
        "binaire.csv",
        lambda: bytes(range(256)) * 40,
        ("--entity", "Grenoble"),
        2,
        "contenu binaire",
    ),
    Case(
        "truncated xlsx",
        "tronque.xlsx",
        lambda: _xlsx_bytes(GOOD_XLSX)[:900],
        ("--entity", "Grenoble"),
        2,
        "tronqué",
    ),
    Case(
        "text named .xlsx",
        "faux.xlsx",
        _csv(HEADER + GOOD_ROW),
        ("--entity", "Grenoble"),
        2,
        "pas un classeur .xlsx",
    ),
    Case(
        "encrypted workbook",
        "chiffre.xlsx",
        _encrypted_workbook,
        ("--entity", "Grenoble"),
        2,
        "chiffré",
    ),
    Case(
        "OLE2 file that is no workbook",
        "ancien.xls",
        lambda: bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2000),
        ("--entity", "Grenoble"),
        2,
        "illisible",
    ),
    Case(
        "zip that is no workbook",
        "archive.xlsx",
        _zip_not_workbook,
        ("--entity", "Grenoble"),
        2,
        "archive zip",
    ),
    Case(
        "header only",
        "entete.csv",
        _csv(HEADER),
        ("--entity", "Grenoble"),
        2,
        "aucune ligne de données",
    ),
    Case(
        "numbers only, no header",
        "nombres.csv",
        _csv("1;2;3\n4;5;6\n7;8;9\n"),
        ("--entity", "Grenoble"),
        2,
        "aucune ligne d'en-tête",
    ),
    Case(
        "no known column",
        "inconnu.csv",
        _csv("foo;bar\nx;y\n"),
        ("--entity", "Grenoble"),
        2,
        "aucune colonne reconnue",
    ),
    Case(
        "wrong sheet name",
        "classeur.xlsx",
        lambda: _xlsx_bytes(GOOD_XLSX),
        ("--entity", "Grenoble", "--sheet", "Inventaire 2024"),
        2,
        "feuille « Inventaire 2024 » introuvable",
    ),
    Case(
        "sheet asked of a CSV",
        "plat.csv",
        _csv(HEADER + GOOD_ROW),
        ("--entity", "Grenoble", "--sheet", "Parc"),
        2,
        "pas de feuille",
    ),
    Case(
        "unsupported encoding",
        "encodage.csv",
        lambda: HEADER.encode() + b"PC-1;SN-\x81\x8d;Portable;Dell;X;12/03/2021;1\n",
        ("--entity", "Grenoble"),
        2,
        "encodage non pris en charge",
    ),
    Case(
        "all dates invalid",
        "dates.csv",
        _csv(HEADER + "PC-1;SN-1;Portable;Dell;X;31/02/2021;1\nPC-2;SN-2;Portable;Dell;X;hier;1\n"),
        ("--entity", "Grenoble"),
        1,
        "date",
    ),
    Case(
        "duplicate serials with --strict",
        "doublons.csv",
        _csv(HEADER + GOOD_ROW + "PC-2;SN-1;Portable;Dell;X;12/03/2021;1\n"),
        ("--entity", "Grenoble", "--strict"),
        3,
        "déjà présent ligne 2",
    ),
    Case(
        "formulas in cells (imported as text)",
        "formules.csv",
        _csv(HEADER + '=HYPERLINK("http://x");SN-1;Portable;Dell;+cmd;12/03/2021;1\n'),
        ("--entity", "Grenoble", "--dry-run"),
        0,
        "créés : 1",
    ),
    Case(
        "a 1 MB cell",
        "enorme.csv",
        _csv(HEADER + "A" * 1_048_576 + ";SN-1;Portable;Dell;X;12/03/2021;1\n"),
        ("--entity", "Grenoble"),
        1,
        "valeur trop longue",
    ),
    Case(
        "two header rows",
        "deux-entetes.csv",
        _csv(HEADER + HEADER + GOOD_ROW),
        ("--entity", "Grenoble", "--dry-run"),
        0,
        "créés : 1",
    ),
    Case(
        "mixed encodings",
        "melange.csv",
        lambda: (
            HEADER.encode("utf-8")
            + "PC-1;SN-1;Écran;Dell;P2419H;12/03/2021;1\n".encode()
            + "PC-2;SN-2;Écran;Dell;P2419H;12/03/2021;1\n".encode("cp1252")
        ),
        ("--entity", "Grenoble", "--dry-run"),
        0,
        "créés : 2",
    ),
    Case(
        "unknown entity",
        "ok.csv",
        _csv(HEADER + GOOD_ROW),
        ("--entity", "Atlantis"),
        1,
        "entité inconnue",
    ),
    Case("no entity at all", "ok.csv", _csv(HEADER + GOOD_ROW), (), 1, "entité manquante"),
    Case(
        "unknown category",
        "categorie.csv",
        _csv(HEADER + "PC-1;SN-1;Grille-pain;Moulinex;Toaster 3000;12/03/2021;1\n"),
        ("--entity", "Grenoble"),
        1,
        "catégorie inconnue « Grille-pain »",
    ),
    Case(
        "zero quantity",
        "quantite.csv",
        _csv(HEADER + "PC-1;SN-1;Portable;Dell;X;12/03/2021;0\n"),
        ("--entity", "Grenoble"),
        1,
        "quantité invalide",
    ),
    Case(
        "purchase in the future",
        "futur.csv",
        _csv(HEADER + "PC-1;SN-1;Portable;Dell;X;01/01/2099;1\n"),
        ("--entity", "Grenoble"),
        1,
        "dans le futur",
    ),
    Case(
        "purchase before 1990",
        "ancien.csv",
        _csv(HEADER + "PC-1;SN-1;Portable;Dell;X;01/01/1985;1\n"),
        ("--entity", "Grenoble"),
        1,
        "antérieure à 1990",
    ),
    Case(
        "retirement before purchase",
        "retrait.csv",
        _csv("Nom;Type;Date d'achat;Date de retrait\nPC-1;Portable;12/03/2021;01/01/2020\n"),
        ("--entity", "Grenoble"),
        1,
        "date de retrait antérieure",
    ),
    Case(
        "negative price",
        "prix.csv",
        _csv("Nom;Type;Prix HT\nPC-1;Portable;-12,50 €\n"),
        ("--entity", "Grenoble"),
        1,
        "prix négatif",
    ),
    Case(
        "no identifier",
        "anonyme.csv",
        _csv("Type;Modèle\nPortable;Latitude 5420\n"),
        ("--entity", "Grenoble"),
        1,
        "impossible à identifier",
    ),
    Case(
        "strict with one bad row among good ones",
        "strict.csv",
        _csv(HEADER + GOOD_ROW + "PC-2;SN-2;Portable;Dell;X;99/99/2021;1\n"),
        ("--entity", "Grenoble", "--strict"),
        3,
        "--strict : 1 ligne(s) rejetée(s)",
    ),
    Case(
        "unknown profile",
        "ok.csv",
        _csv(HEADER + GOOD_ROW),
        ("--entity", "Grenoble", "--profile", "GLPI Vizille"),
        1,
        "profil de correspondance inconnu",
    ),
    Case("missing file", "", lambda: b"", ("--entity", "Grenoble"), 2, "fichier introuvable"),
]


def _write(case: Case, folder: Path) -> Path:
    if not case.file_name:
        return folder / "absent.csv"
    path = folder / case.file_name
    path.write_bytes(case.content())
    return path


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, shared_db: str, tmp_path: Path) -> None:
    db = shared_db
    path = _write(case, tmp_path)
    before = counts(db)
    result = invoke(db, "import", str(path), *case.args)
    assert result.exit_code == case.code, result.output
    assert case.message in result.output
    if case.code == 2:
        assert (path.name or "absent.csv") in result.output  # the message names the file
    assert counts(db) == before


PROCESS_CASES = [
    c
    for c in CASES
    if c.name
    in {
        "empty",
        "garbage bytes named .csv",
        "truncated xlsx",
        "encrypted workbook",
        "header only",
        "wrong sheet name",
        "unsupported encoding",
        "all dates invalid",
        "a 1 MB cell",
        "no entity at all",
        "strict with one bad row among good ones",
        "mixed encodings",
    }
]


@pytest.mark.slow  # a real process per case; test_bad_input covers them in-process
@pytest.mark.parametrize("case", PROCESS_CASES, ids=[c.name for c in PROCESS_CASES])
def test_bad_input_in_a_real_process(case: Case, sqlite_url: str, tmp_path: Path) -> None:
    url = sqlite_url
    schema.upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        add_entity(session, "Grenoble")
    ecoparc = [sys.executable, "-m", "cli", "--db", url]
    path = _write(case, tmp_path)
    before = counts(url)
    done = subprocess.run(
        [*ecoparc, "import", str(path), *case.args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == case.code, done.stderr
    assert case.message in done.stdout + done.stderr
    if case.code:
        assert done.stderr.startswith("ecoparc : ")
    assert counts(url) == before
