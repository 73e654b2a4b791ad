"""``ecoparc tui`` (and bare ``ecoparc``): the Textual application, imported only here."""

from __future__ import annotations

import sys

import click

from .runtime import Runtime, pass_runtime


@click.command("tui")
@pass_runtime
def tui_command(rt: Runtime) -> None:
    """Ouvrir l'interface en mode texte."""
    rt.require_schema()
    from tui.app import make_app

    app = make_app(rt.settings)
    app.run()
    sys.exit(app.return_code or 0)
