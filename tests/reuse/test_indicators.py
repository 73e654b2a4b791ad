"""The décret 2023-266 rate on a hand-built year, with every kind of exclusion."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.reuse import (
    avoided_emissions,
    channel_counts,
    load_rules,
    reuse_indicators,
    reuse_rate,
    weee_weight,
)
from footprint.reuse.indicators import reuse_indicators_by

from .conftest import fleet

D = pd.Timestamp


def _devices() -> pd.DataFrame:
    g = {"entity": "Grenoble", "entity_id": 1}
    m = {"entity": "Meylan", "entity_id": 2}
    rows = [
        # 1: retired 2024, donated 2025 → in B and in A
        {
            **g,
            "purchase_date": D("2018-01-10"),
            "retirement_date": D("2024-03-01"),
            "status": "disposed",
        },
        # 2 and 3: a lot of 4 monitors retired in 2024; 2 units split off and sold in 2025
        {
            **g,
            "category": "monitor",
            "quantity": 2,
            "purchase_date": D("2019-01-01"),
            "retirement_date": D("2024-06-01"),
            "status": "retired",
        },
        {
            **g,
            "category": "monitor",
            "quantity": 2,
            "purchase_date": D("2019-01-01"),
            "retirement_date": D("2024-06-01"),
            "status": "disposed",
        },
        # 4: retired 2023, donated in 2024: gone before 1 January 2025
        {
            **g,
            "category": "desktop",
            "purchase_date": D("2017-01-01"),
            "retirement_date": D("2023-01-01"),
            "status": "disposed",
        },
        # 5: 12 years old on 1 January: excluded, recycled in 2025
        {
            **g,
            "purchase_date": D("2013-01-01"),
            "retirement_date": D("2024-09-01"),
            "status": "disposed",
            "weight_kg": 2.5,
        },
        # 6: classified
        {
            **g,
            "purchase_date": D("2020-01-01"),
            "retirement_date": D("2024-02-01"),
            "status": "retired",
            "classified": True,
        },
        # 7: retired during 2025 and donated: in A, not in B
        {
            **g,
            "purchase_date": D("2020-01-01"),
            "retirement_date": D("2025-02-01"),
            "status": "disposed",
        },
        # 8: redeployed from Meylan to Grenoble in 2025 (now in service, no retirement date)
        {**g, "purchase_date": D("2021-01-01"), "status": "in_service"},
        # 9: Meylan's retired desktop, still in stock
        {
            **m,
            "category": "desktop",
            "purchase_date": D("2019-01-01"),
            "retirement_date": D("2024-12-01"),
            "status": "retired",
        },
        # 10: retired without a date: outside B, counted apart
        {**g, "purchase_date": D("2019-01-01"), "status": "retired"},
        # 11: a server (WEEE category 4 under the test rules)
        {
            **g,
            "category": "server",
            "purchase_date": D("2019-01-01"),
            "retirement_date": D("2024-01-01"),
            "status": "retired",
        },
        # 12: sold in March 2025 at almost 11 years: excluded from both A and B
        {
            **g,
            "purchase_date": D("2014-02-01"),
            "retirement_date": D("2024-05-01"),
            "status": "disposed",
        },
    ]
    frame = fleet(*rows)
    for column in ("purchase_date", "retirement_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def _disposals(devices: pd.DataFrame) -> pd.DataFrame:
    spec = [
        # device, channel, from, disposed_on, retired_on, quantity
        (1, "donation", "Grenoble", "2025-04-01", "2024-03-01", 1),
        (3, "sale", "Grenoble", "2025-05-10", "2024-06-01", 2),
        (4, "donation", "Grenoble", "2024-05-01", "2023-01-01", 1),
        (5, "weee_recycling", "Grenoble", "2025-07-01", "2024-09-01", 1),
        (7, "donation", "Grenoble", "2025-06-01", "2025-02-01", 1),
        (8, "internal_redeploy", "Meylan", "2025-03-01", "2024-11-01", 1),
        (12, "sale", "Grenoble", "2025-03-15", "2024-05-01", 1),
        (6, "weee_recycling", "Grenoble", None, "2024-02-01", 1),  # assigned, not yet gone
    ]
    facts = devices.set_index("device_id")
    rows = []
    for i, (device, channel, giver, on, retired, qty) in enumerate(spec, start=1):
        rows.append(
            {
                "disposal_id": i,
                "device_id": device,
                "from_entity": giver,
                "to_entity": "Grenoble" if channel == "internal_redeploy" else None,
                "category": facts.at[device, "category"],
                "manufacturer": facts.at[device, "manufacturer"],
                "model": facts.at[device, "model"],
                "quantity": qty,
                "channel": channel,
                "disposed_on": pd.Timestamp(on) if on else pd.NaT,
                "retired_on": pd.Timestamp(retired),
                "weight_kg": facts.at[device, "weight_kg"],
                "purchase_date": facts.at[device, "purchase_date"],
                "classified": bool(facts.at[device, "classified"]),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture
def rules(tmp_path: Path):
    path = tmp_path / "rules.toml"
    path.write_text("[rate.weee_category]\nserver = 4\n", encoding="utf-8")
    return load_rules(path)


def test_rate_per_entity_with_known_a_and_b(rules) -> None:
    devices = _devices()
    table = reuse_rate(devices, _disposals(devices), 2025, by="entity", rules=rules)
    g = table.set_index("entity").loc["Grenoble"]
    m = table.set_index("entity").loc["Meylan"]
    # Grenoble — B: laptop 1 + lot of 4 monitors = 5; A: 1 + 2 + 1 = 4.
    assert (g["retired_stock"], g["reused"], g["rate_pct"]) == (5, 4, 80.0)
    assert (g["excluded_over_age_b"], g["excluded_classified_b"], g["excluded_category_b"]) == (
        2,
        1,
        1,
    )
    assert (g["excluded_over_age_a"], g["excluded_classified_a"], g["excluded_category_a"]) == (
        1,
        0,
        0,
    )
    assert g["retired_undated"] == 1
    # Meylan — B: the redeployed laptop (retired before 1 January) + the desktop; A: 1.
    assert (m["retired_stock"], m["reused"], m["rate_pct"]) == (2, 1, 50.0)
    assert (g["target_pct"], bool(g["meets_target"]), bool(m["meets_target"])) == (50, True, True)


def test_rate_for_everyone_and_other_years(rules) -> None:
    devices = _devices()
    disposals = _disposals(devices)
    total = reuse_rate(devices, disposals, 2025, by=None, rules=rules).iloc[0]
    assert (total["reused"], total["retired_stock"]) == (5, 7)
    assert total["rate_pct"] == pytest.approx(71.43)
    y2024 = reuse_rate(devices, disposals, 2024, by=None, rules=rules).iloc[0]
    # On 1 January 2024 only the desktop (retired 2023) was in stock; it left in 2024.
    assert (y2024["reused"], y2024["retired_stock"], y2024["rate_pct"]) == (1, 1, 100.0)
    assert y2024["target_pct"] == 35
    y2022 = reuse_rate(devices, disposals, 2022, by=None, rules=rules).iloc[0]
    assert y2022["retired_stock"] == 0 and np.isnan(y2022["rate_pct"])
    assert np.isnan(y2022["target_pct"]) and pd.isna(y2022["meets_target"])


def test_default_rules_count_servers(rules) -> None:
    devices = _devices()
    table = reuse_rate(devices, _disposals(devices), 2025, by="entity")
    g = table.set_index("entity").loc["Grenoble"]
    assert (g["retired_stock"], g["excluded_category_b"]) == (6, 0)


def test_rate_by_category(rules) -> None:
    devices = _devices()
    table = reuse_rate(devices, _disposals(devices), 2025, by="category", rules=rules)
    monitor = table.set_index("category").loc["monitor"]
    assert (monitor["reused"], monitor["retired_stock"]) == (2, 4)


def test_channels_weee_and_avoided_emissions(rules, factor_set) -> None:
    devices = _devices()
    disposals = _disposals(devices)
    channels = channel_counts(disposals, 2025).set_index("entity")
    assert channels.loc["Grenoble"].to_dict() == {
        "internal_redeploy": 0,
        "public_transfer": 0,
        "donation": 2,
        "sale": 3,
        "weee_recycling": 1,
    }
    assert channels.loc["Meylan", "internal_redeploy"] == 1
    weee = weee_weight(disposals, 2025, rules=rules).set_index("entity")
    assert weee.loc["Grenoble", "weee_kg"] == 2.5
    avoided = avoided_emissions(disposals, 2025, factor_set, rules=rules).set_index("entity")
    # Laptop: 200 kg × 3 / 4 years = 150 per unit, three laptops; monitors 60 × 3 / 6 = 30 × 2.
    assert avoided.loc["Grenoble", "avoided_gwp_kg"] == pytest.approx(3 * 150 + 2 * 30)
    assert avoided.loc["Meylan", "avoided_gwp_kg"] == pytest.approx(150)
    combined = reuse_indicators(devices, disposals, 2025, "entity", rules, factor_set)
    assert combined.set_index("entity").loc["Grenoble", ["reused", "sale", "weee_kg"]].tolist() == [
        4,
        3,
        2.5,
    ]
    total = reuse_indicators(devices, disposals, 2025, None, rules, factor_set).iloc[0]
    assert (total["reused"], total["donation"], total["avoided_gwp_kg"]) == (5, 2, 660.0)
    # Several groupings from populations gathered once: each table as if alone.
    tables = reuse_indicators_by(
        devices, disposals, 2025, ("entity", "category", None), rules, factor_set
    )
    for table, by in zip(tables, ("entity", "category", None), strict=True):
        alone = reuse_indicators(devices, disposals, 2025, by, rules, factor_set)
        pd.testing.assert_frame_equal(table, alone)


def _no_disposals() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "device_id",
            "quantity",
            "channel",
            "from_entity",
            "disposed_on",
            "retired_on",
            "category",
            "purchase_date",
            "classified",
        ]
    )


def test_empty_inputs() -> None:
    devices = fleet({"age": 2, "status": "in_service"})
    empty = _no_disposals()
    total = reuse_rate(devices, empty, 2025, by=None).iloc[0]
    assert (total["reused"], total["retired_stock"]) == (0, 0)
    assert reuse_rate(devices, empty, 2025, by="entity").empty
    assert channel_counts(empty, 2025, None).iloc[0].sum() == 0


def test_a_year_with_nothing_to_count_merges_by_any_group() -> None:
    # No retired stock, no exit: every table of the year is empty and still merges on a
    # text key (an integer key once failed with "merge on int64 and str").
    devices = fleet({"age": 2, "status": "in_service"})
    disposals = _no_disposals()
    for by in ("entity", "category"):
        table = reuse_indicators(devices, disposals, 2025, by)
        assert table.empty
        assert table[by].dtype == "str"
        assert {"reused", "donation", "weee_kg"} <= set(table.columns)
    total = reuse_indicators(devices, disposals, 2025, None).iloc[0]
    assert (total["reused"], total["retired_stock"], total["weee_kg"]) == (0, 0, 0)


def test_a_year_without_weee_exits_merges_by_any_group(rules) -> None:
    # 2024 saw one donation and no WEEE exit.
    devices = _devices()
    disposals = _disposals(devices)
    for by in ("entity", "category"):
        table = reuse_indicators(devices, disposals, 2024, by, rules).set_index(by)
        assert table["weee_kg"].sum() == 0
        assert table["donation"].sum() == 1
