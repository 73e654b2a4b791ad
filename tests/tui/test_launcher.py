"""``python -m tui`` opens the TUI without the command line (docs/services.md, « Règles »)
and refuses a database it cannot use with one French line, as ``ecoparc`` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_python_m_tui_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    empty = tmp_path / "vide.db"
    empty.touch()  # an empty file is an SQLite database without tables
    url = f"sqlite:///{empty}"
    ran = subprocess.run(
        [sys.executable, "-m", "tui", "--db", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 1
    assert ran.stdout == ""
    assert ran.stderr.startswith("ecoparc : erreur : la base de données n'est pas initialisée")
    assert len(ran.stderr.splitlines()) == 1
