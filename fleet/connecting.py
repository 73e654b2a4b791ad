"""What the faces set or read about the database before any is opened — without
SQLAlchemy, so that a command served by the footprint's quick start
(:mod:`fleet.snapshot`) never imports it (docs/performance.md, « Démarrage rapide »)."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

#: Seconds a writer waits for another one by default.
DEFAULT_LOCK_TIMEOUT = 60.0

#: Seconds to wait for a PostgreSQL server to answer a connection, unless the URL
#: (``?connect_timeout=N``) or libpq's ``PGCONNECT_TIMEOUT`` says otherwise. Without
#: it, a server behind a firewall that drops packets silently made a command wait
#: for the system's TCP give-up (over two minutes), twice when the footprint's quick
#: start then let the unit of work try (docs/administration.md, « Se connecter »).
CONNECT_TIMEOUT = 10


def connect_timeout(url: str) -> int | None:
    """The ``connect_timeout`` to give libpq for ``url``: :data:`CONNECT_TIMEOUT`,
    or None when the URL or the environment sets one (theirs holds)."""
    query = parse_qs(urlsplit(url).query)
    if "connect_timeout" in query or os.environ.get("PGCONNECT_TIMEOUT"):
        return None
    return CONNECT_TIMEOUT


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
