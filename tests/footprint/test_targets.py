"""The legal targets (footprint.targets), and where the rest of ecoparc reads them."""

from __future__ import annotations

from pathlib import Path

from footprint.indicators.agec import AGEC_IT_CATEGORIES
from footprint.reuse.config import default_rules, load_rules
from footprint.targets import agec_target, scheduled_target


def test_agec_target_follows_the_decrees() -> None:
    years = (2019, 2024, 2026, 2027, 2029, 2030, 2035)
    assert [agec_target(y) for y in years] == [0.20, 0.20, 0.20, 0.25, 0.25, 0.30, 0.30]


def test_a_schedule_has_no_target_before_its_first_step() -> None:
    schedule = ((2030, 0.3), (2023, 0.25))  # order does not matter
    assert [scheduled_target(schedule, y) for y in (2022, 2023, 2029, 2031)] == [
        None,
        0.25,
        0.25,
        0.3,
    ]


def test_reuse_rules_default_to_the_decree_2023_266_targets() -> None:
    rules = default_rules()
    assert [rules.target(y) for y in (2022, 2023, 2024, 2025, 2030)] == [
        None,
        25.0,
        35.0,
        50.0,
        50.0,
    ]


def test_a_rules_file_adds_a_local_target_over_the_decree(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[rate]\ntargets = { "2027" = 60 }\n', encoding="utf-8")
    rules = load_rules(path)
    assert [rules.target(y) for y in (2024, 2026, 2027)] == [35.0, 50.0, 60.0]


def test_agec_it_share_is_the_declarations_it_and_telephony_category() -> None:
    # Décret 2024-134: phones, terminals, servers, screens, computers, tablets, projectors.
    assert {"laptop", "desktop", "monitor", "smartphone", "server", "projector"} <= (
        AGEC_IT_CATEGORIES
    )
    assert AGEC_IT_CATEGORIES.isdisjoint({"printer", "mfp", "network_switch", "docking_station"})
