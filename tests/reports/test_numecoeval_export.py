"""The NumEcoEval export against the specification: the category → type table, the
validator of :mod:`numecoeval_spec` on real files, matched models, lifespans in years,
and the importer reading the referential's types back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import make_fleet_frame
from hand_fleet import ENTITIES, HAND_ROWS, make_frame
from numecoeval_spec import REFERENTIAL_TYPES, validate_export
from sqlalchemy import select

from factors.builtin import CONSTRUCTEURS_NAME, load_builtin
from factors.numecoeval import CATEGORY_TYPES, EQUIPMENT_TYPES, TYPE_CATEGORIES
from factors.vocabulary import CATEGORIES
from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.importing.categories import category_from_type
from fleet.models import Device
from footprint.engine import DAYS_PER_YEAR
from footprint.reports.numecoeval import export_result, write_numecoeval

DAY = date(2026, 3, 1)


def _export(frame: pd.DataFrame, builtin, directory: Path) -> pd.DataFrame:
    result = export_result(frame, builtin, DAY)
    write_numecoeval(frame, ENTITIES, directory, result)
    return pd.read_csv(
        directory / "equipementPhysique.csv", sep=";", dtype="str", keep_default_na=False
    )


def test_every_category_has_a_type_of_the_referential() -> None:
    assert set(CATEGORY_TYPES) == set(CATEGORIES)
    assert set(CATEGORY_TYPES.values()) <= REFERENTIAL_TYPES
    assert set(EQUIPMENT_TYPES) == REFERENTIAL_TYPES
    assert set(TYPE_CATEGORIES) == REFERENTIAL_TYPES
    # a type read back gives a category that is exported as that same type
    for name in set(CATEGORY_TYPES.values()):
        assert CATEGORY_TYPES[TYPE_CATEGORIES[name]] == name
    for name, category in TYPE_CATEGORIES.items():
        assert category_from_type(name) == category


def test_export_of_the_hand_fleet_passes_the_validator(builtin, tmp_path: Path) -> None:
    equipment = _export(make_frame(HAND_ROWS), builtin, tmp_path)
    assert validate_export(tmp_path) == []
    assert (tmp_path / "entite.csv").read_text(encoding="utf-8").splitlines() == [
        "nomEntite;nbCollaborateurs;responsableEntite;responsableNumeriqueResponsable",
        "Alpha;10;;",
        "Beta;4;;",
    ]
    assert set(equipment["type"]) == {"Laptop", "Monitor", "Smartphone", "Printer", "Desktop"}
    # the retired laptop: 2020-07-01 -> 2024-07-01, four years of internal use
    retired = equipment.loc[equipment["dateRetrait"] == "2024-07-01"].iloc[0]
    assert float(retired["dureeUsageInterne"]) == pytest.approx(1461 / DAYS_PER_YEAR, abs=0.01)
    # the donated laptop's two years of first life, in years
    assert set(equipment["dureeUsageAmont"]) == {"", "2"}


def test_lifespans_are_the_engines_in_years(builtin, tmp_path: Path) -> None:
    frame = make_frame(HAND_ROWS)
    equipment = _export(frame, builtin, tmp_path)
    lifespans = export_result(frame, builtin, DAY).devices["lifespan_years"].round(2)
    assert equipment["dureeUsageInterne"].astype(float).tolist() == lifespans.tolist()


def test_validator_finds_what_breaks_the_specification(builtin, tmp_path: Path) -> None:
    good = tmp_path / "good"
    _export(make_frame(HAND_ROWS), builtin, good)
    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    path = bad / "equipementPhysique.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(";")
    first[9] = "Ordinateur portable"  # type in French
    first[4] = "01/01/2022"  # dateAchat not ISO
    lines[1] = ";".join(first)
    lines.append(lines[2])  # the same nomEquipementPhysique twice
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entity = bad / "entite.csv"
    entity.write_text(
        entity.read_text(encoding="utf-8").replace("NumeriqueResponsable", "NumeriqueDurable"),
        encoding="utf-8",
    )
    errors = "\n".join(validate_export(bad))
    assert "hors du référentiel" in errors
    assert "AAAA-MM-JJ" in errors
    assert "en double" in errors
    assert "entite.csv: en-têtes" in errors


def test_modele_is_the_model_as_matched(tmp_path: Path) -> None:
    """A model-level match writes the reference's name, so every spelling of a model
    gives NumEcoEval one ``modele``; an unmatched model is written as the device has it.
    Model references are in the manufacturers' set (the national set has none)."""
    builtin = load_builtin(CONSTRUCTEURS_NAME)
    frame = make_fleet_frame(
        [
            {"manufacturer": "DELL", "model": "LATITUDE 5420 i5 16Go"},
            {"manufacturer": "Dell", "model": "Latitude 5420"},
            {"manufacturer": "Acme", "model": "Bidule 3000", "category": "monitor"},
        ],
        entity="Alpha",
    )
    result = export_result(frame, builtin, DAY)
    assert result.devices["match_level"].tolist()[:2] == ["model", "model"]
    equipment = _export(frame, builtin, tmp_path)
    reference = builtin.reference_row(str(result.devices["reference"].iloc[0]))
    expected = f"{reference['manufacturer']} {reference['model']}"
    assert equipment["modele"].tolist() == [expected, expected, "Acme Bidule 3000"]
    assert equipment["type"].tolist() == ["Laptop", "Laptop", "Monitor"]
    assert equipment["qualite"].tolist() == ["MOYENNE"] * 3  # a model, no purchase date


def test_importer_reads_the_referential_types(migrated_url: str, tmp_path: Path) -> None:
    """A type several categories share is narrowed down by the model; the others map
    to their one category."""
    path = tmp_path / "equipementPhysique.csv"
    path.write_text(
        "nomEquipementPhysique;modele;quantite;type;paysDUtilisation;nomEntite\n"
        "A1;HP EliteOne 800 G6;1;Desktop;France;Alpha\n"
        "A2;Dell OptiPlex 7090;1;Desktop;France;Alpha\n"
        "A3;Dell Wyse 5070;1;Desktop;France;Alpha\n"
        "A4;Canon imageRUNNER ADVANCE C5535i;1;Printer;France;Alpha\n"
        "A5;Yealink T54W;1;Fixed phone;France;Alpha\n"
        "A6;NetApp FAS2750;1;Storage server;France;Alpha\n"
        "A7;Epson EB-992F;1;TV;France;Alpha\n"
        "A8;Samsung QM55R;1;TV;France;Alpha\n",
        encoding="utf-8",
    )
    with session_scope(get_engine(migrated_url), commit=True) as session:
        result = run_import(session, path, entity=None, create_entities=True)
        assert result.rejected == 0, result.rejections
    with session_scope(get_engine(migrated_url)) as session:
        found = dict(session.execute(select(Device.name, Device.category)).all())
    assert found == {
        "A1": "all_in_one",
        "A2": "desktop",
        "A3": "thin_client",
        "A4": "mfp",
        "A5": "ip_phone",
        "A6": "storage",
        "A7": "projector",
        "A8": "display",
    }
