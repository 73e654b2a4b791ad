"""The one error type a use case raises for a person to read.

Its message is one French sentence about the data or the request, never about
an interface (no "run ``ecoparc …``", no key to press): the command line prints
it and exits, the TUI shows it in a notification, each face adds its own hint.
"""

from __future__ import annotations


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
