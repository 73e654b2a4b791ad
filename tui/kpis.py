"""The dashboard's indicators, computed from the fleet frame and footprint aggregates.

Plain pandas over whole columns (a dashboard on 100,000 devices must stay
instant); a lot counts for its quantity everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

#: AGEC art. 58 (décrets 2021-254 and 2024-134): minimum share of IT spend (€ HT)
#: from reuse, by first year of application.
AGEC_TARGETS: tuple[tuple[int, float], ...] = ((2021, 0.20), (2027, 0.25), (2030, 0.30))

#: Statuses of devices no longer held (not counted in the fleet).
GONE = ("disposed",)
#: Statuses of devices held but not in use (not counted in the average age).
NOT_IN_USE = ("retired", "disposed")


def agec_target(year: int) -> float:
    """The AGEC refurbished-purchase target for ``year`` (20 % before 2027)."""
    target = AGEC_TARGETS[0][1]
    for first_year, share in AGEC_TARGETS:
        if year >= first_year:
            target = share
    return target


@dataclass(frozen=True)
class FleetKpis:
    devices: int
    average_age_years: float
    refurbished_spend: float
    total_spend: float
    reuse_waiting: int

    @property
    def refurbished_share(self) -> float:
        return self.refurbished_spend / self.total_spend if self.total_spend else float("nan")


def _units(frame: pd.DataFrame) -> np.ndarray:
    return frame["quantity"].to_numpy(dtype=np.float64)


def fleet_kpis(frame: pd.DataFrame, year: int, today: date) -> FleetKpis:
    """Counts, age, refurbished purchases of ``year`` and the reuse queue of a fleet frame."""
    units = _units(frame)
    status = frame["status"].astype("str")
    held = ~status.isin(GONE).to_numpy()
    in_use = ~status.isin(NOT_IN_USE).to_numpy()

    purchase = frame["purchase_date"]
    age_days = (pd.Timestamp(today) - purchase).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    dated = in_use & ~np.isnan(age_days)
    weight = units[dated]
    average_age = (
        float((age_days[dated] * weight).sum() / weight.sum() / 365.25) if weight.sum() else np.nan
    )

    bought = (purchase.dt.year == year).to_numpy(dtype=bool, na_value=False)
    price = frame["price_eur"].to_numpy(dtype=np.float64, na_value=np.nan)
    spend = np.where(bought & ~np.isnan(price), price * units, 0.0)  # unit price × lot
    refurbished = frame["acquisition"].astype("str").eq("refurbished").to_numpy()

    flagged = frame["reuse_flagged"].to_numpy(dtype=bool) if "reuse_flagged" in frame else False
    waiting = held & (status.eq("reuse_pending").to_numpy() | flagged)
    return FleetKpis(
        devices=int(units[held].sum()),
        average_age_years=average_age,
        refurbished_spend=float(spend[refurbished].sum()),
        total_spend=float(spend.sum()),
        reuse_waiting=int(units[waiting].sum()),
    )


def top_groups(values: pd.Series, limit: int, other_label: str) -> pd.Series:
    """The ``limit`` largest groups, the rest summed under ``other_label``."""
    ordered = values.sort_values(ascending=False)
    if len(ordered) <= limit:
        return ordered
    head = ordered.iloc[: limit - 1]
    rest = pd.Series([ordered.iloc[limit - 1 :].sum()], index=[other_label])
    return pd.concat([head, rest])
