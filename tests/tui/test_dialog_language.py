"""A dialog open when the person presses `l` speaks the new language at once, as the
screens do, and keeps what was chosen in it (dialogs kept their opening language:
their titles were worded once, when built)."""

from __future__ import annotations

from textual.widgets import Button, Label, Select, Static
from tui_support import SIZE, settle

from tui.dialogs.choice import ChoiceDialog
from tui.dialogs.device_actions import StatusDialog
from tui.dialogs.help import HelpDialog


def title(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(".dialog-title", Label).content)


async def test_l_relabels_the_open_dialog_and_keeps_its_choice(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        device = app.screen.selected_id()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert title(app) == f"Changer le statut : l'appareil {device}"
        dialog.query_one("#status", Select).value = "in_stock"
        dialog.query_one("#status", Select).focus()
        await pilot.press("l")
        await settle(pilot)
        assert app.screen is dialog
        assert app.settings.lang == "en", app.focused
        assert title(app) == f"Change the status: device {device}"
        status = dialog.query_one("#status", Select)
        assert status.value == "in_stock"
        assert ("in stock", "in_stock") in [(str(p), v) for p, v in status._options]
        assert str(dialog.query_one("#cancel", Button).label) == "Cancel"
        await pilot.press("escape")
        await settle(pilot)

        # A list to choose from (the sort column), and back to French.
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and title(app) == "Sort by"
        app.screen.query_one("#choice", Select).focus()
        await pilot.press("l")
        await settle(pilot)
        assert title(app) == "Trier par"
        choices = [str(p) for p, _ in app.screen.query_one("#choice", Select)._options]
        assert "N° de série" in choices
        await pilot.press("escape")
        await settle(pilot)

        # The help.
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("l")
        await settle(pilot)
        texts = " ".join(str(s.content) for s in app.screen.query(Static))
        assert "Help — keys" in texts and "Aide" not in texts
