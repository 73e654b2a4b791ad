"""The Textual application and its factory (the CLI and the tests build it the same way).

The app owns the frame around the screens: the header (database and entity
scope), the footer (keys), help, language and quitting. Each screen of
:data:`tui.screens.SCREENS` becomes a mode switched to with its single key; see
that module to add one. Shared state and cached data live in
:class:`tui.context.AppContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.engine import make_url
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import AwaitMount

from fleet.db import normalise_url
from services.settings import Settings

from .context import AppContext
from .i18n import register_messages, said, set_language, t
from .screens import SCREENS, ScreenEntry
from .screens.base import EcoModal, EcoScreen
from .widgets import textual_fixes

textual_fixes.apply()


def database_label(url: str) -> str:
    """The database as the header shows it: the SQLite path, or the URL without password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _screen_factory(entry: ScreenEntry) -> Callable[[], Screen[None]]:
    """Builds the screen on first visit, importing its module only then."""
    return lambda: entry.load()()


register_messages(
    {f"screen.{e.name}": e.title_fr for e in SCREENS},
    {f"screen.{e.name}": e.title_en for e in SCREENS},
)


class EcoparcApp(App[None]):
    TITLE = "ecoparc"
    CSS_PATH = "styles/app.tcss"
    #: A small SSH terminal (100 columns) gets tighter filter rows (``Screen.-narrow`` in the CSS).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    #: A 24-line terminal gets shorter panels: charts shrink or hide, forms scroll
    #: (``Screen.-short`` in the CSS); below 40 lines (``-mid``) the dashboard keeps
    #: its two bar charts and drops the yearly one, which would leave them one bar.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-mid"), (40, "-tall")]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "app.quit", priority=True),
        Binding("question_mark", "help", "app.help"),
        # F1 too: « ? » is a character in a text field, F1 opens the help from there.
        Binding("f1", "help", "app.help", key_display="F1"),
        *(
            Binding(e.key, f"switch_mode('{e.name}')", f"screen.{e.name}", show=True)
            for e in SCREENS
        ),
        Binding("l", "toggle_language", "app.language"),
    ]

    def __init__(self, settings: Settings, today: date | None = None, login: bool = False) -> None:
        set_language(settings.lang)
        super().__init__()
        self.settings = settings
        #: Ask for the database login before any screen reads (``ecoparc serve`` on PostgreSQL).
        self.login = login
        self.ctx = AppContext(settings, today)
        for entry in SCREENS:
            self.add_mode(entry.name, _screen_factory(entry))
        self.update_header()

    #: The exception a screen did not foresee (a bug), once the app closed on it.
    unforeseen: Exception | None = None

    def _fatal_error(self) -> None:
        """Close on an exception nobody foresaw without printing Textual's trace (with
        its local variables: data from the fleet) on the terminal: the launcher says
        it in one line and writes the report (services.crash). ``ECOPARC_DEBUG=1``
        keeps Textual's own ending (developers, the test suite)."""
        from services.crash import debugging

        if debugging() or self._exception is None:
            super()._fatal_error()
            return
        self.unforeseen = self._exception
        self.bell()
        self._close_messages_no_wait()

    def clear_selection(self) -> None:
        """Clear the text selection of the active screen, if there is one yet. A text
        field built with a value clears the selection at once; while a screen is
        composed for a mode switched to in a burst of keys, its mode has no screen
        on its stack yet, and Textual's own method raised (``ScreenStackError``),
        closing the interface."""
        try:
            super().clear_selection()
        except ScreenStackError:
            pass

    def on_mount(self) -> None:
        if self.login:
            from .dialogs.login import LoginDialog

            database = database_label(self.settings.db_url)
            self.push_screen(LoginDialog(self.settings.db_url, database), self._logged_in)
            return
        self.switch_mode(SCREENS[0].name)

    def _logged_in(self, url: str | None) -> None:
        """Work on the database as the user who logged in (no login given: leave)."""
        if url is None:
            self.exit()
            return
        from dataclasses import replace

        self.settings = replace(self.settings, db_url=url)
        self.ctx.settings = self.settings
        self.update_header()
        self.switch_mode(SCREENS[0].name)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another screen; one already built catches up with what the others
        changed meanwhile (new entities, a changed fleet: EcoScreen.catch_up)."""
        mounted = super().switch_mode(mode)
        screen = self.screen
        if isinstance(screen, EcoScreen) and screen.is_mounted:
            screen.call_after_refresh(screen.catch_up)
        return mounted

    def update_header(self) -> None:
        scope = self.ctx.entity or t("app.scope_all")
        self.sub_title = t("app.header", db=database_label(self.settings.db_url), scope=scope)

    def eco_screens(self) -> list[EcoScreen]:
        """The screens built so far, whichever mode they belong to."""
        return [
            screen
            for stack in self._screen_stacks.values()
            for screen in stack
            if isinstance(screen, EcoScreen)
        ]

    def open_dialogs(self) -> list[EcoModal]:
        """The dialogs open on any mode's screens (the help, a dialog left open when
        the person switched to another screen)."""
        return [
            screen
            for stack in self._screen_stacks.values()
            for screen in stack
            if isinstance(screen, EcoModal)
        ]

    def set_scope(self, entity: str | None, source: EcoScreen | None = None) -> None:
        """Change the app-wide entity scope and tell the other screens."""
        if entity == self.ctx.entity:
            return
        self.ctx.entity = entity
        self.update_header()
        for screen in self.eco_screens():
            if screen is not source:
                screen.scope_changed()

    def action_help(self) -> None:
        from .dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpDialog(self.screen))

    async def action_toggle_language(self) -> None:
        await self.switch_language("en" if self.settings.lang == "fr" else "fr")

    async def switch_language(self, lang: str) -> None:
        from dataclasses import replace

        set_language(lang)
        self.settings = replace(self.settings, lang=lang)
        relabelled: list[EcoScreen | EcoModal] = [*self.eco_screens(), *self.open_dialogs()]
        for screen in relabelled:
            screen.call_later(screen.relabel)
        self.update_header()

    def report_error(self, error: BaseException | str) -> None:
        """Show a failure as a readable message, in the interface's language (a refusal
        of the use cases is written in French: :func:`tui.i18n.said`); the app keeps
        running."""
        self.notify(t("app.error", message=said(error)), severity="error", timeout=8)


def make_app(settings: Settings, today: date | None = None, login: bool = False) -> EcoparcApp:
    """The app for ``settings``; ``today`` fixes the reference date (tests, snapshots);
    ``login`` asks for the database login first."""
    return EcoparcApp(settings, today, login)
