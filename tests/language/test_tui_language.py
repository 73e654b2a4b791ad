"""One language at a time in the TUI, and `l` switching every screen in place (issue 18,
item 6).

The app starts in French; every screen is opened (and, in the inventory, the device
record and the status, transfer and edit dialogs; the help), and what it shows is
checked against the vocabulary of tests/language/language_vocabulary.py. Then `l`
switches to English and every screen — already built, not rebuilt by a visit — is
checked again in English, then back in French. What a screen shows is its
rendering (what a person reads at 160×50) plus the cells of its tables and the
options of its lists, which a person reaches by scrolling or opening them.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from language_vocabulary import Checker
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import WorkerCancelled, WorkerFailed

from fleet.db import dispose_engines
from services.settings import Settings
from tui.app import EcoparcApp, make_app
from tui.i18n import set_language
from tui.screens import SCREENS

#: A terminal large enough to show most of every screen.
SIZE = (160, 50)
#: Table rows read beyond the visible ones (statuses and categories repeat).
ROWS_READ = 300


def rendered(app: App[None]) -> str:
    """The screen as a person reads it: its characters, without colours."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system=None,
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def hidden(app: App[None]) -> str:
    """What a person reaches by scrolling or opening: texts below the fold (a device
    record is long), table cells and list options."""
    texts = [str(static.content) for static in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        texts += [str(column.label) for column in table.ordered_columns]
        for index in range(min(table.row_count, ROWS_READ)):
            texts += [str(cell) for cell in table.get_row_at(index)]
    for select in app.screen.query(Select):
        texts += [str(prompt) for prompt, _ in select._options]
    return "\n".join(texts)


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen's workers finish (a switch may cancel a stale one) and redraw."""
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            pass
        await pilot.pause()


class Survey:
    """Collects the leaks of every screen visited, per phase of the test."""

    def __init__(self, checkers: dict[str, Checker]) -> None:
        self.checkers = checkers
        self.leaks: list[str] = []

    def look(self, app: App[None], lang: str, where: str) -> None:
        text = rendered(app) + "\n" + hidden(app)
        checker = self.checkers[lang]
        self.leaks += [
            f"[{lang}] {where}: {word!r} in …{checker.context(text, word)}…"
            for word in checker.leaks(text)
        ]


async def visit_everything(pilot: Pilot[None], survey: Survey, lang: str) -> None:
    app = pilot.app
    assert isinstance(app, EcoparcApp)
    for entry in SCREENS:
        await app.switch_mode(entry.name)
        await settle(pilot)
        survey.look(app, lang, entry.name)
        if entry.name == "inventory":
            await inventory_dialogs(pilot, survey, lang)
    app.action_help()
    await settle(pilot)
    survey.look(app, lang, "help")
    await pilot.press("escape")


async def inventory_dialogs(pilot: Pilot[None], survey: Survey, lang: str) -> None:
    """The device record and the dialogs that change a device, cancelled."""
    app = pilot.app
    screen = app.screen
    table = screen.query(DataTable).first()
    table.focus()
    await pilot.press("enter")
    await settle(pilot)
    survey.look(app, lang, "inventory: device record")
    for action in ("change_status", "transfer", "edit_field"):
        if not hasattr(screen, f"action_{action}"):
            continue
        await app.screen.run_action(action)
        await settle(pilot)
        if app.screen is not screen:
            survey.look(app, lang, f"inventory: {action} dialog")
            await pilot.press("escape")
            await settle(pilot)
    screen.focus_next()


@pytest.mark.slow
async def test_every_screen_speaks_one_language_and_l_switches_them_all(
    demo_template: Path, tmp_path: Path, checkers: dict[str, Checker], monkeypatch
) -> None:
    shutil.copy(demo_template, tmp_path / "ecoparc.db")
    monkeypatch.chdir(tmp_path)
    survey = Survey(checkers)
    app = make_app(Settings(db_url="sqlite:///ecoparc.db", lang="fr", actor="test"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await visit_everything(pilot, survey, "fr")
            # `l` from the reports screen: every screen built so far follows in place.
            await app.switch_mode("reports")
            await settle(pilot)
            await pilot.press("l")
            await settle(pilot)
            assert app.settings.lang == "en"
            for entry in SCREENS:  # no visit rebuilds them: each is looked at as it is
                await app.switch_mode(entry.name)
                await pilot.pause()
                await settle(pilot)
                survey.look(app, "en", f"{entry.name} after l")
            await visit_everything(pilot, survey, "en")
            await pilot.press("l")
            await settle(pilot)
            await app.switch_mode("dashboard")
            await settle(pilot)
            survey.look(app, "fr", "dashboard after l, l")
    finally:
        dispose_engines()
        set_language("fr")
    assert not survey.leaks, "\n".join(survey.leaks)


@pytest.mark.slow
async def test_l_keeps_the_reports_choice_and_previews_it_again(
    demo_template: Path, tmp_path: Path, checkers: dict[str, Checker], monkeypatch
) -> None:
    """The reports screen after `l`: the same report, year and file, previewed again
    in the new language (it used to come back to the defaults)."""
    shutil.copy(demo_template, tmp_path / "ecoparc.db")
    monkeypatch.chdir(tmp_path)
    app = make_app(Settings(db_url="sqlite:///ecoparc.db", lang="fr", actor="test"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.switch_mode("reports")
            await settle(pilot)
            screen = app.screen
            screen.query_one("#rep-kind", Select).value = "beges"
            screen.query_one("#rep-year", Select).value = 2024
            await settle(pilot)
            screen.query_one("#rep-output", Input).value = "mon-bilan.xlsx"
            await screen.run_action("preview")
            await settle(pilot)
            french = rendered(app)
            assert "Émissions indirectes" in french, french
            await pilot.press("escape", "l")
            await settle(pilot)
            assert screen.query_one("#rep-kind", Select).value == "beges"
            assert screen.query_one("#rep-year", Select).value == 2024
            assert screen.query_one("#rep-output", Input).value == "mon-bilan.xlsx"
            english = rendered(app) + hidden(app)
            assert "Indirect emissions" in english, english
            assert checkers["en"].leaks(english) == []
    finally:
        dispose_engines()
        set_language("fr")


#: A refusal of the use cases as the TUI shows it, in each language.
REFUSED = {
    "fr": (
        "Erreur : ",
        "étape manquante : l'orientation vers une voie",
        "pas un classeur .xlsx valide",
    ),
    "en": ("Error: ", "missing step: the routing", "not a valid .xlsx workbook"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_refusals_of_the_use_cases_speak_the_apps_language(
    demo_template: Path,
    tmp_path: Path,
    checkers: dict[str, Checker],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """The services refuse in French (services.errors); the TUI shows each refusal in
    its own language (tui.i18n.said): a status that skips the exit's steps, a file
    that is not a table."""
    prefix, skipped_step, not_a_table = REFUSED[lang]
    shutil.copy(demo_template, tmp_path / "ecoparc.db")
    (tmp_path / "parc.xlsx").write_bytes(b"\x00\x01 ceci n'est pas un classeur")
    monkeypatch.chdir(tmp_path)
    app = make_app(Settings(db_url="sqlite:///ecoparc.db", lang=lang, actor="test"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.switch_mode("inventory")
            await settle(pilot)
            app.screen.query(DataTable).first().focus()
            await app.screen.run_action("change_status")
            await pilot.pause()
            app.screen.query_one("#status", Select).value = "disposed"
            await pilot.click("#ok")
            await settle(pilot)
            await app.switch_mode("import")
            await settle(pilot)
            app.screen.query_one("#imp-file", Input).value = str(tmp_path / "parc.xlsx")
            await pilot.press("enter")
            await settle(pilot)
            shown = [str(n.message) for n in app._notifications]
    finally:
        dispose_engines()
        set_language("fr")
    refusals = [m for m in shown if m.startswith(prefix)]
    assert any(skipped_step in m for m in refusals), shown
    assert any(not_a_table in m for m in refusals), shown
    leaks = checkers[lang].leaks("\n".join(refusals))
    assert not leaks, (leaks, refusals)
