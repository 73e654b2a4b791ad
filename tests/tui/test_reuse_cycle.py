"""The reuse cycle in the TUI, start to finish (issue 18, « Reuse »): five candidates
of the demo fleet assigned to their route, erased (a monitor « sans support de
données », with no certificate asked), handed over with their slips, and proved;
the décret 2023-266 rate moves. In French and in English. Also: another route
needs a reason, and the device editor refuses « sorti du parc » without the steps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from textual.widgets import Input, Select
from tui_support import TODAY, settle

from fleet.db import get_engine, session_scope
from fleet.models import Device, Disposal
from tui.screens.inventory import InventoryScreen
from tui.screens.reuse import AssignDialog, EraseDialog, ReuseScreen
from tui.widgets.frame_table import FrameTable

WORDS = {
    "fr": ("Taux de réemploi", "Motifs :", "preuve attendue"),
    "en": ("Reuse rate", "Reasons:", "proof awaited"),
}
#: On the hand-over slip: the erasure of a device without storage, of one with.
SLIP_WORDS = {
    "fr": ("sans support de données (constaté)", "CERT-2026-114"),
    "en": ("no data storage (checked)", "CERT-2026-114"),
}
#: The rules' reason for keeping a young device, the override typed, and its record
#: (services.reuse.assign_selection writes the assignment's note in French, the
#: language of the records, whatever the screen's).
YOUNG_WORDS = {
    "fr": ("plus jeune que la durée de vie", "écran fêlé, réparation trop chère", "voie proposée"),
    "en": (
        "younger than its category's lifespan",
        "cracked screen, repair too dear",
        "voie proposée",
    ),
}


def _five(routes: pd.DataFrame) -> list[int]:
    """Four leaving devices with storage and one monitor, each with a registered partner."""
    leaving = routes.loc[
        routes["route"].isin(["donation", "public_transfer", "sale"])
        & routes["partner_id"].notna()
        & (routes["quantity"] == 1)
    ].drop_duplicates("device_id")
    monitor = leaving.loc[leaving["category"] == "monitor"].index[:1].tolist()
    others = leaving.loc[leaving["category"].isin(["laptop", "desktop"])].index[:4].tolist()
    assert len(monitor) == 1 and len(others) == 4
    return monitor + others


async def _mark(pilot, screen: ReuseScreen, indexes: list[int]) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one("#reuse-table", FrameTable)
    for index in indexes:
        table.move_cursor(row=screen.shown.index(index))
        await pilot.press("space")
    assert screen.marked == set(indexes)


def _text(screen: ReuseScreen, widget: str) -> str:
    return str(screen.query_one(widget).render())


@pytest.mark.slow  # the whole cycle on the demo fleet, a few seconds per language
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_five_devices_from_candidate_to_proof(app_factory, lang: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rate_words, reason_words, proof_words = WORDS[lang]
    app = app_factory(lang)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReuseScreen) and screen.data is not None
        assert rate_words in _text(screen, "#reuse-rate")
        assert reason_words in _text(screen, "#reuse-reasons")
        before = screen.data.rate
        chosen = _five(screen.data.routes)
        devices = sorted(screen.data.routes.loc[chosen, "device_id"].astype(int))
        monitor = int(screen.data.routes.loc[chosen[0], "device_id"])
        units = int(screen.data.routes.loc[chosen, "quantity"].sum())

        # 1. Assign the five to the route the rules propose; the dialog shows their reasons.
        await _mark(pilot, screen, chosen)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AssignDialog)
        rows = dialog.query_one("#assign-rows", FrameTable)
        assert rows.row_count == 5
        for r in range(5):  # each device with the rules' reasons and the route's reason
            _, route, motives, reason = (str(cell) for cell in rows.get_row_at(r))
            assert route and motives and reason, rows.get_row_at(r)
        await pilot.click("#ok")
        await settle(pilot)
        assert screen.data.exits["device_id"].tolist() == devices

        # 2. Erasure: the monitor alone first: no certificate asked.
        await pilot.press("v")
        await settle(pilot)
        table = screen.query_one("#reuse-table", FrameTable)
        assert table.row_count == 5
        exits = screen.data.exits
        table.move_cursor(row=screen.shown.index(exits.index[exits["device_id"] == monitor][0]))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EraseDialog)
        assert not app.screen.query(Input)  # nothing to type: « sans support de données »
        await pilot.click("#ok")
        await settle(pilot)
        # Then the five: method and certificate for the four with storage.
        await pilot.press("t")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#erase-method", Select).value = "cspn_software"
        app.screen.query_one("#erase-certificate", Input).value = "CERT-2026-114"
        await pilot.click("#ok")
        await settle(pilot)
        assert set(screen.data.exits["step"]) == {"handover"}

        # 3. Hand-over: one slip per recipient, written where asked.
        await pilot.press("t")
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#handover-folder", Input).value = str(tmp_path)
        await pilot.click("#ok")
        await settle(pilot)
        assert set(screen.data.exits["step"]) == {"proof"}
        assert proof_words in str(table.get_row_at(0))
        handed = f"{TODAY:%d/%m/%Y}" if lang == "fr" else TODAY.isoformat()  # « Remis le »
        assert handed in [str(cell) for cell in table.get_row_at(0)]
        slips = sorted(tmp_path.glob("bordereau-*.xlsx"))
        assert slips
        after = screen.data.rate
        assert after.reused == before.reused + units  # the rate follows, live

        # 4. Proof of reuse.
        await pilot.press("t")
        await pilot.press("j")
        await pilot.pause()
        app.screen.query_one("#proof-reference", Input).value = "ATT-2026-07"
        await pilot.click("#ok")
        await settle(pilot)
        assert screen.data.exits.empty

    with session_scope(get_engine("sqlite:///ecoparc.db")) as session:
        done = session.scalars(select(Disposal).order_by(Disposal.id)).all()
        serials = {
            d.id: d.serial for d in session.scalars(select(Device).where(Device.id.in_(devices)))
        }
    assert [d.device_id for d in done] == devices
    assert all(d.disposed_on == TODAY and d.proof_reference == "ATT-2026-07" for d in done)
    erasures = {d.device_id: (d.erasure_method, d.erasure_certificate) for d in done}
    assert erasures.pop(monitor) == ("no_storage", None)
    assert list(erasures.values()) == [("cspn_software", "CERT-2026-114")] * 4
    # The slips, as the recipients sign them: every device by its serial, its erasure.
    texts = "\n".join(_cells(slip) for slip in slips)
    assert all(serial and serial in texts for serial in serials.values()), serials
    assert all(words in texts for words in SLIP_WORDS[lang])


def _cells(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(
            str(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    finally:
        book.close()


@pytest.mark.slow  # the demo fleet routed and assigned in the TUI (about 8 s here)
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_another_route_needs_a_reason(app_factory, lang: str) -> None:  # type: ignore[no-untyped-def]
    young_words, override, proposed = YOUNG_WORDS[lang]
    app = app_factory(lang)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReuseScreen) and screen.data is not None
        routes = screen.data.routes
        young = routes.loc[routes["route"] == "spare_pool"].index[0]
        device = int(routes.loc[young, "device_id"])
        assert young_words in routes.loc[young, "reason"]
        screen.query_one("#reuse-table", FrameTable).move_cursor(row=screen.shown.index(young))
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AssignDialog)
        dialog.query_one("#assign-route", Select).value = "sale"
        await pilot.click("#ok")
        await pilot.pause()
        assert app.screen is dialog  # refused: no reason given
        reason = dialog.query_one("#assign-reason", Input)
        reason.value = override
        reason.focus()
        await pilot.press("enter")  # the warning's toast now covers the button
        await settle(pilot)
    with session_scope(get_engine("sqlite:///ecoparc.db")) as session:
        disposal = session.scalars(select(Disposal)).one()
    assert (disposal.device_id, disposal.channel) == (device, "sale")
    assert disposal.reason is not None
    assert disposal.reason.startswith(f"{override} ({proposed}")


async def test_device_editor_refuses_disposed_without_the_steps(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("fr")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InventoryScreen)
        app.screen.query_one("#inv-table", FrameTable).focus()
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#status", Select).value = "disposed"
        await pilot.click("#ok")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    assert any("étape manquante : l'orientation vers une voie" in m for m in messages), messages


async def test_no_exit_in_progress_leaves_no_separator(app_factory) -> None:  # type: ignore[no-untyped-def]
    """The « Sorties en cours » view with no exit in progress: its summary ends on its
    counts (it ended on a « · » before the empty count by step), in both languages;
    the rate's percentages are the language's (« 0,0 % », « 0.0% »)."""
    app = app_factory("fr")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReuseScreen) and screen.data is not None
        await pilot.press("v")
        await settle(pilot)
        assert screen.data.exits.empty
        summary = _text(screen, "#reuse-summary")
        assert summary.endswith("0 sortie(s) en cours · 0 cochée(s)"), summary
        assert "0,0\u202f%" in _text(screen, "#reuse-rate")
        await pilot.press("l")
        await settle(pilot)
        summary = _text(screen, "#reuse-summary")
        assert summary.endswith("0 exit(s) in progress · 0 marked"), summary
        assert "0.0%" in _text(screen, "#reuse-rate")
