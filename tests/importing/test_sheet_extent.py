"""The extent check of a worksheet before calamine opens it (docs/import.md,
« Fichiers refusés d'emblée »): each chunk of a large sheet is checked as a whole
against its row elements, and the decision is always the one a reading of every
cell reference gives (readers._check_sheet_extent)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fleet.importing import readers
from fleet.importing.errors import ImportFileError
from fleet.importing.limits import DEFAULT_LIMITS

#: Rows enough for a sheet of several chunks (about 3 MB of XML).
ROWS = 12_000


def _row(number: int, columns: str = "ABCDE") -> str:
    cells = "".join(
        f'<c r="{c}{number}" t="inlineStr"><is><t>valeur {c}{number}</t></is></c>' for c in columns
    )
    return f'<row r="{number}">{cells}</row>'


def _sheet(rows: list[str]) -> zipfile.ZipFile:
    xml = "<worksheet><sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _decision(archive: zipfile.ZipFile) -> str:
    try:
        readers._check_sheet_extent(Path("parc.xlsx"), archive, DEFAULT_LIMITS)
    except ImportFileError as exc:
        return str(exc)
    return "accepted"


def _scanned(archive: zipfile.ZipFile) -> str:
    """The decision of a reading of every cell reference (the reference)."""
    member = archive.infolist()[0]
    try:
        readers._refuse_extent(
            Path("parc.xlsx"), readers._scanned_extent(archive, member), DEFAULT_LIMITS
        )
    except ImportFileError as exc:
        return str(exc)
    return "accepted"


REGULAR = [_row(r) for r in range(1, ROWS + 1)]


@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        ("regular", REGULAR, "accepted"),
        # A far cell in a later chunk, inside a row element that says so.
        ("far row", [*REGULAR[:9000], _row(3_000_000, "A"), *REGULAR[9000:]], "trop étendue"),
        # A far cell whose row element lies about its row.
        (
            "lying row",
            [*REGULAR[:9000], '<row r="9001"><c r="E2999999"><v>1</v></c></row>'],
            "trop étendue",
        ),
        (
            "far column",
            [*REGULAR[:9000], '<row r="9001"><c r="XFD9001"><v>1</v></c></row>'],
            "trop de colonnes",
        ),
        # Rows out of order and a narrower row, all within bounds.
        ("shuffled", [*REGULAR[6000:], *REGULAR[:6000], _row(ROWS + 1, "BC")], "accepted"),
        # Styled empty rows far below: the bounded area is too large, every cell decides.
        (
            "empty far rows",
            [*REGULAR, '<row r="1048576"><c r="A1048576" s="1"/></row>'],
            "accepted",
        ),
    ],
)
def test_a_large_sheet_is_decided_as_every_cell_would_decide(
    name: str, rows: list[str], expected: str
) -> None:
    archive = _sheet(rows)
    assert archive.infolist()[0].file_size > 2 * readers.MEGABYTE  # several chunks
    decision = _decision(archive)
    assert decision == _scanned(archive)
    assert expected in decision, name


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.integers(1, 10**7),
    st.integers(0, 10**7),
    st.lists(st.integers(0, 2 * 10**7), max_size=20),
)
def test_number_range_matches_exactly_the_numbers_between(
    low: int, span: int, others: list[int]
) -> None:
    high = low + span
    pattern = re.compile(f"(?:{readers._number_range(low, high)})")
    for number in [low - 1, low, low + 1, high - 1, high, high + 1, *others]:
        if number >= 0:
            assert bool(pattern.fullmatch(str(number))) == (low <= number <= high), number
    assert not pattern.fullmatch(f"0{low}")  # leading zeros are not the row's writing


@pytest.mark.parametrize(("where", "fill"), [(0.0, 0xFF), (0.0, 0x55), (0.3, 0), (0.9, 0)])
def test_a_damaged_sheet_stream_is_refused_in_french(where: float, fill: int) -> None:
    """Bytes of a worksheet's deflate stream overwritten, its directory intact: at its
    start a stream ISA-L cannot inflate, further on one whose CRC is wrong. The
    inflating before calamine refuses the workbook with the French message."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            "<worksheet><sheetData>" + "".join(REGULAR[:2000]) + "</sheetData></worksheet>",
        )
    data = bytearray(buffer.getvalue())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = member.header_offset + 30 + len(member.filename)
    spot = start + int(member.compress_size * where)
    data[spot : spot + 64] = bytes([fill]) * 64
    with pytest.raises(ImportFileError, match="endommagé"):
        readers._file_kind(Path("parc.xlsx"), bytes(data), DEFAULT_LIMITS)
