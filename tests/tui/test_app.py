"""The frame of the app: screens by single keys, help, language, factor set, quitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Select, Static
from textual.widgets._select import SelectOverlay
from tui_support import SIZE, settle

from tui.dialogs.help import HelpDialog
from tui.i18n import fmt_date, fmt_number, fmt_percent, set_language, t
from tui.screens.dashboard import DashboardScreen
from tui.screens.factors import FactorsScreen
from tui.screens.import_wizard import ImportScreen
from tui.screens.inventory import InventoryScreen
from tui.widgets.frame_table import FrameTable
from tui.widgets.kpi import Kpi

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow


def label(screen, kpi_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(f"#{kpi_id}", Kpi).query_one(".kpi-label", Static).content)


async def test_single_keys_switch_screens_and_help_lists_them(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, kind in (("i", InventoryScreen), ("m", ImportScreen), ("f", FactorsScreen)):
            await pilot.press("escape", key)  # Escape first: the wizard starts in its file field
            await settle(pilot)
            assert isinstance(app.screen, kind)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.title == "ecoparc · Tableau de bord"

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        text = " ".join(str(s.content) for s in app.screen.query(Static))
        assert "Inventaire" in text and "Facteurs" in text and "ctrl+q" in text
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_switching_language_relabels_every_screen(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        dashboard = app.screen
        assert label(dashboard, "kpi-devices") == "Appareils"

        await pilot.press("l")
        await settle(pilot)
        assert app.settings.lang == "en"
        assert dashboard.title == "ecoparc · Dashboard"
        assert label(dashboard, "kpi-devices") == "Devices"
        assert "all entities" in app.sub_title
        value = str(
            dashboard.query_one("#kpi-devices", Kpi).query_one(".kpi-value", Static).content
        )
        assert "," in value  # 4,714 in English
        keys = {a.binding.description for a in dashboard.active_bindings.values()}
        assert "Quit" in keys and "Inventory" in keys

        await pilot.press("i")
        await settle(pilot)
        inventory = app.screen
        table = inventory.query_one("#inv-table", FrameTable)
        assert [str(c.label) for c in table.ordered_columns][1:4] == ["No.", "Entity", "Category"]
        assert inventory.query_one("#inv-status", Select).value == "__any__"

        await pilot.press("l")
        await settle(pilot)
        table = inventory.query_one("#inv-table", FrameTable)  # composed again in French
        assert [str(c.label) for c in table.ordered_columns][1:3] == ["N°", "Entité"]
        assert inventory.title == "ecoparc · Inventaire"


async def test_language_and_screen_keys_typed_in_a_burst(app_factory) -> None:
    """Keys arriving faster than the screens compose themselves again (typed quickly
    over SSH, or a path typed while no field had the focus), as a terminal sends
    them: all at once. Three ways the interface used to close, each met here: the
    header being replaced ran Textual's title watcher without its title widget
    (tui/widgets/header.py); a worker's result arrived between a screen's old
    widgets' removal and the new ones' mounting (EcoScreen.from_worker); a text
    field built for a mode not yet on its stack (EcoparcApp.clear_selection)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in "lflplrldlflpldlrlfldlflplrldlfld":
            app.post_message(events.Key(key, key))
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        # Everything says it in the language the app is in (16 switches: French).
        assert app.settings.lang == "fr"
        assert app.sub_title == t("app.header", db="ecoparc.db", scope=t("app.scope_all"))
        assert screen.title == "ecoparc · Tableau de bord"
        assert label(screen, "kpi-devices") == "Appareils"
        # Still listening: a screen key, then quitting.
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InventoryScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_list_paged_before_its_first_layout(app_factory) -> None:
    """Found by the random key walks (tests/tui/test_monkey.py): a list composed again
    for a language switch, opened, then Page Up or Page Down before the screen was
    laid out again (keys in a burst) closed the interface with Textual's ``KeyError``
    (tui/widgets/textual_fixes.py). The key waits for the layout; the list then
    pages as usual."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#reuse-view", Select).value = "exits"
        await pilot.press("l")
        await settle(pilot)
        view = app.screen.query_one("#reuse-view", Select)
        overlay = view.query_one(SelectOverlay)
        view.action_show_overlay()
        overlay.action_page_up()
        overlay.action_page_down()
        await pilot.pause()
        assert app.focused is overlay and overlay.highlighted == 1
        await pilot.press("pageup")
        assert overlay.highlighted == 0
        await pilot.press("escape", "ctrl+q")
    assert app.return_code == 0


async def test_enter_pressed_twice_answers_a_dialog_once(app_factory) -> None:
    """Found by the random key walks: Enter twice in quick succession answered the
    export dialog twice; the second answer exported again, then popped the inventory
    itself, and the interface closed (``ScreenStackError``; EcoModal.dismiss)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        path = app.screen.query_one("#path", Input).value
        for key in ("enter", "enter"):
            app.post_message(events.Key(key, "\r"))
        await settle(pilot)
        assert isinstance(app.screen, InventoryScreen)
        assert Path(path).is_file()
        exported = [n for n in app._notifications if path in str(n.message)]
        assert len(exported) == 1
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_english_from_the_start_and_the_active_factor_set(app_factory) -> None:
    app = app_factory(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert label(app.screen, "kpi-footprint") == "Annual footprint"
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FactorsScreen)
        coverage = str(screen.query_one("#fac-coverage", Static).content)
        assert "model:" in coverage and "%" in coverage
        refs = screen.query_one("#fac-refs", FrameTable)
        assert refs.row_count > 20
        await pilot.press("slash", *"laptop")  # the national set: category defaults only
        await pilot.pause()
        assert 0 < refs.row_count < 20
        detail = str(screen.query_one("#fac-detail", Static).content)
        assert "Climate change" in detail and "Devices using it" in detail
        await pilot.press("u")
        assert app.ctx.factor_set_name is None  # the built-in set stays the active one
        assert "Active set: ecoparc-builtin" in str(screen.query_one("#fac-active", Static).content)


def test_numbers_and_dates_follow_the_language() -> None:
    from datetime import date

    from tui.i18n import MESSAGES

    assert set(MESSAGES["fr"]) == set(MESSAGES["en"])  # every message in both languages

    set_language("fr")
    assert fmt_number(1234.5, 1) == "1\u202f234,5"
    assert fmt_percent(0.256, 1) == "25,6\u202f%"
    assert fmt_date(date(2026, 3, 9)) == "09/03/2026"
    assert t("screen.inventory") == "Inventaire"
    set_language("en")
    assert fmt_number(1234.5, 1) == "1,234.5"
    assert fmt_percent(0.256, 1) == "25.6%"
    assert fmt_date(date(2026, 3, 9)) == "2026-03-09"
    assert t("screen.inventory") == "Inventory"
    set_language("fr")


async def test_choosing_a_stored_factor_set_changes_the_dashboard(app_factory, demo_db) -> None:
    from dataclasses import replace

    from factors.builtin import load_builtin
    from fleet.db import get_engine, session_scope
    from fleet.factor_store import save_factor_set

    builtin = load_builtin()
    doubled = builtin.impacts.assign(value=builtin.impacts["value"] * 2)
    stored = replace(builtin, name="double-fabrication", builtin=False, impacts=doubled)
    with session_scope(get_engine(demo_db), commit=True) as session:
        save_factor_set(session, stored)

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and dashboard.data is not None
        before = dashboard.data.total_kg
        await pilot.press("f")
        await settle(pilot)
        factors = app.screen
        sets = factors.query_one("#fac-sets", FrameTable)
        assert sets.row_count == 2
        sets.focus()
        sets.move_cursor(row=1)
        await settle(pilot)
        await pilot.press("u")
        assert app.ctx.factor_set_name == "double-fabrication"
        await pilot.press("d")
        await settle(pilot)
        assert dashboard.data.factor_set == "double-fabrication"
        assert dashboard.data.total_kg > before


async def test_filter_rows_fit_a_small_ssh_terminal(app_factory) -> None:
    """At 100×30 every filter row keeps its buttons on screen and its numbers legible."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("d", "s", "p", "i"):
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            assert screen.has_class("-narrow")
            for row in screen.query(".filters"):
                for widget in row.children:
                    assert widget.region.right <= 100, (key, widget)
            if key == "s":
                for input_id in ("#scn-first", "#scn-last", "#scn-growth"):
                    field = screen.query_one(input_id, Input)
                    assert field.content_size.width >= len(field.value), input_id


async def test_an_open_list_is_closed_in_french(app_factory) -> None:
    """Textual's own "Dismiss menu" hint is translated like the app's keys."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#dash-entity", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        hints = {a.binding.description for a in app.screen.active_bindings.values()}
        assert "Fermer la liste" in hints and "Dismiss menu" not in hints
