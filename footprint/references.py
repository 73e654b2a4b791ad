"""Give every device of a fleet frame a factor reference and a match level.

The frame may arrive with references already resolved (the fleet stores them);
the rest are matched by :func:`factors.matching.match_devices`, once per distinct
(category, manufacturer, model[, entity]) rather than once per device: a fleet of
a million devices holds a few thousand distinct models at most. References the
set does not hold fall back to their category's default reference.

Everything is done on integer codes: the result is the position of each
device's reference in the factor set, plus categorical columns for output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.vocabulary import MATCH_LEVELS

from .columns import key_codes

_KEYS = ("category", "manufacturer", "model")
_CATEGORY_LEVEL = MATCH_LEVELS.index("category")


@dataclass(frozen=True, eq=False)
class Resolved:
    """Per device: position of its reference in ``factor_set.references``, and
    the output columns (``reference`` and ``match_level`` as categoricals)."""

    positions: np.ndarray
    reference: pd.Categorical
    match_level: pd.Categorical[str]
    match_score: np.ndarray


def _group_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``keys``, numbered in order of first
    appearance (NA is a value of its own, apart from '')."""
    # One composite integer per row (a mixed radix of the columns' codes), factorised
    # once; renumbered on the way only if the radix would overflow 64 bits.
    code = np.zeros(len(frame), dtype=np.int64)
    span = 1
    for key in keys:
        codes, names = key_codes(frame, key)
        if span * len(names) >= 2**62:
            code, uniques = pd.factorize(code)
            span = len(uniques)
        code = code * len(names) + codes
        span *= len(names)
    numbered, _ = pd.factorize(code)
    return numbered


def _level_codes(levels: pd.Series | np.ndarray) -> np.ndarray:
    codes, uniques = pd.factorize(levels)
    lookup = np.array(
        [MATCH_LEVELS.index(u) if u in MATCH_LEVELS else _CATEGORY_LEVEL for u in uniques]
        + [_CATEGORY_LEVEL],
        dtype=np.int8,
    )
    return lookup[codes]


def _match(
    frame: pd.DataFrame,
    rows: np.ndarray,
    known: pd.Index,
    factor_set: FactorSet,
    aliases: pd.DataFrame | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions, level codes and scores of ``rows`` by the factors matcher."""
    from factors.matching import match_devices  # only needed when something is unresolved

    keys = list(_KEYS)
    if aliases is not None and "entity" in aliases.columns and aliases["entity"].notna().any():
        keys.append("entity")
    present = [k for k in keys if k in frame.columns]
    # Every row (the usual case): the frame's own columns, factorised once for its life.
    sub = frame[present] if len(rows) == len(frame) else frame.iloc[rows][present]
    groups = _group_codes(sub, keys)
    first = np.zeros(int(groups.max(initial=-1)) + 1, dtype=np.int64)
    first[groups[::-1]] = np.arange(len(groups) - 1, -1, -1)  # row k of ``distinct`` is group k
    distinct = sub.iloc[first].reset_index(drop=True)
    for k in keys:
        if k not in distinct.columns:
            distinct[k] = pd.Series(pd.NA, index=distinct.index, dtype="str")
    matched = match_devices(distinct, factor_set, aliases)
    positions = known.get_indexer(pd.Index(matched["reference"].astype(object)))
    levels = _level_codes(matched["match_level"].astype(object))
    scores = pd.to_numeric(matched["match_score"], errors="coerce").to_numpy(dtype=np.float64)
    return positions[groups], levels[groups], scores[groups]


def _category_defaults(categories: pd.Series, known: pd.Index, factor_set: FactorSet) -> np.ndarray:
    """Position of each row's category default reference (``other``'s if none)."""
    codes, uniques = pd.factorize(categories)
    lookup = []
    for category in [*uniques, "other"]:
        try:
            name = factor_set.category_default(str(category))
        except KeyError:
            name = factor_set.category_default("other")
        lookup.append(known.get_loc(name))
    return np.asarray(lookup, dtype=np.int64)[codes]


def resolve_references(
    frame: pd.DataFrame, factor_set: FactorSet, aliases: pd.DataFrame | None = None
) -> Resolved:
    """The reference of each row of ``frame``: given, else matched, else category default."""
    n = len(frame)
    known = pd.Index(factor_set.references["reference"].astype(object))
    positions = np.full(n, -1, dtype=np.int64)
    levels = np.full(n, _CATEGORY_LEVEL, dtype=np.int8)
    scores = np.full(n, np.nan)
    if "reference" in frame.columns:
        codes, uniques = pd.factorize(frame["reference"])
        lookup = np.append(known.get_indexer(pd.Index(uniques, dtype=object)), -1)
        blank = np.append(np.asarray([str(u).strip() == "" for u in uniques], dtype=bool), True)
        positions = lookup[codes]
        to_match = blank[codes]
        if "match_level" in frame.columns:
            levels = _level_codes(frame["match_level"])
        else:
            levels = np.zeros(n, dtype=np.int8)
        if "match_score" in frame.columns:
            scores = pd.to_numeric(frame["match_score"], errors="coerce").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
    else:
        to_match = np.ones(n, dtype=bool)
    if to_match.any():
        rows = np.flatnonzero(to_match)
        positions[rows], levels[rows], scores[rows] = _match(
            frame, rows, known, factor_set, aliases
        )
    unknown = positions < 0
    if unknown.any():
        rows = np.flatnonzero(unknown)
        category = frame["category"].iloc[rows].reset_index(drop=True)
        positions[rows] = _category_defaults(category, known, factor_set)
        levels[rows] = _CATEGORY_LEVEL
    return Resolved(
        positions=positions,
        reference=pd.Categorical.from_codes(positions, categories=known),
        match_level=pd.Categorical.from_codes(levels, categories=pd.Index(list(MATCH_LEVELS))),
        match_score=scores,
    )
