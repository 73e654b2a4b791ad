"""Import wizard: a real spreadsheet read, mapped, checked and imported end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import Button, Input, Static
from tui_support import SIZE, TODAY, settle

from fleet.db import get_engine, session_scope
from fleet.importing import list_profiles
from fleet.models import Device, Entity
from services.imports import import_file
from services.inventory import change_status, edit_field
from tui.dialogs.choice import ChoiceDialog
from tui.screens.import_wizard import ImportScreen, preview_frame
from tui.widgets.frame_table import FrameTable

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow

CSV = (
    "N° inventaire;Numéro de série;Type;Marque;Modèle;Date d'achat;Prix HT;Statut;Remarque\n"
    "SAR-100;SN-A100;Ordinateur portable;Dell;Latitude 5440;12/03/2023;1 049,50;En service;\n"
    "SAR-101;SN-A101;Écran;Dell;P2422H;01/02/2022;189,00;En service;bureau 2\n"
    "SAR-102;SN-A102;Imprimante;Brother;HL-L5100DN;15/06/2021;320;En stock;\n"
    "SAR-103;SN-A103;Ordinateur portable;Lenovo;ThinkPad T14;31/02/2023;980;En service;\n"
)


def count_devices(url: str, entity: str) -> int:
    with session_scope(get_engine(url), commit=True) as session:
        return int(
            session.scalar(select(func.count(Device.id)).join(Entity).where(Entity.name == entity))
            or 0
        )


async def open_wizard(pilot) -> ImportScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def check_for_sarcenas(pilot, source: Path) -> ImportScreen:  # type: ignore[no-untyped-def]
    """The wizard's dry run of ``source`` for Sarcenas: read, then checked."""
    screen = await open_wizard(pilot)
    screen.query_one("#imp-file", Input).value = str(source)
    screen.query_one("#imp-entity").value = "Sarcenas"
    await pilot.click("#imp-read")
    await settle(pilot)
    await pilot.click("#imp-check")
    await settle(pilot)
    return screen


async def test_import_a_file_end_to_end(app_factory, demo_db, tmp_path: Path) -> None:
    source = tmp_path / "parc-sarcenas.csv"
    source.write_text(CSV, encoding="cp1252")
    before = count_devices(demo_db, "Sarcenas")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        screen.query_one("#imp-file", Input).value = str(source)
        await pilot.click("#imp-read")
        await settle(pilot)
        assert screen.table is not None and len(screen.table.frame) == 4
        assert screen.mapping["Numéro de série"] == "serial"
        assert screen.mapping["Modèle"] == "model"
        mapping_table = screen.query_one("#imp-mapping", FrameTable)
        assert mapping_table.row_count == 9

        # The free-text remark is mapped by hand to the notes field.
        mapping_table.focus()
        mapping_table.move_cursor(row=screen.table.columns.index("Remarque"))
        await pilot.press("enter")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChoiceDialog)
        chooser.query_one("#choice").value = "notes"
        await pilot.click("#ok")
        await pilot.pause()
        assert screen.mapping["Remarque"] == "notes"

        screen.query_one("#imp-entity").value = "Sarcenas"
        await pilot.click("#imp-check")
        await settle(pilot)
        result = screen.result
        assert result is not None and result.dry_run and not result.committed
        assert (result.created, result.rejected) == (3, 1)
        assert result.rejections[0].row == 5
        assert count_devices(demo_db, "Sarcenas") == before  # a dry run writes nothing
        summary = str(screen.query_one("#imp-summary", Static).content)
        assert "3 à créer" in summary and "1 rejetées" in summary
        assert screen.query_one("#imp-rejects", FrameTable).row_count == 1
        assert screen.query_one("#imp-preview", FrameTable).row_count == 3

        screen.query_one("#imp-profile", Input).value = "Parc Sarcenas (CSV)"
        await pilot.click("#imp-save")
        await pilot.click("#imp-commit")
        await settle(pilot)
        assert screen.result is not None and screen.result.committed
        assert app.ctx.revision > 0

        # The new devices are in the inventory straight away.
        await pilot.press("i")
        await settle(pilot)
        inventory = app.screen
        assert inventory._fleet is not None
        assert {"SN-A100", "SN-A101", "SN-A102"} <= set(inventory._fleet["serial"].dropna())
    assert count_devices(demo_db, "Sarcenas") == before + 3
    with session_scope(get_engine(demo_db), commit=True) as session:
        profiles = {p["name"]: p for p in list_profiles(session)}
    assert profiles["Parc Sarcenas (CSV)"]["mapping"]["Remarque"] == "notes"


async def test_a_file_that_is_not_a_table_is_reported_not_raised(
    app_factory, tmp_path: Path
) -> None:
    broken = tmp_path / "parc.xlsx"
    broken.write_bytes(b"this is not a workbook")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        screen.query_one("#imp-file", Input).value = str(broken)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.table is None
        assert any("Erreur" in str(n.message) for n in app._notifications)
        assert screen.query_one("#imp-commit", Button).disabled
        screen.query_one("#imp-file", Input).value = str(tmp_path / "absent.csv")
        await pilot.click("#imp-read")
        await settle(pilot)
        assert app.is_running and app.screen is screen


async def test_a_file_without_entity_column_asks_for_the_owner(
    app_factory, demo_db, tmp_path: Path
) -> None:
    """Every row would be rejected for want of an owner: the wizard says so once."""
    source = tmp_path / "parc.csv"
    source.write_text(CSV, encoding="cp1252")
    before = count_devices(demo_db, "Sarcenas")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot)
        assert app.ctx.entity is None  # all entities: no owner to guess
        screen.query_one("#imp-file", Input).value = str(source)
        await pilot.click("#imp-read")
        await settle(pilot)
        assert "entity" not in screen.mapping.values()
        await pilot.click("#imp-check")
        await settle(pilot)
        assert screen.result is None
        assert any("colonne Entité" in str(n.message) for n in app._notifications)
        assert app.focused is screen.query_one("#imp-entity")

        # Looking at one entity, reading the file proposes it as the owner.
        app.ctx.entity = "Sarcenas"
        await pilot.click("#imp-read")
        await settle(pilot)
        assert screen.query_one("#imp-entity").value == "Sarcenas"
        await pilot.click("#imp-check")
        await settle(pilot)
        assert screen.result is not None and (screen.result.created, screen.result.rejected) == (
            3,
            1,
        )
    assert count_devices(demo_db, "Sarcenas") == before


async def test_a_changed_file_checked_again_shows_updates_kept_values_and_conflicts(
    app_factory, tmp_path: Path
) -> None:
    """The monthly export again, after work in ecoparc: one row changed in the file,
    one device edited by hand, one retired. The check used to close the interface
    on the conflict's preview row (it has a reason, no changes) and showed the
    changes with internal names (« status : in_service → in_stock »)."""
    source = tmp_path / "parc-sarcenas.csv"
    source.write_text(CSV, encoding="cp1252")
    app = app_factory()
    with app.ctx.uow() as uow:
        import_file(uow, source, entity="Sarcenas", actor="test", today=TODAY)
    with app.ctx.uow() as uow:
        edit_field(uow, "SAR-101", "model", "P2422H-B", "test")
    with app.ctx.uow() as uow:
        retired = change_status(uow, ["SAR-102"], "retired", "test")[0]
    changed = (
        CSV.replace("12/03/2023;1 049,50;En service", "12/03/2023;1 049,50;En stock")
        .replace("P2422H;01/02/2022", "P2422HE;01/02/2022")
        .replace("HL-L5100DN", "HL-L5200DW")
    )
    source.write_text(changed, encoding="cp1252")
    async with app.run_test(size=SIZE) as pilot:
        screen = await check_for_sarcenas(pilot, source)
        assert screen.result is not None and screen.result.updated == 1
        preview = preview_frame(screen.result).set_index("row")
        assert preview.loc["2", "action"] == "mise à jour"
        assert preview.loc["2", "name"] == "Statut : en service → en stock"
        assert preview.loc["3", "action"] == "gardé"
        assert preview.loc["3", "name"] == "Modèle : P2422H-B gardé (fichier : P2422HE)"
        assert preview.loc["4", "action"] == "conflit"
        assert preview.loc["4", "name"].startswith(f"appareil n° {retired} retiré du parc")
        assert screen.query_one("#imp-preview", FrameTable).row_count == 3
        # The summary counts the rows and values the file does not get to change.
        summary = str(screen.query_one("#imp-summary", Static).content)
        assert "1 ligne(s) en conflit" in summary
        assert "1 valeur(s) du fichier non appliquée(s)" in summary


async def test_the_preview_names_the_sites_a_row_moves_between(app_factory, tmp_path: Path) -> None:
    """A device moved to another site in the file: the preview names both sites (it
    showed their numbers in the database, « Site (n°) : 12 → 15 »), and a site the
    import would create is « nouveau site » (« new site » in English)."""
    source = tmp_path / "parc-sarcenas.csv"
    first = "N° inventaire;Type;Marque;Modèle;Site\n"
    source.write_text(
        first + "SAR-1;Écran;Dell;P2422H;Mairie\nSAR-2;Écran;Dell;P2422H;École\n",
        encoding="utf-8",
    )
    app = app_factory()
    with app.ctx.uow() as uow:
        import_file(uow, source, entity="Sarcenas", actor="test", today=TODAY)
    source.write_text(
        first + "SAR-1;Écran;Dell;P2422H;École\nSAR-2;Écran;Dell;P2422H;Gymnase\n",
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await check_for_sarcenas(pilot, source)
        assert screen.result is not None and screen.result.updated == 2
        shown = screen.query_one("#imp-preview", FrameTable)
        names = {str(shown.get_row_at(r)[2]) for r in range(shown.row_count)}
        assert names == {"Site : Mairie → École", "Site : École → nouveau site"}
        await pilot.press("l")
        await settle(pilot)
        shown = screen.query_one("#imp-preview", FrameTable)  # composed again in English
        names = {str(shown.get_row_at(r)[2]) for r in range(shown.row_count)}
        assert names == {"Site: Mairie → École", "Site: École → new site"}
        # The check outlives the change of language: the import is still offered.
        assert not screen.query_one("#imp-commit", Button).disabled
