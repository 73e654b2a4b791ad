"""The Textual application factory (the CLI and the tests build it the same way)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from .settings import Settings


class EcoparcApp(App[None]):
    TITLE = "ecoparc"
    BINDINGS = [("ctrl+q", "quit", "Quitter")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.sub_title = settings.db_url

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ecoparc", id="welcome")
        yield Footer()


def make_app(settings: Settings) -> EcoparcApp:
    return EcoparcApp(settings)
