"""Ask a browser session's user for their PostgreSQL login (``ecoparc serve``).

A served session must not borrow the server's own database account: it connects
with the login its user types, so PostgreSQL's access rules apply to each person
as in the terminal (docs/serve.md). The password lives only in this process's
memory and never reaches the header (``database_label`` hides it).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ..i18n import register_messages, t
from ..screens.base import EcoModal

register_messages(
    {
        "login.title": "Connexion à la base {database}",
        "login.user": "Identifiant",
        "login.password": "Mot de passe",
        "login.connect": "Se connecter",
        "login.refused": "Connexion refusée : {reason}",
    },
    {
        "login.title": "Log in to the database {database}",
        "login.user": "Login",
        "login.password": "Password",
        "login.connect": "Log in",
        "login.refused": "Connection refused: {reason}",
    },
)


def with_login(url: str, user: str, password: str) -> str:
    """``url`` with the user's login in place of the server's (if it had one)."""
    from sqlalchemy.engine import make_url

    from fleet.db import normalise_url

    parsed = make_url(normalise_url(url)).set(username=user, password=password)
    return parsed.render_as_string(hide_password=False)


def check_login(url: str) -> str | None:
    """None when the database accepts the login and its schema is current, else why not."""
    from sqlalchemy.exc import SQLAlchemyError

    from fleet.schema import SchemaError, require_current

    try:
        require_current(url)
    except SchemaError as exc:
        return str(exc)
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return first[0] if first else type(exc).__name__
    return None


class LoginDialog(EcoModal):
    """Returns the database URL with the user's login once the database accepted it."""

    def __init__(self, url: str, database: str) -> None:
        super().__init__()
        self._url = url
        self._database = database

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("login.title", database=self._database), classes="dialog-title")
            yield Label(t("login.user"))
            yield Input(id="login-user")
            yield Label(t("login.password"))
            yield Input(password=True, id="login-password")
            yield Static("", id="login-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("login.connect"), variant="primary", id="login-ok")

    def on_mount(self) -> None:
        self.query_one("#login-user", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#login-ok")
    def _submit(self) -> None:
        user = self.query_one("#login-user", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not user:
            self.query_one("#login-user", Input).focus()
            return
        self._try(with_login(self._url, user, password))

    @work(thread=True, exclusive=True)
    def _try(self, url: str) -> None:
        reason = check_login(url)
        if reason is None:
            self.app.call_from_thread(self.dismiss, url)
        else:
            self.app.call_from_thread(
                self.query_one("#login-status", Static).update,
                t("login.refused", reason=reason),
            )
