"""Inventory: search, facets, the device record with its trace, and status changes."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from textual.widgets import Input, Select, Static
from tui_support import SIZE, settle

from fleet.db import get_engine, session_scope
from fleet.lifecycle import device_events
from fleet.models import Device
from tui.dialogs.device_actions import StatusDialog, TransferDialog
from tui.i18n import term
from tui.screens.inventory import InventoryScreen
from tui.widgets.frame_table import FrameTable

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow


async def open_inventory(pilot) -> InventoryScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InventoryScreen)
    return screen


def shown_models(screen: InventoryScreen) -> list[str]:
    fleet = screen._fleet
    assert fleet is not None
    return fleet.loc[screen._shown_ids, "model"].astype("str").tolist()


async def test_search_and_facets_filter_the_table(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        table = screen.query_one("#inv-table", FrameTable)
        total = table.row_count
        assert total == len(screen._fleet) > 4000

        await pilot.press("slash")
        await pilot.press(*"latitude")
        await pilot.pause()
        assert 0 < table.row_count < total
        assert all("latitude" in m.lower() for m in shown_models(screen))
        assert "affichées sur" in str(screen.query_one("#inv-count", Static).content)

        await pilot.press("space", *"54")
        await pilot.pause()
        narrowed = table.row_count
        assert 0 < narrowed <= len(shown_models(screen))
        searched = screen._haystack.loc[screen._shown_ids]
        assert searched.str.contains("54", regex=False).all()

        screen.query_one("#inv-status", Select).value = "in_service"
        await pilot.pause()
        fleet = screen._fleet
        assert set(fleet.loc[screen._shown_ids, "status"]) <= {"in_service"}

        for _ in "latitude 54":
            await pilot.press("backspace")
        screen.query_one("#inv-status", Select).value = "__any__"
        screen.query_one("#inv-category", Select).value = "server"
        await pilot.pause()
        assert set(fleet.loc[screen._shown_ids, "category"]) == {"server"}


async def test_device_record_shows_specs_history_and_trace(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        await pilot.press("slash", *"latitude", "enter")
        await pilot.press("enter")
        await settle(pilot)
        text = str(screen.query_one("#inv-detail-text", Static).content)
        device_id = screen.selected_id()
        assert device_id is not None
        assert "CARACTÉRISTIQUES" in text and "HISTORIQUE" in text
        assert "EMPREINTE 2026" in text
        assert "Latitude" in text
        assert "création" in text  # the import recorded the device's creation
        assert "kg CO2e" in text  # the trace's arithmetic

        await pilot.press("escape")
        assert not screen.detail_open


async def test_status_change_is_recorded_as_an_event(app_factory, demo_db) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        screen.query_one("#inv-table", FrameTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        device_id = screen.selected_id()
        assert device_id is not None
        before = str(screen._fleet.loc[device_id, "status"])
        target = "broken" if before != "broken" else "in_stock"

        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        dialog.query_one("#status", Select).value = target
        await pilot.click("#note")
        await pilot.press(*"écran cassé", "enter")
        await settle(pilot)

        assert app.screen is screen
        assert screen._fleet.loc[device_id, "status"] == target
        text = str(screen.query_one("#inv-detail-text", Static).content)
        assert "changement de statut" in text and "écran cassé" in text
        # The history speaks French and shows only what moved (not the unchanged
        # retirement date, nor field codes).
        change = f"Statut : {term('status', before)} → {term('status', target)}"
        assert change in text
        assert "status :" not in text and "retirement_date" not in text
    with session_scope(get_engine(demo_db), commit=True) as session:
        assert session.get(Device, device_id).status == target
        events = device_events(session, device_id)
    assert events[-1]["kind"] == "status"
    assert events[-1]["after"]["status"] == target
    assert events[-1]["actor"] == "test"


async def test_transfer_to_the_same_entity_is_refused_readably(app_factory, demo_db) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        device_id = screen.selected_id()
        assert device_id is not None
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TransferDialog)
        dialog.query_one("#entity", Select).value = "Sarcenas"
        await pilot.click("#ok")
        await settle(pilot)
        assert screen._fleet.loc[device_id, "entity"] == "Sarcenas"

        # Editing in place with a value a field refuses: the typed text stays, the
        # reason shows below the field in French, nothing is written.
        await pilot.press("e")
        await pilot.pause()
        assert screen.detail_open
        date_field = screen.query_one("#fld-purchase_date", Input)
        name_field = screen.query_one("#fld-name", Input)
        date_field.value = "31/02/2020"
        name_field.value = "PC-ACCUEIL-2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert date_field.value == "31/02/2020" and name_field.value == "PC-ACCUEIL-2"
        error = str(screen.query_one("#err-purchase_date", Static).content)
        assert "Date d'achat" in error and "purchase_date" not in error
        assert screen.query_one("#err-purchase_date").display
        assert date_field.has_class("-invalid")
    with session_scope(get_engine(demo_db), commit=True) as session:
        device = session.scalar(select(Device).where(Device.id == device_id))
        assert device is not None and device.purchase_date is not None
        assert device.name != "PC-ACCUEIL-2"  # all or none: the valid field waited too


async def test_sort_by_a_chosen_column_then_reverse(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        for descending in (False, True):
            await pilot.press("o")
            await pilot.pause()
            app.screen.query_one("#choice", Select).value = "purchase_date"
            await pilot.click("#ok")
            await pilot.pause()
            dates = screen._fleet.loc[screen._shown_ids, "purchase_date"].dropna()
            assert len(dates) > 4000
            assert dates.is_monotonic_decreasing if descending else dates.is_monotonic_increasing


async def test_dates_read_iso_in_english_and_day_first_in_french(app_factory) -> None:
    """English writes a day ISO (2022-03-15) and French day first (15/03/2022): in the
    table, in the record's fields, in the retirement date's hint and in a refusal that
    names a date, in an xlsx export (the record showed 15/03/2022 in English, a refusal
    and the workbook's dates too)."""
    app = app_factory("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_inventory(pilot)
        await pilot.press("slash", *"latitude", "enter", "x")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = "view.xlsx"
        await pilot.press("enter")
        await settle(pilot)
        sheet = load_workbook("view.xlsx")["Devices"]
        formats = {c.number_format for row in sheet.iter_rows(min_row=2) for c in row if c.is_date}
        assert formats == {"yyyy-mm-dd"}
        await pilot.press("enter")
        await settle(pilot)
        device_id = screen.selected_id()
        assert device_id is not None and screen._fleet is not None
        bought = screen._fleet.loc[device_id, "purchase_date"]
        iso, french = f"{bought:%Y-%m-%d}", f"{bought:%d/%m/%Y}"
        table = screen.query_one("#inv-table", FrameTable)
        assert iso in [str(cell) for cell in table.get_row_at(table.cursor_row)]
        assert screen.query_one("#fld-purchase_date", Input).value == iso

        screen.query_one("#fld-retirement_date", Input).value = "2000-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        refusal = str(screen.query_one("#err-retirement_date", Static).content)
        assert refusal == f"retirement date (2000-01-01) before the purchase date ({iso})"

        await pilot.press("escape", "w")
        await pilot.pause()
        assert app.screen.query_one("#date", Input).placeholder == "yyyy-mm-dd"
        await pilot.press("escape", "l")
        await settle(pilot)
        assert screen.query_one("#fld-purchase_date", Input).value == french
