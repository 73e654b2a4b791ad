"""Every malformed factor file is refused with its file, line and reason, and the
stored sets stay as they were."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from cli.main import cli
from factors.builtin import load_builtin
from factors.factor_set import FactorSetError, UnreadableFactorFile
from factors.loader import load_factor_set, write_factor_set
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.factor_store import FactorStoreError, list_factor_sets, save_factor_set
from fleet.models import FactorElectricityRow, FactorImpactRow, FactorReferenceRow, FactorSetRecord
from fleet.schema import upgrade


def _table(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _save(folder: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{table}.csv", index=False)


def edit(table: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], Path]:
    def apply(folder: Path) -> Path:
        _save(folder, table, change(_table(folder, table)))
        return folder

    return apply


def cell(row: int, column: str, value: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame

    return change


def duplicate_row(row: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda frame: pd.concat([frame, frame.iloc[[row]]], ignore_index=True)


def drop_printer_default(folder: Path) -> Path:
    refs = _table(folder, "references")
    impacts = _table(folder, "impacts")
    _save(folder, "references", refs.loc[refs["reference"] != "default-printer"])
    _save(folder, "impacts", impacts.loc[impacts["reference"] != "default-printer"])
    return folder


def drop_laptop_pe_end_of_life(frame: pd.DataFrame) -> pd.DataFrame:
    hole = (
        (frame["reference"] == "default-laptop")
        & (frame["criterion"] == "pe")
        & (frame["phase"] == "end_of_life")
    )
    return frame.loc[~hole]


def remove(name: str) -> Callable[[Path], Path]:
    def apply(folder: Path) -> Path:
        (folder / name).unlink()
        return folder

    return apply


def empty(name: str) -> Callable[[Path], Path]:
    def apply(folder: Path) -> Path:
        (folder / name).write_text("", encoding="utf-8")
        return folder

    return apply


def workbook_without_electricity(folder: Path) -> Path:
    path = folder.parent / "jeu.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for table in ("references", "impacts"):
            _table(folder, table).to_excel(writer, sheet_name=table, index=False)
    return path


#: id, how to break the set, expected file, line, reason fragment, CLI exit code.
CASES = [
    ("missing-column", edit("references", lambda f: f.drop(columns=["source"])),
     "references.csv", 1, "colonne manquante : source", 1),
    ("unknown-category", edit("references", cell(0, "category", "laptops")),
     "references.csv", 2, "catégorie inconnue : 'laptops'", 1),
    ("unknown-criterion", edit("impacts", cell(3, "criterion", "co2")),
     "impacts.csv", 5, "critère inconnu : 'co2'", 1),
    ("negative-value", edit("impacts", cell(0, "value", "-1")),
     "impacts.csv", 2, "valeur négative dans value", 1),
    ("non-numeric-value", edit("impacts", cell(1, "value", "beaucoup")),
     "impacts.csv", 3, "valeur non numérique dans value : 'beaucoup'", 1),
    ("bounds", edit("impacts", cell(0, "low", "1000000")),
     "impacts.csv", 2, "bornes incohérentes", 1),
    ("duplicate-reference", edit("references", duplicate_row(1)),
     "references.csv", None, "référence en double : 'default-desktop' (déjà ligne 3)", 1),
    ("impacts-for-unknown-reference", edit("impacts", cell(0, "reference", "fantome")),
     "impacts.csv", 2, "impacts pour une référence inconnue : 'fantome'", 1),
    ("category-without-default", drop_printer_default,
     "references.csv", None, "aucune référence par défaut pour la catégorie 'printer'", 1),
    ("unknown-phase", edit("impacts", cell(0, "phase", "use")),
     "impacts.csv", 2, "phase inconnue : 'use'", 1),
    ("wrong-unit", edit("impacts", cell(0, "unit", "g CO2e")),
     "impacts.csv", 2, "unité 'g CO2e' au lieu de 'kg CO2e'", 1),
    ("missing-source", edit("impacts", cell(0, "source", "")),
     "impacts.csv", 2, "source manquante", 1),
    ("bad-year", edit("electricity", cell(0, "year", "2O22")),
     "electricity.csv", 2, "année invalide : '2O22'", 1),
    ("incomplete-default", edit("impacts", drop_laptop_pe_end_of_life),
     "references.csv", 2, "incomplète : il manque pe/end_of_life", 1),
    ("duplicate-impact", edit("impacts", duplicate_row(0)),
     "impacts.csv", None, "impact en double : default-laptop, gwp, manufacturing", 1),
    ("refurbished-ratio", edit("references", cell(0, "refurbished_ratio", "1.5")),
     "references.csv", 2, "refurbished_ratio doit être entre 0 et 1", 1),
    ("half-model-reference", edit("references", cell(0, "manufacturer", "Dell")),
     "references.csv", 2, "une référence de modèle a un fabricant et un modèle", 1),
    ("missing-file", remove("electricity.csv"),
     None, None, "fichier(s) manquant(s) dans le dossier : electricity.csv", 2),
    ("empty-file", empty("impacts.csv"), "impacts.csv", None, "fichier vide", 2),
    ("xlsx-missing-sheet", workbook_without_electricity,
     "jeu.xlsx", None, "feuille(s) manquante(s) : electricity", 2),
]  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("builtin") / "jeu"
    write_factor_set(load_builtin(), folder)
    return folder


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'ecoparc.db'}"
    upgrade(url, backup=False)
    from dataclasses import replace

    with session_scope(get_engine(url), commit=True) as session:
        save_factor_set(session, replace(load_builtin(), name="existant", _derived={}))
    yield url
    dispose_engines()


def stored_state(url: str) -> tuple[object, ...]:
    with session_scope(get_engine(url), commit=True) as session:
        counts = tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (
                FactorSetRecord,
                FactorReferenceRow,
                FactorImpactRow,
                FactorElectricityRow,
            )
        )
        return (tuple(r["name"] for r in list_factor_sets(session)), counts)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize(
    ("breaker", "file", "line", "reason", "exit_code"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_malformed_set_is_rejected(
    exported, database, tmp_path, breaker, file, line, reason, exit_code
) -> None:
    folder = tmp_path / "jeu"
    shutil.copytree(exported, folder)
    path = breaker(folder)
    expected_error = UnreadableFactorFile if exit_code == 2 else FactorSetError
    with pytest.raises(expected_error) as error:
        load_factor_set(path)
    matching = [p for p in error.value.problems if reason in p.reason]
    assert matching, [str(p) for p in error.value.problems]
    if file is not None:
        assert matching[0].file == file
    if line is not None:
        assert matching[0].line == line

    before = stored_state(database)
    result = CliRunner().invoke(
        cli, ["--db", database, "factors", "import", str(path), "--name", "neuf"]
    )
    assert result.exit_code == exit_code, result.output
    assert reason in result.stderr
    assert stored_state(database) == before


def test_duplicate_name_is_refused_and_nothing_changes(exported, database) -> None:
    before = stored_state(database)
    result = CliRunner().invoke(
        cli, ["--db", database, "factors", "import", str(exported), "--name", "existant"]
    )
    assert result.exit_code == 1
    assert "existe déjà" in result.stderr
    assert stored_state(database) == before
    with session_scope(get_engine(database)) as session, pytest.raises(FactorStoreError):
        save_factor_set(session, load_builtin())  # the built-in name is reserved


def test_failure_during_inserts_rolls_everything_back(database) -> None:
    from dataclasses import replace

    builtin = load_builtin()
    impacts = builtin.impacts.copy()
    impacts.loc[impacts.index[-1], "value"] = float("nan")  # NOT NULL: fails after two tables
    broken = replace(builtin, name="casse", impacts=impacts, _derived={})
    before = stored_state(database)
    with pytest.raises(Exception):  # noqa: B017 - the driver's IntegrityError
        with session_scope(get_engine(database), commit=True) as session:
            save_factor_set(session, broken)
    assert stored_state(database) == before


def _broken_quote(folder: Path) -> Path:
    path = folder.parent / "guillemet.csv"
    path.write_text('manufacturer,name,category\n"Dell,Latitude,laptop\nHP,X,laptop\n')
    return path


def _zip_bomb(folder: Path) -> Path:
    """A workbook whose one sheet inflates 400-fold (200 MB from half a megabyte)."""
    import zipfile

    path = folder.parent / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        row = "<row><c><v>1</v></c></row>"
        archive.writestr("xl/worksheets/sheet1.xml", f"<worksheet>{row * 8_000_000}</worksheet>")
    return path


def _garbage(folder: Path) -> Path:
    path = folder.parent / "hasard.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_broken_quote, "CSV mal formé : guillemet jamais refermé"),
        (_zip_bomb, "archive piégée"),
        (_garbage, "ce n'est pas un classeur .xlsx valide"),
        (lambda folder: Path("/dev/null"), "ce n'est pas un fichier ordinaire"),
    ],
    ids=["unclosed-quote", "zip-bomb", "garbage-xlsx", "device"],
)
def test_hostile_factor_file_gets_one_french_reason(
    exported, database, tmp_path, make, reason
) -> None:
    """A factor file passes the inventory import's checks (size, bombs, special
    files) before a parser opens it, and its refusal is worded in French."""
    folder = tmp_path / "jeu"
    shutil.copytree(exported, folder)
    before = stored_state(database)
    result = CliRunner().invoke(cli, ["--db", database, "factors", "import", str(make(folder))])
    assert result.exit_code == 2, result.output
    assert reason in result.stderr and "Traceback" not in result.output
    assert "Error" not in result.stderr  # no library's English text
    assert stored_state(database) == before
