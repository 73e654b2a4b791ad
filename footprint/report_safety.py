"""Neutralise spreadsheet formula injection in exported text (docs/architecture.md §9).

A device name such as ``=HYPERLINK(...)`` imported from a supplier file must not
become a live formula when a report is opened in a spreadsheet. In xlsx the cell
is written as text; in CSV the text gets a leading apostrophe, which spreadsheet
programs read as "this is text". Every report writer of the project uses these
helpers; the generated workbooks get the same guarantee from :mod:`footprint.xlsx`
(a text is always a text cell), the openpyxl-written ones from :func:`xlsx_cell`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: Leading characters that make a spreadsheet evaluate a cell.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def neutralise_text(text: str) -> str:
    """``text`` prefixed with an apostrophe when it would start a formula (CSV)."""
    return "'" + text if is_formula_like(text) else text


def neutralise_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`neutralise_text` over a text column (other dtypes untouched)."""
    if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
        return values
    text = values.astype("str")
    risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
    if not risky.any():
        return values
    return values.where(~risky, "'" + text)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to write as CSV."""
    return frame.apply(neutralise_series)


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A write-only cell for ``value`` (text always stored as text, never a formula);
    a cell object for any text, so that callers may style it."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    return value
