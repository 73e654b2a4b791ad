"""A reader that goes away (``ecoparc … | head -3``) ends the command quietly.

A real pipe between two real processes: the command gets EPIPE from the system on
its next write, which no in-process runner reproduces. It stops like a Unix tool
(exit 128 + SIGPIPE), with nothing on stderr: no « écriture impossible », no
traceback, no « Exception ignored » from Python's flush at exit
(docs/architecture.md §6).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cli.runtime import EXIT_BROKEN_PIPE

ENTRY_POINT = Path(sys.executable).with_name("ecoparc")


def _read_three_lines_then_close(*args: str) -> tuple[int, str]:
    """The first three lines of ``ecoparc ARGS``, then the pipe closed: its exit
    code and what it wrote on stderr."""
    with subprocess.Popen(
        [str(ENTRY_POINT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        for _ in range(3):
            assert process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        return process.wait(timeout=120), stderr


@pytest.mark.slow
def test_a_closed_pipe_ends_every_kind_of_output_quietly(demo_template: Path) -> None:
    """The whole demo inventory as a table and as CSV (written line by line, far
    longer than the pipe's buffer: a write after the close is certain), and
    ``footprint`` through a shell's ``| head -3`` as a person types it."""
    db = f"sqlite:///{demo_template}"
    for args in (("devices", "list"), ("devices", "list", "--format", "csv")):
        code, stderr = _read_three_lines_then_close("--db", db, *args)
        assert (code, stderr) == (EXIT_BROKEN_PIPE, ""), args
    piped = subprocess.run(
        ["sh", "-c", f"{shlex.quote(str(ENTRY_POINT))} --db {shlex.quote(db)} footprint | head -3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 0 and len(piped.stdout.splitlines()) == 3
    assert piped.stderr == ""
