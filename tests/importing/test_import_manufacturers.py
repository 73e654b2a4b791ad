"""The manufacturer named at the start of a model cell (NumEcoEval ``modele``, GLPI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from factors.manufacturers import canonical_manufacturer, split_manufacturer
from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.models import Device


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dell Latitude 5410", ("Dell", "Latitude 5410")),
        ("Konica Minolta bizhub C300i", ("Konica Minolta", "bizhub C300i")),
        (
            "Alcatel-Lucent Enterprise 8028s Premium DeskPhone",
            ("Alcatel-Lucent", "8028s Premium DeskPhone"),
        ),
        ("Hewlett Packard Enterprise ProLiant DL380", ("HP", "ProLiant DL380")),
        ("APC Back-UPS 700", ("APC", "Back-UPS 700")),
        ("EATON 5PX 1500", ("Eaton", "5PX 1500")),
        ("NEC MultiSync V552", ("NEC", "MultiSync V552")),
        ("Latitude 5410", ("", "Latitude 5410")),
        ("Dell", ("", "Dell")),
    ],
)
def test_split_manufacturer(text: str, expected: tuple[str, str]) -> None:
    assert split_manufacturer(text) == expected


def test_extra_brands_get_their_usual_spelling() -> None:
    assert canonical_manufacturer("EATON") == "Eaton"
    assert canonical_manufacturer("apc") == "APC"
    assert canonical_manufacturer("Dell Inc.") == "Dell"


def test_model_cells_lose_the_brand_only_when_it_is_the_rows_manufacturer(
    migrated_url: str, tmp_path: Path
) -> None:
    numecoeval = tmp_path / "equipementPhysique.csv"
    numecoeval.write_text(
        "nomEquipementPhysique;modele;quantite;type;statut;nomEntite\n"
        "A1;Dell P2414H;1;Écran;In use;Alpha\n"
        "A2;APC Smart-UPS 1500;1;Onduleur;In use;Alpha\n"
        "A3;Eaton 5PX 1500;1;;In use;Alpha\n"
        "A4;Apple iMac 24;1;;In use;Alpha\n",
        encoding="utf-8",
    )
    glpi = tmp_path / "glpi.csv"
    glpi.write_text(
        "Nom;Entité;Fabricant;Modèle;Type\n"
        "B1;Alpha;HP;HP ProOne 440 G9 All-in-One PC;Tout-en-un\n"
        "B2;Alpha;Lenovo;Dell OptiPlex 7010;Ordinateur\n"
        "B3;Alpha;Dell Inc.;Latitude 5440;Portable\n",
        encoding="utf-8",
    )
    with session_scope(get_engine(migrated_url), commit=True) as session:
        for path in (numecoeval, glpi):
            result = run_import(session, path, entity=None, create_entities=True)
            assert result.rejected == 0, result.rejections
    with session_scope(get_engine(migrated_url), commit=True) as session:
        rows = session.execute(
            select(Device.name, Device.manufacturer, Device.model, Device.category)
        )
        found = {
            name: (manufacturer, model, category) for name, manufacturer, model, category in rows
        }
    assert found == {
        "A1": ("Dell", "P2414H", "monitor"),
        "A2": ("APC", "Smart-UPS 1500", "other"),
        # the category still sees the brand of the cell as read ("eaton 5…")
        "A3": ("Eaton", "5PX 1500", "other"),
        "A4": ("Apple", "iMac 24", "all_in_one"),
        "B1": ("HP", "ProOne 440 G9 All-in-One PC", "all_in_one"),
        # another manufacturer than the row's: the cell is left as written
        "B2": ("Lenovo", "Dell OptiPlex 7010", "desktop"),
        "B3": ("Dell", "Latitude 5440", "laptop"),
    }
