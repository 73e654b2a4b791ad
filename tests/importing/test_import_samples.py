"""Every sample inventory imports as its manifest says, and a second run changes nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from import_support import counts, manifest
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.demo import load_entities
from fleet.importing import run_import
from fleet.models import Device, Entity


@pytest.mark.slow  # every sample file imported twice, over 10 s
def test_samples_import_with_expected_counts_and_reimport_changes_nothing(
    migrated_url: str, samples_dir: Path
) -> None:
    engine = get_engine(migrated_url)
    files = manifest(samples_dir)["files"]
    with session_scope(engine, commit=True) as session:
        load_entities(session, samples_dir / "entities.csv")
    for item in files:
        with session_scope(engine, commit=True) as session:
            result = run_import(
                session, samples_dir / item["file"], entity=item["entity"], sheet=item["sheet"]
            )
        assert result.committed, item["file"]
        assert result.rows == item["data_rows"], item["file"]
        assert result.created == item["records"], (item["file"], result.rejections)
        assert sorted({r.row for r in result.rejections}) == [r["row"] for r in item["rejects"]]
    with session_scope(engine, commit=True) as session:
        rows = session.execute(
            select(Device.category, Device.status, Device.quantity, Entity.name).join(
                Entity, Entity.id == Device.entity_id
            )
        ).all()
    units_by_category: Counter[str] = Counter()
    units_by_entity: Counter[str] = Counter()
    for category, _status, quantity, entity in rows:
        units_by_category[category] += quantity
        units_by_entity[entity] += quantity
    expected_category: Counter[str] = Counter()
    expected_entity: Counter[str] = Counter()
    for item in files:
        expected_category.update(item["by_category_units"])
        expected_entity.update(item["by_entity_units"])
    assert units_by_category == expected_category
    assert units_by_entity == expected_entity

    before = counts(migrated_url)
    for item in files:
        with session_scope(engine, commit=True) as session:
            again = run_import(
                session, samples_dir / item["file"], entity=item["entity"], sheet=item["sheet"]
            )
        assert (again.created, again.updated) == (0, 0), item["file"]
        assert again.unchanged == item["records"]
    after = counts(migrated_url)
    assert after["device"] == before["device"]
    assert after["device_event"] == before["device_event"]
    assert after["site"] == before["site"]
