"""The smallest binary workbooks (xlsb, MS-XLSB) that calamine reads, written for tests.

No Python library writes xlsb; these are written record by record: a workbook part
naming one sheet, the sheet's records (rows, text and number cells), and the
relationships and content types around them. ``extra`` records let a test put what
a hostile file would (a cell far away, a record shorter than its kind).
"""

from __future__ import annotations

import io
import struct
import zipfile

BEGIN_BOOK, END_BOOK = 0x83, 0x84
BEGIN_SHEETS, BUNDLE_SHEET, END_SHEETS = 0x8F, 0x9C, 0x90
BEGIN_SHEET, END_SHEET, DIMENSION = 0x81, 0x82, 0x94
BEGIN_DATA, END_DATA = 0x91, 0x92
ROW, ERROR, NUMBER, TEXT = 0x00, 0x03, 0x05, 0x06
#: BrtCellError's codes (MS-XLSB 2.5.97.2) of the errors a spreadsheet shows.
ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#N/A": 0x2A}


def record(kind: int, body: bytes = b"") -> bytes:
    """One record: its type and size in bytes of seven bits, then its body."""
    out = bytearray()
    while True:
        out.append((kind & 0x7F) | (0x80 if kind > 0x7F else 0))
        kind >>= 7
        if not kind:
            break
    size = len(body)
    while True:
        out.append((size & 0x7F) | (0x80 if size > 0x7F else 0))
        size >>= 7
        if not size:
            break
    return bytes(out) + body


def _wide(text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return struct.pack("<I", len(encoded) // 2) + encoded


def row_record(row: int) -> bytes:
    """BrtRowHdr of row ``row`` (0-based)."""
    return record(ROW, struct.pack("<IIHBBBI", row, 0, 300, 0, 0, 0, 0))


def cell_record(column: int, value: object) -> bytes:
    """A text cell (BrtCellSt) or a number cell (BrtCellReal) in ``column`` (0-based)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return record(NUMBER, struct.pack("<IId", column, 0, float(value)))
    return record(TEXT, struct.pack("<II", column, 0) + _wide(str(value)))


def error_record(column: int, error: str) -> bytes:
    """A cell in error (BrtCellError) in ``column`` (0-based), showing ``error``."""
    return record(ERROR, struct.pack("<IIB", column, 0, ERROR_CODES[error]))


def sheet_part(rows: list[list[object]], extra: bytes = b"") -> bytes:
    """A worksheet of ``rows`` from A1 (empty strings are no cell), ``extra`` records
    written after them, inside the sheet data."""
    width = max((len(r) for r in rows), default=1)
    body = bytearray(record(BEGIN_SHEET))
    body += record(DIMENSION, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, width - 1))
    body += record(BEGIN_DATA)
    for index, cells in enumerate(rows):
        body += row_record(index)
        for column, value in enumerate(cells):
            if value != "":
                body += cell_record(column, value)
    body += extra + record(END_DATA) + record(END_SHEET)
    return bytes(body)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.bin" '
    'ContentType="application/vnd.ms-excel.worksheet"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
)


def _workbook_rels(target: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="{target}"/></Relationships>'
    )


def xlsb_bytes(
    rows: list[list[object]],
    extra: bytes = b"",
    *,
    sheet: str = "Parc",
    part: str = "xl/worksheets/sheet1.bin",
) -> bytes:
    """An xlsb workbook of one sheet named ``sheet`` holding ``rows`` (and ``extra``
    records), stored in ``part``."""
    target = part.removeprefix("xl/")
    workbook = (
        record(BEGIN_BOOK)
        + record(BEGIN_SHEETS)
        + record(BUNDLE_SHEET, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet))
        + record(END_SHEETS)
        + record(END_BOOK)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/_rels/workbook.bin.rels", _workbook_rels(target))
        archive.writestr(part, sheet_part(rows, extra))
    return out.getvalue()
