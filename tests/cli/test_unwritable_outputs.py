"""A file the command line cannot write: one line in the command's language naming
the file and what is wrong, exit 2, never Python's English (« Permission denied »),
and nothing half-written — the same wording as the interface's (services.errors.writing).

/sys stands for a read-only folder and /proc for a folder that takes no file: both
refuse new files even to root, who runs the suite in CI's containers."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecoparc_cli import ecoparc

PYTHON_WORDS = ("Errno", "Permission denied", "No such file", "Is a directory", "Not a directory")


def assert_one_line(stderr: str, target: Path | str, words: str) -> None:
    assert stderr.count("\n") == 1, stderr
    assert str(target) in stderr and words in stderr, stderr
    assert not any(w in stderr for w in PYTHON_WORDS), stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_footprint_output_that_cannot_be_written(demo_copy: str, tmp_path: Path, lang) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("une note", encoding="utf-8")
    cases = [
        (tmp_path / "absent" / "empreinte.csv", "n'existe pas", "does not exist"),
        (Path("/sys/empreinte.csv"), "écriture interdite dans le dossier", "is not allowed"),
        (Path("/proc/empreinte.xlsx"), "n'accepte pas de fichier", "takes no files"),
        (tmp_path, "c'est un dossier, pas un fichier", "is a folder, not a file"),
        (note / "empreinte.csv", "est un fichier, pas un dossier", "is a file, not a folder"),
    ]
    for target, french, english in cases:
        done = ecoparc("--db", demo_copy, "--lang", lang, "footprint", "-o", str(target))
        assert done.returncode == 2, done.stderr
        assert_one_line(done.stderr, target, french if lang == "fr" else english)
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")} == {"notes.txt"}


def test_exports_that_cannot_be_written(demo_copy: str) -> None:
    """The writers that make their own folders (NumEcoEval's, a factor set's) word a
    refused write the same way."""
    done = ecoparc("--db", demo_copy, "export", "numecoeval", "/proc/numecoeval")
    assert done.returncode == 2
    assert_one_line(done.stderr, "/proc/numecoeval", "n'accepte pas de fichier")
    done = ecoparc("--db", demo_copy, "factors", "export", "ecoparc-builtin", "/sys/jeu.xlsx")
    assert done.returncode == 2
    assert_one_line(done.stderr, "/sys/jeu.xlsx", "écriture interdite dans le dossier « /sys »")
