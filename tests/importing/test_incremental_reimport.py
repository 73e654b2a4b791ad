"""Incremental re-import (issue 16 item 3; docs/import.md, « Réimport incrémental »).

An unchanged file into an unchanged database is recognised at once and changes
nothing; a changed file only compares the rows whose hash changed, and its
dry-run diff and rejects are exactly those of a full comparison: each scenario is
planned twice on the same database, with the stored row hashes and without them.
SQLite and PostgreSQL (``db`` runs on both).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_support import counts, invoke
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fleet import lifecycle
from fleet.db import get_engine, session_scope
from fleet.importing import precedence, readers, run_import
from fleet.models import Device, DeviceEvent, ImportBatch

HEADER = ["Nom", "Numéro de série", "Numéro d'inventaire", "Type", "Fabricant", "Modèle"]
HEADER += ["Date d'achat"]
ROWS = 40
TODAY = date(2026, 12, 3)


def _rows() -> list[list[str]]:
    rows = [
        [f"PC-{i:03d}", f"SN{i:05d}", f"INV-{i:04d}", "Ordinateur portable", "Dell"]
        + ["Latitude 5420", "12/03/2022"]
        for i in range(ROWS)
    ]
    rows.append(["", "", "", "Écran", "Dell", "P2422H", "01/02/2023"])  # no identity: rejected
    rows.append(["PC-FUT", "SNFUT", "INV-FUT", "Écran", "Dell", "P2422H", "01/01/2099"])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *rows])
    return path


def _import(url: str, path: Path, **options: Any) -> Any:
    with session_scope(get_engine(url), commit=True) as session:
        return run_import(session, path, entity="Grenoble", today=TODAY, **options)


def _plan(url: str, path: Path, *, hashes: bool, today: date = TODAY) -> Any:
    """A dry run, with the stored row hashes or as if none were stored (rolled back)."""
    with Session(get_engine(url)) as session:
        if not hashes:
            session.execute(update(Device).values(import_row_hash=None))
        result = run_import(session, path, entity="Grenoble", today=today, dry_run=True)
        session.rollback()
    return result


def _same(incremental: Any, full: Any) -> None:
    """The same plan, field by field, and the same rejects file rows."""
    left, right = incremental.as_dict(), full.as_dict()
    assert incremental.skipped > 0 and full.skipped == 0
    left.pop("skipped"), right.pop("skipped")
    assert left == right
    assert incremental.options == full.options
    pd.testing.assert_frame_equal(incremental.rejected_rows, full.rejected_rows)


def _snapshot(url: str) -> dict[int, tuple[Any, ...]]:
    with session_scope(get_engine(url)) as session:
        return {
            d.id: (d.updated_at, d.model, d.status, d.import_row_hash)
            for d in session.scalars(select(Device))
        }


def test_an_unchanged_file_is_recognised_at_once(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "parc.csv", _rows())
    first = _import(db, path)
    assert (first.created, first.rejected) == (ROWS, 2)
    before, tables = _snapshot(db), counts(db)

    again = _import(db, path)
    assert again.same_as == first.batch_id and not again.committed
    assert (again.created, again.updated, again.unchanged) == (0, 0, ROWS)
    assert [r.as_dict() for r in again.rejections] == [r.as_dict() for r in first.rejections]
    assert _snapshot(db) == before and counts(db) == tables  # not even a batch recorded
    assert _import(db, path, dry_run=True).same_as == first.batch_id

    # Another entity's import leaves this file's scope alone: still recognised.
    other = _write(tmp_path / "autre.csv", [["E-1", "SNE1", "E1", "Écran", "HP", "E24", ""]])
    with session_scope(get_engine(db), commit=True) as session:
        run_import(session, other, entity="Échirolles", today=TODAY)
    assert _import(db, path).same_as == first.batch_id

    # A device edited in ecoparc since: the file is read and compared again.
    with session_scope(get_engine(db), commit=True) as session:
        lifecycle.update_field(session, "SN00003", "model", "Latitude 7420", actor="agent")
    held = _import(db, path)
    assert held.same_as is None and held.committed and held.held == 1
    assert held.skipped == ROWS - 1  # every row but the edited device's


def test_a_changed_file_only_compares_what_changed(db: str, tmp_path: Path) -> None:
    rows = _rows()
    path = _write(tmp_path / "parc.csv", rows)
    _import(db, path)
    with session_scope(get_engine(db), commit=True) as session:
        lifecycle.update_field(session, "SN00012", "model", "Latitude 5430", actor="agent")
        lifecycle.set_status(session, "SN00014", "retired", actor="agent")
    rows[3][5] = "Latitude 5440"  # a model changed in the file
    rows[5][0] = "PC-005-BIS"  # a name changed in the file
    rows[12][5] = "Latitude 5421"  # the file disagrees with a field edited in ecoparc
    rows.append(["PC-NEW", "SN99999", "INV-9999", "Ordinateur portable", "HP"] + ["", ""])
    rows.append(["PC-007-COPIE", "SN00007", "", "Ordinateur portable", "Dell", "", ""])
    path = _write(tmp_path / "parc-2.csv", rows)

    incremental, full = _plan(db, path, hashes=True), _plan(db, path, hashes=False)
    _same(incremental, full)
    assert (incremental.created, incremental.updated) == (1, 2)
    assert incremental.held == 1 and len(incremental.conflicts) == 1
    assert incremental.skipped == ROWS - 4  # rows 3, 5, 12 (held) and 14 (conflict) compared

    done = _import(db, path)
    assert (done.created, done.updated, done.unchanged, done.rejected) == (
        incremental.created,
        incremental.updated,
        incremental.unchanged,
        incremental.rejected,
    )
    # The next import of this file compares only the rows ecoparc still owns.
    again = _import(db, path)
    assert again.same_as is None and again.skipped == ROWS - 1  # 12 held, 14 conflict


def test_a_changed_row_naming_an_unchanged_rows_device(db: str, tmp_path: Path) -> None:
    """A new row that is the device of an unchanged row earlier in the file: the
    duplicate is the later row, exactly as a full comparison finds it."""
    rows = _rows()
    path = _write(tmp_path / "parc.csv", rows)
    _import(db, path)
    rows.insert(2, ["", "", "INV-0010", "Ordinateur portable", "Dell", "Latitude 5420", ""])
    path = _write(tmp_path / "parc-2.csv", rows)
    incremental, full = _plan(db, path, hashes=True), _plan(db, path, hashes=False)
    assert incremental.as_dict() | {"skipped": 0} == full.as_dict()
    pd.testing.assert_frame_equal(incremental.rejected_rows, full.rejected_rows)
    assert any("désigne le même appareil" in r.reason for r in incremental.rejections)


def test_command_says_so_and_exits_0(db: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "parc.csv", _rows())
    assert invoke(db, "import", str(path), "--entity", "Grenoble").exit_code == 0
    again = invoke(db, "import", str(path), "--entity", "Grenoble")
    assert again.exit_code == 0, again.output
    assert "fichier identique à celui du lot d'import n° 1" in again.output
    assert "rien à importer" in again.output
    with session_scope(get_engine(db)) as session:
        assert len(session.scalars(select(ImportBatch)).all()) == 1
    # A rejects file quotes the rejected cells: the file is read again for it.
    rejects = tmp_path / "rejets.xlsx"
    listed = invoke(db, "import", str(path), "--entity", "Grenoble", "--rejects", str(rejects))
    assert listed.exit_code == 0 and rejects.exists(), listed.output
    assert "fichier identique" not in listed.output


def _written(url: str, path: Path, *, hashes: bool, today: date = TODAY) -> Any:
    """A real import, rolled back: (result, the devices as stored, the import's events),
    with the stored row hashes or as if none were stored. Devices by serial or name
    (ids and batch numbers come from sequences PostgreSQL does not roll back)."""
    table = Device.__table__
    left_out = {"id", "batch_id", "created_at", "updated_at", "import_row_at", "import_row_hash"}
    columns = [c for c in table.columns if c.name not in left_out]
    with Session(get_engine(url)) as session:
        if not hashes:
            session.execute(update(Device).values(import_row_hash=None))
        result = run_import(session, path, entity="Grenoble", today=today)
        names = {
            i: (s or n)
            for i, s, n in session.execute(select(Device.id, Device.serial, Device.name))
        }
        devices = sorted(map(tuple, session.execute(select(*columns)).all()), key=repr)
        events = sorted(
            (
                (
                    names[d],
                    kind,
                    json.dumps(before, sort_keys=True),
                    json.dumps(after, sort_keys=True),
                )
                for d, kind, before, after in session.execute(
                    select(
                        DeviceEvent.device_id,
                        DeviceEvent.kind,
                        DeviceEvent.before,
                        DeviceEvent.after,
                    )
                    .join(ImportBatch, ImportBatch.id == DeviceEvent.batch_id)
                    .where(ImportBatch.file_name == path.name)
                )
            ),
        )
        session.rollback()
    return result, devices, events


def _same_import(url: str, path: Path, today: date = TODAY) -> Any:
    """The import of ``path`` with the stored hashes plans, writes and reports exactly
    what a full comparison does; returns the incremental result."""
    incremental, full = (
        _plan(url, path, hashes=True, today=today),
        _plan(url, path, hashes=False, today=today),
    )
    assert incremental.as_dict() | {"skipped": 0} == full.as_dict() | {"skipped": 0}
    assert incremental.options == full.options
    pd.testing.assert_frame_equal(incremental.rejected_rows, full.rejected_rows)
    (done, *stored), (whole, *expected) = (
        _written(url, path, hashes=True, today=today),
        _written(url, path, hashes=False, today=today),
    )
    assert done.as_dict() | {"skipped": 0, "batch_id": 0} == whole.as_dict() | {
        "skipped": 0,
        "batch_id": 0,
    }
    assert stored == expected
    return incremental


def test_rows_recognised_by_their_hash_are_checked_against_the_rest(
    db: str, tmp_path: Path
) -> None:
    """Rows recognised by their hash are not read again, but the file's duplicate
    check, the devices the changed rows designate, the import's day and the devices
    the file no longer lists treat them as a full import does."""
    rows = _rows()
    rows.append(["PC-JUIN", "SNJUIN", "INV-JUIN", "Écran", "Dell", "P2422H", "01/06/2026"])
    # Devices known by their name only (one not in plain ASCII).
    rows.append(["Écran accueil", "", "", "Écran", "Dell", "P2422H", ""])
    rows.append(["PC-SANS", "", "", "Écran", "Dell", "P2422H", ""])
    _import(db, _write(tmp_path / "parc.csv", rows))

    # A new row repeating the serial of an unchanged row above it: it is the duplicate.
    later = [*rows, ["PC-BIS", "SN00004", "INV-BIS", "Écran", "Dell", "P2422H", ""]]
    result = _same_import(db, _write(tmp_path / "apres.csv", later))
    assert result.skipped >= ROWS - 1
    assert any("déjà présent ligne 6" in r.reason for r in result.rejections)

    # The same row above it: the unchanged row is now the duplicate (every row compared).
    earlier = [rows[0], ["PC-BIS", "SN00004", "INV-BIS", "Écran", "Dell", "P2422H", ""], *rows[1:]]
    result = _same_import(db, _write(tmp_path / "avant.csv", earlier))
    assert any(r.row == 7 and "déjà présent ligne 3" in r.reason for r in result.rejections)

    # A changed row and a device the file no longer lists.
    fewer = [r[:] for r in rows if r[1] != "SN00020"]
    fewer[2][5] = "Latitude 7420"
    fewer[-1][5] = fewer[-2][5] = "P2423H"
    result = _same_import(db, _write(tmp_path / "moins.csv", fewer))
    assert (result.created, result.updated) == (0, 3) and [m.label for m in result.missing] == [
        "PC-020 / SN00020 / INV-0020"
    ]

    # Earlier in the same year, the June purchase is in the future: rejected again.
    result = _same_import(db, _write(tmp_path / "mars.csv", fewer), today=date(2026, 3, 1))
    assert any("dans le futur" in r.reason for r in result.rejections)


def test_what_depends_on_every_row_is_decided_on_the_whole_file(db: str, tmp_path: Path) -> None:
    """A storage type column empty on the rows compared but not on a recognised one
    is not read from the storage cells; the prices converted from TTC are those of
    the whole file."""
    header = ["Nom", "Numéro de série", "Type", "Fabricant", "Modèle"]
    header += ["Stockage", "Type de stockage", "Prix TTC"]
    rows = [
        [f"PC-{i}", f"SN{i}", "Ordinateur portable", "Dell", "Latitude 5420", "512 Go SSD"]
        + ["SSD" if i == 0 else "", "1 200,00"]
        for i in range(6)
    ]

    def write(name: str) -> Path:
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([header, *rows])
        return tmp_path / name

    _import(db, write("parc.csv"))
    rows[3][4] = "Latitude 7420"
    result = _same_import(db, write("parc-2.csv"))
    assert result.updated == 1 and result.skipped == 5
    assert result.options["prices_converted_to_ht"] == 6
    assert set(result.preview[0]["changes"]) == {"model"}


def test_changed_rows_find_their_device_by_serial_tag_or_name(db: str, tmp_path: Path) -> None:
    """The few changed rows are matched with only the devices sharing one of their
    keys (diff.match_few: serials and tags first, then names for the rows neither
    found): a row whose new serial matches nothing is the device known by its name
    (in another case), as in a full comparison."""
    rows = _rows()
    rows.append(["Poste-Accueil", "", "", "Écran", "Dell", "P2422H", ""])
    rows.append(["Borne", "", "INV-BORNE", "Écran", "Dell", "P2422H", ""])
    _import(db, _write(tmp_path / "parc.csv", rows))
    rows[-2][:2] = ["POSTE-ACCUEIL", "SNACC"]  # serial given to the device known by name
    rows[-1][5] = "P2423H"  # known by its asset tag
    rows[4][5] = "Latitude 7420"  # known by its serial
    result = _same_import(db, _write(tmp_path / "apres.csv", rows))
    assert (result.created, result.updated) == (0, 3) and result.skipped == ROWS - 1


def test_a_stored_hash_ecoparc_did_not_write_is_never_taken(db: str, tmp_path: Path) -> None:
    """A row hash changed by hand in the database (not a number after the context's
    characters) is read without failing, and never matches a row: the import plans
    what a full comparison plans."""
    rows = _rows()
    _import(db, _write(tmp_path / "parc.csv", rows))
    with session_scope(get_engine(db), commit=True) as session:
        stored = session.scalars(select(Device).where(Device.serial == "SN00002")).one()
        stored.import_row_hash = (stored.import_row_hash or "")[:12] + "pas un nombre"
        stored.import_row_at = stored.updated_at
    rows[3][5] = "Latitude 7420"
    path = _write(tmp_path / "apres.csv", rows)
    incremental, full = _plan(db, path, hashes=True), _plan(db, path, hashes=False)
    assert incremental.as_dict() | {"skipped": 0} == full.as_dict() | {"skipped": 0}
    assert incremental.updated == 1 and incremental.skipped == ROWS - 2


def test_rows_compared_whole_are_stamped_for_the_next_import(db: str, tmp_path: Path) -> None:
    """A file compared row by row (no stored hash matches: the first re-import after an
    upgrade of ecoparc) stores each unchanged row's hash on its device, its
    ``updated_at`` left as it was: the next import recognises them."""
    rows = _rows()
    _import(db, _write(tmp_path / "parc.csv", rows))
    with session_scope(get_engine(db), commit=True) as session:
        session.execute(update(Device).values(import_row_hash=None, import_row_at=None))
    before = _snapshot(db)
    rows[7][5] = "Latitude 7420"
    whole = _import(db, _write(tmp_path / "parc-2.csv", rows))
    assert (whole.skipped, whole.updated, whole.unchanged) == (0, 1, ROWS - 1)
    after = _snapshot(db)
    for device, (updated_at, model, _status, row_hash) in after.items():
        assert row_hash, device
        if model != "Latitude 7420":
            assert updated_at == before[device][0]
    with session_scope(get_engine(db)) as session:
        stamped = session.execute(select(Device.updated_at, Device.import_row_at)).all()
    assert all(updated == stamped_at for updated, stamped_at in stamped)
    rows[9][5] = "Latitude 7420"
    again = _import(db, _write(tmp_path / "parc-3.csv", rows))
    assert again.updated == 1 and again.skipped == ROWS - 1


def test_a_csv_row_is_recognised_by_its_line(db: str, tmp_path: Path) -> None:
    """A CSV file of one record per line hashes each row's line as written
    (incremental.row_hashes): a line written otherwise with the same cells (quoted,
    spaces around a cell) is compared again and found unchanged; a file whose
    records span lines hashes their cells."""
    rows = _rows()
    path = _write(tmp_path / "parc.csv", rows)
    _import(db, path)
    # Saved again with other line ends (« \n » for « \r\n »), two lines written otherwise.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace("PC-003", '"PC-003"')
    lines[5] = lines[5].replace("PC-004", "  PC-004 ")
    other = tmp_path / "parc-2.csv"
    other.write_text("".join(lines), encoding="utf-8")
    assert b"\r\n" in path.read_bytes() and b"\r\n" not in other.read_bytes()
    result = _same_import(db, other)
    assert (result.updated, result.created, result.unchanged) == (0, 0, ROWS)
    assert result.skipped == ROWS - 2

    spanning = tmp_path / "parc-3.csv"
    spanning.write_text(
        "".join(lines[:-1]) + 'PC-NOTE;SN77777;INV-7777;Écran;Dell;"P24\n22H";\n',
        encoding="utf-8",
    )
    table = readers.read_table(spanning)
    assert table.line_hashes is None and readers.read_table(other).line_hashes is not None
    assert _same_import(db, spanning).skipped == 0  # cells hashed: not the lines stored


def test_a_file_with_a_future_date_is_read_again_another_day(db: str, tmp_path: Path) -> None:
    """The day a batch checked its dates against is the import's day (``today``), not
    the clock's: the same day, the file is recognised at once whatever the time; on
    another day, its row dated in the future may be due, and the file is read."""
    path = _write(tmp_path / "parc.csv", _rows())
    first = _import(db, path)
    assert first.rejected == 2
    assert _import(db, path, dry_run=True).same_as == first.batch_id
    with session_scope(get_engine(db)) as session:
        later = run_import(session, path, entity="Grenoble", today=date(2026, 12, 4), dry_run=True)
    assert later.same_as is None and later.rejected == 2


def test_a_changed_row_sharing_a_recognised_rows_asset_tag(db: str, tmp_path: Path) -> None:
    """Two rows of an entity sharing an asset tag, one recognised by its hash: the later
    one is refused (both carry serials) or names the earlier one's device (one has
    none), exactly as when every row is compared (validate._shared_tags)."""
    rows = _rows()
    _import(db, _write(tmp_path / "parc.csv", rows))
    # A new device carrying the tag of an unchanged row above it, under another serial.
    later = [*rows, ["PC-TAG", "SN88888", "INV-0004", "Écran", "Dell", "P2422H", ""]]
    result = _same_import(db, _write(tmp_path / "apres.csv", later))
    assert result.skipped >= ROWS - 1
    assert any("INV-0004" in str(r.value) and "ligne 6" in r.reason for r in result.rejections)
    # The same row above it: the unchanged row is the later one, refused in its turn.
    earlier = [rows[0], later[-1], *rows[1:]]
    result = _same_import(db, _write(tmp_path / "avant.csv", earlier))
    assert any(r.row == 7 and "ligne 3" in r.reason for r in result.rejections)
    # Without a serial, the new row names the unchanged row's device.
    unnamed = [*rows, ["PC-TAG", "", "INV-0004", "Écran", "Dell", "P2422H", ""]]
    result = _same_import(db, _write(tmp_path / "sans.csv", unnamed))
    assert any("désigne le même appareil que la ligne 6" in r.reason for r in result.rejections)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_rows_of_a_file_in_another_encoding_are_recognised(
    db: str, tmp_path: Path, encoding: str
) -> None:
    """A Windows-1252 file's rows are hashed as the bytes of their lines, a UTF-16
    file's as their text (readers._line_hashes): either way an unchanged line is
    recognised, a changed one compared, as a full comparison plans."""
    rows = [*_rows(), ["Poste Éloïse", "SNELO", "INV-ELO", "Écran", "Dell", "P2422H", ""]]

    def write(name: str) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=";").writerows([HEADER, *rows])
        return path

    assert readers.read_table(write("parc.csv")).encoding == encoding
    _import(db, write("parc.csv"))
    rows[-1][5] = "P2423H"
    result = _same_import(db, write("parc-2.csv"))
    assert (result.updated, result.skipped) == (1, ROWS)


def test_what_a_reimport_writes_reads_back_as_sqlalchemy_stores_it(db: str, tmp_path: Path) -> None:
    """The changed devices and their events (on SQLite written through the driver,
    pipeline._write_rows) read back as written, dates, times and JSON stored in
    SQLAlchemy's own text as a device edited in ecoparc stores them, and the devices
    are recognised at the next import."""
    rows = _rows()
    _import(db, _write(tmp_path / "parc.csv", rows))
    with session_scope(get_engine(db), commit=True) as session:
        lifecycle.update_field(session, "SN00001", "model", "Latitude 7420", actor="agent")
    rows[3][5], rows[3][6] = "Latitude 5440", "15/04/2023"
    assert _import(db, _write(tmp_path / "parc-2.csv", rows)).updated == 1
    engine = get_engine(db)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            stored = dict(
                connection.exec_driver_sql(
                    "SELECT serial, updated_at || ' ' || import_row_at || ' ' || purchase_date "
                    "FROM device WHERE serial IN ('SN00001', 'SN00003')"
                ).all()
            )
            kinds = connection.exec_driver_sql(
                "SELECT typeof(before), typeof(after) FROM device_event "
                "WHERE kind = 'update' AND batch_id IS NOT NULL"
            ).all()
        stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"
        assert re.fullmatch(f"({stamp}) \\S+ \\S+ 2022-03-12", stored["SN00001"])  # the ORM's
        written = re.fullmatch(f"({stamp}) ({stamp}) 2023-04-15", stored["SN00003"])
        assert written and written[1] == written[2] and kinds == [("text", "text")]
    with session_scope(engine) as session:
        event = session.scalars(
            select(DeviceEvent).where(DeviceEvent.kind == "update", DeviceEvent.batch_id > 0)
        ).one()
        assert event.before == {"model": "Latitude 5420", "purchase_date": "2022-03-12"}
        assert event.after == {"model": "Latitude 5440", "purchase_date": "2023-04-15"}
        device = session.scalars(select(Device).where(Device.serial == "SN00003")).one()
        assert device.purchase_date == date(2023, 4, 15)
    assert _import(db, _write(tmp_path / "parc-3.csv", rows)).skipped == ROWS - 1


def test_devices_the_file_no_longer_lists_among_many_gaps(db: str, tmp_path: Path) -> None:
    """Every other device left out of the file: the matched ids make more ranges than the
    absent-device query writes out (precedence._RUNS), and go as one parameter; the
    devices reported are the same either way."""
    rows = [
        [f"P-{i:03d}", f"SNP{i:04d}", f"INVP-{i:03d}", "Écran", "Dell", "P2422H", ""]
        for i in range(150)
    ]
    _import(db, _write(tmp_path / "parc.csv", rows))
    kept = rows[::2]
    kept[1][5] = "P2423H"
    result = _same_import(db, _write(tmp_path / "moitie.csv", kept))
    assert [m.label for m in result.missing] == [
        f"P-{i:03d} / SNP{i:04d} / INVP-{i:03d}" for i in range(1, 150, 2)
    ]
    # Three rows: three ranges, written out in the query.
    result = _same_import(db, _write(tmp_path / "trois.csv", kept[:3]))
    assert len(result.missing) == 147


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.integers(1, 60), max_size=40))
def test_matched_ids_as_ranges(ids: list[int]) -> None:
    runs = precedence.id_runs(np.array(ids, dtype=np.int64))
    assert [i for low, high in runs for i in range(low, high + 1)] == sorted(set(ids))
    assert all(low <= high for low, high in runs)
    assert all(b[0] > a[1] + 1 for a, b in zip(runs, runs[1:], strict=False))
