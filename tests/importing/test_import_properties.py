"""Property-based tests: whatever bytes or cell values a file holds, the importer ends in
a clean import (a result whose JSON document is strict JSON) or a clean refusal
(:class:`ImportFileError`, a French message naming the file), never anything else."""

from __future__ import annotations

import io
import json
import math
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fleet.db import get_engine, session_scope
from fleet.importing import ImportFileError, ImportResult, run_import

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

#: Headers the mapper knows, so that generated files reach the normaliser.
KNOWN = [
    "Nom",
    "Numéro de série",
    "Type",
    "Fabricant",
    "Réf. constructeur",
    "État",
    "Quantité",
    "Prix HT",
    "Stockage",
    "Mémoire",
    "Poids",
    "Date d'achat",
    "Statut",
]


def _import(url: str, name: str, content: bytes) -> None:
    """A dry-run import of ``content``: a clean result or a clean refusal."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        with session_scope(get_engine(url)) as session:
            try:
                result = run_import(session, path, entity="Grenoble", dry_run=True)
            except ImportFileError as exc:
                assert str(exc).startswith(f"{name} : ")
                assert exc.problem and "Traceback" not in exc.problem
                return
    assert isinstance(result, ImportResult)
    assert result.rows == result.imported + result.rejected
    json.dumps(result.as_dict(), allow_nan=False, default=str)  # strict JSON
    for rejection in result.rejections:
        assert rejection.reason


@SETTINGS
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".ods", ".txt"]))
def test_arbitrary_bytes(grenoble_sqlite: str, content: bytes, suffix: str) -> None:
    _import(grenoble_sqlite, f"fichier{suffix}", content)


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ,.;\t\"'\n\r-+=éÉ€ \u00a0\x00\x01\x1b")),
    max_size=12,
)


@SETTINGS
@given(
    header=st.lists(st.one_of(st.sampled_from(KNOWN), _CELL_TEXT), min_size=1, max_size=8),
    rows=st.lists(st.lists(_CELL_TEXT, max_size=9), max_size=12),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]),
)
def test_arbitrary_csv_cells(
    grenoble_sqlite: str, header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    """Raw cells joined without any quoting: stray quotes, separators and line ends
    inside cells make every kind of malformed CSV."""
    text = "\n".join(delimiter.join(cells) for cells in [header, *rows]) + "\n"
    _import(grenoble_sqlite, "cellules.csv", text.encode(encoding, errors="replace"))


_CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
)


def _xlsx(header: list[object], rows: list[list[object]]) -> bytes | None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        cleaned = [
            ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
            for value in row
        ]
        sheet.append(cleaned)
    buffer = io.BytesIO()
    try:
        book.save(buffer)
    except (ValueError, TypeError):  # values openpyxl itself cannot write
        return None
    return buffer.getvalue()


@SETTINGS
@given(
    header=st.lists(st.one_of(st.sampled_from(KNOWN), _CELL), min_size=1, max_size=8),
    rows=st.lists(st.lists(_CELL, max_size=9), max_size=10),
)
def test_arbitrary_xlsx_cells(
    grenoble_sqlite: str, header: list[object], rows: list[list[object]]
) -> None:
    content = _xlsx(header, rows)
    if content is not None:
        _import(grenoble_sqlite, "cellules.xlsx", content)


def test_non_finite_floats_in_a_workbook(grenoble_sqlite: str) -> None:
    """A workbook cell holding an infinite or NaN float (which Excel never writes, but a
    script may) ends cleanly too."""
    for value in (math.inf, -math.inf, math.nan):
        content = _xlsx(
            ["Nom", "Numéro de série", "Type", "Poids", "Prix HT"],
            [["PC-1", "SN-1", "Portable", value, value]],
        )
        assert content is not None
        _import(grenoble_sqlite, "flottants.xlsx", content)
