"""Scenarios: edit a scenario per category, compare it with others, save it.

The form edits one scenario (starting from a preset or a saved one); the
comparison runs when the screen opens (the baseline and the scenarios ticked by
default), again on « Comparer », and again when the scope or the fleet changed
elsewhere. It runs the edited scenario with the ticked ones, the baseline always first, in a
thread worker on the app's cached fleet with the active factor set and scope.
The results are the side-by-side table, a chart of each scenario's yearly
footprint and the per-category parameters the edited scenario ran with (with
where each value comes from). The computation is :mod:`footprint.scenarios`,
the same use cases as ``ecoparc scenario compare`` (:mod:`services.scenarios`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from factors.text import parse_decimal
from factors.vocabulary import CATEGORIES, METHODS
from footprint.scenarios import (
    BASELINE,
    PRESET_NAMES,
    Comparison,
    FleetBase,
    ScenarioError,
    ScenarioParams,
    is_preset,
    preset,
    preset_label,
)
from footprint.scenarios.compare import PLAN_LABELS, plan_frame
from services.errors import ServiceError
from services.scenarios import compare_scenarios, resolve, save, saved_names, workspace_base

from ..i18n import (
    category_label,
    fmt_number,
    fmt_percent,
    language,
    register_messages,
    said,
    t,
    term,
)
from ..widgets.charts import value_ticks
from ..widgets.frame_table import FrameTable
from .base import EcoScreen

#: Name given to the edited scenario until the user names it.
EDITED = "édité"
#: Cells a compact list takes beside its choice: the arrow and the blanks around it.
LIST_CHROME = 4
#: Widest column of the result tables: a preset's label (38) or a category's (32) whole.
LABEL_WIDTH = 40
#: Scenarios ticked for comparison when the screen opens.
DEFAULT_COMPARED = ("extend-2", "refurb-50")

register_messages(
    {
        "screen.scenarios": "Scénarios",
        "scn.start": "Départ",
        "scn.horizon": "Horizon",
        "scn.method": "Méthode",
        "scn.extend": "+ années",
        "scn.share": "Part reconditionnée",
        "scn.growth": "Croissance/an",
        "scn.category": "Catégorie",
        "scn.age": "Âge",
        "scn.cat_share": "Part",
        "scn.price_new": "Prix neuf",
        "scn.price_refurb": "Prix recond.",
        "scn.apply": "Appliquer",
        "scn.name": "Nom",
        "scn.save": "Enregistrer",
        "scn.run": "Comparer",
        "scn.compare_with": "Comparer avec",
        "scn.working": "Projection en cours…",
        "scn.saved": "Scénario enregistré : {name}",
        "scn.applied": "{category} : paramètres appliqués",
        "scn.bad_number": "{field} : nombre attendu, pas « {value} »",
        "scn.preset_name": "« {name} » est un scénario prédéfini : choisissez un autre nom",
        "scn.chart": "Empreinte annuelle (t CO2e)",
        "scn.done": "{count} scénarios sur {first}–{last} · {factor_set} · {method}",
        "scn.col.name": "Scénario",
        "scn.col.label": "Libellé",
        "scn.col.total": "t CO2e",
        "scn.col.avoided": "t CO2e évitées",
        "scn.col.change": "Écart",
        "scn.col.eur": "Achats € HT",
        "scn.col.delta_eur": "Écart € HT",
        "scn.col.weee": "DEEE kg évités",
        "scn.col.agec": "Part AGEC",
        "scn.col.category": "Catégorie",
        "scn.blank": "auto",
        "scn.edited_from": "d'après « {label} »",
    },
    {
        "screen.scenarios": "Scenarios",
        "scn.start": "Start",
        "scn.horizon": "Horizon",
        "scn.method": "Method",
        "scn.extend": "+ years",
        "scn.share": "Refurbished share",
        "scn.growth": "Growth/yr",
        "scn.category": "Category",
        "scn.age": "Age",
        "scn.cat_share": "Share",
        "scn.price_new": "New price",
        "scn.price_refurb": "Refurb. price",
        "scn.apply": "Apply",
        "scn.name": "Name",
        "scn.save": "Save",
        "scn.run": "Compare",
        "scn.compare_with": "Compare with",
        "scn.working": "Projecting…",
        "scn.saved": "Scenario saved: {name}",
        "scn.applied": "{category}: parameters applied",
        "scn.bad_number": "{field}: a number is expected, not “{value}”",
        "scn.preset_name": "“{name}” is a preset: choose another name",
        "scn.chart": "Yearly footprint (t CO2e)",
        "scn.done": "{count} scenarios over {first}–{last} · {factor_set} · {method}",
        "scn.col.name": "Scenario",
        "scn.col.label": "Label",
        "scn.col.total": "t CO2e",
        "scn.col.avoided": "t CO2e avoided",
        "scn.col.change": "Change",
        "scn.col.eur": "Purchases €",
        "scn.col.delta_eur": "Difference €",
        "scn.col.weee": "WEEE kg avoided",
        "scn.col.agec": "AGEC share",
        "scn.col.category": "Category",
        "scn.blank": "auto",
        "scn.edited_from": "from “{label}”",
    },
)


class TrajectoryChart(PlotextPlot):
    """One line per scenario: its footprint year by year (the baseline first)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._years: list[int] = []
        self._series: dict[str, list[float]] = {}

    def on_mount(self) -> None:
        super().on_mount()
        self.replot()

    def show(self, years: list[int], series: dict[str, list[float]]) -> None:
        self._years, self._series = years, series
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = t("scn.chart")
        for name, values in self._series.items():
            plt.plot(self._years, values, label=name, marker="braille")
        if self._years:
            plt.xticks([float(y) for y in self._years], [str(y) for y in self._years])
            top = max((max(v) for v in self._series.values() if v), default=0.0)
            top = top * 1.15 if top > 0 else 1.0
            plt.ylim(0, top)
            # The axis in the language's number format (plotext's own: 161.2 in French).
            plt.yticks(*value_ticks(top))
        self.refresh()


def parse_number(text: str, field: str) -> float | None:
    """The number typed in a field (decimal comma accepted), None when blank."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except (ValueError, OverflowError):
        raise ScenarioError(t("scn.bad_number", field=field, value=text)) from None


def summary_table(comparison: Comparison) -> pd.DataFrame:
    """The side-by-side table as display strings."""
    summary = comparison.summary()
    return pd.DataFrame(
        {
            "name": summary["name"],
            "label": summary["label"],
            "total": [fmt_number(v / 1000, 1) for v in summary["total_gwp_kg"]],
            "avoided": [fmt_number(v / 1000, 1) for v in summary["avoided_gwp_kg"]],
            "change": [fmt_percent(v / 100, 1) for v in summary["change_pct"]],
            "eur": [fmt_number(v) for v in summary["purchases_eur"]],
            "delta_eur": [fmt_number(v) for v in summary["delta_eur"]],
            "weee": [fmt_number(v) for v in summary["avoided_weee_kg"]],
            "agec": [fmt_percent(v, 1) for v in summary["agec_share"]],
        }
    )


def plan_table(comparison: Comparison, name: str) -> tuple[pd.DataFrame, list[str]]:
    """The per-category parameters the scenario ``name`` ran with, and their headings."""
    result = next(r for r in comparison.results if r.name == name)
    lang = language()
    plan = plan_frame(result, lang)
    shown = pd.DataFrame({"category": [category_label(c) for c in plan.index]})
    for column in plan.columns:
        values = plan[column].tolist()
        if column == "refurbished_share":
            shown[column] = [fmt_percent(v) for v in values]
        elif column.endswith("_source"):
            shown[column] = [str(v) for v in values]
        else:
            shown[column] = [fmt_number(v, 1) for v in values]
    labels = [t("scn.col.category")] + [
        PLAN_LABELS[c][0 if lang == "fr" else 1] for c in plan.columns
    ]
    return shown, labels


@dataclass(frozen=True)
class ScenarioView:
    comparison: Comparison
    edited: str


class ScenariosScreen(EcoScreen):
    """Edit, compare and save procurement scenarios."""

    TITLE_KEY = "screen.scenarios"
    #: Control keys, so that they work from the form's fields too.
    BINDINGS = [
        Binding("ctrl+t", "run", "scn.run"),
        Binding("ctrl+s", "save", "scn.save"),
        Binding("ctrl+b", "apply_category", "scn.apply"),
    ]

    class Ready(Message):
        def __init__(self, view: ScenarioView) -> None:
            super().__init__()
            self.view = view

    def __init__(self) -> None:
        super().__init__()
        self.params = preset(BASELINE).with_changes(name=EDITED, label="")
        self.view: ScenarioView | None = None
        self._bases: dict[tuple[Any, ...], FleetBase] = {}
        self._starts: list[tuple[str, str]] = []

    # -- layout ---------------------------------------------------------------------

    def _saved_names(self) -> list[str]:
        with self.ctx.uow() as uow:
            return saved_names(uow)

    def compose_body(self) -> ComposeResult:
        first, last = self.params.years(self.ctx.today)
        saved = self._saved_names()
        self._starts = [(f"{n} — {preset_label(n, language())}", n) for n in PRESET_NAMES]
        self._starts += [(n, n) for n in saved]
        categories = [(category_label(c), c) for c in CATEGORIES]
        # One-line rows of compact fields (docs/tui.md §2): which scenario, how it is
        # computed, its levers, a category and its values. Each reads whole at 100
        # columns whatever is chosen, and at 80 as first shown (a longer choice
        # scrolls its row sideways).
        with Horizontal(classes="filters compact-row"):
            yield Label(t("scn.start"))
            yield Select(
                self._starts, value=BASELINE, allow_blank=False, id="scn-start", compact=True
            )
            yield Label(t("scn.name"))
            yield Input(self.params.name, id="scn-name", compact=True)
            yield Button(t("scn.save"), id="scn-save", compact=True)
        with Horizontal(classes="filters compact-row"):
            yield Label(t("scn.horizon"))
            yield Input(str(first), id="scn-first", compact=True)
            yield Input(str(last), id="scn-last", compact=True)
            yield Label(t("scn.method"))
            yield Select(
                [(term("method", m), m) for m in METHODS],
                value=self.params.method,
                allow_blank=False,
                id="scn-method",
                compact=True,
            )
            yield Button(t("scn.run"), id="scn-run", variant="primary", compact=True)
        with Horizontal(classes="filters compact-row"):
            yield Label(t("scn.extend"))
            yield Input(fmt_number(self.params.extend_years, 1), id="scn-extend", compact=True)
            yield Label(t("scn.share"))
            yield Input(fmt_number(self.params.refurbished_share, 2), id="scn-share", compact=True)
            yield Label(t("scn.growth"))
            yield Input(fmt_number(self.params.growth, 3), id="scn-growth", compact=True)
        with Horizontal(classes="filters compact-row"):
            yield Label(t("scn.category"))
            yield Select(
                categories, value="laptop", allow_blank=False, id="scn-category", compact=True
            )
        with Horizontal(classes="filters compact-row", id="scn-category-values"):
            for field, label in (
                ("scn-age", "scn.age"),
                ("scn-cat-share", "scn.cat_share"),
                ("scn-price-new", "scn.price_new"),
                ("scn-price-refurb", "scn.price_refurb"),
            ):
                yield Label(t(label))
                yield Input(
                    placeholder=t("scn.blank"), id=field, classes="per-category", compact=True
                )
            yield Button(t("scn.apply"), id="scn-apply", compact=True)
        yield Static("", id="scn-status")
        with Horizontal(id="scn-results"):
            with Vertical(id="scn-left"):
                yield FrameTable(id="scn-summary", max_width=LABEL_WIDTH)
                yield TrajectoryChart(id="scn-chart")
                yield FrameTable(id="scn-plan", max_width=LABEL_WIDTH)
            compared = [n for n in PRESET_NAMES if n != BASELINE] + saved
            yield SelectionList[str](
                *((n, n, n in DEFAULT_COMPARED) for n in compared), id="scn-compare"
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#scn-compare", SelectionList).border_title = t("scn.compare_with")
        self._show_category()
        self._fit_lists()

    @on(Select.Changed, "#scn-start, #scn-category")
    def _fit_lists(self) -> None:
        """The starting scenario and the category lists as wide as their choice, so that
        both rows read whole at 100 columns whatever is chosen; their open lists as
        wide as their longest choice."""
        for widget_id, prompts in (
            ("#scn-start", {value: prompt for prompt, value in self._starts}),
            ("#scn-category", {c: category_label(c) for c in CATEGORIES}),
        ):
            select = self.query_one(widget_id, Select)
            chosen = prompts.get(str(select.value), "")
            select.styles.width = cell_len(chosen) + LIST_CHROME
            widest = max(map(cell_len, prompts.values()))
            select.query_one("SelectOverlay").styles.width = widest + LIST_CHROME + 1

    def populate(self) -> None:
        if self.view is not None:
            self._show(self.view)
        else:  # compare on open: the screen is never empty
            self.action_run()

    def scope_changed(self) -> None:
        self.view = None
        if self.is_mounted:
            self.action_run()

    def fleet_changed(self) -> None:
        self.action_run()

    # -- form -----------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#scn-status", Static).update(text)

    def _input(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def read_form(self) -> ScenarioParams:
        """The edited scenario as the form shows it (ScenarioError when a field is wrong)."""
        first = parse_number(self._input("scn-first"), t("scn.horizon"))
        last = parse_number(self._input("scn-last"), t("scn.horizon"))
        horizon = (int(first), int(last)) if first is not None and last is not None else None
        name = self._input("scn-name").strip() or EDITED
        return self.params.with_changes(
            name=name,
            label=self.params.label if name == self.params.name else name,
            horizon=horizon,
            method=str(self.query_one("#scn-method", Select).value),
            extend_years=parse_number(self._input("scn-extend"), t("scn.extend")) or 0.0,
            refurbished_share=parse_number(self._input("scn-share"), t("scn.share")) or 0.0,
            growth=parse_number(self._input("scn-growth"), t("scn.growth")) or 0.0,
        )

    def _fill_form(self) -> None:
        p = self.params
        first, last = p.years(self.ctx.today)
        values = {
            "scn-first": str(first),
            "scn-last": str(last),
            "scn-extend": fmt_number(p.extend_years, 1),
            "scn-share": fmt_number(p.refurbished_share, 2),
            "scn-growth": fmt_number(p.growth, 3),
            "scn-name": p.name,
        }
        for widget_id, value in values.items():
            self.query_one(f"#{widget_id}", Input).value = value
        self.query_one("#scn-method", Select).value = p.method
        self._show_category()

    @on(Select.Changed, "#scn-start")
    def _load_start(self, event: Select.Changed) -> None:
        name = str(event.value)
        try:
            with self.ctx.uow() as uow:
                start = resolve(uow, name, language())
            if is_preset(name):  # a preset is edited under a name of its own
                label = t("scn.edited_from", label=start.label) if name != BASELINE else ""
                start = start.with_changes(name=EDITED, label=label)
            self.params = start
        except (ScenarioError, ServiceError) as exc:
            self.report_error(exc)
            return
        self._fill_form()

    @on(Select.Changed, "#scn-category")
    def _show_category(self) -> None:
        category = str(self.query_one("#scn-category", Select).value)
        p = self.params

        def text(mapping: Any, digits: int) -> str:
            return fmt_number(mapping[category], digits) if category in mapping else ""

        self.query_one("#scn-age", Input).value = text(p.replacement_age, 1)
        self.query_one("#scn-cat-share", Input).value = text(p.refurbished_share_by_category, 2)
        self.query_one("#scn-price-new", Input).value = text(p.prices_new, 0)
        self.query_one("#scn-price-refurb", Input).value = text(p.prices_refurbished, 0)

    @on(Button.Pressed, "#scn-apply")
    def action_apply_category(self) -> None:
        """Set (or clear, when blank) the edited scenario's values for the category."""
        category = str(self.query_one("#scn-category", Select).value)
        fields = (
            ("scn-age", "replacement_age", t("scn.age")),
            ("scn-cat-share", "refurbished_share_by_category", t("scn.cat_share")),
            ("scn-price-new", "prices_new", t("scn.price_new")),
            ("scn-price-refurb", "prices_refurbished", t("scn.price_refurb")),
        )
        try:
            changes: dict[str, dict[str, float]] = {}
            for widget_id, key, label in fields:
                mapping = dict(getattr(self.params, key))
                value = parse_number(self._input(widget_id), label)
                if value is None:
                    mapping.pop(category, None)
                else:
                    mapping[category] = value
                changes[key] = mapping
            self.params = self.params.with_changes(**changes)
        except ScenarioError as exc:
            self._status(said(exc))
            return
        self._status(t("scn.applied", category=category_label(category)))

    @on(Button.Pressed, "#scn-save")
    def action_save(self) -> None:
        try:
            params = self.read_form()
        except ScenarioError as exc:
            self._status(said(exc))
            return
        if is_preset(params.name) or params.name == EDITED:
            self._status(t("scn.preset_name", name=params.name))
            return
        try:
            with self.ctx.uow() as uow:
                save(uow, params.name, params)
        except ServiceError as exc:
            self._status(said(exc))
            return
        self.params = params
        compared = self.query_one("#scn-compare", SelectionList)
        if params.name not in {o.value for o in compared.options if isinstance(o, Selection)}:
            compared.add_option((params.name, params.name))
        if params.name not in {value for _, value in self._starts}:
            self._starts.append((params.name, params.name))
            start = self.query_one("#scn-start", Select)
            start.set_options(self._starts)
            start.value = params.name
            self._fit_lists()
        self._status(t("scn.saved", name=params.name))

    # -- comparison -----------------------------------------------------------------

    @on(Button.Pressed, "#scn-run")
    def action_run(self) -> None:
        try:
            edited = self.read_form()
        except ScenarioError as exc:
            self._status(said(exc))
            return
        self.params = edited
        ticked = list(self.query_one("#scn-compare", SelectionList).selected)
        self._status(t("scn.working"))
        self._worker(edited, ticked, self.ctx.entity)

    @work(thread=True, exclusive=True, exit_on_error=False, group="scenarios")
    def _worker(self, edited: ScenarioParams, ticked: list[str], entity: str | None) -> None:
        ctx = self.ctx
        key = (ctx.revision, ctx.factor_set().name, entity)
        base = self._bases.get(key)
        if base is None:
            base = workspace_base(ctx, entity)
            self._bases = {key: base}
        with ctx.uow() as uow:
            others = [resolve(uow, n, language()) for n in ticked if n != edited.name]
        comparison = compare_scenarios(base, [edited, *others], edited.horizon, language())
        self.post_message(self.Ready(ScenarioView(comparison, edited.name)))

    def on_scenarios_screen_ready(self, message: Ready) -> None:
        self.view = message.view
        self._show(message.view)

    def _show(self, view: ScenarioView) -> None:
        comparison = view.comparison
        first, last = comparison.horizon
        self._status(
            t(
                "scn.done",
                count=len(comparison.results),
                first=first,
                last=last,
                factor_set=comparison.baseline.factor_set,
                method=term("method", comparison.baseline.params.method),
            )
        )
        table = summary_table(comparison)
        self.query_one("#scn-summary", FrameTable).show_frame(
            table, [t(f"scn.col.{c}") for c in table.columns]
        )
        trajectories = comparison.trajectories() / 1000.0
        self.query_one("#scn-chart", TrajectoryChart).show(
            [int(y) for y in trajectories.index],
            {str(c): trajectories[c].tolist() for c in trajectories.columns},
        )
        plan, labels = plan_table(comparison, view.edited)
        self.query_one("#scn-plan", FrameTable).show_frame(plan, labels)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "scenarios":
            self._status("")
            self.report_error(event.worker.error or RuntimeError("?"))
