"""Model aliases: written once (``ecoparc factors alias``), read by both faces
(docs/factors.md section 3, docs/services.md): the command line's footprint, its
``factors match`` and the TUI's workspace match the aliased model to the same reference."""

from __future__ import annotations

import json
from datetime import date

from ecoparc_cli import ecoparc

from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity
from fleet.schema import upgrade
from services.footprint import FootprintOptions, fleet_footprint
from services.settings import Settings
from services.uow import UnitOfWork
from services.workspace import Workspace

REFERENCE = "dell-latitude-3420"
MODEL = "Portable du service courrier"
TODAY = date(2026, 6, 30)


def _fleet(url: str) -> None:
    upgrade(url, backup=False)
    with session_scope(get_engine(url), commit=True) as session:
        session.add(Entity(name="Grenoble", kind="commune"))
        session.flush()
        session.add(
            Device(
                entity_id=1,
                category="laptop",
                manufacturer="Dell",
                model=MODEL,
                serial="S1",
                quantity=1,
                purchase_date=date(2024, 3, 1),
            )
        )


def _references(url: str) -> tuple[str, str]:
    options = FootprintOptions(year=TODAY.year, as_of=TODAY)
    with UnitOfWork(url) as uow:
        cli_side = fleet_footprint(uow, options, factors="constructeurs").result.devices
    workspace = Workspace(Settings(db_url=url), today=TODAY)
    workspace.set_factor_set("constructeurs")
    tui_side = workspace.footprint(TODAY.year, "annualized", None).devices
    return str(cli_side["reference"].iloc[0]), str(tui_side["reference"].iloc[0])


def test_an_alias_set_on_the_command_line_is_read_by_both_faces(sqlite_url: str) -> None:
    _fleet(sqlite_url)
    before_cli, before_tui = _references(sqlite_url)
    assert before_cli == before_tui != REFERENCE

    done = ecoparc("--db", sqlite_url, "factors", "alias", "set", MODEL, REFERENCE)
    assert done.returncode == 0, done.stderr
    assert "enregistré" in done.stdout
    assert _references(sqlite_url) == (REFERENCE, REFERENCE)
    matched = ecoparc(
        "--db", sqlite_url, "factors", "match", "--category", "laptop", "--manufacturer", "Dell",
        "--model", MODEL.upper(), "--set", "constructeurs", "--format", "json",
    )  # fmt: skip
    assert json.loads(matched.stdout) == {"reference": REFERENCE, "level": "model", "score": 1.0}

    listed = ecoparc("--db", sqlite_url, "factors", "alias", "list", "--format", "json")
    assert json.loads(listed.stdout) == [
        {"model": MODEL, "reference": REFERENCE, "entity": None, "note": None}
    ]
    removed = ecoparc("--db", sqlite_url, "factors", "alias", "remove", MODEL)
    assert removed.returncode == 0, removed.stderr
    assert _references(sqlite_url) == (before_cli, before_tui)


def test_an_alias_to_an_unknown_reference_or_entity_is_refused(sqlite_url: str) -> None:
    _fleet(sqlite_url)
    unknown = ecoparc("--db", sqlite_url, "factors", "alias", "set", MODEL, "nulle-part")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "ecoparc : erreur : référence inconnue : « nulle-part » "
        "(dans aucun jeu intégré ni enregistré)\n"
    )
    nobody = ecoparc(
        "--db", sqlite_url, "factors", "alias", "set", MODEL, REFERENCE, "--entity", "Nulle"
    )
    assert nobody.returncode == 1 and nobody.stderr.count("\n") == 1
    missing = ecoparc("--db", sqlite_url, "factors", "alias", "remove", MODEL)
    assert missing.returncode == 1
    assert "aucun alias" in missing.stderr
