"""The two faces give the same results on the same database.

Each use case is walked once through the command line (in-process ``ecoparc``)
and once through the TUI (the screen a person would use, driven by Textual's
Pilot), on the demo database in SQLite and in PostgreSQL: footprint totals,
scenario comparison, reuse candidates, and the report files themselves. Both
faces call :mod:`services`; this test is what keeps them from drifting apart.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from ecoparc_cli import ecoparc
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.demo import load_demo
from fleet.schema import upgrade
from services.settings import Settings
from tui.app import EcoparcApp, make_app
from tui.i18n import set_language
from tui.screens.dashboard import DashboardScreen
from tui.screens.reports import ReportsScreen
from tui.screens.reuse import ReuseScreen
from tui.screens.scenarios import ScenariosScreen

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
#: The TUI runs on the real date, as the command line does (no reference date to pass).
TODAY = date.today()
REPORT_YEAR = TODAY.year - 1
HORIZON = (TODAY.year, TODAY.year + 5)
COMPARED = ("extend-2", "refurb-50")


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=[
                pytest.mark.skipif(
                    not POSTGRES_URL,
                    reason="ECOPARC_TEST_POSTGRES_URL not set (no PostgreSQL server)",
                ),
            ],
        ),
    ]
)
def demo_url(request: pytest.FixtureRequest, demo_copy: str) -> Iterator[str]:
    """The demo database on each backend."""
    if request.param == "sqlite":
        yield demo_copy
        return
    url, name = fresh_postgres_database()
    try:
        upgrade(url, backup=False)
        with session_scope(get_engine(url), commit=True) as session:
            load_demo(session, SAMPLES)
        yield url
    finally:
        dispose_engines()
        drop_postgres_database(name)


def cli_json(url: str, *args: str) -> Any:
    ran = ecoparc("--db", url, "--lang", "fr", *args)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_screen(pilot: Pilot[None], key: str, kind: type[Any]) -> Any:
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def plain(value: Any) -> str:
    """A partner name, or the empty text for none (NaN in a frame, null in JSON)."""
    return "" if value is None or pd.isna(value) else str(value)


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet of a workbook as rows of values, but the minute it was written."""
    book = openpyxl.load_workbook(path, read_only=True)
    return {
        sheet.title: [row for row in sheet.iter_rows(values_only=True) if row[:1] != ("Généré le",)]
        for sheet in book.worksheets
    }


@pytest.mark.slow  # the demo fleet through every use case twice (about a minute and a half)
async def test_the_cli_and_the_tui_give_the_same_results(demo_url: str, tmp_path: Path) -> None:
    footprint = cli_json(demo_url, "footprint", "--format", "json")
    by_category = cli_json(demo_url, "footprint", "--by", "category", "--format", "json")
    compared = cli_json(
        demo_url,
        "scenario",
        "compare",
        "baseline",
        *COMPARED,
        "--horizon",
        *map(str, HORIZON),
        "--format",
        "json",
    )
    flagged = cli_json(demo_url, "reuse", "flag", "--as-of", TODAY.isoformat(), "--format", "json")
    cli_files = tmp_path / "cli"
    tui_files = tmp_path / "tui"
    cli_files.mkdir()
    tui_files.mkdir()
    year = str(REPORT_YEAR)
    for kind, suffix in (("reen", "xlsx"), ("agec", "csv"), ("beges", "xlsx")):
        output = cli_files / f"{kind}.{suffix}"
        ran = ecoparc(
            "--db", demo_url, "--lang", "fr", "report", kind, "--year", year, "-o", str(output)
        )
        assert ran.returncode == 0, ran.stderr

    app: EcoparcApp = make_app(Settings(db_url=demo_url, lang="fr", actor="test"))
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)

            # Footprint: the dashboard's total and breakdown for this year.
            dashboard = pilot.app.screen
            assert isinstance(dashboard, DashboardScreen) and dashboard.data is not None
            assert dashboard.data.year == footprint["year"]
            assert dashboard.data.total_kg == pytest.approx(
                footprint["total"]["gwp"]["total"], rel=1e-9
            )
            groups = {g["key"]: g["gwp"]["total"] for g in by_category["groups"]}
            shown = {str(k): float(v) for k, v in dashboard.data.by_category.items() if v}
            assert shown == pytest.approx({k: v for k, v in groups.items() if v}, rel=1e-9)

            # Scenario comparison: the same scenarios over the same horizon.
            scenarios = await open_screen(pilot, "s", ScenariosScreen)
            scenarios.query_one("#scn-first", Input).value = str(HORIZON[0])
            scenarios.query_one("#scn-last", Input).value = str(HORIZON[1])
            ticks = scenarios.query_one("#scn-compare", SelectionList)
            ticks.deselect_all()
            for name in COMPARED:
                ticks.select(name)
            scenarios.action_run()
            await settle(pilot)
            assert scenarios.view is not None
            tui_totals = {r.name: r.totals()["gwp_kg"] for r in scenarios.view.comparison.results}
            cli_totals = {s["name"]: s["total_gwp_kg"] for s in compared["scenarios"]}
            assert set(cli_totals) == {"baseline", *COMPARED}
            for name, total in cli_totals.items():
                assert tui_totals[name] == pytest.approx(total, rel=1e-9)
            assert tui_totals["édité"] == pytest.approx(cli_totals["baseline"], rel=1e-9)

            # Reuse candidates: the same devices, routes, partners and units.
            reuse = await open_screen(pilot, "r", ReuseScreen)
            assert reuse.routes is not None and len(reuse.routes) > 0
            tui_routes = sorted(
                (int(r.device_id), str(r.route), plain(r.partner), int(r.quantity))
                for r in reuse.routes.itertuples()
            )
            cli_routes = sorted(
                (r["device_id"], r["route"], plain(r["partner"]), r["quantity"]) for r in flagged
            )
            assert tui_routes == cli_routes

            # Reports: the same files, cell for cell.
            reports = await open_screen(pilot, "p", ReportsScreen)
            reports.query_one("#rep-year", Select).value = REPORT_YEAR
            for kind, suffix in (("reen", "xlsx"), ("agec", "csv"), ("beges", "xlsx")):
                reports.query_one("#rep-kind", Select).value = kind
                await settle(pilot)
                output = tui_files / f"{kind}.{suffix}"
                reports.query_one("#rep-output", Input).value = str(output)
                reports.action_generate()
                await settle(pilot)
                assert reports.view is not None and reports.view.written == output
    finally:
        os.chdir(cwd)
        dispose_engines()
        set_language("fr")

    assert (tui_files / "agec.csv").read_bytes() == (cli_files / "agec.csv").read_bytes()
    for kind in ("reen", "beges"):
        tui_book, cli_book = cells(tui_files / f"{kind}.xlsx"), cells(cli_files / f"{kind}.xlsx")
        assert list(tui_book) == list(cli_book)
        for sheet, rows in cli_book.items():
            for i, (left, right) in enumerate(zip(tui_book[sheet], rows, strict=True)):
                assert left == right, (kind, sheet, i)
