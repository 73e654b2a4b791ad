"""The ``ecoparc`` command: bare, it opens the TUI; subcommands run headless.

Subcommand groups are imported only when invoked, so ``ecoparc entity list``
starts fast and never loads Textual.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import click

from fleet.connecting import set_password_prompt
from fleet.display import PrintableStream
from services.settings import LANGUAGES, Settings, default_lang

from . import click_words
from .runtime import EXIT_REJECTED, Runtime, fail, reader_gone, unforeseen

#: numpy's large arrays take fresh memory in ordinary 4 KiB pages, not transparent
#: huge pages: in a virtual machine, a huge page first touched costs milliseconds
#: (seconds of system time for a million-device footprint), and a command lives too
#: short for huge pages to pay back (docs/performance.md, « Mémoire neuve »). Read by
#: numpy when it is imported, which no module above does; a value already set stays.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

#: name → "module:attribute" of each subcommand, loaded on demand.
COMMANDS: dict[str, str] = {
    "access": "cli.access:access_group",
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
    "serve": "cli.serve:serve_command",
}


#: Each subcommand's one-line summary, so ``ecoparc --help`` lists them without
#: importing a single command module (a test checks they match the commands').
SUMMARIES: dict[str, str] = {
    "access": "Droits d'accès à une base PostgreSQL partagée : identifiants, droits par entité.",
    "db": "Schéma de la base : mise à jour, version, vérification.",
    "devices": "Appareils de l'inventaire.",
    "entity": "Entités : la métropole, les communes et leurs établissements.",
    "explain": "Détail du calcul de l'empreinte d'un équipement (n°, série ou inventaire).",
    "export": "Exporter l'inventaire vers d'autres outils.",
    "factors": "Jeux de facteurs d'émission : lister, consulter, importer, exporter, apparier.",
    "footprint": "Empreinte environnementale du parc pour une année.",
    "import": "Importer des inventaires (xlsx, ods, csv : GLPI, NumEcoEval, tableurs).",
    "init": "Créer ou mettre à jour la base ; --demo charge les données d'exemple.",
    "report": "Rapports réglementaires : REEN, AGEC, BEGES ; rapport annuel pour les élus.",
    "reuse": "Réemploi : sortie des appareils, orientation, effacement, remise, "
    "taux du décret 2023-266.",
    "scenario": "Scénarios d'achat : garder plus longtemps, acheter reconditionné, "
    "projeter le parc.",
    "serve": "Servir l'interface dans un navigateur web (textual-serve).",
    "tui": "Ouvrir l'interface en mode texte.",
}


class LazyGroup(click.Group):
    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Run the command line, with click's own words (usage errors, help headings)
        in the language of ``--lang`` or of the locale (:mod:`cli.click_words`)."""
        lang = click_words.language_of(sys.argv[1:] if args is None else args)
        click_words.speak(lang if lang in LANGUAGES else default_lang())
        return super().main(args, *rest, **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`SUMMARIES`, shortened as click does (click
        itself would import every command module to read its help)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        # A bare command carrying only the summary shortens it as click's own listing does.
        rows = [
            (n, click.Command(n, help=self._summary(ctx, n)).get_short_help_str(limit))
            for n in names
        ]
        with formatter.section(click_words.word("Commands")):
            formatter.write_dl(rows)

    def _summary(self, ctx: click.Context, name: str) -> str:
        """A command's summary; one missing from :data:`SUMMARIES` is read from the
        command itself (slower, and the start-up test says so)."""
        if name in SUMMARIES:
            return click_words.summary(SUMMARIES[name])
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit=1000) if command is not None else ""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(_command_module(module_name), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand with its output stripped of terminal control sequences
        (data may carry them; docs/database.md), and turn a database that cannot be
        used (locked, unreachable, not a database, no driver) into one French line;
        any other exception (a bug) also ends in one line, which names the report
        kept for the technical team (:func:`cli.runtime.unforeseen`)."""
        # The TUI draws with control sequences of its own (and cleans its cells itself).
        if next(iter(ctx._protected_args), "tui") == "tui":
            return super().invoke(ctx)
        words = [*ctx._protected_args, *ctx.args]  # the command, before click consumes it
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = PrintableStream(sys.stdout), PrintableStream(sys.stderr)
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            reader_gone()
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own ends (--help, a usage error, Ctrl-C): click words them
        except Exception as exc:
            from fleet.db import describe_error  # the database layer only when it failed

            runtime = ctx.obj
            message = (
                describe_error(exc, runtime.settings.db_url)
                if isinstance(runtime, Runtime)
                else None
            )
            if message is None:
                unforeseen(exc, words)
            fail(message, EXIT_REJECTED)
        finally:
            sys.stdout, sys.stderr = streams


def _command_module(name: str) -> ModuleType:
    """A command's module. Its first import (pandas, SQLAlchemy…: hundreds of
    thousands of objects, hardly any of them garbage) runs with the cycle collector
    paused, and what it made is then frozen out of the collector's later scans: the
    collections during that import cost about a sixth of a footprint's whole run
    (docs/performance.md, « Démarrage rapide »)."""
    if name in sys.modules:
        return sys.modules[name]
    collecting = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help="Base de données (sqlite:///fichier.db ou postgresql+psycopg://…); "
    "défaut : $ECOPARC_DB, sinon un fichier SQLite dans le dossier de données.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Langue (défaut : selon la locale).")
@click.version_option(package_name="ecoparc", help="Afficher la version et quitter.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """ecoparc — empreinte environnementale et gestion du parc informatique."""
    ctx.obj = Runtime(Settings.resolve(db, lang))
    if sys.stdin.isatty():
        set_password_prompt(_ask_password)
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "tui"))  # type: ignore[arg-type]


def _ask_password(where: str) -> str:
    """The password of a PostgreSQL login, asked at the terminal and never shown."""
    answer: str = click.prompt(f"Mot de passe pour {where}", hide_input=True, err=True)
    return answer


def quiet_library_warnings() -> None:
    """Keep the libraries' warnings (openpyxl's « Data Validation extension is not
    supported », pandas' deprecations…) off the terminal: they are English notes
    for developers, and a person using ecoparc reads French lines only
    (docs/architecture.md §6). A developer still gets them with ``python -W`` or
    ``PYTHONWARNINGS``."""
    if not sys.warnoptions:
        warnings.simplefilter("ignore")


def main(argv: list[str] | None = None) -> Any:
    quiet_library_warnings()
    return cli.main(args=argv, prog_name="ecoparc")
