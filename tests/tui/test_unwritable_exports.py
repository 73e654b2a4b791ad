"""A file the interface cannot write (a missing folder, a folder that takes no files,
a folder given as the file, a « folder » that is a file): one line in the interface's
language that names the file and what is wrong — never Python's English
(« [Errno 13] Permission denied ») — and nothing written, not even half a file.

The wording is the use cases' (services.errors.writing); /sys stands for a
read-only folder, since it refuses new files even to root (a folder without
write permission does not stop root, who runs the suite in CI's containers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static
from tui_support import settle

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow

#: Python's own words for a refused write, which a person must never read.
PYTHON_WORDS = ("Errno", "Permission denied", "No such file", "Is a directory", "Not a directory")


def targets(folder: Path) -> dict[str, tuple[Path, dict[str, str]]]:
    """Each kind of unwritable target, with what the line says of it in each language."""
    note = folder / "notes.txt"
    note.write_text("une note", encoding="utf-8")
    return {
        "missing folder": (
            folder / "absent" / "vue.xlsx",
            {"fr": "n'existe pas", "en": "does not exist"},
        ),
        "read-only folder": (
            Path("/sys/vue.xlsx"),
            {"fr": "écriture interdite dans le dossier", "en": "writing is not allowed"},
        ),
        "a folder": (folder, {"fr": "c'est un dossier, pas un fichier", "en": "is a folder"}),
        "under a file": (
            note / "vue.csv",
            {"fr": "est un fichier, pas un dossier", "en": "is a file, not a folder"},
        ),
    }


def last_message(app) -> str:  # type: ignore[no-untyped-def]
    return str(list(app._notifications)[-1].message)


def assert_worded(line: str, target: Path, words: str) -> None:
    assert "\n" not in line, line
    assert str(target) in line and words in line, line
    assert not any(w in line for w in PYTHON_WORDS), line


def assert_nothing_written(folder: Path) -> None:
    """No temporary file left beside the targets (factors.outputs.atomic_path)."""
    left = {p.name for p in folder.iterdir() if not p.name.startswith("ecoparc.db")}
    assert left == {"notes.txt"}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_inventory_export_says_why_a_file_cannot_be_written(app_factory, lang) -> None:
    folder = Path.cwd()
    app = app_factory(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        for kind, (target, words) in targets(folder).items():
            await pilot.press("x")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            line = last_message(app)
            assert line.startswith("Erreur : " if lang == "fr" else "Error: "), (kind, line)
            assert_worded(line, target, words[lang])
    assert_nothing_written(folder)


async def test_report_and_purchase_say_why_a_file_cannot_be_written(app_factory) -> None:
    """The reports' « Générer » and the purchase's « Exporter » word a refusal the same
    way, through the same use case; in English after `l`."""
    folder = Path.cwd()
    kinds = targets(folder)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

        async def generate(field: str, target: Path) -> None:
            app.screen.query_one(field, Input).value = str(target)
            await pilot.press("ctrl+g")
            await settle(pilot)

        target, words = kinds["read-only folder"]
        await generate("#rep-output", target)
        assert_worded(last_message(app), target, words["fr"])

        await pilot.press("A")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        target, words = kinds["under a file"]
        await generate("#pur-output", target)
        status = str(app.screen.query_one("#pur-status", Static).render())
        assert_worded(status, target, words["en"])
    assert_nothing_written(folder)
