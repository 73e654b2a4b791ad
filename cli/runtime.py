"""What every command receives: settings, the database, and output helpers.

Commands stay thin: they parse options, open a unit of work with
:meth:`Runtime.session`, call a service in ``fleet`` or ``footprint`` and print.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from factors.messages import in_language
from factors.outputs import json_text
from services.crash import EXIT_INTERNAL, debugging, unforeseen_message
from services.errors import Busy, ServiceError
from services.settings import Settings

if TYPE_CHECKING:  # the database layer is imported by the commands that use it
    from sqlalchemy import Engine

    from services.uow import UnitOfWork

#: Exit codes of the command-line contract (docs/architecture.md §6).
EXIT_REJECTED = 1
EXIT_USAGE = 2
#: ``import --strict``: rows were rejected, so nothing was imported (docs/import.md).
EXIT_STRICT_REJECTS = 3


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._schema_checked = False

    @property
    def engine(self) -> Engine:
        from fleet.db import get_engine

        return get_engine(self.settings.db_url)

    @contextmanager
    def uow(self, check_schema: bool = True) -> Iterator[UnitOfWork]:
        """A unit of work for a use case (it commits when the use case says so);
        a refusal inside it is printed and exits (:func:`refusals`)."""
        from services.uow import UnitOfWork

        if check_schema:
            self.require_schema()
        with refusals(), UnitOfWork(self.settings.db_url) as uow:
            yield uow

    @contextmanager
    def uow_if_ready(self) -> Iterator[UnitOfWork | None]:
        """A unit of work when the database exists with a current schema, else None:
        for the commands that need no database (built-in factor sets) but read it
        when there is one (model aliases). An absent SQLite file is not created."""
        from fleet.db import sqlite_path
        from fleet.schema import SchemaError, require_current

        path = sqlite_path(self.settings.db_url)
        ready = path is None or path.exists()
        if ready:
            try:
                require_current(self.settings.db_url)
            except SchemaError:
                ready = False
        if not ready:
            with refusals():
                yield None
            return
        with self.uow(check_schema=False) as uow:
            yield uow

    def require_schema(self) -> None:
        if self._schema_checked:
            return
        from fleet.schema import SchemaError, require_current

        try:
            require_current(self.settings.db_url)
        except SchemaError as exc:
            fail(str(exc), EXIT_REJECTED)
        self._schema_checked = True


pass_runtime = click.make_pass_decorator(Runtime)

#: The exit status of a Unix tool stopped by a closed pipe (128 + SIGPIPE), as the
#: shell reports ``seq 1000000 | head -1``; 1 where the system has no SIGPIPE.
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1


def reader_gone() -> NoReturn:
    """The reader of the standard output went away (``ecoparc footprint | head -3``):
    stop quietly, like any Unix tool — no message, no traceback. What is still
    buffered for stdout goes to the null device, so that Python's own flush at exit
    does not fail again (docs/architecture.md §6)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno() if sys.__stdout__ is not None else 1)
    except (OSError, ValueError):  # no file descriptor behind stdout (a test runner)
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def fail(message: str, code: int = EXIT_REJECTED) -> NoReturn:
    """Print an error (a French message, :func:`said` in the command's language) on
    stderr and leave with the contract's exit code."""
    prefix = "ecoparc : erreur : " if current_lang() == "fr" else "ecoparc: error: "
    click.echo(f"{prefix}{said(message)}", err=True)
    sys.exit(code)


def unforeseen(exc: Exception, command: list[str]) -> NoReturn:
    """End a command that failed in a way no rule describes (a bug): one line that
    says so and names the report holding the trace (:mod:`services.crash`), exit code
    :data:`EXIT_INTERNAL`. ``ECOPARC_DEBUG=1`` lets the exception through instead
    (developers, the test suite)."""
    if debugging():
        raise exc
    fail(unforeseen_message(exc, command), EXIT_INTERNAL)


def said(message: str) -> str:
    """A French message in the running command's language (:mod:`factors.messages`:
    one catalogue, keyed by the French text)."""
    return in_language(message, current_lang())


def tell(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a message for a person (a French text, worded by :func:`said`); data —
    tables, JSON, CSV — goes out through ``click.echo`` as it is."""
    click.echo(said(message), err=err, nl=nl)


@contextmanager
def refusals(suffix: str = "") -> Iterator[None]:
    """A use case's refusal (:class:`services.errors.ServiceError`) becomes one
    French line on stderr and the contract's exit code (2 for a malformed request)."""
    try:
        yield
    except Busy as exc:  # the commands that wait for a writer take --lock-timeout
        fail(f"{said(str(exc))} {said('(ou attendez plus longtemps avec --lock-timeout)')}")
    except ServiceError as exc:
        fail(said(str(exc)) + said(suffix), EXIT_USAGE if exc.usage else EXIT_REJECTED)


def _json_default(value: Any) -> Any:
    """Dates and numpy scalars as JSON has them; anything else is a programming error."""
    from factors.text import json_safe  # pandas: only once a command has data to print

    safe = json_safe(value)
    if safe is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return safe


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else (the scripts' contract): strict JSON,
    a missing or infinite number is ``null``, never ``NaN`` nor ``Infinity``."""
    click.echo(json_text(document, default=_json_default))


def current_lang() -> str:
    """The language of the running command (``--lang``, else the locale's)."""
    ctx = click.get_current_context(silent=True)
    runtime = ctx.find_object(Runtime) if ctx is not None else None
    return runtime.settings.lang if runtime is not None else Settings.resolve(None, None).lang


def emit_table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> None:
    """A plain aligned text table for people at a terminal, in their language: the
    headings and the vocabulary codes of the cells worded by :mod:`footprint.labels`
    (the JSON output keeps the keys and codes, for scripts)."""
    from footprint.labels import column_label, value_label

    lang = current_lang()
    if not rows:
        click.echo("(aucune ligne)" if lang == "fr" else "(no rows)")
        return
    columns = columns or list(rows[0])
    headings = [column_label(c, lang) for c in columns]
    cells = [[_cell(value_label(c, r.get(c), lang), lang) for c in columns] for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headings)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def emit_fields(fields: dict[str, Any]) -> None:
    """One record as « heading  value » lines (``devices show``, ``factors show``),
    worded like :func:`emit_table`; empty fields are left out."""
    from footprint.labels import column_label, value_label

    lang = current_lang()
    shown = {
        column_label(k, lang): _cell(value_label(k, v, lang), lang)
        for k, v in fields.items()
        if v is not None and v != ""
    }
    width = max(map(len, shown), default=0)
    for heading, text in shown.items():
        click.echo(f"{heading.ljust(width)}  {text}")


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    """The rows of a ``list`` command: all their keys as JSON for ``--format json``
    (scripts), else only ``columns`` as a text table (people)."""
    if fmt == "json":
        emit_json(rows)
    else:
        emit_table(rows, columns)


def _cell(value: Any, lang: str) -> str:
    from factors.locale import format_number

    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value, lang)
    return str(value)


def format_option(
    *choices: str, default: str = "table", help: str = "Format de sortie."
) -> Callable[[Any], Any]:
    """``--format`` (parameter ``fmt``) with the formats a command can write."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


FORMAT_OPTION = format_option("table", "json")
