"""Who is a candidate to leave, and why (docs/regulation.md §7); the spare pool;
a device younger than its lifespan never leaves without an explicit reason; the
sample fleet's candidates counted by reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from factors.builtin import load_builtin
from fleet.db import dispose_engines, get_engine, session_scope
from fleet.queries import fleet_frame
from fleet.reuse import needs_frame, partners_frame
from footprint.reuse import CANDIDATE_REASONS, candidate_counts, load_rules, route_devices

from .conftest import AS_OF, fleet, needs, partners

LINUX = {"name": "Linux Solidaire", "kind": "association", "installs_linux": True}
OLD_CPU = "Intel Core i5-6500"

# id, device, expected reason codes ('|'), words in the French motives
REASONS: list[tuple[str, dict[str, Any], str, str]] = [
    ("in-service-working", {"age": 2, "status": "in_service"}, "", ""),
    ("in-stock-is-the-spare-pool", {"age": 1, "status": "in_stock"}, "", ""),
    ("old-spare-in-good-condition", {"age": 7, "status": "in_stock", "condition": "Bon"}, "", ""),
    ("retired", {"age": 2, "status": "retired"}, "retired", "statut « retiré »"),
    ("broken", {"age": 2, "status": "broken"}, "broken", "hors d'usage (statut « en panne »)"),
    (
        "condition-out-of-order",
        {"age": 2, "status": "in_service", "condition": "HS"},
        "broken",
        "hors d'usage (état « HS »)",
    ),
    (
        "flagged",
        {"age": 2, "status": "in_service", "reuse_flagged": True},
        "flagged",
        "signalé à la main",
    ),
    (
        "retirement-in-two-months",
        {"age": 3, "status": "in_service", "retirement_date": AS_OF + timedelta(days=60)},
        "retirement_planned",
        "retrait prévu le 29/08/2026",
    ),
    (
        "retirement-in-two-years",
        {"age": 3, "status": "in_service", "retirement_date": AS_OF + timedelta(days=730)},
        "",
        "",
    ),
    (
        "returned",
        {"age": 3, "status": "in_stock", "condition": "Restitué"},
        "returned",
        "rendu par son utilisateur (état « Restitué »)",
    ),
    (
        "no-windows-11",
        {"age": 3, "status": "in_service", "cpu": OLD_CPU},
        "windows11",
        "non éligible à Windows 11",
    ),
    (
        "no-windows-11-runs-linux",
        {"age": 3, "status": "in_service", "cpu": OLD_CPU, "os": "Ubuntu 24.04"},
        "",
        "",
    ),
    (
        "past-lifespan-worn",
        {"age": 5, "status": "in_service", "condition": "Moyen"},
        "past_lifespan",
        "5,0 ans pour une durée de vie de 4,0 ans, état « Moyen »",
    ),
    ("past-lifespan-in-good-condition", {"age": 5, "status": "in_service"}, "", ""),
    (
        "several-reasons",
        {"age": 6, "status": "retired", "condition": "usé", "cpu": OLD_CPU},
        "retired|windows11|past_lifespan",
        "statut « retiré » ; non éligible à Windows 11",
    ),
    ("already-assigned", {"age": 6, "status": "reuse_pending", "reuse_flagged": True}, "", ""),
]


@pytest.mark.parametrize(
    ("device", "codes", "words"), [pytest.param(*case[1:], id=case[0]) for case in REASONS]
)
def test_candidate_reasons(factor_set, device: dict[str, Any], codes: str, words: str) -> None:
    routed = route_devices(fleet(device), factor_set=factor_set, as_of=AS_OF)
    if not codes:
        assert routed.empty
        return
    row = routed.iloc[0]
    assert row["candidate_reasons"] == codes
    assert row["candidate_reason"] == codes.split("|")[0]
    assert words in row["motives"]


def test_reasons_in_english(factor_set) -> None:
    routed = route_devices(
        fleet({"age": 6, "status": "retired", "condition": "worn"}),
        factor_set=factor_set,
        as_of=AS_OF,
        lang="en",
    )
    assert routed["motives"].iloc[0] == (
        "status 'retired' ; 6.0 years for a lifespan of 4.0 years, condition 'worn'"
    )


def test_entity_policy_keeps_pcs_that_cannot_run_windows_11(tmp_path: Path, factor_set) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text('[windows11.entity_policy]\nMeylan = "keep"\n', encoding="utf-8")
    devices = fleet(
        {"age": 3, "status": "in_service", "cpu": OLD_CPU},
        {"age": 3, "status": "in_service", "cpu": OLD_CPU, "entity": "Meylan", "entity_id": 3},
    )
    routed = route_devices(devices, load_rules(rules_file), factor_set=factor_set, as_of=AS_OF)
    assert routed["device_id"].tolist() == [1]
    bad = tmp_path / "bad.toml"
    bad.write_text('[windows11]\npolicy = "linux"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="windows11.policy"):
        load_rules(bad)


def test_a_working_device_younger_than_its_lifespan_goes_back_to_the_spare_pool(
    factor_set,
) -> None:
    # A ThinkPad bought five months ago and retired by mistake: back to stock, not sold.
    routed = route_devices(
        fleet({"age": 5 / 12, "status": "retired", "model": "ThinkPad T14"}),
        factor_set=factor_set,
        as_of=AS_OF,
    )
    row = routed.iloc[0]
    assert (row["route"], row["reason_code"]) == ("spare_pool", "younger_than_lifespan")
    assert "plus jeune que la durée de vie de sa catégorie (4,0 ans)" in row["reason"]
    assert "retour au stock de réserve" in row["reason"]


def test_young_devices_leave_only_with_an_explicit_reason(factor_set) -> None:
    routed = route_devices(
        fleet(
            {"age": 2, "status": "broken"},
            {"age": 2, "status": "retired", "classified": True},
            {"age": 2, "status": "retired", "cpu": OLD_CPU},
            {"age": 2, "status": "retired"},
        ),
        partners=partners(LINUX),
        factor_set=factor_set,
        as_of=AS_OF,
    )
    assert routed[["route", "reason_code"]].values.tolist() == [
        ["weee_recycling", "not_working"],
        ["weee_recycling", "classified"],
        ["sale", "young"],
        ["spare_pool", "younger_than_lifespan"],
    ]
    assert "non éligible à Windows 11" in routed["reason"].iloc[2]


def test_a_spare_leaves_the_pool_only_for_another_entitys_need(factor_set) -> None:
    devices = fleet(
        {"age": 2, "status": "in_stock", "category": "monitor", "quantity": 5, "cpu": None},
        {"age": 2, "status": "in_stock"},
    )
    routed = route_devices(
        devices,
        needs=needs({"category": "monitor", "quantity": 2}),
        factor_set=factor_set,
        as_of=AS_OF,
    )
    assert routed[["device_id", "quantity", "route", "candidate_reasons"]].values.tolist() == [
        [1, 2, "internal_redeploy", "spare_for_need"]
    ]
    assert "répond au besoin n° 1 de « Échirolles »" in routed["reason"].iloc[0]
    assert route_devices(devices, factor_set=factor_set, as_of=AS_OF).empty


def test_candidates_counted_by_reason(factor_set) -> None:
    routed = route_devices(
        fleet(
            {"age": 6, "status": "retired", "condition": "usé", "quantity": 3},
            {"age": 2, "status": "broken"},
            {"age": 2, "status": "in_stock"},
        ),
        factor_set=factor_set,
        as_of=AS_OF,
    )
    counts = candidate_counts(routed).set_index("reason")
    assert list(counts.index) == [*CANDIDATE_REASONS, "total"]
    assert counts.loc["retired", ["devices", "units"]].tolist() == [1, 3]
    assert counts.loc["past_lifespan", ["devices", "units"]].tolist() == [1, 3]
    assert counts.loc["broken", ["devices", "units"]].tolist() == [1, 1]
    assert counts.loc["total", ["devices", "units"]].tolist() == [2, 4]
    assert counts.loc["retired", "label"] == "retiré du service"


def test_sample_fleet_departures_are_plausible(demo_template: Path) -> None:
    """On ``ecoparc init --demo``: no device in stock without a reason of its own, no
    device younger than its lifespan leaving without an explicit reason, every
    candidate with its reasons, and the candidates counted by reason."""
    url = f"sqlite:///{demo_template}"
    try:
        with session_scope(get_engine(url)) as session:
            devices = fleet_frame(session)
            routed = route_devices(
                devices,
                needs=needs_frame(session),
                partners=partners_frame(session),
                factor_set=load_builtin(),
            )
    finally:
        dispose_engines()
    assert (routed["candidate_reasons"] != "").all() and (routed["motives"] != "").all()
    spares = routed.loc[routed["candidate_reasons"] == "spare_for_need"]
    assert (spares["status"] == "in_stock").all()
    assert (spares["route"] == "internal_redeploy").all() and spares["need_id"].notna().all()
    departures = routed.loc[routed["route"].isin(["sale", "donation", "weee_recycling"])]
    young = departures.loc[departures["age_years"] < departures["lifespan_years"]]
    explicit = young["reason_code"].isin(["classified", "not_working"]) | (
        young["windows11"] == "not_eligible"
    )
    assert explicit.all(), young.loc[~explicit, ["device_id", "reason"]]
    counts = candidate_counts(routed).set_index("reason")
    total = int(counts.loc["total", "devices"])
    assert total == routed["device_id"].nunique()
    # Every candidate counted under at least one reason; far from half the fleet.
    assert counts.drop("total")["devices"].sum() >= total
    assert total < 0.3 * len(devices)
    assert counts.loc["retired", "devices"] == (devices["status"] == "retired").sum()
    assert pd.api.types.is_integer_dtype(counts["units"])
