"""Engines, units of work and write locks for SQLite (embedded default) and PostgreSQL.

A session comes from :func:`session_scope`, which keeps nothing unless asked to
(``commit=True``, or an explicit ``session.commit()``): the use cases run in a
:class:`services.uow.UnitOfWork` that commits only when the use case says so, so
a read never writes and a failed command never half-writes (docs/services.md).

SQLite connections follow the pysqlite transactional recipe (docs/database.md):
the driver's own transaction handling is off and SQLAlchemy emits ``BEGIN``
itself, so DDL runs inside transactions (a schema upgrade is all or nothing)
and a writer can ask for ``BEGIN IMMEDIATE`` (:func:`lock_for_write`).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

# Re-exported: set and read by the faces without the database layer (fleet.connecting).
from .connecting import DEFAULT_LOCK_TIMEOUT as DEFAULT_LOCK_TIMEOUT
from .connecting import connect_timeout, password_prompt
from .connecting import set_password_prompt as set_password_prompt

_ENGINES: dict[str, Engine] = {}


def normalise_url(url: str) -> str:
    """Accept a bare file path as a SQLite database; pick psycopg 3 for PostgreSQL.
    An address SQLAlchemy cannot read (a port that is no number) is refused as an
    unknown address (``ArgumentError``), not with Python's ``ValueError``."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        make_url(url)
    except ValueError as exc:
        raise ArgumentError(str(exc)) from exc
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for memory or another backend."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


#: How long a statement waits for another writer's lock before SQLite gives up.
BUSY_TIMEOUT_MS = 5000
#: How long one ``BEGIN IMMEDIATE`` attempt waits before the writer says it is waiting.
_ATTEMPT_MS = 1000
#: Execution option carrying the ``BEGIN`` mode of a SQLite connection.
_BEGIN_MODE = "ecoparc_sqlite_begin"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not open transactions on its own (pysqlite recipe):
    # _sqlite_begin emits BEGIN, so DDL is transactional too.
    dbapi_connection.isolation_level = None
    # Foreign keys are off by default in SQLite; WAL lets the TUI read while an
    # import writes; NORMAL sync is safe in WAL mode and much faster.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_engine(url: str) -> Engine:
    """One engine per URL for the life of the process."""
    url = normalise_url(url)
    engine = _ENGINES.get(url)
    if engine is None:
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        postgres = make_url(url).get_backend_name() == "postgresql"
        timeout = connect_timeout(url) if postgres else None
        connect_args = {} if timeout is None else {"connect_timeout": timeout}
        engine = create_engine(url, future=True, connect_args=connect_args)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        elif make_url(url).password is None:
            event.listen(engine, "do_connect", _asking_password(url))
        _ENGINES[url] = engine
    return engine


def _asking_password(url: str) -> Callable[..., Any]:
    """Connect as libpq does (``.pgpass``, ``PGPASSFILE``, ``PGPASSWORD``, libpq
    options of the URL such as ``sslmode``); when the server still wants a password,
    ask the person once and keep the answer in memory for the engine's next
    connections."""
    given: list[str] = []

    def connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        if given:
            cparams["password"] = given[0]
            return None
        try:
            return dialect.loaded_dbapi.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            prompt = password_prompt()
            if prompt is None or "no password supplied" not in str(exc):
                raise
        given.append(prompt(mask_url(url)))
        cparams["password"] = given[0]
        return None

    return connect


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_MODE)
    if mode == "IMMEDIATE":
        conn.exec_driver_sql(f"PRAGMA busy_timeout={_ATTEMPT_MS}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    else:
        conn.exec_driver_sql("BEGIN")


def dispose_engines() -> None:
    """Close every pooled connection (before copying a SQLite file, or in tests)."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


@contextmanager
def session_scope(engine: Engine, *, commit: bool = False) -> Iterator[Session]:
    """A session for one block: what was not committed is discarded at the end,
    unless ``commit`` is set and the block succeeded (scripts and tests that write).

    Closing the session ends its transaction without keeping it (a rollback) but,
    unlike ``rollback()``, leaves the objects it loaded readable after the block."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        if commit:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# --- write locks (docs/database.md, « Écritures simultanées ») ------------------------------


class DatabaseBusy(RuntimeError):
    """Another writer kept the lock longer than the caller agreed to wait."""


#: What a waiting writer says (once).
WAITING_MESSAGE = "base occupée, nouvel essai…"
_LOCKS = "ecoparc_write_locks"


def _held(session: Session) -> set[str]:
    """The lock keys this session holds in its current transaction."""
    record = session.info.get(_LOCKS)
    transaction = session.get_transaction()
    if record is None or transaction is None or record[0] is not transaction:
        record = (transaction, set())
        session.info[_LOCKS] = record
    held: set[str] = record[1]
    return held


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"ecoparc:{name}".encode()).digest()[:8], signed=True)


def lock_for_write(
    session: Session,
    scope: Sequence[str] | None = None,
    *,
    timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Take the write lock of ``scope`` (names such as ``entity:12``) until the
    unit of work ends, waiting at most ``timeout`` seconds.

    SQLite has one writer at a time: the whole database is locked with
    ``BEGIN IMMEDIATE``, taken when ``scope`` is None (call it first in the unit
    of work, before any read). PostgreSQL takes one transaction-level advisory
    lock per name of ``scope`` (in sorted order, so two writers never deadlock)
    and ignores a None scope, so writers for different entities run side by
    side. ``on_wait`` hears :data:`WAITING_MESSAGE` once; past the timeout,
    :class:`DatabaseBusy` is raised and nothing has been written.
    """
    if session.get_bind().dialect.name == "sqlite":
        _lock_sqlite(session, timeout, on_wait)
    elif scope:
        _lock_advisory(session, sorted(set(scope)), timeout, on_wait)


def _busy(timeout: float) -> DatabaseBusy:
    return DatabaseBusy(
        f"base occupée par une autre écriture depuis {timeout:g} s : rien n'a été écrit, "
        "réessayez plus tard"  # no interface named: each face says how to wait longer
    )


def _lock_sqlite(session: Session, timeout: float, on_wait: Callable[[str], None] | None) -> None:
    if "database" in _held(session):
        return
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            if session.in_transaction():
                # Reads already began the transaction: writing is what takes the lock.
                session.execute(text("UPDATE alembic_version SET version_num = version_num"))
            else:
                session.connection(execution_options={_BEGIN_MODE: "IMMEDIATE"})
            break
        except OperationalError as exc:
            if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            session.rollback()
        told = _pause(deadline, timeout, on_wait, told, 0.05)
    _held(session).add("database")


def _pause(
    deadline: float,
    timeout: float,
    on_wait: Callable[[str], None] | None,
    told: bool,
    seconds: float,
) -> bool:
    """Wait before a writer's next try (:class:`DatabaseBusy` past ``deadline``),
    telling ``on_wait`` the first time; whether it has been told."""
    if time.monotonic() >= deadline:
        raise _busy(timeout)
    if on_wait is not None and not told:
        on_wait(WAITING_MESSAGE)
        told = True
    time.sleep(seconds)
    return told


def _lock_advisory(
    session: Session, names: list[str], timeout: float, on_wait: Callable[[str], None] | None
) -> None:
    held = _held(session)
    deadline = time.monotonic() + timeout
    told = False
    wanted = [name for name in names if name not in held]
    while wanted:
        taken = int(
            session.scalar(_TRY_IN_ORDER, {"keys": [_advisory_key(name) for name in wanted]}) or 0
        )
        held.update(wanted[:taken])
        wanted = wanted[taken:]
        if wanted:
            told = _pause(deadline, timeout, on_wait, told, 0.1)


#: Tries the advisory locks of ``:keys`` in their order, stopping at the first that
#: another session holds, and says how many it took: one round trip for the locks of
#: a whole import (one per entity of the file) instead of one each, with the same
#: order and the same stop (a writer never holds a later lock while it waits for an
#: earlier one). A recursive query runs its steps one after the other, each from the
#: row of the step before.
_TRY_IN_ORDER = text(
    "WITH RECURSIVE step(i, taken) AS ("
    " SELECT 1, pg_try_advisory_xact_lock((CAST(:keys AS bigint[]))[1])"
    " UNION ALL SELECT i + 1, pg_try_advisory_xact_lock((CAST(:keys AS bigint[]))[i + 1])"
    " FROM step WHERE taken AND i < cardinality(CAST(:keys AS bigint[])))"
    " SELECT count(*) FILTER (WHERE taken) FROM step"
)


# --- errors a person can act on (docs/database.md, « Messages d'erreur ») -------------------


def mask_url(url: str) -> str:
    """The URL with its password replaced by ``***``, for every message a person sees."""
    try:
        parsed = make_url(normalise_url(url))
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without what looks secret
        return _MASK.sub(r"\1***@", url)
    if parsed.password is None:
        return parsed.render_as_string(hide_password=False)
    return parsed.render_as_string(hide_password=True)


def describe_error(exc: BaseException, url: str) -> str | None:
    """One French line saying what to do about a database that cannot be used, or
    None when ``exc`` is not such an error. The password never appears."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from .access import AccessError, describe_refusal
    from .access_keys import PseudonymKeyError

    shown = mask_url(url)
    where = str(sqlite_path(url) or shown) if _is_sqlite(url) else shown
    if isinstance(exc, DatabaseBusy | AccessError | PseudonymKeyError):
        return str(exc)
    if isinstance(exc, NoSuchModuleError | ArgumentError):
        return (
            f"adresse de base de données non reconnue : {shown} "
            "(attendu : sqlite:///fichier.db ou postgresql://utilisateur@serveur/base)"
        )
    if isinstance(exc, ModuleNotFoundError | ImportError):
        module = getattr(exc, "name", None) or "?"
        return (
            f"pilote de base de données absent (module « {module} ») pour {shown} : "
            "installez-le (PostgreSQL : pip install 'psycopg[binary]') ou utilisez SQLite"
        )
    if not isinstance(exc, DBAPIError):
        return None
    detail = str(exc.orig).lower()
    if _is_sqlite(url):
        if "not a database" in detail or "malformed" in detail or "file is encrypted" in detail:
            return (
                f"{where} n'est pas une base ecoparc lisible (fichier endommagé ou d'un "
                "autre type) : vérifiez --db, ou restaurez la dernière sauvegarde "
                "(.bak à côté du fichier)"
            )
        if "locked" in detail or "busy" in detail:
            return (
                f"la base {where} est verrouillée par un autre programme : réessayez quand "
                "l'autre écriture est finie (import, mise à jour)"
            )
        if "unable to open" in detail or "readonly" in detail or "read-only" in detail:
            return f"impossible d'ouvrir ou d'écrire {where} : vérifiez le dossier et ses droits"
        return None
    refused = describe_refusal(exc)
    if refused is not None:
        return refused
    if "password" in detail or "authentication" in detail:
        return (
            f"connexion refusée par le serveur PostgreSQL ({shown}) : "
            "vérifiez l'utilisateur et le mot de passe"
        )
    if "ssl" in detail:
        return (
            f"connexion chiffrée impossible avec le serveur PostgreSQL ({shown}) : vérifiez "
            "sslmode et les certificats (sslrootcert) de l'adresse"
        )
    if "does not exist" in detail and "database" in detail:
        return f"la base PostgreSQL n'existe pas ({shown}) : créez-la (createdb) ou corrigez --db"
    if isinstance(exc, OperationalError) or "connection" in detail:
        return (
            f"serveur PostgreSQL injoignable ({shown}) : vérifiez qu'il tourne, l'adresse, le "
            "port et le réseau"
        )
    return None


_MASK = re.compile(r"(://[^:/@]*:)[^@]*@")


def _is_sqlite(url: str) -> bool:
    try:
        return is_sqlite(url)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy can read: not SQLite either
        return False
