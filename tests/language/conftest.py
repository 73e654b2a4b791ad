"""The demo database and its data texts, shared by the language tests of a worker."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from language_vocabulary import Checker, data_strings
from openpyxl import load_workbook

from fleet.db import dispose_engines

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="session")
def demo_data(demo_template: Path) -> set[str]:
    """The texts of the demo fleet and of the factor sets (data, not wording), and the
    column names of the sample files (an import's summary quotes a file's column)."""
    return data_strings(f"sqlite:///{demo_template}") | sample_headers()


def sample_headers() -> set[str]:
    headers: set[str] = set()
    for path in SAMPLES.glob("*.csv"):
        raw = path.read_bytes().splitlines()[0]
        try:
            first = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # the GLPI exports are in Windows-1252
            first = raw.decode("cp1252")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        headers.update(next(csv.reader([first], delimiter=delimiter)))
    for path in SAMPLES.glob("*.xlsx"):
        book = load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True, max_row=12):
                headers.update(v for v in row if isinstance(v, str))
        book.close()
    return {h.strip() for h in headers if h and h.strip()}


@pytest.fixture(scope="session")
def checkers(demo_data: set[str]) -> dict[str, Checker]:
    return {lang: Checker(lang, demo_data) for lang in ("fr", "en")}


@pytest.fixture(scope="module")
def module_demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One copy of the demo database for a module whose tests only read it."""
    path = tmp_path_factory.mktemp("language") / "demo.db"
    shutil.copy(demo_template, path)
    yield f"sqlite:///{path}"
    dispose_engines()
