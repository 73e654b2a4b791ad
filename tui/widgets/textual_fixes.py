"""Repairs of Textual's own widgets against keys that arrive before a redraw.

A terminal delivers keys typed quickly (or a path typed while no field had the
focus) all at once: several are handled before the screen is laid out again.
Textual 8's option lists (a Select's drop-down list, SelectionList) move a page
from the lines they computed at their last layout; a list opened before its
first layout (a list composed again for a language switch, then opened, then
Page Up) has none, and Textual raised ``KeyError`` from ``_move_page``, which
closed the interface. Until Textual guards it (the same trace is reported
against other applications), :func:`apply` makes that key wait for the layout:
a list not laid out yet has no page to move by, so the key does nothing.
"""

from __future__ import annotations

from textual._widget_navigation import Direction
from textual.widgets import OptionList

_textual_move_page = OptionList._move_page


def _move_page_once_laid_out(self: OptionList, direction: Direction) -> None:
    """Textual's page move, when the list has computed the line of its highlight."""
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _textual_move_page(self, direction)


def apply() -> None:
    """Install the repairs (once, by the app's module: every list of the app)."""
    setattr(OptionList, "_move_page", _move_page_once_laid_out)  # noqa: B010 (mypy: method-assign)
