"""Reading any asset export into a table of text cells with its header found.

Spreadsheets (xlsx, xls, ods) are read with python-calamine, openpyxl being the
fallback for xlsx files calamine refuses; CSV files have their encoding
(UTF-8, UTF-8 with BOM, UTF-16, Windows-1252, even mixed line by line) and
delimiter (``;``, tab, ``,``) sniffed. Every cell becomes text — numbers
without a spurious ``.0``, dates in ISO — so that one normaliser handles every
source. Title rows above the header, blank rows, repeated header rows, totals
rows and vertically merged cells are dealt with here; what is left is one row
per device or lot, with its row number in the file for messages.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import logging
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import python_calamine
from isal import isal_zlib

from factors.locale import format_number
from factors.system_errors import in_words
from factors.text import fold_key

from .binary_sheet import cell_bounds
from .error_cells import MARKS as ERROR_MARKS
from .error_cells import MOST_CELLS as MOST_ERRORS
from .error_cells import ODS_MARK as ODS_ERROR_MARK
from .error_cells import cells_in_error, ods_cells_in_error, sheet_part
from .errors import ImportFileError
from .limits import DEFAULT_LIMITS, MEGABYTE, Limits
from .mapping import HEADER_KEY_CHARS, header_key, header_score
from .parts import RELATIONSHIP, TARGET, column_index, target_keys, zip_key
from .workbook_probe import ProbeFailed, sheet_areas

#: Rows scanned for the header (title blocks rarely exceed a few lines).
HEADER_SCAN_ROWS: Final[int] = 30
CFB_MAGIC: Final[bytes] = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_ENCRYPTION_MARK: Final[bytes] = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME: Final[bytes] = b"application/vnd.oasis.opendocument.spreadsheet"
_TOTAL = re.compile(r"^(?:sous[- ]?)?totale?s?\b|^totaux\b|^somme\b|^grand total\b")
#: What a total row may start with (then checked with :data:`_TOTAL`): Python's white
#: space spelt out, so the string kernels read it as :meth:`str.isspace` does.
_MAYBE_TOTAL = (
    r"[\s\x0b\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}"
    r"\x{3000}]*(sous|tot|somme|grand)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS: Final[tuple[str, ...]] = (";", "\t", ",", "|")

#: Largest CSV cell: a 1 MB cell is a row to reject, a 16 MB one a quote never closed.
CSV_FIELD_LIMIT: Final[int] = 16 * MEGABYTE
#: Separators on one physical CSV line beyond which the line is refused before it is
#: split (a line of millions of « ; » would otherwise become millions of cells).
CSV_SEPARATORS_PER_LINE: Final[int] = 20_000
#: Records of a CSV file, blank ones left out: as many rows as an xlsx sheet holds. A
#: 200 MB file of short lines is 6 million rows, which the import would hold in about
#: 12 GB; a million rows (far beyond any commune's fleet) stay within about 2 GB.
MAX_CSV_ROWS: Final[int] = 1_048_576
#: Largest dense area of a worksheet (rows × columns, empty cells included): what
#: calamine allocates for a sheet, whatever few cells it really holds.
MAX_SHEET_CELLS: Final[int] = 12_000_000
#: An OpenDocument row holding a value may repeat this many times at most.
MAX_REPEATED_ROWS: Final[int] = 10_000
csv.field_size_limit(CSV_FIELD_LIMIT)

Progress = Callable[[str, int, int], None]


@dataclass
class Heads:
    """What the extent check of an xlsx workbook leaves for its reading."""

    #: Each worksheet cut after its first rows, by its part's name (None: to be read
    #: whole; :class:`_HeadCut`).
    parts: dict[str, bytes | None] = field(default_factory=dict)
    #: The cells in error (« #N/A », « #REF! »…) of each worksheet holding some, which
    #: calamine reads as empty cells (fleet/importing/error_cells.py).
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    #: Whether an OpenDocument content holds a cell in error (read as 0 or empty).
    ods_errors: bool = False
    #: The cells in error of a binary workbook's sheets (xls, xlsb), by sheet name, as
    #: the child process opening it finds them (fleet/importing/workbook_probe.py).
    sheet_errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


@dataclass
class RawTable:
    """One table read from a file: text cells under their (deduplicated) headers."""

    path: Path
    frame: pd.DataFrame
    #: Row number in the file (1-based, as a spreadsheet shows it) of each frame row.
    rows: np.ndarray
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sha256: str = ""
    kind: str = "csv"
    #: When each record is one physical line (CSV read by the fast readers): a 64-bit
    #: hash of the line each frame row was read from, line end left out, which the
    #: row's hash is made of (incremental.row_hashes). None otherwise.
    line_hashes: np.ndarray | None = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """SHA-256 of the file's bytes, read under the same checks as :func:`read_table`
    (what an import batch stores, and what tells an unchanged file at once)."""
    return _sha256(_read_bytes(Path(path), limits))


def check_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The file's kind (xlsx, ods, xls, csv) once it has passed the checks every file
    passes before a parser sees it: a regular file, within the size limit, not empty,
    a workbook whose archive is no zip bomb. For readers outside this package (a
    factor set's files) that parse with their own tools."""
    path = Path(path)
    return _file_kind(path, _read_bytes(path, limits), limits)


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, after checking it is a regular file within the size limit.

    The file is opened without blocking and checked through its descriptor, so a
    pipe or a device is refused at once instead of being read forever.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise ImportFileError(path, "fichier introuvable") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(path, "c'est un dossier, pas un fichier") from exc
    except OSError as exc:
        raise ImportFileError(path, f"lecture impossible ({in_words(exc)})") from exc
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ImportFileError(path, "c'est un dossier, pas un fichier")
        if not stat.S_ISREG(info.st_mode):
            raise ImportFileError(
                path,
                f"ce n'est pas un fichier ordinaire ({_special_kind(info.st_mode)}) : "
                "seuls les fichiers xlsx, ods, xls et csv sont lus",
            )
        if info.st_size > limits.max_bytes:
            raise ImportFileError(path, _too_large(info.st_size, limits))
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        try:
            data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise ImportFileError(path, f"lecture impossible ({in_words(exc)})") from exc
    if len(data) > limits.max_bytes:
        raise ImportFileError(path, _too_large(len(data), limits))
    if not data or data.isspace():
        raise ImportFileError(path, "fichier vide")
    return data


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "tube nommé"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "périphérique"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "fichier spécial"


def _megabytes(size: int) -> str:
    if size >= MEGABYTE:
        return f"{format_number(size / MEGABYTE, decimals=0)} Mo"
    return f"{format_number(size / 1024, decimals=0)} ko"


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"fichier trop volumineux ({_megabytes(size)}, {_megabytes(limits.max_bytes)} au plus ; "
        "option --max-size pour relever la limite)"
    )


def _check_archive(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip whose directory announces more than parsing could hold (zip bomb).

    The compression ratio is checked for each large part and for the parts together:
    a hundred sheets of 3.9 MB of blanks, each under the floor of the part check,
    inflate 370 kB into 350 MB, which the cut of the sheets and calamine hold several
    times over (1.7 GB).
    """
    total = compressed = 0
    for member in archive.infolist():
        total += member.file_size
        compressed += member.compress_size
        if (
            member.file_size > limits.ratio_floor_bytes
            and member.file_size > limits.max_zip_ratio * max(member.compress_size, 1)
        ):
            ratio = member.file_size / max(member.compress_size, 1)
            raise ImportFileError(
                path,
                f"classeur suspect : « {member.filename[:80]} » se décompresse "
                f"{format_number(ratio, decimals=0)} fois "
                f"(au plus {format_number(limits.max_zip_ratio, decimals=0)}) — archive "
                "piégée refusée",
            )
    if total > limits.ratio_floor_bytes and total > limits.max_zip_ratio * max(compressed, 1):
        raise ImportFileError(
            path,
            f"classeur suspect : ses {format_number(len(archive.infolist()), decimals=0)} "
            f"parties se décompressent {format_number(total / max(compressed, 1), decimals=0)} "
            f"fois (au plus {format_number(limits.max_zip_ratio, decimals=0)}) — archive "
            "piégée refusée",
        )
    if total > limits.max_unzipped_bytes:
        raise ImportFileError(
            path,
            f"classeur trop volumineux une fois décompressé ({_megabytes(total)}, "
            f"{_megabytes(limits.max_unzipped_bytes)} au plus)",
        )


#: The end of a filled cell's opening tag: other attributes or none (``<c r="A1">``, a
#: number), but not ``/>`` (an empty ``<c …/>`` is not a filled cell).
_FILLED_END = rb'"(?:[^>]*[^/>])?>'
#: A filled cell's column letters, and its row number.
_XLSX_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}' + _FILLED_END)
_XLSX_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})' + _FILLED_END)
#: A row element's number: the cells that follow it, up to the next one, are its cells.
_XLSX_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
#: Bytes of a chunk kept in front of the next one, so a reference cut in two is whole there.
_CHUNK_OVERLAP = 64
#: A cell's or a row's start tag up to its reference, in any form XML allows: a namespace
#: prefix (``<x:c``, as .NET writers put it), attributes before ``r``, single quotes,
#: blanks around ``=``.
_ANY_REFERENCE = re.compile(
    rb"""<(?:[A-Za-z_][-.\w]*:)?(c|row)\s(?:[^>]*?\s)?r\s*=\s*["']([A-Z]{0,3}[0-9]{1,7})["']"""
)
_SPACED_EQUALS = re.compile(rb"r\s+=")


#: A cell's start tag, with or without its reference; a row's start tag; a prefixed cell.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?c[\s>/]")
_ROW_TAG_ANY = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?row[\s>/]")
_PREFIXED_CELL_OR_ROW = re.compile(rb":(?:c|row)[\s>/]")


@dataclass
class _Unreferenced:
    """The cells and rows a worksheet writes without a reference, chunk after chunk:
    the format lets a writer leave ``r`` out, a cell is then the one after the previous
    and a row the one after the previous. A row of 99 such cells a million rows down
    (or under 600,000 empty ``<row/>``) made calamine fill 99 million cells (4.4 GB)
    from 5 kB; the extent counts them."""

    #: The largest row number written so far, and the rows without a number so far:
    #: none of those lies further down than their sum.
    top: int = 0
    skipped: int = 0

    def add_to(self, extent: _Extent, buffer: bytes, numbered: list[int]) -> None:
        """Extend ``extent`` by the cells without a reference of ``buffer`` (made
        :func:`_standard`, its rows ``numbered``): as wide as the most cell elements one
        of its rows holds, down to the largest row number plus every row without a
        number. Two counts and a search a chunk whose cells and rows all carry their
        reference."""
        self.top = max(self.top, *numbered, 0)
        if (
            buffer.count(b"<c") == buffer.count(b'<c r="')
            and buffer.count(b"<row") == buffer.count(b'<row r="')
            and not _PREFIXED_CELL_OR_ROW.search(buffer)
        ):
            return
        starts = [m.start() for m in _ROW_TAG_ANY.finditer(buffer)]
        self.skipped += len(starts) - len(numbered)
        bounds = itertools.pairwise([0, *starts, len(buffer)])
        width = max(len(_CELL_TAG.findall(buffer, start, end)) for start, end in bounds)
        if width:
            extent.add([1, self.top + self.skipped], range(width))


def _standard(buffer: bytes) -> bytes:
    """``buffer`` with every cell's and row's start tag written as every writer writes
    it (``<c r="A1"``, ``<row r="1"``), the form the extent's searches read: a cell
    written otherwise (``<x:c r="CU999999"``, ``<c t="s" r=…``) escaped them, and 5 kB
    made calamine fill 99 million cells (4 GB). Only a buffer with an ``r=`` outside
    those forms is rewritten (page margins' ``header=``, a few chunks a sheet)."""
    written = buffer.count(b'<c r="') + buffer.count(b'<row r="')
    if buffer.count(b"r=") == written and _SPACED_EQUALS.search(buffer) is None:
        return buffer
    return _ANY_REFERENCE.sub(rb'<\1 r="\2"', buffer)


@dataclass
class _Extent:
    """The rows and columns (indices) filled cells were found in."""

    rows: list[int] = field(default_factory=list)
    columns: set[int] = field(default_factory=set)
    #: The cells in error seen (:attr:`Heads.errors`).
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, rows: Iterable[int], columns: Iterable[int]) -> None:
        every = [*self.rows, *rows]
        self.rows = [min(every), max(every)] if every else []
        self.columns.update(columns)

    def within(self, limits: Limits) -> bool:
        if not self.rows:
            return True
        width = max(self.columns) - min(self.columns) + 1
        return (
            width <= limits.max_columns
            and width * (self.rows[1] - self.rows[0] + 1) <= MAX_SHEET_CELLS
        )


def _exact_extent(buffer: bytes) -> tuple[list[int], list[int]]:
    """The rows and columns of every filled cell of ``buffer``, read cell by cell."""
    columns = [column_index(c) for c in set(_XLSX_CELL_COLUMN.findall(buffer))]
    return [int(r) for r in set(_XLSX_CELL_ROW.findall(buffer))], columns


def _outside(columns: set[int], low: int, high: int) -> re.Pattern[bytes]:
    """A filled cell whose reference is not in the columns ``columns`` (contiguous, as
    indices) and the rows ``low`` to ``high`` (written without leading zeros)."""
    letters = b"|".join(_letters(i).encode() for i in range(min(columns), max(columns) + 1))
    rows = _number_range(low, high).encode()
    return re.compile(
        rb'<c r="(?!(?:' + letters + rb")(?:" + rows + rb')")[A-Z]{1,3}[0-9]{1,7}' + _FILLED_END
    )


def _number_range(low: int, high: int) -> str:
    """A regular expression matching exactly the decimal numbers from ``low`` to
    ``high`` (1 ≤ low ≤ high), written without leading zeros."""
    if len(str(low)) < len(str(high)):
        # Numbers of one length at a time.
        bound = 10 ** len(str(low))
        return _number_range(low, bound - 1) + "|" + _number_range(bound, high)
    return _digit_range(str(low), str(high))


def _digit_range(low: str, high: str) -> str:
    """The digit strings of one length from ``low`` to ``high``, as a regular expression."""
    if low == high:
        return low
    if len(low) == 1:
        return f"[{low}-{high}]"
    if low[0] == high[0]:
        return low[0] + "(?:" + _digit_range(low[1:], high[1:]) + ")"
    rest = len(low) - 1
    parts: list[str] = []
    first, last = int(low[0]), int(high[0])
    if low[1:] != "0" * rest:  # the end of low's leading digit, apart
        parts.append(low[0] + "(?:" + _digit_range(low[1:], "9" * rest) + ")")
        first += 1
    if high[1:] != "9" * rest:  # the start of high's leading digit, apart
        last -= 1
    if first <= last:
        parts.append(f"[{first}-{last}]" + "[0-9]" * rest)
    if high[1:] != "9" * rest:
        parts.append(high[0] + "(?:" + _digit_range("0" * rest, high[1:]) + ")")
    return "|".join(parts)


def _check_sheet_extent(
    path: Path, archive: zipfile.ZipFile, limits: Limits, heads: Heads | None = None
) -> None:
    """Refuse a worksheet whose filled cells span an area too large to allocate.

    calamine allocates the dense rectangle from the first to the last filled
    cell: one value in A1 and one in XFD1048576 ask for 17 billion cells and end
    the process. The cell references are scanned in the compressed stream
    before calamine opens the sheet (the archive itself was checked already).

    Reading every reference of a large sheet costs a second per 100,000 rows, so
    each chunk is first checked as a whole: its cells must all lie in the columns
    of the sheet's first chunk and between the row elements the chunk holds (and
    the last two of the chunk before: the overlap carried over may hold cells of
    either), one search that finds nothing in a regular sheet.
    A chunk where it finds a cell is read cell by cell; and if the areas so
    bounded exceed a limit, the whole sheet is read cell by cell, which decides.

    ``heads`` receives, on the way, each worksheet cut after its first rows
    (:class:`_HeadCut`), which the fast reading of the workbook reads.
    """
    worksheets = _worksheet_parts(archive)
    # calamine reads the workbook as xlsb when it has a binary workbook part and no
    # readable XML one: its sheets' cells are then records (fleet/importing/binary_sheet.py).
    binary = _is_binary(archive)
    for member in archive.infolist():
        if member.filename not in worksheets:
            continue
        if binary:
            _refuse_extent(path, _binary_extent(archive, member), limits)
        cut = None if heads is None or binary else _HeadCut()
        bounded = _bounded_extent(archive, member, limits, cut)
        if heads is not None:
            heads.parts[member.filename] = None if cut is None else cut.result()
            if bounded.errors:
                heads.errors[member.filename] = bounded.errors
        if not bounded.within(limits):
            _refuse_extent(path, _scanned_extent(archive, member), limits)


def _binary_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Extent:
    """The area of a binary worksheet's cells, as calamine's xlsb reader finds them
    (the part, inflated within the archive's checked size, walked record by record)."""
    extent = _Extent()
    bounds = cell_bounds(b"".join(_member_chunks(archive, member)))
    if bounds is not None:
        top, bottom, left, right = bounds
        extent.add([top + 1, bottom + 1], [left, right])
    return extent


_WORKSHEET_TYPE = re.compile(rb"""\bType\s*=\s*["'][^"']*/worksheet["']""")
#: The workbook's relationships, which name its worksheets: of an xlsx, of an xlsb.
_WORKBOOK_RELATIONSHIPS: Final = frozenset(
    {"xl/_rels/workbook.xml.rels", "xl/_rels/workbook.bin.rels"}
)


def _worksheet_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts of the archive that are worksheets: those in ``xl/worksheets/``, and
    those the workbook's relationships name as worksheets wherever they lie (calamine
    reads a sheet where they say: a sheet moved to ``xl/autres/`` escaped the checks,
    and a cell in CU999999 made calamine fill 99 million cells, 7.4 GB, from 5 kB)."""
    names = archive.namelist()
    wanted = {
        key
        for key in map(zip_key, names)
        if key.startswith("xl/worksheets/") and key.endswith(".xml")
    }
    for name in names:
        key = zip_key(name)
        if key not in _WORKBOOK_RELATIONSHIPS:
            continue
        # calamine's xlsb reader takes a sheet's part from any relationship the
        # workbook names, whatever its type: every target of an xlsb is checked.
        typed = key.endswith(".xml.rels")
        with archive.open(name) as stream:
            relationships = stream.read(4 * MEGABYTE)
        for tag in RELATIONSHIP.findall(relationships):
            target = TARGET.search(tag)
            if target is None or (typed and _WORKSHEET_TYPE.search(tag) is None):
                continue
            wanted.update(target_keys(target.group(1)))
    return {name for name in names if zip_key(name) in wanted}


def _bounded_extent(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits, cut: _HeadCut | None = None
) -> _Extent:
    """An area holding every filled cell of the sheet (at least as large as theirs);
    ``cut`` is fed the sheet's chunks."""
    extent, unreferenced = _Extent(), _Unreferenced()
    last_row: list[int] = []
    tail = b""
    for chunk in _member_chunks(archive, member):
        if cut is not None:
            cut.feed(chunk)
        buffer = tail + chunk
        if any(mark in buffer for mark in ERROR_MARKS) and len(extent.errors) < MOST_ERRORS:
            extent.errors.update(cells_in_error(buffer))
        tail, buffer = buffer[-_CHUNK_OVERLAP:], _standard(buffer)
        opened = [int(r) for r in _XLSX_ROW.findall(buffer)]
        rows = [*last_row, *opened]
        last_row = rows[-2:]
        unreferenced.add_to(extent, buffer, opened)
        if not extent.within(limits):
            return extent  # refused: no search built on thousands of columns
        if extent.columns and rows and min(rows) >= 1:
            low, high = min(rows), max(rows)
            if _outside(extent.columns, low, high).search(buffer) is None:
                extent.add((low, high), ())
                continue
        extent.add(*_exact_extent(buffer))
    return extent


def _scanned_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Extent:
    """The rows and columns of every filled cell of the sheet, read cell by cell."""
    extent, unreferenced = _Extent(), _Unreferenced()
    tail = b""
    for chunk in _member_chunks(archive, member):
        buffer = tail + chunk
        standard = _standard(buffer)
        extent.add(*_exact_extent(standard))
        unreferenced.add_to(extent, standard, [int(r) for r in _XLSX_ROW.findall(standard)])
        tail = buffer[-_CHUNK_OVERLAP:]
    return extent


#: ISA-L's inflate error (its stubs declare an instance where the module has a class).
_INFLATE_ERROR: Final = cast("type[Exception]", isal_zlib.error)
#: A zip member's local header: signature, then the lengths of its name and extra field.
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _member_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, inflated a megabyte at a time, at most its announced size.

    A deflated member (every workbook writer's choice) is inflated by ISA-L, three
    times zlib's speed (the extent check inflates a 100,000-row sheet of 94 MB
    before calamine does it again); its CRC is checked as :mod:`zipfile` does,
    and what a lying directory would add past the announced size is not read.
    Other members go through :mod:`zipfile`.
    """
    if member.compress_type != zipfile.ZIP_DEFLATED or member.flag_bits & 1 or archive.fp is None:
        with archive.open(member) as stream:
            while chunk := stream.read(MEGABYTE):
                yield chunk
        return
    archive.fp.seek(member.header_offset)
    signature, name, extra = _LOCAL_HEADER.unpack(archive.fp.read(_LOCAL_HEADER.size))
    if signature != ZIP_MAGIC:
        raise zipfile.BadZipFile(member.filename)  # _file_kind says it in French
    archive.fp.seek(name + extra, os.SEEK_CUR)
    inflater = isal_zlib.decompressobj(-isal_zlib.MAX_WBITS)
    left, crc, pending = member.file_size, 0, archive.fp.read(member.compress_size)
    while pending and left > 0:
        try:
            chunk = inflater.decompress(pending, min(MEGABYTE, left))
        except _INFLATE_ERROR as exc:  # not a zlib.error: said as zipfile says it
            raise zipfile.BadZipFile(member.filename) from exc
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            break
        left -= len(chunk)
        crc = isal_zlib.crc32(chunk, crc)
        yield chunk
    if left > 0 and not inflater.eof:
        chunk = inflater.flush()[:left]
        left -= len(chunk)
        crc = isal_zlib.crc32(chunk, crc)
        yield chunk
    if left or crc != member.CRC:
        raise zipfile.BadZipFile(member.filename)


def _refuse_extent(path: Path, extent: _Extent, limits: Limits) -> None:
    """Refuse the sheet if its filled cells cover too many columns or cells."""
    if not extent.rows:
        return
    first, last = min(extent.columns), max(extent.columns)
    width, top, bottom = last - first + 1, extent.rows[0], extent.rows[1]
    if width > limits.max_columns:
        raise ImportFileError(
            path,
            f"trop de colonnes : cellules remplies jusqu'à la colonne "
            f"{_letters(last)} ({width} colonnes, {limits.max_columns} au plus)",
        )
    if width * (bottom - top + 1) > MAX_SHEET_CELLS:
        raise ImportFileError(
            path,
            f"feuille trop étendue : cellules remplies de la ligne {top} à la ligne "
            f"{bottom} sur {width} colonnes (plus de {MAX_SHEET_CELLS // 1_000_000} "
            "millions de cellules)",
        )


#: A table's start tag, or a row's (``-row``): its attributes, ``/`` last when it is empty.
_ODS_TABLE_OR_ROW = re.compile(rb"<table:table(?:(-row)(?=[\s>/])|(?=[\s>]))([^>]*)>")
_ODS_REPEATED_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')
_ODS_REPEATED_COLUMNS = b"number-columns-repeated"
_ODS_COLUMNS = re.compile(rb'number-columns-repeated="([0-9]+)"')
#: What only a filled cell holds: a value's type, a paragraph (not an empty ``<text:p/>``).
_ODS_FILLED: Final[tuple[bytes, ...]] = (b"value-type", b"<text:p>", b"<text:p ")
_ODS_ROW_END = b"</table:table-row>"


class _OdsExtent:
    """Fed an OpenDocument content's rows in order: refuses, as they come, a filled row
    repeated more than :data:`MAX_REPEATED_ROWS` times, and a table whose filled cells,
    repeats expanded, span more columns or cells than an xlsx sheet may
    (:func:`_refuse_extent`).

    A few hundred bytes of repeats (``number-columns-repeated="16384"`` on a filled
    cell, ``number-rows-repeated="10000"`` on a filled row of 500 columns, four times)
    make 20 million cells, which calamine expands: 2.7 GB for a 700-byte file. Real
    files repeat empty cells and rows (LibreOffice's trailing blanks), which count
    only when a filled cell comes after them.
    """

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        self.rows = self.filled_rows = self.width = 0

    def scan(self, content: bytes) -> None:
        """The rows of ``content``, which ends after a row: each row's cells are what
        lies between its start tag and the next one, searched in place (a tag search,
        no XML parsing: 100,000 rows of 12 cells in a few tenths of a second)."""
        tags: list[re.Match[bytes] | None] = [*_ODS_TABLE_OR_ROW.finditer(content), None]
        for match, following in itertools.pairwise(tags):
            assert match is not None  # only the last one is None
            if not match.group(1):  # a new table: its own extent
                self.rows = self.filled_rows = self.width = 0
                continue
            attributes = match.group(2)
            repeated = _ODS_REPEATED_ROWS.search(attributes) if b"repeated" in attributes else None
            count = int(repeated.group(1)) if repeated else 1
            self.rows += count
            if attributes.endswith(b"/"):  # an empty row
                continue
            end = len(content) if following is None else following.start()
            width = _filled_width(content, match.end(), end)
            if not width:
                continue
            if count > MAX_REPEATED_ROWS:
                raise ImportFileError(
                    self.path,
                    f"une ligne remplie répétée {format_number(count, decimals=0)} fois "
                    f"({format_number(MAX_REPEATED_ROWS, decimals=0)} au plus) : classeur "
                    "piégé refusé",
                )
            self.filled_rows, self.width = self.rows, max(self.width, width)
            if self.width > self.limits.max_columns or (
                self.width * self.filled_rows > MAX_SHEET_CELLS
            ):
                _refuse_extent(
                    self.path, _Extent([1, self.filled_rows], {0, self.width - 1}), self.limits
                )


def _filled_width(content: bytes, start: int, end: int) -> int:
    """The columns of the row whose cells are ``content[start:end]``, up to its last
    filled cell (one with a value type or a paragraph), repeats expanded; 0 when none
    is filled. The cells are counted up to the end of that cell's start tag (a value
    type is in it; a paragraph comes after it), plus their repeats."""
    last = max(content.rfind(mark, start, end) for mark in _ODS_FILLED)
    if last < 0:
        return 0
    stop = content.find(b">", last, end) + 1 or end
    cells = content.count(b"<table:table-cell", start, stop) + content.count(
        b"<table:covered-table-cell", start, stop
    )
    if content.find(_ODS_REPEATED_COLUMNS, start, stop) < 0:
        return cells
    repeats = _ODS_COLUMNS.findall(content, start, stop)
    return cells + sum(int(n) for n in repeats) - len(repeats)


def _check_ods_extent(
    path: Path, archive: zipfile.ZipFile, limits: Limits, heads: Heads | None = None
) -> None:
    """Scan the content's rows (:class:`_OdsExtent`) before calamine expands them,
    each row whole: the content is cut after the last row end of what has been read.
    ``heads`` learns whether a cell is in error (:attr:`Heads.ods_errors`)."""
    if "content.xml" not in archive.namelist():
        return
    extent = _OdsExtent(path, limits)
    parts: list[bytes] = []
    with archive.open("content.xml") as stream:
        while chunk := stream.read(MEGABYTE):
            seam = parts[-1][1 - len(_ODS_ROW_END) :] if parts else b""
            if heads is not None and ODS_ERROR_MARK in (parts[-1][-32:] if parts else b"") + chunk:
                heads.ods_errors = True
            parts.append(chunk)
            found = (seam + chunk).rfind(_ODS_ROW_END)
            if found < 0:  # a row longer than the chunk: searched in new bytes only
                continue
            buffer = b"".join(parts)
            cut = len(buffer) - len(chunk) - len(seam) + found + len(_ODS_ROW_END)
            extent.scan(buffer[:cut])
            parts = [buffer[cut:]]
    extent.scan(b"".join(parts))


def _is_binary(archive: zipfile.ZipFile) -> bool:
    """Whether calamine may read the workbook as xlsb (a binary workbook part)."""
    return any(zip_key(name) == "xl/workbook.bin" for name in archive.namelist())


def _check_in_child(
    path: Path, data: bytes, limits: Limits, kind: str, heads: Heads | None = None
) -> None:
    """Refuse a binary workbook (``kind``: xls, xlsb) that calamine cannot open
    within bounded memory and time (fleet/importing/workbook_probe.py), or whose sheets'
    filled cells cover too many columns or cells: each sheet as an xlsx sheet, and
    all of them together, since calamine holds every sheet of an xls workbook from
    the moment it opens it. ``heads`` receives the sheets' cells in error."""
    try:
        areas = sheet_areas(data, kind)
    except ProbeFailed as exc:
        raise ImportFileError(path, str(exc)) from exc
    total = 0
    for name, area in areas.items():
        if area is None:
            continue
        if heads is not None and area.errors:
            heads.sheet_errors[name] = area.errors
        extent = _Extent()
        extent.add([area.top + 1, area.bottom + 1], [area.left, area.right])
        _refuse_extent(path, extent, limits)
        total += (area.bottom - area.top + 1) * (area.right - area.left + 1)
    if total > MAX_SHEET_CELLS:
        raise ImportFileError(
            path,
            f"classeur trop étendu : ses {len(areas)} feuilles couvrent ensemble "
            f"{format_number(total / 1_000_000, decimals=1)} millions de cellules "
            f"({MAX_SHEET_CELLS // 1_000_000} millions au plus, toutes feuilles comprises)",
        )


def _file_kind(
    path: Path, data: bytes, limits: Limits = DEFAULT_LIMITS, heads: Heads | None = None
) -> str:
    """xlsx, ods, xls or csv, from the content: a renamed file is read for what it is.

    A workbook's zip directory is checked against ``limits`` here, before any parser
    inflates it; ``heads`` receives an xlsx workbook's worksheets cut after their
    first rows (:func:`_check_sheet_extent`).
    """
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                _check_archive(path, archive, limits)
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype")[:100].startswith(_ODS_MIME):
                    _check_ods_extent(path, archive, limits, heads)
                    return "ods"
                if "[Content_Types].xml" in names and any(
                    zip_key(n).startswith("xl/") for n in names
                ):
                    _check_sheet_extent(path, archive, limits, heads)
                    if _is_binary(archive):
                        _check_in_child(path, data, limits, "xlsb", heads)
                    return "xlsx"
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
            raise ImportFileError(
                path, "classeur tronqué ou endommagé (archive zip illisible)"
            ) from exc
        raise ImportFileError(path, "archive zip qui n'est pas un classeur xlsx ni ods")
    if data.startswith(CFB_MAGIC):
        if _ENCRYPTION_MARK in data:
            raise ImportFileError(
                path,
                "classeur chiffré (protégé par mot de passe) : enregistrez-le sans mot de "
                "passe puis réessayez",
            )
        _check_in_child(path, data, limits, "xls", heads)
        return "xls"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        raise ImportFileError(
            path, f"ce n'est pas un classeur {path.suffix.lower()} valide (contenu inattendu)"
        )
    return "csv"


#: Whole numbers below this are written with all their digits: a spreadsheet keeps
#: 15 significant digits exactly.
_EXACT_DIGITS: Final = 1e15
#: Whole numbers from :data:`_EXACT_DIGITS` to this (a 16- to 21-digit serial or
#: inventory number typed as a number) are written as the spreadsheet shows them
#: under the « 0 » format, 15 significant digits then zeros (« 1500000000000000 »,
#: not « 1500000000000000.0 » or « 1.5e+15 »): the digits past the 15th were lost
#: when the cell was typed, and the rows match what the person sees in the file.
_WHOLE_LIMIT: Final = 1e21


def _as_shown(value: float) -> str:
    """A large whole number to 15 significant digits, in full (:data:`_WHOLE_LIMIT`)."""
    return f"{float(f'{value:.15g}'):.0f}"


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 12.0 → "12", dates in ISO, booleans oui/non."""
    if value.__class__ is str:
        return str(value)
    if value.__class__ is float:
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < _WHOLE_LIMIT:
            return str(int(value)) if abs(value) < _EXACT_DIGITS else _as_shown(value)
        return repr(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta | time):
        return str(value)
    if value is None:
        return ""
    return str(value)


# --- spreadsheets ---------------------------------------------------------------------------


def _open_workbook(path: Path, data: bytes) -> python_calamine.CalamineWorkbook:
    """The workbook of ``data``, the bytes the checks read: not the file opened again,
    which may have changed since (a bomb put in its place, an export still being
    written), so that what is parsed is what was checked and what the batch's
    SHA-256 names."""
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise ImportFileError(path, "classeur protégé par mot de passe") from exc
    except BaseException as exc:  # calamine raises several unrelated types
        if not _unreadable(exc):
            raise
        raise ImportFileError(path, f"classeur illisible ou endommagé ({_short(exc)})") from exc


def _unreadable(exc: BaseException) -> bool:
    """Whether ``exc`` is calamine's or fastexcel's refusal of a file: one of their
    errors, or a panic of their Rust code, which pyo3 raises as PanicException, no
    Exception (a damaged xlsb sheet: « range end index 16 out of range »)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Cell limit exceeded" in text:  # calamine's own guard against inflated sheets
        return "feuille trop étendue, plus de 100 millions de cellules"
    return text[:160]


def _worksheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    names = [
        m.name
        for m in book.sheets_metadata
        if m.typ == python_calamine.SheetTypeEnum.WorkSheet
        and m.visible == python_calamine.SheetVisibleEnum.Visible
    ]
    return names or list(book.sheet_names)


def list_sheets(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The worksheets of a workbook, in order (empty list for a CSV file)."""
    path = Path(path)
    data = _read_bytes(path, limits)
    if _file_kind(path, data, limits) == "csv":
        return []
    with _open_workbook(path, data) as book:
        return _worksheets(book)


def _pick_sheet(
    path: Path,
    book: python_calamine.CalamineWorkbook,
    names: list[str],
    wanted: str | None,
    hints: set[str],
) -> str:
    if wanted is not None:
        if wanted in book.sheet_names:
            return wanted
        folded = {fold_key(n): n for n in book.sheet_names}
        if fold_key(wanted) in folded:
            return folded[fold_key(wanted)]
        raise ImportFileError(
            path, f"feuille « {wanted} » introuvable (feuilles : {', '.join(book.sheet_names)})"
        )
    if len(names) == 1:
        return names[0]
    best, best_score = names[0], (-1, -1)
    for name in names:
        try:
            head = book.get_sheet_by_name(name).to_python(
                skip_empty_area=False, nrows=HEADER_SCAN_ROWS
            )
        except BaseException as exc:  # an unreadable sheet is just not the inventory
            if not _unreadable(exc):
                raise
            continue
        rows = [[_cell_text(c) for c in r] for r in head]
        score = max((_row_score(r, hints) for r in rows), default=0)
        filled = sum(1 for r in rows if any(c.strip() for c in r))
        if (score, filled) > best_score:
            best, best_score = name, (score, filled)
    return best


def _read_spreadsheet(
    path: Path, data: bytes, kind: str, sheet: str | None, hints: set[str]
) -> tuple[list[list[Any]], str, list[str], list[Any] | None]:
    with _open_workbook(path, data) as book:
        names = _worksheets(book)
        if not names:
            raise ImportFileError(path, "le classeur ne contient aucune feuille")
        chosen = _pick_sheet(path, book, names, sheet, hints)
        try:
            ws = book.get_sheet_by_name(chosen)
            cells = ws.to_python(skip_empty_area=False)
            merged = ws.merged_cell_ranges
        except BaseException as exc:
            if not _unreadable(exc):
                raise
            if kind != "xlsx":
                raise ImportFileError(
                    path, f"feuille « {chosen} » illisible ({_short(exc)})"
                ) from exc
            cells, merged = _read_with_openpyxl(path, data, chosen)
    return cells, chosen, names, merged


def _read_with_openpyxl(path: Path, data: bytes, sheet: str) -> tuple[list[list[Any]], list[Any]]:
    """Fallback for workbooks calamine cannot parse (unusual writers)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(path, f"classeur illisible ({_short(exc)})") from exc
    ws = book[sheet]
    merged = [
        ((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1))
        for r in ws.merged_cells.ranges
    ]
    cells = [list(r) for r in ws.iter_rows(values_only=True)]
    book.close()
    return cells, merged


# --- xlsx: the fast reading ------------------------------------------------------------------

#: A worksheet's row element (not ``<rowBreaks>``), and the row number in it.
_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']([0-9]{1,7})["']""")
_SHEET_DATA_END = b"</sheetData>"
#: Midnight on 1 January 1900 and on 1 January 10000 (ms since 1970): the datetimes
#: python-calamine gives as such (earlier ones are times of day, later ones numbers).
_FIRST_DATETIME: Final[int] = -2_208_988_800_000
_PAST_DATETIMES: Final[int] = 253_402_300_800_000
_DAY_MS: Final[int] = 86_400_000
_EPOCH: Final[datetime] = datetime(1970, 1, 1)


def _read_xlsx(
    path: Path, data: bytes, heads: Heads, sheet: str | None, hints: set[str]
) -> tuple[pd.DataFrame, str, list[str], list[Any] | None] | None:
    """The grid of an xlsx sheet (:func:`_grid` of the reference reading), its name,
    the worksheets and the merged cells, read without a Python object per cell; None
    when this reading cannot be sure to give the reference's text, which then reads
    the file (docs/import.md, « Lecture des fichiers »).

    The rows down to the header come from python-calamine, the reference itself,
    reading a copy of the workbook whose sheets are cut after their first
    :data:`HEADER_SCAN_ROWS` rows (``heads``, :func:`_head_workbook`): the sheet is chosen and
    the header found on them as the reference does. The rows below come from
    fastexcel (calamine straight to Arrow), each column typed over the whole body
    (one type a column, else None): a column of one cell type is written as
    :func:`_cell_text` writes each of its cells (:func:`_arrow_texts`).
    tests/importing/test_xlsx_reading.py checks the two readings cell for cell.
    """
    head = _head_workbook(data, heads)
    if head is None:
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(head))
    except BaseException as exc:  # the reference reading says what is wrong
        if not _unreadable(exc):
            raise
        return None
    with book:
        names = _worksheets(book)
        if not names:
            return None
        chosen = _pick_sheet(path, book, names, sheet, hints)
        try:
            worksheet = book.get_sheet_by_name(chosen)
            rows = worksheet.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
            merged = worksheet.merged_cell_ranges
        except BaseException as exc:
            if not _unreadable(exc):
                raise
            return None
    texts = [[_cell_text(c) for c in r] for r in rows]
    header = _find_header(texts, hints)
    if header is None:
        return None
    body = _body_texts(data, chosen, header)
    if body is None:
        return None
    height, columns = body
    width = max(max(map(len, texts[: header + 1])), max(columns, default=-1) + 1)
    empty = pa.array([""] * height, type=pa.large_string())
    grid = pd.DataFrame(
        {
            j: pd.Series(
                pa.concat_arrays(
                    [
                        pa.array(
                            [r[j] if j < len(r) else "" for r in texts[: header + 1]],
                            type=pa.large_string(),
                        ),
                        columns.get(j, empty),
                    ]
                ),
                dtype="str",
            )
            for j in range(width)
        }
    )
    return grid, chosen, names, merged


def _show_errors(grid: pd.DataFrame, data: bytes, kind: str, sheet: str, heads: Heads) -> None:
    """Write into ``grid`` (a sheet's cells from A1) what the spreadsheet shows in its
    cells in error, which calamine read as empty (or 0 in an OpenDocument file):
    normalisation refuses their rows (docs/import.md, « Cellules en erreur »)."""
    if sheet in heads.sheet_errors:
        cells = heads.sheet_errors[sheet]
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if kind == "ods":
                cells = ods_cells_in_error(archive.read("content.xml"), sheet)
            else:
                cells = heads.errors.get(sheet_part(archive, sheet) or "", {})
    for (row, column), shown in cells.items():
        if row < len(grid) and column < grid.shape[1]:
            grid.iat[row, column] = shown


def _head_workbook(data: bytes, heads: Heads) -> bytes | None:
    """The workbook with each worksheet cut after its first :data:`HEADER_SCAN_ROWS`
    rows as ``heads`` holds it, stored without compression.

    None, and the reference reads the file once instead of twice, for a worksheet
    the cut could not see (its head None) or not in XML (``.bin``, an xlsb
    workbook); also for a 1904-based workbook, whose times of day python-calamine
    gives otherwise than fastexcel, and an archive with two parts of one name.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as head,
    ):
        if len(set(archive.namelist())) < len(archive.namelist()):
            return None  # which of two same-named parts a reader takes is its own choice
        for member in archive.infolist():
            if member.filename in heads.parts:
                content = heads.parts[member.filename]
                if content is None:
                    return None
            elif (key := zip_key(member.filename)).startswith("xl/worksheets/") and (
                "_rels/" not in key
            ):
                return None
            else:
                content = b"".join(_member_chunks(archive, member))
            if member.filename == "xl/workbook.xml" and b"date1904" in content:
                return None
            head.writestr(member.filename, content)
    return out.getvalue()


#: Bytes of a worksheet kept in search of the first row past the head, beyond which
#: the sheet is read whole instead (a sheet whose row elements the search cannot see).
_HEAD_BYTES: Final[int] = 16 * MEGABYTE


class _HeadCut:
    """Fed a worksheet's bytes in order: the worksheet without its row elements after
    row :data:`HEADER_SCAN_ROWS`, what follows its cells (from ``</sheetData>``:
    merged cells…) kept, or whole when no row comes after them; None when the cut
    cannot see its rows (a row without its number, none seen in :data:`_HEAD_BYTES`,
    no end of its cells).

    Rows are in ascending order, as the format requires (ECMA-376, the ``row``
    element): the cells of the first rows all come before the first row past them.
    """

    def __init__(self) -> None:
        self.kept: list[bytes] = []
        self.size = 0
        self.buffer = b""
        #: "head" (looking for the cut), "body" (for the end of the cells), "tail"
        #: (keeping what follows), "blind" (its rows unseen: the reference reads the file).
        self.state = "head"

    def feed(self, chunk: bytes) -> None:
        if self.state == "head":
            self._head(self.buffer + chunk)
        elif self.state == "body":
            self._body(self.buffer[1 - len(_SHEET_DATA_END) :] + chunk)
        elif self.state == "tail":
            self.kept.append(chunk)

    def _head(self, buffer: bytes) -> None:
        for tag in _ROW_TAG.finditer(buffer):
            number = _ROW_NUMBER.search(tag.group())
            if number is None:
                self._give_up()
                return
            if int(number.group(1)) > HEADER_SCAN_ROWS:
                self.kept.append(buffer[: tag.start()])
                self.state = "body"
                self._body(buffer[tag.start() :])
                return
        if _SHEET_DATA_END in buffer:  # no row past the head: the sheet is kept whole
            self.kept.append(buffer)
            self.state, self.buffer = "tail", b""
            return
        if self.size > _HEAD_BYTES:
            self._give_up()
            return
        # What a tag cut by the chunk's end may start with stays for the next search.
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        self.kept.append(buffer[:cut])
        self.size += cut
        self.buffer = buffer[cut:]

    def _body(self, buffer: bytes) -> None:
        end = buffer.find(_SHEET_DATA_END)
        if end < 0:
            self.buffer = buffer
            return
        self.kept.append(buffer[end:])
        self.state, self.buffer = "tail", b""

    def _give_up(self) -> None:
        self.kept, self.buffer, self.state = [], b"", "blind"

    def result(self) -> bytes | None:
        return b"".join(self.kept) if self.state == "tail" else None


def _body_texts(data: bytes, sheet: str, header: int) -> tuple[int, dict[int, pa.Array]] | None:
    """The rows of ``sheet`` below row ``header`` (0-based) as text columns by their
    column index, read by fastexcel: its height and its columns; None when a column
    holds cells of several types or one fastexcel cannot give exactly."""
    import fastexcel

    # A column without a typed cell is read as text, as wanted here: fastexcel's
    # warning saying so is not for the person importing.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    try:
        body = fastexcel.read_excel(data).load_sheet(
            sheet, header_row=header, schema_sample_rows=None, dtype_coercion="strict"
        )
        batch, errors = body.to_arrow_with_errors()
    except BaseException as exc:  # the reference reading says what is wrong
        if not _unreadable(exc):
            raise
        return None
    if errors is not None:
        return None
    columns: dict[int, pa.Array] = {}
    for info, column in zip(body.selected_columns, batch.columns, strict=True):
        texts = _arrow_texts(column)
        if texts is None:
            return None
        columns[info.absolute_index] = texts
    return batch.num_rows, columns


def _arrow_texts(column: pa.Array) -> pa.Array | None:
    """A column of one cell type as :func:`_cell_text` writes each cell of it (``""``
    where empty); None where fastexcel's value does not tell that text.

    A NaN is a text cell (``nan``) read as a number; a datetime before 1900 was a time
    of day or a number for python-calamine, one past 9999 a number; durations are
    left to the reference.
    """
    kind = column.type
    if pa.types.is_null(kind):
        return pa.array([""] * len(column), type=pa.large_string())
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        texts = column
    elif pa.types.is_floating(kind):
        numbers = column.to_numpy(zero_copy_only=False)
        if np.isnan(numbers).sum() != column.null_count:
            return None
        texts = pa.array(_float_texts(numbers), type=pa.large_string())
    elif pa.types.is_integer(kind):
        texts = pc.cast(column, pa.large_string())
    elif pa.types.is_boolean(kind):
        texts = pc.if_else(column, "oui", "non")
    elif pa.types.is_timestamp(kind):
        texts = _datetime_texts(pc.cast(column, pa.timestamp("ms")))
        if texts is None:
            return None
    elif pa.types.is_date32(kind):
        days = column.to_numpy(zero_copy_only=False)
        filled = ~np.isnat(days)
        if not (
            (days[filled] >= np.datetime64("0001-01-01"))
            & (days[filled] <= np.datetime64("9999-12-31"))
        ).all():
            return None
        texts = pa.array(
            np.where(filled, np.datetime_as_string(days, unit="D"), ""), type=pa.large_string()
        )
    else:
        return None
    return pc.fill_null(pc.cast(texts, pa.large_string()), "")


def _datetime_texts(column: pa.Array) -> pa.Array | None:
    """Datetimes (1900 to 9999) as python-calamine gives them, then :func:`_cell_text`:
    those at midnight as dates (written by Arrow), the others (rare in an inventory)
    built as python-calamine builds them, to the millisecond, and written by
    :func:`_cell_text`."""
    ms = pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)
    filled = ~np.isnan(ms) if ms.dtype.kind == "f" else np.ones(len(ms), dtype=bool)
    stamps = ms[filled].astype(np.int64)
    if len(stamps) and (stamps.min() < _FIRST_DATETIME or stamps.max() >= _PAST_DATETIMES):
        return None
    days = pc.cast(pc.cast(column, pa.date32()), pa.large_string())
    clock = np.flatnonzero(filled)[stamps % _DAY_MS != 0]
    if not len(clock):
        return days
    texts = days.to_numpy(zero_copy_only=False).copy()
    texts[clock] = [
        _cell_text(_EPOCH + timedelta(milliseconds=v)) for v in ms[clock].astype(np.int64).tolist()
    ]
    return pa.array(texts, type=pa.large_string())


# --- CSV --------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding used; mixed UTF-8 / Windows-1252 files decode line by line."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as(path, data, encoding, f"marque {encoding}"), encoding
    bomless = _utf16_without_bom(data)
    if bomless:
        return _decode_as(path, data, bomless, "UTF-16 sans marque"), bomless
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            path, "contenu binaire : ce n'est ni un classeur (xlsx, ods) ni un fichier CSV"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    decoded: list[str] = []
    utf8_lines = 0
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines += any(b > 0x7F for b in line)
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    path,
                    f"encodage non pris en charge à la ligne {number} (ni UTF-8 ni Windows-1252)",
                ) from exc
    return "".join(decoded), ("utf-8+cp1252" if utf8_lines else "cp1252")


def _decode_as(path: Path, data: bytes, encoding: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            path, f"encodage non pris en charge ({what} mais octets invalides)"
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the zero bytes fall on one side of every character,
    as they do in text that Windows tools save as « Unicode » without a byte order mark."""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _sniff_delimiter(text: str) -> str:
    sample_lines = [line for line in text[:200_000].splitlines() if line.strip()][:60]
    sample = "\n".join(sample_lines)
    best, best_score = ";", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if not counts:
            continue
        values, freq = np.unique(np.array(counts), return_counts=True)
        order = np.lexsort((values, freq))
        mode, mode_freq = int(values[order[-1]]), int(freq[order[-1]])
        score = (mode_freq if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


#: Line breaks of :meth:`str.splitlines` that CSV does not know: text holding them is
#: split on ``\\n`` alone (slower, but a vertical tab in a cell stays in its cell).
_OTHER_BREAKS: Final[tuple[str, ...]] = (
    "\v",
    "\f",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)
_LONE_CR = re.compile(r"\r(?!\n)")


def _split_lines(text: str) -> list[str]:
    """The physical lines of a CSV text, with their line ends (``\\r\\n``, ``\\n``, ``\\r``)."""
    if not any(mark in text for mark in _OTHER_BREAKS):
        return text.splitlines(keepends=True)
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)  # old Mac line ends
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return lines + [pieces[-1]] if pieces[-1] else lines


def _read_csv(path: Path, text: str, limits: Limits) -> tuple[pd.DataFrame, str, list[str] | None]:
    """The grid of a CSV text (:func:`_grid`), its delimiter, and its physical lines
    when each record is one of them (:attr:`RawTable.lines`).

    A physical line of more than :data:`CSV_SEPARATORS_PER_LINE` separators and a
    record wider than the column limit stop the reading at once (no gigantic row
    is kept); a quote that is never closed, or closed many lines later, refuses
    the file naming the line where it opens. Files of one record per line are
    parsed by pandas' C reader (:func:`_fast_grid`); the others, and every file
    it declines, by the :mod:`csv` module, whose reading is the reference.
    """
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise ImportFileError(
            path, "contenu binaire : ce n'est ni un classeur (xlsx, ods) ni un fichier CSV"
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise ImportFileError(
            path,
            f"caractère nul ligne {text.count(chr(10), 0, nul) + 1} : fichier endommagé ou "
            "binaire, pas un CSV",
        )
    delimiter = _sniff_delimiter(text)
    lines = _split_lines(text)
    _check_row_count(path, lines, delimiter)
    longest = max(map(len, lines), default=0)
    if longest > CSV_SEPARATORS_PER_LINE:
        for number, line in enumerate(lines, start=1):
            if len(line) > CSV_SEPARATORS_PER_LINE and (
                line.count(delimiter) > CSV_SEPARATORS_PER_LINE
            ):
                raise ImportFileError(
                    path,
                    f"ligne {number} : plus de "
                    f"{format_number(CSV_SEPARATORS_PER_LINE, decimals=0)} séparateurs "
                    f"« {delimiter} », bien au-delà de {limits.max_columns} colonnes",
                )
    if longest < CSV_FIELD_LIMIT and not any(mark in text for mark in _OTHER_BREAKS):
        grid = _fast_grid(text, delimiter, lines, limits)
        if grid is not None:
            return grid, delimiter, lines
    return _grid(_csv_records(path, lines, delimiter, limits)), delimiter, None


def _check_row_count(path: Path, lines: list[str], delimiter: str) -> None:
    """Refuse a CSV of more than :data:`MAX_CSV_ROWS` records holding a value before
    they are parsed (lines of blanks and separators alone are dropped at reading,
    and a million of them cost only a pass)."""
    if len(lines) <= MAX_CSV_ROWS:
        return
    blank = f' \t\r\n"{delimiter}'
    filled = sum(1 for line in lines if line.strip(blank))
    if filled > MAX_CSV_ROWS:
        raise ImportFileError(
            path,
            f"trop de lignes : {format_number(filled, decimals=0)}, "
            f"{format_number(MAX_CSV_ROWS, decimals=0)} au plus (autant qu'une feuille "
            "Excel) — découpez le fichier",
        )


def _fast_grid(text: str, delimiter: str, lines: list[str], limits: Limits) -> pd.DataFrame | None:
    """The grid of a CSV text read by pyarrow's parser (records all as wide as the
    first) or else pandas' C parser (narrower records padded), when the text holds one
    record per physical line (so the row numbers are the reference's) and none wider
    than the first or than the column limit; None otherwise: the reference reader
    then reads it, and says what is wrong with it. tests/importing/test_import_readers.py
    checks that every reading agrees with the reference."""
    try:
        width = len(next(csv.reader(lines[:1], delimiter=delimiter), []))
    except csv.Error:
        return None
    if not 0 < width <= limits.max_columns:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return _pandas_grid(text, delimiter, len(lines), limits)
    if table.num_rows != len(lines):
        return None
    return pd.DataFrame({i: pd.Series(table.column(i), dtype="str") for i in range(width)})


def _pandas_grid(text: str, delimiter: str, lines: int, limits: Limits) -> pd.DataFrame | None:
    """:func:`_fast_grid` by pandas' C parser, which pads records narrower than the first."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype="str",
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
            doublequote=True,
            quoting=csv.QUOTE_MINIMAL,
            low_memory=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OverflowError):
        return None
    if len(frame) != lines or frame.shape[1] > limits.max_columns:
        return None
    frame.columns = pd.RangeIndex(frame.shape[1])
    return frame.fillna("")


def _csv_records(path: Path, lines: list[str], delimiter: str, limits: Limits) -> list[list[str]]:
    """The records of a CSV text's lines by the :mod:`csv` module; records with no
    filled cell are empty."""
    reader = csv.reader(lines, delimiter=delimiter, strict=False)

    def kept(row: list[str]) -> list[str]:
        if len(row) > limits.max_columns:
            while row and not row[-1]:
                row.pop()
            if len(row) > limits.max_columns:
                raise ImportFileError(path, _too_wide(len(row), limits, reader.line_num))
        return row if any(row) else []

    try:
        rows = [kept(row) for row in reader]
    except csv.Error:
        rows = []
    if len(rows) != len(lines):
        # Some record spans several lines (or the parser stopped): read again, noting
        # where each record starts, to check its quotes.
        _check_quotes(path, lines, delimiter)
    return rows


def _check_quotes(path: Path, lines: list[str], delimiter: str) -> None:
    """Refuse a quote never closed, or closed so late that whole rows became one cell."""
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    spanning: list[tuple[int, int]] = []  # (record index, first line) of multi-line records
    records: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            if reader.line_num > start:
                spanning.append((len(records), start))
            records.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        quoted = start <= len(lines) and '"' in lines[start - 1]
        raise ImportFileError(path, _unclosed_quote(start, str(exc), quoted)) from exc
    if not spanning:
        return
    last, first_line = spanning[-1]
    if last == len(records) - 1 and _ends_in_quotes("".join(lines[first_line - 1 :]), delimiter):
        raise ImportFileError(path, _unclosed_quote(first_line, "unexpected end of data"))
    _check_swallowed(path, records, spanning, delimiter)


def _ends_in_quotes(record: str, delimiter: str) -> bool:
    """Whether the last record's text ends inside a quoted cell (the lenient reader
    takes the rest of the file as that cell's text)."""
    try:
        list(csv.reader(io.StringIO(record, newline=""), strict=True, delimiter=delimiter))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _too_wide(width: int, limits: Limits, line: int | None = None) -> str:
    where = f" (ligne {line})" if line is not None else ""
    return (
        f"trop de colonnes : {format_number(width, decimals=0)}{where}, "
        f"{limits.max_columns} au plus — "
        "ce fichier n'est pas un inventaire d'une ligne par appareil"
    )


def _unclosed_quote(line: int, detail: str, quoted: bool = True) -> str:
    """Name the cause: a quote left open, or (no quote on the line) one huge cell."""
    if "field larger" in detail and not quoted:
        return (
            f"ligne {line} : une cellule de plus de {CSV_FIELD_LIMIT // MEGABYTE} Mo — "
            "ce fichier n'est pas un inventaire d'une ligne par appareil"
        )
    if "field larger" in detail:
        return (
            f"guillemet ouvert ligne {line} et jamais refermé : la suite du fichier forme une "
            f"cellule de plus de {CSV_FIELD_LIMIT // MEGABYTE} Mo"
        )
    if "unexpected end of data" in detail or "EOF" in detail:
        return (
            f"guillemet ouvert ligne {line} et jamais refermé : le fichier se termine à "
            "l'intérieur d'une cellule entre guillemets"
        )
    return f"CSV mal formé ligne {line} ({detail})"


def _check_swallowed(
    path: Path, rows: list[list[str]], spanning: list[tuple[int, int]], delimiter: str
) -> None:
    """Refuse a record whose quoted cell spans lines that look like whole records.

    A stray ``"`` at the start of a cell makes the parser read on, across line
    ends, up to the next ``"`` of the file: the rows in between would silently
    become the text of one cell. A real multi-line cell (an address, a comment)
    does not hold lines with the file's separators at the file's width.
    """
    widths = [len(r) for r in rows[:200] if len(r) > 1]
    if not widths:
        return
    width = max(set(widths), key=widths.count)
    if width < 3:
        return
    needed = max(2, (width - 1) // 2)
    for index, start in spanning:
        for cell in rows[index]:
            if "\n" not in cell and "\r" not in cell:
                continue
            lines = cell.splitlines()[1:]
            if any(line.count(delimiter) >= needed for line in lines):
                raise ImportFileError(
                    path,
                    f"guillemet ouvert ligne {start} et refermé seulement "
                    f"{_lines_below(len(lines))} : les lignes entre les deux seraient lues "
                    "comme une seule cellule",
                )


def _lines_below(count: int) -> str:
    return "à la ligne suivante" if count == 1 else f"{count} lignes plus bas"


# --- header and body --------------------------------------------------------------------------


def _row_score(cells: list[str], hints: set[str]) -> int:
    score = header_score(cells)
    if hints:
        score += sum(
            1 for c in cells if c and len(c) <= HEADER_KEY_CHARS and header_key(c) in hints
        )
    return score


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s.,]+", text))


def _find_header(rows: list[list[str]], hints: set[str]) -> int | None:
    """Index of the header row: the best-scoring row of known headers, else the first
    row of two or more non-numeric labels that is followed by data."""
    scan = rows[:HEADER_SCAN_ROWS]
    scores = [_row_score(r, hints) for r in scan]
    if scores and max(scores) >= 2:
        return scores.index(max(scores))
    for index, row in enumerate(scan[:-1]):
        filled = [c.strip() for c in row if c.strip()]
        if len(filled) >= 2 and not any(_is_number(c) for c in filled):
            return index
    return None


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def _used_width(cells: list[list[Any]]) -> int:
    """Columns up to the last filled cell of any row (trailing empty columns do not count)."""
    width = 0
    for row in cells:
        end = len(row)
        if end <= width:
            continue
        while end > width and not _filled(row[end - 1]):
            end -= 1
        width = end
    return width


def _column_names(header: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = " ".join(cell.split()) or f"Colonne {_letters(index)}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cells(values: np.ndarray) -> pd.Series:
    """One column of cells (an object array) as text (``""`` where empty), as
    :func:`_cell_text` writes each: a column of texts only is taken by Arrow as it
    is; numbers and dates, the usual non-text cells, are converted in bulk."""
    try:
        texts = pa.array(values, type=pa.large_string())
        if not texts.null_count:  # None (an empty cell from openpyxl) is written ""
            return pd.Series(texts, dtype="str")
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    cells = values.copy()
    types = np.fromiter(map(type, values), dtype=object, count=len(values))
    for kind in set(types) - {str}:
        where = types == kind
        if kind is float:
            cells[where] = _float_texts(cells[where].astype("float64"))
        elif kind is date:
            cells[where] = list(map(date.isoformat, cells[where]))
        else:
            cells[where] = list(map(_cell_text, cells[where]))
    return pd.Series(pa.array(cells, type=pa.large_string()), dtype="str")


def _float_texts(numbers: np.ndarray) -> np.ndarray:
    """:func:`_cell_text` of floats: whole numbers without ``.0`` (large ones as shown:
    :data:`_WHOLE_LIMIT`), others as ``repr``."""
    texts = np.full(len(numbers), "", dtype=object)
    finite = np.isfinite(numbers)
    integral = finite & (np.trunc(numbers) == numbers)
    whole = integral & (np.abs(numbers) < _EXACT_DIGITS)
    texts[whole] = numbers[whole].astype(np.int64).astype(str).astype(object)
    large = integral & ~whole & (np.abs(numbers) < _WHOLE_LIMIT)
    texts[large] = [_as_shown(v) for v in numbers[large].tolist()]
    other = ~whole & ~large & ~np.isnan(numbers)
    texts[other] = list(map(repr, numbers[other].tolist()))
    return texts


def _grid(cells: list[list[Any]]) -> pd.DataFrame:
    """Rows of cells (as a spreadsheet or the reference CSV reader gives them) as a grid
    of text columns, up to the last filled column, ``""`` where empty."""
    width = _used_width(cells)
    if width == 0:
        return pd.DataFrame(index=pd.RangeIndex(len(cells)))
    rows = cells if set(map(len, cells)) == {width} else [_fit(r, width) for r in cells]
    # One object array for the whole grid: its columns are views, where transposing
    # the rows into tuples made a Python tuple of every column first.
    grid = np.empty((len(rows), width), dtype=object)
    grid[:] = rows
    return pd.DataFrame({j: _text_cells(grid[:, j]) for j in range(width)})


def _grid_width(grid: pd.DataFrame) -> int:
    """Columns of ``grid`` up to its last filled one."""
    for position in range(grid.shape[1], 0, -1):
        if grid.iloc[:, position - 1].ne("").any():
            return position
    return 0


def _merge_down(grid: pd.DataFrame, ranges: Iterable[Any] | None, first_data: int) -> None:
    """Copy a merged cell's value into every empty cell it covers (below the header)."""
    rows, width = grid.shape
    for (r0, c0), (r1, c1) in ranges or ():
        if r1 < first_data or r0 >= rows or c0 >= width:
            continue
        value = grid.iat[r0, c0]
        below = slice(max(r0, first_data), min(r1, rows - 1) + 1)
        for c in range(c0, min(c1, width - 1) + 1):
            column = grid.iloc[below, c]
            grid.iloc[below, c] = column.where(column.ne(""), value)


def _table(
    path: Path,
    grid: pd.DataFrame,
    hints: set[str],
    merged: list[Any] | None,
    where: str,
    limits: Limits,
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """The device rows of a grid of text cells (one column per file column, in order):
    header found, merged cells spread down, empty, total and repeated header rows
    dropped; with the file row number of each row kept."""
    width = _grid_width(grid)
    grid = grid.iloc[:, :width]
    if width == 0 or not any(grid[c].str.strip().ne("").any() for c in grid.columns):
        raise ImportFileError(path, f"{where}vide" if where else "fichier vide (aucune cellule)")
    if width > limits.max_columns:
        raise ImportFileError(path, where + _too_wide(width, limits))
    head = [list(map(str, r)) for r in grid.iloc[:HEADER_SCAN_ROWS].itertuples(index=False)]
    header_index = _find_header(head, hints)
    if header_index is None:
        raise ImportFileError(
            path,
            f"{where}aucune ligne d'en-tête trouvée dans les {HEADER_SCAN_ROWS} premières lignes",
        )
    header = head[header_index]
    for index, cell in enumerate(header):
        if len(cell) > limits.max_header_chars:
            raise ImportFileError(
                path,
                f"{where}en-tête de la colonne {_letters(index)} trop long "
                f"({format_number(len(cell), decimals=0)} "
                f"caractères, {format_number(limits.max_header_chars, decimals=0)} au plus)",
            )
    if merged:
        grid = grid.copy()
        _merge_down(grid, merged, header_index + 1)
    # Rows with no filled cell are dropped before any column is cleaned: a file of a
    # million empty lines costs one pass, not a million-row frame.
    body = grid.iloc[header_index + 1 :]
    filled = np.zeros(len(body), dtype=bool)
    for column in body.columns:
        filled |= body[column].ne("").to_numpy()
    kept = np.flatnonzero(filled) + header_index + 1
    if not len(kept):
        raise ImportFileError(path, f"{where}aucune ligne de données sous l'en-tête")
    names = _column_names(header)
    # Usually every row below the header holds a cell: the columns are then sliced,
    # not copied row by row.
    every = len(kept) == len(body)

    def cells(i: int) -> pd.Series:
        column = body.iloc[:, i] if every else grid.iloc[:, i].take(kept)
        return _stripped(column.reset_index(drop=True))

    frame = pd.DataFrame({names[i]: cells(i) for i in range(width)})
    numbers = kept.astype(np.int64) + 1
    keep = frame.notna().any(axis=1).to_numpy().copy()
    # The first filled cell of each row: "Total", "Sous-total", "Somme"… end a table.
    leading = frame.iloc[:, 0]
    for column in frame.columns[1:]:
        if not leading.hasnans:  # every row has its first filled cell already
            break
        leading = leading.fillna(frame[column])
    maybe_total = leading.str.match(_MAYBE_TOTAL, case=False).fillna(False).to_numpy()
    for position in np.flatnonzero(maybe_total):
        if _TOTAL.match(fold_key(str(leading.iat[int(position)]))):
            keep[position] = False
    # A header repeated by concatenated exports.
    stripped = [h.strip() or None for h in header]
    if stripped[0] is not None:
        candidates = (frame.iloc[:, 0] == stripped[0]).fillna(False).to_numpy()
        for position in np.flatnonzero(candidates):
            row = [None if v is pd.NA or v != v else v for v in frame.iloc[position]]
            if row == stripped:
                keep[position] = False
    frame = frame.loc[keep].reset_index(drop=True)
    empty_unnamed = [
        names[i] for i, h in enumerate(header) if not h.strip() and frame[names[i]].isna().all()
    ]
    frame = frame.drop(columns=empty_unnamed)
    if frame.empty:
        raise ImportFileError(path, f"{where}aucune ligne de données sous l'en-tête")
    return frame, numbers[keep], header_index + 1


def _stripped(column: pd.Series) -> pd.Series:
    """Cells without the spaces around them, missing where empty.

    Arrow's kernels on the whole column (``str.strip`` is the same trim; pandas'
    ``mask`` on an Arrow column goes through a slow masked assignment)."""
    cells = pa.array(pd.Series(column, dtype="str").array)
    trimmed = pc.utf8_trim_whitespace(cells)
    empty = pc.equal(trimmed, "")
    return pd.Series(pc.if_else(empty, pa.scalar(None, trimmed.type), trimmed), dtype="str")


def _fit(row: list[Any], width: int) -> list[Any]:
    """A row cut or padded to ``width`` cells (past the width, cells are empty)."""
    if len(row) == width:
        return row
    if len(row) > width:
        return row[:width]
    return row + [""] * (width - len(row))


#: Encodings whose every line end is the same byte in the file as in its text, and
#: whose line of bytes decodes alone to the line of text (UTF-8 is self-synchronising,
#: a mixed file is decoded line by line, a BOM only opens the first line).
_BYTE_LINES: Final[frozenset[str]] = frozenset({"utf-8", "utf-8-sig", "cp1252", "utf-8+cp1252"})


def _line_hashes(data: bytes, encoding: str, lines: list[str], rows: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row's line (``lines[row - 1]``) without its line end: a
    file saved again with other line ends reads the same.

    Where the encoding allows (:data:`_BYTE_LINES`), the lines of the file's bytes are
    hashed as they are: the same bytes are the same text, and neither a stripped
    copy of each line nor its encoding again is made (half the time on 100,000
    rows). Otherwise, the lines of the text.
    """
    raw = data.splitlines() if encoding in _BYTE_LINES else []
    if len(raw) == len(lines):
        cells = np.asarray(raw, dtype=object)[rows - 1]
    else:
        cells = np.asarray([lines[row - 1].rstrip("\r\n") for row in rows.tolist()], dtype=object)
    hashes: np.ndarray = pd.util.hash_array(cells, categorize=False)
    return hashes


def read_table(
    path: Path,
    sheet: str | None = None,
    *,
    hints: Iterable[str] = (),
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RawTable:
    """Read a CSV file or a workbook sheet; raise :class:`ImportFileError` if it is not a table.

    ``hints`` are header names the caller expects (from a saved profile or an
    explicit mapping): they help find the header row of unusual files. The file
    is checked against ``limits`` before it is parsed.
    """
    path = Path(path)
    if progress:
        progress("read", 0, 1)
    data = _read_bytes(path, limits)
    heads = Heads()
    kind = _file_kind(path, data, limits, heads)
    digest = _sha256(data)
    hint_keys = {header_key(h) for h in hints if h and len(h) <= HEADER_KEY_CHARS}
    if kind == "csv":
        if sheet is not None:
            raise ImportFileError(path, f"un fichier CSV n'a pas de feuille (« {sheet} » demandée)")
        text, encoding = _decode(path, data)
        grid, delimiter, lines = _read_csv(path, text, limits)
        del text
        frame, numbers, header_row = _table(path, grid, hint_keys, None, "", limits)
        line_hashes = None if lines is None else _line_hashes(data, encoding, lines, numbers)
        del data, lines
        table = RawTable(
            path,
            frame,
            numbers,
            header_row=header_row,
            encoding=encoding,
            delimiter=delimiter,
            sha256=digest,
            kind=kind,
            line_hashes=line_hashes,
        )
    else:
        read = _read_xlsx(path, data, heads, sheet, hint_keys) if kind == "xlsx" else None
        if read is None:
            rows, chosen, names, merged = _read_spreadsheet(path, data, kind, sheet, hint_keys)
            grid = _grid(rows)
            del rows
        else:
            grid, chosen, names, merged = read
        if heads.errors or heads.ods_errors or heads.sheet_errors:
            _show_errors(grid, data, kind, chosen, heads)
        frame, numbers, header_row = _table(
            path, grid, hint_keys, merged, f"feuille « {chosen} » : ", limits
        )
        table = RawTable(
            path,
            frame,
            numbers,
            sheet=chosen,
            sheets=names,
            header_row=header_row,
            sha256=digest,
            kind=kind,
        )
    if progress:
        progress("read", 1, 1)
    return table
