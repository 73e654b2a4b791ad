"""What the faces set or read about the database before any is opened — without
SQLAlchemy, so that a command served by the footprint's quick start
(:mod:`fleet.snapshot`) never imports it (docs/performance.md, « Démarrage rapide »)."""

from __future__ import annotations

from collections.abc import Callable

#: Seconds a writer waits for another one by default.
DEFAULT_LOCK_TIMEOUT = 60.0

#: Asks a person for a PostgreSQL password (the masked URL in hand), or None where
#: nobody can answer. Set by the command line at a terminal (docs/administration.md,
#: « Se connecter »): the password never has to be written in the URL.
_password_prompt: Callable[[str], str] | None = None


def set_password_prompt(prompt: Callable[[str], str] | None) -> None:
    global _password_prompt
    _password_prompt = prompt


def password_prompt() -> Callable[[str], str] | None:
    """The prompt :func:`set_password_prompt` set, read when a connection asks."""
    return _password_prompt
