"""Each valid row against the database: create, update (with before/after), unchanged
or conflict.

The stored devices the rows may be are loaded in one query (those of the
entities concerned, and those elsewhere with one of the file's serials) and
matched with pandas merges on the identity of docs/import.md (« Identité d'un
appareil »): manufacturer and folded serial whatever the entity, else folded
asset tag within the entity, else name within the entity. A weaker key only
matches when no stronger one contradicts it (same asset tag but two different
serials are two devices). An empty cell never overwrites a stored value, and a
field ecoparc owns (precedence.Ledger) is held, not overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ..columnar import Column, Query
from ..identity import identity_key
from ..queries import read_query
from .fields import DEVICE_COLUMNS
from .precedence import Ledger, foreign_reason
from .sql import member

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
#: Identity columns compared, strongest first (the serial one is global).
KEY_COLUMNS = ("serial_key", "tag_key", "name_key")
#: Ids or keys per ``IN (…)`` list.
_CHUNK = 900


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
    duplicates: dict[int, int] = field(default_factory=dict)
    #: Positions left alone because ecoparc owns the device: position → (device id, reason).
    conflicts: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: Updated positions that move their device to the row's entity (``--accept-transfer``):
    #: position → (entity before, entity after).
    transfers: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: Position → column → (value in ecoparc, value in the file) the file did not overwrite.
    held: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    #: Every stored device some row matched (conflicts included).
    matched_ids: set[int] = field(default_factory=set)


#: What matching a row to a stored device reads of it (its stored identity keys,
#: and the name that a device with neither serial nor tag is known by).
MATCH_COLUMNS = ("id", "entity_id", "serial_key", "maker_key", "tag_key", "name")
#: What comparing a row with its device reads of it.
STORED_COLUMNS = ("id", "entity_id", "serial_key", "maker_key", "tag_key", *DEVICE_COLUMNS)


def _ids(values: Iterable[int]) -> str:
    """Ids from the database, inlined in a query (they keep the driver's fast path)."""
    return ", ".join(str(int(i)) for i in values)


def fetch_devices(
    session: Session, columns: Sequence[str], queries: list[tuple[str, tuple[Any, ...]]]
) -> pd.DataFrame:
    """``columns`` of the devices each ``(WHERE clause, parameters)`` selects, in one
    frame of object columns.

    Read through the driver's cursor so that its raw values (ISO date strings on
    SQLite) are converted by pandas in bulk rather than one by one.
    """
    select_list = f"SELECT {', '.join(columns)} FROM device WHERE "
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    rows: list[Any] = []
    try:
        for where, params in queries:
            cursor.execute(select_list + where, params)
            rows.extend(cursor.fetchall())
    finally:
        cursor.close()
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object)
            for name, values in zip(columns, zip(*rows, strict=True), strict=True)
        }
    )


def serial_queries(
    session: Session, serials: Sequence[str], outside: Sequence[int]
) -> list[tuple[str, tuple[Any, ...]]]:
    """The query of the devices carrying one of ``serials`` (identity keys) in an entity
    other than ``outside``: one query whatever their number, the serials one
    parameter (a JSON array on SQLite, an array on PostgreSQL)."""
    unique = sorted(set(serials))
    if not unique:
        return []
    elsewhere = f" AND entity_id NOT IN ({_ids(outside)})" if outside else ""
    makers = f"{EVERY_MAKER} AND " if _by_makers(session, len(unique)) else ""
    if session.get_bind().dialect.paramstyle in ("format", "pyformat"):
        return [(f"{makers}serial_key = ANY(%s){elsewhere}", (unique,))]
    test = "serial_key IN (SELECT value FROM json_each(?))"
    return [(f"{makers}{test}{elsewhere}", (json.dumps(unique),))]


#: Every maker, so that the unique index (maker_key, serial_key) finds serials whatever
#: their maker (a serial alone has no index): each query a few index look-ups per
#: serial instead of a pass over the whole table.
EVERY_MAKER = "maker_key IN (SELECT DISTINCT maker_key FROM device)"
#: Up to this many serials, they are looked up through that index (one look-up per
#: maker and serial); beyond, one pass over the table costs less (100,000 serials of
#: 31 makers: 1.5 s of look-ups, 0.2 s for the pass).
INDEXED_SERIALS = 2000


def _by_makers(session: Session, serials: int) -> bool:
    """Whether ``serials`` serials are looked up through :data:`EVERY_MAKER`: on SQLite
    only, whose distinct makers come from the index (PostgreSQL 15 reads the whole
    table for them, then joins: 60 ms for 1,000 serials among 100,000 devices, where
    a pass over the table testing the serials costs 25)."""
    return session.get_bind().dialect.name == "sqlite" and serials <= INDEXED_SERIALS


def load_candidates(
    session: Session, serials: Sequence[str], outside: Sequence[int]
) -> pd.DataFrame:
    """:data:`MATCH_COLUMNS` of the devices outside the entities ``outside`` that carry
    one of ``serials``: the only ones elsewhere a row may be (a serial matches
    whatever the entity)."""
    return fetch_devices(session, MATCH_COLUMNS, serial_queries(session, serials, outside))


#: A name whose key (``strip().upper()``) the database may compute otherwise than
#: Python: one with a character outside ASCII (accents, no-break spaces) or, on
#: SQLite, white space other than spaces at either end (``trim`` strips only spaces;
#: inside a name, ``upper`` and Python agree on every ASCII character).
_NOT_PLAIN = {
    "sqlite": "length(CAST(name AS BLOB)) != length(name) "
    "OR trim(name) != trim(name, char(32, 9, 10, 11, 12, 13, 28, 29, 30, 31))",
    "postgresql": "name ~ '[^ -~]'",
}
#: A plain name's key as the database compares it with the upper-case keys wanted
#: (SQLite: ``NOCASE``, which folds ASCII letters, spares an ``upper`` per row).
_NAME_KEY = {"sqlite": "trim(name) COLLATE NOCASE"}


def match_few(session: Session, rows: pd.DataFrame, entity_ids: list[int]) -> pd.Series:
    """:func:`match` of ``rows`` (their identity keys and ``entity_id``) with only the
    stored devices that may be theirs: those sharing a serial key whatever the
    entity, or an asset tag key or a name key in one of ``entity_ids``. What a
    re-import of a few changed rows reads instead of every device of their entities.

    Two steps: the devices sharing a serial (through the unique index of makers and
    serials, every maker listed, for a few serials) or an asset tag (the unique
    index of entities and tags); then, only for the rows neither matched, those
    sharing a name. :func:`match` looks at a row's name only when its serial and
    its tag found no device, and every device sharing them was read in the first
    step: the result is the one a single read of all three would give.

    A name is compared by the database in upper case when it is plain ASCII
    (``upper``/``trim`` then agree with Python's); the others are all read.
    """
    params: dict[str, Any] = {}
    serials = _wanted(rows["serial_key"])
    test, params["serials"] = member(session, "serial_key", "serials", serials)
    where = f"{EVERY_MAKER} AND {test}" if _by_makers(session, len(serials)) else test
    if entity_ids:
        test, params["tags"] = member(session, "tag_key", "tags", _wanted(rows["tag_key"]))
        where = f"({where}) OR (entity_id IN ({_ids(entity_ids)}) AND {test})"
    devices = _devices(session, where, params)
    ids = match(rows, devices)
    named = ids.isna().to_numpy() & rows["name_key"].notna().to_numpy()
    if not entity_ids or not named.any():
        return ids
    names = rows["name_key"][named]
    dialect = session.get_bind().dialect.name
    key = _NAME_KEY.get(dialect, "upper(trim(name))")
    test, wanted = member(session, key, "names", _wanted(names, ascii_only=True))
    plain = _NOT_PLAIN.get(dialect, "1 = 1")
    # The ids first, from the index of entities and names alone (it holds both), then
    # only those rows: not every row of the entities fetched from the table.
    named_ids = (
        f"SELECT id FROM device WHERE entity_id IN ({_ids(entity_ids)}) AND ({test} OR {plain})"
    )
    where = f"id IN ({named_ids})"
    more = _devices(session, where, {"names": wanted})
    if more.empty:
        return ids
    both = pd.concat([devices, more], ignore_index=True).drop_duplicates("id")
    # Only the rows still without a device are matched again: :func:`match` decides each
    # row alone, and every device sharing another row's serial or tag was read first.
    again = match(rows[named].reset_index(drop=True), both.reset_index(drop=True))
    ids = ids.copy()
    ids[named] = again.to_numpy()
    return ids


def _wanted(values: pd.Series, ascii_only: bool = False) -> list[str]:
    """The distinct keys of ``values`` to look up (``ascii_only``: names the database
    upper-cases as Python does)."""
    return sorted({str(v) for v in values.dropna() if not ascii_only or str(v).isascii()})


def _devices(session: Session, where: str, params: dict[str, Any]) -> pd.DataFrame:
    """:data:`MATCH_COLUMNS` of the devices ``where`` selects, read as columns."""
    kinds = {"id": "int", "entity_id": "int"}
    columns = [Column(c, c, kinds.get(c, "text")) for c in MATCH_COLUMNS]  # type: ignore[arg-type]
    arrays = read_query(session, Query("device", columns, where, params))
    frame = pd.DataFrame({c: arrays[c].to_pandas() for c in MATCH_COLUMNS})
    for column in ("id", "entity_id"):
        frame[column] = frame[column].astype("Int64")
    for column in ("serial_key", "maker_key", "tag_key", "name"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def load_devices(session: Session, ids: Sequence[int]) -> pd.DataFrame:
    """The stored devices ``ids`` (those rows matched), typed like the import."""
    unique = sorted({int(i) for i in ids})
    queries: list[tuple[str, tuple[Any, ...]]] = [
        (f"id IN ({_ids(unique[start : start + _CHUNK])})", ())
        for start in range(0, len(unique), _CHUNK)
    ]
    return _typed(fetch_devices(session, STORED_COLUMNS, queries))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[s]")
    for column in FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("id", "entity_id", *INT_COLUMNS):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


#: What ``\\s`` removes from an ASCII text in :func:`fleet.identity.identity_key`.
_ASCII_SPACES = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"


def identity_key_column(values: pd.Series) -> pd.Series:
    """:func:`fleet.identity.identity_key` of every cell, without a Python call per cell.

    An ASCII text needs neither NFKC nor the invisible characters removed: its key is
    the text without ASCII white space, in upper case, which the string kernels do
    in bulk. The other texts (accents, full-width digits…) go through
    ``identity_key`` once per distinct value. Anything but text has no key.
    """
    cells = pd.Series(values, dtype=object)
    is_text = np.fromiter((v.__class__ is str for v in cells), dtype=bool, count=len(cells))
    text = pd.Series(cells.where(is_text), dtype="str", index=cells.index)
    ascii_text = text.str.isascii().to_numpy() & is_text
    keys = text.where(ascii_text).str.replace(_ASCII_SPACES, "", regex=True).str.upper()
    out = keys.astype(object).where(keys.notna() & (keys != ""), None)
    other = is_text & ~ascii_text
    if other.any():
        rest = cells[other]
        folded = {v: identity_key(v) for v in rest.unique()}
        out[other] = rest.map(folded).to_numpy()
    return out.astype(object).where(out.notna(), None)


#: The identity keys of a device row (:func:`identity_keys`).
IDENTITY_KEYS = ("serial_key", "maker_key", "tag_key", "name_key")


def identity_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The identity keys of device rows (fleet.identity), as comparable text columns;
    those of a frame that carries them already (the import's valid rows)."""
    if all(key in frame.columns for key in IDENTITY_KEYS):
        return frame[list(IDENTITY_KEYS)]
    if "name" in frame.columns and "serial" not in frame.columns:
        # Stored devices read for matching: the keys the database holds (and makes
        # unique), and the name key.
        names = pd.Series(frame["name"], dtype="str").str.strip().str.upper()
        stored = pd.DataFrame(
            {
                "serial_key": frame["serial_key"],
                "maker_key": frame["maker_key"].where(frame["maker_key"].notna(), ""),
                "tag_key": frame["tag_key"],
                "name_key": names.where(names.notna() & (names != ""), None),
            },
            index=frame.index,
        ).astype(object)
        return stored.where(stored.notna(), None)
    names = pd.Series(frame["name"], dtype="str").str.strip().str.upper()
    makers = identity_key_column(frame["manufacturer"])
    keys = pd.DataFrame(
        {
            "serial_key": identity_key_column(frame["serial"]),
            # maker_key: empty, never missing, for a device of unknown make.
            "maker_key": makers.where(makers.notna(), ""),
            "tag_key": identity_key_column(frame["asset_tag"]),
            "name_key": names.where(names.notna() & (names != ""), None),
        },
        index=frame.index,
    ).astype(object)
    # Absent keys are None, never float NaN: PostgreSQL would store NaN as the text
    # 'NaN' and so make two untagged devices collide on the unique (entity, tag) index.
    return keys.where(keys.notna(), None)


def match(incoming: pd.DataFrame, existing: pd.DataFrame) -> pd.Series:
    """The id of the stored device each incoming row is (NA: a new device).

    A serial matches whatever the entity, when the manufacturers agree (or one is
    unknown), the same manufacturer and then the same entity preferred; an asset
    tag or a name only within the row's entity."""
    inc = pd.concat(
        [
            pd.DataFrame(
                {
                    "pos": np.arange(len(incoming)),
                    "entity_id": incoming["entity_id"].astype("Int64").to_numpy(),
                }
            ),
            identity_keys(incoming).reset_index(drop=True),
        ],
        axis=1,
    )
    ex = pd.concat(
        [
            pd.DataFrame(
                {"id": existing["id"].to_numpy(), "entity_id": existing["entity_id"].to_numpy()}
            ),
            identity_keys(existing).reset_index(drop=True),
        ],
        axis=1,
    )
    matched = pd.Series(pd.NA, index=inc["pos"], dtype="Int64")
    if ex.empty:
        return matched.reset_index(drop=True)
    stronger: tuple[str, ...] = ()
    for key in KEY_COLUMNS:
        todo = inc[matched.isna().to_numpy() & inc[key].notna().to_numpy()]
        if todo.empty:
            stronger += (key,)
            continue
        right = ex[ex[key].notna()]
        on = [key] if key == "serial_key" else ["entity_id", key]
        cand = todo.merge(right, on=on, suffixes=("", "_ex"))
        for strong in stronger:
            both = cand[strong].notna() & cand[f"{strong}_ex"].notna()
            cand = cand[~(both & (cand[strong] != cand[f"{strong}_ex"]))]
        makers = cand["maker_key"].astype(str), cand["maker_key_ex"].astype(str)
        cand = cand[(makers[0] == makers[1]) | (makers[0] == "") | (makers[1] == "")]
        order = pd.DataFrame(
            {
                "pos": cand["pos"],
                "other_maker": cand["maker_key"] != cand["maker_key_ex"],
                "other_entity": (
                    cand["entity_id"] != cand["entity_id_ex"] if key == "serial_key" else False
                ),
                "id": cand["id"],
            }
        )
        order = order.sort_values(["pos", "other_maker", "other_entity", "id"]).drop_duplicates(
            "pos"
        )
        matched.loc[order["pos"].to_numpy()] = order["id"].to_numpy()
        stronger += (key,)
    return matched.reset_index(drop=True)


#: A new row whose asset tag another device of the entity carries (docs/import.md,
#: « Identité d'un appareil »).
TAG_TAKEN = (
    "numéro d'inventaire déjà porté dans l'entité par cet appareil, d'un autre numéro de série"
)


def tag_holders(session: Session, entity_ids: Sequence[int], tags: Sequence[str]) -> pd.DataFrame:
    """Id, entity and asset tag key of the stored devices of ``entity_ids`` carrying one
    of ``tags`` (identity keys), found by the unique index of asset tags in an entity."""
    unique = sorted(set(tags))
    if not unique or not entity_ids:
        return fetch_devices(session, TAG_COLUMNS, [])
    where = f"entity_id IN ({_ids(entity_ids)}) AND "
    query: tuple[str, tuple[Any, ...]]
    if session.get_bind().dialect.paramstyle in ("format", "pyformat"):
        query = (f"{where}tag_key = ANY(%s)", (unique,))
    else:
        query = (f"{where}tag_key IN (SELECT value FROM json_each(?))", (json.dumps(unique),))
    return fetch_devices(session, TAG_COLUMNS, [query])


#: The columns of :func:`tag_holders`.
TAG_COLUMNS = ("id", "entity_id", "tag_key")


def tag_taken(
    incoming: pd.DataFrame, holders: pd.DataFrame, create: np.ndarray
) -> dict[int, tuple[int, str]]:
    """The rows of ``create`` whose asset tag a stored device of their entity carries
    (``holders``, :func:`tag_holders`): :func:`match` left them new because their
    serials differ, and the database refuses two devices with one asset tag in an
    entity. Each is a conflict with that device."""
    if not len(create) or holders.empty:
        return {}
    rows = incoming.iloc[create]
    new = pd.DataFrame(
        {
            "pos": create,
            "entity_id": rows["entity_id"].astype("Int64").to_numpy(),
            "tag_key": identity_key_column(rows["asset_tag"]).to_numpy(),
        }
    ).dropna()
    held = pd.DataFrame(
        {
            "id": holders["id"].astype("int64").to_numpy(),
            "entity_id": holders["entity_id"].astype("Int64").to_numpy(),
            "tag_key": holders["tag_key"].to_numpy(),
        }
    )
    taken = new.merge(held, on=["entity_id", "tag_key"]).drop_duplicates("pos")
    return {int(p): (int(d), TAG_TAKEN) for p, d in zip(taken["pos"], taken["id"], strict=True)}


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
        stamps = pd.to_datetime(series)
        values = np.full(len(stamps), None, dtype=object)
        present = stamps.notna().to_numpy()
        values[present] = stamps[present].dt.date.to_numpy(dtype=object)
        return values.tolist()
    if column in INT_COLUMNS:
        ints = pd.to_numeric(series, errors="coerce").astype("Int64")
        return ints.astype(object).where(ints.notna(), None).tolist()
    if column in FLOAT_COLUMNS:
        floats = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
        values = floats.astype(object)
        values[np.isnan(floats)] = None
        return values.tolist()
    cells = series.astype(object)
    return cells.where(cells.notna(), None).tolist()


def iso_dates(series: pd.Series) -> list[str | None]:
    """Dates as ISO text (SQLAlchemy's storage format on SQLite), None where missing."""
    # Each distinct day written once (a fleet has a few thousand purchase dates).
    codes, days = pd.factorize(pd.to_datetime(series).to_numpy(dtype="datetime64[D]"))
    texts = np.full(len(days) + 1, None, dtype=object)  # the last one for code -1 (NaT)
    texts[:-1] = np.datetime_as_string(np.asarray(days), unit="D")
    return texts[codes].tolist()  # type: ignore[no-any-return]


def diff(
    incoming: pd.DataFrame,
    existing: pd.DataFrame,
    ids: pd.Series,
    ledger: Ledger,
    entity_names: dict[int, str],
    *,
    accept_transfer: bool = False,
    prefer_file: bool = False,
    tag_holders: pd.DataFrame | None = None,
) -> Diff:
    """Compare valid rows (device columns + ``entity_id``) with the stored devices
    ``ids`` they matched (:func:`match`), under the precedence rules of ``ledger``; a
    new row whose asset tag one of ``tag_holders`` carries is a conflict."""
    found = ids.notna().to_numpy().copy()
    duplicates: dict[int, int] = {}
    if found.any():
        dup = ids.duplicated(keep="first").to_numpy() & found
        if dup.any():
            device_ids = ids.to_numpy(dtype="int64", na_value=-1)
            first_pos: dict[int, int] = {}
            for position in np.flatnonzero(found & ~dup):
                first_pos.setdefault(int(device_ids[position]), int(position))
            for position in np.flatnonzero(dup):
                duplicates[int(position)] = first_pos[int(device_ids[position])]
            found &= ~dup
    create = np.flatnonzero(~found & ~np.isin(np.arange(len(ids)), list(duplicates)))
    matched_ids = {int(i) for i in ids.dropna()}
    stored = existing.set_index("id")
    conflicts = tag_taken(incoming, tag_holders, create) if tag_holders is not None else {}
    if conflicts:
        create = create[~np.isin(create, list(conflicts))]
    transfers: dict[int, tuple[int, int]] = {}
    row_entities = incoming["entity_id"].to_numpy(dtype="float64", na_value=np.nan)
    owners = dict(zip(existing["id"].tolist(), existing["entity_id"].tolist(), strict=True))
    for position in np.flatnonzero(found):
        device_id = int(ids.iloc[position])
        owner = int(owners[device_id])
        if device_id in ledger.exits:
            conflicts[int(position)] = (device_id, ledger.exits[device_id])
        elif owner != row_entities[position]:
            if accept_transfer and row_entities[position] > 0:
                transfers[int(position)] = (owner, int(row_entities[position]))
            else:
                name = entity_names.get(owner, f"n° {owner}")
                conflicts[int(position)] = (device_id, foreign_reason(name, device_id, ledger))
    if conflicts:
        found[list(conflicts)] = False
    matched_pos = np.flatnonzero(found)
    empty = np.array([], dtype=np.int64)
    if not len(matched_pos):
        return Diff(create, empty, empty, empty, [], duplicates, conflicts, {}, {}, matched_ids)
    matched_device = ids.iloc[matched_pos].astype("int64").to_numpy()
    new = incoming.iloc[matched_pos].reset_index(drop=True)
    old = stored.loc[matched_device].reset_index(drop=True)
    changed_columns: dict[str, np.ndarray] = {}
    held: dict[int, dict[str, tuple[Any, Any]]] = {}
    for column in DEVICE_COLUMNS:
        differs = _differs(column, new[column], old[column])
        if column == "site_id":
            moved = np.isin(matched_pos, list(transfers))
            differs = differs | (
                moved & new[column].isna().to_numpy() & old[column].notna().to_numpy()
            )
        if not differs.any():
            continue
        kept = np.array(
            [ledger.held(int(d), column, prefer_file) for d in matched_device[differs]],
            dtype=bool,
        )
        if kept.any():
            where = np.flatnonzero(differs)[kept]
            ours = native(old[column].iloc[where], column)
            theirs = native(new[column].iloc[where], column)
            for w, o, t in zip(where, ours, theirs, strict=True):
                held.setdefault(int(matched_pos[w]), {})[column] = (o, t)
            differs = differs.copy()
            differs[where] = False
        if differs.any():
            changed_columns[column] = differs
    any_change = np.isin(matched_pos, list(transfers))
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
        update_ids=matched_device[any_change],
        changes=changes,
        duplicates=duplicates,
        conflicts=conflicts,
        transfers=transfers,
        held=held,
        matched_ids=matched_ids,
    )
