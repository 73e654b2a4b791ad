"""The cells in error of an xlsx worksheet (« #N/A », « #REF! »), which calamine reads empty.

A formula that fails leaves its cell holding an error (``<c r="D4" t="e"><v>#N/A</v>``).
calamine, and so both readings of a sheet, give such a cell as an empty one: a serial
number or a purchase date lost to a broken VLOOKUP went in as « not given », silently.
The extent check already reads every chunk of every worksheet; where a chunk holds
the error type, its cells in error are noted here with what the spreadsheet shows,
and the reading writes that text back into its grid, where normalisation refuses
the row as it refuses « #N/A » in a CSV export (docs/import.md, « Cellules en erreur »).
"""

from __future__ import annotations

import html
import re
import zipfile
from typing import Final

from .parts import RELATIONSHIP, TARGET, column_index, target_keys, zip_key

#: A cell in error's type attribute, as writers write it: the quick test of a chunk.
MARKS: Final = (b't="e"', b"t='e'")
#: A cell's start tag and its attributes (a namespace prefix allowed, as .NET writes it).
_START: Final = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?c\s([^>]*)>")
_END: Final = re.compile(rb"</(?:[A-Za-z_][-.\w]*:)?c>")
_ERROR_TYPE: Final = re.compile(rb"""(?:^|\s)t\s*=\s*["']e["']""")
_REFERENCE: Final = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_VALUE: Final = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?v>([^<]{1,40})</")
#: Bytes after a cell's start tag searched for its value (a formula comes first).
_REACH: Final = 2048
#: Cells in error noted at most in a sheet; past them, cells in error read empty, as
#: calamine reads them (a few bytes of repeated cells in error make millions).
MOST_CELLS: Final = 100_000
#: Shown for a cell in error whose value the chunk does not hold.
UNKNOWN: Final = "#ERREUR"


def cells_in_error(xml: bytes) -> dict[tuple[int, int], str]:
    """The cells in error of a piece of worksheet XML: (row, column), 0-based, to the
    error the spreadsheet shows. A cell without its reference is not found (calamine
    places it after the previous one; it stays empty, as before)."""
    found: dict[tuple[int, int], str] = {}
    for match in _START.finditer(xml):
        attributes = match.group(1)
        if attributes.endswith(b"/") or not _ERROR_TYPE.search(attributes):
            continue
        content = xml[match.end() : match.end() + _REACH]
        closed = _END.search(content)
        content = content[: closed.start()] if closed else content
        reference = _REFERENCE.search(attributes)
        if reference is None:
            continue
        value = _VALUE.search(content)
        shown = html.unescape(value.group(1).decode("utf-8", "replace")) if value else UNKNOWN
        found[(int(reference.group(2)) - 1, column_index(reference.group(1)))] = (
            shown.strip() or UNKNOWN
        )
        if len(found) >= MOST_CELLS:
            break
    return found


_SHEET: Final = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?sheet\s[^>]*>")
_NAME: Final = re.compile(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID: Final = re.compile(rb"""\s(?:[A-Za-z_][-.\w]*:)?id\s*=\s*["']([^"']*)["']""")
_RELATIONSHIP_ID: Final = re.compile(rb"""\bId\s*=\s*["']([^"']*)["']""")


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The part of ``archive`` holding the worksheet named ``sheet``, or None."""
    by_key = {zip_key(name): name for name in archive.namelist()}
    workbook = by_key.get("xl/workbook.xml")
    relationships = by_key.get("xl/_rels/workbook.xml.rels")
    if workbook is None or relationships is None:
        return None
    identifier = None
    for tag in _SHEET.findall(archive.read(workbook)):
        name, ident = _NAME.search(tag), _ID.search(tag)
        if (
            name
            and ident
            and html.unescape((name.group(1) or name.group(2) or b"").decode()) == sheet
        ):
            identifier = ident.group(1)
            break
    if identifier is None:
        return None
    for tag in RELATIONSHIP.findall(archive.read(relationships)):
        ident, target = _RELATIONSHIP_ID.search(tag), TARGET.search(tag)
        if ident and target and ident.group(1) == identifier:
            for candidate in sorted(target_keys(target.group(1))):
                if candidate in by_key:
                    return by_key[candidate]
    return None


#: What marks an OpenDocument cell in error (LibreOffice writes the error it shows
#: as the cell's text, and a value of 0 or "" that calamine reads: « #DIV/0! » in a
#: price read as 0 €): the quick test of a content.
ODS_MARK: Final = b'value-type="error"'
_ODS_TOKEN: Final = re.compile(
    rb"<table:table\s([^>]*)>|</table:table>"
    rb"|<table:table-row\b([^>]*?)(/?)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_ODS_NAME: Final = re.compile(rb"""\btable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODS_ROWS: Final = re.compile(rb"""number-rows-repeated\s*=\s*["']([0-9]{1,9})["']""")
_ODS_COLUMNS: Final = re.compile(rb"""number-columns-repeated\s*=\s*["']([0-9]{1,9})["']""")
_ODS_ERROR: Final = re.compile(rb"""value-type\s*=\s*["']error["']""")
_ODS_TEXT: Final = re.compile(rb"<text:p(?:\s[^>]*)?>([^<]{1,40})</text:p>")
_ODS_CELL_END: Final = re.compile(rb"</table:(?:covered-)?table-cell>")
#: Repeats expanded at most (the extent check refuses more filled rows than this).
_ODS_MOST_REPEATS: Final = 10_000


def ods_cells_in_error(content: bytes, sheet: str) -> dict[tuple[int, int], str]:
    """The cells in error of the table named ``sheet`` of an OpenDocument content:
    (row, column), 0-based from A1 as calamine places them (repeated rows and
    columns counted), to the error the spreadsheet shows."""
    found: dict[tuple[int, int], str] = {}
    inside = False
    row = column = 0
    repeated_rows = 1
    for token in _ODS_TOKEN.finditer(content):
        table, row_attributes, row_closed, cell_attributes, cell_closed = token.groups()
        text = token.group(0)
        if table is not None:
            name = _ODS_NAME.search(b" " + table)
            named = (name.group(1) or name.group(2) or b"") if name else b""
            inside = html.unescape(named.decode("utf-8", "replace")) == sheet
            row = 0
        elif text == b"</table:table>":
            inside = False
        elif not inside:
            continue
        elif row_attributes is not None:
            repeats = _ODS_ROWS.search(row_attributes)
            repeated_rows = int(repeats.group(1)) if repeats else 1
            column = 0
            if row_closed:
                row += repeated_rows
        elif text == b"</table:table-row>":
            row += repeated_rows
        elif cell_attributes is not None:
            repeats = _ODS_COLUMNS.search(cell_attributes)
            width = int(repeats.group(1)) if repeats else 1
            if _ODS_ERROR.search(cell_attributes):
                body = b"" if cell_closed else content[token.end() : token.end() + _REACH]
                closed = _ODS_CELL_END.search(body)
                shown = _ODS_TEXT.search(body[: closed.start()] if closed else body)
                value = html.unescape(shown.group(1).decode("utf-8", "replace")) if shown else ""
                for r in range(row, row + min(repeated_rows, _ODS_MOST_REPEATS)):
                    for c in range(column, column + min(width, _ODS_MOST_REPEATS)):
                        if len(found) >= MOST_CELLS:
                            return found
                        found[(r, c)] = value.strip() or UNKNOWN
            column += width
    return found
