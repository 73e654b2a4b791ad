"""The reuse screen on a small fleet: candidates, marking, assigning, needs, hand-over refused
without erasure (the whole cycle on the demo fleet: tests/tui/test_reuse_cycle.py)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from fleet.db import get_engine, session_scope
from fleet.models import Disposal, Need
from fleet.reuse import add_need, add_partner, record_erasure
from fleet.schema import upgrade
from services.settings import Settings
from tui.app import make_app
from tui.screens.reuse import ReuseScreen
from tui.widgets.frame_table import FrameTable

from .test_workflow import _seed

TODAY = date(2026, 11, 28)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.slow  # five steps of the screen with their workers (about 10 s)
async def test_mark_assign_match_and_hand_over(sqlite_url: str, tmp_path: Path) -> None:
    upgrade(sqlite_url, backup=False)
    _seed(sqlite_url)
    with session_scope(get_engine(sqlite_url), commit=True) as session:
        add_partner(session, "Hinaura", "association", installs_linux=True)
        add_need(session, "Échirolles", "monitor", quantity=2)
    app = make_app(Settings(db_url=sqlite_url, lang="fr", actor="test"), today=TODAY)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReuseScreen)
            routes = screen.routes
            assert routes is not None
            assert routes[["device_id", "quantity", "route"]].values.tolist() == [
                [1, 1, "donation"],
                [2, 1, "weee_recycling"],
                [3, 2, "internal_redeploy"],  # the spare monitors asked for by Échirolles
            ]
            table = screen.query_one("#reuse-table", FrameTable)
            assert table.row_count == 3
            assert "candidat" in str(screen.query_one("#reuse-summary").content)

            # Needs: the dialog lists who gets what, "Appliquer" assigns.
            await pilot.press("n")
            await pilot.pause()
            await pilot.click("#ok")
            await settle(pilot)
            with session_scope(get_engine(sqlite_url), commit=True) as session:
                assert session.scalars(select(Need.status)).one() == "fulfilled"
            assert screen.routes is not None and len(screen.routes) == 2

            # Mark the laptop (first row) and assign it to its route (donation to Hinaura).
            table.move_cursor(row=0)
            await pilot.press("space")
            assert screen.marked == {0}
            await pilot.press("a")
            await pilot.pause()
            await pilot.click("#ok")
            await settle(pilot)
            with session_scope(get_engine(sqlite_url), commit=True) as session:
                channels = session.scalars(select(Disposal.channel).order_by(Disposal.id)).all()
            assert channels == ["internal_redeploy", "donation"]

            # Hand-over: only from the exits view, refused without erasure, done once erased.
            await pilot.press("h")
            messages = [n.message for n in app._notifications]
            assert any("Sorties en cours" in m for m in messages)
            await pilot.press("v")
            await settle(pilot)
            exits = screen.exits
            assert exits is not None and exits["step"].tolist() == ["erase", "erase"]
            laptop = exits.index[exits["device_id"] == 1][0]
            table.move_cursor(row=screen.shown.index(laptop))
            await pilot.press("h")
            await pilot.pause()
            app.screen.query_one("#handover-folder", Input).value = str(tmp_path)
            await pilot.click("#ok")
            await settle(pilot)
            # Refused (the words: test_exit_steps.py; a toast may be gone on a loaded machine).
            assert not list(tmp_path.glob("bordereau-*.xlsx"))
            assert screen.exits is not None and screen.exits["step"].tolist() == ["erase"] * 2
            with session_scope(get_engine(sqlite_url), commit=True) as session:
                record_erasure(session, 1, "secure_erase", "CERT-9", "test")
            await pilot.press("u")
            await settle(pilot)
            table.move_cursor(row=screen.shown.index(laptop))
            await pilot.press("h")
            await pilot.pause()
            app.screen.query_one("#handover-folder", Input).value = str(tmp_path)
            await pilot.click("#ok")
            await settle(pilot)
            slips = list(tmp_path.glob("bordereau-*.xlsx"))
            assert len(slips) == 1
            sheet = openpyxl.load_workbook(slips[0]).active
            values = [c.value for row in sheet.iter_rows() for c in row]
            assert "CERT-9" in values and "=CMD|calc" in values
    finally:
        os.chdir(cwd)
