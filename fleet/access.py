"""Who may see and change what, seen from the application (docs/administration.md).

PostgreSQL enforces the rules (fleet.access_sql): this module manages the
grants through the database's own functions, tells the faces what the
connected login may see (to list only those entities, to offer consolidated
figures only to those who see everything) and turns a refusal by the database
into one French sentence. On SQLite there is one person at one desk: the file's
permissions are the boundary and everything is allowed.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .entities import EntityError, get_entity
from .models import AccessGrant, Entity

#: The levels of a grant, with what they allow, in French.
LEVELS: dict[str, str] = {
    "read": "lecture",
    "edit": "lecture et modification",
    "admin": "administration (modification et droits des autres)",
}

#: What each table holds, as a refusal names it (« … modifier les appareils de X »).
TABLE_LABELS: dict[str, str] = {
    "entity": "les entités",
    "site": "les sites",
    "device": "les appareils",
    "need": "les besoins",
    "import_batch": "les imports",
    "import_issue": "les imports",
    "device_event": "l'historique des appareils",
    "disposal": "les sorties d'appareils",
    "scenario": "les scénarios",
    "model_alias": "les correspondances de modèles",
    "mapping_profile": "les profils d'import",
    "factor_set": "les jeux de facteurs",
    "factor_reference": "les jeux de facteurs",
    "factor_impact": "les jeux de facteurs",
    "factor_electricity": "les jeux de facteurs",
    "partner": "les partenaires",
    "app_setting": "les réglages",
    "access_grant": "les droits d'accès",
    "pseudonym_key": "la clé de pseudonymisation",
}

SQLITE_NOTICE = (
    "les droits d'accès concernent une base PostgreSQL partagée ; sur SQLite, une "
    "personne travaille sur son fichier et ses droits sur le fichier font la frontière "
    "(docs/administration.md)"
)


class AccessError(ValueError):
    """A refused or impossible access operation, with its French explanation."""


@dataclass(frozen=True)
class Rights:
    """What the connected login may do. ``readable``/``editable`` are entity ids, or
    None for every entity."""

    login: str
    readable: frozenset[int] | None
    editable: frozenset[int] | None
    admin: bool

    @property
    def sees_all(self) -> bool:
        """Métropole administrators and auditors: consolidated figures are theirs."""
        return self.readable is None

    def can_read(self, entity_id: int) -> bool:
        return self.readable is None or entity_id in self.readable

    def can_edit(self, entity_id: int) -> bool:
        return self.editable is None or entity_id in self.editable


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def rights(session: Session) -> Rights:
    """The connected login's rights, asked once per session."""
    cached = session.info.get("ecoparc_rights")
    if isinstance(cached, Rights):
        return cached
    if not is_postgres(session):
        found = Rights(getpass.getuser(), None, None, True)
    else:
        row = session.execute(
            text(
                "SELECT session_user, ecoparc_sees_all(current_user), "
                "ecoparc_is_admin(current_user), ecoparc_readable(current_user), "
                "ecoparc_editable(current_user)"
            )
        ).one()
        login, sees_all, admin, readable, editable = row
        found = Rights(
            str(login),
            None if sees_all else frozenset(readable),
            None if admin else frozenset(editable),
            bool(admin),
        )
    session.info["ecoparc_rights"] = found
    return found


def refusal(what: str, entity: Entity | None = None, verb: str = "modifier") -> str:
    """« vous n'avez pas le droit de modifier les appareils de Seyssinet-Pariset »."""
    where = f" de {entity.name}" if entity is not None else ""
    return f"vous n'avez pas le droit de {verb} {what}{where}"


def require_edit(session: Session, entity: Entity, what: str = "les appareils") -> None:
    """Refuse, naming the entity, before writing for an entity the login may only read."""
    if not rights(session).can_edit(entity.id):
        raise AccessError(refusal(what, entity))


def require_all(session: Session, what: str) -> None:
    """Refuse consolidated figures to a login that does not see every entity."""
    if not rights(session).sees_all:
        raise AccessError(
            f"{what} réunit toutes les entités : il est réservé aux administrateurs de la "
            "métropole et aux auditeurs ; demandez le rapport de vos entités avec --entity"
        )


def _require_postgres(session: Session) -> None:
    if not is_postgres(session):
        raise AccessError(SQLITE_NOTICE)


def _entity_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    try:
        return get_entity(session, name).id
    except EntityError as exc:
        raise AccessError(str(exc)) from exc


def _call(session: Session, sql: str, params: dict[str, object]) -> Any:
    """Run one of the database's access functions; its refusal becomes an AccessError."""
    try:
        with session.begin_nested():
            return session.scalar(text(sql), params)
    except DBAPIError as exc:
        message = describe_refusal(exc)
        if message is None:
            raise
        raise AccessError(message) from exc


def create_login(session: Session, login: str, password: str) -> None:
    """Create a database login. The password is turned into a SCRAM verifier here,
    by libpq, so that only the verifier travels and reaches the server's logs."""
    _require_postgres(session)
    if not login or len(login.encode()) > 63:
        raise AccessError("un identifiant a de 1 à 63 octets")
    if len(password) < 12:
        raise AccessError("mot de passe trop court : 12 caractères au moins")
    raw = session.connection().connection.driver_connection
    verifier = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), login.encode(), b"scram-sha-256"
    )
    _call(
        session,
        "SELECT ecoparc_create_login(:login, :verifier)",
        {"login": login, "verifier": verifier.decode()},
    )


def grant(session: Session, login: str, entity: str | None, level: str) -> None:
    """Give ``login`` ``level`` on ``entity`` and its establishments (all entities when None)."""
    _require_postgres(session)
    _call(
        session,
        "SELECT ecoparc_grant(:login, :entity, :level)",
        {"login": login, "entity": _entity_id(session, entity), "level": level},
    )


def revoke(session: Session, login: str, entity: str | None, everything: bool = False) -> int:
    """Withdraw one grant (or all of the login's); returns how many were withdrawn."""
    _require_postgres(session)
    removed = _call(
        session,
        "SELECT ecoparc_revoke(:login, :entity, :everything)",
        {"login": login, "entity": _entity_id(session, entity), "everything": everything},
    )
    return int(removed or 0)


def list_grants(session: Session) -> list[dict[str, object]]:
    """The grants the connected login may see (its own; all for administrators)."""
    _require_postgres(session)
    rows = session.execute(
        select(AccessGrant, Entity.name)
        .outerjoin(Entity, Entity.id == AccessGrant.entity_id)
        .order_by(AccessGrant.login, Entity.name)
    ).all()
    return [
        {
            "login": g.login,
            "entity": name if g.entity_id is not None else "(toutes les entités)",
            "level": g.level,
            "role": _role(g.level, g.entity_id is None),
            "granted_by": g.granted_by,
            "granted_at": g.granted_at,
        }
        for g, name in rows
    ]


def _role(level: str, everywhere: bool) -> str:
    if everywhere:
        return "administrateur de la métropole" if level == "admin" else "auditeur"
    return LEVELS[level]


#: The access functions' own refusals are already French sentences (fleet.access_sql).
_OWN_STATES = {"42501", "22023", "42710", "42704"}


def describe_refusal(exc: DBAPIError) -> str | None:
    """One French line for a refusal by PostgreSQL's privileges or policies, or None
    when ``exc`` is something else."""
    diag = getattr(exc.orig, "diag", None)
    state = getattr(exc.orig, "sqlstate", None)
    primary = str(getattr(diag, "message_primary", "") or "")
    table = str(getattr(diag, "table_name", "") or "")
    if (
        state in _OWN_STATES
        and primary[:1].islower()
        and not primary.startswith(("permission denied", "new row violates", "must be", "role "))
    ):
        return primary
    if "row-level security" in primary:
        found = table or _quoted(primary)
        return refusal(TABLE_LABELS.get(found, "ces données"), None) + (
            " (entité d'un autre service, ou droit de lecture seulement)"
        )
    if state == "42501":
        found = table or _quoted(primary)
        if "for database" in primary:
            return "vous n'avez pas le droit de vous connecter à cette base"
        if "permission denied to set role" in primary:
            return "vous n'avez pas le droit de prendre un autre rôle"
        verb = "consulter" if found == "pseudonym_key" else "modifier"
        return refusal(TABLE_LABELS.get(found, "ces données"), None, verb)
    return None


def _quoted(message: str) -> str:
    """The table a PostgreSQL message names between double quotes, if any."""
    parts = message.split('"')
    return parts[1] if len(parts) > 2 else ""
