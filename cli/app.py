"""``ecoparc tui`` (and bare ``ecoparc``): the Textual application, imported only here."""

from __future__ import annotations

import sys

import click

from .runtime import EXIT_USAGE, Runtime, fail, pass_runtime, unforeseen


@click.command("tui")
@click.option(
    "--ask-login",
    is_flag=True,
    hidden=True,
    help="Demander l'identifiant de la base au démarrage (sessions d'« ecoparc serve »).",
)
@pass_runtime
def tui_command(rt: Runtime, ask_login: bool) -> None:
    """Ouvrir l'interface en mode texte."""
    if not ask_login:  # with a login, the dialog checks the schema once connected
        rt.require_schema()
    from tui.terminal import NO_TERMINAL, has_terminal

    if not has_terminal():
        fail(NO_TERMINAL, EXIT_USAGE)
    from tui.app import make_app

    app = make_app(rt.settings, login=ask_login)
    app.run()
    if app.unforeseen is not None:
        unforeseen(app.unforeseen, ["tui"])
    sys.exit(app.return_code or 0)
