"""The screens of the app, one module each, registered in :data:`SCREENS`.

To add a screen (scenarios, reuse, reports…): write ``tui/screens/<name>.py``
with a subclass of :class:`tui.screens.base.EcoScreen` whose ``TITLE_KEY`` is
``screen.<name>``, keep its other messages in the module and register them
with :func:`tui.i18n.register_messages`, then add one :class:`ScreenEntry` line
below with its key and its French and English titles. The app turns every entry
into a Textual *mode* reached with its key from anywhere (the footer and the
``?`` help list them by title), so a screen keeps its state while the user
visits the others. A screen's module is imported the first time it is shown,
which keeps the start fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    #: Mode name, also the suffix of the title key ``screen.<name>``.
    name: str
    #: Single key that switches to the screen from anywhere.
    key: str
    #: ``"module:Class"`` of the screen, imported when first shown.
    target: str
    #: Title in French and in English (footer, help, header).
    title_fr: str
    title_en: str

    def load(self) -> type[Screen[None]]:
        module_name, attr = self.target.split(":")
        screen: type[Screen[None]] = getattr(importlib.import_module(module_name), attr)
        return screen


SCREENS: list[ScreenEntry] = [
    ScreenEntry(
        "dashboard", "d", "tui.screens.dashboard:DashboardScreen", "Tableau de bord", "Dashboard"
    ),
    ScreenEntry(
        "inventory", "i", "tui.screens.inventory:InventoryScreen", "Inventaire", "Inventory"
    ),
    ScreenEntry("import", "m", "tui.screens.import_wizard:ImportScreen", "Import", "Import"),
    ScreenEntry("factors", "f", "tui.screens.factors:FactorsScreen", "Facteurs", "Factors"),
    ScreenEntry("reports", "p", "tui.screens.reports:ReportsScreen", "Rapports", "Reports"),
    ScreenEntry(
        "scenarios", "s", "tui.screens.scenarios:ScenariosScreen", "Scénarios", "Scenarios"
    ),
    ScreenEntry("reuse", "r", "tui.screens.reuse:ReuseScreen", "Réemploi", "Reuse"),
    ScreenEntry("purchase", "A", "tui.screens.purchase:PurchaseScreen", "Achat", "Purchase"),
]
