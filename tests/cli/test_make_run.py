"""`make run`: the demo database is loaded once; a second `make run` opens the
interface without re-importing (issue 18, « Start and scripts »: under 3 s).

The 3 s are measured on a quiet machine (about 2 s here); under a loaded test run
the test compares `make run` with the bare command in the same conditions: make
must add nothing but its own start (no import, no schema upgrade)."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TMUX = shutil.which("tmux")
MAKE = shutil.which("make")


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MAKE or "make", "-C", str(REPO), *args], capture_output=True, text=True, timeout=300
    )


def seconds_to_dashboard(command: str) -> float:
    """From ``command`` to the dashboard on screen, in a real terminal (tmux); quits it."""
    socket = f"ecoparc-run-{uuid.uuid4().hex[:8]}"
    start = time.monotonic()
    tmux = [TMUX or "tmux", "-L", socket]
    subprocess.run([*tmux, "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command])
    try:
        while time.monotonic() - start < 60:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True
            ).stdout
            if "Tableau de bord" in screen and "t CO2e" in screen:
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"no dashboard after 60 s:\n{screen}")
    finally:
        subprocess.run([*tmux, "send-keys", "-t", "t", "C-q"])
        time.sleep(0.5)
        subprocess.run([*tmux, "kill-server"], capture_output=True)


@pytest.mark.slow  # loads the samples and starts the real interface three times
@pytest.mark.skipif(TMUX is None or MAKE is None, reason="tmux and make are needed")
def test_make_run_loads_the_demo_once_and_then_opens_fast(tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    planned = make("-n", "run", f"DEMO={demo}").stdout
    assert "init --demo" in planned
    created = make(str(demo), f"DEMO={demo}")
    assert created.returncode == 0, created.stderr
    assert "inventaire-metropole.xlsx : 1697 créés" in created.stdout
    run = f"make -C {REPO} run DEMO={demo}"
    seconds_to_dashboard(run)  # the first start brings the schema stamp up to date
    again = make("-n", "run", f"DEMO={demo}").stdout
    assert "init --demo" not in again and "db upgrade" not in again, again
    before = demo.stat().st_size, demo.stat().st_mtime_ns
    bare = f"{REPO / '.venv' / 'bin' / 'ecoparc'} --db sqlite:///{demo} tui"
    direct = min(seconds_to_dashboard(bare) for _ in range(2))
    made = min(seconds_to_dashboard(run) for _ in range(2))
    assert made < max(3.0, direct + 1.0), (made, direct)
    assert (demo.stat().st_size, demo.stat().st_mtime_ns) == before  # nothing re-imported
