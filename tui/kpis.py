"""The dashboard's indicators, computed from the fleet frame and footprint aggregates.

Plain pandas over whole columns (a dashboard on 100,000 devices must stay
instant); a lot counts for its quantity everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from footprint.indicators.agec import agec_it_spend
from services.inventory import GONE_STATUSES, device_units, devices_of

#: Statuses of devices held but not in use (not counted in the average age).
NOT_IN_USE = ("retired", "disposed")


@dataclass(frozen=True)
class FleetKpis:
    devices: int
    average_age_years: float
    #: € HT of the year's IT and telephony purchases from reuse, and in all (AGEC).
    reuse_spend: float
    total_spend: float
    reuse_waiting: int

    @property
    def reuse_share(self) -> float:
        return self.reuse_spend / self.total_spend if self.total_spend else float("nan")


def _units(frame: pd.DataFrame) -> np.ndarray:
    return frame["quantity"].to_numpy(dtype=np.float64)


def fleet_kpis(frame: pd.DataFrame, year: int, today: date) -> FleetKpis:
    """Counts, age, reuse share of ``year``'s purchases and the reuse queue of a fleet frame."""
    units = _units(frame)
    status = frame["status"].astype("str")
    held = ~status.isin(GONE_STATUSES).to_numpy()
    in_use = ~status.isin(NOT_IN_USE).to_numpy()

    purchase = frame["purchase_date"]
    age_days = (pd.Timestamp(today) - purchase).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    dated = in_use & ~np.isnan(age_days)
    weight = units[dated]
    average_age = (
        float((age_days[dated] * weight).sum() / weight.sum() / 365.25) if weight.sum() else np.nan
    )

    # The AGEC declaration's own amounts, so that the tile and the report agree.
    reused, total = agec_it_spend(frame, year)

    flagged = frame["reuse_flagged"].to_numpy(dtype=bool) if "reuse_flagged" in frame else False
    waiting = held & (status.eq("reuse_pending").to_numpy() | flagged)
    return FleetKpis(
        devices=device_units(devices_of(frame)),  # the count every screen shows
        average_age_years=average_age,
        reuse_spend=reused,
        total_spend=total,
        reuse_waiting=int(units[waiting].sum()),
    )


def top_groups(values: pd.Series, limit: int, other_label: str) -> pd.Series:
    """The ``limit`` largest groups, the rest summed under ``other_label``."""
    ordered = values.sort_values(ascending=False)
    if len(ordered) <= limit:
        return ordered
    head = ordered.iloc[: limit - 1]
    rest = pd.Series([ordered.iloc[limit - 1 :].sum()], index=[other_label])
    combined: pd.Series = pd.concat([head, rest])
    return combined
