"""A PostgreSQL test database with persons' logins, for the row-level security tests.

Roles belong to the whole cluster, so every login is named after the test database
(``<database>_<role>``; tests/databases.py drops them with it). The logins connect
without a password: the test server trusts 127.0.0.1 (a real site uses .pgpass,
docs/administration.md).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from ecoparc_cli import Ran, ecoparc
from sqlalchemy.engine import make_url

PASSWORD = "un mot de passe assez long"


def ok(ran: Ran) -> Ran:
    """``ran``, after checking the command succeeded (its stderr otherwise)."""
    assert ran.returncode == 0, ran.stderr
    return ran


@dataclass(frozen=True)
class Shared:
    """One test database: the owner's URL, and each login reached by its role's name."""

    owner_url: str
    database: str

    def login(self, role: str) -> str:
        return f"{self.database}_{role}"

    def url(self, role: str) -> str:
        """The application's URL for a login (no password)."""
        parsed = make_url(self.owner_url)
        return parsed.set(username=self.login(role), password=None).render_as_string(
            hide_password=False
        )

    def as_login(self, role: str, *args: str, input: str | None = None) -> Ran:
        return ecoparc("--db", self.url(role), *args, input=input)

    def create_logins(self, grants: dict[str, tuple[str | None, str]]) -> None:
        """Create a login per role, as the owner, and give it its (entity, level);
        entity None is every entity (a métropole administrator or an auditor)."""
        for role, (entity, level) in grants.items():
            owner = ("--db", self.owner_url, "access")
            ok(ecoparc(*owner, "create-login", self.login(role), input=PASSWORD + "\n"))
            where = ("--entity", entity) if entity is not None else ()
            ok(ecoparc(*owner, "grant", self.login(role), *where, "--level", level))

    def psql(self, role: str, sql: str) -> subprocess.CompletedProcess[str]:
        """Raw SQL through ``psql`` as a login (or as the owner for ``owner``)."""
        parsed = make_url(self.owner_url)
        user = parsed.username if role == "owner" else self.login(role)
        env = {**os.environ, "PGPASSWORD": parsed.password or "", "PGCONNECT_TIMEOUT": "5"}
        if role != "owner":
            env.pop("PGPASSWORD")
        return subprocess.run(
            [
                "psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1",
                "-h", str(parsed.host), "-p", str(parsed.port), "-U", str(user),
                "-d", self.database, "-c", sql,
            ],
            capture_output=True, text=True, env=env, timeout=30, check=False,
        )  # fmt: skip

    def value(self, role: str, sql: str) -> str:
        done = self.psql(role, sql)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()
