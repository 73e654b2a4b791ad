"""``?`` (or F1): the keys of the app and of the screen the user came from.

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


def screen_keys(screen: Screen[object]) -> list[Binding]:
    """The keys ``screen`` declares with an ecoparc wording (a catalogue key) and does
    not switch off now (its ``check_action``), whichever widget holds the focus: the
    table's own Enter must not hide the screen's « Entrée : fiche ». A key declared
    again by a subclass is the subclass's. Textual's own keys (a list's « Show
    menu », « Focus Next ») have no wording in either language and stay out."""
    keys: dict[str, Binding] = {}
    for cls in type(screen).__mro__:
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.description in MESSAGES["fr"]:
                keys.setdefault(binding.key, binding)
    return [b for b in keys.values() if screen.check_action(b.action, ()) is not False]


class HelpDialog(EcoModal):
    BINDINGS = [Binding("escape", "dismiss_none", "common.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        screens = "\n".join(f"  [b]{e.key}[/b]  {t(f'screen.{e.name}')}" for e in SCREENS)
        keys = sorted(
            (self.app.get_key_display(binding), t(binding.description))
            for binding in screen_keys(self.under)
        )
        own = "\n".join(f"  [b]{key}[/b]  {label}" for key, label in keys)
        with VerticalScroll(id="help-box"):
            yield Static(f"[b]{t('help.title')}[/b]", classes="dialog-title")
            yield Static(f"[b]{t('help.screens')}[/b]\n{screens}")
            yield Static(f"[b]{t('help.keys')}[/b]\n{own}")
            yield Static(t("help.global"))
            yield Static(f"[dim]{t('help.close')}[/dim]")
