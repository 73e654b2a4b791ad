"""A binary workbook (xls, xlsb) opened first in a child process, with bounded memory and time.

calamine parses every sheet of an xls workbook as soon as it opens it, allocating
what the file announces: a DIMENSIONS record of 5 kB claiming four billion rows made
it ask for 11 petabytes, and the process ended on a Rust backtrace; four sheets with
a cell in IV65536 took 2.9 GB. The container (OLE2/CFB) and its records have more
such corners than a scan of ours could follow faithfully, so the workbook is opened
once where failing costs nothing: a child Python process that loads only
python-calamine, under an address-space limit, and reports each sheet's filled
area. The import then opens it itself only if the child ended cleanly and the areas
fit the limits (docs/import.md, « Fichiers refusés d'emblée »).

An xlsb workbook goes through the child too, after its sheets' records were walked
(fleet/importing/binary_sheet.py): calamine's xlsb reader panics on records shorter
than it expects (a damaged dimension record: « range end index 16 out of range »),
and a panic prints its Rust trace on the person's terminal before Python hears of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Final

from factors.system_errors import in_words

from .error_cells import MOST_CELLS, UNKNOWN

#: Address space the child may use. A legitimate xls workbook (65,536 rows at most
#: per sheet) fits well within it: calamine holds about 130 bytes per cell of a
#: sheet's filled area while it opens it (room reserved for the cells, then the dense
#: range and its copy), 270 MB for 65,536 rows × 30 columns. Where the platform has
#: no such limit (Windows), the areas the child reports are still checked.
MEMORY_BYTES: Final = 768 * 1024 * 1024
#: Seconds the child may take; a workbook within the file-size limit opens in a few.
TIMEOUT_SECONDS: Final = 60

_CHILD: Final = """
import io, json, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
except (ImportError, ValueError, OSError):
    pass
import re
import python_calamine
data = sys.stdin.buffer.read()
book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
try:
    import fastexcel
    reader = fastexcel.read_excel(data)
except Exception:
    reader = None
sheets = []
for name in book.sheet_names:
    sheet = book.get_sheet_by_name(name)
    if not sheet.height:
        sheets.append(None)
        continue
    start, errors = list(sheet.start), []
    try:
        texts = reader.load_sheet(name, header_row=None, dtypes="string", dtype_coercion="strict")
        found = texts.to_arrow_with_errors()[1]
        for error in (found.errors if found is not None else [])[:{most}]:
            kind = re.search(r"Error\\((\\w+)\\)", error.detail)
            if kind:
                row, column = error.position
                errors.append([start[0] + row, start[1] + column, kind.group(1)])
    except Exception:
        pass
    sheets.append([start, list(sheet.end), errors])
json.dump([book.sheet_names, sheets], sys.stdout)
"""

#: What calamine names each error a cell can hold, and what the spreadsheet shows.
_ERRORS: Final = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}


@dataclass(frozen=True)
class SheetArea:
    """The rows and columns (0-based, inclusive) a sheet's filled cells span, and its
    cells in error: calamine's reading gives them empty, the child finds them with
    fastexcel (docs/import.md, « Cellules en erreur »)."""

    top: int
    left: int
    bottom: int
    right: int
    #: (row, column), 0-based from A1, to the error the spreadsheet shows.
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


class ProbeFailed(Exception):
    """The child could not open the workbook: why, in French."""


def sheet_areas(data: bytes, kind: str) -> dict[str, SheetArea | None]:
    """Each sheet's filled area by its name (None for an empty sheet), as calamine
    reads the workbook ``data`` (an ``xls`` or ``xlsb``, named so in the refusals);
    :class:`ProbeFailed` when it cannot within the limits."""
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", _CHILD.format(memory=MEMORY_BYTES, most=MOST_CELLS)],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed(
            f"classeur {kind} illisible en {TIMEOUT_SECONDS} s (fichier piégé ou endommagé)"
        ) from exc
    except OSError as exc:
        raise ProbeFailed(f"lecture du classeur {kind} impossible ({in_words(exc)})") from exc
    if done.returncode != 0:
        if done.returncode < 0 or b"memory allocation" in done.stderr:
            raise ProbeFailed(
                f"classeur {kind} piégé ou endommagé : sa lecture demande plus de "
                f"{MEMORY_BYTES // (1024 * 1024)} Mo de mémoire"
            )
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        # The last line of the child's traceback: « module.Error: what », said as « what ».
        reason = lines[-1].split(": ", 1)[-1][:160] if lines else f"code {done.returncode}"
        raise ProbeFailed(f"classeur illisible ou endommagé ({reason})")
    try:
        sheets = json.loads(done.stdout)
        return {name: _area(sheet) for name, sheet in zip(sheets[0], sheets[1], strict=True)}
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ProbeFailed("classeur illisible ou endommagé (lecture interrompue)") from exc


def _area(sheet: list[Any] | None) -> SheetArea | None:
    if sheet is None:
        return None
    (top, left), (bottom, right), errors = sheet
    shown = {(int(r), int(c)): _ERRORS.get(str(kind), UNKNOWN) for r, c, kind in errors}
    return SheetArea(int(top), int(left), int(bottom), int(right), shown)
