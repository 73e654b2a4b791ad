"""Dashboard: the indicators of the demo fleet, and its filters."""

from __future__ import annotations

import pytest
from textual.widgets import Select, Static
from tui_support import SIZE, TODAY, settle

from tui.i18n import set_language
from tui.screens.dashboard import DashboardScreen
from tui.widgets.charts import AXIS_ROWS, BarChart, value_ticks
from tui.widgets.kpi import Kpi


def kpi_value(screen: DashboardScreen, kpi_id: str) -> str:
    return str(screen.query_one(f"#{kpi_id}", Kpi).query_one(".kpi-value", Static).content)


async def test_dashboard_shows_the_fleet_and_follows_entity_and_year(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        data = screen.data
        assert data is not None and data.entity is None and data.year == TODAY.year
        assert data.kpis.devices > 4000
        assert data.total_kg > 0
        assert kpi_value(screen, "kpi-footprint").endswith("t CO2e")
        assert "toutes les entités" in app.sub_title
        all_devices = data.kpis.devices

        screen.query_one("#dash-entity", Select).value = "Échirolles"
        await settle(pilot)
        data = screen.data
        assert data is not None and data.entity == "Échirolles"
        assert 0 < data.kpis.devices < all_devices
        assert "Échirolles" in app.sub_title
        assert list(data.by_entity.index) == ["Échirolles"]

        screen.query_one("#dash-year", Select).value = TODAY.year - 3
        await settle(pilot)
        data = screen.data
        assert data is not None and data.year == TODAY.year - 3
        assert data.history.index.max() == TODAY.year - 3
        assert str(TODAY.year - 3) in str(
            screen.query_one("#kpi-footprint", Kpi).query_one(".kpi-note", Static).content
        )


async def test_history_line_holds_six_years_and_the_scope_reaches_the_inventory(
    app_factory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        assert list(screen.data.history.index) == list(range(TODAY.year - 5, TODAY.year + 1))
        screen.query_one("#dash-entity", Select).value = "Grenoble"
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert app.screen.query_one("#inv-entity", Select).value == "Grenoble"


def test_chart_axes_use_round_steps_in_the_users_number_format() -> None:
    set_language("fr")
    try:
        assert value_ticks(35.9) == ([0, 10, 20, 30], ["0", "10", "20", "30"])
        assert value_ticks(1.0)[1] == ["0,00", "0,25", "0,50", "0,75"]
        assert value_ticks(4321.0)[1] == ["0", "2\u202f000", "4\u202f000"]
        set_language("en")
        assert value_ticks(1.0)[1] == ["0.00", "0.25", "0.50", "0.75"]
    finally:
        set_language("fr")


async def test_bar_charts_sum_what_a_small_terminal_cannot_show(app_factory) -> None:
    """At 120×24 plotext would drop labels, not bars: each label must stay on its bar."""
    app = app_factory()
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one("#chart-category", BarChart)
        labels, values = chart._fitted()
        assert len(labels) <= chart.content_size.height - AXIS_ROWS < len(chart._labels)
        assert labels[0] == chart._labels[0] and labels[-1] == "autres"
        assert sum(values) == pytest.approx(sum(chart._values))
