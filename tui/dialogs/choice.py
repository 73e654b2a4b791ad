"""Pick one value from a list (the field of an import column, for instance)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from ..i18n import t
from ..screens.base import EcoModal

#: The title or the choices of a dialog, worded when it is composed (in the language
#: of the moment: the dialog is composed again after `l`).
Wording = Callable[[], str]
Choices = Callable[[], list[tuple[str, str]]]


class ChoiceDialog(EcoModal):
    """Returns the chosen value, or None when cancelled."""

    def __init__(self, title: Wording, options: Choices, value: str) -> None:
        super().__init__()
        self._title = title
        self._options = options
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title(), classes="dialog-title")
            yield Select(self._options(), value=self._value, allow_blank=False, id="choice")
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
