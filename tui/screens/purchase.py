"""Purchase: a buyer's planned purchase, bought new, bought refurbished, or put off
by keeping the current devices one more year — side by side.

The lines (category, quantity, unit prices € HT new and refurbished, lifespan)
are typed in the form or imported from a CSV or xlsx file; the comparison is
:func:`services.scenarios.workspace_purchase` (the scenario engine, on the app's
cached fleet and active factor set), run in a thread worker when the screen
opens (with the form's example line) and on « Comparer ». The purchase is saved
as a named scenario and exported as a workbook (docs/scenarios.md, « Comparer
un achat »).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from factors.text import parse_decimal
from factors.vocabulary import CATEGORIES
from footprint.scenarios import ScenarioError
from footprint.scenarios.prices import PRICE_TABLE
from footprint.scenarios.purchase import (
    Purchase,
    PurchaseComparison,
    PurchaseLine,
    write_purchase_xlsx,
)
from services.errors import ServiceError, writing
from services.scenarios import read_purchase, save_purchase, workspace_purchase

from ..i18n import category_label, fmt_number, fmt_percent, language, said, t
from ..widgets.fitting_input import FittingInput
from ..widgets.frame_table import FrameTable
from ..widgets.path_suggester import PathSuggester
from .base import EcoScreen

#: The form's first line: what a buyer most often buys, at the default prices.
EXAMPLE = ("laptop", 50, 5)
#: Columns of the lines table, in order.
LINE_COLUMNS = ("category", "quantity", "price_new", "price_refurbished", "lifespan")


def options_frame(comparison: PurchaseComparison) -> tuple[pd.DataFrame, list[str]]:
    """The options side by side, one column each, one row per measure, as display
    strings, with the column headings: three option columns and the measures' names
    fit 80 columns, where seven measure columns did not fit 100 (t CO2e for the totals,
    kg for the differences, which are small; every measure says its unit)."""
    table = comparison.table()
    year = comparison.purchase.year
    measures = {
        "year_eur": [fmt_number(v) for v in table["year_eur"]],
        "horizon_eur": [fmt_number(v) for v in table["horizon_eur"]],
        "gwp_t": [fmt_number(v / 1000, 2) for v in table["gwp_kg"]],
        "avoided_kg": [fmt_number(v) for v in table["avoided_gwp_kg"]],
        "agec": [fmt_percent(v, 1) for v in table["agec_share"]],
        "weee": [fmt_number(v) for v in table["avoided_weee_kg"]],
    }
    frame = pd.DataFrame(
        [[t(f"pur.col.{m}", year=year), *values] for m, values in measures.items()],
        columns=["measure", *table["option"]],
    )
    return frame, ["", *table["label"]]


def lines_frame(lines: list[PurchaseLine]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": [category_label(line.category) for line in lines],
            "quantity": [fmt_number(line.quantity) for line in lines],
            "price_new": [fmt_number(line.price_new, 2) for line in lines],
            "price_refurbished": [fmt_number(line.price_refurbished, 2) for line in lines],
            "lifespan": [fmt_number(line.lifespan) for line in lines],
        },
        columns=list(LINE_COLUMNS),
    )


class PurchaseScreen(EcoScreen):
    """Compare a planned purchase: new, refurbished, or kept one more year."""

    TITLE_KEY = "screen.purchase"
    BINDINGS = [
        *EcoScreen.BINDINGS,
        Binding("ctrl+t", "run", "pur.run"),
        Binding("ctrl+n", "add_line", "pur.add"),
        Binding("ctrl+o", "import_file", "pur.import"),
        Binding("ctrl+s", "save", "pur.save"),
        Binding("ctrl+g", "export", "pur.export"),
    ]

    class Ready(Message):
        def __init__(self, comparison: PurchaseComparison) -> None:
            super().__init__()
            self.comparison = comparison

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[PurchaseLine] = []
        self.comparison: PurchaseComparison | None = None

    # -- layout ---------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        category, quantity, lifespan = EXAMPLE
        price = PRICE_TABLE[category]
        with Horizontal(classes="filters", id="pur-line"):
            yield Select(
                [(category_label(c), c) for c in CATEGORIES],
                value=category,
                allow_blank=False,
                id="pur-category",
            )
            yield Label(t("pur.quantity"))
            yield Input(str(quantity), id="pur-quantity")
            yield Label(t("pur.price_new"))
            yield Input(fmt_number(price.new), id="pur-price-new")
            yield Label(t("pur.price_refurb"))
            yield Input(fmt_number(price.refurbished), id="pur-price-refurb")
            yield Label(t("pur.lifespan"))
            yield Input(str(lifespan), id="pur-lifespan")
        with Horizontal(classes="filters"):
            yield Label(t("pur.year"))
            yield Input(str(self.ctx.today.year), id="pur-year")
            yield Button(t("pur.add"), id="pur-add")
            yield Button(t("pur.clear"), id="pur-clear")
            yield FittingInput(
                t("pur.file"),
                t("pur.file_short"),
                t("pur.file_shorter"),
                suggester=PathSuggester(),
                id="pur-file",
            )
            yield Button(t("pur.import"), id="pur-import")
        with Horizontal(classes="filters"):
            yield Input(placeholder=t("pur.name"), id="pur-name")
            yield Button(t("pur.save"), id="pur-save")
            yield FittingInput(t("pur.output"), t("pur.output_short"), id="pur-output")
            yield Button(t("pur.export"), id="pur-export")
            yield Button(t("pur.run"), id="pur-run", variant="primary")
        yield Static("", id="pur-status", markup=False)
        yield FrameTable(id="pur-lines")
        yield FrameTable(id="pur-options")

    def populate(self) -> None:
        # Compared on open (the example line, at once) and again after a language
        # switch: the options' names are worded by the comparison itself.
        self._show_lines()
        self.action_run()

    def scope_changed(self) -> None:
        if self.is_mounted:
            self.action_run()

    def fleet_changed(self) -> None:
        self.action_run()

    # -- form -----------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#pur-status", Static).update(text)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _number(self, widget_id: str, field: str) -> float:
        text = self._value(widget_id)
        try:
            return parse_decimal(text)
        except (ValueError, OverflowError):
            raise ScenarioError(t("pur.bad_number", field=field, value=text)) from None

    def _whole(self, widget_id: str, field: str) -> int:
        value = self._number(widget_id, field)
        if value != int(value):
            raise ScenarioError(t("pur.bad_whole", field=field, value=self._value(widget_id)))
        return int(value)

    def form_line(self) -> PurchaseLine:
        """The line the form shows (ScenarioError naming the field when one is wrong)."""
        return PurchaseLine(
            category=str(self.query_one("#pur-category", Select).value),
            quantity=self._whole("pur-quantity", t("pur.quantity")),
            price_new=self._number("pur-price-new", t("pur.price_new")),
            price_refurbished=self._number("pur-price-refurb", t("pur.price_refurb")),
            lifespan=self._whole("pur-lifespan", t("pur.lifespan")),
        )

    def purchase(self) -> Purchase:
        """The lines added, else the form's line, bought in the form's year."""
        lines = tuple(self.lines) or (self.form_line(),)
        year = self._whole("pur-year", t("pur.year"))
        return Purchase(lines, year, self._value("pur-name"))

    @on(Button.Pressed, "#pur-add")
    def action_add_line(self) -> None:
        """Add the form's line (replacing the line of the same category)."""
        try:
            line = self.form_line()
        except ScenarioError as exc:
            self._status(said(exc))
            return
        self.lines = [x for x in self.lines if x.category != line.category] + [line]
        self._show_lines()
        self._status(t("pur.added", category=category_label(line.category)))

    @on(Button.Pressed, "#pur-clear")
    def _clear(self) -> None:
        self.lines = []
        self._show_lines()

    def _show_lines(self) -> None:
        """The lines added (hidden while the form's own line is the purchase)."""
        table = self.query_one("#pur-lines", FrameTable)
        table.display = bool(self.lines)
        table.show_frame(lines_frame(self.lines), [t(f"pur.line.{c}") for c in LINE_COLUMNS])

    @on(Input.Submitted, "#pur-file")
    @on(Button.Pressed, "#pur-import")
    def action_import_file(self) -> None:
        text = self._value("pur-file")
        if not text:
            self._status(t("pur.need_file"))
            return
        path = Path(text).expanduser()
        try:
            year = self._whole("pur-year", t("pur.year"))
            purchase = read_purchase(path, year)
        except (ScenarioError, ServiceError) as exc:
            self._status(said(exc))
            return
        self.lines = list(purchase.lines)
        self._show_lines()
        self._status(t("pur.imported", count=len(self.lines), file=path.name))
        self.action_run()

    @on(Button.Pressed, "#pur-save")
    def action_save(self) -> None:
        name = self._value("pur-name")
        if not name:
            self._status(t("pur.need_name"))
            return
        try:
            purchase = self.purchase()
            with self.ctx.uow() as uow:
                save_purchase(uow, name, purchase, language())
        except (ScenarioError, ServiceError) as exc:
            self._status(said(exc))
            return
        self._status(t("pur.saved", name=name))

    @on(Button.Pressed, "#pur-export")
    def action_export(self) -> None:
        text = self._value("pur-output")
        if not text:
            self._status(t("pur.need_output"))
            return
        if self.comparison is None:
            self._status(t("pur.working"))
            return
        path = Path(text).expanduser().resolve()
        try:
            with writing(path):
                write_purchase_xlsx(self.comparison, path, language())
        except ServiceError as exc:
            self._status(said(exc))
            return
        self._status(t("pur.exported", path=path))

    # -- comparison -------------------------------------------------------------------

    @on(Button.Pressed, "#pur-run")
    def action_run(self) -> None:
        try:
            purchase = self.purchase()
        except ScenarioError as exc:
            self._status(said(exc))
            return
        self._status(t("pur.working"))
        self._worker(purchase, self.ctx.entity, language())

    @work(thread=True, exclusive=True, exit_on_error=False, group="purchase")
    def _worker(self, purchase: Purchase, entity: str | None, lang: str) -> None:
        self.post_message(self.Ready(workspace_purchase(self.ctx, entity, purchase, lang)))

    def on_purchase_screen_ready(self, message: Ready) -> None:
        self.comparison = message.comparison
        self._show(message.comparison)

    def _show(self, comparison: PurchaseComparison) -> None:
        first, last = comparison.purchase.horizon
        reused, total = comparison.bought_before
        self._status(
            t(
                "pur.done",
                year=comparison.purchase.year,
                first=first,
                last=last,
                scope=self.ctx.entity or t("app.scope_all"),
                factor_set=comparison.comparison.baseline.factor_set,
                total=fmt_number(total),
                reused=fmt_number(reused),
            )
        )
        self.query_one("#pur-options", FrameTable).show_frame(*options_frame(comparison))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "purchase":
            self._status("")
            self.report_error(event.worker.error or RuntimeError("?"))
