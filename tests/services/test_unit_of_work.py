"""A unit of work keeps only what its use case commits (docs/services.md §Règles)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity
from fleet.schema import upgrade
from services.entities import create_entity, entity_rows
from services.errors import ServiceError
from services.inventory import change_status
from services.uow import UnitOfWork


def _names(url: str) -> list[str]:
    with UnitOfWork(url) as uow:
        return [row["name"] for row in entity_rows(uow)]


def test_nothing_is_kept_unless_the_use_case_commits(sqlite_url: str) -> None:
    upgrade(sqlite_url, backup=False)
    with UnitOfWork(sqlite_url) as uow:
        uow.session.add(Entity(name="Brouillon", kind="commune"))
        uow.session.flush()
    with session_scope(get_engine(sqlite_url)) as session:  # no commit by default either
        session.add(Entity(name="Brouillon 2", kind="commune"))
    assert _names(sqlite_url) == []

    with UnitOfWork(sqlite_url) as uow:
        create_entity(uow, "Grenoble")  # the use case commits
    assert _names(sqlite_url) == ["Grenoble"]


def test_a_refused_batch_changes_no_device(sqlite_url: str) -> None:
    upgrade(sqlite_url, backup=False)
    with session_scope(get_engine(sqlite_url), commit=True) as session:
        grenoble = Entity(name="Grenoble", kind="commune")
        session.add(grenoble)
        session.flush()
        session.add(Device(entity_id=grenoble.id, category="laptop", serial="A", quantity=1))
    with UnitOfWork(sqlite_url) as uow, pytest.raises(ServiceError, match="introuvable"):
        change_status(uow, ["A", "NOPE"], "retired", actor="test")
    with UnitOfWork(sqlite_url) as uow:
        assert uow.session.scalars(select(Device.status)).one() != "retired"
