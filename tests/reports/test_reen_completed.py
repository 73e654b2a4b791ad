"""The four REEN indicators of the DINUM guide that completed the set: users per
shared printer, retired stock on 1 January, share of the fleet upgraded rather
than replaced, share of eco-labelled purchases — per entity and consolidated,
with the previous year beside them in the workbook and their definitions on its
method sheet; upgrades recorded from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hand_fleet import HAND_DISPOSALS, HAND_ROWS, make_frame
from openpyxl import load_workbook

from cli.main import cli
from factors.ecolabels import eco_labels
from fleet.db import get_engine, session_scope
from fleet.lifecycle import LifecycleError
from fleet.models import Device, Entity
from fleet.report_data import upgrade_events
from fleet.upgrades import record_upgrade
from footprint.indicators.reen import (
    CONSOLIDATED,
    INDICATOR_BY_CODE,
    build_reen,
    reuse_figures,
)
from footprint.reports.reen_xlsx import write_reen_xlsx

TODAY = date(2026, 3, 1)
FOUR = ("users_per_printer", "retired_stock_share", "upgraded_share", "ecolabel_purchase_share")


def _frame() -> pd.DataFrame:
    """The hand fleet (devices 1–13) with eco-labels, a personal printer and retired stock."""
    rows = [dict(row) for row in HAND_ROWS]
    rows[3]["eco_label"] = "TCO Certified Generation 9"  # the 4 monitors bought in 2024
    rows[4]["eco_label"] = "Non"  # the refurbished smartphone bought in 2024
    rows[7]["eco_label"] = "EPEAT Gold"  # donated in 2024: not a purchase
    rows[11]["eco_label"] = "Blauer Engel"  # Beta's laptop bought in 2023
    rows += [
        # 14, 15: retired in 2023, still held (one with classified data, outside the decree's B)
        {"purchase_date": "2018-01-01", "retirement_date": "2023-06-01", "status": "retired"},
        {
            "purchase_date": "2019-01-01",
            "retirement_date": "2023-09-01",
            "status": "retired",
            "classified": True,
        },
        # 16: a personal printer (a user of its own): not a shared one
        {"category": "printer", "user_key": "u1", "purchase_date": "2022-01-01"},
    ]
    frame = make_frame(rows)
    frame["eco_label"] = frame["eco_label"].astype("str")
    return frame


UPGRADES = pd.DataFrame(
    {
        "device_id": [1, 2, 9],
        "at": pd.to_datetime(["2024-05-01", "2023-05-01", "2024-02-01"]),
        "component": ["ram", "storage", "battery"],
    }
)


@pytest.fixture
def report(builtin, entities):
    return build_reen(
        _frame(),
        builtin,
        2024,
        entities,
        reuse=reuse_figures(HAND_DISPOSALS),
        span=1,
        today=TODAY,
        upgrades=UPGRADES,
    )


def test_the_four_indicators_per_entity_and_consolidated(report) -> None:
    v = report.current.values
    # users u1..u4 of Alpha; its printers: one shared, one personal (u1's)
    assert v.at["Alpha", "users_per_printer"] == pytest.approx(4.0)
    assert v.at[CONSOLIDATED, "users_per_printer"] == pytest.approx(6.0)
    assert np.isnan(v.at["Beta", "users_per_printer"])
    # retired stock on 1 January 2024: devices 14 and 15 (15 outside the decree's B),
    # against the fleet Alpha then held plus that stock
    assert v.at["Alpha", "retired_stock_units"] == 2
    assert v.at["Alpha", "reuse_stock"] == 1
    held = 8  # laptops 1-3, smartphone 6, printers 7 and 16, devices 9 and 10 (retired in 2024)
    assert v.at["Alpha", "retired_stock_share"] == pytest.approx(2 / (held + 2))
    assert v.at["Beta", "retired_stock_share"] == 0.0
    assert v.at[CONSOLIDATED, "retired_stock_share"] == pytest.approx(2 / (held + 2 + 2))
    # upgraded in 2024 and in service on 31/12: device 1 only (9 was retired in 2024)
    assert v.at["Alpha", "upgraded_units"] == 1
    assert v.at["Alpha", "devices_in_service"] == 12
    assert v.at["Alpha", "upgraded_share"] == pytest.approx(1 / 12)
    assert v.at["Beta", "upgraded_share"] == 0.0
    assert v.at[CONSOLIDATED, "upgraded_share"] == pytest.approx(1 / 14)
    # 2024 purchases of Alpha: 4 labelled monitors + 1 unlabelled smartphone (the gift aside)
    assert v.at["Alpha", "ecolabel_purchases"] == 4
    assert v.at["Alpha", "ecolabel_purchase_share"] == pytest.approx(0.8)
    assert np.isnan(v.at["Beta", "ecolabel_purchase_share"])  # bought nothing in 2024
    assert v.at[CONSOLIDATED, "ecolabel_purchase_share"] == pytest.approx(0.8)


def test_the_previous_year(report) -> None:
    before = report.previous.values
    assert before.at["Alpha", "upgraded_units"] == 1  # device 2, in 2023
    assert before.at["Beta", "ecolabel_purchase_share"] == 1.0  # Blauer Engel in 2023
    assert before.at["Alpha", "retired_stock_units"] == 0  # nothing retired before 2023


def test_without_upgrade_records_or_labels_the_indicators_are_unknown(builtin, entities) -> None:
    reen = build_reen(make_frame(HAND_ROWS), builtin, 2024, entities, span=0, today=TODAY)
    v = reen.current.values
    for code in ("upgraded_share", "ecolabel_purchase_share", "retired_stock_share"):
        assert v[code].isna().all()
    # A database where no upgrade was ever recorded, an eco-label column left empty
    # (what an inventory without that column gives): unknown, not 0 %.
    frame = make_frame(HAND_ROWS).assign(eco_label=pd.Series(dtype="str"))
    nothing = UPGRADES.iloc[0:0]
    reen = build_reen(frame, builtin, 2024, entities, span=0, today=TODAY, upgrades=nothing)
    v = reen.current.values
    for code in ("upgraded_units", "upgraded_share", "ecolabel_purchases"):
        assert v[code].isna().all(), code
    assert v["ecolabel_purchase_share"].isna().all()


def test_eco_label_texts() -> None:
    assert eco_labels("EPEAT Gold ; TCO Certified Gen 9") == ("EPEAT", "TCO Certified")
    assert eco_labels("Der Blaue Engel") == ("Blue Angel",)
    assert eco_labels("Écolabel européen") == ("EU Ecolabel",)
    assert eco_labels("Ange bleu") == ("Blue Angel",)
    assert eco_labels("Gold") == ("EPEAT",)  # an « EPEAT » column holding the tier
    for text in ("Non", "Energy Star", "", "aucun", "ecolabel"):
        assert eco_labels(text) == ()


def test_workbook_shows_them_with_the_previous_year_and_definitions(report, tmp_path: Path) -> None:
    path = tmp_path / "reen.xlsx"
    write_reen_xlsx(report, path, "Toutes les entités")
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == "Méthode"
    for sheet, scope in (("Indicateurs", CONSOLIDATED), ("Alpha", "Alpha"), ("Beta", "Beta")):
        rows = list(wb[sheet].iter_rows(values_only=True))
        header = next(r for r in rows if r[0] == "Indicateur")
        assert header[5] == "Année précédente (2023)"
        by_code = {r[6]: r for r in rows if r and len(r) > 6 and r[6] in FOUR}
        assert set(by_code) == set(FOUR)
        for code in FOUR:
            row = by_code[code]
            assert row[0] == INDICATOR_BY_CODE[code].fr
            now = report.current.value(code, scope)
            then = report.previous.value(code, scope)
            assert (row[1] is None) == np.isnan(now)
            assert row[1] is None or row[1] == pytest.approx(now)
            assert row[5] is None or row[5] == pytest.approx(then)
    method = {r[3]: r for r in wb["Méthode"].iter_rows(min_row=2, values_only=True)}
    for code in FOUR:
        assert method[code][2] == INDICATOR_BY_CODE[code].definition_fr != ""
    assert all(row[2] for row in method.values())  # every indicator is defined


@pytest.fixture
def fleet_db(migrated_url: str) -> str:
    with session_scope(get_engine(migrated_url), commit=True) as session:
        session.add(Entity(name="Grenoble"))
        session.flush()
        session.add(
            Device(
                entity_id=1,
                category="laptop",
                serial="S1",
                ram_gb=8,
                purchase_date=date(2021, 1, 1),
            )
        )
    return migrated_url


def test_upgrades_recorded_and_read_back(fleet_db: str) -> None:
    with session_scope(get_engine(fleet_db), commit=True) as session:
        record_upgrade(session, "S1", "ram", "test", on=date(2024, 5, 2), capacity=16)
        record_upgrade(session, "S1", "battery", "test", on=date(2025, 1, 7))
        with pytest.raises(LifecycleError, match="composant inconnu"):
            record_upgrade(session, "S1", "gpu", "test")
        with pytest.raises(LifecycleError, match="antérieure à l'acquisition"):
            record_upgrade(session, "S1", "ram", "test", on=date(2020, 1, 1))
        with pytest.raises(LifecycleError, match="pas de capacité"):
            record_upgrade(session, "S1", "battery", "test", capacity=50)
    with session_scope(get_engine(fleet_db)) as session:
        assert session.get(Device, 1).ram_gb == 16
        events = upgrade_events(session)
    assert events["component"].tolist() == ["ram", "battery"]
    assert events["at"].dt.date.tolist() == [date(2024, 5, 2), date(2025, 1, 7)]


def test_devices_upgrade_command(fleet_db: str) -> None:
    def run(*args: str):
        return CliRunner().invoke(cli, ["--db", fleet_db, "--lang", "fr", "devices", *args])

    done = run("upgrade", "S1", "--component", "storage", "--capacity", "512", "--on", "03/02/2025")
    assert done.exit_code == 0, done.output
    assert "mise à niveau stockage" in done.output
    refused = run("upgrade", "S9", "--component", "ram")
    assert refused.exit_code == 1 and "introuvable" in refused.output
    bad_day = run("upgrade", "S1", "--component", "ram", "--on", "hier")
    assert bad_day.exit_code == 2 and "date invalide" in bad_day.output
    with session_scope(get_engine(fleet_db)) as session:
        assert session.get(Device, 1).storage_gb == 512
        assert upgrade_events(session)["at"].dt.date.tolist() == [date(2025, 2, 3)]


def test_users_per_printer_is_unknown_without_any_user(builtin, entities) -> None:
    frame = make_frame([{"category": "printer", "purchase_date": "2022-01-01"}, {}])
    reen = build_reen(frame, builtin, 2024, entities, span=0, today=TODAY)
    assert np.isnan(reen.current.value("users_per_printer", "Alpha"))
