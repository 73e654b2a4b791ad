"""Text normalisation shared by the importer, the matching and the outputs.

Three jobs that every layer meets (docs/architecture.md §11):

- **accent folding** — « Échirolles », « ECHIROLLES » and « echirolles » are the
  same word to a person: :func:`fold` drops the accents, :func:`fold_key` also the
  case and the extra spaces, for comparing, looking up and sorting;
- **decimal commas** — a French number is typed ``1 234,50`` (spaces, no-break
  spaces or narrow no-break spaces between thousands): :func:`parse_decimal`
  reads it, and the English ``1,234.50`` and ``1.234,5`` too;
- **plain values** — frames hold numpy scalars, ``NaN``, ``NaT`` and
  ``Timestamp``; JSON, openpyxl and the database want ``None``, Python numbers
  and dates: :func:`plain` and :func:`json_safe`.

``factors`` is the kernel every package may import, so this module imports
nothing of the project.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import pandas as pd


def fold(text: str) -> str:
    """``text`` without its accents (``é`` → ``e``, ``œ`` kept), case and spaces untouched."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_key(text: str) -> str:
    """``text`` as a comparison and sort key: no accents, no case, single spaces.

    French alphabetical order ignores accents at first sight: « Échirolles »
    sorts among the E, not after Z.
    """
    return " ".join(fold(text).casefold().split())


def parse_decimal(text: str) -> float:
    """A number as a person types it: ``1 234,5``, ``12,5``, ``1,234.50``, ``1.234,5``, ``-3``.

    The last of ``,`` and ``.`` is the decimal mark when both appear; a single
    comma is a decimal comma (French), several commas or several dots are
    thousands separators; spaces of any kind (no-break, narrow) and apostrophes
    between thousands are dropped. Raises ``ValueError`` on anything else and
    ``OverflowError`` on a number too large to be finite (hundreds of digits).
    """
    digits = re.sub(r"[\s'’]", "", text).replace("−", "-")
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif digits.count(",") == 1:
        digits = digits.replace(",", ".")
    elif digits.count(",") > 1 or digits.count(".") > 1:
        digits = digits.replace(",", "").replace(".", "")
    value = float(digits)
    if not math.isfinite(value):
        raise OverflowError(f"number out of range: {text!r}")
    return value


def is_missing(value: Any) -> bool:
    """``None``, ``NaN``, ``pd.NA`` and ``NaT``: a cell with nothing in it."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, arrays: not a scalar, so not missing
        return False


def plain(value: Any) -> Any:
    """A frame cell as plain Python: ``None`` when missing, a ``date`` for a
    ``Timestamp``, a Python number for a numpy scalar, anything else as is."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def json_safe(value: Any) -> Any:
    """:func:`plain`, then dates and datetimes as ISO text: what ``json.dumps`` accepts."""
    value = plain(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
