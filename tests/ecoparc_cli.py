"""``ecoparc …`` run in-process through click's ``CliRunner``: the suite's one way to call the CLI.

A real process costs about a second of interpreter and import start-up; in-process,
a command costs what it does. The result carries what a process would give
(``returncode``, ``stdout``, ``stderr``), so a test reads the same either way. An
exception that escapes a command is not turned into an exit code: it fails the
test, since a user would have seen a traceback (the contract is one French line
and an exit code). A handful of tests still start a true process
(``tests/cli/test_smoke.py``, the import killed mid-way, the TUI in tmux).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from fleet.db import dispose_engines


@dataclass(frozen=True)
class Ran:
    """What ``ecoparc`` gave back: exit code and the two streams."""

    returncode: int
    stdout: str
    stderr: str


def ecoparc(*args: str, cwd: Path | str | None = None, input: str | None = None) -> Ran:
    """``ecoparc ARGS…`` in this process (from ``cwd`` when given, reading ``input``).

    The engines the command opened are disposed of afterwards, as the end of a
    process would, so the test can then open, copy or delete the database file.
    """
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(
            cli, list(args), prog_name="ecoparc", catch_exceptions=False, input=input
        )
    dispose_engines()
    return Ran(result.exit_code, result.stdout, result.stderr)
