"""What a user changes on one device or a selection of devices: status, transfer,
site, mark for reuse, retirement date, and where the filtered view is exported.

Each dialog only collects the answer; the inventory screen applies it through
:mod:`services.inventory` (which records an event per device, all or none) and
reports any refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select

from factors.vocabulary import STATUSES

from ..i18n import fmt_number, t, term
from ..screens.base import EcoModal


@dataclass(frozen=True)
class StatusChange:
    status: str
    note: str | None


class DialogBody(VerticalScroll, can_focus=False):
    """A dialog's content, scrolled by moving the focus through its fields (the first
    field, not the container, gets the focus when the dialog opens)."""


def selection_text(ids: list[int]) -> str:
    """The devices a dialog acts on, as its title names them."""
    if len(ids) == 1:
        return t("inv.target.one", device=ids[0])
    return t("inv.target.many", count=fmt_number(len(ids)))


class FormDialog(EcoModal):
    """Title, body widgets, OK / Cancel; Enter in an input means OK.

    The body scrolls, so a form stays usable in a 24-line terminal. Its title is
    worded at each compose (:meth:`title_text`), in the language of the moment."""

    def title_text(self) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with DialogBody(classes="dialog"):
            yield Label(self.title_text(), classes="dialog-title")
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
    def __init__(self, ids: list[int], current: str | None) -> None:
        super().__init__()
        self.ids = ids
        self.current = current

    def title_text(self) -> str:
        return t("dlg.status.title", target=selection_text(self.ids))

    def body(self) -> ComposeResult:
        yield Select(
            [(term("status", s), s) for s in STATUSES],
            value=self.current if self.current in STATUSES else Select.NULL,
            prompt="…",
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
    """The receiving entity: any but the one that holds every device already."""

    def __init__(self, ids: list[int], entities: list[str], current: str | None) -> None:
        super().__init__()
        self.ids = ids
        self.entities = [e for e in entities if e != current]

    def title_text(self) -> str:
        return t("dlg.transfer.title", target=selection_text(self.ids))

    def body(self) -> ComposeResult:
        yield Label(t("dlg.transfer.entity"))
        yield Select([(e, e) for e in self.entities], prompt="…", id="entity")

    def answer(self) -> str | None:
        value = self.query_one("#entity", Select).value
        return value if isinstance(value, str) else None


class SiteDialog(FormDialog):
    """A site of the devices' entity, typed (the known ones are suggested); a new name
    creates the site, a blank one takes the devices off any site."""

    def __init__(self, ids: list[int], sites: list[str]) -> None:
        super().__init__()
        self.ids = ids
        self.sites = sites

    def title_text(self) -> str:
        return t("dlg.site.title", target=selection_text(self.ids))

    def body(self) -> ComposeResult:
        yield Label(t("dlg.site.name"))
        yield Input(
            suggester=SuggestFromList(self.sites, case_sensitive=False) if self.sites else None,
            id="site",
        )

    def answer(self) -> str:
        return self.query_one("#site", Input).value.strip()


class RetirementDialog(FormDialog):
    """The planned (or actual) retirement date of the devices."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self.ids = ids

    def title_text(self) -> str:
        return t("dlg.retire.title", target=selection_text(self.ids))

    def body(self) -> ComposeResult:
        yield Label(t("dlg.retire.date"))
        yield Input(placeholder=t("dlg.retire.placeholder"), id="date")

    def answer(self) -> str:
        return self.query_one("#date", Input).value.strip()


class ReuseMarkDialog(FormDialog):
    """Mark the devices as reuse candidates by hand, or take the mark off."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self.ids = ids

    def title_text(self) -> str:
        return t("dlg.flag.title", target=selection_text(self.ids))

    def body(self) -> ComposeResult:
        yield Select(
            [(t("dlg.flag.on"), "on"), (t("dlg.flag.off"), "off")],
            value="on",
            allow_blank=False,
            id="flag",
        )

    def answer(self) -> bool:
        return self.query_one("#flag", Select).value == "on"


class ExportDialog(FormDialog):
    """Where the filtered view is written; the extension (.csv or .xlsx) says how."""

    def __init__(self, rows: int, path: Path) -> None:
        super().__init__()
        self.rows = rows
        self.path = path

    def title_text(self) -> str:
        return t("dlg.export.title", rows=fmt_number(self.rows))

    def body(self) -> ComposeResult:
        yield Label(t("dlg.export.path"))
        yield Input(str(self.path), id="path")

    def answer(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip()
        return Path(text).expanduser() if text else None
