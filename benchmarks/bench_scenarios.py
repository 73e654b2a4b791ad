"""Scenario speed: six presets compared over ten years on a 100,000-device fleet.

Prints the time to reduce the fleet to cohorts (one engine pass, matching
included), the time of the comparison itself (target: preparation + comparison
≤ 2 s) and the size of the cohort table. The database read is excluded.
Run: ``.venv/bin/python benchmarks/bench_scenarios.py [N]``.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

from factors.builtin import load_builtin
from footprint.scenarios import PRESET_NAMES, compare, prepare_fleet, preset
from samples import generate_fleet

REPO = Path(__file__).resolve().parent.parent
HORIZON = (2026, 2035)
TARGET_SECONDS = 2.0


def main(n: int = 100_000) -> None:
    factor_set = load_builtin()
    # The shared synthetic fleet, with the fleet frame's identity and dates
    # (fleet.queries): what ``ecoparc scenario compare`` reads from the database.
    frame = generate_fleet(n, 1)
    frame.insert(0, "device_id", range(1, len(frame) + 1))
    frame["commissioning_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    held = frame["status"].isin(["in_service", "in_stock"])
    print(f"fleet: {len(frame):,} rows, {int(frame.loc[held, 'quantity'].sum()):,} units held")
    scenarios = [preset(name) for name in PRESET_NAMES]

    t0 = time.perf_counter()
    base = prepare_fleet(frame, factor_set)
    t1 = time.perf_counter()
    comparison = compare(base, scenarios, horizon=HORIZON)
    t2 = time.perf_counter()
    prepare, run = t1 - t0, t2 - t1
    print(f"cohorts: {len(base.cohorts):,}")
    print(f"{'prepare (cohorts, references, kWh)':<48} {prepare:7.3f} s")
    print(f"{'compare 6 scenarios × 10 years':<48} {run:7.3f} s")
    total = prepare + run
    print(
        f"{'total':<48} {total:7.3f} s  (target ≤ {TARGET_SECONDS:g} s: "
        f"{'OK' if total <= TARGET_SECONDS else 'MISSED'})"
    )
    summary = comparison.summary().set_index("name")
    for name, row in summary.iterrows():
        print(
            f"  {name:<10} {row['total_gwp_kg'] / 1000:>10,.0f} t CO2e  "
            f"avoided {row['avoided_gwp_kg'] / 1000:>8,.0f} t  Δ€ {row['delta_eur']:>14,.0f}"
        )
    print(f"(as of {date.today().isoformat()})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
