"""The reuse workflow on SQLite and PostgreSQL: flag, assign, erase, hand over, dispose.

Most steps run the real ``ecoparc`` command in-process (click's runner, same code
path as the installed command, no interpreter start-up per step); the JSON
contract and the refusal are also checked in a real process.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from cli.main import cli
from fleet.db import get_engine, session_scope
from fleet.entities import add_entity
from fleet.models import Device, DeviceEvent, Disposal, Need
from fleet.report_data import disposals_frame
from fleet.reuse import ReuseError, add_need, assign, dispose, needs_frame, record_erasure

FLAG_KEYS = {
    "device_id",
    "serial",
    "entity",
    "category",
    "purchase_date",
    "route",
    "reason",
    "partner",
}


def ecoparc(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--lang", "fr", *args], catch_exceptions=False)


def _seed(url: str) -> None:
    """Two communes; a retired laptop, a broken desktop, a lot of 6 monitors in stock."""
    with session_scope(get_engine(url), commit=True) as session:
        grenoble = add_entity(session, "Grenoble")
        add_entity(session, "Échirolles")
        session.add_all(
            [
                Device(
                    entity_id=grenoble.id,
                    category="laptop",
                    serial="=CMD|calc",
                    model="Latitude",
                    manufacturer="Dell",
                    purchase_date=date(2019, 3, 1),
                    status="retired",
                    retirement_date=date(2024, 6, 1),
                    cpu="Intel Core i5-8350U",
                    ram_gb=8,
                    storage_gb=256,
                    tpm="2.0",
                    price_eur=900,
                ),
                Device(
                    entity_id=grenoble.id,
                    category="desktop",
                    serial="PC-HS",
                    status="broken",
                    purchase_date=date(2018, 1, 1),
                    weight_kg=7.0,
                ),
                Device(
                    entity_id=grenoble.id,
                    category="monitor",
                    quantity=6,
                    status="in_stock",
                    purchase_date=date(2020, 1, 1),
                    model="P2419H",
                    manufacturer="Dell",
                ),
            ]
        )


def test_flag_assign_erase_handover_dispose(migrated_url: str, tmp_path: Path) -> None:
    url = migrated_url
    _seed(url)
    assert (
        ecoparc(
            url, "reuse", "partners", "add", "Hinaura", "--kind", "association", "--linux"
        ).exit_code
        == 0
    )
    assert (
        ecoparc(
            url,
            "reuse",
            "partners",
            "add",
            "Ecologic",
            "--kind",
            "eco_organism",
            "--pickup-kg",
            "250",
        ).exit_code
        == 0
    )
    added = ecoparc(
        url, "reuse", "needs", "add", "Échirolles", "--category", "monitor", "--quantity", "2"
    )
    assert added.exit_code == 0, added.output

    flagged = ecoparc(url, "reuse", "flag", "--format", "json")
    assert flagged.exit_code == 0, flagged.output
    candidates = json.loads(flagged.stdout)
    assert all(FLAG_KEYS <= set(c) for c in candidates)
    routes = {(c["serial"], c["route"], c["quantity"]) for c in candidates}
    assert ("=CMD|calc", "donation", 1) in routes
    assert ("PC-HS", "weee_recycling", 1) in routes
    assert (None, "internal_redeploy", 2) in routes  # two monitors of the lot for Échirolles
    laptop = next(c for c in candidates if c["serial"] == "=CMD|calc")
    assert laptop["partner"] == "Hinaura" and laptop["purchase_date"] == "2019-03-01"

    # The matching assigns the two monitors: the lot is split.
    matched = ecoparc(url, "reuse", "match", "--apply", "--format", "json")
    assert matched.exit_code == 0, matched.output
    assert [m["quantity"] for m in json.loads(matched.stdout)["matches"]] == [2]

    assert (
        ecoparc(
            url,
            "reuse",
            "assign",
            "1",
            "--channel",
            "donation",
            "--partner",
            "hinaura",
            "--value",
            "0",
        ).exit_code
        == 0
    )
    refused = ecoparc(url, "reuse", "handover", "Hinaura", "-o", str(tmp_path / "slip.xlsx"))
    assert refused.exit_code == 1
    assert "aucun effacement des données enregistré" in refused.output
    assert "=CMD|calc" in refused.output
    assert not (tmp_path / "slip.xlsx").exists()
    not_yet = ecoparc(url, "reuse", "dispose", "1")
    assert not_yet.exit_code == 1 and "remise refusée" in not_yet.output

    erased = ecoparc(
        url,
        "reuse",
        "erase",
        "=CMD|calc",
        "--method",
        "secure_erase",
        "--certificate",
        "+CERT-2025-001",
    )
    assert erased.exit_code == 0, erased.output
    slip_path = tmp_path / "slip.xlsx"
    written = ecoparc(url, "reuse", "handover", "Hinaura", "-o", str(slip_path))
    assert written.exit_code == 0, written.output

    sheet = openpyxl.load_workbook(slip_path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "N° appareil"))
    device_row = rows[header + 1]
    assert device_row[0] == 1 and device_row[5] == "=CMD|calc"
    assert device_row[10] == "+CERT-2025-001"
    assert "effacement sécurisé" in device_row[9]
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row}
    serial_cell = next(c for c in cells.values() if c.value == "=CMD|calc")
    assert serial_cell.data_type == "s"  # text, not a formula
    assert any(r[0] == "Signature" for r in rows)
    assert any(r[0] == "Destinataire" and r[1] == "Hinaura" for r in rows)

    done = ecoparc(url, "reuse", "dispose", "1", "--proof", "ATT-42", "--date", "2025-02-10")
    assert done.exit_code == 0, done.output

    with session_scope(get_engine(url), commit=True) as session:
        laptop_row = session.get(Device, 1)
        assert laptop_row is not None and laptop_row.status == "disposed"
        kinds = list(
            session.scalars(
                select(DeviceEvent.kind).where(DeviceEvent.device_id == 1).order_by(DeviceEvent.id)
            )
        )
        assert kinds == ["reuse_assign", "reuse_erase", "reuse_dispose"]
        disposal = session.scalars(select(Disposal).where(Disposal.device_id == 1)).one()
        assert (disposal.disposed_on, disposal.proof_reference) == (date(2025, 2, 10), "ATT-42")
        assert disposal.retired_on == date(2024, 6, 1)
        lot = session.get(Device, 3)
        assert lot is not None and lot.quantity == 4 and lot.status == "in_stock"
        moved = session.scalars(select(Device).where(Device.quantity == 2)).one()
        assert moved.status == "reuse_pending"
        need = session.scalars(select(Need)).one()
        assert need.status == "fulfilled"

    rate = ecoparc(url, "reuse", "rate", "--year", "2025", "--format", "json")
    assert rate.exit_code == 0, rate.output
    document = json.loads(rate.stdout)
    grenoble = next(r for r in document["rows"] if r["entity"] == "Grenoble")
    # B: the laptop retired in 2024 (the broken desktop has no retirement date);
    # A: the laptop donated in 2025.
    assert (grenoble["reused"], grenoble["retired_stock"], grenoble["rate_pct"]) == (1, 1, 100.0)
    assert document["target_pct"] == 50


def test_internal_redeployment_moves_the_device(migrated_url: str) -> None:
    _seed(migrated_url)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        disposal = assign(session, "=CMD|calc", "internal_redeploy", "test", to_entity="Échirolles")
        with pytest.raises(ReuseError, match="aucun effacement"):
            dispose(session, 1, "test")
        record_erasure(session, 1, "crypto_erase", "BITLOCKER-KEY-DESTROYED", "test")
        dispose(session, 1, "test", on=date(2025, 5, 1))
        device = session.get(Device, 1)
        assert device is not None
        assert (device.status, device.retirement_date) == ("in_service", None)
        assert device.entity_id == disposal.to_entity_id != disposal.from_entity_id
        kinds = list(
            session.scalars(
                select(DeviceEvent.kind).where(DeviceEvent.device_id == 1).order_by(DeviceEvent.id)
            )
        )
        assert kinds == ["reuse_assign", "reuse_erase", "transfer", "reuse_dispose"]


def test_disposals_frame_all_exits_or_the_pending_queue(migrated_url: str) -> None:
    _seed(migrated_url)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        assign(session, 1, "sale", "test")
        assign(session, 2, "weee_recycling", "test")
        record_erasure(session, 1, "secure_erase", "CERT-1", "test")
        dispose(session, 1, "test", on=date(2025, 3, 1))
        every = disposals_frame(session)
        pending = disposals_frame(session, pending=True)
        scoped = disposals_frame(session, ["Échirolles"])
    assert every["device_id"].tolist() == [1, 2]
    assert every["erasure_method"].tolist()[0] == "secure_erase"
    assert every["disposed_on"].tolist()[0] == pd.Timestamp("2025-03-01")
    assert (every["from_entity"] == "Grenoble").all()
    assert pending["device_id"].tolist() == [2]
    assert pending["channel"].tolist() == ["weee_recycling"]
    assert pending["partner_id"].isna().all() and pending["erasure_method"].isna().all()
    assert scoped.empty and scoped["device_id"].dtype == "int64"


def test_refusals_leave_nothing_behind(migrated_url: str) -> None:
    _seed(migrated_url)
    # The second device is unknown: the whole command is refused, the first not assigned.
    result = ecoparc(migrated_url, "reuse", "assign", "1", "NOPE", "--channel", "sale")
    assert result.exit_code == 1
    assert "introuvable" in result.output
    assert (
        ecoparc(
            migrated_url, "reuse", "assign", "3", "--channel", "sale", "--quantity", "9"
        ).exit_code
        == 1
    )
    assert (
        ecoparc(migrated_url, "reuse", "assign", "1", "--channel", "internal_redeploy").exit_code
        == 1
    )
    assert (
        ecoparc(
            migrated_url, "reuse", "needs", "add", "Nulle-part", "--category", "laptop"
        ).exit_code
        == 1
    )
    assert (
        ecoparc(
            migrated_url, "reuse", "erase", "1", "--method", "secure_erase", "--certificate", "X"
        ).exit_code
        == 1
    )  # not assigned yet
    with session_scope(get_engine(migrated_url), commit=True) as session:
        assert session.scalars(select(Disposal)).all() == []
        assert session.get(Device, 1).status == "retired"  # type: ignore[union-attr]
        assert needs_frame(session).empty


def test_needs_partially_served(migrated_url: str) -> None:
    _seed(migrated_url)
    with session_scope(get_engine(migrated_url), commit=True) as session:
        need = add_need(session, "Échirolles", "monitor", quantity=10)
        assign(session, 3, "internal_redeploy", "test", need_id=need.id, quantity=4)
        row = needs_frame(session).iloc[0]
        assert (row["status"], row["assigned"], row["remaining"]) == ("partially_fulfilled", 4, 6)


def test_weee_batches_and_rules_errors(migrated_url: str, tmp_path: Path) -> None:
    _seed(migrated_url)
    batches = ecoparc(migrated_url, "reuse", "weee", "--format", "json")
    assert batches.exit_code == 0, batches.output
    document = json.loads(batches.stdout)
    assert [(b["eco_organism"], b["device_ids"], b["ready"]) for b in document] == [
        ("Ecologic", [2], False)
    ]
    assert document[0]["weight_kg"] == 7.0
    bad = tmp_path / "bad.toml"
    bad.write_text("[age\n", encoding="utf-8")
    assert ecoparc(migrated_url, "reuse", "flag", "--rules", str(bad)).exit_code == 2
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[age]\nmax_reuse_years = -1\n", encoding="utf-8")
    assert ecoparc(migrated_url, "reuse", "flag", "--rules", str(wrong)).exit_code == 1


def test_json_and_refusal(sqlite_url: str, tmp_path: Path) -> None:
    from fleet.schema import upgrade

    upgrade(sqlite_url, backup=False)
    _seed(sqlite_url)
    with session_scope(get_engine(sqlite_url), commit=True) as session:
        assign(session, 1, "sale", "test")

    flagged = ecoparc(sqlite_url, "reuse", "flag", "--format", "json")
    assert flagged.exit_code == 0, flagged.stderr
    assert {c["route"] for c in json.loads(flagged.stdout)} <= {
        "internal_redeploy",
        "public_transfer",
        "donation",
        "sale",
        "weee_recycling",
    }
    refused = ecoparc(sqlite_url, "reuse", "dispose", "1")
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert "aucun effacement des données enregistré" in refused.stderr


def test_a_split_lot_keeps_natural_keys_unique(migrated_url: str) -> None:
    from fleet.db import get_engine, session_scope
    from fleet.lifecycle import find_device
    from fleet.models import Device, Entity
    from fleet.reuse import split_lot

    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.add(Entity(name="Grenoble"))
        session.flush()
        lot = Device(
            entity_id=1, category="monitor", asset_tag="LOT-7", name="ecrans-b2", quantity=12
        )
        session.add(lot)
        session.flush()
        part = split_lot(session, lot, 4, actor="test")
        assert (lot.quantity, part.quantity) == (8, 4)
        assert part.asset_tag == f"LOT-7/{part.id}" and part.name == f"ecrans-b2/{part.id}"
        assert find_device(session, "LOT-7").id == lot.id
        assert find_device(session, f"LOT-7/{part.id}").id == part.id
