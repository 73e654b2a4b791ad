"""Persons' logins create entities on a real PostgreSQL server (docs/administration.md,
« Créer une entité »): a métropole administrator any entity, through ``entity add``
and ``import --create-entities``, and then sees it and its devices; a commune only
establishments of the entities it edits, any other creation refused in one French
line with nothing written; the other rows a login writes and reads back.

PostgreSQL checks the row an ``INSERT … RETURNING`` gives back against the table's
SELECT policy: before migration 0011 the new entity was outside the login's readable
set and every creation by a login failed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from access_support import Shared, ok
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from ecoparc_cli import Ran, ecoparc
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from fleet import access, schema
from fleet.access import creation_refusal
from fleet.db import dispose_engines, get_engine, normalise_url, session_scope

pytestmark = [
    pytest.mark.skipif(not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set"),
    pytest.mark.xdist_group("access_postgres_creation"),
]

METROPOLE = "Grenoble-Alpes Métropole"
SEYSSINET = "Seyssinet-Pariset"
HEADER = "Nom;Numéro de série;Type;Fabricant;Modèle;Entité;Site\n"
#: What a refused creation must leave as it was, counted by the owner.
WRITTEN = (
    "SELECT concat_ws(',', (SELECT count(*) FROM entity), (SELECT count(*) FROM device), "
    "(SELECT count(*) FROM site), (SELECT count(*) FROM import_batch))"
)


@pytest.fixture(scope="module")
def shared() -> Iterator[Shared]:
    if shutil.which("psql") is None:
        pytest.skip("psql absent")
    url, name = fresh_postgres_database()
    owner = normalise_url(url)
    try:
        ok(ecoparc("--db", owner, "init"))
        ok(ecoparc("--db", owner, "entity", "add", METROPOLE, "--kind", "metropole"))
        ok(ecoparc("--db", owner, "entity", "add", SEYSSINET, "--parent", METROPOLE))
        database = Shared(owner, name)
        database.create_logins(
            {
                "metropole": (None, "admin"),
                "seyssinet": (SEYSSINET, "edit"),
                "lecteur": (SEYSSINET, "read"),
            }
        )
        yield database
    finally:
        dispose_engines()
        drop_postgres_database(name)


def _inventory(path: Path, *rows: str) -> Path:
    """A csv inventory, one ``name;serial;entity;site`` per row (a Dell laptop each)."""
    lines = []
    for row in rows:
        device, serial, entity, site = row.split(";")
        lines.append(f"{device};{serial};Ordinateur portable;Dell;Latitude 5440;{entity};{site}\n")
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _devices(shared: Shared, role: str, entity: str) -> list[str]:
    listed = ok(shared.as_login(role, "devices", "list", "--entity", entity, "--format", "json"))
    return sorted(str(device["serial"]) for device in json.loads(listed.stdout))


def _refused(ran: Ran, name: str | None = None) -> None:
    """Refused in one line: naming the entity when ecoparc asks first (an import, its
    dry run too), as « cette entité » when PostgreSQL's policy refuses the row."""
    assert ran.returncode == 1, ran.stdout
    assert ran.stderr == f"ecoparc : erreur : {creation_refusal(name)}\n"


def test_a_metropole_administrator_creates_entities_and_imports_into_new_ones(
    shared: Shared, tmp_path: Path
) -> None:
    ok(shared.as_login("metropole", "entity", "add", "Échirolles", "--parent", METROPOLE))
    ok(shared.as_login("metropole", "entity", "add", "SIVOM du Vercors", "--kind", "syndicat"))
    path = _inventory(
        tmp_path / "communes.csv",
        "PC-V1;SN-V1;Vif;Mairie de Vif",
        "PC-V2;SN-V2;Vif;Mairie de Vif",
        "PC-C1;SN-C1;Claix;École du Bourg",
    )
    imported = ok(shared.as_login("metropole", "import", str(path), "--create-entities"))
    assert "entités créées : Vif, Claix" in imported.stdout
    assert "sites créés : Mairie de Vif, École du Bourg" in imported.stdout
    listed = ok(shared.as_login("metropole", "entity", "list", "--format", "json")).stdout
    entities = {row["name"]: row for row in json.loads(listed)}
    assert entities["Échirolles"]["parent"] == METROPOLE
    assert entities["SIVOM du Vercors"]["parent"] is None
    assert (entities["Vif"]["devices"], entities["Claix"]["devices"]) == (2, 1)
    assert _devices(shared, "metropole", "Vif") == ["SN-V1", "SN-V2"]
    # The batch records the login, and the new entities are nobody else's: the commune
    # login does not see them.
    batch = "SELECT actor FROM import_batch WHERE file_name = 'communes.csv'"
    assert shared.value("owner", batch) == shared.login("metropole")
    assert "Vif" not in ok(shared.as_login("seyssinet", "entity", "list")).stdout


def test_a_commune_creates_establishments_of_its_own_entities_only(
    shared: Shared, tmp_path: Path
) -> None:
    before = shared.value("owner", WRITTEN)
    _refused(shared.as_login("seyssinet", "entity", "add", "Fontaine"))
    elsewhere = _inventory(tmp_path / "fontaine.csv", "PC-F1;SN-F1;Fontaine;Mairie")
    for dry_run in ((), ("--dry-run",)):
        imported = shared.as_login(
            "seyssinet", "import", str(elsewhere), "--create-entities", *dry_run
        )
        _refused(imported, "Fontaine")
    ccas = ("entity", "add", "CCAS de Seyssinet", "--parent", SEYSSINET)
    _refused(shared.as_login("lecteur", *ccas))
    assert shared.value("owner", WRITTEN) == before
    # Under the entity it edits it may, and the establishment is then its own to fill.
    ok(shared.as_login("seyssinet", *ccas))
    own = _inventory(
        tmp_path / "seyssinet.csv",
        f"PC-S1;SN-S1;{SEYSSINET} > Crèche des Îles;Crèche",
        "PC-S2;SN-S2;CCAS de Seyssinet;Mairie annexe",
    )
    imported = ok(shared.as_login("seyssinet", "import", str(own), "--create-entities"))
    assert "entités créées : Crèche des Îles" in imported.stdout
    assert shared.value("seyssinet", "SELECT string_agg(name, ',' ORDER BY name) FROM entity") == (
        f"CCAS de Seyssinet,Crèche des Îles,{SEYSSINET}"
    )
    assert _devices(shared, "seyssinet", "Crèche des Îles") == ["SN-S1"]
    assert _devices(shared, "lecteur", "CCAS de Seyssinet") == ["SN-S2"]


def test_a_communes_other_writes_read_their_new_rows_back(shared: Shared, tmp_path: Path) -> None:
    """Every other row a login writes comes back through RETURNING (its id, its
    defaults) and so meets its table's SELECT policy too: the part of a lot split
    off into a new device, its exit opened then completed, a need, a model alias,
    each with its history. They depend on rows of earlier statements only, which the
    login's sets already count (docs/administration.md, « Créer une entité »)."""
    path = tmp_path / "lot.csv"
    path.write_text(
        "Nom;Type;Fabricant;Modèle;Entité;Site;Quantité\n"
        f"ECR-LOT;Écran;Dell;P2422H;{SEYSSINET};Salle du conseil;5\n",
        encoding="utf-8",
    )
    ok(shared.as_login("seyssinet", "import", str(path)))
    lot = shared.value("seyssinet", "SELECT id FROM device WHERE name = 'ECR-LOT'")
    reuse = ("reuse", "assign", lot, "--channel", "weee_recycling", "--quantity", "2")
    ok(shared.as_login("seyssinet", *reuse))
    part = shared.value("seyssinet", "SELECT id FROM device WHERE name = 'ECR-LOT/' || id")
    ok(shared.as_login("seyssinet", "reuse", "erase", part, "--method", "no_storage"))
    ok(shared.as_login("seyssinet", "reuse", "dispose", part))
    ok(shared.as_login("seyssinet", "reuse", "proof", part, "BSD-2026-12"))
    ok(shared.as_login("seyssinet", "reuse", "needs", "add", SEYSSINET, "--category", "monitor"))
    alias = ("factors", "alias", "set", "P2422H", "default-monitor", "--entity", SEYSSINET)
    ok(shared.as_login("seyssinet", *alias))
    assert (
        shared.value(
            "owner",
            "SELECT concat_ws('/', d.quantity, d.status, x.proof_reference) FROM device d "
            f"JOIN disposal x ON x.device_id = d.id WHERE d.id = {part}",
        )
        == "2/disposed/BSD-2026-12"
    )
    assert shared.value(
        "owner",
        "SELECT string_agg(concat_ws(':', kind, actor), ',' ORDER BY id) FROM device_event "
        f"WHERE device_id = {part}",
    ) == ",".join(
        f"{kind}:{shared.login('seyssinet')}"
        for kind in ("split", "reuse_assign", "reuse_erase", "reuse_dispose", "reuse_proof")
    )
    assert shared.value("owner", "SELECT count(*) FROM need") == "1"
    assert shared.value("owner", "SELECT count(*) FROM model_alias") == "1"


def test_each_login_reads_the_entities_of_its_rights_and_no_other(shared: Shared) -> None:
    """The SELECT policy admits a row by its parent and for those who see everything
    (so that a creator reads its new row back): on stored rows that is still exactly
    the login's readable set."""
    for role in ("metropole", "seyssinet", "lecteur"):
        assert shared.value(role, "SELECT array_agg(id ORDER BY id) FROM entity") == shared.value(
            role, "SELECT ecoparc_readable(current_user)"
        ), role


def test_the_upgrade_lets_the_logins_of_an_existing_database_create_entities() -> None:
    """A database made by the previous version has the policy that going down to 0010
    puts back (a fresh upgrade to 0010 would install today's policies in 0007)."""
    url, name = fresh_postgres_database()
    owner = normalise_url(url)
    login = f"{name}_metropole"
    insert = text(
        "INSERT INTO entity (name, kind, created_at, updated_at) "
        "VALUES (:name, 'commune', now(), now()) RETURNING id"
    )
    try:
        schema.upgrade(owner, backup=False)
        schema.downgrade(owner, "0010")
        with session_scope(get_engine(owner), commit=True) as session:
            access.create_login(session, login, "un mot de passe assez long")
            access.grant(session, login, None, "admin")
        person = create_engine(make_url(owner).set(username=login, password=None))
        with pytest.raises(ProgrammingError, match="row-level security"), person.begin() as conn:
            conn.execute(insert, {"name": "Vif"})
        schema.upgrade(owner, backup=False)
        with person.begin() as conn:
            assert conn.execute(insert, {"name": "Vif"}).scalar_one() > 0
        person.dispose()
    finally:
        dispose_engines()
        drop_postgres_database(name)
