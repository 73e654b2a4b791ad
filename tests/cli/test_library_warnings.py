"""The command never shows a library's warning to its user (docs/architecture.md §6)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import warnings

    import click

    from cli.main import COMMANDS, main


    @click.command("warn-like-openpyxl")
    def warn_like_openpyxl() -> None:
        warnings.warn(
            "Data Validation extension is not supported and will be removed", UserWarning
        )
        click.echo("fini")


    COMMANDS["warn-like-openpyxl"] = "__main__:warn_like_openpyxl"
    main(["warn-like-openpyxl"])
    """
)


def test_library_warnings_never_reach_the_terminal() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "fini\n"
    assert done.stderr == ""
    # A developer who asks for them still gets them.
    shown = subprocess.run(
        [sys.executable, "-W", "default", "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert "Data Validation extension" in shown.stderr
