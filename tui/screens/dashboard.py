"""Dashboard: the fleet's indicators and footprint for a scope, a year and a method.

The numbers are computed in a thread worker from the cached fleet
(:class:`tui.context.AppContext`), and the charts receive aggregates only, so
the screen stays responsive on 100,000 devices.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.widgets import Label, Select
from textual.worker import Worker, WorkerState

from footprint.aggregate import aggregate
from footprint.targets import agec_target

from ..context import AppContext
from ..i18n import category_label, fmt_number, fmt_percent, said, t, term
from ..kpis import FleetKpis, fleet_kpis, top_groups
from ..widgets.charts import BarChart, LineChart
from ..widgets.kpi import Kpi
from .base import EcoScreen

#: Years shown on the footprint-by-year line (the chosen year and those before).
HISTORY_YEARS = 6
#: Years offered in the year filter.
YEAR_CHOICES = 10
#: Bars per chart before the rest is summed as "others" (fits the 120×40 layout).
CHART_GROUPS = 7
ALL = "__all__"


@dataclass(frozen=True)
class DashboardData:
    entity: str | None
    year: int
    method: str
    factor_set: str
    kpis: FleetKpis
    total_kg: float
    agents: int | None
    by_category: pd.Series
    by_entity: pd.Series
    #: Total per year, filled in after the rest: the indicators show first.
    history: pd.Series | None = None


def footprint_history(ctx: AppContext, entity: str | None, year: int, method: str) -> pd.Series:
    """Total kg CO2e of the scope for ``year`` and the years before it (one compute each)."""
    return pd.Series(
        {
            y: float(ctx.footprint(y, method, entity).devices["gwp_total"].sum())
            for y in range(year - HISTORY_YEARS + 1, year + 1)
        }
    )


def build_dashboard(ctx: AppContext, entity: str | None, year: int, method: str) -> DashboardData:
    """The indicators and the year's breakdowns (the history line comes separately)."""
    factors = threading.Thread(target=ctx.prepare_factors, name="ecoparc-factors")
    factors.start()
    try:
        fleet = ctx.scoped(ctx.engine_fleet(), entity)
    finally:
        factors.join()
    result = ctx.footprint(year, method, entity)
    return DashboardData(
        entity=entity,
        year=year,
        method=method,
        factor_set=result.factor_set,
        kpis=fleet_kpis(fleet, year, ctx.today),
        total_kg=float(result.devices["gwp_total"].sum()),
        agents=ctx.agents(entity),
        by_category=aggregate(result, "category")["gwp_total"],
        by_entity=aggregate(result, "entity")["gwp_total"],
    )


class DashboardScreen(EcoScreen):
    TITLE_KEY = "screen.dashboard"

    class Computed(Message):
        def __init__(self, data: DashboardData, shown: threading.Event | None = None) -> None:
            super().__init__()
            self.data = data
            #: Set once the numbers are on screen (the worker waits for it).
            self.shown = shown

    def __init__(self) -> None:
        super().__init__()
        self.data: DashboardData | None = None
        self._seen: tuple[int, str | None] = (-1, None)
        self._pending: tuple[str | None, int, str] | None = None

    def compose_body(self) -> ComposeResult:
        ctx = self.ctx
        entities = [(t("app.scope_all"), ALL), *((n, n) for n in ctx.entity_names())]
        years = [(str(y), y) for y in range(ctx.today.year, ctx.today.year - YEAR_CHOICES, -1)]
        methods = [(term("method", m), m) for m in ("annualized", "amortized", "flux")]
        with Horizontal(id="dash-filters", classes="filters"):
            yield Label(t("common.entity"))
            yield Select(entities, value=ctx.entity or ALL, allow_blank=False, id="dash-entity")
            yield Label(t("common.year"))
            yield Select(years, value=self.ctx.year, allow_blank=False, id="dash-year")
            yield Label(t("common.method"))
            yield Select(methods, value=self.ctx.method, allow_blank=False, id="dash-method")
            yield Label("", id="dash-status")
        with Grid(id="dash-kpis"):
            yield Kpi(t("dash.kpi.devices"), id="kpi-devices")
            yield Kpi(t("dash.kpi.footprint"), id="kpi-footprint")
            yield Kpi(t("dash.kpi.per_agent"), id="kpi-per-agent")
            yield Kpi(t("dash.kpi.age"), id="kpi-age")
            yield Kpi(t("dash.kpi.refurbished", year=self.ctx.year), id="kpi-refurbished")
            yield Kpi(t("dash.kpi.reuse"), id="kpi-reuse")
        with Grid(id="dash-charts"):
            yield BarChart(t("dash.chart.category"), id="chart-category")
            yield BarChart(t("dash.chart.entity"), id="chart-entity")
            yield LineChart(t("dash.chart.years"), id="chart-years")

    def populate(self) -> None:
        if self.data is not None and self._matches(self.data):
            self.show(self.data)
        else:
            self.recompute()

    def _matches(self, data: DashboardData) -> bool:
        return (data.entity, data.year, data.method) == self._params()

    def _params(self) -> tuple[str | None, int, str]:
        return (self.ctx.entity, self.ctx.year, self.ctx.method)

    def recompute(self, force: bool = False) -> None:
        """Compute for the current filters unless that computation is already running."""
        params = self._params()
        if params == self._pending and not force:
            return
        self._pending = params
        self.query_one("#dash-status", Label).update(t("dash.computing"))
        self.compute(*params)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def compute(self, entity: str | None, year: int, method: str) -> None:
        data = build_dashboard(self.ctx, entity, year, method)
        shown = threading.Event()
        self.post_message(self.Computed(data, shown))
        # Let the indicators paint before the history takes the interpreter again.
        shown.wait(timeout=1.0)
        history = footprint_history(self.ctx, entity, year, method)
        self.post_message(self.Computed(replace(data, history=history)))
        self.ctx.fleet()  # read the rest now, so that the inventory opens at once

    def on_dashboard_screen_computed(self, message: Computed) -> None:
        data = message.data
        self.data = data
        params = (data.entity, data.year, data.method)
        if self._pending == params and data.history is not None:
            self._pending = None
        if self._matches(data):
            self.show(data)
        if message.shown is not None:
            self.call_after_refresh(message.shown.set)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "dashboard" and event.state == WorkerState.ERROR:
            self._pending = None
            error = event.worker.error or RuntimeError("?")
            self.query_one("#dash-status", Label).update(t("dash.failed", message=said(error)))
            self.report_error(error)

    def on_screen_resume(self) -> None:
        if self.data is not None and (self.ctx.revision, self.ctx.entity) != self._seen:
            self._sync_entity()
            self.recompute(force=True)

    def scope_changed(self) -> None:
        if self.is_mounted:
            self._sync_entity()

    def entities_changed(self) -> None:
        self.reset_entity_choices("#dash-entity", [(t("app.scope_all"), ALL)])

    def _sync_entity(self) -> None:
        select = self.query_one("#dash-entity", Select)
        wanted = self.ctx.entity or ALL
        if select.value != wanted:
            select.value = wanted

    @on(Select.Changed, "#dash-entity")
    def _entity_changed(self, event: Select.Changed) -> None:
        entity = None if event.value in (ALL, Select.BLANK) else str(event.value)
        if entity != self.ctx.entity:
            self.eco.set_scope(entity, source=self)
        if self.data is None or not self._matches(self.data):
            self.recompute()

    @on(Select.Changed, "#dash-year")
    def _year_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.ctx.year:
            self.ctx.year = event.value
            self.recompute()

    @on(Select.Changed, "#dash-method")
    def _method_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.ctx.method:
            self.ctx.method = event.value
            self.recompute()

    def show(self, data: DashboardData) -> None:
        self._seen = (self.ctx.revision, data.entity)
        k = data.kpis
        self.query_one("#dash-status", Label).update("")
        self.query_one("#kpi-devices", Kpi).show(
            fmt_number(k.devices), data.entity or t("app.scope_all")
        )
        self.query_one("#kpi-footprint", Kpi).show(
            t("dash.kpi.footprint_value", value=fmt_number(data.total_kg / 1000, 1)),
            t(
                "dash.kpi.footprint_note",
                year=data.year,
                method=term("method", data.method),
                factor_set=data.factor_set,
            ),
        )
        per_agent = self.query_one("#kpi-per-agent", Kpi)
        if data.agents:
            # t CO2e per agent, the unit of the REEN indicator; the kilograms beside,
            # since a few tens of kilograms read better so (docs/reports.md).
            per_agent_kg = data.total_kg / data.agents
            per_agent.show(
                t("dash.kpi.per_agent_value", value=fmt_number(per_agent_kg / 1000, 3)),
                t("dash.kpi.agents", kg=fmt_number(per_agent_kg, 0), count=fmt_number(data.agents)),
            )
        else:
            per_agent.show(t("common.none"), t("dash.kpi.per_agent_none"))
        self.query_one("#kpi-age", Kpi).show(
            t("dash.kpi.age_value", value=fmt_number(k.average_age_years, 1))
        )
        refurbished = self.query_one("#kpi-refurbished", Kpi)
        refurbished.set_label(t("dash.kpi.refurbished", year=data.year))
        refurbished.show(
            fmt_percent(k.reuse_share, 1),
            t(
                "dash.kpi.refurbished_note",
                target=fmt_percent(agec_target(data.year)),
                spent=fmt_number(k.reuse_spend / 1000, 1),
                total=fmt_number(k.total_spend / 1000, 1),
            ),
        )
        self.query_one("#kpi-reuse", Kpi).show(
            fmt_number(k.reuse_waiting), t("dash.kpi.reuse_note")
        )

        by_category = top_groups(data.by_category / 1000, CHART_GROUPS, t("dash.other"))
        self.query_one("#chart-category", BarChart).show(
            [category_label(c) if c != t("dash.other") else c for c in by_category.index],
            by_category.to_list(),
            t("dash.chart.category"),
            other=t("dash.other"),
        )
        by_entity = top_groups(data.by_entity / 1000, CHART_GROUPS, t("dash.other"))
        self.query_one("#chart-entity", BarChart).show(
            [str(e) for e in by_entity.index],
            by_entity.to_list(),
            t("dash.chart.entity"),
            other=t("dash.other"),
        )
        if data.history is not None:
            self.query_one("#chart-years", LineChart).show(
                data.history.index.to_list(),
                (data.history / 1000).to_list(),
                t("dash.chart.years"),
            )
