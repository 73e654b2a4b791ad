"""Migrations on SQLite and PostgreSQL: single head, up from empty, models match,
down-then-up keeps rows, outdated databases refused, SQLite backed up."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from fleet import schema
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.models import Device, Entity


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(schema.alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1
    # The start-up check reads the head from the files without Alembic: it must agree.
    assert schema.head_revision() == heads[0]


def test_the_schema_check_does_not_import_alembic(tmp_path: Path) -> None:
    """Every command checks the schema: that check stays off Alembic's import cost."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'check.db'}"
    schema.upgrade(url, backup=False)
    probe = (
        "import sys; from fleet import schema; schema.require_current(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, url], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_upgrade_from_empty_to_head(db_url: str) -> None:
    assert schema.state(db_url).current is None
    schema.upgrade(db_url)
    assert schema.state(db_url).up_to_date


def test_models_match_migrations(migrated_url: str) -> None:
    assert schema.pending_differences(migrated_url) == []


def test_downgrade_then_upgrade_keeps_rows(migrated_url: str) -> None:
    engine = get_engine(migrated_url)
    with session_scope(engine, commit=True) as session:
        entity = Entity(name="Grenoble", kind="commune")
        session.add(entity)
        session.flush()
        session.add(Device(entity_id=entity.id, category="laptop", serial="ABC", quantity=3))
    schema.downgrade(migrated_url, "-1")
    assert not schema.state(migrated_url).up_to_date
    schema.upgrade(migrated_url, backup=False)
    assert schema.state(migrated_url).up_to_date
    with session_scope(engine, commit=True) as session:
        assert session.scalar(select(func.count()).select_from(Entity)) == 1
        assert session.scalar(select(func.sum(Device.quantity))) == 3


def test_require_current_refuses_empty_database(db_url: str) -> None:
    with pytest.raises(schema.SchemaError, match="ecoparc init"):
        schema.require_current(db_url)


def test_outdated_database_refused_then_upgraded_with_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    schema.upgrade(url, revision="0001", backup=False)
    with pytest.raises(schema.SchemaError, match="ecoparc db upgrade"):
        schema.require_current(url)
    saved = schema.upgrade(url)
    assert saved is not None and saved.exists()
    assert saved.parent == tmp_path and saved.name.startswith("old.db.")
    assert schema.state(url).up_to_date
    dispose_engines()


def test_migration_0009_adds_the_row_hash_columns_empty(migrated_url: str) -> None:
    """Back to 0008 the two columns go and the devices stay; up again, devices stored
    before 0009 have no row hash (their next import compares them in full)."""
    from sqlalchemy import inspect

    def columns() -> set[str]:
        names = {c["name"] for c in inspect(get_engine(migrated_url)).get_columns("device")}
        dispose_engines()
        return names

    with session_scope(get_engine(migrated_url), commit=True) as session:
        entity = Entity(name="Grenoble", kind="commune")
        session.add(entity)
        session.flush()
        session.add(
            Device(entity_id=entity.id, category="laptop", serial="ABC", import_row_hash="x")
        )
    dispose_engines()
    schema.downgrade(migrated_url, "0008")
    assert "import_row_hash" not in columns() and "import_row_at" not in columns()
    schema.upgrade(migrated_url, backup=False)
    assert {"import_row_hash", "import_row_at"} <= columns()
    with session_scope(get_engine(migrated_url)) as session:
        device = session.scalars(select(Device)).one()
        assert (device.serial, device.import_row_hash, device.import_row_at) == ("ABC", None, None)
    dispose_engines()
