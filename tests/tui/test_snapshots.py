"""Each screen as the user sees it at 120×40 on the demo database.

Deterministic by construction: fixed "today", seeded samples, the database at
a relative path, no clock in the header. Regenerate after a deliberate change
with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select
from tui_support import SAMPLES, SIZE, settle


def test_dashboard(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=settle)


def test_dashboard_in_english_for_one_entity(snap_compare, app_factory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#dash-entity").value = "Échirolles"
        await settle(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=SIZE, run_before=run_before)


def test_inventory_filtered(snap_compare, app_factory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("slash", *"thinkpad", "enter")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_import_wizard_after_a_check(snap_compare, app_factory) -> None:
    shutil.copy(SAMPLES / "inventaire-sarcenas.xlsx", Path.cwd() / "inventaire-sarcenas.xlsx")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        pilot.app.screen.query_one("#imp-file", Input).value = "inventaire-sarcenas.xlsx"
        await pilot.click("#imp-read")
        await settle(pilot)
        pilot.app.screen.query_one("#imp-entity", Select).value = "Sarcenas"
        await pilot.click("#imp-check")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_factors(snap_compare, app_factory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, app_factory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def _screen_test(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    return run_before


def test_scenarios(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=_screen_test("s"))


def test_reuse(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=_screen_test("r"))


def test_reports(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=_screen_test("p"))
