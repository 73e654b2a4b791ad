"""Where the database is and which language to speak, from flags, environment
and platform defaults (in that order)."""

from __future__ import annotations

import getpass
import locale
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

LANGUAGES = ("fr", "en")


def default_db_url() -> str:
    """A SQLite file in the user's data directory, like any desktop tool."""
    path = Path(user_data_dir("ecoparc", appauthor=False)) / "ecoparc.db"
    return f"sqlite:///{path}"


def default_lang() -> str:
    """French unless the locale clearly says English: the users are French."""
    for var in ("ECOPARC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "en" if code.lower().startswith("en") else "fr"


def os_user() -> str:
    """The operating-system account running ecoparc: the account's own name where the
    system has one (the process's uid, not an environment variable), else what
    ``getpass`` finds (Windows)."""
    try:
        import pwd
    except ImportError:
        return getpass.getuser()
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # no name for this uid (a bare container)
        return f"uid-{os.getuid()}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    lang: str = "fr"
    actor: str = "ecoparc"

    @classmethod
    def resolve(cls, db: str | None, lang: str | None) -> Settings:
        url = db or os.environ.get("ECOPARC_DB") or default_db_url()
        # The actor is the operating-system user on SQLite (the file's permissions are
        # the boundary) and is overwritten by the login on PostgreSQL: nothing the
        # client claims (docs/administration.md, « Qui a fait quoi »).
        return cls(db_url=url, lang=lang or default_lang(), actor=os_user())
