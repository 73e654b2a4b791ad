"""Every screen as the user sees it at 80×24, 100×30 and 160×50 on the demo database.

Deterministic by construction: fixed "today", seeded samples, the database at
a relative path, no clock in the header. Regenerate after a deliberate change
with ``pytest tests/tui/test_snapshots.py -m "slow or not slow" --snapshot-update``
and look at the SVGs. 100×30 (the small SSH terminal) runs in ``make test``; the
two other sizes are marked slow (``make test-slow``, CI).
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select
from tui_support import SAMPLES, settle

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow

Before = Callable[[Pilot[None]], Awaitable[None]]

SIZES = [
    pytest.param((80, 24), id="80x24", marks=pytest.mark.slow),
    pytest.param((100, 30), id="100x30"),
    pytest.param((160, 50), id="160x50", marks=pytest.mark.slow),
]


def _keys(*keys: str) -> Before:
    """Press ``keys`` once the app has settled, and let it settle again."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=settle)


def test_dashboard_in_english_for_one_entity(snap_compare, app_factory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#dash-entity").value = "Échirolles"
        await settle(pilot)

    assert snap_compare(app_factory(lang="en"), terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_inventory_filtered(snap_compare, app_factory, size) -> None:
    run_before = _keys("i", "slash", *"thinkpad", "enter", "space", "space")
    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_inventory_record(snap_compare, app_factory, size) -> None:
    run_before = _keys("i", "slash", *"latitude", "enter", "enter")
    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_inventory_transfer_dialog(snap_compare, app_factory, size) -> None:
    run_before = _keys("i", "a", "t")
    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_import_wizard_after_a_check(snap_compare, app_factory, size) -> None:
    shutil.copy(SAMPLES / "inventaire-sarcenas.xlsx", Path.cwd() / "inventaire-sarcenas.xlsx")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        pilot.app.screen.query_one("#imp-file", Input).value = "inventaire-sarcenas.xlsx"
        await pilot.press("ctrl+r")
        await settle(pilot)
        pilot.app.screen.query_one("#imp-entity", Select).value = "Sarcenas"
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_factors(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("f"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("i", "question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_scenarios(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("s"))


@pytest.mark.parametrize("size", SIZES)
def test_reuse(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("r"))


@pytest.mark.parametrize("size", SIZES)
def test_reports(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("p"))


@pytest.mark.parametrize("size", SIZES)
def test_purchase(snap_compare, app_factory, size) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_keys("A"))
