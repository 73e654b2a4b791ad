"""The fleet frame and device lifecycle on each backend."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.lifecycle import LifecycleError, device_events, set_status, transfer, update_field
from fleet.models import Device, Entity, Site
from fleet.queries import FRAME_COLUMNS, fleet_frame


@pytest.fixture
def small_fleet(migrated_url: str) -> str:
    with session_scope(get_engine(migrated_url), commit=True) as session:
        grenoble = Entity(name="Grenoble", kind="commune", agents=100)
        session.add(grenoble)
        session.flush()
        ccas = Entity(name="CCAS de Grenoble", kind="ccas", parent_id=grenoble.id)
        echirolles = Entity(name="Échirolles", kind="commune")
        session.add_all([ccas, echirolles])
        session.flush()
        room = Site(entity_id=grenoble.id, name="Salle serveur", is_server_room=True)
        office = Site(entity_id=grenoble.id, name="Hôtel de ville")
        session.add_all([room, office])
        session.flush()
        session.add_all(
            [
                Device(
                    entity_id=grenoble.id,
                    site_id=room.id,
                    category="server",
                    serial="SRV1",
                    purchase_date=date(2020, 3, 1),
                ),
                Device(
                    entity_id=grenoble.id,
                    site_id=office.id,
                    category="laptop",
                    serial="LAP1",
                    manufacturer="Dell",
                    model="Latitude 5420",
                    price_eur=900.0,
                ),
                Device(entity_id=ccas.id, category="monitor", asset_tag="INV-7", quantity=12),
                Device(entity_id=echirolles.id, category="tablet", name="tab-1", status="broken"),
            ]
        )
    return migrated_url


def test_fleet_frame_columns_types_and_scope(small_fleet: str) -> None:
    with session_scope(get_engine(small_fleet), commit=True) as session:
        frame = fleet_frame(session)
        assert tuple(frame.columns) == FRAME_COLUMNS
        assert len(frame) == 4
        assert frame["quantity"].sum() == 15
        assert frame["purchase_date"].dtype == "datetime64[ns]"
        server = frame[frame["category"] == "server"].iloc[0]
        assert server["pue"] == pytest.approx(1.75)
        assert pd.isna(frame[frame["category"] == "laptop"].iloc[0]["pue"])
        grenoble = fleet_frame(session, entities=["Grenoble"])
        assert set(grenoble["entity"]) == {"Grenoble", "CCAS de Grenoble"}
        alone = fleet_frame(session, entities=["Grenoble"], include_children=False)
        assert set(alone["entity"]) == {"Grenoble"}
        broken = fleet_frame(session, statuses=["broken"], categories=["tablet"])
        assert list(broken["name"]) == ["tab-1"]


def test_fleet_frame_sees_the_sessions_own_uncommitted_writes(small_fleet: str) -> None:
    with session_scope(get_engine(small_fleet), commit=True) as session:
        session.add(Device(entity_id=1, category="desktop", serial="NEW1"))
        session.flush()
        assert "NEW1" in set(fleet_frame(session)["serial"])
        session.rollback()
        assert "NEW1" not in set(fleet_frame(session)["serial"])


def test_status_transfer_and_edit_write_events(small_fleet: str) -> None:
    with session_scope(get_engine(small_fleet), commit=True) as session:
        set_status(session, "LAP1", "retired", actor="agent")
        transfer(session, "LAP1", "Échirolles", actor="agent")
        update_field(session, "LAP1", "price_eur", "1 020,50", actor="agent")
    with session_scope(get_engine(small_fleet), commit=True) as session:
        events = device_events(session, "LAP1")
        assert [e["kind"] for e in events] == ["status", "transfer", "update"]
        assert events[0]["before"]["status"] == "in_service"
        assert events[0]["after"]["status"] == "retired"
        assert events[1]["after"] == {"entity": "Échirolles"}
        assert events[2]["after"] == {"price_eur": 1020.5}
        frame = fleet_frame(session, entities=["Échirolles"])
        assert "LAP1" in set(frame["serial"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "retired", "non modifiable"),
        ("category", "toaster", "catégorie inconnue"),
        ("purchase_date", "31/02/2020", "valeur invalide"),
        ("quantity", "0", "valeur invalide"),
        ("quantity", "abc", "nombre entier"),
        ("price_eur", "-3", "valeur invalide"),
        ("annual_kwh", "inf", "valeur invalide"),
        ("weight_kg", "nan", "valeur invalide"),
        ("purchase_date", "31/12/2099", "dans le futur"),
        ("commissioning_date", "1985", "antérieure à 1990"),
        ("serial", "srv1", "déjà porté par l'appareil n° 1"),
    ],
)
def test_bad_edits_are_refused(small_fleet: str, field: str, value: str, message: str) -> None:
    with pytest.raises(LifecycleError, match=message):
        with session_scope(get_engine(small_fleet), commit=True) as session:
            update_field(session, "LAP1", field, value, actor="agent")


def test_unknown_device_and_status(small_fleet: str) -> None:
    with session_scope(get_engine(small_fleet), commit=True) as session:
        with pytest.raises(LifecycleError, match="introuvable"):
            set_status(session, "NOPE", "retired", actor="a")
        with pytest.raises(LifecycleError, match="statut inconnu"):
            set_status(session, "LAP1", "lost", actor="a")


def test_edits_keep_the_import_rules_and_change_nothing_when_refused(small_fleet: str) -> None:
    """An edit cannot store what an import would reject (a retirement before the
    purchase), and a refused edit leaves the device as it was in the session."""
    with session_scope(get_engine(small_fleet), commit=True) as session:
        with pytest.raises(LifecycleError, match="antérieure à la date d'achat"):
            update_field(session, "SRV1", "retirement_date", "01/01/2019", actor="a")
        device = update_field(session, "SRV1", "retirement_date", "15/06/2024", actor="a")
        assert device.retirement_date == date(2024, 6, 15)
        with pytest.raises(LifecycleError, match="antérieure à la date d'achat"):
            update_field(session, "SRV1", "purchase_date", "2025-03-02", actor="a")
        assert device.purchase_date == date(2020, 3, 1)
        with pytest.raises(LifecycleError, match="déjà porté"):
            update_field(session, "LAP1", "serial", "SRV1", actor="a")
        assert session.scalars(select(Device.serial).where(Device.id == 2)).one() == "LAP1"


def test_a_shared_tag_is_refused_rather_than_guessed(small_fleet: str) -> None:
    with session_scope(get_engine(small_fleet), commit=True) as session:
        session.add(Device(entity_id=1, category="monitor", asset_tag="INV-7"))
    with session_scope(get_engine(small_fleet), commit=True) as session:
        with pytest.raises(LifecycleError, match=r"plusieurs appareils .* \(n° 3, 5\)"):
            set_status(session, "INV-7", "retired", actor="a")
        # Moving the CCAS monitor to Grenoble would give Grenoble two INV-7.
        with pytest.raises(LifecycleError, match="déjà porté par l'appareil n° 5"):
            transfer(session, "3", "Grenoble", actor="a")
        assert set_status(session, "3", "retired", actor="a").status == "retired"
