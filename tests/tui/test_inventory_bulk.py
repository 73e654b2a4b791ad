"""Inventory work on a selection, in French and in English: filter, mark, act on all
the marked devices at once (one unit of work), export the filtered view."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from textual.widgets import Input, Select
from tui_support import SIZE, settle

from fleet.db import get_engine, session_scope
from fleet.models import Device, DeviceEvent, Entity
from tui.dialogs.device_actions import ExportDialog, StatusDialog, TransferDialog
from tui.screens.inventory import InventoryScreen
from tui.widgets.frame_table import FrameTable

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow

WORDS = {
    "fr": {
        "done": "20 appareil(s) transféré(s) à Sarcenas",
        "title": "20 appareils cochés",
        "refused": "étape manquante : l'orientation vers une voie",
    },
    "en": {
        "done": "20 device(s) transferred to Sarcenas",
        "title": "20 marked devices",
        "refused": "missing step: the routing",
    },
}
HEADERS = {
    "fr": ["N°", "Entité", "Site", "Catégorie", "Fabricant", "Modèle"],
    "en": ["No.", "Entity", "Site", "Category", "Manufacturer", "Model"],
}


async def open_inventory(pilot) -> InventoryScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InventoryScreen)
    return screen


def messages(app) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_filter_and_bulk_transfer_20_devices(app_factory, demo_db, lang) -> None:
    app = app_factory(lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        screen.query_one("#inv-entity", Select).value = "Grenoble-Alpes Métropole"
        screen.query_one("#inv-category", Select).value = "laptop"
        await settle(pilot)
        table = screen.query_one("#inv-table", FrameTable)
        assert table.row_count > 20
        table.focus()
        await pilot.press(*["space"] * 20)
        await pilot.pause()
        assert len(screen.marked) == 20
        chosen = sorted(screen.marked)
        assert [
            table.get_cell_at(table.cursor_coordinate.__class__(r, 0)) for r in (0, 19, 20)
        ] == [
            "✓",
            "✓",
            "",
        ]

        # A status that skips the exit's steps is refused for the whole selection.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        app.screen.query_one("#status", Select).value = "reuse_pending"
        await pilot.click("#ok")
        await settle(pilot)
        assert WORDS[lang]["refused"] in messages(app)  # the refusal in the app's language

        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TransferDialog)
        assert WORDS[lang]["title"] in str(dialog.query_one(".dialog-title").content)
        dialog.query_one("#entity", Select).value = "Sarcenas"
        await pilot.click("#ok")
        await settle(pilot)
        assert WORDS[lang]["done"] in messages(app)
        assert set(screen._fleet.loc[chosen, "entity"]) == {"Sarcenas"}
        assert screen.marked == set(chosen)  # the marks stay for the next action

        # Export of the filtered view, headed in the user's language.
        await pilot.press("x")
        await pilot.pause()
        export = app.screen
        assert isinstance(export, ExportDialog)
        export.query_one("#path", Input).value = "vue.csv"
        await pilot.click("#ok")
        await settle(pilot)
    engine = get_engine(demo_db)
    with session_scope(engine, commit=True) as session:
        sarcenas = session.scalar(select(Entity.id).where(Entity.name == "Sarcenas"))
        moved = session.scalars(select(Device).where(Device.id.in_(chosen))).all()
        assert {d.entity_id for d in moved} == {sarcenas}
        events = session.scalar(
            select(func.count())
            .select_from(DeviceEvent)
            .where(DeviceEvent.device_id.in_(chosen), DeviceEvent.kind == "transfer")
        )
        assert events == 20
        refused = session.scalar(
            select(func.count())
            .select_from(DeviceEvent)
            .where(DeviceEvent.device_id.in_(chosen), DeviceEvent.kind == "status")
        )
        assert refused == 0
    with Path("vue.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:6] == HEADERS[lang]
    assert len(rows) - 1 == len(screen._shown_ids) > 0
    assert not Path("vue.csv").with_name(".vue.csv").exists()


async def test_bulk_site_reuse_mark_retirement_date_and_xlsx_export(app_factory, demo_db) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        await pilot.press("slash", *"thinkpad", "enter")
        await settle(pilot)
        await pilot.press("a")  # every device shown
        chosen = sorted(screen.marked)
        assert len(chosen) == len(screen._shown_ids) > 1

        await pilot.press("b")
        await pilot.pause()
        app.screen.query_one("#site", Input).value = "Annexe Vercors"
        await pilot.press("enter")
        await settle(pilot)
        assert set(screen._fleet.loc[chosen, "site"]) == {"Annexe Vercors"}, messages(app)

        await pilot.press("u")
        await pilot.pause()
        await pilot.click("#ok")
        await settle(pilot)
        assert screen._fleet.loc[chosen, "reuse_flagged"].all()

        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#date", Input).value = "30/06/2027"
        await pilot.press("enter")
        await settle(pilot)
        dates = screen._fleet.loc[chosen, "retirement_date"]
        assert (dates == "2027-06-30").all()

        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = "vue.xlsx"
        await pilot.click("#ok")
        await settle(pilot)
    sheet = load_workbook("vue.xlsx", read_only=True)["Appareils"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("N°", "Entité", "Site")
    assert len(rows) - 1 == len(chosen)
    assert {r[2] for r in rows[1:]} == {"Annexe Vercors"}
