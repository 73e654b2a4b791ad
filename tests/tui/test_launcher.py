"""``python -m tui`` opens the TUI without the command line (docs/services.md, « Règles »)
and refuses a database it cannot use with one French line, as ``ecoparc`` does."""

from __future__ import annotations

import os
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


def test_both_launchers_refuse_to_run_without_a_terminal(tmp_path: Path) -> None:
    """From a script or with its output redirected, the interface would write escape
    codes into the file and wait for keys forever: one line and exit code 2 instead,
    at once (tui/terminal.py). Standard input and output are pipes here."""
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    ecoparc = Path(sys.executable).parent / "ecoparc"
    subprocess.run([str(ecoparc), "--db", url, "init"], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    for command, line in (
        ([str(ecoparc), "--db", url], "ecoparc : erreur : l'interface a besoin d'un terminal"),
        ([str(ecoparc), "--lang", "en", "--db", url, "tui"], "ecoparc: error: the interface needs"),
        ([sys.executable, "-m", "tui", "--db", url], "ecoparc : erreur : l'interface a besoin"),
    ):
        ran = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )
        assert ran.returncode == 2, (command, ran.stderr)
        assert ran.stdout == ""
        assert ran.stderr.startswith(line) and len(ran.stderr.splitlines()) == 1
