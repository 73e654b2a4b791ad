"""Which recognised rows a changed file's duplicate checks need (recognise._alike).

A re-import computes the natural key of a row recognised by its hash only when its
identity cells may give a key another row's gives (docs/import.md, « Réimport
incrémental »). These tests read real CSV files and check, against the exact
cleaning of every cell, that no pair of rows sharing a key is left out, whatever
the cells hold (case, spaces, tabs, no-break spaces, letters whose upper case
Python and Arrow write otherwise, placeholders, cells too long).
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from fleet.importing.normalise import place_and_identity
from fleet.importing.readers import read_table
from fleet.importing.recognise import IDENTITY, _alike

HEADER = ["Nom", "Numéro d'inventaire", "Numéro de série"]
MAPPING = dict(zip(HEADER, IDENTITY, strict=True))
#: Characters whose keys meet in unexpected ways: « ı » and « ſ » are « I » and « S »
#: in Python's upper case, « ß » is « SS », tabs and no-break spaces are white space;
#: a run of long pieces is too long for the database.
PIECES = ["a", "A", "s", "S", "i", "I", "ı", "ſ", "ß", "é", "É", " ", "  ", "\t", "\u00a0"]
PIECES += ["-", "0", "x", "N/A", "1", "X" * 40]
CELL = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


def _read(rows: list[list[str]]) -> pd.DataFrame:
    """The rows as the importer reads them from a CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "parc.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([HEADER, ["PC", "INV", "SN"], *rows])
        return read_table(path).frame


def _must_see(raw: pd.DataFrame) -> np.ndarray:
    """The rows that share a cleaned key with another row in some identity column, or
    whose cleaning finds a problem: what ``_alike`` must keep."""
    texts, _ = place_and_identity(raw, MAPPING, IDENTITY)
    seen = np.zeros(len(raw), dtype=bool)
    for field in IDENTITY:
        keys = pd.Series(texts[field], dtype="str").str.strip().str.upper()
        seen |= (keys.notna() & keys.duplicated(keep=False)).to_numpy()
    # A cell too long is the only problem their cleaning finds (never under 100 characters).
    long = np.flatnonzero(raw.apply(lambda cells: cells.str.len() > 99).any(axis=1).to_numpy())
    for position in long:
        _, clean = place_and_identity(raw.iloc[[position]], MAPPING, IDENTITY)
        seen[position] |= not clean
    return seen


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=12))
def test_no_row_sharing_a_key_is_left_out(rows: list[list[str]]) -> None:
    raw = _read(rows)
    must = _must_see(raw)
    alike = _alike(raw, MAPPING)
    assert not (must & ~alike).any()


def test_rows_alike_only_by_their_case_or_spaces() -> None:
    """Keys equal but for case and spaces are kept, distinct keys left out; a cell too
    long for the database and a non-ASCII one are kept for their exact cleaning."""
    rows = [
        ["Poste accueil", "INV-1", "SN 001"],
        ["POSTE  ACCUEIL", "INV-2", "sn001"],
        ["Poste 3", "INV-3", "SN003"],
        ["Poste 4", "X" * 101, "SN004"],
        ["Écran 5", "INV-5", "SN005"],
        ["Poste 6", "INV-6", "SN006"],
    ]
    alike = _alike(_read(rows), MAPPING)
    assert alike.tolist() == [False, True, True, False, True, True, False]
