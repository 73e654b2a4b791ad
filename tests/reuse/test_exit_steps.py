"""The steps of an exit (docs/regulation.md §8): a status change that skips one is
refused with the missing step named; erasure without a certificate only for a
device without storage; back to the spare pool."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from fleet.db import dispose_engines, get_engine, session_scope
from fleet.lifecycle import LifecycleError, set_status
from fleet.models import Device, DeviceEvent, Disposal
from fleet.reuse import (
    ReuseError,
    assign,
    dispose,
    has_storage,
    record_erasure,
    record_proof,
    return_to_stock,
)
from fleet.schema import upgrade
from services.errors import ServiceError
from services.reuse import assign_selection, read_rules, route_candidates
from services.uow import UnitOfWork

from .test_workflow import _seed, ecoparc


@pytest.fixture
def seeded(sqlite_url: str) -> str:
    """Grenoble's retired laptop (1), broken desktop (2), lot of 6 monitors in stock (3)."""
    upgrade(sqlite_url, backup=False)
    _seed(sqlite_url)
    yield sqlite_url
    dispose_engines()


def test_exit_statuses_only_through_their_steps(seeded: str) -> None:
    with session_scope(get_engine(seeded)) as session:
        with pytest.raises(LifecycleError, match="étape manquante : l'orientation vers une voie"):
            set_status(session, 1, "disposed", "agent")
        with pytest.raises(LifecycleError, match="étape manquante : l'orientation"):
            set_status(session, 1, "reuse_pending", "agent")
        assign(session, 1, "donation", "agent")
        with pytest.raises(LifecycleError, match="étape suivante : l'effacement des données"):
            set_status(session, 1, "disposed", "agent")
        with pytest.raises(LifecycleError, match="en cours de sortie"):
            set_status(session, 1, "in_service", "agent")
        with pytest.raises(ReuseError, match="étape manquante : l'effacement des données"):
            dispose(session, 1, "agent")
        with pytest.raises(ReuseError, match="étape manquante : la remise"):
            record_proof(session, 1, "ATT-1", "agent")
        record_erasure(session, 1, "secure_erase", "CERT-1", "agent")
        with pytest.raises(LifecycleError, match="étape suivante : la remise au destinataire"):
            set_status(session, 1, "disposed", "agent")
        dispose(session, 1, "agent", on=date(2026, 11, 2))
        record_proof(session, 1, "ATT-1", "agent")
        with pytest.raises(LifecycleError, match="sorti du parc : son statut ne change plus"):
            set_status(session, 1, "in_service", "agent")
        assert session.get(Device, 1).status == "disposed"


def test_erasure_certificate_only_where_there_is_storage(seeded: str) -> None:
    assert has_storage("laptop", None) and not has_storage("monitor", None)
    assert has_storage("monitor", 8.0) and not has_storage("laptop", 0.0)
    with session_scope(get_engine(seeded)) as session:
        assign(session, 1, "donation", "agent")
        assign(session, 3, "donation", "agent", quantity=2)
        with pytest.raises(ReuseError, match="certificat d'effacement est vide"):
            record_erasure(session, 1, "secure_erase", " ", "agent")
        with pytest.raises(ReuseError, match="a un support de données"):
            record_erasure(session, 1, "no_storage", "", "agent")
        part = session.scalars(select(Device).where(Device.quantity == 2)).one()
        erased = record_erasure(session, part.id, "no_storage", "", "agent")
        assert (erased.erasure_method, erased.erasure_certificate) == ("no_storage", None)
        dispose(session, part.id, "agent")


def test_back_to_the_spare_pool(seeded: str) -> None:
    with session_scope(get_engine(seeded)) as session:
        device = session.get(Device, 1)
        device.reuse_flagged = True
        kept = return_to_stock(session, 1, "agent", "encore sous garantie")
        assert (kept.status, kept.retirement_date, kept.reuse_flagged) == ("in_stock", None, False)
        event = session.scalars(select(DeviceEvent).where(DeviceEvent.kind == "reuse_keep")).one()
        assert event.before["status"] == "retired" and event.note == "encore sous garantie"
        with pytest.raises(ReuseError, match="en panne"):
            return_to_stock(session, 2, "agent")


def test_cli_counts_by_reason_and_erases_a_monitor_without_certificate(seeded: str) -> None:
    counted = ecoparc(seeded, "reuse", "flag", "--by-reason", "--format", "json")
    assert counted.exit_code == 0, counted.output
    counts = {row["reason"]: row["devices"] for row in json.loads(counted.stdout)}
    assert (counts["retired"], counts["broken"], counts["total"]) == (1, 1, 2)
    table = ecoparc(seeded, "reuse", "flag", "--by-reason")
    assert "retiré du service" in table.stdout and "tous les candidats" in table.stdout
    assigned = ecoparc(seeded, "reuse", "assign", "3", "--channel", "donation", "--quantity", "1")
    assert assigned.exit_code == 0, assigned.output
    part = assigned.stdout.split("Appareil n° ")[1].split(" ")[0]
    refused = ecoparc(seeded, "reuse", "erase", "1", "--method", "secure_erase")
    assert refused.exit_code == 1
    erased = ecoparc(seeded, "reuse", "erase", part, "--method", "no_storage")
    assert erased.exit_code == 0, erased.output


def test_services_override_needs_a_reason_and_a_need_for_internal(seeded: str) -> None:
    with UnitOfWork(seeded) as uow:
        routes = route_candidates(uow, read_rules(None), as_of=date(2026, 11, 28))
        laptop = routes.loc[routes["device_id"] == 1]
        assert laptop["route"].tolist() == ["donation"]
        with pytest.raises(ServiceError, match="demande une raison"):
            assign_selection(uow, laptop, "agent", route="sale")
        with pytest.raises(ServiceError, match="besoin ouvert"):
            assign_selection(uow, laptop, "agent", route="internal_redeploy", reason="prêt")
        assert assign_selection(uow, laptop, "agent", route="sale", reason="acheteur trouvé") == 1
    with session_scope(get_engine(seeded)) as session:
        disposal = session.scalars(select(Disposal)).one()
    assert disposal.channel == "sale"
    assert disposal.reason == "acheteur trouvé (voie proposée : don)"
