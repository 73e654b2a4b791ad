"""The stored devices a row may be by its serial, whatever their entity
(diff.load_candidates, diff.match_few): one query whatever the number of serials,
through the unique index of makers and serials for a few, by one pass over the
table for many (diff.INDEXED_SERIALS). Both give every device carrying one of the
serials outside the entities named, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from fleet.db import get_engine, session_scope
from fleet.importing import diff, run_import

DEVICES = 60


def _import(url: str, folder: Path) -> None:
    lines = ["Nom;Numéro de série;Fabricant;Modèle;Type"]
    lines += [
        f"PC-{i};SN-{i:04d};{('Dell', 'HP', '')[i % 3]};M{i};Portable" for i in range(DEVICES)
    ]
    path = folder / "parc.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with session_scope(get_engine(url), commit=True) as session:
        assert run_import(session, path, entity="Grenoble").created == DEVICES


@pytest.mark.parametrize("many", [False, True], ids=["a few serials", "many serials"])
def test_devices_elsewhere_are_found_by_their_serial(db: str, tmp_path: Path, many: bool) -> None:
    _import(db, tmp_path)
    wanted = ["SN-0003", "SN-0004", "SN-0005", "SN-9999"]
    if many:
        wanted += [f"ABSENT-{i}" for i in range(diff.INDEXED_SERIALS)]
    with session_scope(get_engine(db)) as session:
        (where, _params), *others = diff.serial_queries(session, wanted, [999])
        # The makers enumerated for a few serials on SQLite only (diff._by_makers).
        by_makers = not many and session.get_bind().dialect.name == "sqlite"
        assert not others and (diff.EVERY_MAKER in where) is by_makers
        found = diff.load_candidates(session, wanted, [999])
        assert sorted(found["serial_key"]) == ["SN-0003", "SN-0004", "SN-0005"]
        assert set(found["maker_key"]) == {"DELL", "HP", ""}
        # Outside the devices' own entity: none.
        grenoble = int(found["entity_id"].iloc[0])
        assert diff.load_candidates(session, wanted, [grenoble]).empty
        # match_few finds them the same way, whatever their entity.
        rows = pd.DataFrame(
            {
                "entity_id": pd.array([999] * len(wanted), dtype="Int64"),
                "serial_key": wanted,
                "maker_key": [""] * len(wanted),
                "tag_key": [None] * len(wanted),
                "name_key": [None] * len(wanted),
            }
        )
        ids = diff.match_few(session, rows, [999])
        assert ids.notna().tolist() == [True, True, True] + [False] * (len(wanted) - 3)


def test_names_are_matched_as_python_folds_them(db: str, tmp_path: Path) -> None:
    """A row known by its name finds the device whose name folds to the same key in
    Python (``strip().upper()``), whatever the database's own folding does with its
    case, its surrounding white space or its accents: match_few gives what matching
    with every device of the entity gives."""
    _import(db, tmp_path)
    odd = {
        "PC-1": "pc-1",
        "PC-2": "\tPC-2 ",
        "PC-3": " Pc-3\x1f",
        "PC-4": "pc\t-4",
        "PC-5": "écran-5",
        "PC-6": "\u00a0pc-6",
    }
    with session_scope(get_engine(db), commit=True) as session:
        for old, new in odd.items():
            session.execute(
                text(
                    "UPDATE device SET name = :new, serial_key = NULL, tag_key = NULL "
                    "WHERE name = :old"
                ),
                {"new": new, "old": old},
            )
    keys = ["PC-1", "PC-2", "PC-3", "PC\t-4", "ÉCRAN-5", "PC-6", "PC-7", "INCONNU"]
    with session_scope(get_engine(db)) as session:
        entity = int(session.scalar(text("SELECT entity_id FROM device LIMIT 1")))
        rows = pd.DataFrame(
            {
                "entity_id": pd.array([entity] * len(keys), dtype="Int64"),
                "serial_key": [None] * len(keys),
                "maker_key": [""] * len(keys),
                "tag_key": [None] * len(keys),
                "name_key": keys,
            }
        )
        every = diff.fetch_devices(session, diff.MATCH_COLUMNS, [(f"entity_id = {entity}", ())])
        for column in ("id", "entity_id"):
            every[column] = every[column].astype("Int64")
        expected = diff.match(rows, every)
        found = diff.match_few(session, rows, [entity])
    assert found.tolist() == expected.tolist()
    assert found.notna().tolist() == [True] * 7 + [False]
