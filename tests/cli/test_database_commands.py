"""The database commands as a user runs them: the ``ecoparc`` command on a real file."""

from __future__ import annotations

import json
from pathlib import Path

from ecoparc_cli import ecoparc as run

from fleet import schema
from fleet.db import dispose_engines


def test_init_then_entity_add_and_list_json(db_url: str) -> None:
    assert run("--db", db_url, "init").returncode == 0
    added = run("--db", db_url, "entity", "add", "Grenoble", "--siret", "21380185500015")
    assert added.returncode == 0, added.stderr
    assert run("--db", db_url, "entity", "add", "Grenoble").returncode == 1
    listed = run("--db", db_url, "entity", "list", "--format", "json")
    assert listed.returncode == 0
    document = json.loads(listed.stdout)
    assert [e["name"] for e in document] == ["Grenoble"]


def test_commands_refuse_outdated_database_and_upgrade_backs_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    schema.upgrade(url, revision="0001", backup=False)
    dispose_engines()
    refused = run("--db", url, "entity", "list")
    assert refused.returncode == 1
    assert "ecoparc db upgrade" in refused.stderr
    upgraded = run("--db", url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert list(tmp_path.glob("parc.db.*.bak"))
    assert run("--db", url, "db", "check").returncode == 0
    assert run("--db", url, "entity", "list").returncode == 0


def test_uninitialised_database_is_refused(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'vide.db'}", "entity", "list")
    assert result.returncode == 1
    assert "ecoparc init" in result.stderr


def test_entity_add_refuses_unknown_kind_and_bad_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'parc.db'}"
    assert run("--db", url, "init").returncode == 0
    assert run("--db", url, "entity", "add", "X", "--kind", "club").returncode == 2
    bad_insee = run("--db", url, "entity", "add", "Y", "--insee", "Grenoble")
    assert bad_insee.returncode == 1 and "INSEE" in bad_insee.stderr
    bad_siret = run("--db", url, "entity", "add", "Z", "--siret", "123")
    assert bad_siret.returncode == 1 and "SIRET" in bad_siret.stderr
    assert run("--db", url, "entity", "add", "Meylan", "--insee", "38229").returncode == 0
    listed = json.loads(run("--db", url, "entity", "list", "--format", "json").stdout)
    assert [e["name"] for e in listed] == ["Meylan"]


def test_entity_names_are_one_line_within_the_schema(db_url: str) -> None:
    """A name too long for ``entity.name`` (PostgreSQL would raise a driver error) or
    spanning lines is refused in one French line, and nothing is created."""
    assert run("--db", db_url, "init").returncode == 0
    too_long = run("--db", db_url, "entity", "add", "x" * 300)
    assert too_long.returncode == 1 and "trop long : 300 caractères" in too_long.stderr
    two_lines = run("--db", db_url, "entity", "add", "Saint-Égrève\nVoreppe")
    assert two_lines.returncode == 1 and "saut de ligne" in two_lines.stderr
    assert "Traceback" not in too_long.stderr + two_lines.stderr
    assert run("--db", db_url, "entity", "add", "x" * 200).returncode == 0
    listed = json.loads(run("--db", db_url, "entity", "list", "--format", "json").stdout)
    assert [e["name"] for e in listed] == ["x" * 200]
