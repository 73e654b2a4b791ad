"""Inventory: every device in one table, searched and filtered as you type.

The table shows a frame of display strings built once per fleet revision;
search and facets are boolean masks over whole columns and sorting an argsort,
so a keystroke re-filters 100,000 devices in a few tens of milliseconds. The
detail pane (specs, history, footprint trace) loads in a thread worker for the
highlighted device; changes go through :mod:`services.inventory`, which records
an event for each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select, Static
from textual.worker import Worker, WorkerState

from factors.text import is_missing
from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES
from fleet.lifecycle import EDITABLE_FIELDS
from fleet.models.device import HARDWARE_FIELDS
from services.errors import ServiceError
from services.inventory import change_status, edit_field, held_mask, history, transfer_devices
from services.uow import UnitOfWork

from ..i18n import category_label, fmt_date, fmt_datetime, fmt_number, language, t, term
from ..widgets.frame_table import FrameTable, content_widths
from .base import EcoModal, EcoScreen

#: Fleet columns shown in the table, in order, with their catalogue label.
TABLE_COLUMNS: tuple[str, ...] = (
    "device_id",
    "entity",
    "category",
    "manufacturer",
    "model",
    "serial",
    "asset_tag",
    "status",
    "purchase_date",
    "quantity",
)
#: Columns the search box looks in.
SEARCH_COLUMNS: tuple[str, ...] = (
    "model",
    "manufacturer",
    "serial",
    "asset_tag",
    "user_key",
    "name",
)
#: Fields listed under "Caractéristiques" in the detail pane.
SPEC_FIELDS: tuple[str, ...] = (
    "name",
    "entity",
    "site",
    "quantity",
    "category",
    "manufacturer",
    "model",
    "serial",
    "asset_tag",
    "status",
    "acquisition",
    "condition",
    "purchase_date",
    "commissioning_date",
    "retirement_date",
    "price_eur",
    *HARDWARE_FIELDS,
    "annual_kwh",
    "weight_kg",
    "first_life_years",
    "department",
    "user_key",
)
ANY = "__any__"
#: Pause after the cursor stops on a row before its detail is loaded.
DETAIL_DELAY = 0.15


def _labels(values: pd.Series, label: Any) -> pd.Series:
    """Translate a low-cardinality code column through ``label`` once per distinct value."""
    codes, uniques = pd.factorize(values)
    names = np.array([label(u) for u in uniques] + [""], dtype=object)
    return pd.Series(names[codes], index=values.index, dtype="str")


def display_frame(fleet: pd.DataFrame) -> pd.DataFrame:
    """The table's cells as text in the current language, one row per device."""
    dates = fleet["purchase_date"]
    fmt = "%d/%m/%Y" if language() == "fr" else "%Y-%m-%d"
    return pd.DataFrame(
        {
            "device_id": fleet["device_id"].astype("str"),
            "entity": fleet["entity"].astype("str"),
            "category": _labels(fleet["category"], category_label),
            "manufacturer": fleet["manufacturer"].astype("str"),
            "model": fleet["model"].astype("str"),
            "serial": fleet["serial"].astype("str"),
            "asset_tag": fleet["asset_tag"].astype("str"),
            "status": _labels(fleet["status"], lambda s: term("status", s)),
            "purchase_date": dates.dt.strftime(fmt).astype("str"),
            "quantity": fleet["quantity"].astype("str"),
        },
        index=fleet.index,
    ).fillna("")


def search_text(fleet: pd.DataFrame) -> pd.Series:
    """One lower-case string per device holding every searchable field."""
    parts = [fleet[c].fillna("").astype("str") for c in SEARCH_COLUMNS if c in fleet.columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\x1f" + part
    return joined.str.lower()


def filter_mask(
    fleet: pd.DataFrame,
    haystack: pd.Series,
    text: str,
    entity_ids: list[int] | None,
    category: str | None,
    status: str | None,
    acquisition: str | None,
    within: np.ndarray | None = None,
) -> np.ndarray:
    """Which devices the search text and the facets keep.

    ``within`` is a mask already known to hold every answer (the result of a
    shorter search while the user types): only those rows are searched again.
    """
    mask = np.ones(len(fleet), dtype=bool) if within is None else within.copy()
    if entity_ids is not None:
        mask &= fleet["entity_id"].isin(entity_ids).to_numpy()
    for column, value in (("category", category), ("status", status), ("acquisition", acquisition)):
        if value is not None:
            mask &= fleet[column].eq(value).to_numpy(dtype=bool, na_value=False)
    words = text.lower().split()
    if words:
        rows = np.flatnonzero(mask)
        candidates = haystack.iloc[rows]
        for word in words:
            hit = candidates.str.contains(word, regex=False).to_numpy(dtype=bool, na_value=False)
            rows, candidates = rows[hit], candidates.loc[hit]
        mask = np.zeros(len(fleet), dtype=bool)
        mask[rows] = True
    return mask


class InventoryScreen(EcoScreen):
    TITLE_KEY = "screen.inventory"
    AUTO_FOCUS = "#inv-table"
    BINDINGS = [
        Binding("slash", "focus_search", "inv.action.search"),
        Binding("enter", "open_detail", "inv.action.open", show=False),
        Binding("escape", "close_detail", "inv.action.close"),
        Binding("c", "change_status", "inv.action.status"),
        Binding("t", "transfer", "inv.action.transfer"),
        Binding("e", "edit_field", "inv.action.edit"),
        Binding("o", "sort", "inv.action.sort"),
    ]

    class DetailLoaded(Message):
        def __init__(self, device_id: int, text: str) -> None:
            super().__init__()
            self.device_id = device_id
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self._revision = -1
        self._fleet: pd.DataFrame | None = None
        self._display: pd.DataFrame | None = None
        self._widths: list[int] | None = None
        self._last_filter: tuple[Any, str, np.ndarray | None] = ((), "", None)
        #: Seconds the last search or filter change took, from the mask to the table
        #: handed its rows (the app's own measure of a keystroke's work; bench_tui).
        self.refilter_seconds = 0.0
        self._haystack: pd.Series | None = None
        #: The devices held (services.inventory.held_mask): what the count counts.
        self._held: np.ndarray = np.empty(0, dtype=bool)
        self._shown_ids: np.ndarray = np.empty(0, dtype=np.int64)
        self._sort: tuple[str, bool] | None = None
        self._detail_id: int | None = None
        self._detail_timer: Timer | None = None

    # -- layout -------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        ctx = self.ctx
        with Horizontal(id="inv-filters", classes="filters"):
            yield Input(placeholder=t("inv.search"), id="inv-search")
            yield Select(
                [(t("inv.any.entity"), ANY), *((n, n) for n in ctx.entity_names())],
                value=ctx.entity or ANY,
                allow_blank=False,
                id="inv-entity",
            )
            yield Select(
                [(t("inv.any.category"), ANY), *((category_label(c), c) for c in CATEGORIES)],
                value=ANY,
                allow_blank=False,
                id="inv-category",
            )
            yield Select(
                [(t("inv.any.status"), ANY), *((term("status", s), s) for s in STATUSES)],
                value=ANY,
                allow_blank=False,
                id="inv-status",
            )
            yield Select(
                [
                    (t("inv.any.acquisition"), ANY),
                    *((term("acquisition", a), a) for a in ACQUISITIONS),
                ],
                value=ANY,
                allow_blank=False,
                id="inv-acquisition",
            )
        yield Static("", id="inv-count")
        with Horizontal(id="inv-body"):
            yield FrameTable(labels=self._labels(), id="inv-table")
            with VerticalScroll(id="inv-detail"):
                yield Static("…", id="inv-detail-text", markup=False)

    @staticmethod
    def _labels() -> list[str]:
        return [t(f"inv.col.{c}") for c in TABLE_COLUMNS]

    def populate(self) -> None:
        self._display = None  # labels depend on the language
        self.load()

    def on_screen_resume(self) -> None:
        if self._revision != self.ctx.revision:
            self.load()

    def entities_changed(self) -> None:
        self.reset_entity_choices("#inv-entity", [(t("inv.any.entity"), ANY)])

    def scope_changed(self) -> None:
        if not self.is_mounted:
            return
        select = self.query_one("#inv-entity", Select)
        wanted = self.ctx.entity or ANY
        if select.value != wanted:
            select.value = wanted
        else:
            self.refilter()

    # -- data -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-load")
    def load(self) -> None:
        ctx = self.ctx
        revision = ctx.revision
        fleet = ctx.fleet()
        display = display_frame(fleet)
        haystack = search_text(fleet)
        self.app.call_from_thread(self._loaded, revision, fleet, display, haystack)

    def _loaded(
        self, revision: int, fleet: pd.DataFrame, display: pd.DataFrame, haystack: pd.Series
    ) -> None:
        self._revision = revision
        self._set_data(fleet, display, haystack)
        self.refilter()
        if self._detail_id is not None:
            self.load_detail(self._detail_id)

    def _set_data(self, fleet: pd.DataFrame, display: pd.DataFrame, haystack: pd.Series) -> None:
        self._fleet, self._display, self._haystack = fleet, display, haystack
        self._held = held_mask(fleet)
        self._widths = content_widths(display)
        self._last_filter = ((), "", None)

    def _facet(self, widget_id: str) -> str | None:
        value = self.query_one(widget_id, Select).value
        return None if value in (ANY, Select.BLANK) else str(value)

    def refilter(self) -> None:
        """Apply the search text, facets and sort to the cached frame and show it."""
        if self._fleet is None or self._display is None or self._haystack is None:
            return
        began = time.perf_counter()
        fleet = self._fleet
        text = self.query_one("#inv-search", Input).value
        facets = (
            self.ctx.scope_ids(self._facet("#inv-entity")),
            self._facet("#inv-category"),
            self._facet("#inv-status"),
            self._facet("#inv-acquisition"),
        )
        last_facets, last_text, last_mask = self._last_filter
        narrower = last_mask is not None and last_facets == facets and text.startswith(last_text)
        within = last_mask if narrower else None
        mask = filter_mask(fleet, self._haystack, text, *facets, within=within)
        self._last_filter = (facets, text, mask)
        rows = np.flatnonzero(mask)
        if self._sort is not None:
            column, descending = self._sort
            keys = fleet[column].iloc[rows].reset_index(drop=True)
            ordered = keys.sort_values(ascending=not descending, kind="stable", na_position="last")
            order = ordered.index.to_numpy()
            rows = rows[order]
        self._shown_ids = fleet["device_id"].to_numpy()[rows]
        table = self.query_one("#inv-table", FrameTable)
        table.show_frame(self._display.iloc[rows], self._labels(), self._widths)
        # The devices held among the rows, a lot for its quantity: with the entity
        # facet alone, the same count as every other screen (services.inventory).
        held = rows[self._held[rows]]
        units = int(fleet["quantity"].to_numpy()[held].sum())
        self.query_one("#inv-count", Static).update(
            t(
                "inv.count",
                shown=fmt_number(len(rows)),
                total=fmt_number(len(fleet)),
                units=fmt_number(units),
            ),
            layout=False,  # one line of fixed size: no need to lay the screen out again
        )
        self.refilter_seconds = time.perf_counter() - began
        self.log.debug(f"inventory refilter: {self.refilter_seconds * 1000:.1f} ms")

    @on(Input.Changed, "#inv-search")
    def _search_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#inv-search")
    def _search_submitted(self) -> None:
        self.query_one("#inv-table", FrameTable).focus()

    @on(Select.Changed, "#inv-entity")
    def _entity_changed(self, event: Select.Changed) -> None:
        entity = None if event.value in (ANY, Select.BLANK) else str(event.value)
        self.eco.set_scope(entity, source=self)
        self.refilter()

    @on(Select.Changed, "#inv-category, #inv-status, #inv-acquisition")
    def _facet_changed(self) -> None:
        self.refilter()

    def action_focus_search(self) -> None:
        self.query_one("#inv-search", Input).focus()

    def action_sort(self) -> None:
        """Choose the sort column; choosing the current one again reverses the order."""
        from ..dialogs.choice import ChoiceDialog

        current = self._sort[0] if self._sort else TABLE_COLUMNS[0]
        options = [(t(f"inv.col.{c}"), c) for c in TABLE_COLUMNS]
        self.app.push_screen(ChoiceDialog(t("inv.sort_by"), options, current), self.sort_by)

    def sort_by(self, column: str | None) -> None:
        if column is None:
            return
        descending = self._sort == (column, False)
        self._sort = (column, descending)
        self.refilter()
        arrow = "↓" if descending else "↑"
        self.notify(t("inv.sorted", column=f"{t(f'inv.col.{column}')} {arrow}"), timeout=2)

    # -- detail -----------------------------------------------------------------------

    def selected_id(self) -> int | None:
        table = self.query_one("#inv-table", FrameTable)
        row = table.cursor_row
        if 0 <= row < len(self._shown_ids):
            return int(self._shown_ids[row])
        return None

    @property
    def detail_open(self) -> bool:
        return bool(self.query_one("#inv-detail").display)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_detail":
            return self.is_mounted and (self.detail_open or isinstance(self.focused, Input))
        return True

    def action_open_detail(self) -> None:
        device_id = self.selected_id()
        if device_id is None:
            return
        self.query_one("#inv-detail").display = True
        self.refresh_bindings()
        self.load_detail(device_id)

    def action_close_detail(self) -> None:
        """Escape: leave the search field first, then close the record."""
        if isinstance(self.focused, Input):
            self.query_one("#inv-table", FrameTable).focus()
            return
        self.query_one("#inv-detail").display = False
        self._detail_id = None
        self.refresh_bindings()
        self.query_one("#inv-table", FrameTable).focus()

    @on(FrameTable.RowHighlighted, "#inv-table")
    def _row_highlighted(self) -> None:
        device_id = self.selected_id()
        if not self.detail_open or device_id is None or device_id == self._detail_id:
            return
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(device_id))

    @on(FrameTable.RowSelected, "#inv-table")
    def _row_selected(self) -> None:
        self.action_open_detail()

    def load_detail(self, device_id: int) -> None:
        self._detail_id = device_id
        self._detail_worker(device_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-detail")
    def _detail_worker(self, device_id: int) -> None:
        self.post_message(self.DetailLoaded(device_id, self.detail_text(device_id)))

    def detail_text(self, device_id: int) -> str:
        """Specs, history and footprint trace of one device, as the pane shows them."""
        ctx = self.ctx
        fleet = ctx.fleet()
        row = fleet.loc[device_id]
        lines = [t("inv.detail.specs").upper()]
        for field in SPEC_FIELDS:
            value = row.get(field)
            if is_missing(value) or value == "":
                continue
            lines.append(f"{t(f'field.{field}')} : {_field_text(field, value)}")
        lines += ["", t("inv.detail.history").upper()]
        with ctx.uow() as uow:
            events = history(uow, device_id)
        if not events:
            lines.append(t("inv.detail.no_events"))
        for event in events:
            parts = [fmt_datetime(event["at"]), term("event", event["kind"]), event["actor"] or ""]
            change = _change_text(event["before"], event["after"])
            lines.append(" · ".join([*(p for p in parts if p), *([change] if change else [])]))
            if event["note"]:
                lines.append(f"    « {event['note']} »")
        lines += ["", t("inv.detail.trace", year=ctx.year).upper()]
        try:
            trace = ctx.device_trace(device_id, language())
            lines.append(trace.render(language()))
        except Exception as error:  # the record stays useful when the trace cannot be made
            lines.append(t("app.error", message=str(error) or type(error).__name__))
        return "\n".join(lines)

    def on_inventory_screen_detail_loaded(self, message: DetailLoaded) -> None:
        if message.device_id == self._detail_id:
            self.query_one("#inv-detail-text", Static).update(message.text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and str(event.worker.group).startswith("inventory"):
            self.report_error(event.worker.error or RuntimeError("?"))

    # -- actions ----------------------------------------------------------------------

    def _target(self) -> tuple[int, pd.Series] | None:
        device_id = self.selected_id()
        if device_id is None or self._fleet is None:
            self.notify(t("inv.no_device"), severity="warning")
            return None
        # One label of a unique index: a row, never a frame.
        return device_id, cast(pd.Series, self._fleet.loc[device_id])

    def action_change_status(self) -> None:
        from ..dialogs.device_actions import StatusChange, StatusDialog

        target = self._target()
        if target is None:
            return
        device_id, row = target

        def change(uow: UnitOfWork, answer: StatusChange) -> None:
            change_status(uow, [device_id], answer.status, self._actor, answer.note)

        self._ask(
            device_id,
            StatusDialog(str(device_id), str(row["status"])),
            change,
            lambda answer: t(
                "inv.done.status", device=device_id, status=term("status", answer.status)
            ),
        )

    def action_transfer(self) -> None:
        from ..dialogs.device_actions import TransferDialog

        target = self._target()
        if target is None:
            return
        device_id, row = target

        def change(uow: UnitOfWork, entity: str) -> None:
            transfer_devices(uow, [device_id], entity, self._actor)

        self._ask(
            device_id,
            TransferDialog(str(device_id), self.ctx.entity_names(), str(row["entity"])),
            change,
            lambda entity: t("inv.done.transfer", device=device_id, entity=entity),
        )

    def action_edit_field(self) -> None:
        from ..dialogs.device_actions import EditFieldDialog, FieldEdit

        target = self._target()
        if target is None:
            return
        device_id, row = target
        fields = list(EDITABLE_FIELDS)
        current = {f: _edit_text(row.get(f)) for f in fields}

        def change(uow: UnitOfWork, edit: FieldEdit) -> None:
            edit_field(uow, device_id, edit.field, edit.text, self._actor)

        self._ask(
            device_id,
            EditFieldDialog(str(device_id), fields, current),
            change,
            lambda edit: t("inv.done.edit", device=device_id, field=t(f"field.{edit.field}")),
        )

    @property
    def _actor(self) -> str:
        return self.ctx.settings.actor

    def _ask(
        self,
        device_id: int,
        dialog: EcoModal,
        change: Callable[[UnitOfWork, Any], None],
        done: Callable[[Any], str],
    ) -> None:
        """Show ``dialog``; once answered (not cancelled), apply ``change`` with the
        answer and confirm with the message ``done`` makes of it."""

        def answered(answer: Any) -> None:
            if answer is not None:
                self._apply(device_id, lambda uow: change(uow, answer), done(answer))

        self.app.push_screen(dialog, answered)

    def _apply(self, device_id: int, change: Any, done: str) -> None:
        """Run one lifecycle change in its own unit of work; report refusals, keep running."""
        try:
            with self.ctx.uow() as uow:
                change(uow)
        except ServiceError as error:
            self.report_error(error)
            return
        self.ctx.patch_device(device_id)
        self.notify(done, timeout=3)
        self._detail_id = device_id
        cursor = self.query_one("#inv-table", FrameTable).cursor_row
        self._revision = self.ctx.revision
        fleet = self.ctx.fleet()
        self._set_data(fleet, display_frame(fleet), search_text(fleet))
        self.refilter()
        table = self.query_one("#inv-table", FrameTable)
        if cursor < table.row_count:
            table.move_cursor(row=cursor)
        if self.detail_open:
            self.load_detail(device_id)


def _field_text(field: str, value: Any) -> str:
    if field == "category":
        return category_label(value)
    if field == "status":
        return term("status", value)
    if field == "acquisition":
        return term("acquisition", value)
    if field.endswith("_date"):
        return fmt_date(value)
    if isinstance(value, bool | np.bool_):
        return t("common.yes") if value else t("common.no")
    if isinstance(value, float | np.floating):
        return fmt_number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def _edit_text(value: Any) -> str:
    """A cached value as the user would type it (dates dd/mm/yyyy, decimal comma in French)."""
    if is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool | np.bool_):
        return "oui" if value else "non"
    if isinstance(value, float | np.floating):
        text = f"{float(value):g}"
        return text.replace(".", ",") if language() == "fr" else text
    return str(value)


def _channel_label(code: Any) -> Any:
    if is_missing(code):
        return None
    return term("channel", code)


def _change_text(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What an event changed, in the user's words: field labels, and only what moved.

    Events record a few fields together (status with retirement date…); a field
    that kept its value is noise in the history, and its code is not a label.
    """
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    parts = []
    for key in keys:
        old = (before or {}).get(key)
        new = (after or {}).get(key)
        if old == new:
            continue
        if key in ("status", "acquisition", "condition"):
            old, new = term(key, old), term(key, new)
        elif key == "channel":
            old, new = _channel_label(old), _channel_label(new)
        elif key.endswith("_date") or key.endswith("_on"):
            old, new = fmt_date(old), fmt_date(new)
        label = t(f"field.{key}")
        label = key if label == f"field.{key}" else label
        parts.append(f"{label} : {'' if old is None else old} → {'' if new is None else new}")
    return "; ".join(parts)
