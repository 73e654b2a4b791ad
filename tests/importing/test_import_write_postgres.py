"""How an import writes its new devices on PostgreSQL (docs/performance.md,
« Écriture d'un import »): a binary ``COPY`` into a temporary table, then one
``INSERT … SELECT`` into ``device``, in the session's transaction.

On the real server: the same file gives the same devices (every column type,
empty cells, texts with quotes and backslashes, ids in file order), the same
events and the same rejects as on SQLite; an insertion the server refuses leaves
the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from databases import POSTGRES_URL, drop_postgres_database, fresh_postgres_database
from import_support import counts
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from fleet.access import create_login, grant
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.entities import add_entity
from fleet.importing import run_import
from fleet.models import Device, DeviceEvent, ImportIssue
from fleet.schema import upgrade
from samples import write_large

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="ECOPARC_TEST_POSTGRES_URL not set")

HEADER = (
    "Nom;Numéro de série;Numéro d'inventaire;Type;Fabricant;Modèle;Date d'achat;"
    "Date de mise en service;Date de retrait;Prix HT;Statut;État;Lieu;Service;Utilisateur;"
    "Processeur;Mémoire;Stockage;Type de stockage;Taille d'écran;Système d'exploitation;TPM;"
    "Consommation annuelle (kWh);Poids (kg);Écolabel;Durée de première vie;"
    "Données sensibles;Commentaires;Quantité;Mode d'acquisition\n"
)
#: Every column of ``device`` an import fills, with and without a value; texts that a
#: text-format COPY would have to escape (backslash, ``\\N``, tab, line feed, quotes).
ROWS = (
    '"PC-1;\\N";SN-1;INV-1;Ordinateur portable;Dell;"Latitude ""5420"" \\ \'x\'";'
    "15/03/2021;2021-04-01;;1 234,50;En service;Bon état;Mairie;Sports;Jean Dupont;"
    "Intel i5;16 Go;512 Go;SSD;14;Windows 11;2.0;35,5;1,4;TCO;;oui;"
    '"C:\\temp\\N\ttab\nligne 2 \\\\ fin";1;neuf\n'
    "PC-2;SN-2;;Écran;HP;E24 G4;2020;;31/12/2024;0,1;Rebut;;;;;;;;;24;;;;;;3;non;;2;"
    "reconditionné\n"
    "PC-3;SN-3;INV-3;Téléphone IP;Cisco;CP-8841;01/02/2019;;;;En stock;;;;;;;;;;;;;;;;;"
    "Ünïcödé – « guillemets » ’;;\n"
    "REJET;;;;;;pas une date;;;;;;;;;;;;;;;;;;;;;;;\n"
)
#: Columns the two databases fill differently by design: the moment of the import,
#: the pseudonyms and the rows' hashes, keyed by each database's own secret.
MOMENTS = ("created_at", "updated_at", "import_row_at")
DIFFERENT = (*MOMENTS, "user_key", "import_row_hash")


def _files(folder: Path) -> list[Path]:
    handmade = folder / "colonnes.csv"
    handmade.write_text(HEADER + ROWS, encoding="utf-8")
    return [handmade, folder / write_large(300, folder)["files"]["csv"]["file"]]


def _written(url: str) -> dict[str, Any]:
    """Devices, events and rejects as plain values, each database's moments checked."""
    columns = [c for c in Device.__table__.columns if c.name not in DIFFERENT]
    with session_scope(get_engine(url)) as session:
        devices = session.execute(select(*columns).order_by(Device.id)).all()
        moments = session.execute(
            select(
                *(Device.__table__.c[m] for m in MOMENTS),
                Device.user_key.is_(None),
                Device.import_row_hash.is_(None),
            )
        ).all()
        events = session.execute(
            select(
                DeviceEvent.device_id, DeviceEvent.kind, DeviceEvent.batch_id, DeviceEvent.note
            ).order_by(DeviceEvent.device_id, DeviceEvent.id)
        ).all()
        issues = session.execute(
            select(
                ImportIssue.batch_id, ImportIssue.row, ImportIssue.column, ImportIssue.reason
            ).order_by(ImportIssue.id)
        ).all()
    # The batch's one moment on every new row.
    assert all(created == updated == stamped for created, updated, stamped, *_ in moments)
    return {
        "devices": [tuple(d) for d in devices],
        "without user or hash": [tuple(m[3:]) for m in moments],
        "events": [tuple(e) for e in events],
        "issues": [tuple(i) for i in issues],
    }


@pytest.fixture
def twins(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A SQLite file and a PostgreSQL database, migrated, with the same entities."""
    url, name = fresh_postgres_database()
    urls = (f"sqlite:///{tmp_path / 'ecoparc.db'}", url)
    for each in urls:
        upgrade(each, backup=False)
        with session_scope(get_engine(each), commit=True) as session:
            metro = add_entity(session, "Grenoble-Alpes Métropole", kind="metropole")
            add_entity(session, "Grenoble", parent=metro.name)
            add_entity(session, "Échirolles", parent=metro.name)
    yield urls
    dispose_engines()
    drop_postgres_database(name)


def test_postgres_writes_what_sqlite_writes(twins: tuple[str, str], tmp_path: Path) -> None:
    files = _files(tmp_path)
    written = []
    for url in twins:
        created = []
        for path in files:
            with session_scope(get_engine(url), commit=True) as session:
                result = run_import(session, path, entity="Grenoble")
            created.append((result.created, result.rejected))
        assert created == [(3, 1), (300, 0)]
        written.append(_written(url))
    on_sqlite, on_postgres = written
    assert on_postgres == on_sqlite
    with session_scope(get_engine(twins[1])) as session:
        notes = set(session.scalars(select(Device.notes)))
    # Control characters never stored (docs/import.md); backslashes kept as they were.
    assert "C:\\temp\\N tab ligne 2 \\\\ fin" in notes


def _csv(path: Path, *serials: str) -> Path:
    path.write_text(
        "Nom;Numéro de série;Type;Fabricant;Modèle\n"
        + "".join(f"PC-{s};{s};Ordinateur portable;Dell;Latitude 5420\n" for s in serials),
        encoding="utf-8",
    )
    return path


def test_an_insertion_the_server_refuses_leaves_the_database_as_it_was(
    twins: tuple[str, str], tmp_path: Path
) -> None:
    # Grenoble's editor cannot see Échirolles' devices (row-level security): its
    # import plans to create a laptop whose serial Échirolles already holds, and the
    # server's unique index refuses the INSERT … SELECT, after the COPY.
    owner = twins[1]
    with session_scope(get_engine(owner), commit=True) as session:
        run_import(session, _csv(tmp_path / "echirolles.csv", "SN-E"), entity="Échirolles")
        login = f"{make_url(owner).database}_grenoble"
        create_login(session, login, "un mot de passe assez long")
        grant(session, login, "Grenoble", "edit")
    # The server trusts 127.0.0.1 here (a real site uses .pgpass, docs/administration.md).
    editor = make_url(owner).set(username=login, password=None)
    url = editor.render_as_string(hide_password=False)
    before = counts(owner)
    new = _csv(tmp_path / "grenoble.csv", *(f"SN-G{i}" for i in range(50)), "SN-E")
    with pytest.raises(IntegrityError, match="uq_device_serial_identity"):
        with session_scope(get_engine(url), commit=True) as session:
            run_import(session, new, entity="Grenoble")
    assert counts(owner) == before
    # The same connection imports again, the staging table gone with the rollback.
    with session_scope(get_engine(url), commit=True) as session:
        result = run_import(session, _csv(tmp_path / "ok.csv", "SN-G1", "SN-G2"), entity="Grenoble")
    assert result.created == 2
    assert counts(owner)["device"] == before["device"] + 2


def _schema(session: Session) -> set[str]:
    """Every index, constraint and trigger (not those PostgreSQL makes for the foreign
    keys, named by number) of the tables an import writes its rows into."""
    return set(
        session.scalars(
            text(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid IN ('device'::regclass, 'device_event'::regclass) "
                "UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || "
                "pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid IN ('device'::regclass, 'device_event'::regclass) "
                "UNION ALL SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid IN ('device'::regclass, 'device_event'::regclass)"
            )
        )
    )


def _built(session: Session) -> list[int]:
    """The object ids of the secondary indexes and foreign keys of the tables an import
    writes its rows into: new ones when they were dropped and built again."""
    return list(
        session.scalars(
            text(
                "SELECT indexrelid::integer FROM pg_index "
                "WHERE indrelid IN ('device'::regclass, 'device_event'::regclass) "
                "AND NOT indisprimary UNION ALL SELECT oid::integer FROM pg_constraint "
                "WHERE conrelid IN ('device'::regclass, 'device_event'::regclass) "
                "AND contype = 'f' ORDER BY 1"
            )
        )
    )


@pytest.mark.parametrize("stored", [0, 40], ids=["table doubled", "a few rows added"])
def test_a_first_import_by_the_owner_gives_the_schema_back_as_it_was(
    twins: tuple[str, str], tmp_path: Path, stored: int
) -> None:
    owner = twins[1]
    if stored:
        with session_scope(get_engine(owner), commit=True) as session:
            run_import(session, _csv(tmp_path / "stored.csv", *range(stored)), entity="Grenoble")
    with session_scope(get_engine(owner)) as session:
        schema, built = _schema(session), _built(session)
    new = _csv(tmp_path / "new.csv", *(f"SN-N{i}" for i in range(30)))
    with session_scope(get_engine(owner), commit=True) as session:
        result = run_import(session, new, entity="Grenoble")
    assert result.created == 30
    with session_scope(get_engine(owner)) as session:
        # Indexes and foreign keys dropped and rebuilt only when the table at least doubles.
        assert (_built(session) != built) == (not stored)
        assert _schema(session) == schema
        assert session.scalar(select(func.count()).select_from(Device)) == stored + 30
        events = select(func.count()).where(DeviceEvent.kind == "create")
        assert session.scalar(events.where(DeviceEvent.batch_id == result.batch_id)) == 30
    # The rebuilt unique index and foreign keys hold.
    with pytest.raises(IntegrityError, match="uq_device_serial_identity"):
        with session_scope(get_engine(owner), commit=True) as session:
            session.execute(
                text(
                    "INSERT INTO device (entity_id, quantity, category, acquisition, status, "
                    "classified, reuse_flagged, created_at, updated_at, serial_key, maker_key) "
                    "SELECT entity_id, 1, category, acquisition, status, false, false, "
                    "created_at, updated_at, serial_key, maker_key FROM device "
                    "WHERE serial = 'SN-N1'"
                )
            )
    with pytest.raises(IntegrityError, match="fk_device_event_device_id_device"):
        with session_scope(get_engine(owner), commit=True) as session:
            session.execute(
                text("INSERT INTO device_event (device_id, at, kind) VALUES (-1, now(), 'create')")
            )


def test_an_error_while_writing_gives_the_schema_back(
    twins: tuple[str, str], tmp_path: Path
) -> None:
    owner = twins[1]
    before = counts(owner)

    def cancel(step: str, done: int, total: int) -> None:
        if step == "write" and done:
            raise KeyboardInterrupt  # the person stops the import mid-write

    with session_scope(get_engine(owner)) as session:
        schema = _schema(session)
        with pytest.raises(KeyboardInterrupt):
            run_import(
                session,
                _csv(tmp_path / "new.csv", "SN-1", "SN-2"),
                entity="Grenoble",
                progress=cancel,
            )
        # In the same transaction, before any rollback: the indexes and keys are back.
        assert _schema(session) == schema
    assert counts(owner) == before


def test_tables_another_session_holds_are_not_waited_for(
    twins: tuple[str, str], tmp_path: Path
) -> None:
    owner = twins[1]
    reader = create_engine(owner)
    try:
        with reader.connect() as held:
            # A reader in the middle of a transaction on device: dropping an index there
            # would wait for it to end.
            held.execute(text("SELECT count(*) FROM device"))
            with session_scope(get_engine(owner)) as session:
                built = _built(session)
            with session_scope(get_engine(owner), commit=True) as session:
                session.execute(text("SET LOCAL lock_timeout = '5s'"))
                result = run_import(
                    session, _csv(tmp_path / "new.csv", "SN-1", "SN-2"), entity="Grenoble"
                )
            assert result.created == 2
            with session_scope(get_engine(owner)) as session:
                assert _built(session) == built
    finally:
        reader.dispose()


# --- a person's login: the owner's functions suspend the indexes and keys ----------------


@dataclass(frozen=True)
class Shared:
    """A PostgreSQL database with Grenoble and Échirolles, its owner's URL, and the URL
    of each login (no password: the server trusts 127.0.0.1 here)."""

    owner: str
    logins: dict[str, str]


@pytest.fixture(params=["superuser", "owner role"])
def shared(request: pytest.FixtureRequest) -> Iterator[Shared]:
    """The tables owned by the test server's superuser, or by a role of their own that is
    no superuser (as on a real server): there, forced row-level security applies to the
    owner acting for a login, and the rebuilt foreign keys must still be validated."""
    url, name = fresh_postgres_database()
    owner = url
    if request.param == "owner role":
        role = f"{name}_owner"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN CREATEROLE'))
            conn.execute(text(f'ALTER DATABASE "{name}" OWNER TO "{role}"'))
        admin.dispose()
        owner = make_url(url).set(username=role, password=None).render_as_string()
    upgrade(owner, backup=False)
    logins = {}
    with session_scope(get_engine(owner), commit=True) as session:
        metro = add_entity(session, "Grenoble-Alpes Métropole", kind="metropole")
        add_entity(session, "Grenoble", parent=metro.name)
        add_entity(session, "Échirolles", parent=metro.name)
        for login, entity, level in (
            ("grenoble", "Grenoble", "edit"),
            ("lecteur", "Grenoble", "read"),
            ("metropole", None, "admin"),
        ):
            role = f"{name}_{login}"
            create_login(session, role, "un mot de passe assez long")
            grant(session, role, entity, level)
            logins[login] = make_url(url).set(username=role, password=None).render_as_string()
    yield Shared(owner, logins)
    dispose_engines()
    drop_postgres_database(name)


def _entity(url: str, name: str) -> int:
    with session_scope(get_engine(url)) as session:
        return int(session.scalar(text("SELECT id FROM entity WHERE name = :n"), {"n": name}))


def _device(entity: int, serial: str, site: str = "NULL") -> str:
    return (
        "INSERT INTO device (entity_id, site_id, quantity, category, acquisition, status, "
        "classified, reuse_flagged, created_at, updated_at, serial, serial_key, maker_key) "
        f"VALUES ({entity}, {site}, 1, 'laptop', 'new', 'in_service', false, false, now(), "
        f"now(), '{serial}', '{serial}', 'DELL')"
    )


def test_a_logins_first_import_writes_through_suspended_indexes(
    shared: Shared, tmp_path: Path
) -> None:
    with session_scope(get_engine(shared.owner)) as session:
        schema, built = _schema(session), _built(session)
    new = _csv(tmp_path / "new.csv", *(f"SN-N{i}" for i in range(30)))
    with session_scope(get_engine(shared.logins["grenoble"]), commit=True) as session:
        result = run_import(session, new, entity="Grenoble")
    assert result.created == 30
    with session_scope(get_engine(shared.owner)) as session:
        assert _built(session) != built  # dropped and rebuilt, for the login
        assert _schema(session) == schema
        assert session.scalar(text("SELECT count(*) FROM bulk_load")) == 0
        # Row-level security forced again on every table it was forced on.
        flags = dict(
            session.execute(
                text(
                    "SELECT relname, relforcerowsecurity FROM pg_class WHERE relname IN "
                    "('device', 'device_event', 'site', 'import_batch', 'entity')"
                )
            ).all()
        )
        assert flags == {
            "device": True,
            "device_event": True,
            "site": True,
            "import_batch": True,
            "entity": False,
        }
        events = select(func.count()).where(DeviceEvent.batch_id == result.batch_id)
        assert session.scalar(events.where(DeviceEvent.kind == "create")) == 30
        actors = session.scalars(
            select(DeviceEvent.actor).where(DeviceEvent.batch_id == result.batch_id).distinct()
        ).all()
    assert actors == [make_url(shared.logins["grenoble"]).username]


def test_a_commune_cannot_write_another_communes_devices_while_they_are_suspended(
    shared: Shared,
) -> None:
    grenoble, echirolles = _entity(shared.owner, "Grenoble"), _entity(shared.owner, "Échirolles")
    with session_scope(get_engine(shared.owner), commit=True) as session:
        session.execute(text(_device(echirolles, "SN-E1")))
        theirs = int(session.scalar(text("SELECT id FROM device WHERE serial = 'SN-E1'")))
    login = get_engine(shared.logins["grenoble"])
    for sql in (
        _device(echirolles, "SN-E2"),
        f"INSERT INTO device_event (device_id, at, kind) VALUES ({theirs}, now(), 'create')",
    ):
        with pytest.raises(ProgrammingError, match="row-level security"):
            with session_scope(login, commit=True) as session:
                assert session.scalar(text("SELECT ecoparc_bulk_load_begin(1000)"))
                session.execute(text(_device(grenoble, "SN-G1")))  # its own: accepted
                session.execute(text(sql))
    with session_scope(get_engine(shared.owner)) as session:
        assert session.scalar(text("SELECT count(*) FROM device")) == 1
        assert session.scalar(text("SELECT count(*) FROM bulk_load")) == 0


def test_suspended_indexes_left_unbuilt_refuse_the_commit(shared: Shared) -> None:
    with session_scope(get_engine(shared.owner)) as session:
        schema, built = _schema(session), _built(session)
    grenoble = _entity(shared.owner, "Grenoble")
    login = get_engine(shared.logins["grenoble"])
    for sooner in ("", "SET CONSTRAINTS ALL IMMEDIATE"):
        with pytest.raises(OperationalError, match="n'ont pas été reconstruits"):
            with session_scope(login, commit=True) as session:
                assert session.scalar(text("SELECT ecoparc_bulk_load_begin(1000)"))
                session.execute(text(_device(grenoble, "SN-G1")))
                if sooner:
                    session.execute(text(sooner))
    with session_scope(get_engine(shared.owner)) as session:
        assert (_schema(session), _built(session)) == (schema, built)
        assert session.scalar(text("SELECT count(*) FROM device")) == 0


def test_the_keys_rebuilt_for_a_login_are_checked(shared: Shared) -> None:
    grenoble = _entity(shared.owner, "Grenoble")
    login = get_engine(shared.logins["grenoble"])
    with pytest.raises(IntegrityError, match="fk_device_site_id_site"):
        with session_scope(login, commit=True) as session:
            assert session.scalar(text("SELECT ecoparc_bulk_load_begin(1000)"))
            session.execute(text(_device(grenoble, "SN-G1", site="-1")))
            session.execute(text("SELECT ecoparc_bulk_load_end()"))
    with pytest.raises(IntegrityError, match="uq_device_serial_identity"):
        with session_scope(login, commit=True) as session:
            assert session.scalar(text("SELECT ecoparc_bulk_load_begin(1000)"))
            session.execute(text(_device(grenoble, "SN-G1")))
            session.execute(text(_device(grenoble, "SN-G1")))
            session.execute(text("SELECT ecoparc_bulk_load_end()"))
    with session_scope(login, commit=True) as session:
        session.execute(text("SELECT ecoparc_bulk_load_end()"))  # nothing suspended: nothing done
    with session_scope(get_engine(shared.owner)) as session:
        assert session.scalar(text("SELECT count(*) FROM device")) == 0


def test_nothing_is_suspended_for_a_reader_or_a_table_not_doubled(shared: Shared) -> None:
    with pytest.raises(ProgrammingError, match="permission denied for function"):
        with session_scope(get_engine(shared.logins["lecteur"])) as session:
            session.scalar(text("SELECT ecoparc_bulk_load_begin(1000)"))
    with session_scope(get_engine(shared.owner), commit=True) as session:
        session.execute(text(_device(_entity(shared.owner, "Échirolles"), "SN-E1")))
        session.execute(text(_device(_entity(shared.owner, "Échirolles"), "SN-E2")))
    # Grenoble's editor sees none of Échirolles' devices; the sequence tells the owner.
    with session_scope(get_engine(shared.logins["grenoble"])) as session:
        assert session.scalar(text("SELECT count(*) FROM device")) == 0
        assert session.scalar(text("SELECT ecoparc_bulk_load_begin(1)")) is False
        assert session.scalar(text("SELECT ecoparc_bulk_load_begin(2)")) is True
