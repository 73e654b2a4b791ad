"""A text field whose placeholder is the longest of its wordings that fits."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events
from textual.widgets import Input


class FittingInput(Input):
    """An Input that shows, while empty, the longest of ``placeholders`` that fits its
    width: the whole hint in a wide terminal (« Rechercher (modèle, n° de série…) »),
    a shorter whole wording in a narrow one, never a hint cut in the middle
    (docs/tui.md §2). Give the wordings longest first."""

    def __init__(self, *placeholders: str, **kwargs: Any) -> None:
        super().__init__(placeholder=placeholders[0], **kwargs)
        self.placeholders = placeholders

    def on_resize(self, event: events.Resize) -> None:
        room = self.content_size.width - 1  # the cursor stays beside the text
        fitting = (p for p in self.placeholders if cell_len(p) <= room)
        self.placeholder = next(fitting, self.placeholders[-1])
