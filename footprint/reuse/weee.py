"""WEEE pick-up batches: gather devices per site until a free collection is due.

Eco-organisms collect for free from a weight threshold (Ecologic from 250 kg,
ecosystem from 500 kg). Devices bound for recycling are grouped per entity,
site and eco-organism, in device order, and a batch closes as soon as it
reaches the threshold; the last batch of a site, if lighter, waits for more
devices (or goes to a drop-off point). A lot is never split across batches.

Weights: the device's own ``weight_kg``, else its factor reference's weight,
else the rules' default for the category — and the source is kept, since a
pick-up request quotes an estimate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet

from ..columns import numbers
from .config import ReuseRules, default_rules
from .factor_lookup import reference_lookup
from .rules import choose_partners

BATCH_COLUMNS: tuple[str, ...] = (
    "entity",
    "site",
    "eco_organism",
    "batch",
    "units",
    "weight_kg",
    "threshold_kg",
    "ready",
    "device_ids",
)

#: Label of devices with no site (they are gathered per entity).
NO_SITE = "(sans site)"


def device_weights(
    frame: pd.DataFrame, rules: ReuseRules, factor_set: FactorSet | None = None
) -> pd.DataFrame:
    """``unit_weight_kg`` and ``weight_source`` (device, reference, category) per row."""
    own = numbers(frame, "weight_kg")
    reference = (
        reference_lookup(frame, factor_set)["weight_kg"]
        if factor_set is not None and not frame.empty
        else pd.Series(np.nan, index=frame.index)
    )
    default = frame["category"].map(rules.category_weight_kg).astype("float64")
    default = default.fillna(rules.category_weight_kg.get("other", 0.0))
    weight = own.fillna(reference).fillna(default)
    source = np.select(
        [own.notna().to_numpy(), reference.notna().to_numpy()], ["device", "reference"], "category"
    )
    return pd.DataFrame({"unit_weight_kg": weight, "weight_source": source}, index=frame.index)


def _thresholds(names: pd.Series, partners: pd.DataFrame | None, rules: ReuseRules) -> pd.Series:
    by_partner: dict[str, float] = {}
    if partners is not None and not partners.empty:
        known = partners.loc[partners["pickup_threshold_kg"].notna()]
        by_partner = dict(
            zip(known["name"], known["pickup_threshold_kg"].astype(float), strict=True)
        )
    fallback = rules.threshold_for(rules.default_eco_organism) or min(
        rules.pickup_threshold_kg.values(), default=0.0
    )
    thresholds = {}
    for name in pd.unique(names):
        thresholds[name] = by_partner.get(name) or rules.threshold_for(str(name)) or fallback
    return names.map(thresholds).astype("float64")


def pickup_batches(
    devices: pd.DataFrame,
    rules: ReuseRules | None = None,
    partners: pd.DataFrame | None = None,
    factor_set: FactorSet | None = None,
) -> pd.DataFrame:
    """Batches of the WEEE-bound ``devices`` (columns :data:`BATCH_COLUMNS`).

    ``devices`` needs ``device_id, entity, site, category, quantity`` and may
    carry ``weight_kg`` and ``partner`` (the eco-organism already chosen, e.g.
    by :func:`footprint.reuse.rules.route_devices`); without a partner the first
    eco-organism partner accepting the category is used, else the rules' default.
    """
    rules = rules or default_rules()
    if devices.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in BATCH_COLUMNS})
    rows = devices.reset_index(drop=True)
    weights = device_weights(rows, rules, factor_set)
    chosen = choose_partners(
        rows.assign(route="weee_recycling"), partners, rules, np.zeros(len(rows), dtype=bool)
    )["partner"]
    given = rows["partner"] if "partner" in rows.columns else pd.Series(pd.NA, index=rows.index)
    eco = given.astype("str").fillna(chosen).fillna(rules.default_eco_organism)
    site = rows["site"].astype("str").fillna(NO_SITE) if "site" in rows else NO_SITE
    table = pd.DataFrame(
        {
            "entity": rows["entity"].astype("str"),
            "site": site,
            "eco_organism": eco,
            "device_id": rows["device_id"].astype("int64"),
            "units": rows["quantity"].fillna(1).astype("int64"),
            "weight_kg": weights["unit_weight_kg"] * rows["quantity"].fillna(1),
        }
    )
    table["threshold_kg"] = _thresholds(table["eco_organism"], partners, rules)
    table = table.sort_values(["entity", "site", "eco_organism", "device_id"], kind="stable")
    batch = np.zeros(len(table), dtype=np.int64)
    # Closing a batch depends on what the previous batch held, so this is a scan;
    # it is linear in the WEEE-bound devices (hundreds a year, not the fleet).
    group = table.groupby(["entity", "site", "eco_organism"], sort=False).ngroup().to_numpy()
    weight = table["weight_kg"].to_numpy(dtype=np.float64)
    threshold = table["threshold_kg"].to_numpy(dtype=np.float64)
    current, load, previous = 0, 0.0, -1
    for i in range(len(table)):
        if group[i] != previous:
            current, load, previous = 1, 0.0, group[i]
        elif load >= threshold[i]:
            current, load = current + 1, 0.0
        batch[i] = current
        load += weight[i]
    table["batch"] = batch
    batches = (
        table.groupby(["entity", "site", "eco_organism", "batch"], sort=True)
        .agg(
            units=("units", "sum"),
            weight_kg=("weight_kg", "sum"),
            threshold_kg=("threshold_kg", "first"),
            device_ids=("device_id", list),
        )
        .reset_index()
    )
    batches["weight_kg"] = batches["weight_kg"].round(2)
    batches["ready"] = batches["weight_kg"] >= batches["threshold_kg"]
    return batches[list(BATCH_COLUMNS)]
