"""Cells in error (« #N/A », « #REF! ») are refused, never imported as values nor as empties.

A formula that fails leaves an error in its cell. In a CSV export it is text, which
went in as a serial number « #N/A » or a model « #REF! »; in an xlsx workbook calamine
reads it as an empty cell, and a purchase date lost to a broken formula went in as
« not given ». Either way the row is now refused, naming the column and the error
(fleet/importing/normalise.py, fleet/importing/error_cells.py; docs/import.md).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from import_support import invoke
from openpyxl import Workbook

from fleet.importing.error_cells import cells_in_error

REASON = "cellule en erreur dans le tableur : formule à corriger"
HEADER = ["Nom", "Numéro de série", "Type", "Modèle", "Date d'achat", "Prix", "Contrôle"]


def _xlsx(rows: list[list[object]], errors: dict[str, str], origin: str = "A1") -> bytes:
    """A workbook of ``rows`` from ``origin``, with cells in error (reference → error)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Parc"
    top, left = sheet[origin].row, sheet[origin].column
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(top + r, left + c, value)
    for reference, error in errors.items():
        sheet[reference] = error
        sheet[reference].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROWS = [
    HEADER,
    ["PC-1", "SN-1", "Portable", "Latitude 5420", "12/03/2021", 950, "ok"],
    ["PC-2", "SN-2", "Portable", "Latitude 5420", "12/03/2021", 950, "ok"],
    ["PC-3", "SN-3", "Écran", "P2419H", "13/03/2021", 180, "ok"],
]


def _rejections(db: str, path: Path) -> tuple[int, list[str]]:
    result = invoke(db, "import", str(path), "--entity", "Grenoble", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines() if "rejet ligne" in line]
    created = next(int(part.split(":")[1]) for part in result.stdout.split(",") if "créés" in part)
    return created, lines


@pytest.mark.parametrize("origin", ["A1", "C3"])
def test_xlsx_cells_in_error_refuse_their_rows(db: str, tmp_path: Path, origin: str) -> None:
    # Rows and columns of the cells in error, from the table's top left cell.
    top, left = (0, 0) if origin == "A1" else (2, 2)
    cell = {r: f"{chr(65 + left + c)}{top + r + 1}" for r, c in [(2, 1), (3, 4), (1, 6)]}
    errors = {cell[2]: "#REF!", cell[3]: "#N/A", cell[1]: "#DIV/0!"}
    path = tmp_path / "parc.xlsx"
    path.write_bytes(_xlsx(ROWS, errors, origin))
    created, lines = _rejections(db, path)
    # The error in « Contrôle », a column the import does not take, refuses nothing.
    assert created == 1
    row = top + 1
    assert lines == [
        f"rejet ligne {row + 2} : colonne « Numéro de série », « #REF! » : {REASON}",
        f"rejet ligne {row + 3} : colonne « Date d'achat », « #N/A » : {REASON}",
    ]


def test_csv_export_of_cells_in_error(db: str, tmp_path: Path) -> None:
    """Excel writes what the cell shows into a CSV: English, French or LibreOffice."""
    lines = ["Nom;Numéro de série;Type;Modèle;Date d'achat;Prix"]
    shown = ["#N/A", "#VALEUR!", "Err:502", "#nom?", "#N/D"]
    for i, error in enumerate(shown):
        lines.append(f"PC-{i};{error};Portable;Latitude 5420;12/03/2021;950")
    lines.append("PC-9;SN-9;Portable;#REF!;12/03/2021;950")
    lines.append("PC-10;#10;Portable;Latitude 5420;12/03/2021;950")  # a « # » is no error
    path = tmp_path / "parc.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    created, rejected = _rejections(db, path)
    assert created == 1
    assert rejected == [
        *(
            f"rejet ligne {i + 2} : colonne « Numéro de série », « {error} » : {REASON}"
            for i, error in enumerate(shown)
        ),
        f"rejet ligne 7 : colonne « Modèle », « #REF! » : {REASON}",
    ]


def test_cells_in_error_as_writers_write_them() -> None:
    xml = (
        b'<row r="4"><c r="C4" t="s"><v>3</v></c>'
        b'<c r="D4" s="2" t="e"><f>VLOOKUP(A4,B:C,2,0)</f><v>#N/A</v></c>'
        b"<x:c t='e' r='E4'><x:v>#REF!</x:v></x:c>"
        b'<c r="F4" t="e"/><c r="G4" t="e"><v>#VALUE!</v></c></row>'
        b'<row r="5"><c r="AB5" t="e"></c></row>'
    )
    assert cells_in_error(xml) == {
        (3, 3): "#N/A",
        (3, 4): "#REF!",
        (3, 6): "#VALUE!",
        (4, 27): "#ERREUR",
    }


_CALCEXT = b'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '


def _ods_cell(text: str, error: bool = False, value: str = "") -> str:
    end = f"<text:p>{text}</text:p></table:table-cell>"
    if not error:
        return '<table:table-cell office:value-type="string">' + end
    return (
        '<table:table-cell table:formula="of:=1/0" office:value-type="float" '
        f'office:value="{value}" calcext:value-type="error">' + end
    )


def test_ods_cells_in_error_refuse_their_rows(db: str, tmp_path: Path) -> None:
    """LibreOffice writes a cell in error as the error's text over a value of 0 (or
    ""), which calamine reads: a « #DIV/0! » price went in as 0 €."""
    from hostile_corpus import ods_bytes

    rows = (
        "<table:table-row>"
        + _ods_cell("PC-2")
        + _ods_cell("SN-2")
        + _ods_cell("#DIV/0!", error=True, value="0")
        + "</table:table-row>"
        # Two rows repeated, each holding an error in « Numéro de série ».
        + '<table:table-row table:number-rows-repeated="2">'
        + _ods_cell("PC-3")
        + _ods_cell("Err:502", error=True, value="0")
        + _ods_cell("Portable")
        + "</table:table-row>"
        + "<table:table-row>"
        + _ods_cell("PC-5")
        + _ods_cell("SN-5")
        + _ods_cell("Portable")
        + "</table:table-row>"
    )
    path = tmp_path / "parc.ods"
    path.write_bytes(ods_bytes(rows).replace(b"office:version=", _CALCEXT + b"office:version="))
    result = invoke(db, "import", str(path), "--entity", "Grenoble", "--dry-run")
    assert result.exit_code == 0, result.output
    rejected = [line.strip() for line in result.stdout.splitlines() if "rejet ligne" in line]
    # (The repeated row's second copy is also the first's duplicate: its own reason.)
    assert [line for line in rejected if REASON in line] == [
        f"rejet ligne 3 : colonne « Type », « #DIV/0! » : {REASON}",
        f"rejet ligne 4 : colonne « Numéro de série », « Err:502 » : {REASON}",
        f"rejet ligne 5 : colonne « Numéro de série », « Err:502 » : {REASON}",
    ]
    assert "créés : 2" in result.stdout


def test_ods_positions_count_repeats_and_the_chosen_table() -> None:
    from fleet.importing.error_cells import ods_cells_in_error

    error = _ods_cell("#N/A", error=True)
    content = (
        '<table:table table:name="Autre"><table:table-row>'
        + error
        + "</table:table-row></table:table>"
        + '<table:table table:name="Parc &amp; co">'
        + '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        + '<table:table-row><table:table-cell table:number-columns-repeated="4"/>'
        + error
        + "<table:covered-table-cell/>"
        + error
        + "</table:table-row></table:table>"
    ).encode()
    assert ods_cells_in_error(content, "Parc & co") == {(3, 4): "#N/A", (3, 6): "#N/A"}
    assert ods_cells_in_error(content, "Autre") == {(0, 0): "#N/A"}


def _binary_workbook(kind: str) -> bytes:
    """An xls or xlsb workbook of :data:`ROWS` from B3, with a « #REF! » serial in its
    third row and a « #N/A » purchase date in its fourth."""
    errors = {(2, 1): "#REF!", (3, 4): "#N/A"}
    rows = [row[:6] for row in ROWS]
    if kind == "xlsb":
        from xlsb_writer import cell_record, error_record, row_record, xlsb_bytes

        body = b""
        for r, row in enumerate(rows):
            body += row_record(r + 2)
            for c, value in enumerate(row):
                error = errors.get((r, c))
                body += error_record(c + 1, error) if error else cell_record(c + 1, value)
        return xlsb_bytes([], body)
    import xlwt  # type: ignore[import-untyped]

    codes = {"#REF!": 23, "#N/A": 42}
    book = xlwt.Workbook()
    sheet = book.add_sheet("Parc")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            error = errors.get((r, c))
            if error:
                sheet.row(r + 2).set_cell_error(c + 1, codes[error])
            else:
                sheet.write(r + 2, c + 1, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["xls", "xlsb"])
def test_binary_workbook_cells_in_error_refuse_their_rows(
    db: str, tmp_path: Path, kind: str
) -> None:
    """calamine gives them empty; the child process opening the workbook finds them."""
    path = tmp_path / f"parc.{kind}"
    path.write_bytes(_binary_workbook(kind))
    created, lines = _rejections(db, path)
    assert created == 1
    assert lines == [
        f"rejet ligne 5 : colonne « Numéro de série », « #REF! » : {REASON}",
        f"rejet ligne 6 : colonne « Date d'achat », « #N/A » : {REASON}",
    ]
