"""Each valid row against the database: create, update (with before/after) or unchanged.

The existing devices of the entities concerned are loaded in one query and
matched with pandas merges on the natural key of docs/architecture.md §3: serial,
else asset tag, else name, within the entity. A weaker key only matches when
no stronger one contradicts it (same asset tag but two different serials are
two devices). An empty cell never overwrites a stored value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from .fields import DEVICE_COLUMNS

DATE_COLUMNS = ("purchase_date", "commissioning_date", "retirement_date")
FLOAT_COLUMNS = (
    "price_eur",
    "ram_gb",
    "storage_gb",
    "screen_inches",
    "annual_kwh",
    "weight_kg",
    "first_life_years",
)
INT_COLUMNS = ("quantity", "site_id")
KEY_COLUMNS = ("serial", "asset_tag", "name")


@dataclass
class Diff:
    """Positions (in the valid-row frame) to create, update, or leave alone."""

    create: np.ndarray
    unchanged: np.ndarray
    update: np.ndarray
    update_ids: np.ndarray
    #: One dict per update: changed column → (before, after), native Python values.
    changes: list[dict[str, tuple[Any, Any]]] = field(default_factory=list)
    #: Positions matching a device another row already matched, with that row's position.
    conflicts: dict[int, int] = field(default_factory=dict)


def load_existing(session: Session, entity_ids: list[int]) -> pd.DataFrame:
    """The stored devices of these entities, with the compared columns typed like the import.

    Read with a textual query so the driver's raw values (ISO date strings on
    SQLite) are converted by pandas in bulk rather than one by one.
    """
    columns = ["id", "entity_id", *DEVICE_COLUMNS]
    if not entity_ids:
        return _typed(pd.DataFrame(columns=columns))
    # Ids come from the database: inlining them keeps the driver's fast path.
    sql = (
        f"SELECT {', '.join(columns)} FROM device "
        f"WHERE entity_id IN ({', '.join(str(int(i)) for i in entity_ids)})"
    )
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return _typed(pd.DataFrame(columns=columns))
    data = {
        name: pd.Series(values, dtype=object)
        for name, values in zip(columns, zip(*rows, strict=True), strict=True)
    }
    return _typed(pd.DataFrame(data))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[s]")
    for column in FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("id", "entity_id", *INT_COLUMNS):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def _folded(series: pd.Series) -> pd.Series:
    return pd.Series(series, dtype="str").str.strip().str.upper()


def match(incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """The id of the stored device each incoming row is (NA: a new device)."""
    inc = pd.DataFrame(
        {
            "pos": np.arange(len(incoming)),
            "entity_id": incoming["entity_id"].astype("Int64").to_numpy(),
            **{k: _folded(incoming[k]).to_numpy() for k in KEY_COLUMNS},
        }
    )
    ex = pd.DataFrame(
        {
            "id": existing["id"].to_numpy(),
            "entity_id": existing["entity_id"].to_numpy(),
            **{k: _folded(existing[k]).to_numpy() for k in KEY_COLUMNS},
        }
    )
    matched = pd.Series(pd.NA, index=inc["pos"], dtype="Int64")
    stronger: tuple[str, ...] = ()
    for key in KEY_COLUMNS:
        todo = inc[matched.isna().to_numpy() & inc[key].notna().to_numpy()]
        if todo.empty or ex.empty:
            stronger += (key,)
            continue
        right = ex[ex[key].notna()]
        cand = todo.merge(right, on=["entity_id", key], suffixes=("", "_ex"))
        for strong in stronger:
            both = cand[strong].notna() & cand[f"{strong}_ex"].notna()
            cand = cand[~(both & (cand[strong] != cand[f"{strong}_ex"]))]
        cand = cand.sort_values(["pos", "id"]).drop_duplicates("pos")
        matched.loc[cand["pos"].to_numpy()] = cand["id"].to_numpy()
        stronger += (key,)
    return matched.reset_index(drop=True)


def _differs(column: str, new: pd.Series, old: pd.Series) -> np.ndarray:
    present = new.notna().to_numpy()
    if not present.any():
        return present
    missing_old = old.isna().to_numpy()
    same: np.ndarray
    if column in FLOAT_COLUMNS:
        a = new.to_numpy(dtype="float64", na_value=np.nan)
        b = old.to_numpy(dtype="float64", na_value=np.nan)
        same = np.isclose(a, b, rtol=1e-9, atol=1e-9)
    elif column in DATE_COLUMNS:
        same = new.to_numpy() == old.to_numpy()
    elif column in INT_COLUMNS:
        ints = pd.to_numeric(new, errors="coerce").astype("Int64")
        same = ints.to_numpy(dtype="float64", na_value=np.nan) == old.to_numpy(
            dtype="float64", na_value=np.nan
        )
    else:
        same = new.astype(object).to_numpy() == old.astype(object).to_numpy()
    result: np.ndarray = present & (missing_old | ~np.asarray(same, dtype=bool))
    return result


def native(series: pd.Series, column: str) -> list[Any]:
    """Plain Python values for the database driver (dates, ints, floats, None)."""
    if column in DATE_COLUMNS:
        values = pd.to_datetime(series).dt.date.astype(object)
        return [None if v is pd.NaT or v is None or v != v else v for v in values]
    if column in INT_COLUMNS:
        ints = pd.to_numeric(series, errors="coerce").astype("Int64")
        return [None if pd.isna(v) else int(v) for v in ints]
    if column in FLOAT_COLUMNS:
        floats = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
        return [None if v != v else float(v) for v in floats]
    return [None if v is None or v is pd.NA or v != v else v for v in series.astype(object)]


def diff(incoming: pd.DataFrame, existing: pd.DataFrame) -> Diff:
    """Compare valid rows (device columns + ``entity_id``) with the stored devices."""
    ids = match(incoming, existing)
    found = ids.notna().to_numpy()
    conflicts: dict[int, int] = {}
    if found.any():
        dup = ids.duplicated(keep="first").to_numpy() & found
        if dup.any():
            device_ids = ids.to_numpy(dtype="int64", na_value=-1)
            first_pos: dict[int, int] = {}
            for position in np.flatnonzero(found & ~dup):
                first_pos.setdefault(int(device_ids[position]), int(position))
            for position in np.flatnonzero(dup):
                conflicts[int(position)] = first_pos[int(device_ids[position])]
            found &= ~dup
    create = np.flatnonzero(~found & ~np.isin(np.arange(len(ids)), list(conflicts)))
    matched_pos = np.flatnonzero(found)
    if not len(matched_pos):
        empty = np.array([], dtype=np.int64)
        return Diff(create, empty, empty, empty, [], conflicts)
    new = incoming.iloc[matched_pos].reset_index(drop=True)
    old = (
        existing.set_index("id")
        .loc[ids.iloc[matched_pos].astype("int64").to_numpy()]
        .reset_index(drop=True)
    )
    changed_columns: dict[str, np.ndarray] = {}
    for column in DEVICE_COLUMNS:
        differs = _differs(column, new[column], old[column])
        if differs.any():
            changed_columns[column] = differs
    any_change = np.zeros(len(matched_pos), dtype=bool)
    for differs in changed_columns.values():
        any_change |= differs
    changes: list[dict[str, tuple[Any, Any]]] = [{} for _ in range(int(any_change.sum()))]
    slot = np.cumsum(any_change) - 1
    for column, differs in changed_columns.items():
        where = np.flatnonzero(differs)
        before = native(old[column].iloc[where], column)
        after = native(new[column].iloc[where], column)
        for w, b, a in zip(where, before, after, strict=True):
            changes[slot[w]][column] = (b, a)
    return Diff(
        create=create,
        unchanged=matched_pos[~any_change],
        update=matched_pos[any_change],
        update_ids=ids.iloc[matched_pos[any_change]].astype("int64").to_numpy(),
        changes=changes,
        conflicts=conflicts,
    )
