"""The reports screen: preview the indicators of a year, generate the files, see where."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hand_fleet import seed_database
from numecoeval_spec import validate_export
from openpyxl import load_workbook
from textual.widgets import Input, Select, Static

from fleet.db import dispose_engines
from services.settings import Settings
from tui.app import make_app
from tui.i18n import set_language
from tui.screens.reports import ReportsScreen
from tui.widgets.frame_table import FrameTable

TODAY = date(2025, 3, 1)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_preview_and_generate_reen_then_agec(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ecoparc.db'}"
    seed_database(url)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    app = make_app(Settings(db_url=url, lang="fr", actor="test"), today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot)
            await pilot.press("p")
            await _settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportsScreen)
            assert screen.query_one("#rep-year", Select).value == 2024
            assert screen.query_one("#rep-output", Input).value == "reen-2024.xlsx"

            screen.action_preview()
            await _settle(pilot)
            view = screen.view
            assert view is not None and view.written is None
            indicators = dict(zip(view.table["indicator"], view.table["value"], strict=True))
            assert indicators["Équipements en service au 31/12"] == "13"
            assert screen.query_one("#rep-table", FrameTable).row_count == len(view.table)

            screen.action_generate()
            await _settle(pilot)
            written = tmp_path / "reen-2024.xlsx"
            assert screen.view is not None and screen.view.written == written
            assert str(written) in str(screen.query_one("#rep-status", Static).content)
            assert "Indicateurs" in load_workbook(written).sheetnames

            screen.query_one("#rep-kind", Select).value = "agec"
            await _settle(pilot)
            assert screen.query_one("#rep-output", Input).value == "agec-2024.csv"
            screen.action_generate()
            await _settle(pilot)
            view = screen.view
            assert view is not None and view.kind == "agec"
            assert (tmp_path / "agec-2024.csv").read_text(encoding="utf-8").startswith("annee,")
            assert any("Beta" in note for note in view.notes)  # no valid SIRET: reported

            screen.query_one("#rep-kind", Select).value = "numecoeval"
            await _settle(pilot)
            assert screen.query_one("#rep-output", Input).value == "numecoeval-2024"
            screen.action_generate()
            await _settle(pilot)
            assert validate_export(tmp_path / "numecoeval-2024") == []
    finally:
        os.chdir(cwd)
        dispose_engines()
        set_language("fr")


@pytest.mark.slow  # the REEN history and the scenarios: over 5 s
async def test_generate_the_annual_html_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ecoparc.db'}"
    seed_database(url)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    app = make_app(Settings(db_url=url, lang="fr", actor="test"), today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot)
            await pilot.press("p")
            await _settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportsScreen)
            kinds = screen.query_one("#rep-kind", Select)
            assert "Rapport annuel (HTML)" in [str(label) for label, _ in kinds._options]
            kinds.value = "annual"
            await _settle(pilot)
            assert screen.query_one("#rep-output", Input).value == "annual-2024.html"
            screen.action_generate()
            await _settle(pilot)
            written = tmp_path / "annual-2024.html"
            assert screen.view is not None and screen.view.written == written
            page = written.read_text(encoding="utf-8")
            assert (
                '<html lang="fr">' in page and "Rapport annuel numérique responsable 2024" in page
            )
            indicators = dict(
                zip(screen.view.table["indicator"], screen.view.table["value"], strict=True)
            )
            assert indicators["Équipements en service au 31/12"] == "13"
            assert 'data-code="devices_in_service" data-scope="*" data-value="13.0">13<' in page
    finally:
        os.chdir(cwd)
        dispose_engines()
        set_language("fr")
