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

#: Who may create an entity (fleet.access_sql's entity policy, docs/administration.md).
ENTITY_CREATION_RULE = (
    "seul un administrateur de la métropole crée une entité, une commune ajoute seulement "
    "des établissements aux entités qu'elle modifie (ecoparc entity add NOM --parent ENTITÉ)"
)

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

    def can_edit(self, entity_id: int) -> bool:
        return self.editable is None or entity_id in self.editable

    @property
    def may_edit_any(self) -> bool:
        """Readers and auditors change nothing anywhere."""
        return self.editable is None or bool(self.editable)


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


def home_entity(session: Session) -> int | None:
    """The entity a commune login's own records (saved scenarios) belong to: the
    topmost one it may change. None for the métropole's administrators, whose
    records belong to every entity, and for those who may change nothing."""
    editable = rights(session).editable
    if not editable:
        return None
    rows = session.execute(
        select(Entity.id, Entity.parent_id).where(Entity.id.in_(editable)).order_by(Entity.id)
    ).all()
    return next((r.id for r in rows if r.parent_id not in editable), None)


def may_create_entity(session: Session, parent_id: int | None) -> bool:
    """The entity INSERT policy of fleet.access_sql, asked before writing: an import
    then names the entity it may not create, its dry run included."""
    found = rights(session)
    return found.admin or (parent_id is not None and found.can_edit(parent_id))


# The refusals are whole sentences, one per case, so that the catalogue of their
# English (factors.english) recognises each and words its values: a sentence glued
# from pieces (« de {verb} {what}{where} ») had none and stayed French in English.


def creation_refusal(name: str | None = None) -> str:
    """« vous n'avez pas le droit de créer l'entité « Fontaine » : seul … »."""
    if name is None:
        return f"vous n'avez pas le droit de créer cette entité : {ENTITY_CREATION_RULE}"
    return f"vous n'avez pas le droit de créer l'entité « {name} » : {ENTITY_CREATION_RULE}"


def refusal(what: str, entity: Entity | None = None, verb: str = "modifier") -> str:
    """« vous n'avez pas le droit de modifier les appareils de Seyssinet-Pariset »;
    ``what`` is one of :data:`TABLE_LABELS`, ``verb`` « modifier » or « consulter »."""
    if verb == "consulter":
        return f"vous n'avez pas le droit de consulter {what}"
    if entity is not None:
        return f"vous n'avez pas le droit de modifier {what} de {entity.name}"
    return f"vous n'avez pas le droit de modifier {what}"


def consolidated_refusal(what: str) -> str:
    """Why a commune login does not get figures over every entity."""
    return (
        f"{what} de toutes les entités est réservé aux administrateurs de la métropole et "
        "aux auditeurs : choisissez l'une de vos entités"
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
    constraint = getattr(diag, "constraint_name", None)
    if state == "23505" and constraint == "uq_device_serial_identity":
        # The serial identity holds across entities (docs/import.md), also those unseen.
        return (
            "un appareil de même fabricant et numéro de série est déjà inventorié par une "
            "entité que vous ne voyez pas : l'administrateur de la métropole peut le transférer"
        )
    if state == "23505" and constraint == "uq_scenario_name":
        return "une autre entité a déjà un scénario de ce nom : choisissez-en un autre"
    if state == "42501" and _creates_entity(exc):
        # Refused by the entity's INSERT policy or by the missing privilege (readers).
        return creation_refusal()
    if (
        state in _OWN_STATES
        and primary[:1].islower()
        and not primary.startswith(("permission denied", "new row violates", "must be", "role "))
    ):
        return primary
    if "row-level security" in primary:
        what = TABLE_LABELS.get(table or _quoted(primary), "ces données")
        return (
            f"vous n'avez pas le droit de modifier {what} (entité d'un autre service, ou "
            "droit de lecture seulement)"
        )
    if state == "42501":
        found = table or _quoted(primary)
        if "for database" in primary or found in ("alembic_version", "ecoparc_readable"):
            return (
                "cet identifiant n'a encore aucun droit sur cette base : demandez-en un à "
                "l'administrateur de la métropole (ecoparc access grant)"
            )
        if "permission denied to set role" in primary:
            return "vous n'avez pas le droit de prendre un autre rôle"
        reading = str(exc.statement or "").lstrip().upper().startswith(("SELECT", "WITH"))
        verb = "consulter" if reading else "modifier"
        return refusal(TABLE_LABELS.get(found, "ces données"), None, verb)
    return None


def _creates_entity(exc: DBAPIError) -> bool:
    """Whether the refused statement is the creation of an entity (entity add, import
    --create-entities): the rule is then worth saying, not just the refusal."""
    words = str(exc.statement or "").split(None, 3)
    return [w.upper() for w in words[:2]] == ["INSERT", "INTO"] and words[2:3] == ["entity"]


def _quoted(message: str) -> str:
    """The table a PostgreSQL message names between double quotes, if any."""
    parts = message.split('"')
    return parts[1] if len(parts) > 2 else ""
