"""A quick start: heavy libraries are imported only by the commands that need them.

Checked on the modules a fresh interpreter has loaded after a command, not on a
clock (docs/performance.md; ``benchmarks/bench_record.py`` times it).
"""

from __future__ import annotations

import json
import os
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
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules(*args: str) -> set[str]:
    """Every module loaded by the command ``args``, by its full name."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _loaded(*args: str) -> set[str]:
    """The top-level packages loaded by the command ``args``."""
    return {m.split(".")[0] for m in _modules(*args)}


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


#: ecoparc modules only some commands need: the importer, the inventory's editing
#: rules, the TUI's workspace.
NOT_ON_THE_FOOTPRINT_PATH = ("fleet.importing", "fleet.lifecycle", "services.workspace")


def test_footprint_and_scenario_compare_start_without_the_importer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'start.db'}"
    upgrade(url, backup=False)
    for args in (
        ("footprint", "--format", "json"),
        ("scenario", "compare", "baseline", "extend-1", "--format", "json"),
    ):
        loaded = _modules("--db", url, *args)
        assert "footprint.engine" in loaded, args
        assert {m for m in loaded if m.startswith(NOT_ON_THE_FOOTPRINT_PATH)} == set(), args
        assert {m.split(".")[0] for m in loaded} & {"alembic", "openpyxl", "textual"} == set()


def test_numpy_takes_ordinary_pages_in_a_command() -> None:
    """cli.main sets numpy's huge-page policy before numpy is imported
    (docs/performance.md, « Mémoire neuve »); a value given by the person stays."""
    probe = (
        "import cli.main, numpy\n"
        "from numpy._core.multiarray import _get_madvise_hugepage\n"
        "print(_get_madvise_hugepage())"
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    for given, expected in ((None, "False"), ("1", "True")):
        if given is not None:
            env["NUMPY_MADVISE_HUGEPAGE"] = given
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        )
        assert done.stdout.strip() == expected


def test_the_reen_workbook_starts_without_the_tui_the_importer_or_the_annual_report(
    tmp_path: Path,
) -> None:
    """The annual report's scenarios and charts (matplotlib) and the TUI's workspace
    are loaded by the commands that use them, not by every ``report`` command."""
    url = f"sqlite:///{tmp_path / 'start.db'}"
    upgrade(url, backup=False)
    loaded = _modules("--db", url, "report", "reen", "-o", str(tmp_path / "reen.xlsx"))
    assert "footprint.indicators.reen" in loaded and "xlsxwriter" in loaded
    later = (*NOT_ON_THE_FOOTPRINT_PATH, "footprint.scenarios", "footprint.reports.annual_html")
    assert {m for m in loaded if m.startswith(later)} == set()
    assert {m.split(".")[0] for m in loaded} & {"alembic", "matplotlib", "textual"} == set()


def test_a_command_module_is_imported_without_collections_then_frozen() -> None:
    """The cycle collector is paused for a command's first import and back after
    it, the objects it made frozen out of its scans (docs/performance.md)."""
    probe = (
        "import gc, click\n"
        "from cli.main import cli\n"
        "before = gc.get_freeze_count()\n"
        "cli.get_command(click.Context(cli), 'footprint')\n"
        "print(gc.isenabled(), gc.get_freeze_count() > before + 100_000)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]


def test_footprint_on_a_fresh_columnar_copy_starts_without_the_database_layer(
    demo_copy: str,
) -> None:
    """The first footprint after a write reads the tables and writes the copy; the
    next ones are served by it with the standard library's sqlite3, without
    SQLAlchemy (services.footprint.quick_footprint), and print the same document.
    A refusal found there is still one French line and its exit code."""
    args = ("--db", demo_copy, "footprint", "--format", "json")
    assert "sqlalchemy" in _loaded(*args)
    assert _loaded(*args) & {"sqlalchemy", "alembic", "psycopg"} == set()
    printed = [
        subprocess.run([sys.executable, "-m", "cli", *args, *more], capture_output=True, text=True)
        for more in (
            (),
            ("--entity", "Grenoble"),
            ("--entity", "Nulle part"),
            ("--format", "table"),
        )
    ]
    whole, grenoble, unknown, table = printed
    # The table's provenance lines keep the sensitivity line (a second run of the
    # engine that JSON and CSV, which carry none, are spared).
    assert "Sensibilité : avec le jeu « constructeurs »" in table.stdout
    assert "constructeurs" not in whole.stdout
    assert whole.returncode == grenoble.returncode == 0
    assert json.loads(whole.stdout)["total"] != json.loads(grenoble.stdout)["total"]
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.startswith("ecoparc : erreur : entité inconnue : « Nulle part »")
    assert len(unknown.stderr.splitlines()) == 1
