"""Fresh and consistent (issue 18, item 7): what one screen changes, the others show
without a restart, and every screen counts the devices of an entity the same way.

Real demo database, real files, Textual Pilot; in French and in English. (The
scenarios screen compares on open: tests/scenarios/test_screen.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import Input, Select, Static
from tui_support import SIZE, settle

from factors.locale import format_number
from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity
from services.inventory import device_units, devices_of
from services.uow import UnitOfWork
from tui.screens.dashboard import DashboardScreen
from tui.screens.import_wizard import NEW_ENTITY, ImportScreen
from tui.widgets.kpi import Kpi

ENTITY = "Échirolles"

#: A new commune's inventory: no entity column (the wizard names the owner).
NEW_COMMUNE_CSV = (
    "N° inventaire;Numéro de série;Type;Marque;Modèle;Date d'achat;Prix HT;Statut\n"
    "VIF-001;VIF-SN-001;Ordinateur portable;Dell;Latitude 5440;12/03/2023;1 049,50;En service\n"
    "VIF-002;VIF-SN-002;Ordinateur portable;Lenovo;ThinkPad T14;01/02/2022;980;En service\n"
    "VIF-003;VIF-SN-003;Écran;Dell;P2422H;01/02/2022;189,00;En stock\n"
)


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


def expected_count(url: str, entity: str) -> int:
    """The devices of ``entity`` read straight from the database (its sub-bodies
    included): every status but « sorti du parc », a lot for its quantity."""
    with UnitOfWork(url) as uow:
        from fleet.queries import entity_ids, fleet_frame

        frame = fleet_frame(uow.session)
        ids = entity_ids(uow.session, [entity])
    return device_units(devices_of(frame, ids))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_every_screen_gives_the_same_count_for_an_entity(
    app_factory, demo_db: str, lang: str
) -> None:
    expected = expected_count(demo_db, ENTITY)
    shown = format_number(expected, lang)
    app = app_factory(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#dash-entity", Select).value = ENTITY
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert dashboard.data is not None and dashboard.data.kpis.devices == expected
        tile = dashboard.query_one("#kpi-devices", Kpi)
        assert shown in str(tile.query_one(".kpi-value", Static).render())

        await pilot.press("i")
        await settle(pilot)
        counts = _text(app.screen, "#inv-count")
        assert f"· {shown} " in counts, counts

        await pilot.press("r")
        await settle(pilot)
        summary = _text(app.screen, "#reuse-summary")
        assert summary.startswith(f"{ENTITY}{' :' if lang == 'fr' else ':'} {shown} "), summary

        await pilot.press("p")
        await settle(pilot)
        assert shown in _text(app.screen, "#rep-devices")


def _devices_of(url: str, entity: str) -> int:
    with session_scope(get_engine(url), commit=True) as session:
        return int(
            session.scalar(select(func.count(Device.id)).join(Entity).where(Entity.name == entity))
            or 0
        )


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "commune"), [("fr", "Vif"), ("en", "Varces")])
async def test_import_a_new_communes_file_creating_the_entity(
    app_factory, demo_db: str, tmp_path: Path, lang: str, commune: str
) -> None:
    source = tmp_path / f"parc-{commune.lower()}.csv"
    source.write_text(NEW_COMMUNE_CSV, encoding="utf-8")
    app = app_factory(lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        await pilot.press("m")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, ImportScreen)
        wizard.query_one("#imp-file", Input).value = str(source)
        await pilot.click("#imp-read")
        await settle(pilot)
        name_field = wizard.query_one("#imp-new-entity", Input)
        assert not name_field.display  # shown only for a new entity
        wizard.query_one("#imp-entity", Select).value = NEW_ENTITY
        await pilot.pause()
        assert name_field.display
        await pilot.click("#imp-check")  # no name yet: refused, nothing checked
        await settle(pilot)
        assert wizard.result is None
        name_field.value = commune
        await pilot.click("#imp-check")
        await settle(pilot)
        assert wizard.result is not None and wizard.result.new_entities == [commune]
        summary = _text(wizard, "#imp-summary")
        assert commune in summary
        assert _devices_of(demo_db, commune) == 0  # a check writes nothing
        await pilot.click("#imp-commit")
        await settle(pilot)
        assert _devices_of(demo_db, commune) == 3

        # Every screen offers the new commune at once, and counts its devices.
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is dashboard
        select_ = dashboard.query_one("#dash-entity", Select)
        assert commune in [value for _, value in select_._options]
        select_.value = commune
        await settle(pilot)
        assert dashboard.data is not None and dashboard.data.kpis.devices == 3
        await pilot.press("i")
        await settle(pilot)
        inventory_entities = app.screen.query_one("#inv-entity", Select)
        assert commune in [value for _, value in inventory_entities._options]
        assert "· 3 " in _text(app.screen, "#inv-count")
        await pilot.press("p")
        await settle(pilot)
        assert commune in [
            value for _, value in app.screen.query_one("#rep-scope", Select)._options
        ]
