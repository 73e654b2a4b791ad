"""A month of real use loses nothing (issue 13, precedence and identity).

A commune imports its GLPI export, donates devices through erasure, hand-over and
proof, transfers some to another commune, splits a lot, corrects models by hand,
then imports the same export again and next month's export. The rows and
devices the scenario acts on are picked from whatever export it is given, so
the same story runs on any GLPI file of ``samples/``.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from import_support import invoke, manifest
from openpyxl import load_workbook
from sqlalchemy import func, select

from fleet import lifecycle, reuse
from fleet.db import get_engine, session_scope
from fleet.models import Device, DeviceEvent, Disposal, ImportBatch, ImportIssue

ROWS = 120
LOT_QUANTITY = 20


def _glpi_files(folder: Path) -> list[str]:
    return [f["file"] for f in manifest(folder)["files"] if f["file"].startswith("glpi-")]


def _read(path: Path) -> tuple[list[str], list[list[str]], str]:
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "cp1252"
    rows = list(csv.reader(raw.decode(encoding).splitlines(), delimiter=";"))
    return rows[0], rows[1:], encoding


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL).writerows([header, *rows])
    return path


def _column(header: list[str], *names: str) -> int:
    folded = [h.casefold() for h in header]
    for name in names:
        if name.casefold() in folded:
            return folded.index(name.casefold())
    raise AssertionError(f"no column among {names} in {header}")


@pytest.fixture(params=["glpi-grenoble.csv"])
def export(request: pytest.FixtureRequest, samples_dir: Path, tmp_path: Path) -> dict[str, object]:
    """The first ROWS serialised rows of a GLPI export, plus a lot of docking stations."""
    assert request.param in _glpi_files(samples_dir)
    header, rows, encoding = _read(samples_dir / request.param)
    serial = _column(header, "Numéro de série")
    tag = _column(header, "Numéro d'inventaire")
    kept = [r for r in rows if r[serial].strip() and r[tag].strip()][:ROWS]
    header = [*header, "Quantité"]
    kept = [[*r, "1"] for r in kept]
    lot = list(kept[0])
    lot[_column(header, "Nom")] = "LOT-STATIONS-ACCUEIL"
    lot[serial] = ""
    lot[tag] = "LOT-2026-001"
    lot[_column(header, "Type")] = "Station d'accueil"
    lot[_column(header, "Modèle")] = "Dock USB-C"
    lot[-1] = str(LOT_QUANTITY)
    kept.append(lot)
    return {"header": header, "rows": kept, "encoding": encoding, "serial": serial}


def _devices(url: str) -> dict[int, Device]:
    with session_scope(get_engine(url)) as session:
        return {d.id: d for d in session.scalars(select(Device))}


@pytest.mark.slow
def test_a_month_of_use_loses_nothing(db: str, export: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    header, rows, encoding = export["header"], export["rows"], export["encoding"]
    serial = export["serial"]
    first = _write(tmp_path / "glpi-novembre.csv", header, rows, encoding)  # type: ignore[arg-type]

    # 1. First import.
    done = invoke(db, "import", str(first), "--entity", "Grenoble", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["created"] == len(rows)  # type: ignore[arg-type]
    with session_scope(get_engine(db)) as session:
        by_serial = {d.serial: d.id for d in session.scalars(select(Device)) if d.serial}
        lot_id = session.scalar(select(Device.id).where(Device.asset_tag == "LOT-2026-001"))
    status = _column(header, "Statut")  # type: ignore[arg-type]
    # Devices in service in the file (a row the file itself retires is no longer expected).
    serials = [r[serial] for r in rows[:-1] if r[status] == "En service"]  # type: ignore[index]
    assert len(serials) >= 41
    donated, moved = serials[:10], serials[10:15]
    edited, changed, gone = serials[15:18], serials[20:25], serials[30:32]

    # 2. The commune's month in ecoparc.
    with session_scope(get_engine(db), commit=True) as session:
        reuse.add_partner(session, "Hinaura", "association", categories=None)
        for s in donated:
            reuse.assign(session, s, "donation", "agent", partner="Hinaura", on=date(2026, 3, 2))
            reuse.record_erasure(session, s, "cspn_software", f"CERT-{s}", "agent")
            reuse.dispose(session, s, "agent", on=date(2026, 3, 12))
            reuse.record_proof(session, s, f"ATT-{s}", "agent")
        for s in moved:
            lifecycle.transfer(session, s, "Échirolles", "agent")
        lot = session.get(Device, lot_id)
        assert lot is not None
        part = reuse.split_lot(session, lot, 5, "agent")
        part_id = part.id
        for s in edited:
            lifecycle.update_field(session, s, "model", f"Modèle corrigé {s}", "agent")

    # 3. The same export again: nothing revived, duplicated or overwritten.
    again = invoke(db, "import", str(first), "--entity", "Grenoble", "--format", "json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert (report["created"], report["updated"]) == (0, 0), report
    assert len(report["conflicts"]) == 15
    assert report["held"] == 3 + 1  # three models and the lot's quantity
    assert report["missing"] == []

    # 4. Next month's export: 5 rows changed, 3 new, 2 gone.
    os_column = _column(header, "Système d'exploitation - Nom")  # type: ignore[arg-type]
    place = _column(header, "Lieu")  # type: ignore[arg-type]
    second_rows = [list(r) for r in rows if r[serial] not in gone]  # type: ignore[union-attr]
    for r in second_rows:
        if r[serial] in changed:
            r[os_column] = "Debian GNU/Linux 13"
            r[place] = "Maison des habitants Chorier-Berriat"
    for n in range(3):
        new = list(second_rows[40])
        new[serial] = f"NEWSN{n:04d}"
        new[_column(header, "Numéro d'inventaire")] = f"INV-NOUVEAU-{n}"  # type: ignore[arg-type]
        new[_column(header, "Nom")] = f"PC-NOUVEAU-{n}"  # type: ignore[arg-type]
        second_rows.append(new)
    second = _write(tmp_path / "glpi-decembre.csv", header, second_rows, encoding)  # type: ignore[arg-type]

    preview = invoke(db, "import", str(second), "--entity", "Grenoble", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "sorti du parc le 12/03/2026 : don à Hinaura" in preview.output
    assert "appartient à Échirolles depuis le transfert du" in preview.output
    assert "modifié dans ecoparc" in preview.output
    assert "absent du fichier" in preview.output

    rejects = tmp_path / "conflits.xlsx"
    final = invoke(
        db,
        "import",
        str(second),
        "--entity",
        "Grenoble",
        "--rejects",
        str(rejects),
        "--format",
        "json",
    )
    assert final.exit_code == 0, final.output
    report = json.loads(final.output)
    assert (report["created"], report["updated"]) == (3, 5), report
    assert len(report["conflicts"]) == 15
    assert sorted(m["device_id"] for m in report["missing"]) == sorted(by_serial[s] for s in gone)
    assert all("absent du fichier" in m["reason"] for m in report["missing"])
    sheet = load_workbook(rejects).active
    assert sheet is not None
    listed = list(sheet.iter_rows(values_only=True))
    assert listed[0][1] == "Nature" and {r[1] for r in listed[1:]} == {"conflit"}
    assert len(listed) == 1 + 15

    # 5. Afterwards.
    devices = _devices(db)
    assert len(devices) == len(rows) + 1 + 3  # type: ignore[arg-type]  # + the split part, + 3 new
    with session_scope(get_engine(db)) as session:
        assert session.scalar(
            select(func.count()).select_from(Device).where(Device.serial_key.is_not(None))
        ) == len({d.serial_key for d in devices.values() if d.serial_key})
    for s in donated:
        device = devices[by_serial[s]]
        assert (device.status, device.retirement_date) == ("disposed", date(2026, 3, 2))
    for s in moved:
        assert devices[by_serial[s]].entity_id != devices[by_serial[serials[40]]].entity_id
    assert (devices[lot_id].quantity, devices[part_id].quantity) == (LOT_QUANTITY - 5, 5)
    for s in edited:
        assert devices[by_serial[s]].model == f"Modèle corrigé {s}"
    for s in changed:
        assert devices[by_serial[s]].os == "Debian GNU/Linux 13"
    for s in gone:
        assert devices[by_serial[s]].status != "retired"  # reported, not retired by default

    # 6. The audit history tells the whole story.
    with session_scope(get_engine(db)) as session:
        batches = {b.id: b.file_name for b in session.scalars(select(ImportBatch))}
        assert sorted(set(batches.values())) == ["glpi-decembre.csv", "glpi-novembre.csv"]

        def story(serial_number: str) -> list[tuple[str, str | None]]:
            events = session.scalars(
                select(DeviceEvent)
                .where(DeviceEvent.device_id == by_serial[serial_number])
                .order_by(DeviceEvent.id)
            )
            return [(e.kind, batches.get(e.batch_id) if e.batch_id else None) for e in events]

        assert story(donated[0]) == [
            ("create", "glpi-novembre.csv"),
            ("reuse_assign", None),
            ("reuse_erase", None),
            ("reuse_dispose", None),
            ("reuse_proof", None),
        ]
        assert story(moved[0]) == [("create", "glpi-novembre.csv"), ("transfer", None)]
        assert story(edited[0]) == [("create", "glpi-novembre.csv"), ("update", None)]
        assert story(changed[0]) == [
            ("create", "glpi-novembre.csv"),
            ("update", "glpi-decembre.csv"),
        ]
        assert session.scalar(select(func.count()).select_from(Disposal)) == 10
        conflicts = session.scalars(
            select(ImportIssue.reason).where(ImportIssue.reason.like("conflit%"))
        ).all()
        assert len(conflicts) == 2 * 15


def test_accept_transfer_and_prefer_file(db: str, tmp_path: Path) -> None:
    """``--accept-transfer`` records the transfer; ``--prefer-file`` gives the file back
    the descriptive fields, never the lifecycle."""
    text = (
        "Nom;Fabricant;Modèle;Type;Numéro de série;Numéro d'inventaire\n"
        "PC-1;Dell;Latitude 5420;Portable;SN\u200b 0001;INV-1\n"
        "PC-2;Dell;Latitude 5420;Portable;SN-0002;INV-2\n"
    )
    path = tmp_path / "parc.csv"
    path.write_text(text, encoding="utf-8")
    assert invoke(db, "import", str(path), "--entity", "Grenoble").exit_code == 0
    with session_scope(get_engine(db), commit=True) as session:
        lifecycle.update_field(session, "INV-1", "model", "Latitude 5430", "agent")
        lifecycle.set_status(session, "INV-1", "broken", "agent")
    # The same serial, typed differently (full-width digits, spaces), in Échirolles' file.
    other = tmp_path / "echirolles.csv"
    other.write_text(text.replace("SN\u200b 0001", "sn ０００１"), encoding="utf-8")
    refused = invoke(db, "import", str(other), "--entity", "Échirolles", "--format", "json")
    report = json.loads(refused.output)
    assert report["created"] == 0 and len(report["conflicts"]) == 2
    assert "appartient à Grenoble" in report["conflicts"][0]["reason"]

    moved = invoke(
        db, "import", str(other), "--entity", "Échirolles", "--accept-transfer", "--prefer-file"
    )
    assert moved.exit_code == 0, moved.output
    assert "transferts acceptés : 2" in moved.output
    devices = list(_devices(db).values())
    assert len(devices) == 2
    first = next(d for d in devices if d.asset_tag == "INV-1")
    assert (first.model, first.status) == ("Latitude 5420", "broken")
    with session_scope(get_engine(db)) as session:
        kinds = session.scalars(
            select(DeviceEvent.kind)
            .where(DeviceEvent.device_id == first.id)
            .order_by(DeviceEvent.id)
        ).all()
    assert kinds == ["create", "update", "status", "transfer", "update"]


def test_missing_retire(db: str, tmp_path: Path) -> None:
    path = tmp_path / "parc.csv"
    path.write_text("Nom;Type;Numéro de série\nPC-1;Portable;A1\nPC-2;Portable;A2\n", "utf-8")
    assert invoke(db, "import", str(path), "--entity", "Grenoble").exit_code == 0
    path.write_text("Nom;Type;Numéro de série\nPC-1;Portable;A1\n", "utf-8")
    done = invoke(db, "import", str(path), "--entity", "Grenoble", "--missing", "retire")
    assert done.exit_code == 0, done.output
    assert "retiré : appareil n° 2 (PC-2 / A2) absent du fichier" in done.output
    statuses = {d.serial: d.status for d in _devices(db).values()}
    assert statuses == {"A1": "in_service", "A2": "retired"}
