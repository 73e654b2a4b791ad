"""Windows 11 eligibility, needs matching and WEEE pick-up batches."""

from __future__ import annotations

import pandas as pd
import pytest

from footprint.reuse import (
    cpu_support,
    default_rules,
    device_weights,
    match_needs,
    pickup_batches,
    windows11_eligibility,
)

from .conftest import fleet, needs, partners


@pytest.mark.parametrize(
    ("cpu", "expected"),
    [
        ("Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz", "supported"),
        ("Intel Core i7-7700", "unsupported"),
        ("Intel Core i7-10510U", "supported"),
        ("Intel Core i5-1135G7", "supported"),
        ("Intel Core i3-2100", "unsupported"),
        ("i5 4590", "unsupported"),
        ("Intel Core m3-8100Y", "supported"),
        ("Intel Core Ultra 7 155H", "supported"),
        ("Intel Celeron N4020", "supported"),
        ("Intel Celeron N3350", "unsupported"),
        ("Intel Pentium Gold G5400", "supported"),
        ("Intel Pentium G4560", "unsupported"),
        ("Intel Pentium Dual-Core E5300", "unsupported"),
        ("Intel Core 2 Duo E8400", "unsupported"),
        ("AMD Ryzen 5 2500U", "supported"),
        ("AMD Ryzen 7 PRO 4750U", "supported"),
        ("AMD Ryzen 7 1700", "unsupported"),
        ("AMD A6-9220", "unsupported"),
        ("AMD Athlon Silver 3050U", "supported"),
        ("Apple M2", "apple"),
        ("Intel Xeon E5-2620 v4", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_cpu_support(cpu: str | None, expected: str) -> None:
    assert cpu_support(pd.Series([cpu], dtype="str")).iloc[0] == expected


def test_eligibility_needs_all_four_criteria() -> None:
    rules = default_rules()
    frame = fleet(
        {},  # i5-8250U, 8 GB, 256 GB, TPM 2.0
        {"ram_gb": 2},
        {"storage_gb": 32},
        {"tpm": "1.2"},
        {"tpm": None},
        {"category": "monitor"},
        {"manufacturer": "Apple", "cpu": "Intel Core i5-7360U"},
        {"cpu": "Intel Core i5-6300U", "tpm": None},
    )
    checks = windows11_eligibility(frame, rules)
    assert checks["windows11"].tolist() == [
        "eligible",
        "not_eligible",
        "not_eligible",
        "not_eligible",
        "unknown",
        "not_applicable",
        "not_applicable",
        "not_eligible",
    ]


def test_matching_prefers_the_closest_fit_and_never_the_own_entity() -> None:
    candidates = fleet(
        {"ram_gb": 32, "storage_gb": 1000, "age": 2},
        {"ram_gb": 8, "storage_gb": 256, "age": 4},
        {"ram_gb": 8, "storage_gb": 256, "age": 3},
        {"ram_gb": 4, "storage_gb": 128, "age": 1},
        {"ram_gb": 16, "storage_gb": 512, "age": 1, "entity": "Échirolles", "entity_id": 2},
    )
    candidates["age_years"] = [2.0, 4.0, 3.0, 1.0, 1.0]
    wanted = needs(
        {"quantity": 2, "min_ram_gb": 8, "min_storage_gb": 256},
        {"entity": "Meylan", "entity_id": 3, "quantity": 5, "min_ram_gb": 8},
    )
    allocations = match_needs(candidates, wanted)
    # Need 1 (Échirolles): the two 8 GB laptops, youngest first; never its own device 5.
    # Need 2 (Meylan): what is left that has 8 GB: the 32 GB one, then Échirolles' 16 GB.
    assert allocations[["need_id", "device_id", "units"]].values.tolist() == [
        [1, 3, 1],
        [1, 2, 1],
        [2, 5, 1],
        [2, 1, 1],
    ]


def test_matching_takes_part_of_a_lot() -> None:
    candidates = fleet({"category": "monitor", "quantity": 10}, {"category": "monitor"})
    allocations = match_needs(candidates, needs({"category": "monitor", "quantity": 3}))
    assert allocations[["device_id", "units"]].values.tolist() == [[1, 3]]


def test_weights_device_then_reference_then_category(factor_set) -> None:
    frame = fleet(
        {"weight_kg": 3.3},
        {},
        {"category": "desktop"},
        {"category": "mfp"},
    )
    weights = device_weights(frame, default_rules(), factor_set)
    assert weights["unit_weight_kg"].tolist() == [3.3, 2.0, 7.5, 45.0]
    assert weights["weight_source"].tolist() == ["device", "reference", "category", "category"]


def test_pickup_batches_close_at_the_threshold() -> None:
    devices = fleet(
        {"category": "mfp", "site": "Hôtel de ville", "weight_kg": 100.0},
        {"category": "mfp", "site": "Hôtel de ville", "weight_kg": 100.0},
        {"category": "mfp", "site": "Hôtel de ville", "weight_kg": 60.0},  # 260 ≥ 250: closes
        {"category": "monitor", "site": "Hôtel de ville", "quantity": 10, "weight_kg": 5.0},
        {"category": "server", "site": "Salle serveur", "weight_kg": 30.0},
        {"category": "monitor", "site": None, "entity": "Meylan", "entity_id": 2},
    )
    batches = pickup_batches(devices, default_rules())
    assert batches[["site", "batch", "units", "weight_kg", "ready"]].values.tolist() == [
        ["Hôtel de ville", 1, 3, 260.0, True],
        ["Hôtel de ville", 2, 10, 50.0, False],
        ["Salle serveur", 1, 1, 30.0, False],
        ["(sans site)", 1, 1, 5.0, False],
    ]
    assert set(batches["eco_organism"]) == {"Ecologic"}
    assert batches["threshold_kg"].tolist() == [250.0] * 4
    assert batches["device_ids"].iloc[0] == [1, 2, 3]


def test_pickup_batches_use_the_partner_and_its_threshold() -> None:
    devices = fleet(
        {"category": "monitor", "site": "Centre technique", "quantity": 60, "weight_kg": 5.0},
        {"category": "server", "site": "Centre technique", "weight_kg": 30.0},
    )
    eco = partners(
        {
            "name": "ecosystem",
            "kind": "eco_organism",
            "categories": "monitor|display",
            "pickup_threshold_kg": 500.0,
        },
        {"name": "Ecologic", "kind": "eco_organism"},
    )
    batches = pickup_batches(devices, default_rules(), eco)
    assert batches[["eco_organism", "weight_kg", "threshold_kg", "ready"]].values.tolist() == [
        ["Ecologic", 30.0, 250.0, False],
        ["ecosystem", 300.0, 500.0, False],
    ]
