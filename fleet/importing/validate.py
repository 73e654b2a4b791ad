"""Row checks that need the whole file but not the database.

Each failed check adds a French reason to the row; a row with any reason is
rejected and the others go on to the diff. The natural key of a row is the one
of docs/architecture.md §3: serial, else asset tag, else name (within its entity).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .normalise import Normalised

#: Purchases before this year are typing mistakes, not devices still in service.
EARLIEST_YEAR = 1990


def key_frame(frame: pd.DataFrame, entity_ids: pd.Series) -> pd.DataFrame:
    """Kind (serial, asset_tag, name) and folded value of each row's natural key; its
    folded asset tag (``tag``) and whether it has a serial (``serial``), which
    :func:`_shared_tags` compares."""
    kind = pd.Series(None, index=frame.index, dtype=object)
    value = pd.Series(None, index=frame.index, dtype=object)
    for name in ("name", "asset_tag", "serial"):  # last assignment wins: serial first
        present = frame[name].notna()
        kind = kind.mask(present, name)
        value = value.mask(present, frame[name])
    folded = pd.Series(value, dtype="str").str.strip().str.upper()
    tags = pd.Series(frame["asset_tag"], dtype="str").str.strip().str.upper()
    return pd.DataFrame(
        {
            "entity_id": entity_ids,
            "kind": kind,
            "key": folded,
            "tag": tags,
            "serial": frame["serial"].notna(),
        }
    )


def validate(
    norm: Normalised,
    entity_ids: pd.Series,
    rows: np.ndarray,
    today: date,
    raw: pd.DataFrame,
    others: pd.DataFrame | None = None,
) -> bool:
    """Add the row-level problems of ``norm`` (identity, dates, duplicates).

    ``raw`` is the table as read, so messages quote the cell as the user typed it.
    ``others`` are the natural keys (:func:`key_frame`, with a ``row`` column) of the
    file's rows left out of ``norm`` (recognise.py): a row is a duplicate of one of
    them as of any other row. Returns False when one of them is itself a duplicate
    of a row of ``norm`` (the caller then validates every row).
    """
    frame, problems, source = norm.frame, norm.problems, norm.source

    def cells(name: str) -> pd.Series | None:
        return raw[source[name]] if name in source else None

    no_identity = (
        frame["serial"].isna() & frame["asset_tag"].isna() & frame["name"].isna()
    ).to_numpy()
    problems.add_mask(
        no_identity,
        "",
        None,
        "ni numéro de série, ni numéro d'inventaire, ni nom : appareil impossible à identifier",
    )
    now = pd.Timestamp(today)
    floor = pd.Timestamp(EARLIEST_YEAR, 1, 1)
    for name, label in (
        ("purchase_date", "date d'achat"),
        ("commissioning_date", "date de mise en service"),
    ):
        dates = frame[name]
        problems.add_mask(
            (dates > now).to_numpy(),
            source.get(name, ""),
            cells(name),
            f"{label} dans le futur",
        )
        problems.add_mask(
            (dates < floor).to_numpy(),
            source.get(name, ""),
            cells(name),
            f"{label} antérieure à {EARLIEST_YEAR}",
        )
    start = frame["purchase_date"].where(
        frame["purchase_date"].notna(), frame["commissioning_date"]
    )
    problems.add_mask(
        (frame["retirement_date"] < start).to_numpy(),
        source.get("retirement_date", ""),
        cells("retirement_date"),
        "date de retrait antérieure à la date d'achat",
    )
    keys = key_frame(frame, entity_ids).assign(row=rows).reset_index(drop=True)
    return _duplicates(norm, keys, others) and _shared_tags(norm, keys, others)


#: A row that is the device of an earlier row of the file.
SAME_DEVICE = "désigne le même appareil que la ligne {}"

_LABELS = {
    "serial": ("serial", "numéro de série « {} » déjà présent ligne {} du fichier"),
    "asset_tag": (
        "asset_tag",
        "numéro d'inventaire « {} » déjà présent ligne {} pour la même entité",
    ),
    "name": (
        "name",
        "nom « {} » déjà présent ligne {} pour la même entité, sans numéro de série ni "
        "d'inventaire pour distinguer les appareils",
    ),
}


def _shared_tags(norm: Normalised, keys: pd.DataFrame, others: pd.DataFrame | None) -> bool:
    """Reject a row whose asset tag an earlier imported row of the same entity carries.

    :func:`_duplicates` compares each row's natural key only (the serial when there is
    one); two devices of different serials may still not share an asset tag in an
    entity (the database's unique index, docs/import.md « Identité d'un appareil »).
    When one of the two has no serial, its tag identifies it: it designates the other
    row's device (:data:`SAME_DEVICE`, as the comparison says of two rows matching
    one stored device). Rows already rejected are left out: they will not carry
    their tag. ``others`` (rows recognised by their hash, :func:`key_frame` with
    ``row``) count as earlier rows; False when one of them is a later row (the caller
    then validates every row)."""
    mine = len(keys)
    kept = np.ones(mine, dtype=bool)
    kept[norm.problems.rows()] = False
    tagged = keys[kept & keys["tag"].notna().to_numpy()]
    if others is not None and len(others):
        theirs = others[others["tag"].notna().to_numpy()]
        theirs = theirs.set_axis(pd.RangeIndex(mine, mine + len(theirs)))
        tagged = pd.concat([tagged, theirs[list(keys.columns)]]).sort_values("row", kind="stable")
    later = tagged.duplicated(["entity_id", "tag"], keep="first").to_numpy()
    if not later.any():
        return True
    if (tagged.index[later] >= mine).any():
        return False
    first = tagged.groupby(["entity_id", "tag"], sort=False, dropna=False)[
        ["row", "serial"]
    ].transform("first")
    positions = tagged.index[later].to_numpy()
    lines = first["row"].to_numpy()[later]
    field, template = _LABELS["asset_tag"]
    values = norm.frame[field].to_numpy(dtype=object)[positions]
    # Two serials: two devices with one tag; else the tag designates the earlier device.
    both = (
        keys["serial"].to_numpy(dtype=bool)[positions] & first["serial"].to_numpy(dtype=bool)[later]
    )
    norm.problems.add_rows(
        positions[both],
        norm.source.get(field, ""),
        values[both],
        [template.format(v, line) for v, line in zip(values[both], lines[both], strict=True)],
    )
    norm.problems.add_rows(
        positions[~both],
        "",
        [None] * int((~both).sum()),
        [SAME_DEVICE.format(line) for line in lines[~both]],
    )
    return True


def _duplicates(norm: Normalised, keys: pd.DataFrame, others: pd.DataFrame | None) -> bool:
    """Reject the second and later rows with the same key (``keys``: :func:`key_frame`
    with ``row``); the first one is imported. False when one of ``others`` (rows not
    in ``norm``) is such a later row."""
    mine = len(keys)
    if others is not None and len(others):
        # In file order, the frame's own rows first (positions 0…mine-1 stay theirs).
        keys = pd.concat([keys, others[list(keys.columns)]], ignore_index=True)
        order = np.argsort(keys["row"].to_numpy(), kind="stable")
        keys = keys.iloc[order]
    # A serial identifies a device whatever the entity; tags and names within an entity.
    group = keys["entity_id"].astype(object).where(keys["kind"] != "serial", "*").astype(str)
    keys = keys.assign(group=group)
    present = keys["kind"].notna()
    dup = (present & keys.duplicated(["group", "kind", "key"], keep="first")).to_numpy()
    if not dup.any():
        return True
    later = keys.index[dup].to_numpy()
    if (later >= mine).any():
        return False
    # Every row's first row of its key, looked up for all the later ones at once: a
    # file of 500,000 copies of one row is not 500,000 look-ups in a MultiIndex.
    first = (
        keys[present]
        .groupby(["group", "kind", "key"], sort=False, dropna=False)["row"]
        .transform("first")
    )
    lines = first.loc[later].to_numpy()
    kinds = keys.loc[later, "kind"].to_numpy()
    for kind, (field, template) in _LABELS.items():
        chosen = kinds == kind
        positions = later[chosen]
        values = norm.frame[field].to_numpy(dtype=object)[positions]
        norm.problems.add_rows(
            positions,
            norm.source.get(field, ""),
            values,
            [template.format(v, line) for v, line in zip(values, lines[chosen], strict=True)],
        )
    return True
