"""Export then import gives back the same set, in the library and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import cli
from factors.builtin import load_builtin
from factors.loader import load_factor_set, write_factor_set
from fleet.db import get_engine, session_scope
from fleet.factor_store import load_stored_factor_set

DATA = Path(__file__).parent / "data"


def assert_same_content(left, right) -> None:
    pd.testing.assert_frame_equal(left.references, right.references)
    pd.testing.assert_frame_equal(left.impacts, right.impacts)
    pd.testing.assert_frame_equal(left.electricity, right.electricity)
    assert left.electricity_default_year == right.electricity_default_year
    assert left.version == right.version


@pytest.mark.parametrize("target", ["folder", "jeu.xlsx"])
def test_library_round_trip(tmp_path: Path, target: str) -> None:
    builtin = load_builtin()
    write_factor_set(builtin, tmp_path / target)
    back = load_factor_set(tmp_path / target, name="copie")
    assert back.name == "copie" and not back.builtin
    assert_same_content(builtin, back)


def test_formula_like_text_is_neutralised_and_restored(tmp_path: Path) -> None:
    from dataclasses import replace

    builtin = load_builtin()
    refs = builtin.references.copy()
    refs.loc[0, "source"] = "=HYPERLINK(1) étude"
    tricky = replace(builtin, references=refs, _derived={})
    write_factor_set(tricky, tmp_path / "set")
    raw = (tmp_path / "set" / "references.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw
    back = load_factor_set(tmp_path / "set")
    assert back.references.loc[0, "source"] == "=HYPERLINK(1) étude"


def run(url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", url, "factors", *args])


def test_cli_export_import_round_trip(migrated_url: str, tmp_path: Path) -> None:
    exported = tmp_path / "export"
    result = run(migrated_url, "export", "ecoparc-builtin", str(exported))
    assert result.exit_code == 0, result.output
    result = run(migrated_url, "import", str(exported), "--name", "copie-metropole")
    assert result.exit_code == 0, result.stderr
    with session_scope(get_engine(migrated_url), commit=True) as session:
        stored = load_stored_factor_set(session, "copie-metropole")
    assert_same_content(load_builtin(), stored)

    listed = json.loads(run(migrated_url, "list", "--format", "json").stdout)
    assert [s["name"] for s in listed] == ["ecoparc-builtin", "constructeurs", "copie-metropole"]
    assert [s["builtin"] for s in listed] == [True, True, False]
    assert set(listed[0]) == {"name", "version", "description", "builtin"}

    again = tmp_path / "again"
    assert run(migrated_url, "export", "copie-metropole", str(again)).exit_code == 0
    for table in ("references", "impacts", "electricity"):
        assert (again / f"{table}.csv").read_bytes() == (exported / f"{table}.csv").read_bytes()


def test_cli_boavizta_import_show_and_match(migrated_url: str) -> None:
    result = run(
        migrated_url, "import", str(DATA / "boavizta_fr.csv"), "--name", "pcf",
        "--output-format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["format"] == "boavizta"
    assert {s["line"] for s in summary["skipped"]} == {5, 6, 7, 8, 9, 10, 14}
    assert "ligne 5" in result.stderr

    shown = json.loads(
        run(migrated_url, "show", "lenovo-thinkpad-e14", "--set", "pcf", "--format", "json").stdout
    )
    assert shown["reference"]["manufacturer"] == "Lenovo"
    assert len(shown["impacts"]) == 9

    matched = run(
        migrated_url, "match", "--category", "laptop", "--manufacturer", "LENOVO",
        "--model", "ThinkPad E14 (20RA)", "--set", "pcf", "--format", "json",
    )  # fmt: skip
    document = json.loads(matched.stdout)
    assert (document["reference"], document["level"]) == ("lenovo-thinkpad-e14", "model")
    assert 0.5 < document["score"] < 1.0  # the machine-type code in brackets is extra text


def test_cli_match_and_show_builtin_without_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'absent.db'}"  # never created: the built-in set needs no database
    matched = run(
        url, "match", "--category", "laptop", "--manufacturer", "Dell Inc.",
        "--model", "LATITUDE-5420 (i5-1145G7)", "--set", "constructeurs", "--format", "json",
    )  # fmt: skip
    assert matched.exit_code == 0, matched.output
    assert json.loads(matched.stdout) == {
        "reference": "dell-latitude-5420",
        "level": "model",
        "score": 1.0,
    }
    shown = run(url, "show", "default-monitor", "--format", "json")
    document = json.loads(shown.stdout)
    assert document["set"] == "ecoparc-builtin"
    assert document["reference"]["manufacturer"] == ""
    unknown = run(url, "show", "nope")
    assert unknown.exit_code == 1
    assert "référence inconnue" in unknown.stderr


def test_cli_match_reads_the_category_as_an_inventory_does(tmp_path: Path) -> None:
    """« Portable » is a laptop (as in a GLPI Type column); an unknown category is
    refused rather than silently matched to the « other » default."""
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    matched = run(
        url, "match", "--category", "Portable", "--manufacturer", "Dell Inc.",
        "--model", "Latitude 5420", "--set", "constructeurs", "--format", "json",
    )  # fmt: skip
    assert matched.exit_code == 0, matched.output
    assert json.loads(matched.stdout)["reference"] == "dell-latitude-5420"
    unknown = run(url, "match", "--category", "grille-pain", "--format", "json")
    assert unknown.exit_code == 1
    assert "catégorie inconnue" in unknown.stderr and unknown.stdout == ""


def test_cli_unknown_set_and_unreadable_file(migrated_url: str, tmp_path: Path) -> None:
    assert run(migrated_url, "export", "inconnu", str(tmp_path / "x")).exit_code == 1
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a workbook")
    result = run(migrated_url, "import", str(garbage))
    assert result.exit_code == 2
    assert "illisible" in result.stderr
