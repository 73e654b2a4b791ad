"""The scenarios screen: edit per category, compare in a worker, save and reload."""

from __future__ import annotations

import re
from datetime import date

from plotext import uncolorize
from textual.widgets import Input, Select, SelectionList

from fleet.db import get_engine, session_scope
from fleet.scenarios import load_scenario
from footprint.scenarios import ScenarioParams
from services.settings import Settings
from tui.app import make_app
from tui.screens.scenarios import ScenariosScreen, TrajectoryChart
from tui.widgets.frame_table import FrameTable

TODAY = date(2026, 11, 28)
SIZE = (160, 50)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_edit_compare_and_save(fleet_url: str) -> None:
    app = make_app(Settings(db_url=fleet_url, lang="fr", actor="test"), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScenariosScreen)
        # Compared on open, before anyone presses « Comparer »: the baseline, the
        # edited scenario and those ticked by default, with WEEE avoided weighed.
        assert screen.view is not None
        opened = screen.view.comparison
        assert [r.name for r in opened.results] == ["baseline", "édité", "extend-2", "refurb-50"]
        assert screen.query_one("#scn-summary", FrameTable).row_count == 4
        avoided = opened.summary().set_index("name")["avoided_weee_kg"]
        assert avoided["extend-2"] > 0 and avoided["refurb-50"] > 0

        screen.query_one("#scn-first", Input).value = "2026"
        screen.query_one("#scn-last", Input).value = "2031"
        screen.query_one("#scn-share", Input).value = "0,5"
        screen.query_one("#scn-category", Select).value = "laptop"
        screen.query_one("#scn-age", Input).value = "6"
        screen.action_apply_category()
        assert screen.params.replacement_age == {"laptop": 6.0}
        compared = screen.query_one("#scn-compare", SelectionList)
        compared.deselect_all()
        compared.select("extend-1")
        screen.action_run()
        await settle(pilot)

        view = screen.view
        assert view is not None
        names = [r.name for r in view.comparison.results]
        assert names == ["baseline", "édité", "extend-1"]
        assert view.comparison.horizon == (2026, 2031)
        edited = view.comparison.results[1]
        assert edited.plan.loc["laptop", "replacement_age"] == 6.0
        assert edited.plan.loc["laptop", "refurbished_share"] == 0.5
        assert screen.query_one("#scn-summary", FrameTable).row_count == 3
        assert screen.query_one("#scn-plan", FrameTable).row_count == 2  # laptop, monitor
        chart = screen.query_one("#scn-chart", TrajectoryChart)
        assert set(chart._series) == set(names)
        # The value axis in French numbers (plotext's own ticks read « 161.2 »).
        drawn = uncolorize(chart.plt.build())
        assert not re.search(r"\d\.\d", drawn), drawn
        assert re.search(r"^\s*[1-9][0-9\u202f,]*┤", drawn, re.MULTILINE), drawn

        screen.query_one("#scn-name", Input).value = "plan-6-ans"
        screen.action_save()
        await settle(pilot)
        with session_scope(get_engine(fleet_url), commit=True) as session:
            saved = ScenarioParams.from_mapping(load_scenario(session, "plan-6-ans"))
        assert saved.replacement_age == {"laptop": 6.0}
        assert saved.refurbished_share == 0.5 and saved.horizon == (2026, 2031)
        assert "plan-6-ans" in [o.value for o in compared.options]

        screen.query_one("#scn-start", Select).value = "combined"
        await settle(pilot)
        assert screen.query_one("#scn-extend", Input).value == "2,0"
        screen.query_one("#scn-start", Select).value = "plan-6-ans"
        await settle(pilot)
        assert screen.query_one("#scn-share", Input).value == "0,50"
        assert screen.query_one("#scn-age", Input).value == "6,0"
