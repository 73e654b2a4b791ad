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


class AmbiguousNumber(ValueError):
    """Digits grouped so that the number reads two ways: ``1,2,3`` is neither 123 nor 1.23."""


_GROUPED = re.compile(r"\d{1,3}(?:[ ,.]\d{3})+")


def parse_decimal(text: str) -> float:
    """A number as a person types it: ``1 234,5``, ``12,5``, ``1,234.50``, ``1.234,5``, ``-3``.

    The last of ``,`` and ``.`` is the decimal mark when both appear; a single
    comma or dot is a decimal mark; a separator that occurs more than once (or
    beside the decimal mark), spaces of any kind and apostrophes group thousands,
    and then every group after the first has three digits, else the number is
    ambiguous (docs/import.md, « Nombres »). Raises :class:`AmbiguousNumber` for
    those, ``ValueError`` on anything else that is not a number, and
    ``OverflowError`` on a number too large to be finite (hundreds of digits).
    """
    body = " ".join(re.sub(r"[\s'’]+", " ", text).split()).replace("−", "-")
    sign = ""
    if body[:1] in ("-", "+"):
        sign, body = body[:1], body[1:].lstrip()
    if not re.fullmatch(r"[\d ,.]*\d[\d ,.]*", body):
        raise ValueError(f"not a number: {text!r}")
    marks = [c for c in body if c in ",."]
    decimal = ""
    if "," in marks and "." in marks:
        decimal = marks[-1]
    elif len(marks) == 1 and " " not in body.partition(marks[0])[2]:
        decimal = marks[0]
    whole, _, fraction = body.rpartition(decimal) if decimal else (body, "", "")
    whole, fraction = whole.strip(), fraction.strip()
    if not fraction.isdigit() and fraction:
        raise ValueError(f"not a number: {text!r}")
    if not whole.isdigit() and whole:
        if len(set(re.sub(r"\d", "", whole)) - {" "}) > 1 or not _GROUPED.fullmatch(whole):
            raise AmbiguousNumber(f"ambiguous thousands separators: {text!r}")
        whole = re.sub(r"[ ,.]", "", whole)
    value = float(f"{sign}{whole or '0'}.{fraction or '0'}")
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
