"""The cells of a binary worksheet (xlsb) are found where calamine finds them.

fleet/importing/binary_sheet.py walks the records of an xlsb sheet before calamine
reads it, to refuse a sheet whose cells span more than can be allocated: its bounds
must be calamine's own, including for records shorter than their kind, whose column
calamine takes from the bytes the record before left in its buffer.
"""

from __future__ import annotations

import io
import struct
import zipfile

import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsb_writer import BEGIN_DATA, NUMBER, cell_record, record, row_record, sheet_part, xlsb_bytes

from fleet.importing.binary_sheet import cell_bounds

#: A row header, a cell, or a number cell whose record keeps only its first bytes.
_OPERATION = st.one_of(
    st.tuples(st.just("row"), st.integers(0, 1_999)),
    st.tuples(st.just("cell"), st.integers(0, 299)),
    st.tuples(st.just("short"), st.integers(0, 299), st.integers(0, 3)),
)


def _records(operations: list[tuple[object, ...]]) -> bytes:
    out = bytearray()
    for operation in operations:
        match operation:
            case ("row", int(row)):
                out += row_record(row)
            case ("cell", int(column)):
                out += cell_record(column, 1.5)
            case ("short", int(column), int(kept)):
                out += record(NUMBER, struct.pack("<I", column)[:kept])
    return bytes(out)


def _calamine_bounds(workbook: bytes) -> tuple[int, int, int, int] | None:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(workbook))
    sheet = book.get_sheet_by_index(0)
    if not sheet.height:
        return None
    (top, left), (bottom, right) = sheet.start, sheet.end
    return top, bottom, left, right


@settings(max_examples=150, deadline=None)
@given(st.lists(_OPERATION, max_size=30))
def test_bounds_are_calamines(operations: list[tuple[object, ...]]) -> None:
    extra = _records(operations)
    workbook = xlsb_bytes([], extra)
    part = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.bin")
    assert cell_bounds(part) == _calamine_bounds(workbook)


def test_records_before_the_sheet_data_are_not_cells() -> None:
    """The dimension record and what precedes the sheet data hold no cell."""
    part = record(NUMBER, struct.pack("<IId", 9_000, 0, 1.0)) + sheet_part([["Nom"], ["PC-1"]])
    assert cell_bounds(part) == (0, 1, 0, 0)


def test_sheet_data_begun_by_a_record_with_a_body() -> None:
    """calamine starts at the first BrtBeginSheetData, whatever its size."""
    rows = [["Nom"], ["PC-1"]]
    extra = row_record(1_048_575) + cell_record(16_383, 1)
    workbook = xlsb_bytes(rows, extra)
    part = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.bin")
    begun = part.replace(record(BEGIN_DATA), record(BEGIN_DATA, b"\x00" * 8), 1)
    assert cell_bounds(begun) == (0, 1_048_575, 0, 16_383)


def test_a_part_cut_short_ends_the_walk() -> None:
    whole = sheet_part([["Nom", "Type"], ["PC-1", "Portable"]])
    assert cell_bounds(whole) == (0, 1, 0, 1)
    for cut in range(len(whole)):
        bounds = cell_bounds(whole[:cut])
        assert bounds is None or all(0 <= b <= 1 for b in bounds)


def test_no_cell() -> None:
    assert cell_bounds(b"") is None
    assert cell_bounds(sheet_part([])) is None
