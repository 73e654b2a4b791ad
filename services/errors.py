"""The one error type a use case raises for a person to read, and the one way a
file a person named is written (:func:`writing`).

Its message is one French sentence about the data or the request, never about
an interface (no "run ``ecoparc …``", no key to press): the command line prints
it and exits, the TUI shows it in a notification, each face adds its own hint.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factors.outputs import OutputPathError, check_output_path, write_refusal


class ServiceError(ValueError):
    """A refused request. ``usage`` is True when the request itself is malformed
    (unreadable file, contradictory options: exit 2 on the command line), False
    when the data refuses it (unknown name, missing record: exit 1)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


class Busy(ServiceError):
    """Another writer kept the database longer than the request agreed to wait
    (docs/database.md, « Écritures simultanées »); nothing was written. A face may
    add how to wait longer (the command line's ``--lock-timeout``)."""


@contextmanager
def writing(target: Path | str, *, checked: bool = True) -> Iterator[Path]:
    """Write a file a person named, refusing in their words what cannot be written.

    The target is checked first (factors.outputs.check_output_path: its folder exists
    and takes files, it is no folder itself); a write the system then refuses (a
    folder that turns out read-only, a full disk) becomes the same kind of line
    (factors.outputs.write_refusal), never Python's English « [Errno 13] Permission
    denied ». Either is a ServiceError with ``usage`` set (exit 2: the file asked
    for cannot be written). The writers go through factors.outputs.atomic_path, so
    a refused write leaves nothing half-written. ``checked=False`` is for a writer
    that makes its folders itself (NumEcoEval's folder, a factor set's): only the
    write's refusals are worded.
    A closed pipe is no refusal of the file: it passes (the command line stops
    quietly on it)."""
    path = Path(target)
    try:
        if checked:
            check_output_path(path)
        yield path
    except OutputPathError as exc:
        raise ServiceError(str(exc), usage=True) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise ServiceError(write_refusal(path, exc), usage=True) from None
