"""The demo database and its data texts, shared by the language tests of a worker."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from language_vocabulary import Checker, data_strings

from fleet.db import dispose_engines


@pytest.fixture(scope="session")
def demo_data(demo_template: Path) -> set[str]:
    """The texts of the demo fleet and of the factor sets (data, not wording)."""
    return data_strings(f"sqlite:///{demo_template}")


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
