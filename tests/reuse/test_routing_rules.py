"""The routing rule table: one candidate in, the expected route, reason code and words out.

Candidates here are retired devices (``candidate``) unless a case says otherwise;
which devices are candidates at all is tested in test_candidate_reasons.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from footprint.reuse import load_rules, route_devices
from footprint.reuse.config import RulesError

from .conftest import AS_OF, fleet, needs, partners


def candidate(*rows: dict[str, Any]) -> pd.DataFrame:
    """Fleet rows retired from service unless they say otherwise: candidates."""
    return fleet(*({"status": "retired", **row} for row in rows))


ASSO = {"name": "Emmaüs Connect", "kind": "association"}
LINUX = {"name": "Linux Solidaire", "kind": "association", "installs_linux": True}
REFURB = {"name": "Ateliers du Bocage", "kind": "refurbisher"}
PUBLIC_ALL = {"name": "Département de l'Isère", "kind": "public_body"}
PUBLIC_SCREENS = {"name": "SIVU écoles", "kind": "public_body", "categories": "monitor|display"}
ECO = {"name": "ecosystem", "kind": "eco_organism", "pickup_threshold_kg": 500.0}
NEED = {"min_ram_gb": 8, "min_storage_gb": 128}

# id, device, needs, partners, route, reason code, words in the French reason, partner
CASES: list[tuple[str, dict[str, Any], list[dict], list[dict], str, str, str, str | None]] = [
    (
        "classified-young-working",
        {"age": 2, "classified": True},
        [NEED],
        [ASSO],
        "weee_recycling",
        "classified",
        "destruction certifiée",
        "Ecologic",
    ),
    (
        "classified-beats-broken",
        {"age": 12, "classified": True, "status": "broken"},
        [],
        [ECO],
        "weee_recycling",
        "classified",
        "classifiées",
        "ecosystem",
    ),
    (
        "status-broken",
        {"age": 3, "status": "broken"},
        [NEED],
        [ASSO],
        "weee_recycling",
        "not_working",
        "statut « en panne »",
        "Ecologic",
    ),
    (
        "condition-HS",
        {"age": 3, "condition": "HS"},
        [NEED],
        [ASSO],
        "weee_recycling",
        "not_working",
        "état « HS »",
        "Ecologic",
    ),
    (
        "condition-hors-service-any-case",
        {"age": 3, "condition": "Hors Service"},
        [],
        [ECO],
        "weee_recycling",
        "not_working",
        "Hors d'usage",
        "ecosystem",
    ),
    (
        "over-ten-years",
        {"age": 11},
        [NEED],
        [ASSO, PUBLIC_ALL],
        "weee_recycling",
        "over_max_age",
        "11,0 ans, plus de 10 ans",
        "Ecologic",
    ),
    (
        "ten-and-a-half-years",
        {"age": 10.5, "category": "monitor"},
        [],
        [PUBLIC_SCREENS],
        "weee_recycling",
        "over_max_age",
        "exclu du taux",
        "Ecologic",
    ),
    (
        "need-from-other-entity",
        {"age": 4},
        [NEED],
        [ASSO, PUBLIC_ALL],
        "internal_redeploy",
        "need_match",
        "besoin n° 1 de « Échirolles »",
        "Échirolles",
    ),
    (
        "need-of-own-entity-ignored",
        {"age": 4},
        [{"entity": "Grenoble", "entity_id": 1}],
        [ASSO],
        "sale",
        "young",
        "moins de 5 ans",
        None,
    ),
    ("need-asks-more-ram", {"age": 4, "ram_gb": 4}, [NEED], [ASSO], "sale", "young", "vente", None),
    (
        "need-asks-more-storage",
        {"age": 7, "storage_gb": 64},
        [NEED],
        [ASSO],
        "donation",
        "low_value",
        "don",
        "Emmaüs Connect",
    ),
    (
        "need-other-category",
        {"age": 7},
        [{"category": "monitor"}],
        [ASSO],
        "donation",
        "low_value",
        "valeur résiduelle 0 €",
        "Emmaüs Connect",
    ),
    (
        "public-body-takes-all",
        {"age": 7},
        [],
        [ASSO, PUBLIC_ALL],
        "public_transfer",
        "public_body",
        "cession à un autre organisme public",
        "Département de l'Isère",
    ),
    (
        "public-body-takes-screens-only",
        {"age": 7},
        [],
        [ASSO, PUBLIC_SCREENS],
        "donation",
        "low_value",
        "don",
        "Emmaüs Connect",
    ),
    (
        "public-body-takes-this-screen",
        {"age": 7, "category": "monitor"},
        [],
        [PUBLIC_SCREENS],
        "public_transfer",
        "public_body",
        "organisme public",
        "SIVU écoles",
    ),
    (
        "young-working-sold",
        {"age": 3, "price_eur": 400},
        [],
        [ASSO, REFURB],
        "sale",
        "young",
        "3,0 ans (moins de 5 ans) : vente",
        "Ateliers du Bocage",
    ),
    (
        "old-enough-donated",
        {"age": 6, "price_eur": 2500},
        [],
        [ASSO, REFURB],
        "donation",
        "low_value",
        "(au plus 300 €)",
        "Emmaüs Connect",
    ),
    (
        "unknown-age-and-value",
        {"age": None},
        [],
        [ASSO],
        "donation",
        "low_value",
        "âge inconnu, valeur résiduelle inconnue",
        "Emmaüs Connect",
    ),
    (
        "young-unknown-price",
        {"age": 2, "price_eur": np.nan},
        [],
        [REFURB],
        "sale",
        "young",
        "2,0 ans",
        "Ateliers du Bocage",
    ),
    (
        "no-windows11-cpu-skips-need",
        {"age": 6, "cpu": "Intel Core i5-7200U"},
        [NEED],
        [ASSO, LINUX, PUBLIC_ALL],
        "donation",
        "low_value",
        "processeur « Intel Core i5-7200U » non pris en charge",
        "Linux Solidaire",
    ),
    (
        "no-windows11-ram",
        {"age": 6, "ram_gb": 2},
        [],
        [ASSO, LINUX],
        "donation",
        "low_value",
        "mémoire 2 Go < 4 Go",
        "Linux Solidaire",
    ),
    (
        "no-windows11-tpm-no-linux-partner",
        {"age": 6, "tpm": "1.2"},
        [],
        [ASSO],
        "donation",
        "low_value",
        "aucun partenaire enregistré n'installe Linux",
        None,
    ),
    (
        "no-windows11-young-sold-to-linux",
        {"age": 4, "cpu": "AMD Ryzen 5 1600"},
        [],
        [REFURB, {**REFURB, "name": "Recyclerie Linux", "installs_linux": True}],
        "sale",
        "young",
        "installe Linux",
        "Recyclerie Linux",
    ),
    (
        "windows11-unknown-redeployed-to-check",
        {"age": 4, "cpu": None},
        [NEED],
        [ASSO],
        "internal_redeploy",
        "need_match",
        "éligibilité à Windows 11 à vérifier",
        "Échirolles",
    ),
    (
        "mac-not-blocked-by-windows11",
        {"age": 6, "manufacturer": "Apple", "model": "MacBook Air", "cpu": "Apple M1"},
        [NEED],
        [],
        "internal_redeploy",
        "need_match",
        "redéploiement interne",
        "Échirolles",
    ),
    (
        "monitor-no-windows-question",
        {"age": 6, "category": "monitor", "cpu": None},
        [],
        [ASSO],
        "donation",
        "low_value",
        "don",
        "Emmaüs Connect",
    ),
    (
        "flagged-in-service",
        {"age": 1, "status": "in_service", "reuse_flagged": True},
        [],
        [],
        "sale",
        "young",
        "1,0 ans",
        None,
    ),
]


@pytest.mark.parametrize(
    ("device", "need_rows", "partner_rows", "route", "code", "words", "partner"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_rule_table(
    device: dict[str, Any],
    need_rows: list[dict],
    partner_rows: list[dict],
    route: str,
    code: str,
    words: str,
    partner: str | None,
) -> None:
    routed = route_devices(
        candidate(device),
        needs=needs(*need_rows) if need_rows else None,
        partners=partners(*partner_rows) if partner_rows else None,
        as_of=AS_OF,
    )
    assert len(routed) == 1
    row = routed.iloc[0]
    assert (row["route"], row["reason_code"]) == (route, code)
    assert words in row["reason"]
    assert (None if pd.isna(row["partner"]) else row["partner"]) == partner
    assert bool(row["erasure_required"])


def test_the_table_has_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("status", ["in_service", "in_stock", "reuse_pending", "disposed"])
def test_devices_not_leaving_are_not_candidates(status: str) -> None:
    assert route_devices(fleet({"age": 6, "status": status}), as_of=AS_OF).empty


def test_replacement_age_from_the_rules_file(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text("[replacement_years]\nlaptop = 5\n", encoding="utf-8")
    devices = fleet({"age": 6, "status": "in_service"}, {"age": 4, "status": "in_service"})
    routed = route_devices(devices, load_rules(rules_file), as_of=AS_OF)
    assert routed["device_id"].tolist() == [1]
    assert routed["candidate_reason"].tolist() == ["past_lifespan"]
    assert "renouvellement fixé par les règles" in routed["motives"].iloc[0]


def test_past_the_reference_lifespan_only_when_worn(factor_set) -> None:
    # laptop-default lives 4 years in the test factor set; the monitor 6.
    devices = fleet(
        {"age": 4.5, "status": "in_service", "condition": "Moyen"},
        {"age": 4.5, "status": "in_service", "condition": "Bon"},
        {"age": 3, "status": "in_service", "condition": "Moyen"},
        {"age": 5, "status": "in_service", "category": "monitor", "condition": "usé"},
    )
    routed = route_devices(devices, factor_set=factor_set, as_of=AS_OF)
    assert routed["device_id"].tolist() == [1]
    assert routed["weight_kg"].tolist() == [2.0]
    assert routed["motives"].iloc[0] == "4,5 ans pour une durée de vie de 4,0 ans, état « Moyen »"


def test_a_longer_accounting_period_keeps_a_server_saleable(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text("[value.accounting_years]\nserver = 8\n", encoding="utf-8")
    device = {"age": 6, "category": "server", "price_eur": 8000.0, "cpu": None}
    default = route_devices(candidate(device), as_of=AS_OF).iloc[0]
    longer = route_devices(candidate(device), load_rules(rules_file), as_of=AS_OF).iloc[0]
    assert (default["route"], default["residual_value_eur"]) == ("donation", 0.0)
    assert (longer["route"], longer["reason_code"]) == ("sale", "valuable")
    # 8000 € × (1 − 6/8) = 2000 €, less the two days six 365.25-day years leave over.
    assert longer["residual_value_eur"] == pytest.approx(2000.0, abs=2.0)
    assert "valeur résiduelle 1999 € (plus de 300 €) : vente" in longer["reason"]


def test_a_lot_is_split_between_a_need_and_the_next_route() -> None:
    devices = candidate({"age": 5, "category": "monitor", "quantity": 5, "cpu": None})
    routed = route_devices(
        devices,
        needs=needs({"category": "monitor", "quantity": 2}),
        partners=partners(PUBLIC_SCREENS),
        as_of=AS_OF,
    )
    assert routed[["device_id", "quantity", "route"]].values.tolist() == [
        [1, 2, "internal_redeploy"],
        [1, 3, "public_transfer"],
    ]
    assert routed["quantity"].sum() == 5


def test_reasons_in_english() -> None:
    routed = route_devices(
        candidate({"age": 3, "status": "broken"}, {"age": 6, "ram_gb": 2}), as_of=AS_OF, lang="en"
    )
    assert routed["reason"].iloc[0].startswith("Not working (status 'broken')")
    assert "memory 2 GB < 4 GB" in routed["reason"].iloc[1]
    assert "to a partner that installs Linux" in routed["reason"].iloc[1]


def test_rules_file_overrides_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("[age]\nmax_reuse_years = 8\n[value]\ndonation_max_eur = 150\n", "utf-8")
    rules = load_rules(good)
    assert (rules.max_reuse_years, rules.donation_max_eur, rules.sale_below_years) == (8, 150, 5)
    routed = route_devices(candidate({"age": 9}), rules, as_of=AS_OF)
    assert routed["route"].iloc[0] == "weee_recycling"

    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[age]\nmax_years = 8\n", "utf-8")
    with pytest.raises(RulesError, match="clé inconnue.*age.max_years"):
        load_rules(unknown)
    broken = tmp_path / "broken.toml"
    broken.write_text("[age\n", "utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(broken)
    assert info.value.unreadable
    with pytest.raises(RulesError, match="introuvable"):
        load_rules(tmp_path / "missing.toml")
    bad_category = tmp_path / "cat.toml"
    bad_category.write_text("[replacement_years]\nfridge = 3\n", "utf-8")
    with pytest.raises(RulesError, match="catégorie inconnue.*fridge"):
        load_rules(bad_category)


def test_routing_covers_a_large_fleet() -> None:
    rng = np.random.default_rng(8)
    n = 20_000
    rows = [
        {
            "age": float(a),
            "status": s,
            "condition": c,
            "classified": bool(k),
            "category": cat,
            "entity": e,
            "entity_id": eid,
        }
        for a, s, c, k, cat, (e, eid) in zip(
            rng.uniform(0, 14, n),
            rng.choice(["retired", "broken"], n),
            rng.choice(["bon", "HS", None], n),
            rng.random(n) < 0.02,
            rng.choice(["laptop", "desktop", "monitor"], n),
            [("Grenoble", 1), ("Meylan", 3)] * (n // 2),
            strict=True,
        )
    ]
    devices = fleet(*rows)
    routed = route_devices(
        devices,
        needs=needs(NEED, {"category": "monitor", "quantity": 30}),
        partners=partners(ASSO, LINUX, REFURB, PUBLIC_SCREENS, ECO),
        as_of=AS_OF,
    )
    assert routed["route"].notna().all() and (routed["reason"] != "").all()
    assert set(routed["route"]) <= {
        "internal_redeploy",
        "public_transfer",
        "donation",
        "sale",
        "weee_recycling",
    }
