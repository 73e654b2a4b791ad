"""A quick start: heavy libraries are imported only by the commands that need them.

Checked on the modules a fresh interpreter has loaded after a command, not on a
clock (docs/performance.md; ``benchmarks/bench_startup.py`` times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from cli.main import COMMANDS, SUMMARIES, cli
from fleet.schema import upgrade

HEAVY = ("pandas", "numpy", "sqlalchemy", "alembic", "openpyxl", "xlsxwriter", "textual")

_PROBE = """
import json, sys
from cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_lists_every_command_with_its_own_summary() -> None:
    assert set(SUMMARIES) == set(COMMANDS)
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        first = (command.short_help or command.help or "").split("\n\n")[0]
        assert SUMMARIES[name] == " ".join(first.split()), name


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help") & set(HEAVY) == set()


def test_footprint_imports_neither_alembic_nor_a_workbook_or_ui_library(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'start.db'}"
    upgrade(url, backup=False)
    loaded = _loaded("--db", url, "footprint", "--format", "json")
    assert {"pandas", "sqlalchemy"} <= loaded
    assert loaded & {"alembic", "openpyxl", "xlsxwriter", "textual"} == set()
