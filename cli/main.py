"""The ``ecoparc`` command: bare, it opens the TUI; subcommands run headless.

Subcommand groups are imported only when invoked, so ``ecoparc entity list``
starts fast and never loads Textual.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from tui.settings import LANGUAGES, Settings

from .runtime import Runtime

#: name → "module:attribute" of each subcommand, loaded on demand.
COMMANDS: dict[str, str] = {
    "init": "cli.db:init_command",
    "db": "cli.db:db_group",
    "entity": "cli.entity:entity_group",
    "import": "cli.importing:import_command",
    "devices": "cli.devices:devices_group",
    "factors": "cli.factors:factors_group",
    "footprint": "cli.footprint:footprint_command",
    "explain": "cli.footprint:explain_command",
    "report": "cli.report:report_group",
    "reuse": "cli.reuse:reuse_group",
    "export": "cli.export:export_group",
    "scenario": "cli.scenario:scenario_group",
    "tui": "cli.app:tui_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help="Base de données (sqlite:///fichier.db ou postgresql+psycopg://…); "
    "défaut : $ECOPARC_DB, sinon un fichier SQLite dans le dossier de données.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Langue (défaut : selon la locale).")
@click.version_option(package_name="ecoparc")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """ecoparc — empreinte environnementale et gestion du parc informatique."""
    ctx.obj = Runtime(Settings.resolve(db, lang))
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "tui"))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="ecoparc")
