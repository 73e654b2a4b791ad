"""Writing the generated workbooks: xlsxwriter, and large tables laid out by Arrow.

Every workbook ecoparc generates (footprint, REEN, BEGES) goes through
:class:`Book`, so they share their rules (docs/performance.md):

- text is always a text cell (xlsxwriter is told never to turn a string into a
  formula, a link or a number), stripped of the control characters xlsx cannot
  hold: an imported ``=HYPERLINK(…)`` stays inert (docs/architecture.md §9);
- numbers carry a format (``# ##0,00`` and ``0,0 %`` in a French Excel), dates
  the day format, header rows are bold and frozen, large tables get an
  autofilter and column widths fitted to their content;
- charts are xlsxwriter's native charts;
- a large table (:meth:`Book.table`) is not written cell by cell: xlsxwriter
  writes its header and styles, and the rows' XML is put together by Arrow (each
  column's values turned into text a whole column at a time, then one ``take``
  lays every piece of every row in order), then spliced into the saved file.
  Writing 100,000 devices × 25 columns cell by cell through any Python library
  takes tens of seconds; this takes about half a second, compression aside.

The small sheets (cover, indicators, one per entity) are a few hundred cells:
xlsxwriter builds them in memory (``in_memory``), with no temporary file per sheet
to write, read back and delete. The large tables never go through its cells, so
``constant_memory`` (which exists for them) has nothing left to save.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from factors.outputs import atomic_path
from factors.text import plain

if TYPE_CHECKING:
    from xlsxwriter.chart import Chart
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

#: Control characters an xlsx cell cannot hold (tab, newline and carriage return can).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Number formats (Excel shows them with the reader's separators: ``1 234,50`` in French);
#: a book adds the date format of its language (:class:`Book`).
NUMBER_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.0%"
#: A day as each language writes it (factors.locale.DATE_FORMATS), in Excel's codes.
DATE_FORMATS = {"fr": "dd/mm/yyyy", "en": "yyyy-mm-dd"}

_STYLES: dict[str, dict[str, Any]] = {
    "bold": {"bold": True},
    "title": {"bold": True, "font_size": 14},
    "number": {"num_format": NUMBER_FORMAT},
    "share": {"num_format": SHARE_FORMAT},
    "text": {},
}

#: Widest column a table gets, in characters.
MAX_WIDTH = 50

_EXCEL_EPOCH = np.datetime64("1899-12-30", "s")


@dataclass(frozen=True)
class Cell:
    """A value with a named style of :data:`_STYLES` (``bold``, ``title``, ``number``…)."""

    value: Any
    style: str


def bold(value: str) -> Cell:
    return Cell(value, "bold")


def title(value: str) -> Cell:
    return Cell(value, "title")


def number(value: Any, share: bool = False) -> Cell | None:
    """A formatted number, or an empty cell for a missing one."""
    value = plain(value)
    if value is None or not np.isfinite(float(value)):
        return None
    return Cell(float(value), "share" if share else "number")


class Sheet:
    """A worksheet written row after row, top to bottom."""

    def __init__(self, book: Book, worksheet: Worksheet) -> None:
        self.book = book
        self.worksheet = worksheet
        self.name: str = worksheet.name
        self.row = 0

    def append(self, values: Iterable[Any] = ()) -> None:
        """One row: text, numbers, dates, booleans, :class:`Cell` or None (empty)."""
        for column, value in enumerate(values):
            self.book.write(self.worksheet, self.row, column, value)
        self.row += 1

    def header(self, names: Iterable[str]) -> None:
        self.append(bold(n) for n in names)

    def widths(self, widths: Sequence[float]) -> None:
        for column, width in enumerate(widths):
            self.worksheet.set_column(column, column, width)

    def chart(self, chart: Chart, cell: str) -> None:
        self.worksheet.insert_chart(cell, chart)


class Book:
    """An xlsx file being written in ``lang`` (its dates as that language writes
    them: 28/11/2026 in French, 2026-11-28 in English); :meth:`close` saves it."""

    def __init__(self, path: Path, lang: str = "fr") -> None:
        import xlsxwriter

        self.path = Path(path)
        self._workbook = xlsxwriter.Workbook(
            str(self.path),
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        styles = _STYLES | {"date": {"num_format": DATE_FORMATS.get(lang, DATE_FORMATS["en"])}}
        self._formats: dict[str, Format] = {
            name: self._workbook.add_format(props) for name, props in styles.items()
        }
        self._tables: list[_Table] = []

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, self._workbook.add_worksheet(name))

    def chart(self, kind: str, subtype: str | None = None) -> Chart:
        options = {"type": kind} | ({"subtype": subtype} if subtype else {})
        chart = self._workbook.add_chart(options)
        assert chart is not None  # xlsxwriter returns None only for an unknown type
        return chart

    def write(self, worksheet: Worksheet, row: int, column: int, value: Any) -> None:
        style = None
        if isinstance(value, Cell):
            style, value = self._formats[value.style], value.value
        value = plain(value)
        if isinstance(value, float) and not np.isfinite(value):
            value = None
        if value is None:
            if style is not None:
                worksheet.write_blank(row, column, None, style)
        elif isinstance(value, str):
            worksheet.write_string(row, column, ILLEGAL_CHARACTERS.sub("", value), style)
        elif isinstance(value, bool):
            worksheet.write_boolean(row, column, value, style)
        elif isinstance(value, datetime | date):
            worksheet.write_datetime(row, column, value, style or self._formats["date"])
        elif isinstance(value, int | float):
            worksheet.write_number(row, column, value, style)
        else:
            worksheet.write_string(row, column, ILLEGAL_CHARACTERS.sub("", str(value)), style)

    def table(self, name: str, frame: pd.DataFrame, styles: dict[str, str] | None = None) -> Sheet:
        """A sheet holding ``frame`` (header row frozen, autofilter, fitted widths).

        ``styles`` names a style per column; numbers default to ``number``, dates
        to ``date``. The rows are laid out at :meth:`close`.
        """
        sheet = self.sheet(name)
        worksheet = sheet.worksheet
        columns = [_column(frame[c], (styles or {}).get(str(c))) for c in frame.columns]
        sheet.header(str(c) for c in frame.columns)
        for index, (name_, column) in enumerate(zip(frame.columns, columns, strict=True)):
            width = min(MAX_WIDTH, max(len(str(name_)) + 2, column.width))
            worksheet.set_column(index, index, width, self._formats[column.style])
        worksheet.freeze_panes(1, 0)
        if len(frame.columns):
            worksheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
        self._tables.append(_Table(len(self._workbook.worksheets()), len(frame), columns))
        return sheet

    def close(self) -> None:
        """Save the book beside its target and rename it there, so that a crash while
        saving never leaves half a workbook (docs/import.md, « Fichiers écrits »)."""
        from xlsxwriter.exceptions import FileCreateError

        with atomic_path(self.path) as temporary:
            # xlsxwriter writes nothing before close(): pointing it at the temporary
            # here is enough for the whole file to go through it.
            self._workbook.filename = str(temporary)
            try:
                self._workbook.close()
            except FileCreateError as exc:
                # xlsxwriter wraps the OSError of a folder that refuses files
                # (/proc, a full disk): callers handle OSError as a failed write.
                cause = exc.args[0] if exc.args else exc
                raise cause if isinstance(cause, OSError) else OSError(str(exc)) from exc
            if self._tables:
                _splice(temporary, self._tables, self._formats)


@dataclass
class _Column:
    """One table column ready to lay out: its kind, style, width and Arrow values."""

    kind: str  # number, date, bool, text
    style: str
    width: float
    values: pa.Array


@dataclass
class _Table:
    sheet_number: int  # 1-based, as in xl/worksheets/sheetN.xml
    rows: int
    columns: list[_Column]


def _column(series: pd.Series, style: str | None) -> _Column:
    """The column's cell kind and values, converted once for the whole column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("str")
    if pd.api.types.is_bool_dtype(series):
        values = pa.array(series.to_numpy(dtype=bool, na_value=False))
        return _Column("bool", style or "text", 8, values)
    if pd.api.types.is_datetime64_any_dtype(series):
        moments = (
            series.dt.tz_localize(None) if isinstance(series.dtype, pd.DatetimeTZDtype) else series
        )
        raw = moments.to_numpy(dtype="datetime64[s]")
        serial = (raw - _EXCEL_EPOCH).astype(np.float64) / 86400.0
        values = pa.array(serial, mask=np.isnat(raw))
        return _Column("number", style or "date", 12, values)
    if pd.api.types.is_numeric_dtype(series):
        floats = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        values = pa.array(floats, mask=~np.isfinite(floats))
        return _Column("number", style or "number", 14, values)
    values = pa.array(series.astype("str"))
    if isinstance(values, pa.ChunkedArray):  # Arrow-backed text read in several blocks
        values = values.combine_chunks()
    values = values.cast(pa.string())
    sample = pc.utf8_length(values.slice(0, 2000))
    width = float(pc.max(sample).as_py() or 0) + 2
    return _Column("text", style or "text", width, values)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_parts(kind: str, style: int) -> tuple[str, str]:
    """The fixed XML around a cell's value, after its reference (``<c r="B7``)."""
    if kind == "text":
        return f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>"
    if kind == "bool":
        return f'" s="{style}" t="b"><v>', "</v></c>"
    return f'" s="{style}"><v>', "</v></c>"


#: Characters a text cell cannot hold as they are: XML markup and the illegal controls.
_NEEDS_CARE = r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]"


def _cell_values(column: _Column, start: int, count: int) -> pa.Array:
    """The text of each cell's value in rows ``start`` to ``start + count``; null
    where the cell is empty."""
    values = column.values.slice(start, count)
    if column.kind == "text":
        # Most inventories hold no markup character at all: one scan instead of four
        # rewriting passes.
        if not pc.any(pc.match_substring_regex(values, _NEEDS_CARE)).as_py():
            return values
        text = pc.replace_substring_regex(values, ILLEGAL_CHARACTERS.pattern, "")
        for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, old, new)
        return text
    if column.kind == "bool":
        return pc.if_else(values, "1", "0")
    return pc.cast(values, pa.string())


#: Rows laid out at a time: bounds the memory of the XML (about 13 MB for 25 columns)
#: and of the index that orders its pieces.
CHUNK_ROWS = 10_000


def _rows_xml(table: _Table, formats: dict[str, Format]) -> Iterator[memoryview]:
    """Every data row of a table as ``<row>`` XML, row 2 onwards (row 1 is the header),
    a chunk of rows at a time.

    Each row is a fixed sequence of pieces: ``<row r="``, its number, ``">``, then
    per column ``<c r="B``, the number, the style and type, the value, the closing
    tags, and ``</row>``. The fixed pieces, the row numbers and every column's values
    go into one Arrow string array, and a single ``take`` puts them in that order:
    the taken array's characters, end to end, are the rows' XML. An empty cell's five
    pieces all point at the empty string. One ``take`` copies each byte once, where
    joining the cells then the rows element-wise copied them at each step.
    """
    fixed = ["", '<row r="', '">', "</row>"]
    EMPTY, ROW_OPEN, ROW_MID, ROW_CLOSE = range(4)
    cell_open = []
    for i, column in enumerate(table.columns):
        cell_open.append(len(fixed))  # then its head and tail
        head, tail = _cell_parts(column.kind, int(formats[column.style].xf_index or 0))
        fixed += [f'<c r="{_column_letters(i)}', head, tail]
    width = 4 + 5 * len(table.columns)
    for start in range(0, table.rows, CHUNK_ROWS):
        count = min(CHUNK_ROWS, table.rows - start)
        numbers = pa.array(np.arange(start + 2, start + 2 + count)).cast(pa.string())
        pieces = [pa.array(fixed, pa.string()), numbers]
        row = np.arange(count, dtype=np.int32)
        number_at = len(fixed) + row
        order = np.empty((count, width), dtype=np.int32)
        order[:, 0] = ROW_OPEN
        order[:, 1] = number_at
        order[:, 2] = ROW_MID
        order[:, -1] = ROW_CLOSE
        value_at = len(fixed) + count
        for i, column in enumerate(table.columns):
            values = _cell_values(column, start, count)
            pieces.append(values)
            cell = order[:, 3 + 5 * i : 8 + 5 * i]
            cell[:, 0], cell[:, 1], cell[:, 2] = cell_open[i], number_at, cell_open[i] + 1
            cell[:, 3], cell[:, 4] = value_at + row, cell_open[i] + 2
            if values.null_count:
                cell[values.is_null().to_numpy(zero_copy_only=False)] = EMPTY
            value_at += count
        yield _data(pc.take(pa.concat_arrays(pieces), pa.array(order.ravel())))


def _data(strings: pa.Array) -> memoryview:
    """All the strings of an Arrow string array end to end, without copying them."""
    offsets, data = strings.buffers()[1], strings.buffers()[2]
    assert offsets is not None and data is not None
    ends = np.frombuffer(offsets, dtype=np.int32)[
        strings.offset : strings.offset + len(strings) + 1
    ]
    return memoryview(data)[int(ends[0]) : int(ends[-1])]


def _splice(path: Path, tables: list[_Table], formats: dict[str, Format]) -> None:
    """Put each table's rows into its saved sheet, rewriting the file once."""
    by_member = {f"xl/worksheets/sheet{t.sheet_number}.xml": t for t in tables if t.rows}
    if not by_member:
        return
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".xlsx", delete=False) as handle:
        spliced = Path(handle.name)
    try:
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(spliced, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                table = by_member.get(info.filename)
                if table is None:
                    target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                    continue
                _write_sheet(target, info.filename, data.decode("utf-8"), table, formats)
        shutil.move(spliced, path)
    finally:
        spliced.unlink(missing_ok=True)


def _write_sheet(
    target: zipfile.ZipFile, name: str, xml: str, table: _Table, formats: dict[str, Format]
) -> None:
    last = f"{_column_letters(len(table.columns) - 1)}{table.rows + 1}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
    head, tail = xml.split("</sheetData>", 1)
    with target.open(name, "w", force_zip64=True) as member:
        _fast_deflate(member)
        member.write(head.encode("utf-8"))
        for chunk in _rows_xml(table, formats):
            member.write(chunk)
        member.write(b"</sheetData>")
        member.write(tail.encode("utf-8"))


#: ISA-L's level 1: a file a little smaller than zlib's level 1, several times faster.
ISAL_LEVEL = 1


def _fast_deflate(member: IO[bytes]) -> None:
    """Deflate a member being written with ISA-L rather than zlib.

    A large table is most of a workbook's bytes (275 MB of XML for 100,000 devices
    × 56 columns) and zlib, even at level 1, took longer to compress it than
    everything else took to write it. The stream is standard deflate: any xlsx
    reader opens it. zipfile has no public way to choose its compressor; it keeps
    it in ``_compressor``, read at each write. Were that to change, zlib's would
    stay: the same file, only slower.
    """
    from isal import isal_zlib

    if getattr(member, "_compressor", None) is not None:
        member._compressor = isal_zlib.compressobj(  # type: ignore[attr-defined]
            ISAL_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS
        )
