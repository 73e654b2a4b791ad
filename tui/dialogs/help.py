"""``?``: the keys of the app and of the screen the user came from.

Every key of the screen with a description is listed, the ones the key bar
shows and the others (search, sort, mark all, close…): the key bar keeps only
the screen's primary actions, so that it is never cut in a small terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..i18n import MESSAGES, t
from ..screens import SCREENS
from ..screens.base import EcoModal


class HelpDialog(EcoModal):
    BINDINGS = [Binding("escape", "dismiss_none", "common.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        screens = "\n".join(f"  [b]{e.key}[/b]  {t(f'screen.{e.name}')}" for e in SCREENS)
        # Only the keys ecoparc words: a Textual widget's own (a list's "Show menu")
        # has no wording in either language.
        keys = sorted(
            {
                (self.app.get_key_display(a.binding), t(a.binding.description))
                for a in self.under.active_bindings.values()
                if a.binding.description in MESSAGES["fr"] and a.node is not self.app
            }
        )
        own = "\n".join(f"  [b]{key}[/b]  {label}" for key, label in keys)
        with VerticalScroll(id="help-box"):
            yield Static(f"[b]{t('help.title')}[/b]", classes="dialog-title")
            yield Static(f"[b]{t('help.screens')}[/b]\n{screens}")
            yield Static(f"[b]{t('help.keys')}[/b]\n{own}")
            yield Static(t("help.global"))
            yield Static(f"[dim]{t('help.close')}[/dim]")
