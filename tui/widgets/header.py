"""The screens' header: Textual's, without its crash on quick language changes."""

from __future__ import annotations

from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class ScreenHeader(Header):
    """Textual's :class:`~textual.widgets.Header`, whose title follows the app's and
    the screen's titles through watchers run a moment after each change. Changing
    the language recomposes every screen (``EcoScreen.relabel``): a watcher of the
    header being removed then ran on a header whose title widget was already gone,
    and Textual's own watcher raised (``NoMatches``), closing the interface. These
    watchers update the title widget only while there is one."""

    def _on_mount(self, event: Mount) -> None:
        # Textual's Header._on_mount would register its own watchers as well: this
        # handler replaces it (Widget's is kept: the scroll bars).
        event.prevent_default()
        Widget._on_mount(self, event)

        def set_title() -> None:
            for title in self.query(HeaderTitle):
                title.update(self.format_title())

        for target in (self.app, self.screen):
            self.watch(target, "title", set_title)
            self.watch(target, "sub_title", set_title)
