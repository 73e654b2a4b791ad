"""Every command of the README runs as written (issue 18, « Start and scripts »).

The command block of « Premiers pas » runs line by line in a fresh folder that
holds the project's ``.venv`` and ``samples/`` (the README's commands are typed
from the project's root), with the block's own variables. A line whose comment
says « code N » must exit with N; every other line with 0. ``serve`` runs until
it listens, then stops. The ``make`` block is checked with ``make -n``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
COMMANDS = next(b for b in BLOCKS if b.startswith('E=".venv/bin/ecoparc'))
MAKE_BLOCK = next(b for b in BLOCKS if b.startswith("make run"))
ASSIGNMENT = re.compile(r"^[A-Z]+=")
SERVE_PORT = 8000


def _lines(block: str) -> list[tuple[str, int]]:
    """(command, expected exit code) per line; assignments have code -1."""
    out = []
    for raw in block.splitlines():
        command, _, comment = raw.partition("  #")
        command = command.strip()
        if not command:
            continue
        code = re.search(r"\bcode (\d)\b", comment)
        out.append((command, -1 if ASSIGNMENT.match(command) else int(code[1]) if code else 0))
    return out


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _serve(prefix: str, command: str, cwd: Path) -> None:
    """Start the server as written, wait until it listens, stop it."""
    if _listening(SERVE_PORT):
        pytest.fail(f"le port {SERVE_PORT} est déjà pris : « {command} » ne peut pas être essayé")
    process = subprocess.Popen(
        ["bash", "-c", f"{prefix}exec {command}"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not _listening(SERVE_PORT):
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, f"« {command} » n'écoute pas après 30 s"
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@pytest.mark.slow  # the whole README: imports, footprints, workbooks, a report (~20 s)
def test_every_readme_command_runs_as_written(tmp_path: Path) -> None:
    for name in (".venv", "samples"):
        (tmp_path / name).symlink_to(REPO / name)
    assignments: list[str] = []
    ran = 0
    for command, code in _lines(COMMANDS):
        if code == -1:
            assignments.append(command)
            continue
        prefix = "".join(f"{a}; " for a in assignments)
        if " serve" in command:
            _serve(prefix, command, tmp_path)
        else:
            done = subprocess.run(
                ["bash", "-c", prefix + command],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == code, f"{command}\n{done.stdout[-2000:]}\n{done.stderr}"
            assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
        ran += 1
    assert ran >= 15
    for produced in ("rejets.xlsx", "empreinte.xlsx", "reen-2026.xlsx", "rapport-2026.html"):
        assert (tmp_path / produced).stat().st_size > 0
    assert (tmp_path / "dossier" / "equipementPhysique.csv").exists()


def test_the_make_targets_of_the_readme_exist() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make absent")
    for command, _ in _lines(MAKE_BLOCK):
        target = command.split()[1]
        planned = subprocess.run(
            [make, "-n", "-C", str(REPO), target, "DEMO=/nonexistent/demo.db"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert planned.returncode == 0, planned.stderr
