"""The import's summary line counts rows as French writes them: « 1 ligne », « 2 lignes »."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecoparc_cli import ecoparc


@pytest.mark.parametrize(
    ("rows", "lang", "first_line"),
    [
        (1, "fr", "parc.csv : 1 ligne — simulation, rien n'a été écrit"),
        (2, "fr", "parc.csv : 2 lignes — simulation, rien n'a été écrit"),
        (1, "en", "parc.csv: 1 row — dry run, nothing was written"),
        (2, "en", "parc.csv: 2 rows — dry run, nothing was written"),
    ],
)
def test_rows_counted_in_words(tmp_path: Path, rows: int, lang: str, first_line: str) -> None:
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    assert ecoparc("--db", url, "init").returncode == 0
    assert ecoparc("--db", url, "entity", "add", "Grenoble").returncode == 0
    data = tmp_path / "parc.csv"
    lines = [f"SN{i:04d},Latitude 5440,ordinateur portable" for i in range(rows)]
    data.write_text(
        "numéro de série,modèle,catégorie\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    ran = ecoparc(
        "--lang", lang, "--db", url, "import", str(data), "--entity", "Grenoble", "--dry-run"
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[0] == first_line
