"""Rows of a changed file recognised by their hash before they are normalised.

A re-import where 1 % of the rows changed should cost about 1 % of an import
(docs/import.md, « Réimport incrémental »). A row whose hash is the one stored
on a device was read, normalised and found valid when that device took it, under
the same context (options, rules, pseudonym key, year): reading it again would
give the same values. Only what lies outside the row is checked again, for each
row recognised so:

- the device has not been written since (``updated_at`` still ``import_row_at``)
  and no other device holds the same hash; the hash appears once in the file;
- the row's entity and site, resolved again now (an entity renamed or created
  since may resolve differently), are the device's;
- no purchase or commissioning date of the device lies after the import's day
  (a device holds at least the row's values: a date in the future would reject it);
- its place and identity cells read without a problem (:func:`place_and_identity`),
  so that the file's duplicate check (validate.py) compares it with the other rows
  exactly as a full import would.

Recognised rows are counted unchanged; the others go through the whole pipeline.
When a row of the rest turns out to be a duplicate of a recognised one, or to
designate its device, the pipeline compares every row instead (pipeline.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from .incremental import RowHashes, stored_rows
from .normalise import PLACE_AND_IDENTITY, place_and_identity
from .validate import key_frame

#: Resolves (entity texts, site texts) of rows to (entity ids, site ids): the
#: pipeline's own resolution, so that a row is placed as a full import places it.
Places = Callable[[pd.Series, pd.Series], tuple[pd.Series, pd.Series]]


@dataclass(frozen=True)
class Recognised:
    """The rows of a table recognised unchanged, and what the rest of the import
    needs to know of them."""

    #: Positions in the table as read.
    positions: np.ndarray
    #: The device each one is.
    device_ids: np.ndarray
    #: The entity of each one (its device's).
    entity_ids: np.ndarray
    #: Their natural keys (validate.key_frame) with their file row numbers.
    keys: pd.DataFrame

    def __len__(self) -> int:
        return len(self.positions)


def _placed(
    cells: pd.DataFrame, mapping: dict[str, str], places: Places
) -> tuple[np.ndarray, np.ndarray, bool]:
    """(entity id, site id) of each row, NaN where none, resolved once per distinct pair
    of entity and site cells (a file names a few hundred places for 100,000 rows);
    and whether those cells read without a problem."""
    columns = [c for c, f in mapping.items() if f in ("entity", "site") and c in cells.columns]
    codes = np.zeros(len(cells), dtype=np.int64)
    for column in columns:
        found, levels = pd.factorize(cells[column], use_na_sentinel=False)
        codes = codes * (len(levels) + 1) + found
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    texts, clean = place_and_identity(cells.iloc[first], mapping, ("entity", "site"))
    entity_ids, site_ids = places(texts["entity"], texts["site"])
    entities = entity_ids.to_numpy(dtype="float64", na_value=np.nan)[inverse]
    sites = site_ids.to_numpy(dtype="float64", na_value=np.nan)[inverse]
    return entities, sites, clean


def recognise(
    session: Session,
    raw: pd.DataFrame,
    rows: np.ndarray,
    hashes: RowHashes,
    mapping: dict[str, str],
    today: date,
    places: Places,
) -> Recognised | None:
    """The rows of ``raw`` (file row numbers ``rows``, hashes ``hashes``) that need
    no reading, or None when there are none."""
    stored = stored_rows(session, hashes.prefix if len(hashes) else "", today)
    if stored.empty:
        return None
    # Compared as numbers: the context's characters are the same for every row of the
    # file and every device read (incremental.stored_rows).
    numbers = hashes.numbers
    once = ~pd.Series(numbers).duplicated(keep=False).to_numpy()
    found = pd.Index(stored["hash"].to_numpy()).get_indexer(numbers)
    candidate = once & (found >= 0)
    if not candidate.any():
        return None
    positions = np.flatnonzero(candidate)
    devices = stored.iloc[found[candidate]]
    # Only the cells that place and identify a row are taken (not the whole row).
    needed = [c for c, f in mapping.items() if f in PLACE_AND_IDENTITY and c in raw.columns]
    cells = raw[needed].iloc[positions]
    texts, clean = place_and_identity(cells, mapping, ("name", "asset_tag", "serial"))
    entities, sites, placed = _placed(cells, mapping, places)
    if not (clean and placed):
        return None
    stored_sites = devices["site_id"].to_numpy(dtype="float64")
    same = (entities == devices["entity_id"].to_numpy(dtype="float64")) & (
        (sites == stored_sites) | (np.isnan(sites) & np.isnan(stored_sites))
    )
    if not same.any():
        return None
    texts = texts.reset_index(drop=True)[same]
    owners = pd.Series(entities[same], index=texts.index).astype("Int64")
    keys = key_frame(texts, owners).assign(row=rows[positions[same]])
    return Recognised(
        positions=positions[same],
        device_ids=devices["id"].to_numpy(dtype=np.int64)[same],
        entity_ids=entities[same].astype(np.int64),
        keys=keys.reset_index(drop=True),
    )
