"""The columnar import agrees with its per-row reference on generated messy values.

Each bulk path of the import has a reference read one value at a time, kept for
the values the bulk path declines (and for the French reason of a rejected cell);
these properties are the proof that the two never disagree where both answer
(docs/import.md, « Lecture des fichiers »):

- CSV: pyarrow's and pandas' parsers against the :mod:`csv` module;
- spreadsheet cells turned into text column by column against ``_cell_text``;
- numbers and dates read in bulk against ``parse_number`` / ``parse_date``;
- identity keys in bulk against :func:`fleet.identity.identity_key`;
- each distinct value's result spread by position against ``Series.map``;
- dates written as ISO text, once per distinct day, against ``date.isoformat``.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fleet.identity import identity_key
from fleet.importing import readers
from fleet.importing.diff import identity_key_column, iso_dates
from fleet.importing.limits import DEFAULT_LIMITS
from fleet.importing.normalise import _distinct, _fast_date, _fast_number, _text
from fleet.importing.values import parse_date, parse_number

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def _cells(grid: Any) -> list[list[str]]:
    """A grid's rows up to its last filled column."""
    width = readers._grid_width(grid)
    return [list(map(str, row)) for row in grid.iloc[:, :width].itertuples(index=False)]


def _reference(text: str, delimiter: str) -> list[list[str]] | None:
    """The csv module's reading (None when it refuses the text)."""
    lines = readers._split_lines(text)
    try:
        records = readers._csv_records(Path("x.csv"), lines, delimiter, DEFAULT_LIMITS)
    except readers.ImportFileError:
        return None
    return _cells(readers._grid(records))


_PLAIN = st.text(alphabet=st.sampled_from(list('ab é\t"\u00a0')), max_size=5)
_QUOTED = st.text(alphabet=st.sampled_from(list('ab ,;"\u00a0')), max_size=5).map(
    lambda t: '"' + t.replace('"', '""') + '"'
)
_LOOSE = st.text(alphabet=st.sampled_from(list('ab ,;"\r\n')), max_size=5).map(
    lambda t: '"' + t + '"'
)


@SETTINGS
@given(
    rows=st.lists(st.lists(st.one_of(_PLAIN, _QUOTED, _LOOSE), max_size=4), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    end=st.sampled_from(["\n", "\r\n", "\r"]),
    last=st.booleans(),
)
def test_fast_csv_readers_agree_with_the_csv_module(
    rows: list[list[str]], delimiter: str, end: str, last: bool
) -> None:
    text = end.join(delimiter.join(r) for r in rows) + (end if last else "")
    if not text.strip():
        return
    lines = readers._split_lines(text)
    for grid in (
        readers._fast_grid(text, delimiter, lines, DEFAULT_LIMITS),
        readers._pandas_grid(text, delimiter, len(lines), DEFAULT_LIMITS),
    ):
        if grid is not None:
            assert _cells(grid) == _reference(text, delimiter), repr(text)


@SETTINGS
@given(
    text=st.lists(st.sampled_from(list('ab ,;"\r\n\t') + ["\r\n", "é"]), max_size=40).map("".join)
)
def test_fast_csv_readers_agree_on_arbitrary_text(text: str) -> None:
    if not text.strip() or any(mark in text for mark in readers._OTHER_BREAKS):
        return
    lines = readers._split_lines(text)
    for grid in (
        readers._fast_grid(text, ",", lines, DEFAULT_LIMITS),
        readers._pandas_grid(text, ",", len(lines), DEFAULT_LIMITS),
    ):
        if grid is not None:
            assert _cells(grid) == _reference(text, ","), repr(text)


_CELL = st.one_of(
    st.text(max_size=4),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-5), max_value=timedelta(days=5)),
    st.sampled_from([1e15, -1e15, 1e15 - 1, 0.1 + 0.2, -0.0, 123456789012345.0]),
)


def _column(values: list[Any]) -> np.ndarray:
    """Cells as one column of the grid readers._grid builds (an object array)."""
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    return cells


@SETTINGS
@given(values=st.lists(_CELL, max_size=12))
def test_spreadsheet_cells_become_the_same_text_in_bulk(values: list[Any]) -> None:
    cells = _column(values)
    assert readers._text_cells(cells).tolist() == [readers._cell_text(v) for v in values]


def _reference_value(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except ValueError:
        return None


_NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789 ,.-+eE€\u00a0_x")), max_size=10)


@SETTINGS
@given(
    texts=st.lists(
        st.one_of(
            _NUMBERISH,
            st.from_regex(r"[+-]?\d{1,25}(\.\d{1,25})?", fullmatch=True),
            st.sampled_from(["1e5", "1_000", "nan", "inf", ".5", "5.", "1 234,50 €", "-0"]),
        )
    )
)
def test_bulk_numbers_agree_with_parse_number(texts: list[str]) -> None:
    series = pd.Series(texts, dtype="str")
    fast = _fast_number(series)
    for text, value in zip(texts, fast.tolist(), strict=True):
        if not math.isnan(value):
            assert _reference_value(parse_number, text) == value, text


_DATEISH = st.text(alphabet=st.sampled_from(list("0123456789-/ .:T")), max_size=12)
_DATES = st.dates(min_value=date(1800, 1, 1), max_value=date(2600, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [
            d.isoformat(),
            d.strftime("%d/%m/%Y"),
            f"{d.day}/{d.month}/{d.year}",
            f"{d.year}-{d.month}-{d.day}",
        ]
    )
)


@SETTINGS
@given(texts=st.lists(st.one_of(_DATEISH, _DATES)))
def test_bulk_dates_agree_with_parse_date(texts: list[str]) -> None:
    series = pd.Series(texts, dtype="str")
    fast = _fast_date(series)
    today = date(2026, 12, 3)
    for text, value in zip(texts, fast.tolist(), strict=True):
        if not pd.isna(value):
            assert _reference_value(lambda t: parse_date(t, today), text) == value.date(), text


_SERIALISH = st.one_of(
    st.text(max_size=8),
    st.text(alphabet=st.sampled_from(list("aZ09 \t\x0b\x1c\u00a0\u200b\uff10ßǆ-")), max_size=8),
    st.none(),
    st.integers(),
    st.just(float("nan")),
)


@SETTINGS
@given(values=st.lists(_SERIALISH, max_size=12))
def test_bulk_identity_keys_agree_with_identity_key(values: list[Any]) -> None:
    keys = identity_key_column(pd.Series(values, dtype=object)).tolist()
    assert keys == [identity_key(v) for v in values]


def test_datetime_time_cells_stay_as_the_reference_writes_them() -> None:
    cells = _column([datetime(2024, 5, 1), datetime(2024, 5, 1, 8, 30), time(8, 30), "x"])
    assert readers._text_cells(cells).tolist() == [
        "2024-05-01",
        "2024-05-01 08:30:00",
        "08:30:00",
        "x",
    ]


def _map_reference(series: pd.Series, parse: Any) -> tuple[pd.Series, pd.Series]:
    """``_distinct`` as it was written first: a dictionary per distinct value, then
    ``Series.map`` of every row."""
    results: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for value in series.dropna().unique():
        try:
            results[value] = parse(value)
        except ValueError as exc:
            errors[value] = str(exc)
    values = series.map(results) if results else pd.Series(None, index=series.index)
    reasons = series.map(errors) if errors else pd.Series(np.nan, index=series.index)
    return values, reasons


def _parity(text: str) -> Any:
    """Results of every kind a parser gives (text, number, flag, nothing) or a refusal."""
    if text.startswith("x"):
        raise ValueError(f"refusé « {text} »")
    return {0: text.upper(), 1: float(len(text)), 2: len(text) > 2, 3: None}[len(text) % 4]


@SETTINGS
@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="xabé ", max_size=5)), max_size=30),
    st.sampled_from(["str", "object"]),
    st.sampled_from(["upper", "number", "flag", "mixed"]),
)
def test_distinct_values_spread_as_series_map_would(
    cells: list[str | None], dtype: str, kind: str
) -> None:
    parse = {
        "upper": str.upper,
        "number": lambda t: float(len(t)),
        "flag": lambda t: len(t) > 2,
        "mixed": _parity,
    }[kind]
    series = pd.Series(cells, dtype=dtype, index=pd.RangeIndex(len(cells)) + 7)
    values, reasons = _distinct(series, parse)
    expected_values, expected_reasons = _map_reference(series, parse)
    pd.testing.assert_series_equal(values, expected_values)
    pd.testing.assert_series_equal(reasons, expected_reasons)


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2200, 12, 31))), max_size=40))
def test_iso_dates_as_each_date_writes_itself(days: list[date | None]) -> None:
    series = pd.Series(pd.to_datetime(pd.Series(days, dtype=object))).astype("datetime64[s]")
    assert iso_dates(series) == [None if d is None else d.isoformat() for d in days]


def _spaced_the_long_way(series: pd.Series) -> pd.Series:
    """:func:`normalise._text` without the search of the column's bytes first."""
    spaced = series.str.contains("  |[\t\n\r\u00a0]", regex=True).fillna(False)
    if spaced.any():
        series = series.copy()
        series[spaced] = series[spaced].str.replace(r"\s+", " ", regex=True).str.strip()
    return series.mask(series == "")


@SETTINGS
@given(
    texts=st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet=" \u2009àé€Ab1-", max_size=8),  # a run of spaces now and then
            st.text(alphabet=" \t\n\r\u00a0\u2009àé€Ab1-", max_size=8),
        ),
        max_size=12,
    ),
    start=st.integers(0, 3),
)
def test_text_cleaning_agrees_with_the_regular_expression(
    texts: list[str | None], start: int
) -> None:
    """Cells cleaned of their runs of spaces the same whether the column's bytes are
    searched first (normalise._maybe_spaced) or not, a sliced column included."""
    series = pd.Series(texts, dtype="str").iloc[start:].reset_index(drop=True)
    assert _text(series).equals(_spaced_the_long_way(series))
