"""The one locale module and the one text module: French typography, folding, plain values."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from factors.locale import (
    MISSING,
    NARROW_NBSP,
    category_label,
    criterion_label,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_quantity,
)
from factors.text import fold, fold_key, json_safe, parse_decimal, plain

N = NARROW_NBSP


def test_french_numbers_group_with_a_narrow_no_break_space() -> None:
    assert format_number(1234.5) == f"1{N}234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_number(1234567.891, digits=4) == f"1{N}234{N}568"  # no rounding of units
    assert format_number(0.012345, digits=3) == "0,0123"
    assert format_number(12, decimals=1) == "12,0"
    assert format_number(-0.01, decimals=1) == "0,0"
    for missing in (None, float("nan"), pd.NA, pd.NaT, float("inf")):
        assert format_number(missing) == MISSING


def test_percent_and_units_as_french_typography_wants_them() -> None:
    assert format_percent(0.12) == f"12{N}%"
    assert format_percent(0.12, "en") == "12%"
    assert format_percent(0.256, decimals=1) == f"25,6{N}%"
    assert format_quantity(1234.5, "kg CO2e") == f"1{N}234,5{N}kg CO2e"
    assert format_quantity(1234.5, "kg CO2e", "en") == "1,234.5 kg CO2e"
    assert format_quantity(None, "kg") == MISSING


def test_dates_and_labels_in_both_languages() -> None:
    assert format_date(date(2026, 11, 28)) == "28/11/2026"
    assert format_date(pd.Timestamp("2026-11-28"), "en") == "2026-11-28"
    assert format_date("2026-11-28T10:00") == "28/11/2026"
    assert format_date("bientôt") == "bientôt"
    assert format_datetime(datetime(2026, 11, 28, 8, 5)) == "28/11/2026 08:05"
    assert category_label("laptop") == "Ordinateur portable"
    assert category_label("laptop", "en") == "Laptop"
    assert category_label("unheard-of") == "unheard-of"
    assert criterion_label("gwp") == "Changement climatique (kg CO2e)"


def test_every_layer_formats_through_the_locale_module() -> None:
    from footprint.reports.reen_xlsx import share_or_number
    from tui.i18n import fmt_number, fmt_percent, set_language

    set_language("fr")
    assert fmt_number(1234.5, 1) == format_number(1234.5, decimals=1)
    assert fmt_percent(0.12) == share_or_number(0.12, True) == f"12{N}%"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1 234,5", 1234.5),
        (f"1{N}234,50", 1234.5),
        ("1\u00a0234", 1234.0),
        ("12,5", 12.5),
        ("1,234.50", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1'234.5", 1234.5),
        ("− 3", -3.0),
    ],
)
def test_decimal_commas_and_thousands(typed: str, value: float) -> None:
    assert parse_decimal(typed) == value


def test_parse_decimal_refuses_what_is_no_number() -> None:
    with pytest.raises(ValueError):
        parse_decimal("douze")
    with pytest.raises(OverflowError):
        parse_decimal("9" * 400)


def test_folding_compares_and_sorts_as_a_french_reader() -> None:
    assert fold("Échirolles") == "Echirolles"
    assert fold_key("  SAINT-MARTIN-D'HÈRES ") == "saint-martin-d'heres"
    names = ["Vif", "Échirolles", "Eybens"]
    assert sorted(names, key=fold_key) == ["Échirolles", "Eybens", "Vif"]


def test_plain_and_json_safe_values() -> None:
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(float("nan")) is None and plain(pd.NaT) is None and plain(pd.NA) is None
    assert plain(pd.Timestamp("2024-06-01")) == date(2024, 6, 1)
    assert plain("texte") == "texte"
    row = {"d": pd.Timestamp("2024-06-01"), "n": np.float64(2.5), "x": np.nan, "s": "a"}
    assert json.loads(json.dumps({k: json_safe(v) for k, v in row.items()})) == {
        "d": "2024-06-01",
        "n": 2.5,
        "x": None,
        "s": "a",
    }
