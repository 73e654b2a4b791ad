"""Reading a column of a frame that may not have it.

The fleet frame's optional columns (measured kWh, PUE, weight, specs, flags…)
are often absent from hand-built or partial frames; each reader gives the
column in one dtype, or what "unknown" means for that dtype, so callers never
test for the column themselves.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np
import pandas as pd


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as float64, NaN where missing, unreadable or absent."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def floats(frame: pd.DataFrame, column: str, default: float = np.nan) -> np.ndarray:
    """The column as a float64 array; NaN where missing, ``default`` everywhere if absent."""
    if column not in frame.columns:
        return np.full(len(frame), default)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def present(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """Those of ``columns`` the frame has. Rows a figure needs are taken with these
    columns only: taking them with every text column of the fleet copies each of
    those row by row, for each year of a REEN report."""
    return [c for c in columns if c in frame.columns]


def texts(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as text, missing (NA) where absent."""
    if column in frame.columns:
        return frame[column].astype("str")
    return pd.Series(pd.NA, index=frame.index, dtype="str")


def flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The column as a bool array, False where missing or absent."""
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].fillna(False).astype(bool).to_numpy()


def dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as datetimes, NaT where missing, unreadable or absent."""
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[column], errors="coerce")


def day_numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The date column as days since 1970-01-01 (floats), NaN where missing or absent.

    The engine's arithmetic on whole columns (ages, lifespans, parts of a year)
    runs on these day numbers rather than on datetimes.
    """
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    values = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    raw = values.to_numpy()
    days = raw.astype("datetime64[s]").astype(np.int64) / 86400.0
    days[np.isnat(raw)] = np.nan
    return days


#: Factorised text columns, by the immutable Arrow array behind them: the engine
#: runs several times on the same fleet (the footprint, the sensitivity to the
#: factor set, the scenarios), and factorising a million texts is its largest cost.
#: Keyed by the array's id, with a weak reference that removes the entry when the
#: array goes (Arrow arrays cannot be hashed).
_FACTORISED: dict[int, tuple[weakref.ref[object], tuple[np.ndarray, list[str]]]] = {}


def key_codes(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, list[str]]:
    """The column factorised for group keys: an integer code per row and the text of
    each code, '' for missing or absent (always the last code).

    Group keys (entity × category…) are then built once per distinct value and
    gathered by code, never as one Python string per row (docs/performance.md).
    An Arrow-backed column (the fleet frame's texts) is factorised once for as
    long as its values live: they cannot change in place.
    """
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=np.intp), [""]
    values = frame[column]
    arrow = getattr(values.array, "__arrow_array__", None)
    source = arrow() if arrow is not None else None
    known = _FACTORISED.get(id(source)) if source is not None else None
    if known is not None and known[0]() is source:
        return known[1]
    codes, uniques = pd.factorize(values)
    names = [str(u) for u in uniques]
    coded: np.ndarray = np.where(codes < 0, len(names), codes)
    if len(names) < 2**31:  # kept for the frame's life: half the memory of 64-bit codes
        coded = coded.astype(np.int32)
    coded.flags.writeable = False  # shared by every caller
    result = coded, [*names, ""]
    if source is not None:
        key = id(source)
        gone = weakref.ref(source, lambda _ref: _FACTORISED.pop(key, None))
        _FACTORISED[key] = (gone, result)
    return result
