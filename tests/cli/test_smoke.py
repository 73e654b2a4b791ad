"""The few tests that start a true process: the installed entry point and ``python -m cli``.

Everything else calls the CLI in-process (``tests/ecoparc_cli.py``); these prove
that what a user types in a shell reaches the same commands, that an error is one
French line on stderr with the contract's exit code, and that nothing is printed
on stdout but the JSON document a script reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENTRY_POINT = Path(sys.executable).with_name("ecoparc")


def shell(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=120)


def test_entry_point_init_add_and_list_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    assert shell(str(ENTRY_POINT), "--db", url, "init").returncode == 0
    added = shell(str(ENTRY_POINT), "--db", url, "entity", "add", "Grenoble")
    assert added.returncode == 0, added.stderr
    listed = shell(sys.executable, "-m", "cli", "--db", url, "entity", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [e["name"] for e in json.loads(listed.stdout)] == ["Grenoble"]


def test_refusal_is_one_french_line_and_exit_code(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'vide.db'}"
    refused = shell(sys.executable, "-m", "cli", "--db", url, "entity", "list")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.startswith("ecoparc : ") and refused.stderr.count("\n") == 1
    assert "Traceback" not in refused.stderr


def test_usage_error_exit_code(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    assert shell(str(ENTRY_POINT), "--db", url, "init").returncode == 0
    wrong = shell(str(ENTRY_POINT), "--db", url, "entity", "add", "X", "--kind", "club")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
