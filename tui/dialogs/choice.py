"""Pick one value from a list (the field of an import column, for instance)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from ..i18n import t
from ..screens.base import EcoModal


class ChoiceDialog(EcoModal):
    """Returns the chosen value, or None when cancelled."""

    def __init__(self, title: str, options: list[tuple[str, str]], value: str) -> None:
        super().__init__()
        self._title = title
        self._options = options
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Select(self._options, value=self._value, allow_blank=False, id="choice")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.cancel"), id="cancel")
                yield Button(t("common.ok"), variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#choice", Select).value
        self.dismiss(value if isinstance(value, str) else None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
