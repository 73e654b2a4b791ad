"""Factors: the factor sets, their references with values and sources, which
devices each reference serves, how well the fleet is matched, and the choice of
the set every footprint of the app uses.

Matching the fleet against a set runs once per set in a thread worker (the
context caches it); the tables then only filter small frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from factors.factor_set import FactorSet
from factors.vocabulary import MATCH_LEVELS, PHASES
from services.factor_sets import SetInfo, available_sets

from ..context import AppContext
from ..i18n import category_label, criterion_label, fmt_number, fmt_percent, t, term
from ..widgets.fitting_input import FittingInput
from ..widgets.frame_table import FrameTable
from .base import EcoScreen

REFERENCE_COLUMNS: tuple[str, ...] = (
    "reference",
    "category",
    "manufacturer",
    "model",
    "lifespan",
    "kwh",
    "gwp",
    "devices",
)
SET_COLUMNS: tuple[str, ...] = ("name", "version", "kind", "references", "active")


@dataclass(frozen=True)
class SetView:
    """One set as the screen shows it: references with their use in the scope's fleet."""

    factor_set: FactorSet
    references: pd.DataFrame
    usage: pd.DataFrame
    coverage: dict[str, float]


def build_set_view(ctx: AppContext, name: str) -> SetView:
    factor_set = ctx.factor_set(name)
    fleet = ctx.scoped(ctx.resolved_fleet(name), ctx.entity)
    units = fleet["quantity"].to_numpy(dtype=np.float64)
    usage = (
        pd.DataFrame({"reference": fleet["reference"], "entity": fleet["entity"], "units": units})
        .groupby(["reference", "entity"], sort=True)["units"]
        .sum()
        .reset_index()
    )
    total = units.sum()
    levels = fleet["match_level"].astype("str").to_numpy()
    coverage = {
        level: float(units[levels == level].sum() / total) if total else 0.0
        for level in MATCH_LEVELS
    }
    refs = factor_set.references
    gwp = (
        factor_set.impacts.loc[factor_set.impacts["criterion"] == "gwp"]
        .groupby("reference")["value"]
        .sum()
    )
    devices = usage.groupby("reference")["units"].sum()
    references = pd.DataFrame(
        {
            "reference": refs["reference"].astype("str"),
            "category": refs["category"].map(category_label).astype("str"),
            "manufacturer": refs["manufacturer"].astype("str"),
            "model": refs["model"].astype("str"),
            "lifespan": refs["lifespan_years"].map(lambda v: fmt_number(v, 1)),
            "kwh": refs["annual_kwh"].map(lambda v: fmt_number(v, 1)),
            "gwp": refs["reference"].map(gwp).map(lambda v: fmt_number(v, 1)),
            "devices": refs["reference"].map(devices).fillna(0).map(fmt_number),
        }
    ).reset_index(drop=True)
    return SetView(factor_set, references, usage, coverage)


class FactorsScreen(EcoScreen):
    TITLE_KEY = "screen.factors"
    AUTO_FOCUS = "#fac-refs"
    BINDINGS = [
        Binding("u", "activate", "fac.activate"),
        Binding("slash", "focus_search", "inv.action.search"),
    ]

    class SetLoaded(Message):
        def __init__(self, view: SetView) -> None:
            super().__init__()
            self.view = view

    def __init__(self) -> None:
        super().__init__()
        self._sets: list[SetInfo] = []
        self._view: SetView | None = None
        self._shown: pd.DataFrame = pd.DataFrame()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="fac-body"):
            with Vertical(id="fac-left"):
                yield Static(t("fac.sets"), classes="section-title")
                yield FrameTable(labels=self._set_labels(), id="fac-sets")
                yield Static(t("fac.references"), classes="section-title")
                yield FittingInput(t("fac.search"), t("fac.search_short"), id="fac-search")
                yield FrameTable(labels=self._ref_labels(), id="fac-refs")
            with VerticalScroll(id="fac-side"):
                yield Static("", id="fac-active", markup=False)
                yield Static("", id="fac-coverage", markup=False)
                yield Static("", id="fac-detail", markup=False)

    @staticmethod
    def _set_labels() -> list[str]:
        return [t(f"fac.setcol.{c}") for c in SET_COLUMNS]

    @staticmethod
    def _ref_labels() -> list[str]:
        return [t(f"fac.col.{c}") for c in REFERENCE_COLUMNS]

    def populate(self) -> None:
        self.load_sets()

    def on_screen_resume(self) -> None:
        self._show_active()

    def scope_changed(self) -> None:
        if self.is_mounted and self._view is not None:
            self.load_set(self._view.factor_set.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="factors-sets")
    def load_sets(self) -> None:
        with self.ctx.uow() as uow:
            sets = available_sets(uow)
        active = self.ctx.factor_set().name
        self.from_worker(self._sets_loaded, sets, active)

    def _sets_loaded(self, sets: list[SetInfo], active: str) -> None:
        self._sets = sets
        self._show_sets(active)
        self._show_active()
        index = next((i for i, s in enumerate(sets) if s.name == active), 0)
        self.query_one("#fac-sets", FrameTable).move_cursor(row=index)
        self.load_set(sets[index].name)

    def _show_sets(self, active: str) -> None:
        rows = pd.DataFrame(
            {
                "name": [s.name for s in self._sets],
                "version": [s.version for s in self._sets],
                "kind": [t("fac.builtin" if s.builtin else "fac.imported") for s in self._sets],
                "references": [
                    fmt_number(s.references) if s.references is not None else "" for s in self._sets
                ],
                "active": ["✓" if s.name == active else "" for s in self._sets],
            }
        )
        self.query_one("#fac-sets", FrameTable).show_frame(rows, self._set_labels())

    def _show_active(self) -> None:
        if self._sets:
            name = self.ctx.factor_set().name
            self.query_one("#fac-active", Static).update(t("fac.active", name=name))

    def load_set(self, name: str) -> None:
        self._set_worker(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="factors-set")
    def _set_worker(self, name: str) -> None:
        self.post_message(self.SetLoaded(build_set_view(self.ctx, name)))

    def on_factors_screen_set_loaded(self, message: SetLoaded) -> None:
        self._view = message.view
        coverage = "\n".join(
            t("fac.coverage.line", level=term("match", level), share=fmt_percent(share, 1))
            for level, share in message.view.coverage.items()
        )
        scope = self.ctx.entity or t("app.scope_all")
        self.query_one("#fac-coverage", Static).update(
            f"{t('fac.coverage', set=message.view.factor_set.name)} — {scope}\n{coverage}\n"
        )
        self._refilter()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and str(event.worker.group).startswith("factors"):
            self.report_error(event.worker.error or RuntimeError("?"))

    def _refilter(self) -> None:
        if self._view is None:
            return
        refs = self._view.references
        text = self.query_one("#fac-search", Input).value.lower().split()
        if text:
            haystack = (
                refs["reference"]
                + " "
                + refs["category"]
                + " "
                + refs["manufacturer"]
                + " "
                + refs["model"]
            ).str.lower()
            mask = np.ones(len(refs), dtype=bool)
            for word in text:
                mask &= haystack.str.contains(word, regex=False).to_numpy()
            refs = refs.loc[mask]
        self._shown = refs.reset_index(drop=True)
        self.query_one("#fac-refs", FrameTable).show_frame(self._shown, self._ref_labels())
        self._show_reference(0)

    @on(Input.Changed, "#fac-search")
    def _search_changed(self) -> None:
        self._refilter()

    @on(FrameTable.RowHighlighted, "#fac-sets")
    def _set_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        row = event.cursor_row
        if 0 <= row < len(self._sets):
            name = self._sets[row].name
            if self._view is None or self._view.factor_set.name != name:
                self.load_set(name)

    @on(FrameTable.RowHighlighted, "#fac-refs")
    def _ref_highlighted(self, event: FrameTable.RowHighlighted) -> None:
        self._show_reference(event.cursor_row)

    def _show_reference(self, row: int) -> None:
        detail = self.query_one("#fac-detail", Static)
        if self._view is None or not 0 <= row < len(self._shown):
            detail.update("")
            return
        reference = str(self._shown.iloc[row]["reference"])
        detail.update(reference_text(self._view, reference))

    def action_focus_search(self) -> None:
        self.query_one("#fac-search", Input).focus()

    def action_activate(self) -> None:
        table = self.query_one("#fac-sets", FrameTable)
        row = table.cursor_row
        if not 0 <= row < len(self._sets):
            return
        name = self._sets[row].name
        try:
            self.ctx.factor_set(name)
        except Exception as error:  # a stored set that no longer loads
            self.report_error(error)
            return
        self.ctx.set_factor_set(name)
        self._show_sets(name)
        table.move_cursor(row=row)
        self._show_active()
        self.notify(t("fac.activated", name=name), timeout=3)


def reference_text(view: SetView, reference: str) -> str:
    """Values, sources and users of one reference, as the side pane shows them."""
    fs = view.factor_set
    row = fs.reference_row(reference)
    lines = [t("fac.impacts", reference=reference).upper()]
    lines.append(
        f"{category_label(row['category'])} · {row['manufacturer'] or '—'} {row['model'] or ''}"
    )
    lines.append(
        f"{t('fac.col.lifespan')} : {fmt_number(row['lifespan_years'], 1)} · "
        f"{t('fac.col.kwh')} : {fmt_number(row['annual_kwh'], 1)}"
    )
    lines.append(f"{t('fac.col.source')} : {row['source']}")
    impacts = fs.impacts_of(reference)
    for criterion, rows in impacts.groupby("criterion", sort=False):
        lines += ["", criterion_label(str(criterion))]
        for _, impact in rows.iterrows():
            phase = str(impact["phase"])
            label = term("phase", phase) if phase in PHASES else phase
            lines.append(
                f"  {label} : {fmt_number(impact['value'], 4 if impact['value'] < 1 else 1)}"
            )
        sources = sorted(set(rows["source"].astype("str")))
        lines.append(f"  {t('fac.col.source')} : {' ; '.join(sources)}")
    users = view.usage.loc[view.usage["reference"] == reference]
    lines += ["", t("fac.users", count=fmt_number(users["units"].sum()))]
    for _, user in users.sort_values("units", ascending=False).head(12).iterrows():
        lines.append(f"  {user['entity']} : {fmt_number(user['units'])}")
    return "\n".join(lines)
