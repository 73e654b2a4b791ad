"""The fast reading of an xlsx sheet (readers._read_xlsx: python-calamine for the rows
down to the header, fastexcel below it) gives the reference reading's text
(readers._read_spreadsheet then readers._grid) cell for cell, with the same sheet
chosen, the same worksheets and merged cells; where it cannot be sure it declines
(None) and the reference reads the file (docs/import.md, « Lecture des fichiers »).

The workbooks are real files written by openpyxl (shared strings), openpyxl in
write-only mode (inline strings) and xlsxwriter (shared strings, formulas with
their cached value), holding every kind of cell."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hostile_corpus import rewritten_sheet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from fleet.importing import readers
from fleet.importing.limits import DEFAULT_LIMITS
from fleet.importing.mapping import header_key

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)

HEADER = ["Nom", "Numéro de série", "Type", "Fabricant", "Prix HT", "Date d'achat", "Quantité"]

Reading = tuple[list[list[str]], str, list[str], list[Any] | None]


class Formula(str):
    """A formula cell (``=…``) with the value its writer caches, when it caches one."""

    cached: Any = None


def _texts(grid: pd.DataFrame) -> list[list[str]]:
    """The grid's rows up to its last filled column."""
    width = readers._grid_width(grid)
    return [list(map(str, row)) for row in grid.iloc[:, :width].itertuples(index=False)]


def _readings(content: bytes, sheet: str | None = None) -> tuple[Reading | None, Reading]:
    """The fast reading (None when it declines) and the reference reading of ``content``."""
    hints = {header_key(h) for h in HEADER}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "parc.xlsx"
        path.write_bytes(content)
        fast = readers._read_xlsx(path, content, _heads(content), sheet, hints)
        cells, chosen, names, merged = readers._read_spreadsheet(
            path, content, "xlsx", sheet, hints
        )
    reference = (_texts(readers._grid(cells)), chosen, names, merged)
    return (None if fast is None else (_texts(fast[0]), *fast[1:])), reference


def _heads(content: bytes) -> readers.Heads:
    """The worksheets cut after their head, as the checks before reading leave them."""
    heads = readers.Heads()
    assert readers._file_kind(Path("parc.xlsx"), content, DEFAULT_LIMITS, heads) == "xlsx"
    return heads


def _same(content: bytes, sheet: str | None = None) -> bool:
    """Assert the fast reading, where it reads, is the reference's; whether it read."""
    fast, reference = _readings(content, sheet)
    if fast is not None:
        assert fast[1:] == reference[1:]
        assert len(fast[0]) == len(reference[0])
        for number, (mine, theirs) in enumerate(zip(fast[0], reference[0], strict=True)):
            assert mine == theirs, f"ligne {number + 1}"
    return fast is not None


# --- writers ----------------------------------------------------------------------------------


def _openpyxl(sheets: dict[str, list[list[Any]]], write_only: bool = False) -> bytes:
    book = openpyxl.Workbook(write_only=write_only)
    if not write_only:
        book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append([str(v) if isinstance(v, Formula) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsxwriter(sheets: dict[str, list[list[Any]]], **options: Any) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **options})
    formats = {
        datetime: book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss.000"}),
        date: book.add_format({"num_format": "dd/mm/yyyy"}),
        time: book.add_format({"num_format": "hh:mm:ss"}),
        timedelta: book.add_format({"num_format": "[h]:mm:ss"}),
    }
    for name, rows in sheets.items():
        worksheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Formula):
                    worksheet.write_formula(r, c, str(value), None, value.cached)
                elif isinstance(value, str):
                    worksheet.write_string(r, c, value)
                elif isinstance(value, bool):
                    worksheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    worksheet.write_number(r, c, value)
                elif value is not None:
                    worksheet.write_datetime(r, c, value, formats[type(value)])
    book.close()
    return buffer.getvalue()


WRITERS: dict[str, Callable[[dict[str, list[list[Any]]]], bytes]] = {
    "openpyxl": _openpyxl,
    "openpyxl, écriture seule": lambda sheets: _openpyxl(sheets, write_only=True),
    "xlsxwriter": _xlsxwriter,
}


# --- generated cells --------------------------------------------------------------------------

_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("abcXYZ0179 .,;-+/éÉ€\u00a0\n\t'\"&<>")), max_size=20),
    st.sampled_from(
        ["007", "0012.50", " espace ", "NA", "nan", "N/A", "NULL", "TRUE", "1e5", "a\rb", "_x0041_"]
    ),
    st.text(alphabet="ab ", min_size=2000, max_size=5000),
)


def _formula(cached: Any) -> Formula:
    formula = Formula("=1+1")
    formula.cached = cached
    return formula


#: Cells by kind: a column of one kind is read by fastexcel, a mixed one by the reference.
KINDS: dict[str, st.SearchStrategy[Any]] = {
    "texte": _TEXT,
    "entier": st.integers(min_value=-(10**17), max_value=10**17),
    "nombre": st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([1e15, 1e16, 123456789012345678.0, 1e-7, -0.0, 0.1 + 0.2, 2.0**53 + 1]),
    ),
    "date": st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    "date et heure": st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 30)),
    "heure": st.times(),
    "booléen": st.booleans(),
    "formule": st.builds(_formula, st.one_of(st.none(), st.integers(0, 9), st.just("deux"))),
    "vide": st.none(),
}


@st.composite
def _table(draw: st.DrawFn) -> list[list[Any]]:
    """Title rows, a header, then rows whose columns hold one kind of cell each (or
    any kind, now and then), with empty cells and empty rows."""
    width = draw(st.integers(1, 6))
    kinds = [draw(st.sampled_from([*KINDS, "mélange"])) for _ in range(width)]
    cells = [st.one_of(*KINDS.values()) if kind == "mélange" else KINDS[kind] for kind in kinds]
    titles = [[draw(st.sampled_from(["Inventaire 2024", "Parc informatique"]))]] * draw(
        st.integers(0, 3)
    )
    blank = [[]] * draw(st.integers(0, 2))
    header: list[Any] = list(HEADER[:width])
    body = []
    # Now and then more rows than the head: the sheet is cut after its first rows.
    for _ in range(draw(st.one_of(st.integers(0, 12), st.integers(31, 40)))):
        if draw(st.integers(0, 9)) == 0:
            body.append([])
            continue
        row = [
            draw(st.one_of(st.none(), cell)) if draw(st.booleans()) else draw(cell)
            for cell in cells
        ]
        body.append(row)
    return [*titles, *blank, header, *body]


@SETTINGS
@given(table=_table(), writer=st.sampled_from(sorted(WRITERS)))
def test_every_kind_of_cell_reads_as_the_reference(table: list[list[Any]], writer: str) -> None:
    try:
        content = WRITERS[writer]({"Parc": table})
    except (ValueError, TypeError):  # values this writer cannot write
        return
    _same(content)


def test_a_column_of_each_kind_is_read_by_fastexcel() -> None:
    """The kinds fastexcel gives exactly, each in a column of its own, under a header
    below a title: the fast reading reads them (it does not decline)."""
    rows: list[list[Any]] = [
        ["Inventaire du parc"],
        [],
        [*HEADER, "Actif"],
        ["PC-1", "007", "Portable", "Dell", 1234.5, date(2024, 3, 15), 1, True],
        [
            "PC-2",
            "SN 2\nbis",
            "Écran",
            "HP",
            1e16,
            datetime(2024, 3, 15, 8, 30, 1, 250000),
            2.0,
            False,
        ],
        [],
        ["PC-3", "NA", "Tour", None, 1e-7, date(2023, 1, 2), 3, None],
        ["PC-4", "x" * 5000, "Tour", "Lenovo", -0.0, None, 10**15, True],
    ]
    for writer in WRITERS.values():
        assert _same(writer({"Parc": rows}))


@pytest.mark.parametrize("rows", [3, 60])  # the head alone; a body read by fastexcel
def test_long_whole_numbers_read_as_the_spreadsheet_shows_them(tmp_path: Path, rows: int) -> None:
    """A 16-digit serial typed as a number keeps its 15 first digits (the spreadsheet
    lost the others when it was typed) and reads as digits, never « ….0 » or an
    exponent, whichever reading takes the cell (readers._WHOLE_LIMIT)."""
    numbers = [1500000000000000, 123456789012345678, 9007199254740993, 12345678901234, -(10**16)]
    shown = ["1500000000000000", "123456789012346000", "9007199254740990", "12345678901234"]
    shown.append("-10000000000000000")
    table = [HEADER[:3]] + [[f"PC-{i}", numbers[i % len(numbers)], "Portable"] for i in range(rows)]
    path = tmp_path / "parc.xlsx"
    path.write_bytes(_openpyxl({"Parc": table}))
    serials = readers.read_table(path).frame["Numéro de série"].tolist()
    assert serials == [shown[i % len(shown)] for i in range(rows)]
    assert readers._cell_text(1e21) == "1e+21"  # past any serial: the number as it is


def test_a_mixed_column_is_left_to_the_reference() -> None:
    rows = [HEADER[:3], ["PC-1", 12, "Portable"], ["PC-2", "SN-2", "Écran"]]
    assert not _same(_openpyxl({"Parc": rows}))


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        # Time-of-day cells: python-calamine gives times, fastexcel datetimes of 1899.
        ("heures", [HEADER[:2], ["PC-1", time(8, 30)], ["PC-2", time(17, 0, 5)]]),
        # Durations are left to the reference.
        ("durées", [HEADER[:2], ["PC-1", timedelta(hours=30)]]),
        # A text « nan » in a column of numbers is a number NaN to fastexcel.
        ("nan", [HEADER[:2], ["PC-1", 3.5], ["PC-2", "nan"]]),
        # An error cell.
        ("erreur", [HEADER[:2], ["PC-1", "#N/A"], ["PC-2", "#DIV/0!"]]),
    ],
)
def test_cells_fastexcel_cannot_tell_are_left_to_the_reference(
    name: str, rows: list[list[Any]]
) -> None:
    for writer in (_openpyxl, _xlsxwriter):
        try:
            content = writer({"Parc": rows})
        except (ValueError, TypeError):
            continue
        _same(content)


def test_a_1904_workbook_is_left_to_the_reference() -> None:
    rows = [HEADER[:2], ["PC-1", time(8, 30)], ["PC-2", datetime(2024, 1, 2, 3, 4)]]
    assert not _same(_xlsxwriter({"Parc": rows}, date_1904=True))


def test_merged_hidden_and_shifted_cells() -> None:
    """Merged cells (spread down by the reader), hidden rows and columns, a table that
    starts in C4 and cells right of the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Parc"
    sheet["D2"] = "Inventaire"
    for offset, label in enumerate(HEADER[:4]):
        sheet.cell(4, 3 + offset, label)
    for r in range(5, 12):
        sheet.cell(r, 3, f"PC-{r}")
        sheet.cell(r, 4, f"SN-{r}")
        sheet.cell(r, 6, 100.0 + r)
    sheet["E5"] = "Portable"
    sheet.merge_cells("E5:E8")
    sheet["H9"] = "hors tableau"
    sheet.row_dimensions[6].hidden = True
    sheet.column_dimensions["D"].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    assert _same(buffer.getvalue())
    fast, _ = _readings(buffer.getvalue())
    assert fast is not None and fast[3]


def test_several_sheets_and_the_sheet_chosen() -> None:
    """The sheet is chosen as the reference chooses it: by name (case and accents
    aside), else the one whose header is best; a hidden sheet is not chosen."""
    inventory = [HEADER[:3], ["PC-1", "SN-1", "Portable"], ["PC-2", "SN-2", "Écran"]]
    sheets = {
        "Notes": [["Lisez-moi"], ["Ce classeur liste le parc."]],
        "Équipements": inventory,
        "Autre": [["Code", "Libellé"], ["A", "Poste"]],
    }
    for writer in WRITERS.values():
        content = writer(sheets)
        assert _same(content)
        assert _readings(content)[1][1] == "Équipements"
        assert _same(content, "equipements")
        assert _same(content, "Autre")
    book = openpyxl.load_workbook(io.BytesIO(_openpyxl(sheets)))
    book["Équipements"].sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    assert _same(buffer.getvalue())


def test_a_long_sheet_is_cut_after_its_head_and_keeps_its_merged_cells() -> None:
    """A sheet of several megabytes: the copy read for the head keeps its first rows
    and what follows its cells (its merged cells, past the first chunks)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Parc"
    sheet.append(HEADER[:4])
    for r in range(8000):
        sheet.append([f"PC-{r}", f"SN-{r:06d}", "Portable", "une longue description " * 3])
    sheet.merge_cells("C2:C5")
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    assert _same(content)
    xml = _heads(content).parts["xl/worksheets/sheet1.xml"]
    assert xml is not None
    assert b'<row r="30"' in xml and b'<row r="31"' not in xml
    assert b'<mergeCell ref="C2:C5"/>' in xml


def _sheet_zip(xml: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _text_row(number: int, length: int) -> bytes:
    """A row of one inline text cell, ``length`` bytes long in all."""
    empty = f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t></t></is></c></row>'
    text = "x" * (length - len(empty))
    cell = f'<c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c>'
    return f'<row r="{number}">{cell}</row>'.encode()


@pytest.mark.parametrize("shift", range(-14, 14, 3))
def test_the_head_is_cut_where_a_row_tag_spans_two_chunks(shift: int) -> None:
    """The first row past the head starts just before, on, or just after the end of
    an inflated chunk (a megabyte), and ``</sheetData>`` likewise at the end of the
    second: the cut is at the row's tag all the same, and the end of the cells found."""
    start = b"<worksheet><sheetData>"
    rows = b"".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode() for r in range(2, 31))
    head = start + _text_row(1, readers.MEGABYTE + shift - len(start) - len(rows)) + rows
    body = _text_row(31, readers.MEGABYTE)
    end = b'</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>'
    heads = readers.Heads()
    readers._check_sheet_extent(
        Path("parc.xlsx"), _sheet_zip(head + body + end), DEFAULT_LIMITS, heads
    )
    assert heads.parts == {"xl/worksheets/sheet1.xml": head + end}


def _cells(rows: bytes, prefix: bytes = b"") -> bytes:
    return b"<%bworksheet><%bsheetData>%b</%bsheetData></%bworksheet>" % (
        prefix,
        prefix,
        rows,
        prefix,
        prefix,
    )


@pytest.mark.parametrize(
    ("name", "sheet", "whole"),
    [
        ("rangs sans numéro", _cells(b"<row><c><v>1</v></c></row>" * 40), False),
        (
            "préfixe d'espace de noms",
            _cells(b'<x:row r="40"><x:c r="A40"><x:v>1</x:v></x:c></x:row>', b"x:"),
            False,
        ),
        ("moins de 30 rangs", _cells(b'<row r="2"><c r="A2"><v>1</v></c></row>'), True),
    ],
)
def test_a_sheet_the_cut_cannot_see(name: str, sheet: bytes, whole: bool) -> None:
    """A sheet of fewer rows than the head is kept whole; one whose rows the cut
    cannot see has no head (the reference reads the workbook)."""
    heads = readers.Heads()
    readers._check_sheet_extent(Path("parc.xlsx"), _sheet_zip(sheet), DEFAULT_LIMITS, heads)
    assert heads.parts == {"xl/worksheets/sheet1.xml": sheet if whole else None}


def test_a_workbook_whose_rows_the_cut_cannot_see_is_read_by_the_reference() -> None:
    """Row elements without their number (which calamine numbers in order): the fast
    reading declines, the reference reads the workbook."""
    rows = [HEADER[:2], *([f"PC-{r}", f"SN-{r}"] for r in range(40))]
    content = rewritten_sheet(
        _openpyxl({"Parc": rows}), lambda xml: re.sub(rb'<row r="[0-9]+"', b"<row", xml)
    )
    fast, reference = _readings(content)
    assert fast is None and len(reference[0]) == 41


def test_rich_text_and_the_longest_cell() -> None:
    """A cell of several formatted runs (shared and inline) and one of 32,767
    characters, Excel's most."""
    rich = CellRichText(["Portable ", TextBlock(InlineFont(b=True), "gras"), " fin"])
    rows: list[list[Any]] = [HEADER[:3], ["PC-1", rich, "é" * 32_767], ["PC-2", "SN-2", "x"]]
    for write_only in (False, True):
        assert _same(_openpyxl({"Parc": rows}, write_only=write_only))
