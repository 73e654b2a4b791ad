"""factors.outputs: every file ecoparc writes is checked first and written whole or not
at all; JSON is strict."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from factors.outputs import (
    OutputPathError,
    atomic_path,
    check_output_path,
    json_text,
    write_text,
)


def test_a_failed_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "bilan.csv"
    target.write_text("ancien", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("moitié d'un fich", encoding="utf-8")
        raise RuntimeError("disque plein")
    assert target.read_text(encoding="utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilan.csv"]


def test_a_complete_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "bilan.json"
    target.write_text("ancien", encoding="utf-8")
    write_text(target, "nouveau\n")
    assert target.read_text(encoding="utf-8") == "nouveau\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilan.json"]


def test_a_killed_writer_never_leaves_half_a_file(tmp_path: Path) -> None:
    """A process killed while it writes a large rejects workbook: the target is either
    absent or the complete workbook, never a truncated one."""
    target = tmp_path / "rejets.xlsx"
    script = (
        "import pandas as pd, sys\n"
        "from fleet.importing import write_rejects\n"
        "n = 300_000\n"
        "rows = pd.DataFrame({'Ligne': range(n), 'Motif du rejet': ['prix négatif'] * n})\n"
        "print('go', flush=True)\n"
        "write_rejects(rows, sys.argv[1])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "go"
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if target.exists():  # the writer was faster than the kill: then the file is whole
        from openpyxl import load_workbook

        assert load_workbook(target, read_only=True).active is not None


def test_output_paths_checked_before_work(tmp_path: Path) -> None:
    source = tmp_path / "parc.csv"
    source.write_text("Nom\nPC\n", encoding="utf-8")
    assert check_output_path(tmp_path / "rejets.xlsx", [source]) == tmp_path / "rejets.xlsx"
    for target, inputs, message in (
        (tmp_path / "absent" / "r.xlsx", [], "n'existe pas"),
        (tmp_path, [], "c'est un dossier"),
        (Path("/dev/null"), [], "pas un fichier ordinaire"),
        (source, [source], "fichier lu en entrée"),
        (tmp_path / "." / "parc.csv", [source], "fichier lu en entrée"),
    ):
        with pytest.raises(OutputPathError, match=message):
            check_output_path(target, inputs)


def test_json_is_strict() -> None:
    document = {
        "nan": math.nan,
        "inf": [math.inf, -math.inf, 1.5],
        "numpy": np.float64("nan"),
        "ok": {"a": 1, "b": "Infinity"},
    }
    text = json_text(document)
    parsed = json.loads(text, parse_constant=lambda token: pytest.fail(token))
    assert parsed == {
        "nan": None,
        "inf": [None, None, 1.5],
        "numpy": None,
        "ok": {"a": 1, "b": "Infinity"},
    }
