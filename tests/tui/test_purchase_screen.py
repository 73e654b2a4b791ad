"""A buyer compares a 50-laptop purchase new vs refurbished in the TUI, from start to
finish, in French and in English: typed in the form, imported from a file, saved as
a scenario and exported as a workbook — with figures the engine gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, Select, Static
from tui_support import SIZE, TODAY, settle

from factors.builtin import load_builtin
from footprint.refurbished import avoided_per_thousand
from footprint.scenarios.purchase import Purchase, PurchaseLine
from services.scenarios import purchase_comparison, saved_purchase
from services.uow import UnitOfWork
from tui.screens.purchase import PurchaseScreen
from tui.widgets.frame_table import FrameTable

LABELS = {
    "fr": ["Acheter neuf", "Acheter reconditionné", "Garder un an de plus"],
    "en": ["Buy new", "Buy refurbished", "Keep a year longer"],
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_compare_a_fifty_laptop_purchase(
    app_factory, demo_db: str, tmp_path: Path, lang: str
) -> None:
    app = app_factory(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PurchaseScreen)
        # Compared on open with the form's line: 50 laptops at the default prices.
        assert screen.comparison is not None
        # One column per option, one row per measure (€ year, € horizon, CO2e,
        # CO2e avoided, AGEC share, WEEE avoided).
        assert screen.query_one("#pur-options", FrameTable).row_count == 6

        screen.query_one("#pur-category", Select).value = "laptop"
        screen.query_one("#pur-quantity", Input).value = "50"
        screen.query_one("#pur-price-new", Input).value = "950"
        screen.query_one("#pur-price-refurb", Input).value = "480,50" if lang == "fr" else "480.50"
        screen.query_one("#pur-lifespan", Input).value = "5"
        await pilot.press("ctrl+t")
        await settle(pilot)
        comparison = screen.comparison
        assert comparison is not None
        purchase = Purchase((PurchaseLine("laptop", 50, 950.0, 480.5, 5),), TODAY.year)
        assert comparison.purchase == purchase
        table = comparison.table().set_index("option")
        assert table["label"].tolist() == LABELS[lang]
        assert table["year_eur"].to_dict() == {
            "new": 47500.0,
            "refurbished": 24025.0,
            "keep": 0.0,
        }
        # The engine's own refurbished model, 50 units of the default laptop.
        # a full year each of the five years, its lifespan counted in days (1,826)
        per_unit = avoided_per_thousand(load_builtin(), "laptop") * (5 * 365.25) / 1826
        assert table.loc["refurbished", "avoided_gwp_kg"] == pytest.approx(50 * per_unit)
        assert table.loc["refurbished", "avoided_weee_kg"] > 0
        assert table.loc["refurbished", "agec_share"] > table.loc["new", "agec_share"]
        # The same figures as the command line's use case on the same database.
        with UnitOfWork(demo_db) as uow:
            same = purchase_comparison(uow, purchase, lang=lang).table()
        assert table["gwp_kg"].tolist() == pytest.approx(same["gwp_kg"].tolist())
        assert table["agec_share"].tolist() == pytest.approx(same["agec_share"].tolist())
        shown = screen.query_one("#pur-options", FrameTable)
        assert [str(c.label) for c in shown.ordered_columns][1:] == LABELS[lang]

        # Save as a named scenario, export the workbook.
        screen.query_one("#pur-name", Input).value = "portables-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with UnitOfWork(demo_db) as uow:
            assert saved_purchase(uow, "portables-2026").lines == purchase.lines
        target = tmp_path / "achat.xlsx"
        screen.query_one("#pur-output", Input).value = str(target)
        await pilot.press("ctrl+g")
        await settle(pilot)
        workbook = load_workbook(target, read_only=True)
        first = ["Achat", "Options"] if lang == "fr" else ["Purchase", "Options"]
        assert workbook.sheetnames[:2] == first
        assert str(target) in str(screen.query_one("#pur-status", Static).render())

        # Import a purchase file: its lines replace the form's.
        source = tmp_path / "achat.csv"
        source.write_text(
            "Catégorie;Quantité;Prix neuf;Prix reconditionné;Durée de vie\n"
            "Ordinateur portable;50;900;450;5\nÉcran;20;180;90;6\n",
            encoding="utf-8",
        )
        screen.query_one("#pur-file", Input).value = str(source)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert [line.category for line in screen.lines] == ["laptop", "monitor"]
        assert screen.query_one("#pur-lines", FrameTable).row_count == 2
        assert screen.comparison is not None
        assert screen.comparison.purchase.horizon == (TODAY.year, TODAY.year + 5)

        # A wrong number is said in one line and keeps what was typed.
        screen.query_one("#pur-quantity", Input).value = "cinquante"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "cinquante" in str(screen.query_one("#pur-status", Static).render())
        assert screen.query_one("#pur-quantity", Input).value == "cinquante"
