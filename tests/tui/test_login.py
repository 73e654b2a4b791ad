"""A served session on PostgreSQL connects with the login its user types (``tui --ask-login``).

Runs on the test PostgreSQL server (``ECOPARC_TEST_POSTGRES_URL``): a wrong
login is refused in one line and the dialog stays (an unknown role: the CI
server trusts any password); the right one opens the
dashboard on a URL carrying that login, and the header never shows the password.
"""

from __future__ import annotations

import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from sqlalchemy.engine import make_url
from textual.widgets import Input, Static
from tui_support import SIZE, settle

from fleet.db import dispose_engines
from fleet.schema import upgrade
from services.settings import Settings
from tui.app import make_app
from tui.dialogs.login import LoginDialog, with_login
from tui.screens.dashboard import DashboardScreen


def test_the_typed_login_replaces_the_servers() -> None:
    url = with_login("postgresql://serveur:secret@db.example/ecoparc", "agent", "p@ss:word")
    parsed = make_url(url)
    assert (parsed.username, parsed.password, parsed.database) == ("agent", "p@ss:word", "ecoparc")
    assert parsed.drivername == "postgresql+psycopg"


@pytest.mark.slow
@pytest.mark.skipif(POSTGRES_URL is None, reason="ECOPARC_TEST_POSTGRES_URL non défini")
async def test_a_session_logs_in_with_its_users_own_login() -> None:
    url, name = fresh_postgres_database()
    try:
        upgrade(url, backup=False)
        real = make_url(url)
        anonymous = real.set(username=None, password=None).render_as_string(hide_password=False)
        app = make_app(Settings(db_url=anonymous, lang="fr", actor="test"), login=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, LoginDialog)
            dialog.query_one("#login-user", Input).value = "nobody_at_all"
            dialog.query_one("#login-password", Input).value = "wrong password"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            assert "Connexion refusée" in str(dialog.query_one("#login-status", Static).content)

            dialog.query_one("#login-user", Input).value = str(real.username)
            dialog.query_one("#login-password", Input).value = str(real.password)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert make_url(app.settings.db_url).username == real.username
            assert f":{real.password}@" not in app.sub_title and ":***@" in app.sub_title
    finally:
        dispose_engines()
        drop_postgres_database(name)
