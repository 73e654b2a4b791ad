"""Two devices of different serials never share an asset tag in an entity: the
database refuses it (unique index), so the import says which row and why instead of
failing at the insertion (docs/import.md, « Identité d'un appareil »)."""

from __future__ import annotations

from pathlib import Path

from import_support import counts, invoke
from sqlalchemy import select

from fleet.db import get_engine, session_scope
from fleet.importing import run_import
from fleet.importing.diff import TAG_TAKEN
from fleet.models import Device

HEADER = "entity,name,serial,asset_tag,category,manufacturer,model,purchase_date\n"


def _csv(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def _import(url: str, path: Path):  # type: ignore[no-untyped-def]
    with session_scope(get_engine(url), commit=True) as session:
        return run_import(session, path)


def test_a_new_row_with_a_stored_devices_tag_is_a_conflict(db: str, tmp_path: Path) -> None:
    first = _csv(tmp_path / "a.csv", "Grenoble,PC-1,SN-AAA,INV-1,laptop,Dell,Latitude,2022-01-01")
    _import(db, first)
    # Another serial under the same tag (a relabelled device, a typo), and a clean row.
    second = _csv(
        tmp_path / "b.csv",
        "Grenoble,PC-2,SN-BBB, inv-1 ,laptop,Dell,Latitude,2023-01-01",
        "Grenoble,PC-3,SN-CCC,INV-3,laptop,Dell,Latitude,2023-01-01",
        # The same tag in another entity is another device's business: imported.
        "Échirolles,PC-4,SN-DDD,INV-1,laptop,Dell,Latitude,2023-01-01",
    )
    result = _import(db, second)
    assert (result.created, result.rejected) == (2, 0)
    assert [(c.row, c.reason) for c in result.conflicts] == [(2, TAG_TAKEN)]
    with session_scope(get_engine(db)) as session:
        stored = session.scalars(select(Device).order_by(Device.id)).all()
        assert [(d.serial, d.asset_tag) for d in stored] == [
            ("SN-AAA", "INV-1"),
            ("SN-CCC", "INV-3"),
            ("SN-DDD", "INV-1"),
        ]


def test_two_rows_of_one_file_sharing_a_tag(db: str, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "a.csv",
        "Grenoble,PC-1,SN-AAA,INV-1,laptop,Dell,Latitude,2022-01-01",
        "Grenoble,PC-2,SN-BBB,INV-1,laptop,Dell,Latitude,2022-01-01",
        "Grenoble,PC-3,,INV-1,laptop,Dell,Latitude,2022-01-01",
        "Échirolles,PC-4,SN-DDD,INV-1,laptop,Dell,Latitude,2022-01-01",
    )
    result = _import(db, path)
    # The second serial is another device: refused; the row without a serial is the
    # first row's device, named twice.
    assert (result.created, result.rejected) == (2, 2)
    assert [r.reason for r in result.rejections] == [
        "numéro d'inventaire « INV-1 » déjà présent ligne 2 pour la même entité",
        "désigne le même appareil que la ligne 2",
    ]
    assert counts(db)["device"] == 2


def test_a_row_without_serial_before_one_with_the_same_tag(db: str, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "a.csv",
        "Grenoble,PC-1,,INV-1,laptop,Dell,Latitude,2022-01-01",
        "Grenoble,PC-2,SN-BBB,INV-1,laptop,Dell,Latitude,2022-01-01",
    )
    result = _import(db, path)
    assert (result.created, result.rejected) == (1, 1)
    assert [r.reason for r in result.rejections] == ["désigne le même appareil que la ligne 2"]


def test_the_command_says_it_in_one_line_per_row(db: str, tmp_path: Path) -> None:
    _import(db, _csv(tmp_path / "a.csv", "Grenoble,PC-1,SN-AAA,INV-1,laptop,Dell,X,2022-01-01"))
    path = _csv(tmp_path / "b.csv", "Grenoble,PC-2,SN-BBB,INV-1,laptop,Dell,X,2023-01-01")
    ran = invoke(db, "import", str(path))
    assert ran.exit_code == 0, ran.output
    assert "Traceback" not in ran.output
    assert f"conflit ligne 2 : appareil n° 1 {TAG_TAKEN}" in ran.output
