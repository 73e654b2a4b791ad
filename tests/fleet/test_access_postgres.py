"""Each commune sees and changes only its own devices, on a real PostgreSQL server,
through ecoparc and through raw SQL with ``psql`` (issue 17, docs/administration.md).

One database per module: the métropole, Seyssinet-Pariset (with its CCAS) and
Échirolles, two imported files, and five logins created with ``ecoparc access``:
Seyssinet's editor and reader, Échirolles' editor, an auditor and a métropole
administrator (tests/fleet/access_support.py). The creation of entities by logins
has its own database (test_access_postgres_creation.py): it would change the
counts these tests read.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from access_support import Shared, ok
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from ecoparc_cli import ecoparc
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fleet.access_sql import LOCKED_TABLES, NOT_FORCED, POLICIES
from fleet.db import dispose_engines, normalise_url
from fleet.models import Base
from services.settings import Settings
from services.workspace import Workspace

pytestmark = [
    pytest.mark.skipif(not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set"),
    pytest.mark.xdist_group("access_postgres"),
]

HEADER = "Nom;Numéro de série;Type;Fabricant;Modèle;Utilisateur;Date d'achat\n"
SEYSSINET = "Seyssinet-Pariset"
ECHIROLLES = "Échirolles"
#: Tables holding an entity's data, with a query that counts Échirolles' rows in it.
ECHIROLLES_ROWS = {
    "entity": "SELECT count(*) FROM entity WHERE name = 'Échirolles'",
    "device": "SELECT count(*) FROM device WHERE name LIKE 'PC-E%'",
    "device_event": "SELECT count(*) FROM device_event WHERE device_id IN ({ids})",
    "import_batch": "SELECT count(*) FROM import_batch WHERE file_name = 'echirolles.csv'",
    "import_issue": "SELECT count(*) FROM import_issue WHERE batch_id = {batch}",
    "disposal": "SELECT count(*) FROM disposal WHERE device_id IN ({ids})",
    "need": "SELECT count(*) FROM need WHERE note = 'Échirolles'",
    "site": "SELECT count(*) FROM site WHERE name = 'Mairie d''Échirolles'",
    "scenario": "SELECT count(*) FROM scenario WHERE name = 'échirolles'",
    "model_alias": "SELECT count(*) FROM model_alias WHERE model_text = 'échirolles'",
}


@dataclass(frozen=True)
class Communes(Shared):
    """The module's database, with Échirolles' devices and batch (as the owner sees them)."""

    echirolles_ids: str
    echirolles_batch: str


def _file(path: Path, prefix: str, user: str) -> Path:
    path.write_text(
        HEADER
        + f"PC-{prefix}1;SN-{prefix}1;Ordinateur portable;Dell;Latitude 5440;{user};2021-03-01\n"
        + f"PC-{prefix}2;SN-{prefix}2;Ordinateur portable;Dell;Latitude 5440;Marie "
        f"Curie;2022-03-01\n" + f"{prefix}-REJET;;;;;;pas une date\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Communes]:
    if shutil.which("psql") is None:
        pytest.skip("psql absent")
    url, name = fresh_postgres_database()
    owner = normalise_url(url)
    tmp = tmp_path_factory.mktemp("access")
    try:
        ok(ecoparc("--db", owner, "init"))
        ok(
            ecoparc(
                "--db", owner, "entity", "add", "Grenoble-Alpes Métropole", "--kind", "metropole"
            )
        )
        for entity, parent in (
            (SEYSSINET, "Grenoble-Alpes Métropole"),
            (ECHIROLLES, "Grenoble-Alpes Métropole"),
            ("CCAS de Seyssinet", SEYSSINET),
        ):
            ok(ecoparc("--db", owner, "entity", "add", entity, "--parent", parent))
        ok(
            ecoparc(
                "--db",
                owner,
                "import",
                str(_file(tmp / "seyssinet.csv", "S", "Jean Dupont")),
                "--entity",
                SEYSSINET,
            )
        )
        ok(
            ecoparc(
                "--db",
                owner,
                "import",
                str(_file(tmp / "echirolles.csv", "E", "JEAN  dupont")),
                "--entity",
                ECHIROLLES,
            )
        )
        engine = create_engine(owner)
        with engine.begin() as conn:
            # The other tables an entity's data lives in, one row for each commune.
            for entity, prefix, label in (
                (SEYSSINET, "S", "seyssinet"),
                (ECHIROLLES, "E", "échirolles"),
            ):
                eid = conn.scalar(text("SELECT id FROM entity WHERE name = :n"), {"n": entity})
                device = conn.scalar(
                    text("SELECT id FROM device WHERE name = :n"), {"n": f"PC-{prefix}2"}
                )
                conn.execute(
                    text(
                        "INSERT INTO need (entity_id, category, quantity, status, note, "
                        "created_at, updated_at) VALUES (:e, 'laptop', 1, 'open', :n, now(), "
                        "now())"
                    ),
                    {"e": eid, "n": entity},
                )
                conn.execute(
                    text(
                        "INSERT INTO site (entity_id, name, is_server_room, created_at, "
                        "updated_at) VALUES (:e, :n, false, now(), now())"
                    ),
                    {"e": eid, "n": f"Mairie d'{entity}" if prefix == "E" else "Mairie"},
                )
                conn.execute(
                    text(
                        "INSERT INTO disposal (device_id, quantity, channel, from_entity_id, "
                        "assigned_at, created_at, updated_at) VALUES (:d, 1, 'donation', :e, "
                        "now(), now(), now())"
                    ),
                    {"d": device, "e": eid},
                )
                conn.execute(
                    text(
                        "INSERT INTO scenario (name, params, entity_id, created_at, updated_at) "
                        "VALUES (:n, '{}', :e, now(), now())"
                    ),
                    {"n": label, "e": eid},
                )
                conn.execute(
                    text(
                        "INSERT INTO model_alias (entity_id, model_text, reference) VALUES (:e, "
                        ":n, 'laptop-default')"
                    ),
                    {"e": eid, "n": label},
                )
            ids = conn.scalars(text("SELECT id FROM device WHERE name LIKE 'PC-E%'")).all()
            batch = conn.scalar(
                text("SELECT id FROM import_batch WHERE file_name = 'echirolles.csv'")
            )
        engine.dispose()
        communes = Communes(owner, name, ",".join(str(i) for i in ids), str(batch))
        communes.create_logins(
            {
                "seyssinet": (SEYSSINET, "edit"),
                "lecteur": (SEYSSINET, "read"),
                "echirolles": (ECHIROLLES, "edit"),
                "auditeur": (None, "read"),
                "metropole": (None, "admin"),
            }
        )
        yield communes
    finally:
        dispose_engines()
        drop_postgres_database(name)


def test_a_commune_editor_sees_and_changes_nothing_of_another_commune(shared: Communes) -> None:
    for table, query in ECHIROLLES_ROWS.items():
        query = query.format(ids=shared.echirolles_ids, batch=shared.echirolles_batch)
        assert shared.value("owner", query) != "0", table  # the rows exist…
        assert shared.value("seyssinet", query) == "0", table  # …and Seyssinet sees none
    # Its own rows and its CCAS are there.
    assert shared.value("seyssinet", "SELECT string_agg(name, ',' ORDER BY name) FROM entity") == (
        "CCAS de Seyssinet,Seyssinet-Pariset"
    )
    assert shared.value("seyssinet", "SELECT count(*) FROM device") == "2"
    # Changing Échirolles' rows changes nothing; moving a device there or inserting one is refused.
    assert (
        shared.value(
            "seyssinet", "UPDATE device SET notes = 'x' WHERE name LIKE 'PC-E%' RETURNING id"
        )
        == ""
    )
    assert (
        shared.value("seyssinet", "DELETE FROM need WHERE note = 'Échirolles' RETURNING id") == ""
    )
    moved = shared.psql(
        "seyssinet",
        "UPDATE device SET entity_id = (SELECT min(entity_id) FROM device) + 100 WHERE name = "
        "'PC-S1'",
    )
    assert moved.returncode != 0
    echirolles_id = shared.value("owner", "SELECT id FROM entity WHERE name = 'Échirolles'")
    inserted = shared.psql(
        "seyssinet",
        "INSERT INTO device (entity_id, category, quantity, acquisition, status, classified, "
        f"reuse_flagged, maker_key, created_at, updated_at) VALUES ({echirolles_id}, 'laptop', 1, "
        "'new', 'in_service', false, false, '', now(), now())",
    )
    assert "row-level security" in inserted.stderr
    # The same through ecoparc: Échirolles is not even a known entity for Seyssinet.
    listed = ok(shared.as_login("seyssinet", "entity", "list", "--format", "json"))
    assert ECHIROLLES not in listed.stdout and SEYSSINET in listed.stdout
    refused = shared.as_login("seyssinet", "devices", "transfer", "SN-S1", "--to", ECHIROLLES)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "entité inconnue" in refused.stderr
    assert shared.as_login("seyssinet", "devices", "show", "SN-E1").returncode == 1


def test_the_audit_history_records_the_login_whatever_the_client_says(
    shared: Communes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOPARC_ACTOR", "quelqu-un-d-autre")
    monkeypatch.setenv("USER", "quelqu-un-d-autre")
    ok(shared.as_login("seyssinet", "devices", "set-status", "SN-S1", "broken"))
    actor = shared.value(
        "owner", "SELECT actor FROM device_event WHERE kind = 'status' ORDER BY id DESC LIMIT 1"
    )
    assert actor == shared.login("seyssinet")
    claimed = shared.value(
        "seyssinet",
        "INSERT INTO device_event (device_id, kind, actor, at) SELECT id, 'note', 'le maire', "
        "now() "
        "FROM device WHERE name = 'PC-S1' RETURNING actor",
    )
    assert claimed.splitlines()[0] == shared.login("seyssinet")
    # The history is append-only, even for its author.
    assert shared.psql("seyssinet", "UPDATE device_event SET actor = 'x'").returncode != 0
    assert shared.psql("seyssinet", "DELETE FROM device_event").returncode != 0


def test_reader_auditor_and_metropole_administrator(shared: Communes) -> None:
    # The reader sees Seyssinet and changes nothing, with ecoparc as with psql.
    assert shared.value("lecteur", "SELECT count(*) FROM device") == "2"
    assert "permission denied" in shared.psql("lecteur", "UPDATE device SET notes = 'x'").stderr
    refused = shared.as_login("lecteur", "devices", "set-status", "SN-S2", "broken")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(
        f"ecoparc : erreur : vous n'avez pas le droit de modifier les appareils de {SEYSSINET}"
    )
    assert len(refused.stderr.strip().splitlines()) == 1
    # In English, the same refusal in English (it was French only).
    refused = shared.as_login("lecteur", "--lang", "en", "devices", "set-status", "SN-S2", "broken")
    assert refused.stderr.startswith(
        f"ecoparc: error: you may not change the devices of {SEYSSINET} — no change saved"
    ), refused.stderr
    # The auditor reads everything, changes nothing.
    assert shared.value("auditeur", "SELECT count(*) FROM device") == "4"
    assert shared.value("auditeur", "SELECT count(*) FROM entity") == "4"
    for statement in (
        "UPDATE device SET notes = 'x'",
        "INSERT INTO partner (name, kind, installs_linux, created_at, updated_at) VALUES ('p', "
        "'association', false, now(), now())",
        "DELETE FROM need",
    ):
        assert "permission denied" in shared.psql("auditeur", statement).stderr, statement
    # The métropole administrator sees and changes all, shared reference data included.
    assert shared.value("metropole", "SELECT count(*) FROM device") == "4"
    assert len(shared.value("metropole", "UPDATE need SET quantity = 2 RETURNING id").split()) == 2
    assert (
        shared.psql(
            "metropole",
            "INSERT INTO partner (name, kind, installs_linux, created_at, updated_at) VALUES "
            "('Emmaüs', 'association', false, now(), now())",
        ).returncode
        == 0
    )
    assert shared.value("seyssinet", "SELECT count(*) FROM partner WHERE name = 'Emmaüs'") == "1"
    assert (
        "permission denied" in shared.psql("seyssinet", "UPDATE partner SET contact = 'x'").stderr
    )


def test_nobody_but_the_owner_reads_the_pseudonym_key(shared: Communes) -> None:
    for role in ("seyssinet", "lecteur", "echirolles", "auditeur", "metropole"):
        done = shared.psql(role, "SELECT * FROM pseudonym_key")
        assert "permission denied for table pseudonym_key" in done.stderr, role
    assert shared.psql("owner", "SELECT count(*) FROM pseudonym_key").stdout.strip() == "1"
    # The same person in two files, two communes, two spellings: one pseudonym.
    seyssinet = shared.value("owner", "SELECT user_key FROM device WHERE name = 'PC-S1'")
    echirolles = shared.value("owner", "SELECT user_key FROM device WHERE name = 'PC-E1'")
    assert seyssinet == echirolles and seyssinet.startswith("u-")
    assert (
        shared.value("seyssinet", "SELECT ecoparc_pseudonyms(ARRAY['jean dupont'])")
        == f"{{{seyssinet}}}"
    )
    assert (
        "permission denied"
        in shared.psql("lecteur", "SELECT ecoparc_pseudonyms(ARRAY['x'])").stderr
    )


def test_widening_ones_own_grants_is_refused(shared: Communes) -> None:
    refused = shared.as_login(
        "seyssinet",
        "access",
        "grant",
        shared.login("seyssinet"),
        "--entity",
        SEYSSINET,
        "--level",
        "admin",
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "vous n'avez pas le droit de donner des droits" in refused.stderr
    refused = shared.as_login(
        "seyssinet", "--lang", "en", "access", "grant", shared.login("seyssinet"), "--level", "edit"
    )
    assert refused.returncode == 1 and "vous" not in refused.stderr, refused.stderr
    everywhere = shared.as_login(
        "seyssinet", "access", "grant", shared.login("seyssinet"), "--level", "admin"
    )
    assert "toutes les entités" in everywhere.stderr and everywhere.returncode == 1
    login = shared.login("seyssinet")
    echirolles_id = shared.value("owner", "SELECT id FROM entity WHERE name = 'Échirolles'")
    for statement in (
        f"INSERT INTO access_grant (login, entity_id, level, granted_at) VALUES ('{login}', "
        f"{echirolles_id}, 'edit', now())",
        f"UPDATE access_grant SET entity_id = NULL WHERE login = '{login}'",
        f"SELECT ecoparc_grant('{login}', {echirolles_id}, 'edit')",
        f"SELECT ecoparc_create_login('{shared.database}_x', 'SCRAM-SHA-256$x')",
        f"SET ROLE {make_url(shared.owner_url).username}",
        f"SET ROLE {shared.database}_admin",
        f"SET ROLE {shared.login('admin')}",
    ):
        done = shared.psql("seyssinet", statement)
        assert done.returncode != 0, statement
    # Its own group is allowed by PostgreSQL but holds no grant: it sees nothing more.
    widened = shared.value(
        "seyssinet", f"SET ROLE {shared.database}_editor; SELECT count(*) FROM device"
    )
    assert widened.splitlines()[-1] == "0"
    assert shared.value("seyssinet", f"SELECT ecoparc_readable('{shared.login('admin')}')") == "{}"
    # The grants are what they were.
    listed = ok(shared.as_login("metropole", "access", "list", "--format", "json")).stdout
    assert listed.count(login) == 1


def test_grants_revoked_and_listed(shared: Communes) -> None:
    mine = ok(shared.as_login("seyssinet", "access", "list")).stdout
    assert shared.login("seyssinet") in mine and shared.login("echirolles") not in mine
    ok(
        shared.as_login(
            "metropole",
            "access",
            "grant",
            shared.login("lecteur"),
            "--entity",
            ECHIROLLES,
            "--level",
            "read",
        )
    )
    assert shared.value("lecteur", "SELECT count(*) FROM device") == "4"
    ok(
        shared.as_login(
            "metropole", "access", "revoke", shared.login("lecteur"), "--entity", ECHIROLLES
        )
    )
    assert shared.value("lecteur", "SELECT count(*) FROM device") == "2"
    assert (
        shared.as_login(
            "metropole", "access", "revoke", shared.login("lecteur"), "--entity", ECHIROLLES
        ).returncode
        == 1
    )


def test_every_table_is_classified_and_forced(shared: Communes) -> None:
    tables = set(Base.metadata.tables)
    assert tables <= set(POLICIES), tables - set(POLICIES)
    rows = shared.value(
        "owner",
        "SELECT string_agg(relname || ':' || relrowsecurity::int || relforcerowsecurity::int, ',') "
        "FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
    )
    flags = dict(item.split(":") for item in rows.split(","))
    for table in tables:
        assert flags[table] == ("10" if table in NOT_FORCED else "11"), table
    assert set(flags) - tables == {"alembic_version", *LOCKED_TABLES}


def test_a_communes_reports_footprint_and_scenarios_cover_only_its_entities(
    shared: Communes, tmp_path: Path
) -> None:
    footprint = ok(shared.as_login("seyssinet", "footprint", "--by", "entity", "--format", "json"))
    assert SEYSSINET in footprint.stdout and ECHIROLLES not in footprint.stdout
    everything = ok(shared.as_login("auditeur", "footprint", "--by", "entity", "--format", "json"))
    assert SEYSSINET in everything.stdout and ECHIROLLES in everything.stdout
    workbook = tmp_path / "reen.xlsx"
    ok(shared.as_login("seyssinet", "report", "reen", "--entity", SEYSSINET, "-o", str(workbook)))
    cells = " ".join(
        str(cell)
        for sheet in load_workbook(workbook, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    assert SEYSSINET in cells and ECHIROLLES not in cells and "PC-E1" not in cells
    refused = shared.as_login("seyssinet", "report", "reen", "-o", str(tmp_path / "tout.xlsx"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == (
        "ecoparc : erreur : un rapport de toutes les entités est réservé aux administrateurs "
        "de la métropole et aux auditeurs : choisissez l'une de vos entités"
    )
    assert not (tmp_path / "tout.xlsx").exists()
    refused = shared.as_login(
        "seyssinet", "--lang", "en", "report", "reen", "-o", str(tmp_path / "tout.xlsx")
    )
    assert refused.stderr.strip() == (
        "ecoparc: error: a report over all the entities is for the metropolis's administrators "
        "and the auditors: choose one of your entities"
    )
    ok(shared.as_login("auditeur", "report", "reen", "-o", str(tmp_path / "tout.xlsx")))
    scenarios = ok(shared.as_login("seyssinet", "scenario", "list", "--format", "json")).stdout
    assert "seyssinet" in scenarios and "échirolles" not in scenarios
    # A scenario a commune saves is its own.
    ok(shared.as_login("seyssinet", "scenario", "save", "garder-6-ans", "--extend", "1"))
    owner = shared.value(
        "owner",
        "SELECT e.name FROM scenario s JOIN entity e ON e.id = s.entity_id "
        "WHERE s.name = 'garder-6-ans'",
    )
    assert owner == SEYSSINET
    assert "garder-6-ans" not in shared.as_login("echirolles", "scenario", "list").stdout
    taken = shared.as_login("echirolles", "scenario", "save", "garder-6-ans", "--extend", "2")
    assert taken.returncode == 1 and "une autre entité a déjà un scénario de ce nom" in taken.stderr
    # Imports: a reader changes nothing, an editor only its entities, each said in one line.
    path = tmp_path / "import.csv"
    path.write_text(HEADER + "PC-X;SN-X;Ordinateur portable;Dell;Latitude;;2023-01-01\n", "utf-8")
    reader = shared.as_login("lecteur", "import", str(path), "--entity", SEYSSINET)
    assert reader.stderr.strip() == (
        f"ecoparc : erreur : vous n'avez pas le droit de modifier les appareils de {SEYSSINET}"
    )
    again = _file(tmp_path / "again.csv", "E", "x")
    seen = shared.as_login("seyssinet", "import", str(again), "--entity", SEYSSINET)
    assert seen.returncode == 1 and "entité que vous ne voyez pas" in seen.stderr


def test_the_tui_offers_consolidated_figures_only_to_who_sees_everything(shared: Communes) -> None:
    commune = Workspace(Settings(db_url=shared.url("seyssinet")))
    assert set(commune.scope_choices()) == {"CCAS de Seyssinet", SEYSSINET}
    auditor = Workspace(Settings(db_url=shared.url("auditeur")))
    assert auditor.scope_choices()[0] is None and len(auditor.scope_choices()) == 5
    dispose_engines()


def test_inventory_actions_on_a_selection_refuse_a_reader_in_one_line(shared: Communes) -> None:
    """What the TUI's inventory does to marked devices (services.inventory, services.reuse):
    a login that may only read the entity is refused, the entity named, nothing written."""
    from services.errors import ServiceError
    from services.inventory import (
        change_status,
        edit_devices,
        edit_fields,
        move_to_site,
        transfer_devices,
    )
    from services.reuse import flag_devices
    from services.uow import UnitOfWork

    ids = [
        int(i)
        for i in shared.value(
            "owner", "SELECT string_agg(id::text, ',') FROM device WHERE name LIKE 'PC-S%'"
        ).split(",")
    ]

    def states() -> str:
        return shared.value(
            "owner",
            "SELECT string_agg(concat_ws('/', id, status, entity_id, site_id, reuse_flagged, "
            "retirement_date, name), ',' ORDER BY id) FROM device WHERE name LIKE 'PC-S%'",
        )

    refusal = f"vous n'avez pas le droit de modifier les appareils de {SEYSSINET}"
    actions = (
        lambda uow: change_status(uow, ids, "broken", "x"),
        lambda uow: transfer_devices(uow, ids, "CCAS de Seyssinet", "x"),
        lambda uow: move_to_site(uow, ids, "Mairie", "x"),
        lambda uow: edit_devices(uow, ids, "retirement_date", "30/06/2027", "x"),
        lambda uow: edit_fields(uow, ids[0], {"name": "PC-LECTEUR"}, "x"),
        lambda uow: flag_devices(uow, ids, "x", True),
    )
    before = states()
    try:
        for action in actions:
            with pytest.raises(ServiceError) as refused:
                with UnitOfWork(shared.url("lecteur")) as uow:
                    action(uow)
            assert str(refused.value).startswith(refusal), str(refused.value)
            assert "\n" not in str(refused.value)
        assert states() == before
        # The editor of the entity may (one action suffices to show the rule is the login's).
        with UnitOfWork(shared.url("seyssinet")) as uow:
            assert move_to_site(uow, ids, "Mairie", "x") == ids
    finally:
        dispose_engines()
    assert states() != before
