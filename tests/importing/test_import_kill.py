"""An import killed with SIGKILL in the middle of writing leaves nothing or the whole batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from import_support import counts

ROWS = 30_000


def _big_csv(path: Path) -> None:
    lines = ["Nom;Numéro de série;Type;Fabricant;Modèle;Date d'achat;Lieu"]
    lines += [
        f"PC-{i:06d};SN{i:08d};Portable;Dell;Latitude 5420;{1 + i % 28:02d}/03/2021;Site {i % 7}"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow  # a real process killed mid-import, several seconds
def test_sigkill_during_write_leaves_nothing_or_everything(db: str, tmp_path: Path) -> None:
    path = tmp_path / "gros.csv"
    _big_csv(path)
    before = counts(db)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", db, "import", str(path), "--entity", "Grenoble"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    killed = False
    for line in process.stderr:
        # "Écriture : 5 000 / 30 000 lignes": the batch is half-written, kill it now.
        if line.startswith("Écriture") and not line.startswith("Écriture : 0 "):
            os.kill(process.pid, signal.SIGKILL)
            killed = True
            break
    process.wait(timeout=120)
    after = counts(db)
    assert killed, "no progress line seen while writing"
    assert process.returncode == -signal.SIGKILL
    created = after["device"] - before["device"]
    assert created in (0, ROWS)
    if created == 0:
        assert after == before
    else:
        assert after["import_batch"] == before["import_batch"] + 1
        assert after["device_event"] - before["device_event"] == ROWS
