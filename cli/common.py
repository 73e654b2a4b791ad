"""What several commands share: the same options spelt once, the parsing of
``--accounting-years``, and the rules for output files.

One definition per option keeps ``--entity``, ``--factors`` or ``-o`` meaning the
same thing (name, metavar, help, exit codes) in every command that takes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pandas as pd
from click.core import ParameterSource

from factors.builtin import BUILTIN_NAME
from factors.outputs import OutputPathError, check_output_path, json_text, write_text
from factors.text import json_safe, parse_decimal
from factors.vocabulary import CATEGORIES, METHODS
from fleet.connecting import DEFAULT_LOCK_TIMEOUT
from services.errors import writing as services_writing
from services.footprint import Accounting

from .runtime import EXIT_USAGE, emit_json, fail, refusals, tell

Decorator = Callable[[Any], Any]

ENTITY_OPTION: Decorator = click.option(
    "--entity", "entities", multiple=True, metavar="NAME", help="Entité (répétable)."
)
FACTORS_OPTION: Decorator = click.option(
    "--factors",
    "factors_name",
    metavar="SET",
    help=f"Jeu de facteurs : nom enregistré ou dossier/xlsx (défaut : {BUILTIN_NAME}).",
)
METHOD_OPTION: Decorator = click.option(
    "--method",
    type=click.Choice(METHODS),
    default="annualized",
    show_default=True,
    help="Méthode comptable (voir docs/method.md).",
)
ELECTRICITY_OPTION: Decorator = click.option(
    "--electricity",
    type=click.FloatRange(min=0),
    help="Facteur d'électricité imposé, en kg CO2e/kWh (défaut : celui du jeu).",
)
ACCOUNTING_OPTION: Decorator = click.option(
    "--accounting-years",
    "accounting",
    multiple=True,
    metavar="[CAT=]ANS",
    help="Période comptable de la méthode amortized : 4 (toutes catégories) "
    "ou laptop=4 (répétable ; défaut 5 ans).",
)


def year_option(default: Callable[[], int], show_default: str, help: str) -> Decorator:
    """``--year``: the footprint defaults to this year, the reports to the last full one."""
    return click.option(
        "--year",
        type=click.IntRange(1990, 2100),
        default=default,
        show_default=show_default,
        help=help,
    )


def _checked_output(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Any:
    """Refuse (exit 2) an output the command could not write, before it does any work."""
    if value is not None:
        try:
            check_output_path(value)
        except OutputPathError as exc:
            fail(f"-o {exc}", EXIT_USAGE)
    return value


def output_option(help: str = "Fichier.", required: bool = False) -> Decorator:
    """``-o/--output FILE``, checked when the command line is read (folder exists and is
    writable, not a folder, not a device); written through :mod:`factors.outputs`."""
    return click.option(
        "-o",
        "--output",
        required=required,
        type=click.Path(path_type=Path),
        callback=_checked_output,
        help=help,
    )


def parse_accounting_years(values: Sequence[str]) -> tuple[dict[str, float], float | None]:
    """``CATEGORY=YEARS`` pairs and an optional bare ``YEARS`` (the default period)."""
    periods: dict[str, float] = {}
    default: float | None = None
    for value in values:
        category, _, years = value.rpartition("=")
        try:
            number = parse_decimal(years)
        except (ValueError, OverflowError):
            raise click.BadParameter(f"durée invalide : « {value} »") from None
        if number <= 0:
            raise click.BadParameter(f"durée invalide : « {value} »")
        if not category:
            default = number
        elif category not in CATEGORIES:
            raise click.BadParameter(f"catégorie inconnue : « {category} »")
        else:
            periods[category] = number
    return periods, default


def accounting_periods(values: Sequence[str]) -> Accounting:
    """``--accounting-years`` as the use cases take it (the engine's own default
    period stays when no bare number is given)."""
    periods, default = parse_accounting_years(values)
    if default is None:
        return Accounting(periods)
    return Accounting(periods, default)


def records(frame: pd.DataFrame, keys: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of ``frame`` (the ``keys`` columns, in that order; all by default) as
    :func:`~factors.text.json_safe` dicts, for ``--format json`` and the text table."""
    keys = list(frame.columns) if keys is None else list(keys)
    columns = [frame[k].tolist() for k in keys]
    return [
        {k: json_safe(v) for k, v in zip(keys, values, strict=True)}
        for values in zip(*columns, strict=True)
    ]


def output_format(fmt: str, output: Path | None, table_to_file: bool = False) -> str:
    """The format to write, checked before any work (exit 2).

    Without ``--format``, the ``-o`` file's extension chooses it (``-o bilan.xlsx``
    writes a workbook, not text in a file named .xlsx). A workbook cannot go to the
    terminal; a command that has no file form of its table (``table_to_file``
    False) refuses ``-o`` with it rather than ignore the file."""
    ctx = click.get_current_context()
    if output is not None and ctx.get_parameter_source("fmt") is ParameterSource.DEFAULT:
        choices = next(
            (
                p.type.choices
                for p in ctx.command.params
                if p.name == "fmt" and isinstance(p.type, click.Choice)
            ),
            (),
        )
        suffix = output.suffix.lower().lstrip(".")
        if suffix in choices:
            fmt = suffix
    if fmt == "xlsx" and output is None:
        fail("le format xlsx demande un fichier de sortie (-o FICHIER.xlsx)", EXIT_USAGE)
    if fmt == "table" and output is not None and not table_to_file:
        fail(
            f"-o {output} : précisez le format du fichier (--format, ou l'extension "
            ".csv, .json ou .xlsx)",
            EXIT_USAGE,
        )
    return fmt


@contextmanager
def writing(target: Path | None, *, checked: bool = True) -> Iterator[None]:
    """Write ``target`` as every face does (:func:`services.errors.writing`): a file
    that cannot be written is one line naming it, exit 2. Without a target the
    output is the standard output: a closed one (``ecoparc … | head``) is left to
    :func:`cli.runtime.reader_gone`."""
    if target is None:
        yield
        return
    with refusals(), services_writing(target, checked=checked):
        yield


def echo_workbook_written(output: Path, lang: str) -> None:
    click.echo(f"Classeur écrit : {output}" if lang == "fr" else f"Workbook written: {output}")


def emit_document(
    fmt: str,
    output: Path | None,
    lang: str,
    document: Callable[[], Any],
    write_workbook: Callable[[Path], None],
) -> bool:
    """Write the ``xlsx`` or ``json`` form of a result (json to stdout without ``-o``).

    Returns False when ``fmt`` asks for the text table, which each command prints
    its own way; the two file forms are the same for every command that has them."""
    if fmt == "xlsx":
        assert output is not None  # output_format() refused xlsx without a file
        with writing(output):
            write_workbook(output)
        echo_workbook_written(output, lang)
        return True
    if fmt == "json":
        if output is None:
            emit_json(document())
        else:
            with writing(output):
                write_text(output, json_text(document()))
        return True
    return False


#: How long a writer waits for another one (imports and bulk changes, docs/database.md).
LOCK_TIMEOUT_OPTION = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    envvar="ECOPARC_LOCK_TIMEOUT",
    help="Secondes d'attente si une autre écriture occupe la base.",
)


def say_waiting(message: str) -> None:
    """Tell the person, once, that the command waits for another writer."""
    tell(f"ecoparc : {message}", err=True)
