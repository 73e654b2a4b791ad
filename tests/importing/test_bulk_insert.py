"""New devices go in as a few bulk statements on both backends, whatever columns each
row leaves empty (docs/performance.md, « Écriture d'un import »).

The ORM's bulk insert leaves out a row's None values, so rows with different empty
columns each became an INSERT of their own on PostgreSQL: 20,000 round trips for a
20,000-row file (8× the SQLite import). Counted here with the engine's own events.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from import_support import sent_statements
from sqlalchemy import func, select

from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.models import Device
from samples import write_large

ROWS = 400


def test_new_devices_are_written_in_bulk(db: str, tmp_path: Path) -> None:
    csv = tmp_path / write_large(ROWS, tmp_path)["files"]["csv"]["file"]
    source = pd.read_csv(csv, dtype="str", keep_default_na=False)
    empties = {tuple(row) for row in (source == "").itertuples(index=False)}
    assert len(empties) > 1, "the generated rows must leave different columns empty"

    engine = get_engine(db)
    with sent_statements(db) as statements, session_scope(engine, commit=True) as session:
        result = run_import(session, csv, create_entities=True)

    assert (result.created, result.rejected) == (ROWS, 0)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO DEVICE ")]
    # (SQLite stages the rows through the DBAPI cursor: none of them is seen here.)
    assert len(inserts) <= 5, f"{len(inserts)} INSERT statements for {ROWS} rows"
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Device)) == result.created
        # An empty price stays NULL, a filled one is kept: NULLs bound, not values shifted.
        priced = session.scalar(select(func.count()).where(Device.price_eur.is_not(None)))
    assert priced == int((source["price_eur"] != "").sum())
