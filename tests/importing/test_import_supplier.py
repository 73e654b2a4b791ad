"""Supplier vocabulary (issue 13, item 9): a delivery note's condition column sets the
acquisition to refurbished and keeps the grade; its manufacturer reference is the model
that factor matching reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_corpus import SUPPLIER_NOTE, xlsx_bytes
from import_support import invoke
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.importing.mapping import suggest_mapping
from fleet.importing.values import grade, second_hand
from fleet.models import Device


def _devices(url: str) -> list[Device]:
    with session_scope(get_engine(url)) as session:
        devices = list(session.scalars(select(Device).order_by(Device.serial)))
        session.expunge_all()
    return devices


def test_delivery_note_imports_refurbished_with_model(db: str, tmp_path: Path) -> None:
    path = tmp_path / "bon-livraison.csv"
    path.write_text(SUPPLIER_NOTE, encoding="utf-8")
    result = invoke(db, "import", str(path), "--entity", "Grenoble")
    assert result.exit_code == 0, result.output
    devices = _devices(db)
    assert [d.serial for d in devices] == ["PF3ABC12", "PF3ABC13"]
    for device in devices:
        assert device.acquisition == "refurbished"
        assert device.condition == "Grade A"
        assert device.manufacturer == "Lenovo"
        assert device.model == "ThinkPad T14 Gen 2"
        assert device.category == "laptop"
    listed = invoke(db, "devices", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    json.loads(listed.stdout, parse_constant=lambda token: pytest.fail(f"{token} in JSON"))


@pytest.mark.parametrize(
    ("condition_header", "model_header"),
    [
        ("Etat", "Référence fabricant"),
        ("Condition", "Part number"),
        ("Grade", "MPN"),
        ("Neuf/Reconditionné", "Modèle constructeur"),
    ],
)
def test_other_supplier_headers(
    condition_header: str, model_header: str, sqlite_url: str, tmp_path: Path
) -> None:
    from fleet import schema
    from fleet.entities import add_entity

    schema.upgrade(sqlite_url, backup=False)
    with session_scope(get_engine(sqlite_url), commit=True) as session:
        add_entity(session, "Grenoble")
    value = "B" if condition_header == "Grade" else "Reconditionné grade B"
    path = tmp_path / "livraison.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["Désignation", "Numéro de série", "Fabricant", model_header, condition_header],
                ["Écran", "CN-0X1", "Dell", "P2422H", value],
            ]
        )
    )
    result = invoke(sqlite_url, "import", str(path), "--entity", "Grenoble")
    assert result.exit_code == 0, result.output
    (device,) = _devices(sqlite_url)
    assert (device.acquisition, device.condition, device.model) == (
        "refurbished",
        "Grade B",
        "P2422H",
    )


@pytest.mark.parametrize(
    "text", ["Reconditionné grade A", "reconditionné", "refurbished", "occasion", "seconde main"]
)
def test_second_hand_words(text: str) -> None:
    assert second_hand(text)


def test_condition_words_that_are_not_second_hand() -> None:
    assert not any(second_hand(t) for t in ("Neuf", "Bon état", "HS", "Usé"))
    assert grade("Reconditionné grade A") == "Grade A"
    assert grade("A") is None and grade("A", bare=True) == "Grade A"


@pytest.mark.parametrize(
    "header",
    ["Réf. constructeur", "Référence fabricant", "Part number", "MPN", "Modèle constructeur"],
)
def test_manufacturer_reference_headers_map_to_the_model(header: str) -> None:
    (suggestion,) = suggest_mapping([header])
    assert (suggestion.field, suggestion.score) == ("model", 1.0)


@pytest.mark.parametrize("header", ["État", "Etat", "Condition", "Grade"])
def test_condition_headers(header: str) -> None:
    (suggestion,) = suggest_mapping([header])
    assert suggestion.field == "condition"
