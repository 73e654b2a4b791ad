"""Access to a shared PostgreSQL database: logins and the grants of each login on
the entities (docs/administration.md).

Each change is one unit of work, committed when the server accepted it; a refusal
(:class:`fleet.access.AccessError`, already one French sentence) becomes a
:class:`~services.errors.ServiceError`.
"""

from __future__ import annotations

from fleet import access
from fleet.access import AccessError

from .errors import ServiceError
from .uow import UnitOfWork


def create_login(uow: UnitOfWork, login: str, password: str) -> None:
    """Create the login ``login`` with no grant (its password reaches the server
    only as a SCRAM verifier)."""
    try:
        access.create_login(uow.session, login, password)
    except AccessError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()


def grant(uow: UnitOfWork, login: str, entity: str | None, level: str) -> None:
    """Give ``login`` ``level`` on ``entity`` and its establishments (all when None)."""
    try:
        access.grant(uow.session, login, entity, level)
    except AccessError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()


def revoke(uow: UnitOfWork, login: str, entity: str | None, everything: bool = False) -> int:
    """Withdraw one grant of ``login`` (or all of them); how many were withdrawn."""
    try:
        removed = access.revoke(uow.session, login, entity, everything)
    except AccessError as exc:
        raise ServiceError(str(exc)) from None
    uow.commit()
    return removed


def grants(uow: UnitOfWork) -> list[dict[str, object]]:
    """The grants the connected login may see (its own; all for administrators)."""
    try:
        return access.list_grants(uow.session)
    except AccessError as exc:
        raise ServiceError(str(exc)) from None


def login_rights(uow: UnitOfWork) -> access.Rights:
    """What the connected login may read and change (everything on SQLite)."""
    return access.rights(uow.session)


def require_consolidated(uow: UnitOfWork, what: str) -> None:
    """Refuse figures over every entity to a login that does not see them all:
    consolidated figures are for the métropole's administrators and auditors."""
    if not access.rights(uow.session).sees_all:
        raise ServiceError(access.consolidated_refusal(what))
