"""A corpus of hostile inputs for ``ecoparc import``, generated on demand.

Every case is a file (or a path: a pipe, a device, a folder) that a person could
hand to the importer by mistake or by malice, with what must happen: a clean
refusal (exit 2, one French line naming the file, database unchanged), per-row
rejects with a French reason, or an import. Run as a script to write the corpus
to a folder and look at it::

    python tests/importing/hostile_corpus.py /tmp/corpus
"""

from __future__ import annotations

import codecs
import fnmatch
import io
import os
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from xlsb_writer import DIMENSION, NUMBER, cell_record, record, row_record, xlsb_bytes

Outcome = Literal["refused", "rejects", "imported"]

HEADER = "Nom;Numéro de série;Type;Fabricant;Modèle;Date d'achat;Quantité\n"
ROW = "PC-{0};SN-{0};Portable;Dell;Latitude 5420;12/03/2021;1\n"
GOOD = HEADER + ROW.format(1) + ROW.format(2)
WIDE_HEADER = "Nom;Numéro de série;Type;Stockage;Prix HT;Poids;Quantité\n"


@dataclass(frozen=True)
class Case:
    """One hostile input and what the importer must do with it."""

    name: str
    #: Writes the input into the folder and returns the path to import.
    make: Callable[[Path], Path]
    outcome: Outcome
    #: Text the output must contain (the refusal or one reject reason).
    message: str
    args: tuple[str, ...] = ()
    #: Item of issue 13 (or the extra list of the acceptance) the case covers.
    covers: str = ""


def _file(name: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content() if callable(content) else content)
        return path

    return make


def _text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    return _file(name, lambda: text.encode(encoding))


def _special(path: str) -> Callable[[Path], Path]:
    return lambda _folder: Path(path)


def _fifo(folder: Path) -> Path:
    path = folder / "tube.csv"
    if not path.exists():
        os.mkfifo(path)
    return path


def _folder(folder: Path) -> Path:
    path = folder / "dossier.csv"
    path.mkdir(exist_ok=True)
    return path


def _symlink_to_zero(folder: Path) -> Path:
    path = folder / "lien.csv"
    if not path.is_symlink():
        path.symlink_to("/dev/zero")
    return path


def xlsx_bytes(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Parc"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_ROWS: list[list[object]] = [
    ["Nom", "Numéro de série", "Type", "Modèle", "Date d'achat"],
    ["PC-1", "SN-1", "Portable", "Latitude 5420", "12/03/2021"],
    ["PC-2", "SN-2", "Écran", "P2419H", "13/03/2021"],
]


def rewritten_sheet(
    workbook: bytes, rewrite: Callable[[bytes], bytes], parts: str = "xl/worksheets/sheet1.xml"
) -> bytes:
    """``workbook`` with the XML of its first sheet (or of the ``parts``, a shell
    pattern) passed through ``rewrite``."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if fnmatch.fnmatchcase(info.filename, parts):
                data = rewrite(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def _with_extra_cells(xml: str) -> Callable[[], bytes]:
    """A valid workbook whose sheet gets ``xml`` (rows) appended: far or empty cells."""

    def appended(data: bytes) -> bytes:
        data = re.sub(rb"<dimension [^>]*/>", b"", data)
        return data.replace(b"</sheetData>", xml.encode() + b"</sheetData>")

    return lambda: rewritten_sheet(xlsx_bytes(XLSX_ROWS), appended)


def prefixed(sheet: bytes) -> bytes:
    """A worksheet's XML with every element under the prefix ``x:``, as .NET's Open XML
    SDK writes it."""
    sheet = sheet.replace(b'xmlns="http://schemas', b'xmlns:x="http://schemas', 1)
    return re.sub(rb"<(/?)(?![?!])", rb"<\1x:", sheet)


def moved_sheet(workbook: bytes, part: str = "xl/autres/feuille.xml") -> bytes:
    """``workbook`` with its first sheet's part moved to ``part``, where the workbook's
    relationships (and its content types) now point: readers take it there."""
    old = "xl/worksheets/sheet1.xml"
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info).replace(f"/{old}".encode(), f"/{part}".encode())
            data = data.replace(b'"worksheets/sheet1.xml"', f'"/{part}"'.encode())
            target.writestr(part if info.filename == old else info.filename, data)
    return out.getvalue()


def capitalised(workbook: bytes) -> bytes:
    """``workbook`` with every part's name in capitals (``XL/WORKSHEETS/SHEET1.XML``):
    calamine finds parts whatever the case of their names."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = (
                info.filename if info.filename == "[Content_Types].xml" else info.filename.upper()
            )
            target.writestr(name, source.read(info))
    return out.getvalue()


def xls_bytes(sheets: int = 1, far: tuple[int, int] | None = None) -> bytes:
    """A legacy xls workbook (BIFF8) of ``sheets`` sheets holding :data:`XLSX_ROWS`,
    each with one more number at ``far`` (row, column; 0-based) when given."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook()
    for index in range(sheets):
        sheet = book.add_sheet(f"Parc{index + 1}")
        for r, row in enumerate(XLSX_ROWS):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        if far is not None:
            sheet.write(*far, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_announcing(rows: int, columns: int) -> bytes:
    """An xls workbook whose sheet's DIMENSIONS record (BIFF8: first and last row as
    32-bit numbers, first and last column as 16-bit ones) announces ``rows`` × ``columns``
    cells: calamine reserves room for all of them at opening."""
    data = bytearray(xls_bytes())
    at = data.find(struct.pack("<HH", 0x0200, 14))
    assert at > 0, "no DIMENSIONS record"
    data[at + 4 : at + 18] = struct.pack("<IIHHH", 0, rows, 0, columns, 0)
    return bytes(data)


def _many_empty_xlsx_rows() -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t> </t></is></c></row>'
        for r in (500_000, 1_000_000)
    )
    return _with_extra_cells(rows)()


def zip_bomb(gigabytes: int = 1) -> bytes:
    """A workbook whose sheet inflates from about 1 MB to ``gigabytes`` GB of spaces.

    The deflate stream is one 1 MB block of spaces, compressed once and repeated
    (each block stands alone after a full flush), so the bomb costs nothing to make;
    its sizes and CRC are written into the zip headers as a real one has them.
    """
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = 1024 * gigabytes
    stream = block * count + compressor.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    size = len(chunk) * count
    name = "xl/worksheets/sheet1.xml"
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(XLSX_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename == name:
                target.writestr(zipfile.ZipInfo(name), stream, compress_type=zipfile.ZIP_STORED)
            else:
                target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(out.getvalue())
    # Turn the stored entry into a deflated one of the announced size, in both headers.
    for signature, method_at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name.encode():
                struct.pack_into("<H", data, start + method_at, 8)
                struct.pack_into("<III", data, start + method_at + 6, crc, len(stream), size)
            start += 4
    return bytes(data)


def many_parts_bomb(parts: int = 3) -> bytes:
    """A workbook whose sheets each inflate to 3.9 MB of blanks, under the 4 MB floor of
    the check of one part: together 60 kB become ``parts`` × 3.9 MB."""
    padding = b" " * (39 * 100_000)

    def padded(data: bytes) -> bytes:
        return data.replace(b"</worksheet>", padding + b"</worksheet>")

    book = Workbook()
    for number in range(1, parts):
        book.create_sheet(f"Feuille {number}")
    buffer = io.BytesIO()
    book.save(buffer)
    return rewritten_sheet(buffer.getvalue(), padded, "xl/worksheets/sheet*.xml")


def ods_bytes(extra_rows: str) -> bytes:
    """A minimal OpenDocument spreadsheet: a header, one device, then ``extra_rows``."""

    def cell(text: str) -> str:
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>"
        )

    rows = "".join(
        "<table:table-row>" + "".join(cell(t) for t in texts) + "</table:table-row>"
        for texts in (["Nom", "Numéro de série", "Type"], ["PC-1", "SN-1", "Portable"])
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Parc">'
        f"{rows}{extra_rows}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    return buffer.getvalue()


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_REPEATED = (
    '<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
    'table:number-columns-repeated="{columns}"{value}</table:table-row>'
)
_EMPTY = "/>"
_FILLED = ' office:value-type="string"><text:p>x</text:p></table:table-cell>'


def _repeated_ods(rows: int, columns: int, value: str, times: int = 1) -> Callable[[], bytes]:
    """An OpenDocument sheet whose device is followed by ``times`` rows of ``columns``
    cells, each repeated ``rows`` times: a few bytes calamine expands."""
    return lambda: ods_bytes(_REPEATED.format(rows=rows, columns=columns, value=value) * times)


def _utf16_without_bom(big_endian: bool) -> bytes:
    return GOOD.encode("utf-16-be" if big_endian else "utf-16-le")


def _wide(columns: int) -> str:
    header = ";".join(f"Colonne {i}" for i in range(columns))
    return "Nom;" + header + "\nPC-1;" + ";".join("x" for _ in range(columns)) + "\n"


def _bad_values(value_column: str, value: str) -> str:
    """A good row and a row whose ``value_column`` holds ``value``."""
    header = WIDE_HEADER.rstrip("\n").split(";")
    good = ["PC-1", "SN-1", "Portable", "256 Go", "800", "1,5", "1"]
    bad = ["PC-2", "SN-2", "Portable", "256 Go", "800", "1,5", "1"]
    bad[header.index(value_column)] = value
    return WIDE_HEADER + ";".join(good) + "\n" + ";".join(bad) + "\n"


SUPPLIER_NOTE = (
    "Bon de livraison n° BL-2026-0412;;;;;;\n"
    "Désignation;N° de série;Fabricant;Réf. constructeur;État;Qté;Prix unitaire HT\n"
    "Ordinateur portable;PF3ABC12;Lenovo;ThinkPad T14 Gen 2;Reconditionné grade A;1;420,00\n"
    "Ordinateur portable;PF3ABC13;Lenovo;ThinkPad T14 Gen 2;Reconditionné grade A;1;420,00\n"
)

E = ("--entity", "Grenoble")

CASES: list[Case] = [
    # --- item 5: what is refused before parsing -----------------------------------------
    Case("empty file", _file("vide.csv", b""), "refused", "fichier vide", E, "extra"),
    Case(
        "blank lines only", _text("blanc.csv", "\n \n\t\n"), "refused", "fichier vide", E, "extra"
    ),
    Case("named pipe", _fifo, "refused", "tube nommé", E, "5"),
    Case("/dev/zero", _special("/dev/zero"), "refused", "périphérique", E, "5"),
    Case("/dev/urandom", _special("/dev/urandom"), "refused", "périphérique", E, "5"),
    Case("/dev/null", _special("/dev/null"), "refused", "périphérique", E, "5"),
    Case("link to /dev/zero", _symlink_to_zero, "refused", "périphérique", E, "5"),
    Case("folder", _folder, "refused", "c'est un dossier", E, "5"),
    Case("missing file", _special("/nonexistent/parc.csv"), "refused", "introuvable", E, "5"),
    Case(
        "over the size limit",
        _text("gros.csv", GOOD + ROW.format(3) * 40_000),
        "refused",
        "fichier trop volumineux",
        (*E, "--max-size", "1"),
        "5",
    ),
    Case(
        "zip bomb (1 MB → 1 GB)", _file("bombe.xlsx", zip_bomb), "refused", "archive piégée", E, "5"
    ),
    Case(
        "zip bomb of parts each under the ratio floor",
        _file("feuilles.xlsx", many_parts_bomb),
        "refused",
        "archive piégée",
        E,
        "5",
    ),
    Case(
        "ods: a filled row repeated 1,048,576 times",
        _file("lignes.ods", _repeated_ods(1_048_576, 3, _FILLED)),
        "refused",
        "ligne remplie répétée",
        E,
        "5",
    ),
    Case(
        "ods: a filled cell repeated over 16,384 columns",
        _file("colonnes.ods", _repeated_ods(1, 16_384, _FILLED)),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "ods: a row of 500 filled cells repeated 10,000 times, thrice (15 million cells)",
        _file("etendue.ods", _repeated_ods(10_000, 500, _FILLED, times=3)),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "ods: empty cells over 16,383 columns, then a filled one",
        _file(
            "loin.ods",
            lambda: ods_bytes(
                '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
                '<table:table-cell office:value-type="string"><text:p>x</text:p>'
                "</table:table-cell></table:table-row>"
            ),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "ods: LibreOffice's trailing empty rows and columns",
        _file("libreoffice.ods", _repeated_ods(1_048_574, 1024, _EMPTY)),
        "imported",
        "créés : 1",
        E,
        "extra",
    ),
    Case(
        "a sheet outside xl/worksheets/, a cell a million rows down",
        _file(
            "ailleurs.xlsx",
            lambda: moved_sheet(
                _with_extra_cells(
                    '<row r="999999"><c r="CU999999" t="inlineStr"><is><t>z</t></is></c></row>'
                )()
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "a sheet outside xl/worksheets/ (read where the workbook says)",
        _file("deplacee.xlsx", lambda: moved_sheet(xlsx_bytes(XLSX_ROWS))),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "prefixed elements (<x:c>), a cell a million rows down",
        _file(
            "prefixe.xlsx",
            lambda: rewritten_sheet(
                _with_extra_cells(
                    '<row r="999999"><c r="CU999999" t="inlineStr"><is><t>z</t></is></c></row>'
                )(),
                prefixed,
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "a far cell whose reference comes after its other attributes, in single quotes",
        _file(
            "attributs.xlsx",
            _with_extra_cells(
                "<row r='999999'><c t=\"inlineStr\" r = 'CU999999'><is><t>z</t></is></c></row>"
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "cells without references, 99 of them a million rows down",
        _file(
            "sans-references.xlsx",
            _with_extra_cells(
                '<row r="999999">' + '<c t="inlineStr"><is><t>z</t></is></c>' * 99 + "</row>"
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "a row of 99 cells without references under 130,000 rows without numbers",
        _file(
            "lignes-implicites.xlsx",
            _with_extra_cells(
                "<row/>" * 130_000
                + "<row>"
                + '<c t="inlineStr"><is><t>z</t></is></c>' * 99
                + "</row>"
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "a row of 99 cells without references after an empty row 900,000",
        _file(
            "apres-vide.xlsx",
            _with_extra_cells(
                '<row r="900000"/><row>' + '<c t="inlineStr"><is><t>z</t></is></c>' * 99 + "</row>"
            ),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "cells without references (the format lets a writer leave them out)",
        _file(
            "implicite.xlsx",
            lambda: rewritten_sheet(
                xlsx_bytes(XLSX_ROWS), lambda sheet: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", sheet)
            ),
        ),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "prefixed elements (<x:c>), as .NET writes them",
        _file("dotnet.xlsx", lambda: rewritten_sheet(xlsx_bytes(XLSX_ROWS), prefixed)),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "cells at A1 and XFD1048576",
        _file(
            "loin.xlsx",
            _with_extra_cells('<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "cells a million rows apart on 30 columns",
        _file(
            "haut.xlsx",
            _with_extra_cells('<row r="1000000"><c r="AD1000000" t="n"><v>1</v></c></row>'),
        ),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "xlsx parts named in capitals, cells at A1 and XFD1048576",
        _file(
            "majuscules.xlsx",
            lambda: capitalised(
                rewritten_sheet(
                    xlsx_bytes(XLSX_ROWS),
                    lambda xml: xml.replace(
                        b"</sheetData>",
                        b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
                    ),
                )
            ),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "xlsb workbook",
        _file("parc.xlsb", lambda: xlsb_bytes(XLSX_ROWS)),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "xlsb, cells at A1 and XFD1048576",
        _file(
            "loin.xlsb",
            lambda: xlsb_bytes(XLSX_ROWS, row_record(1_048_575) + cell_record(16_383, 1)),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "xlsb, cells a million rows apart on 30 columns",
        _file("haut.xlsb", lambda: xlsb_bytes(XLSX_ROWS, row_record(999_999) + cell_record(29, 1))),
        "refused",
        "feuille trop étendue",
        E,
        "5",
    ),
    Case(
        "xlsb, a cell record too short for its column, which the record before gives",
        _file(
            "court.xlsb",
            # The far column is the first four bytes of the record before (a row whose
            # number they are): calamine reads it from its buffer.
            lambda: xlsb_bytes(XLSX_ROWS, row_record(16_383) + record(NUMBER, b"")),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case(
        "xlsb, a dimension record too short (calamine panics)",
        _file(
            "dimension.xlsb",
            lambda: rewritten_sheet(
                xlsb_bytes(XLSX_ROWS),
                lambda part: part.replace(
                    record(DIMENSION, struct.pack("<IIII", 0, 2, 0, 4)),
                    record(DIMENSION, b"\x00" * 7),
                ),
                "xl/worksheets/sheet1.bin",
            ),
        ),
        "refused",
        "classeur illisible ou endommagé",
        E,
        "5",
    ),
    Case(
        "xlsb sheet outside xl/worksheets/, cells at A1 and XFD1048576",
        _file(
            "ailleurs.xlsb",
            lambda: xlsb_bytes(
                XLSX_ROWS,
                row_record(1_048_575) + cell_record(16_383, 1),
                part="xl/worksheets/../autres/feuille.bin",
            ),
        ),
        "refused",
        "trop de colonnes",
        E,
        "5",
    ),
    Case("xls workbook", _file("parc.xls", xls_bytes), "imported", "créés : 2", E, "extra"),
    Case(
        "xls, a DIMENSIONS record announcing four billion rows",
        _file("dimensions.xls", lambda: xls_announcing(0xFFFF_FFFF, 0xFFFF)),
        "refused",
        "classeur xls piégé ou endommagé",
        E,
        "5",
    ),
    Case(
        "xls, cells at A1 and IV65536",
        _file("loin.xls", lambda: xls_bytes(far=(65_535, 255))),
        "refused",
        "classeur xls piégé ou endommagé",
        E,
        "5",
    ),
    Case(
        "10,000 columns", _text("large.csv", _wide(10_000)), "refused", "trop de colonnes", E, "5"
    ),
    Case("501 columns", _text("large501.csv", _wide(500)), "refused", "trop de colonnes", E, "5"),
    Case(
        "a line of a million separators",
        _text("separateurs.csv", "Nom;Type\n" + ";" * 1_000_000 + "\n"),
        "refused",
        "séparateurs",
        E,
        "5",
    ),
    Case(
        "header cell of 1,001 characters",
        _text("entete.csv", "Nom;Type;" + "x" * 1001 + "\nPC-1;Portable;a\n"),
        "refused",
        "trop long",
        E,
        "5",
    ),
    Case(
        "1,000,000 empty rows and nothing else",
        _text("lignes-vides.csv", HEADER + ";;;;;;\n" * 1_000_000),
        "refused",
        "aucune ligne de données",
        E,
        "extra",
    ),
    # --- item 6: values ----------------------------------------------------------------
    Case(
        "unterminated quote",
        _text("guillemet.csv", GOOD + 'PC-3;"SN-3;Portable;Dell;X;12/03/2021;1\n' + ROW.format(4)),
        "refused",
        "guillemet ouvert ligne 4",
        E,
        "6",
    ),
    Case(
        "quote closed rows later",
        _text(
            "guillemet2.csv",
            GOOD
            + 'PC-3;"SN-3;Portable;Dell;X;12/03/2021;1\n'
            + ROW.format(4)
            + 'PC-5;SN-5";Portable;Dell;X;12/03/2021;1\n',
        ),
        "refused",
        "guillemet ouvert ligne 4",
        E,
        "6",
    ),
    Case(
        "huge cell without quotes",
        _text(
            "cellule-geante.csv",
            GOOD + "PC-3;SN-3;Portable;Dell;" + "X" * (17 * 1024 * 1024) + "\n",
        ),
        "refused",
        "ligne 4 : une cellule de plus de 16 Mo",
        E,
        "6",
    ),
    Case(
        "Inf storage",
        _text("inf.csv", _bad_values("Stockage", "Inf")),
        "rejects",
        "capacité attendue",
        E,
        "6",
    ),
    Case(
        "NaN price",
        _text("nan.csv", _bad_values("Prix HT", "NaN")),
        "rejects",
        "nombre attendu",
        E,
        "6",
    ),
    Case(
        "-Infinity weight",
        _text("moinsinf.csv", _bad_values("Poids", "-Infinity")),
        "rejects",
        "nombre attendu",
        E,
        "6",
    ),
    Case(
        "price 1,2,3",
        _text("prix.csv", _bad_values("Prix HT", "1,2,3")),
        "rejects",
        "nombre ambigu",
        E,
        "6",
    ),
    Case(
        "price 1.2.3",
        _text("prix2.csv", _bad_values("Prix HT", "1.2.3")),
        "rejects",
        "nombre ambigu",
        E,
        "6",
    ),
    Case(
        "price 1 2 3",
        _text("prix3.csv", _bad_values("Prix HT", "1 2 3")),
        "rejects",
        "nombre ambigu",
        E,
        "6",
    ),
    Case(
        "storage 1,2,3 Go",
        _text("stock.csv", _bad_values("Stockage", "1,2,3 Go")),
        "rejects",
        "capacité ambiguë",
        E,
        "6",
    ),
    Case(
        "storage of 400 digits",
        _text("chiffres.csv", _bad_values("Stockage", "9" * 400)),
        "rejects",
        "capacité invraisemblable",
        E,
        "6",
    ),
    Case(
        "price of 400 digits",
        _text("chiffres2.csv", _bad_values("Prix HT", "9" * 400)),
        "rejects",
        "nombre trop grand",
        E,
        "6",
    ),
    Case(
        "quantity 200,000",
        _text("lot.csv", _bad_values("Quantité", "200000")),
        "rejects",
        "quantité trop grande",
        E,
        "6",
    ),
    Case(
        "quantity 200,000 with --max-quantity 500000",
        _text("lot2.csv", _bad_values("Quantité", "200000")),
        "imported",
        "créés : 2",
        (*E, "--max-quantity", "500000"),
        "6",
    ),
    Case(
        "quantity 1e9",
        _text("lot3.csv", _bad_values("Quantité", "1e9")),
        "rejects",
        "quantité",
        E,
        "6",
    ),
    Case(
        "a 1 MB cell",
        _text(
            "cellule.csv",
            HEADER + "A" * 1_048_576 + ";SN-1;Portable;Dell;X;12/03/2021;1\n" + ROW.format(2),
        ),
        "rejects",
        "valeur trop longue",
        E,
        "6",
    ),
    # --- the other hostile shapes of the acceptance --------------------------------------
    Case(
        "binary garbage named .csv",
        _file("binaire.csv", bytes(range(256)) * 40),
        "refused",
        "contenu binaire",
        E,
        "extra",
    ),
    Case(
        "truncated xlsx",
        _file("tronque.xlsx", lambda: xlsx_bytes(XLSX_ROWS)[:900]),
        "refused",
        "tronqué",
        E,
        "extra",
    ),
    Case(
        "CSV named .xlsx", _text("faux.xlsx", GOOD), "refused", "pas un classeur .xlsx", E, "extra"
    ),
    Case(
        "xlsx named .csv (read for what it is)",
        _file("classeur.csv", lambda: xlsx_bytes(XLSX_ROWS)),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "random bytes named .ods",
        _file("hasard.ods", lambda: bytes((i * 7919) % 251 for i in range(5000))),
        "refused",
        "pas un classeur .ods",
        E,
        "extra",
    ),
    Case(
        "zip that is no workbook",
        _file("archive.xlsx", lambda: _zip_of("lisez-moi.txt", b"rien")),
        "refused",
        "archive zip",
        E,
        "extra",
    ),
    Case(
        "UTF-16 without BOM (little endian)",
        _file("utf16le.csv", lambda: _utf16_without_bom(False)),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "UTF-16 without BOM (big endian)",
        _file("utf16be.csv", lambda: _utf16_without_bom(True)),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "UTF-16 with BOM",
        _file("utf16.csv", lambda: codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "mixed encodings",
        _file(
            "melange.csv",
            lambda: (
                HEADER.encode()
                + "PC-1;SN-1;Écran;Dell;P2419H;12/03/2021;1\n".encode()
                + "PC-2;SN-2;Écran;Dell;P2419H;12/03/2021;1\n".encode("cp1252")
            ),
        ),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "undecodable bytes",
        _file(
            "encodage.csv",
            lambda: HEADER.encode() + b"PC-1;SN-\x81\x8d;Portable;Dell;X;12/03/2021;1\n",
        ),
        "refused",
        "encodage non pris en charge",
        E,
        "extra",
    ),
    Case(
        "formula cells in xlsx (no cached value)",
        _file(
            "formules.xlsx",
            lambda: xlsx_bytes(
                [*XLSX_ROWS, ["=A2&A3", "=1/0", "Portable", '=HYPERLINK("http://x")', "=TODAY()"]]
            ),
        ),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "formula text in CSV cells",
        _text(
            "formules.csv", HEADER + '=HYPERLINK("http://x");SN-1;Portable;Dell;+cmd;12/03/2021;1\n'
        ),
        "imported",
        "créés : 1",
        E,
        "extra",
    ),
    Case(
        "merged header cells",
        _file(
            "fusion.xlsx",
            lambda: xlsx_bytes(
                [
                    ["Inventaire 2026", None, None, None, None],
                    *XLSX_ROWS,
                    ["PC-3", "SN-3", None, "Latitude 5420", "14/03/2021"],
                ],
                merges=("A1:E1", "C4:C5"),
            ),
        ),
        "imported",
        "créés : 3",
        E,
        "extra",
    ),
    Case(
        "1,048,577 rows of one name each",
        _text("lignes.csv", "Nom\n" + "PC\n" * 1_048_577),
        "refused",
        "trop de lignes",
        E,
        "5",
    ),
    Case(
        "1,100,000 blank and separator lines under the data",
        _text("blancs.csv", GOOD + ";;;;;;\n\n" * 550_000),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "1,000,000 empty rows under the data",
        _text("vides.csv", GOOD + ";;;;;;\n" * 1_000_000),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "empty cells far down an xlsx",
        _file("vides.xlsx", _many_empty_xlsx_rows),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "header only",
        _text("entete-seule.csv", HEADER),
        "refused",
        "aucune ligne de données",
        E,
        "extra",
    ),
    Case(
        "numbers only",
        _text("nombres.csv", "1;2;3\n4;5;6\n7;8;9\n"),
        "refused",
        "aucune ligne d'en-tête",
        E,
        "extra",
    ),
    Case(
        "control characters in cells",
        _text(
            "controle.csv",
            HEADER + "PC-\x01;SN-\x1b[31m;Portable;Dell;X;12/03/2021;1\n" + ROW.format(2),
        ),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    Case(
        "NUL byte after the first 64 KB",
        _text(
            "nul.csv",
            GOOD
            + "".join(ROW.format(i) for i in range(3, 1500))
            + "PC-X;SN-\x00;Portable;Dell;X;12/03/2021;1\n",
        ),
        "refused",
        "caractère nul ligne 1501",
        E,
        "extra",
    ),
    Case(
        "lone CR line ends",
        _text("mac.csv", GOOD.replace("\n", "\r")),
        "imported",
        "créés : 2",
        E,
        "extra",
    ),
    # --- item 9: supplier vocabulary --------------------------------------------------
    Case(
        "supplier delivery note",
        _text("bon-livraison.csv", SUPPLIER_NOTE),
        "imported",
        "créés : 2",
        E,
        "9",
    ),
]


def _zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every case into ``folder``; returns the path to import for each case."""
    folder.mkdir(parents=True, exist_ok=True)
    return {case.name: case.make(folder) for case in CASES}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, path in write_corpus(target).items():
        print(f"{name:45} {path}")
