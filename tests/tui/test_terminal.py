"""The real command in a real pseudo-terminal: it starts, shows the dashboard, quits cleanly."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
ECOPARC = Path(sys.executable).with_name("ecoparc")


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TMUX or "tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30
    )


def wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow  # the real TUI in tmux, several seconds
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_ecoparc_opens_the_dashboard_and_quits_with_ctrl_q(demo_db: str, tmp_path: Path) -> None:
    socket = f"ecoparc-test-{uuid.uuid4().hex[:8]}"
    rc_file = tmp_path / "rc"
    command = (
        f"{shlex.quote(str(ECOPARC))} --db {shlex.quote(demo_db)} --lang fr; "
        f"echo $? > {shlex.quote(str(rc_file))}"
    )
    started = tmux(socket, "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command)
    assert started.returncode == 0, started.stderr
    try:

        def screen() -> str:
            return tmux(socket, "capture-pane", "-p", "-t", "t").stdout

        assert wait_for(lambda: "t CO2e" in screen(), 60), screen()
        text = screen()
        assert "Tableau de bord" in text and "ecoparc.db" in text
        assert "Quitter" in text
        tmux(socket, "send-keys", "-t", "t", "C-q")
        assert wait_for(rc_file.exists, 20), screen()
        assert rc_file.read_text().strip() == "0"
    finally:
        tmux(socket, "kill-server")
