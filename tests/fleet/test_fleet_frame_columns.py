"""``fleet_frame(columns=…)``: the same rows and values, fewer columns (the TUI's first paint)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import insert

from fleet.db import get_engine, session_scope
from fleet.models import Device, Entity, Site
from fleet.queries import ENGINE_COLUMNS, FRAME_COLUMNS, fleet_frame


def test_engine_columns_are_the_full_frame_narrowed(migrated_url: str) -> None:
    with session_scope(get_engine(migrated_url), commit=True) as session:
        city = Entity(name="Meylan", agents=300)
        session.add(city)
        session.flush()
        room = Site(entity_id=city.id, name="Salle serveurs", is_server_room=True, pue=1.5)
        session.add(room)
        session.flush()
        session.execute(
            insert(Device),
            [
                {
                    "entity_id": city.id,
                    "site_id": room.id if i == 0 else None,
                    "category": "server" if i == 0 else "laptop",
                    "manufacturer": "Dell" if i else None,
                    "model": f"Latitude {5400 + i}",
                    "serial": f"SN{i}",
                    "purchase_date": date(2020, 1, 1 + i),
                    "price_eur": 900.0 + i,
                    "quantity": 1 + i,
                    "reuse_flagged": i == 2,
                }
                for i in range(3)
            ],
        )
    with session_scope(get_engine(migrated_url), commit=True) as session:
        full = fleet_frame(session)
        engine = fleet_frame(session, columns=ENGINE_COLUMNS)
        picked = fleet_frame(session, statuses=["in_service"], columns=["serial", "model"])
    assert list(full.columns) == list(FRAME_COLUMNS)
    pd.testing.assert_frame_equal(engine, full[list(ENGINE_COLUMNS)])
    assert list(picked.columns) == ["device_id", "model", "serial"]
    assert picked["serial"].tolist() == ["SN0", "SN1", "SN2"]
    assert engine["pue"].iloc[0] == 1.5 and engine["reuse_flagged"].tolist() == [False, False, True]
