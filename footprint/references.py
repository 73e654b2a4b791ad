"""Give every device of a fleet frame a factor reference and a match level.

The frame may arrive with references already resolved (the fleet stores them);
the rest are matched by :func:`factors.matching.match_devices`, once per distinct
(category, manufacturer, model[, entity]) rather than once per device: a fleet of
a million devices holds a few thousand distinct models at most.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet

_KEYS = ("category", "manufacturer", "model")


def _group_codes(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``keys`` (NA is a value)."""
    code = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=True)
        code = code * (len(uniques) + 1) + (codes + 1)
        code, _ = pd.factorize(code)
    return code


def _known_or_category_default(
    reference: pd.Series, level: pd.Series, category: pd.Series, factor_set: FactorSet
) -> tuple[pd.Series, pd.Series]:
    """Replace references the set does not hold by their category default."""
    known = set(factor_set.references["reference"].astype(str))
    codes, uniques = pd.factorize(reference, use_na_sentinel=True)
    good = np.array([u in known for u in uniques] + [False], dtype=bool)[codes]
    if good.all():
        return reference, level
    defaults = {}
    for cat in pd.unique(category[~good]):
        try:
            defaults[cat] = factor_set.category_default(str(cat))
        except (KeyError, LookupError, ValueError):
            defaults[cat] = factor_set.category_default("other")
    reference = reference.astype(object).where(good, category.map(defaults))
    level = level.astype(object).where(good, "category")
    return reference.astype("str"), level.astype("str")


def resolve_references(
    frame: pd.DataFrame, factor_set: FactorSet, aliases: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``reference``, ``match_level`` and ``match_score`` for each row of ``frame``."""
    n = len(frame)
    index = pd.RangeIndex(n)
    if "reference" in frame.columns:
        reference = frame["reference"].reset_index(drop=True).astype(object)
        level = (
            frame["match_level"].reset_index(drop=True).astype(object)
            if "match_level" in frame.columns
            else pd.Series("model", index=index, dtype=object)
        )
        score = (
            frame["match_score"].reset_index(drop=True)
            if "match_score" in frame.columns
            else pd.Series(np.nan, index=index)
        )
        todo = reference.isna() | (reference == "")
    else:
        reference = pd.Series(None, index=index, dtype=object)
        level = pd.Series(None, index=index, dtype=object)
        score = pd.Series(np.nan, index=index)
        todo = pd.Series(True, index=index)
    if todo.any():
        rows = np.flatnonzero(todo.to_numpy())
        keys = list(_KEYS)
        if aliases is not None and "entity" in aliases.columns and aliases["entity"].notna().any():
            keys.append("entity")
        present = [k for k in keys if k in frame.columns]
        sub = frame.iloc[rows][present].reset_index(drop=True)
        for k in keys:
            if k not in sub.columns:
                sub[k] = pd.Series(pd.NA, index=sub.index, dtype="str")
        groups = _group_codes(sub, keys)
        _, first = np.unique(groups, return_index=True)
        distinct = sub.iloc[first].reset_index(drop=True)
        from factors.matching import match_devices  # only when something is unresolved

        matched = match_devices(distinct, factor_set, aliases)
        pick = groups  # codes are 0..k-1, and np.unique sorted them: row k of distinct
        reference.iloc[rows] = matched["reference"].to_numpy(dtype=object)[pick]
        level.iloc[rows] = matched["match_level"].to_numpy(dtype=object)[pick]
        score.iloc[rows] = pd.to_numeric(matched["match_score"], errors="coerce").to_numpy()[pick]
    category = frame["category"].reset_index(drop=True)
    reference, level = _known_or_category_default(
        reference.astype("str"), level.astype("str"), category, factor_set
    )
    return pd.DataFrame({"reference": reference, "match_level": level, "match_score": score})
