"""Inventory: every device in one table, searched and filtered as you type, and
changed one device or a whole selection at a time.

The table shows a frame of display strings built once per fleet revision;
search and facets are boolean masks over whole columns and sorting an argsort,
so a keystroke re-filters 100,000 devices in a few tens of milliseconds.

Space marks the device under the cursor, ``a`` every device shown; the actions
(status, transfer, site, mark for reuse, retirement date) work on the marked
devices, else on the one under the cursor, in one unit of work: every device
takes the change or none does, and a refusal (a status that skips a step of an
exit, an entity the login may not change) is one line. ``x`` exports the rows
shown, with the columns of the table and a few more, to CSV or xlsx.

The record (Enter) scrolls: its editable fields first, changed in place and
written together (Enter in a field, ctrl+s); a refused field keeps what was
typed and says why below it. Then the other specs, the history and the
footprint trace, loaded in a thread worker. Every change goes through
:mod:`services.inventory`, which records an event for each device. The rules
are in docs/tui.md §3 to §5.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from factors.text import is_missing
from factors.vocabulary import ACQUISITIONS, CATEGORIES, STATUSES
from fleet.fields import HARDWARE_FIELDS
from fleet.lifecycle import EDITABLE_FIELDS
from services.errors import ServiceError
from services.inventory import (
    FieldErrors,
    change_status,
    edit_devices,
    edit_fields,
    export_view,
    held_mask,
    history,
    move_to_site,
    transfer_devices,
)
from services.reuse import flag_devices
from services.uow import UnitOfWork

from ..i18n import (
    category_label,
    date_format,
    fmt_date,
    fmt_datetime,
    fmt_number,
    language,
    said,
    sort_key,
    t,
    term,
)
from ..widgets.fitting_input import FittingInput
from ..widgets.frame_table import FrameTable, content_widths, to_arrow
from .base import EcoModal, EcoScreen

#: Fleet columns shown in the table, in order, with their catalogue label; the
#: first holds the mark of the devices selected for a bulk action.
TABLE_COLUMNS: tuple[str, ...] = (
    "mark",
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
#: Columns the table may be sorted by.
SORT_COLUMNS: tuple[str, ...] = TABLE_COLUMNS[1:]
#: Fields the record edits in place, in the order of the form.
FORM_FIELDS: tuple[str, ...] = tuple(EDITABLE_FIELDS)
#: Columns of an export of the filtered view (headed by their field label).
EXPORT_COLUMNS: tuple[str, ...] = (
    "device_id",
    "entity",
    "site",
    "category",
    "manufacturer",
    "model",
    "serial",
    "asset_tag",
    "status",
    "acquisition",
    "purchase_date",
    "retirement_date",
    "quantity",
    "price_eur",
)
ANY = "__any__"
MARK = "✓"
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
    return pd.DataFrame(
        {
            "mark": pd.Series("", index=fleet.index, dtype="str"),
            "device_id": fleet["device_id"].astype("str"),
            "entity": fleet["entity"].astype("str"),
            "category": _labels(fleet["category"], category_label),
            "manufacturer": fleet["manufacturer"].astype("str"),
            "model": fleet["model"].astype("str"),
            "serial": fleet["serial"].astype("str"),
            "asset_tag": fleet["asset_tag"].astype("str"),
            "status": _labels(fleet["status"], lambda s: term("status", s)),
            "purchase_date": dates.dt.strftime(date_format()).astype("str"),
            "quantity": fleet["quantity"].astype("str"),
        },
        index=fleet.index,
    ).fillna("")


def export_frame(fleet: pd.DataFrame) -> pd.DataFrame:
    """The rows of an export: codes in words, dates and numbers kept as such (a
    spreadsheet sorts them), headed by the field labels of the current language."""
    frame = fleet[list(EXPORT_COLUMNS)].copy()
    frame["category"] = _labels(fleet["category"], category_label)
    for column in ("status", "acquisition"):
        frame[column] = _labels(fleet[column], lambda code, kind=column: term(kind, code))
    frame.columns = [t(f"inv.col.{c}" if c == "device_id" else f"field.{c}") for c in frame]
    return frame


def _choices(field: str) -> list[tuple[str, str]] | None:
    """The values a coded field takes, in words (a list to pick from rather than a code
    to type); None for a field typed as text."""
    if field == "category":
        return [(category_label(c), c) for c in CATEGORIES]
    if field == "acquisition":
        return [(term("acquisition", a), a) for a in ACQUISITIONS]
    if field == "classified":
        return [(t("common.yes"), "oui"), (t("common.no"), "non")]
    return None


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
        # The whole haystack is searched as it is, not copied (the first keystroke).
        candidates = haystack if len(rows) == len(haystack) else haystack.iloc[rows]
        for position, word in enumerate(words):
            hit = candidates.str.contains(word, regex=False).to_numpy(dtype=bool, na_value=False)
            rows = rows[hit]
            if position < len(words) - 1:  # the last word's hits are not searched again
                candidates = candidates.loc[hit]
        mask = np.zeros(len(fleet), dtype=bool)
        mask[rows] = True
    return mask


class InventoryScreen(EcoScreen):
    TITLE_KEY = "screen.inventory"
    AUTO_FOCUS = "#inv-table"
    BINDINGS = [
        Binding("slash", "focus_search", "inv.action.search", show=False),
        Binding("enter", "open_detail", "inv.action.open", show=False),
        Binding("escape", "close_detail", "inv.action.close", show=False),
        Binding("space", "toggle_mark", "inv.action.mark"),
        Binding("a", "mark_all", "inv.action.mark_all", show=False),
        Binding("c", "change_status", "inv.action.status"),
        Binding("t", "transfer", "inv.action.transfer"),
        Binding("b", "move_site", "inv.action.site"),
        Binding("u", "flag_reuse", "inv.action.flag"),
        Binding("w", "set_retirement", "inv.action.retire"),
        Binding("e", "edit_in_place", "inv.action.edit"),
        Binding("x", "export", "inv.action.export"),
        Binding("o", "sort", "inv.action.sort", show=False),
        Binding("ctrl+s", "save_record", "inv.action.save"),
    ]
    #: At 80 columns: the record has its « Enregistrer » button, and Enter opens the
    #: record, whose fields are edited in place.
    SPARE_KEYS = ("save_record", "edit_in_place")

    class DetailLoaded(Message):
        def __init__(self, device_id: int, text: str) -> None:
            super().__init__()
            self.device_id = device_id
            self.text = text

    class Changed(Message):
        """A change to a selection was written: say so and read the fleet again."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self._revision = -1
        #: The revision the last reading was asked for (it may not be done yet).
        self._asked = -1
        self._fleet: pd.DataFrame | None = None
        self._display: pd.DataFrame | None = None
        self._cells: pa.Table | None = None
        self._widths: list[int] | None = None
        self._last_filter: tuple[Any, str, np.ndarray | None] = ((), "", None)
        #: Seconds the last search or filter change took, from the mask to the table
        #: handed its rows (the app's own measure of a keystroke's work; bench_tui).
        self.refilter_seconds = 0.0
        self._haystack: pd.Series | None = None
        #: The devices held (services.inventory.held_mask): what the count counts.
        self._held: np.ndarray = np.empty(0, dtype=bool)
        self._rows: np.ndarray = np.empty(0, dtype=np.int64)
        self._shown_ids: np.ndarray = np.empty(0, dtype=np.int64)
        self._sort: tuple[str, bool] | None = None
        self._detail_id: int | None = None
        self._detail_timer: Timer | None = None
        #: Devices marked for a bulk action (ids), kept across searches and filters.
        self.marked: set[int] = set()
        #: The record's editable fields as last read (what « unchanged » means).
        self._form_values: dict[str, str] = {}

    # -- layout -------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        ctx = self.ctx
        with Horizontal(id="inv-filters", classes="filters"):
            yield FittingInput(t("inv.search"), t("inv.search_short"), id="inv-search")
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
                yield Static("", id="inv-detail-head", classes="section-title")
                yield from self._compose_form()
                with Horizontal(id="inv-form-buttons"):
                    yield Button(t("inv.form.save"), variant="primary", id="inv-save")
                    yield Button(t("inv.form.reset"), id="inv-reset")
                yield Static("…", id="inv-detail-text", markup=False)

    def _compose_form(self) -> ComposeResult:
        """One labelled widget per editable field, with room for its error below."""
        for field in FORM_FIELDS:
            with Horizontal(classes="form-row"):
                yield Label(t(f"field.{field}"), classes="form-label")
                choices = _choices(field)
                if choices is not None:
                    yield Select(
                        choices, prompt="—", id=f"fld-{field}", classes="form-field", compact=True
                    )
                else:
                    yield Input(
                        id=f"fld-{field}",
                        classes="form-field",
                        select_on_focus=False,
                        compact=True,
                    )
            yield Static("", id=f"err-{field}", classes="form-error", markup=False)

    @staticmethod
    def _labels() -> list[str]:
        return [t(f"inv.col.{c}") for c in TABLE_COLUMNS]

    def populate(self) -> None:
        self._display = None  # labels depend on the language
        self._asked = self.ctx.revision
        self.load()

    def restore_fields(self, values: dict[str, object]) -> None:
        """After a change of language, a record field the person left as it was is
        written again in the new language (a date ISO in English, day first in
        French, the decimal point or comma); what they typed stays as typed."""
        untouched = [f for f in FORM_FIELDS if values.get(f"fld-{f}") == self._form_values.get(f)]
        super().restore_fields(values)
        if self._detail_id is not None and untouched:
            self._fill_form(self._detail_id, untouched)

    def on_screen_resume(self) -> None:
        """Read the fleet again when it changed since, unless that reading is under way
        (the first show mounts, then resumes the screen)."""
        revision = self.ctx.revision
        if revision not in (self._revision, self._asked):
            self._asked = revision
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

    def _read(self) -> tuple[int, pd.DataFrame, pd.DataFrame, pd.Series]:
        """The fleet at the current revision, its display cells and its search text
        (read in a worker thread by :meth:`load` and :meth:`_reload_in_place`)."""
        revision = self.ctx.revision
        fleet = self.ctx.fleet()
        return revision, fleet, display_frame(fleet), search_text(fleet)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-load")
    def load(self) -> None:
        self.from_worker(self._loaded, *self._read())

    def _loaded(
        self, revision: int, fleet: pd.DataFrame, display: pd.DataFrame, haystack: pd.Series
    ) -> None:
        self._revision = revision
        self._set_data(fleet, display, haystack)
        self.marked &= set(fleet.index)
        self.refilter()
        if self._detail_id is not None:
            self.load_detail(self._detail_id)

    def _set_data(self, fleet: pd.DataFrame, display: pd.DataFrame, haystack: pd.Series) -> None:
        self._fleet, self._display, self._haystack = fleet, display, haystack
        # The cells as the table shows them, converted once: a keystroke only takes rows.
        self._cells = to_arrow(display)
        self._held = held_mask(fleet)
        self._widths = content_widths(display)
        self._widths[0] = 1  # the mark column, blank until a device is marked
        self._last_filter = ((), "", None)

    def _facet(self, widget_id: str) -> str | None:
        value = self.query_one(widget_id, Select).value
        return None if value in (ANY, Select.NULL) else str(value)

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
        self._rows = rows
        self._shown_ids = fleet["device_id"].to_numpy()[rows]
        self._show(keep_position=False)
        self.refilter_seconds = time.perf_counter() - began
        self.log.debug(f"inventory refilter: {self.refilter_seconds * 1000:.1f} ms")

    def _show(self, keep_position: bool) -> None:
        """Hand the rows kept by :meth:`refilter` to the table, marks in the first column."""
        if self._fleet is None or self._display is None or self._cells is None:
            return
        view = self._cells.take(pa.array(self._rows))
        if self.marked:  # the column is blank in the cached cells: no copy without marks
            marked = np.isin(self._shown_ids, np.fromiter(self.marked, dtype=np.int64))
            column = view.schema.get_field_index("mark")
            view = view.set_column(column, "mark", pa.array(np.where(marked, MARK, "")))
        table = self.query_one("#inv-table", FrameTable)
        table.show_frame(view, self._labels(), self._widths, keep_position=keep_position)
        self._count()

    def _count(self) -> None:
        if self._fleet is None:
            return
        # The devices held among the rows, a lot for its quantity: with the entity
        # facet alone, the same count as every other screen (services.inventory).
        held = self._rows[self._held[self._rows]]
        units = int(self._fleet["quantity"].to_numpy()[held].sum())
        text = t(
            "inv.count",
            shown=fmt_number(len(self._rows)),
            total=fmt_number(len(self._fleet)),
            units=fmt_number(units),
        )
        if self.marked:
            text += t("inv.count.marked", marked=fmt_number(len(self.marked)))
        # One line of fixed size: no need to lay the screen out again.
        self.query_one("#inv-count", Static).update(text, layout=False)

    @on(Input.Changed, "#inv-search")
    def _search_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#inv-search")
    def _search_submitted(self) -> None:
        self.query_one("#inv-table", FrameTable).focus()

    @on(Select.Changed, "#inv-entity")
    def _entity_changed(self, event: Select.Changed) -> None:
        entity = None if event.value in (ANY, Select.NULL) else str(event.value)
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

        current = self._sort[0] if self._sort else SORT_COLUMNS[0]

        def options() -> list[tuple[str, str]]:
            return [(t(f"inv.col.{c}"), c) for c in SORT_COLUMNS]

        self.app.push_screen(ChoiceDialog(lambda: t("inv.sort_by"), options, current), self.sort_by)

    def sort_by(self, column: str | None) -> None:
        if column is None:
            return
        descending = self._sort == (column, False)
        self._sort = (column, descending)
        self.refilter()
        arrow = "↓" if descending else "↑"
        self.notify(t("inv.sorted", column=f"{t(f'inv.col.{column}')} {arrow}"), timeout=2)

    # -- marks ------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        """Mark or unmark the device under the cursor, then go to the next row."""
        device_id = self.selected_id()
        if device_id is None:
            return
        self.marked.symmetric_difference_update({device_id})
        self._show(keep_position=True)
        table = self.query_one("#inv-table", FrameTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_mark_all(self) -> None:
        """Mark every device shown; when they all are already, unmark them."""
        shown = {int(i) for i in self._shown_ids}
        if shown and shown <= self.marked:
            self.marked -= shown
        else:
            self.marked |= shown
        self._show(keep_position=True)

    def selection(self) -> list[int]:
        """The marked devices, else the one under the cursor (a word when there is none)."""
        if self.marked:
            return sorted(self.marked)
        device_id = self.selected_id()
        if device_id is None:
            self.notify(t("inv.no_device"), severity="warning")
            return []
        return [device_id]

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
            return self.is_mounted and (
                self.detail_open or isinstance(self.focused, Input | Select)
            )
        if action == "save_record":
            return self.is_mounted and self.detail_open
        return True

    def action_open_detail(self) -> None:
        device_id = self.selected_id()
        if device_id is None:
            return
        self._set_detail_open(True)
        self.load_detail(device_id)

    def _set_detail_open(self, shown: bool) -> None:
        self.query_one("#inv-detail").display = shown
        self.query_one("#inv-body").set_class(shown, "-detail-open")
        self.refresh_bindings()

    def action_edit_in_place(self) -> None:
        """Open the record and put the cursor in its first field."""
        device_id = self.selected_id()
        if device_id is None:
            self.notify(t("inv.no_device"), severity="warning")
            return
        if not self.detail_open or self._detail_id != device_id:
            self.action_open_detail()
        self.query_one(f"#fld-{FORM_FIELDS[0]}").focus()

    def action_close_detail(self) -> None:
        """Escape: leave the field first, then close the record."""
        table = self.query_one("#inv-table", FrameTable)
        if isinstance(self.focused, Input | Select):
            table.focus()
            return
        self._set_detail_open(False)
        self._detail_id = None
        table.focus()

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
        if device_id != self._detail_id:
            self._fill_form(device_id)
        self._detail_id = device_id
        self._detail_worker(device_id)

    def _fill_form(self, device_id: int, fields: Collection[str] = FORM_FIELDS) -> None:
        """The record's ``fields`` as the user would type them; no error shown."""
        if self._fleet is None or device_id not in self._fleet.index:
            return
        row = cast(pd.Series, self._fleet.loc[device_id])
        if fields is FORM_FIELDS:
            self._form_values = {}
        for field in fields:
            self._form_values[field] = _edit_text(row.get(field))
            self._set_widget_value(field, self._form_values[field])
            self._show_error(field, None)
        head = f"{t('inv.detail.device', device=device_id)} — {row.get('manufacturer') or ''} "
        self.query_one("#inv-detail-head", Static).update(f"{head}{row.get('model') or ''}")

    def _set_widget_value(self, field: str, text: str) -> None:
        widget = self.query_one(f"#fld-{field}")
        if isinstance(widget, Select):
            widget.value = text if text else Select.NULL
        elif isinstance(widget, Input):
            widget.value = text

    def _widget_text(self, field: str) -> str:
        widget = self.query_one(f"#fld-{field}")
        if isinstance(widget, Select):
            return "" if widget.value == Select.NULL else str(widget.value)
        return cast(Input, widget).value

    def _show_error(self, field: str, message: str | None) -> None:
        error = self.query_one(f"#err-{field}", Static)
        error.update(message or "")
        error.display = message is not None
        self.query_one(f"#fld-{field}").set_class(message is not None, "-invalid")

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-detail")
    def _detail_worker(self, device_id: int) -> None:
        self.post_message(self.DetailLoaded(device_id, self.detail_text(device_id)))

    def detail_text(self, device_id: int) -> str:
        """The fields the form does not edit, history and footprint trace of one device."""
        ctx = self.ctx
        fleet = ctx.fleet()
        row = fleet.loc[device_id]
        lines = [t("inv.detail.specs").upper()]
        for field in SPEC_FIELDS:
            value = row.get(field)
            if field in FORM_FIELDS or is_missing(value) or value == "":
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
            lines.append(t("app.error", message=said(error)))
        return "\n".join(lines)

    def on_inventory_screen_detail_loaded(self, message: DetailLoaded) -> None:
        if message.device_id == self._detail_id:
            self.query_one("#inv-detail-text", Static).update(message.text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and str(event.worker.group).startswith("inventory"):
            error = event.worker.error or RuntimeError("?")
            self.report_error(str(error) if isinstance(error, ServiceError) else error)

    # -- edit in place ------------------------------------------------------------------

    @on(Input.Submitted, ".form-field")
    @on(Button.Pressed, "#inv-save")
    def action_save_record(self) -> None:
        """Write the fields the user changed, all or none. A refused field keeps what
        was typed, says why below it in words, and nothing is written."""
        device_id = self._detail_id
        if device_id is None:
            return
        changes = {
            f: text for f in FORM_FIELDS if (text := self._widget_text(f)) != self._form_values[f]
        }
        for field in FORM_FIELDS:
            self._show_error(field, None)
        if not changes:
            self.notify(t("inv.form.nothing"), timeout=3)
            return
        try:
            with self.ctx.uow() as uow:
                changed = edit_fields(uow, device_id, changes, self._actor)
        except FieldErrors as refused:
            for field, message in refused.errors.items():
                self._show_error(field, said(message))
            first = next(iter(refused.errors))
            self.query_one(f"#fld-{first}").focus()
            self.notify(t("inv.form.refused", count=len(refused.errors)), severity="error")
            return
        except ServiceError as error:
            self.report_error(str(error))
            return
        self._form_values.update(changes)
        self.notify(
            t("inv.done.edit", device=device_id, fields=", ".join(t(f"field.{f}") for f in changed))
            if changed
            else t("inv.form.nothing"),
            timeout=3,
        )
        self._refresh_after([device_id])

    @on(Button.Pressed, "#inv-reset")
    def _reset_form(self) -> None:
        for field in FORM_FIELDS:
            self._set_widget_value(field, self._form_values.get(field, ""))
            self._show_error(field, None)

    # -- actions on the selection -------------------------------------------------------

    def action_change_status(self) -> None:
        from ..dialogs.device_actions import StatusChange, StatusDialog

        ids = self.selection()
        if not ids:
            return

        def change(uow: UnitOfWork, answer: StatusChange) -> list[int]:
            return change_status(uow, ids, answer.status, self._actor, answer.note)

        current = self._common("status", ids)
        self._ask(
            ids,
            StatusDialog(ids, current),
            change,
            lambda answer, n: t("inv.done.status", count=n, status=term("status", answer.status)),
        )

    def action_transfer(self) -> None:
        from ..dialogs.device_actions import TransferDialog

        ids = self.selection()
        if not ids:
            return

        def change(uow: UnitOfWork, entity: str) -> list[int]:
            return transfer_devices(uow, ids, entity, self._actor)

        current = self._common("entity", ids)
        self._ask(
            ids,
            TransferDialog(ids, self.ctx.entity_names(), current),
            change,
            lambda entity, n: t("inv.done.transfer", count=n, entity=entity),
        )

    def action_move_site(self) -> None:
        from ..dialogs.device_actions import SiteDialog

        ids = self.selection()
        if not ids or self._fleet is None:
            return
        entities = self._fleet.loc[ids, "entity_id"].unique()
        held = self._fleet.loc[self._fleet["entity_id"].isin(entities), "site"].dropna()
        sites = sorted({str(s) for s in held if str(s)}, key=sort_key)

        def change(uow: UnitOfWork, site: str) -> list[int]:
            return move_to_site(uow, ids, site, self._actor)

        self._ask(
            ids,
            SiteDialog(ids, sites),
            change,
            lambda site, n: t("inv.done.site", count=n, site=site or t("common.none")),
        )

    def action_flag_reuse(self) -> None:
        from ..dialogs.device_actions import ReuseMarkDialog

        ids = self.selection()
        if not ids:
            return

        def change(uow: UnitOfWork, flagged: bool) -> list[int]:
            return flag_devices(uow, ids, self._actor, flagged)

        self._ask(
            ids,
            ReuseMarkDialog(ids),
            change,
            lambda flagged, n: t("inv.done.flag_on" if flagged else "inv.done.flag_off", count=n),
        )

    def action_set_retirement(self) -> None:
        from ..dialogs.device_actions import RetirementDialog

        ids = self.selection()
        if not ids:
            return

        def change(uow: UnitOfWork, text: str) -> list[int]:
            return edit_devices(uow, ids, "retirement_date", text, self._actor)

        self._ask(
            ids,
            RetirementDialog(ids),
            change,
            lambda text, n: t("inv.done.retire", count=n, date=text or t("common.none")),
        )

    def _common(self, column: str, ids: list[int]) -> str | None:
        """The value of ``column`` shared by every device of the selection, if any."""
        if self._fleet is None:
            return None
        values = self._fleet.loc[ids, column].dropna().unique()
        return str(values[0]) if len(values) == 1 else None

    @property
    def _actor(self) -> str:
        return self.ctx.settings.actor

    def _ask(
        self,
        ids: list[int],
        dialog: EcoModal,
        change: Callable[[UnitOfWork, Any], list[int]],
        done: Callable[[Any, str], str],
    ) -> None:
        """Show ``dialog``; once answered (not cancelled), apply ``change`` with the
        answer in a worker and confirm with the message ``done`` makes of it."""

        def answered(answer: Any) -> None:
            if answer is not None:
                self._change_worker(ids, lambda uow: change(uow, answer), answer, done)

        self.app.push_screen(dialog, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-change")
    def _change_worker(
        self,
        ids: list[int],
        change: Callable[[UnitOfWork], list[int]],
        answer: Any,
        done: Callable[[Any, str], str],
    ) -> None:
        """One unit of work for the whole selection: every device takes the change or
        none does (services.inventory); a refusal is reported by the worker handler."""
        with self.ctx.uow() as uow:
            changed = change(uow)
        self.from_worker(self._refresh_after, ids)
        self.post_message(self.Changed(done(answer, fmt_number(len(changed)))))

    def on_inventory_screen_changed(self, message: Changed) -> None:
        self.notify(message.text, timeout=4)

    def _refresh_after(self, ids: list[int]) -> None:
        """Show the devices as they now are: one device is patched in the cached fleet,
        a selection reads the fleet again; the cursor and the record stay."""
        if len(ids) == 1:
            self.ctx.patch_device(ids[0])
        else:
            self.ctx.reload()
        self._reload_in_place()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-load")
    def _reload_in_place(self) -> None:
        self.from_worker(self._reloaded, *self._read())

    def _reloaded(
        self, revision: int, fleet: pd.DataFrame, display: pd.DataFrame, haystack: pd.Series
    ) -> None:
        table = self.query_one("#inv-table", FrameTable)
        cursor = table.cursor_row
        self._loaded(revision, fleet, display, haystack)
        if 0 <= cursor < table.row_count:
            table.move_cursor(row=cursor)
        if self._detail_id is not None:
            self._fill_form(self._detail_id)

    # -- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        from ..dialogs.device_actions import ExportDialog

        if self._fleet is None:
            return
        default = Path.cwd() / f"{t('inv.export.stem')}-{self.ctx.today:%Y-%m-%d}.xlsx"
        rows, ids = len(self._rows), self._shown_ids.copy()

        def answered(path: Path | None) -> None:
            if path is not None:
                self._export_worker(ids, path)

        self.app.push_screen(ExportDialog(rows, default), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inventory-export")
    def _export_worker(self, ids: np.ndarray, path: Path) -> None:
        fleet = self.ctx.fleet()
        written = export_view(export_frame(fleet.loc[ids]), path, t("inv.export.sheet"), language())
        self.post_message(
            self.Changed(t("inv.export.done", rows=fmt_number(len(ids)), path=written))
        )


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
    """A cached value as the user would type it: dates and the decimal comma as the
    language writes them (dd/mm/yyyy and « 1,5 » in French, ISO and « 1.5 » in English;
    the field reads either)."""
    if is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime(date_format())
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
