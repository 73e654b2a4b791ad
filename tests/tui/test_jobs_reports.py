"""« Generate the REEN workbook » in the TUI, start to finish (issue 18, acceptance), in
French and in English: the reports screen (key p) previews the REEN indicators with
what produced them, `ctrl+g` writes the workbook where asked, and the workbook —
opened with openpyxl — is in the screen's language, covers every entity of the
scope, and holds the figures the preview showed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, Select, Static
from tui_support import settle

from factors.locale import format_number
from tui.screens.reports import ReportsScreen
from tui.widgets.frame_table import FrameTable

WORDS = {
    "fr": {
        "sheets": ["Couverture", "Indicateurs", "Tendance"],
        "header": ["Indicateur", "Valeur", "Unité", "Objectif", "Statut"],
        "written": "Écrit : ",
        "method": "annualisée · ecoparc-builtin v2026.1 · électricité 0,052 kg CO2e/kWh",
        "annex": "Annexe équipements",
    },
    "en": {
        "sheets": ["Cover", "Indicators", "Trend"],
        "header": ["Indicator", "Value", "Unit", "Target", "Status"],
        "written": "Written: ",
        "method": "annualized · ecoparc-builtin v2026.1 · electricity 0.052 kg CO2e/kWh",
        "annex": "Device annex",
    },
}
#: The entities of the demo fleet: one sheet each in the consolidated workbook.
ENTITIES = {
    "Grenoble-Alpes Métropole",
    "Grenoble",
    "CCAS de Grenoble",
    "Échirolles",
    "Saint-Martin-d'Hères",
    "Sarcenas",
    "SIVU scolaire du Col de Porte",
}


@pytest.mark.slow  # the REEN report of the whole demo fleet, written twice (a few seconds)
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_generate_the_reen_workbook(app_factory, lang: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[lang]
    target = tmp_path / "rapports" / "reen-2025.xlsx"
    target.parent.mkdir()
    app = app_factory(lang)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        # The REEN indicators of last year for the whole scope are what the screen offers.
        assert screen.query_one("#rep-kind", Select).value == "reen"
        assert screen.query_one("#rep-year", Select).value == 2025
        assert screen.query_one("#rep-output", Input).value == "reen-2025.xlsx"

        # Preview first: the indicators on screen, with what produced them (the method
        # worded, the electricity factor in the language's decimals).
        await pilot.press("ctrl+t")
        await settle(pilot)
        table = screen.query_one("#rep-table", FrameTable)
        assert table.row_count > 10
        shown = {str(table.get_row_at(r)[0]): str(table.get_row_at(r)[1]) for r in range(3)}
        notes = str(screen.query_one("#rep-notes", Static).render())
        assert notes.startswith(words["method"]), notes
        assert screen.view is not None and screen.view.written is None
        assert not target.exists()

        # Then the workbook, where the person asks for it.
        screen.query_one("#rep-output", Input).value = str(target)
        await pilot.press("ctrl+g")
        await settle(pilot)
        status = str(screen.query_one("#rep-status", Static).render())
        assert status == f"{words['written']}{target}", status

    book = load_workbook(target, read_only=True)
    try:
        names = book.sheetnames
        assert names[:3] == words["sheets"]
        assert ENTITIES <= set(names) and words["annex"] in names
        rows = list(book[words["sheets"][1]].iter_rows(values_only=True))
        header = next(row for row in rows if row and row[0] == words["header"][0])
        assert list(header[:5]) == words["header"]
        values = {row[0]: row[1] for row in rows if row and isinstance(row[1], int | float)}
        annex = book[words["annex"]]
        annex_rows = annex.max_row
    finally:
        book.close()
    # The figures the preview showed, as the workbook holds them (to the digits shown).
    for indicator, text in shown.items():
        assert indicator in values, (indicator, sorted(values)[:5])
        digits = len(text.replace("\u202f", "").replace(",", ".").partition(".")[2])
        assert format_number(values[indicator], lang, decimals=digits) == text
    assert values[next(iter(shown))] > 0
    assert annex_rows > 4000  # one row per device of the fleet


async def test_the_agec_preview_speaks_words_not_the_files_column_names(app_factory) -> None:
    """The AGEC file keeps data.gouv.fr's columns (« montant_total »…); its preview on
    the screen heads them in words and writes the amounts as the language does (it
    showed « raison_sociale » and « 9347.16 »)."""
    app = app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#rep-kind", Select).value = "agec"
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        table = app.screen.query_one("#rep-table", FrameTable)
        labels = [str(column.label) for column in table.ordered_columns]
        assert labels[:3] == ["Année", "SIRET", "Raison sociale"]
        assert "Montant (€ HT)" in labels and not any("_" in label for label in labels)
        amounts = [str(table.get_row_at(r)[4]) for r in range(table.row_count)]
        assert any("," in amount for amount in amounts) and not any("." in a for a in amounts)
