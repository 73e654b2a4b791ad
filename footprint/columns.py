"""Reading a column of a frame that may not have it.

The fleet frame's optional columns (measured kWh, PUE, weight, specs, flags…)
are often absent from hand-built or partial frames; each reader gives the
column in one dtype, or what "unknown" means for that dtype, so callers never
test for the column themselves.
"""

from __future__ import annotations

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
