"""Reuse channel speed on a large fleet (database read excluded).

Prints the time to route every candidate of an N-device fleet (default 200,000)
with 50 open needs and the sample partners, with the built-in factor set
(replacement age from reference lifespans, reference weights), then the WEEE
pick-up batches of the devices routed to recycling and the décret 2023-266 rate
per entity over a year of disposals. Run:
``.venv/bin/python benchmarks/bench_reuse.py [N]``.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import numpy as np
import pandas as pd

from factors.builtin import load_builtin
from footprint.reuse import default_rules, pickup_batches, reuse_rate, route_devices

AS_OF = date(2026, 6, 30)
CATEGORIES = ("laptop", "desktop", "monitor", "smartphone", "printer", "tablet", "server")
CPUS = ("Intel Core i5-8250U", "Intel Core i5-7200U", "AMD Ryzen 5 3500U", "Apple M1", None)


def fleet(n: int, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    entities = np.array([f"Commune {i:02d}" for i in range(50)])
    entity_id = rng.integers(0, 50, n)
    purchase = pd.Timestamp(AS_OF) - pd.to_timedelta(rng.uniform(0, 14 * 365, n), unit="D")
    status = rng.choice(
        ["in_service", "in_stock", "broken", "retired"], n, p=[0.8, 0.08, 0.04, 0.08]
    )
    retired = np.isin(status, ["retired", "broken"])
    retirement = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    retirement[retired] = (
        pd.Timestamp(AS_OF) - pd.to_timedelta(rng.uniform(30, 900, n), unit="D")
    )[retired]
    return pd.DataFrame(
        {
            "device_id": np.arange(1, n + 1),
            "entity": entities[entity_id],
            "entity_id": entity_id + 1,
            "site": pd.Series(rng.choice(["Mairie", "École", "Médiathèque", None], n), dtype="str"),
            "quantity": rng.choice([1, 1, 1, 1, 5], n),
            "category": rng.choice(CATEGORIES, n),
            "manufacturer": "",
            "model": "",
            "purchase_date": purchase.astype("datetime64[ns]"),
            "retirement_date": retirement,
            "status": status,
            "condition": pd.Series(
                rng.choice(["bon", "HS", None], n, p=[0.6, 0.05, 0.35]), dtype="str"
            ),
            "price_eur": rng.uniform(100, 2000, n),
            "weight_kg": np.where(rng.random(n) < 0.3, rng.uniform(0.2, 10, n), np.nan),
            "cpu": pd.Series(rng.choice(CPUS, n), dtype="str"),
            "ram_gb": rng.choice([2, 4, 8, 16], n).astype(float),
            "storage_gb": rng.choice([32, 128, 256, 512], n).astype(float),
            "tpm": pd.Series(rng.choice(["2.0", "1.2", None], n), dtype="str"),
            "classified": rng.random(n) < 0.01,
            "reuse_flagged": rng.random(n) < 0.01,
            "serial": pd.Series([f"SN{i}" for i in range(n)], dtype="str"),
        }
    )


def main(n: int) -> None:
    factor_set = load_builtin()
    rules = default_rules()
    frame = fleet(n)
    rng = np.random.default_rng(3)
    needs = pd.DataFrame(
        {
            "need_id": np.arange(1, 51),
            "entity": [f"Commune {i:02d}" for i in range(50)],
            "entity_id": np.arange(1, 51),
            "category": rng.choice(["laptop", "desktop", "monitor"], 50),
            "quantity": rng.integers(1, 20, 50),
            "min_ram_gb": rng.choice([np.nan, 8.0], 50),
            "min_storage_gb": rng.choice([np.nan, 256.0], 50),
        }
    )
    partners = pd.DataFrame(
        {
            "partner_id": [1, 2, 3, 4, 5],
            "name": ["Hinaura", "EPN Isère", "Ateliers du Bocage", "Ecologic", "ecosystem"],
            "kind": ["association", "public_body", "refurbisher", "eco_organism", "eco_organism"],
            "categories": ["laptop|desktop|monitor", "laptop|monitor", None, None, "monitor"],
            "installs_linux": [True, False, True, False, False],
            "pickup_threshold_kg": [np.nan, np.nan, np.nan, 250.0, 500.0],
        }
    )
    route_devices(
        frame.head(1000), rules, needs=needs, partners=partners, factor_set=factor_set, as_of=AS_OF
    )  # warm the factor-set caches
    start = time.perf_counter()
    routes = route_devices(
        frame, rules, needs=needs, partners=partners, factor_set=factor_set, as_of=AS_OF
    )
    routed = time.perf_counter() - start
    print(
        f"route_devices: {n:,} devices, {len(routes):,} candidates in {routed:.2f} s "
        f"({n / routed:,.0f} devices/s)"
    )
    print("  " + ", ".join(f"{k} {v:,}" for k, v in routes["route"].value_counts().items()))

    weee = routes.loc[routes["route"] == "weee_recycling"]
    start = time.perf_counter()
    batches = pickup_batches(weee, rules, partners, factor_set)
    print(
        f"pickup_batches: {len(weee):,} devices → {len(batches):,} batches "
        f"in {time.perf_counter() - start:.2f} s"
    )

    gone = routes.sample(frac=0.5, random_state=1)
    disposals = pd.DataFrame(
        {
            "device_id": gone["device_id"].to_numpy(),
            "quantity": gone["quantity"].to_numpy(),
            "channel": gone["route"].to_numpy(),
            "from_entity": gone["entity"].to_numpy(),
            "disposed_on": pd.Timestamp("2026-03-01"),
            "retired_on": pd.Timestamp("2025-06-01"),
            "category": gone["category"].to_numpy(),
            "purchase_date": gone["purchase_date"].to_numpy(),
            "classified": gone["classified"].to_numpy(),
            "weight_kg": gone["weight_kg"].to_numpy(),
        }
    )
    start = time.perf_counter()
    rate = reuse_rate(frame, disposals, 2026, by="entity", rules=rules)
    print(
        f"reuse_rate: {len(disposals):,} disposals, {len(rate)} entities "
        f"in {time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
