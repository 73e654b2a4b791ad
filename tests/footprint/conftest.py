"""A tiny, hand-written factor set and a fleet-frame builder for the engine tests.

The numbers are chosen so that expected results can be computed by hand; the
laptop default reproduces BoaviztAPI's published laptop (181 kg CO2e embedded,
4 years, 197.1 kWh per year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pytest
from builders import NAN, factor_set_of, make_fleet_frame

from factors.factor_set import FactorSet

REFERENCES = [
    # reference, category, manufacturer, model, life, kWh, weight, refurbished ratio, source
    ("laptop-default", "laptop", "", "", 4.0, 197.1, 2.0, 0.3, "BoaviztAPI laptop"),
    ("monitor-default", "monitor", "", "", 6.0, 40.0, 5.0, 0.4, "test monitor"),
    ("server-default", "server", "", "", 5.0, 1000.0, 25.0, 0.5, "test server"),
    ("other-default", "other", "", "", 2.0, 10.0, 1.0, 1.0, "test other"),
    ("dell-latitude-5420", "laptop", "Dell", "Latitude 5420", NAN, 21.35, 1.5, NAN, "Dell PCF"),
]

# reference -> criterion -> (manufacturing, distribution, end_of_life) (value, low, high)
IMPACTS: dict[str, dict[str, tuple[tuple[float, float, float], ...]]] = {
    "laptop-default": {
        "gwp": ((160.0, 140.0, 200.0), (15.0, NAN, NAN), (6.0, 4.0, 8.0)),
        "adpe": ((0.008, 0.006, 0.01), (0.0004, NAN, NAN), (0.0002, NAN, NAN)),
        "pe": ((2200.0, 2000.0, 2500.0), (150.0, NAN, NAN), (60.0, NAN, NAN)),
    },
    "monitor-default": {
        "gwp": ((60.0, 50.0, 350.0), (3.0, NAN, NAN), (1.7, NAN, NAN)),
        "adpe": ((0.01, NAN, NAN), (0.0005, NAN, NAN), (0.0003, NAN, NAN)),
        "pe": ((1200.0, NAN, NAN), (60.0, NAN, NAN), (40.0, NAN, NAN)),
    },
    "server-default": {
        "gwp": ((1200.0, 1000.0, 1700.0), (50.0, NAN, NAN), (50.0, NAN, NAN)),
        "adpe": ((0.03, NAN, NAN), (0.004, NAN, NAN), (0.0038, NAN, NAN)),
        "pe": ((20000.0, NAN, NAN), (1000.0, NAN, NAN), (500.0, NAN, NAN)),
    },
    "other-default": {
        "gwp": ((10.0, NAN, NAN), (1.0, NAN, NAN), (1.0, NAN, NAN)),
        "adpe": ((0.001, NAN, NAN), (0.0, NAN, NAN), (0.0, NAN, NAN)),
        "pe": ((100.0, NAN, NAN), (10.0, NAN, NAN), (10.0, NAN, NAN)),
    },
    "dell-latitude-5420": {
        "gwp": ((270.0, 230.0, 310.0), (30.0, NAN, NAN), (8.0, NAN, NAN)),
    },
}

UNITS = {"gwp": "kg CO2e", "adpe": "kg Sb eq", "pe": "MJ"}
PHASES = ("manufacturing", "distribution", "end_of_life")


def build_factor_set(name: str = "test-set") -> FactorSet:
    impacts = [
        (ref, criterion, phase, value, low, high, UNITS[criterion], f"src {ref}")
        for ref, criteria in IMPACTS.items()
        for criterion, phases in criteria.items()
        for phase, (value, low, high) in zip(PHASES, phases, strict=True)
    ]
    electricity = [
        ("FR", 2022, "gwp", 0.052, "kg CO2e/kWh", "ADEME Base Empreinte 2022"),
        ("FR", 2024, "gwp", 0.098, "kg CO2e/kWh", "BoaviztAPI FRA"),
        ("FR", 2024, "adpe", 4.858e-8, "kg Sb eq/kWh", "BoaviztAPI FRA"),
        ("FR", 2024, "pe", 11.289, "MJ/kWh", "BoaviztAPI FRA"),
        ("EU", 2024, "gwp", 0.38, "kg CO2e/kWh", "BoaviztAPI EU-27"),
    ]
    return factor_set_of(name, REFERENCES, impacts, electricity)


@pytest.fixture(scope="session")
def factor_set() -> FactorSet:
    return build_factor_set()


@pytest.fixture(scope="session")
def frame_of() -> Callable[[Sequence[dict[str, Any]]], pd.DataFrame]:
    """A fleet frame with the contract's dtypes; unspecified columns take defaults."""
    return make_fleet_frame
