"""How many devices per second factors.matching.match_devices handles.

Builds a synthetic fleet of 100,000 devices with the spellings inventories
really contain (manufacturer variants, model numbers with processor details in
brackets, asset-tag-like model codes, empty fields), then times the matching
against the built-in set. Target: >= 200,000 devices/s.

Usage: ``python benchmarks/bench_matching.py [n_devices]``
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from factors.builtin import load_builtin
from factors.matching import match_devices

MANUFACTURERS = {
    "Dell": ["Dell Inc.", "DELL", "Dell", "Dell Technologies", ""],
    "HP": ["HP", "Hewlett-Packard", "hp inc.", "HPE", "Hewlett Packard Enterprise"],
    "Lenovo": ["LENOVO", "Lenovo", "Lenovo Group Ltd."],
    "Apple": ["Apple Inc.", "Apple", "APPLE"],
    "Samsung": ["SAMSUNG ELECTRONICS CO., LTD.", "Samsung"],
}
MODELS = [
    (
        "laptop",
        "Dell",
        ["Latitude {n}", "LATITUDE-{n} (i5-1145G7)", "Latitude {n} Intel Core i7"],
        ["3420", "3520", "5420", "5520", "7420", "5410", "E7470", "5490", "7490"],
    ),
    (
        "desktop",
        "Dell",
        ["OptiPlex {n}", "OptiPlex {n} SFF", "OPTIPLEX {n} Micro", "OptiPlex {n} Tower"],
        ["3080", "3090", "5090", "7090", "7000", "7010", "9020", "3050"],
    ),
    (
        "monitor",
        "Dell",
        ["DELL {n}", "{n}", "Dell {n} Monitor"],
        ["P2419H", "P2422H", "P2219H", "E2420H", "U2419H", "P2414H", "E2216H"],
    ),
    (
        "laptop",
        "HP",
        ["HP ProBook {n}", "ProBook {n} Notebook PC", "HP EliteBook {n}"],
        ["445 G9", "450 G8", "640 G8", "840 G7", "840 G8", "850 G8"],
    ),
    (
        "desktop",
        "HP",
        ["HP EliteDesk {n}", "EliteDesk {n} SFF", "HP ProDesk {n}"],
        ["800 G6", "800 G5", "600 G6", "400 G7"],
    ),
    (
        "laptop",
        "Lenovo",
        ["ThinkPad {n}", "{n} (20W000T2FR)", "THINKPAD {n}"],
        ["T14 Gen 2", "L14", "E14", "T490", "X1 Carbon 5th Gen", "T480"],
    ),
    (
        "desktop",
        "Lenovo",
        ["ThinkCentre {n}", "{n}", "TC {n}"],
        ["M70q", "M720q", "M920 Tiny", "M70 SFF", "M75 Tiny"],
    ),
    (
        "smartphone",
        "Apple",
        ["iPhone {n}", "iPhone {n} 128 Go", "APPLE IPHONE {n}"],
        ["12", "13", "14", "SE (3rd generation)", "11", "14 Pro"],
    ),
    ("tablet", "Apple", ["iPad {n}", "iPad ({n})"], ["9th generation", "10th generation", "Air"]),
    ("smartphone", "Samsung", ["Galaxy {n}", "SM-{n}"], ["A52", "A12", "S20 FE", "XCover 5"]),
    (
        "server",
        "Dell",
        ["PowerEdge {n}", "POWEREDGE {n}"],
        ["R640", "R740", "R740XD", "R650", "T440"],
    ),
    (
        "server",
        "HP",
        ["ProLiant {n}", "HPE ProLiant {n}"],
        ["DL380 Gen10", "DL360 Gen10", "DL380 Gen9"],
    ),
]


def synthetic_fleet(n: int, seed: int = 7) -> pd.DataFrame:
    """n devices drawn from the spelling variants above, with some random asset codes."""
    rng = np.random.default_rng(seed)
    spellings: list[tuple[str, str, str]] = []
    for category, brand, patterns, numbers in MODELS:
        for pattern in patterns:
            for number in numbers:
                for manufacturer in MANUFACTURERS[brand]:
                    spellings.append((category, manufacturer, pattern.format(n=number)))
    picks = rng.integers(0, len(spellings), size=n)
    frame = pd.DataFrame(
        [spellings[i] for i in picks], columns=["category", "manufacturer", "model"]
    )
    noisy = rng.random(n) < 0.03
    codes = pd.Series(rng.integers(10_000, 99_999, size=n)).astype(str)
    frame.loc[noisy, "model"] = "20XK" + codes[noisy].to_numpy() + "FR"
    frame["entity"] = rng.choice(["Grenoble", "Échirolles", "Meylan", "Métropole"], size=n)
    return frame


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    fs = load_builtin()
    devices = synthetic_fleet(n)
    distinct = len(devices[["category", "manufacturer", "model"]].drop_duplicates())
    match_devices(devices.head(10), fs)  # build the set's index once, as a long-lived app does
    start = time.perf_counter()
    result = match_devices(devices, fs)
    elapsed = time.perf_counter() - start
    levels = result["match_level"].value_counts(normalize=True).round(3).to_dict()
    print(f"{n:,} devices, {distinct:,} distinct (category, manufacturer, model)")
    print(f"matched in {elapsed:.3f} s: {n / elapsed:,.0f} devices/s (target >= 200,000)")
    print(f"levels: {levels}")


if __name__ == "__main__":
    main()
