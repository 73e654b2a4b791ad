"""The system's refusals of a file reach a person in French, and in English in English mode.

factors/system_errors.py words each OSError a person can meet with a file; before it,
« lecture impossible (Permission denied) » put the system's English in a French line.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from ecoparc_cli import ecoparc

from factors.english import ENGLISH
from factors.messages import in_language
from factors.system_errors import _WORDS, in_words

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("number", sorted(_WORDS))
def test_each_reason_is_french_with_its_english(number: int) -> None:
    words = in_words(OSError(number, "English words of the system"))
    assert "English" not in words
    assert words in ENGLISH


def test_a_reason_no_person_meets_is_given_by_its_number() -> None:
    assert in_words(OSError(9999, "Whatever")) == "erreur système n° 9999"
    assert in_words(OSError("no number")) == "erreur système"
    assert in_language("lecture impossible (erreur système n° 9999)", "en") == (
        "cannot be read (system error no. 9999)"
    )


def test_an_import_refused_by_the_system_says_why_in_french(tmp_path: Path) -> None:
    """A path through a file (ENOTDIR) is refused by the system: the line says why."""
    blocker = tmp_path / "parc.csv"
    blocker.write_text("Nom\nPC-1\n", encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'base.db'}"
    assert ecoparc("--db", database, "init").returncode == 0
    result = ecoparc("--db", database, "import", str(blocker / "x.csv"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ecoparc : erreur : x.csv : lecture impossible (un élément du chemin n'est pas un dossier)"
    )


def test_no_person_facing_code_words_a_refusal_with_the_systems_english() -> None:
    """``strerror`` is the system's English (or the machine's locale): never shown."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("factors", "fleet", "footprint", "services", "cli", "tui")
        for path in (ROOT / package).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.strerror\b", line)
    ]
    assert not found, found
    assert errno.EACCES in _WORDS
