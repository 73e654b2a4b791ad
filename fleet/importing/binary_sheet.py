"""Where the cells of a binary worksheet (xlsb, MS-XLSB) lie, read as calamine reads them.

calamine allocates the dense rectangle from the first to the last cell of a sheet
(``Range::from_sparse``): an xlsb of 1 kB with one number in A1 and one in
XFD1048576 asked for 512 GB and ended the process with a Rust backtrace. The XML
scan of :mod:`fleet.importing.readers` cannot see the cells of a ``.bin`` part, so
its records are walked here, before calamine opens the workbook.

A part is a sequence of records: a type (one or two bytes of seven bits), a size
(one to four bytes of seven bits), then that many bytes. calamine's cell reader
takes a row from each ``BrtRowHdr`` (type 0) and a cell from each of the types
:data:`CELL_RECORDS`, the row or the column being the first four bytes of one
buffer that every record of the part is read into and that only grows: a record
shorter than four bytes leaves the bytes of earlier records behind its own, and
they are read too. The walk keeps those four bytes the same way, so the bounds it
gives are calamine's. It counts from the first ``BrtBeginSheetData`` of the part
to its end, never less than calamine reads (which starts at the same record or
after it, and stops at the sheet data's end or at a row past the last one).
"""

from __future__ import annotations

from typing import Final

#: The records calamine's xlsb cell reader turns into cells (MS-XLSB 2.4: BrtCellRk,
#: BrtCellError, BrtCellBool, BrtCellReal, BrtCellSt, BrtCellIsst, BrtFmlaString,
#: BrtFmlaNum, BrtFmlaBool); BrtCellBlank (1) and BrtFmlaError (11) it skips.
CELL_RECORDS: Final = frozenset(range(0x02, 0x0B))
#: BrtRowHdr: the row of the cells that follow.
ROW_RECORD: Final = 0x00
#: BrtBeginSheetData: the cells start after it.
SHEET_DATA: Final = 0x91


def cell_bounds(part: bytes) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column) of the cells of a binary
    worksheet, 0-based, or None when it holds none. A record cut short by the end of
    the part ends the walk (calamine refuses such a part)."""
    end = len(part)
    # calamine's buffer: its first four bytes are those of the last record of four
    # bytes or more (at ``full``), overwritten in front by the shorter ones since.
    head = bytearray(4)
    full = -1
    at = 0
    started = False
    row = 0
    top = left = 1 << 32  # past any 32-bit row or column
    bottom = right = -1
    while at < end:
        kind = part[at]
        at += 1
        if kind & 0x80:
            if at >= end:
                break
            kind = (kind & 0x7F) | ((part[at] & 0x7F) << 7)
            at += 1
        if at >= end:
            break
        size = part[at]
        at += 1
        if size & 0x80:
            size &= 0x7F
            for shift in (7, 14, 21):
                if at >= end:
                    return None if bottom < 0 else (top, bottom, left, right)
                byte = part[at]
                at += 1
                size |= (byte & 0x7F) << shift
                if not byte & 0x80:
                    break
        body = at
        at += size
        if at > end:
            break
        if size >= 4:
            full = body
        else:
            if full >= 0:
                head[:] = part[full : full + 4]
                full = -1
            head[:size] = part[body:at]
        if not started:
            started = kind == SHEET_DATA
            continue
        if kind != ROW_RECORD and kind not in CELL_RECORDS:
            continue
        value = int.from_bytes(part[body : body + 4] if size >= 4 else head, "little")
        if kind == ROW_RECORD:
            row = value
            continue
        if row < top:
            top = row
        if row > bottom:
            bottom = row
        if value < left:
            left = value
        if value > right:
            right = value
    return None if bottom < 0 else (top, bottom, left, right)
