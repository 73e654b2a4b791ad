"""The rejects report: the original rows that were refused, with the reason.

Users fix the rows in this file and import it again, so it keeps the source
columns as they were read. A cell starting with ``=``, ``+``, ``-`` or ``@`` is
written as text, never as a formula (spreadsheet formula injection).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from factors.outputs import atomic_path

from .pipeline import ImportResult

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV-safe value: text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _frames(
    source: ImportResult | Sequence[ImportResult] | pd.DataFrame,
) -> list[tuple[str, pd.DataFrame]]:
    if isinstance(source, pd.DataFrame):
        return [("Rejets", source)]
    results = [source] if isinstance(source, ImportResult) else list(source)
    with_rejects = [r for r in results if r.rejected or r.conflicts] or results[:1]
    return [(Path(r.file).stem, r.rejected_rows) for r in with_rejects]


def write_rejects(
    result_or_rows: ImportResult | Sequence[ImportResult] | pd.DataFrame, path: Path
) -> None:
    """Write the rejected rows to ``.xlsx`` (a sheet per file) or ``.csv`` (UTF-8 BOM, ``;``),
    whole or not at all (a temporary file renamed when complete)."""
    path = Path(path)
    frames = _frames(result_or_rows)
    with atomic_path(path) as temporary:
        if path.suffix.lower() == ".csv":
            _write_csv(frames, temporary)
        else:
            _write_xlsx(frames, temporary)


def _write_csv(frames: list[tuple[str, pd.DataFrame]], path: Path) -> None:
    several = len(frames) > 1
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        header_written = False
        for name, frame in frames:
            if not header_written or several:
                writer.writerow(
                    (["Fichier"] if several else []) + [safe_cell(c) for c in frame.columns]
                )
                header_written = True
            for row in frame.itertuples(index=False):
                cells = ["" if v is None else safe_cell(v) for v in row]
                writer.writerow(([name] if several else []) + cells)


def _write_xlsx(frames: list[tuple[str, pd.DataFrame]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    used: set[str] = set()
    for name, frame in frames:
        title = _sheet_title(name, used)
        sheet = book.create_sheet(title)
        bold = Font(bold=True)

        def text_cell(value: Any, font: Font | None = None, sheet: Any = sheet) -> WriteOnlyCell:
            if isinstance(value, str):
                # Control characters read from a hostile file are not allowed in xlsx.
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"  # stored as a string, never evaluated
                cell.quotePrefix = True
            if font is not None:
                cell.font = font
            return cell

        sheet.append([text_cell(str(c), bold) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([text_cell(None if v is None else v) for v in row])
    if not frames:
        book.create_sheet("Rejets")
    book.save(path)


def _sheet_title(name: str, used: set[str]) -> str:
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28] or "Rejets"
    title, counter = base, 2
    while title in used:
        title = f"{base[:25]} ({counter})"
        counter += 1
    used.add(title)
    return title
