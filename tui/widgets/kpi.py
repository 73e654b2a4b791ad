"""An indicator tile: a label, a big value, a line of context."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


class Kpi(Vertical):
    DEFAULT_CSS = """
    Kpi { height: 5; border: round $primary 60%; padding: 0 1; width: 1fr; }
    Kpi > .kpi-label { color: $text-muted; }
    Kpi > .kpi-value { text-style: bold; color: $accent; }
    Kpi > .kpi-note { color: $text-muted; }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Static(self._label, classes="kpi-label")
        yield Static("…", classes="kpi-value", markup=False)
        yield Static("", classes="kpi-note", markup=False)

    def set_label(self, label: str) -> None:
        self._label = label
        self.query_one(".kpi-label", Static).update(label)

    def show(self, value: str, note: str = "") -> None:
        self.query_one(".kpi-value", Static).update(value)
        self.query_one(".kpi-note", Static).update(note)
