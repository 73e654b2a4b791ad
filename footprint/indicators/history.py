"""The fleet as it stood on 31 December of an earlier year, to show indicator trends.

The database holds the fleet as it is today. An earlier year is rebuilt from the
dates and the audit trail: devices acquired after the day are left out, a
retirement dated after the day is not yet known (the device was still held),
and the status and entity of each device are those its status changes and
transfers say it had on that day. Devices without any event keep their current
status and entity, except that a device retired after the day was then in service.

Everything is vectorised: events are reduced per device with one ``groupby``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

#: Statuses of a device that has left the organisation (mirrors the engine).
GONE_STATUSES = frozenset({"retired", "disposed"})
#: Years shown in the trend before the report's year, at most.
DEFAULT_SPAN = 4


def year_end(year: int, today: date | None = None) -> date:
    """The day a year's fleet is taken: 31 December, or today for the current year."""
    today = today or date.today()
    return min(date(year, 12, 31), today)


def acquisition_dates(frame: pd.DataFrame) -> pd.Series:
    """When each device entered the organisation: purchase, else commissioning."""
    return frame["purchase_date"].fillna(frame["commissioning_date"])


def history_years(frame: pd.DataFrame, year: int, span: int = DEFAULT_SPAN) -> list[int]:
    """The earlier years worth a trend point: back ``span`` years, not before the oldest device."""
    acquired = acquisition_dates(frame).dropna()
    first = int(acquired.min().year) if len(acquired) else year
    return list(range(max(first, year - span), year))


def _value_then(events: pd.DataFrame, before: str, after: str, cutoff: pd.Timestamp) -> pd.Series:
    """Per device: the value set by its last change before ``cutoff``, else the value
    its first later change started from. Devices without such events are absent."""
    changes = events.loc[events[before].notna() & events[after].notna()]
    if changes.empty:
        return pd.Series(dtype="str")
    earlier = changes["at"] < cutoff
    last_set = changes.loc[earlier].groupby("device_id")[after].last()
    first_from = changes.loc[~earlier].groupby("device_id")[before].first()
    return last_set.combine_first(first_from)


def fleet_as_of(
    frame: pd.DataFrame,
    events: pd.DataFrame | None,
    day: date,
    entity_ids: Mapping[str, int] | None = None,
    *,
    keep_retirements: bool = False,
) -> pd.DataFrame:
    """The fleet frame as it stood at the end of ``day``.

    ``events`` has the columns of ``fleet.report_data.lifecycle_events``
    (device_id, at, status_before, status_after, entity_before, entity_after).
    ``entity_ids`` maps entity names to ids for devices that were then in an
    entity they have since left (by default, the pairs seen in ``frame``).
    ``keep_retirements``: a retirement dated after ``day`` stays on the device
    (what is known now, :func:`footprint.scope.fleet_of_year`); by default it is
    not yet known on that day.
    """
    stamp = pd.Timestamp(day)
    cutoff = stamp + pd.Timedelta(days=1)
    acquired = acquisition_dates(frame)
    kept = (acquired.isna() | (acquired < cutoff)).to_numpy(dtype=bool)
    # No copy of the data when every device was there (the current year, usually):
    # pandas copies a column when it is written (copy-on-write), so ``frame`` never
    # changes through ``out``, and the columns left alone are not copied at all.
    out = frame.copy(deep=False) if kept.all() else frame.loc[kept]
    retired_later = (out["retirement_date"] >= cutoff).fillna(False).to_numpy(dtype=bool)
    if not keep_retirements:
        out.loc[retired_later, "retirement_date"] = pd.NaT
    status = out["status"].astype("str")
    gone = status.isin(GONE_STATUSES).to_numpy(dtype=bool)
    status = status.where(~(retired_later & gone), "in_service")
    ids = out["device_id"]
    if events is not None and not events.empty:
        status_then = ids.map(_value_then(events, "status_before", "status_after", cutoff))
        status = status_then.astype("str").fillna(status)
        entity_then = ids.map(_value_then(events, "entity_before", "entity_after", cutoff))
        if entity_then.notna().any():
            pairs = frame[["entity", "entity_id"]].drop_duplicates(keep="last")
            known = dict(zip(pairs["entity"], pairs["entity_id"], strict=True))
            known.update(entity_ids or {})
            moved = entity_then.notna() & (entity_then != out["entity"])
            out.loc[moved, "entity"] = entity_then[moved]
            out.loc[moved, "entity_id"] = entity_then[moved].map(known).fillna(-1).astype("int64")
    out["status"] = status.astype("str")
    return out.reset_index(drop=True)
