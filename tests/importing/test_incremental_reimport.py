"""Incremental re-import (issue 16 item 3; docs/import.md, « Réimport incrémental »).

An unchanged file into an unchanged database is recognised at once and changes
nothing; a changed file only compares the rows whose hash changed, and its
dry-run diff and rejects are exactly those of a full comparison: each scenario is
planned twice on the same database, with the stored row hashes and without them.
SQLite and PostgreSQL (``db`` runs on both).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from import_support import counts, invoke
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fleet import lifecycle
from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.models import Device, ImportBatch

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


def _plan(url: str, path: Path, *, hashes: bool) -> Any:
    """A dry run, with the stored row hashes or as if none were stored (rolled back)."""
    with Session(get_engine(url)) as session:
        if not hashes:
            session.execute(update(Device).values(import_row_hash=None))
        result = run_import(session, path, entity="Grenoble", today=TODAY, dry_run=True)
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
