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
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.orm import Session

from .fields import FIELDS
from .incremental import RowHashes, stored_rows
from .normalise import place_and_identity
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
    #: The natural keys (validate.key_frame) and file row numbers of those whose
    #: identity cells may meet another row's (:func:`_alike`): the others can be in no
    #: duplicate pair.
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


#: The cells that identify a row's device (its natural key, its asset tag).
IDENTITY = ("name", "asset_tag", "serial")


def _arrow(cells: pd.Series) -> pa.Array:
    """Text cells as one Arrow array (what pandas holds them in, without a copy)."""
    array = pa.array(pd.Series(cells, dtype="str").array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _alike(raw: pd.DataFrame, mapping: dict[str, str]) -> np.ndarray:
    """Mask of the rows of ``raw`` that the file's duplicate checks (validate.py) may
    find in a pair: those whose name, asset tag or serial may give the key another
    row's gives, or whose cell normalising may refuse. The others need no key.

    The key of a cell is its text cleaned (white space runs made one space, then
    stripped) in upper case. Without computing it, a cell in printable ASCII has its
    key's letters in upper case without the spaces, which equal keys share: two
    rows whose such « skeletons » differ in every column have no key in common. A
    cell of other characters (accents, tabs, no-break spaces: where the upper case of
    Python and Arrow may differ), or too long for the database, is cleaned exactly
    (normalise.place_and_identity), its key's skeleton taken from it, and its row
    kept. Each column costs a few Arrow kernels instead of the cleaning and keys of
    every row (docs/performance.md, « Réimport incrémental »).
    """
    columns = {f: c for c, f in mapping.items() if f in IDENTITY and c in raw.columns}
    cells = {f: _arrow(raw[c]) for f, c in columns.items()}
    odd = np.zeros(len(raw), dtype=bool)
    for field, values in cells.items():
        # Printable ASCII (no byte of another character is), within the limit in bytes
        # (at least as many as characters).
        plain = pc.ascii_is_printable(values)
        limit = FIELDS[field].max_length
        if limit:
            plain = pc.and_(plain, pc.less_equal(pc.binary_length(values), limit))
        odd |= ~pc.fill_null(plain, True).to_numpy(zero_copy_only=False)
    exact_rows = np.flatnonzero(odd)
    exact, _ = place_and_identity(raw.iloc[exact_rows], mapping, IDENTITY)
    alike = odd.copy()
    for field, values in cells.items():
        skeleton = pc.ascii_upper(pc.replace_substring(values, " ", ""))
        if len(exact_rows):
            keys = pd.Series(exact[field], dtype="str").str.strip().str.upper()
            spaceless = pc.replace_substring(_arrow(keys), " ", "")
            skeleton = pc.replace_with_mask(skeleton, pa.array(odd), spaceless.cast(skeleton.type))
        codes = pc.dictionary_encode(skeleton).indices.fill_null(-1).to_numpy()
        counts = np.bincount(codes[codes >= 0], minlength=1)
        alike |= (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)
    return alike


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
    no reading, or None when there are none.

    Only the rows whose identity cells may meet another row's (:func:`_alike`) get
    their natural key computed: the duplicate checks that compare the rows compared
    with the recognised ones need no other.
    """
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
    where = [c for c, f in mapping.items() if f in ("entity", "site") and c in raw.columns]
    entities, sites, placed = _placed(raw[where].iloc[positions], mapping, places)
    if not placed:
        return None
    stored_sites = devices["site_id"].to_numpy(dtype="float64")
    same = (entities == devices["entity_id"].to_numpy(dtype="float64")) & (
        (sites == stored_sites) | (np.isnan(sites) & np.isnan(stored_sites))
    )
    if not same.any():
        return None
    positions, entities = positions[same], entities[same]
    keyed = _alike(raw, mapping)[positions]
    # Only the cells that identify a row are taken (not the whole row).
    needed = [c for c, f in mapping.items() if f in IDENTITY and c in raw.columns]
    texts, clean = place_and_identity(raw[needed].iloc[positions[keyed]], mapping, IDENTITY)
    if not clean:
        return None
    owners = pd.Series(entities[keyed]).astype("Int64")
    keys = key_frame(texts.reset_index(drop=True), owners).assign(row=rows[positions[keyed]])
    return Recognised(
        positions=positions,
        device_ids=devices["id"].to_numpy(dtype=np.int64)[same],
        entity_ids=entities.astype(np.int64),
        keys=keys,
    )
