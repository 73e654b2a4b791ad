"""The three changes a user makes to a device by hand: status, transfer, field edit.

Each dialog only collects the answer; the inventory screen applies it through
``fleet.lifecycle`` (which records the event) and reports any refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from factors.vocabulary import STATUSES

from ..i18n import t, term
from ..screens.base import EcoModal


@dataclass(frozen=True)
class StatusChange:
    status: str
    note: str | None


@dataclass(frozen=True)
class FieldEdit:
    field: str
    text: str


class FormDialog(EcoModal):
    """Title, body widgets, OK / Cancel; Enter in an input means OK."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield from self.body()
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.cancel"), id="cancel")
                yield Button(t("common.ok"), variant="primary", id="ok")

    def body(self) -> ComposeResult:
        yield from ()

    def answer(self) -> Any:
        raise NotImplementedError

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def _ok(self) -> None:
        value = self.answer()
        if value is not None:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class StatusDialog(FormDialog):
    def __init__(self, device: str, current: str) -> None:
        super().__init__(t("dlg.status.title", device=device))
        self.current = current

    def body(self) -> ComposeResult:
        yield Select(
            [(term("status", s), s) for s in STATUSES],
            value=self.current,
            allow_blank=False,
            id="status",
        )
        yield Input(placeholder=t("dlg.status.note"), id="note")

    def answer(self) -> StatusChange | None:
        status = self.query_one("#status", Select).value
        if not isinstance(status, str):
            return None
        note = self.query_one("#note", Input).value.strip() or None
        return StatusChange(status, note)


class TransferDialog(FormDialog):
    def __init__(self, device: str, entities: list[str], current: str) -> None:
        super().__init__(t("dlg.transfer.title", device=device))
        self.entities = [e for e in entities if e != current]

    def body(self) -> ComposeResult:
        yield Label(t("dlg.transfer.entity"))
        yield Select([(e, e) for e in self.entities], prompt="…", id="entity")

    def answer(self) -> str | None:
        value = self.query_one("#entity", Select).value
        return value if isinstance(value, str) else None


class EditFieldDialog(FormDialog):
    """Pick a field, see its current value, type the new one."""

    def __init__(self, device: str, fields: list[str], current: dict[str, str]) -> None:
        super().__init__(t("dlg.edit.title", device=device))
        self.fields = fields
        self.current = current

    def body(self) -> ComposeResult:
        yield Label(t("dlg.edit.field"))
        yield Select(
            [(t(f"field.{f}"), f) for f in self.fields],
            value=self.fields[0],
            allow_blank=False,
            id="field",
        )
        yield Label(t("dlg.edit.value"))
        yield Input(self.current.get(self.fields[0], ""), id="value")

    @on(Select.Changed, "#field")
    def _field_changed(self, event: Select.Changed) -> None:
        self.query_one("#value", Input).value = self.current.get(str(event.value), "")

    def answer(self) -> FieldEdit | None:
        field = self.query_one("#field", Select).value
        if not isinstance(field, str):
            return None
        return FieldEdit(field, self.query_one("#value", Input).value)
