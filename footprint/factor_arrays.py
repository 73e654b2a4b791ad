"""A factor set laid out as numpy arrays indexed by reference position.

The engine and the Monte Carlo both need, for thousands of devices, the value of
one factor of one reference: gathering from small dense arrays by an integer code
is what keeps them fast, instead of joining DataFrames on strings per device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.vocabulary import PHASES

#: Lifespan used when neither a reference nor its category default gives one
#: (NumEcoEval's fallback, docs/method.md §3).
FALLBACK_LIFESPAN_YEARS = 2.0


@dataclass(frozen=True)
class FactorArrays:
    """Per-reference arrays, row ``i`` describing ``references[i]``.

    ``value``, ``low`` and ``high`` have shape (references, criteria, phases);
    a missing low or high is replaced by the central value (no spread).
    """

    references: pd.Index
    categories: np.ndarray
    lifespan_years: np.ndarray
    annual_kwh: np.ndarray
    #: Bounds of the default annual kWh (the central value where the set gives none).
    annual_kwh_low: np.ndarray
    annual_kwh_high: np.ndarray
    refurbished_ratio: np.ndarray
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    criteria: tuple[str, ...]

    def positions(self, references: pd.Index | Sequence[str]) -> np.ndarray:
        """Row position of each reference, -1 when the set does not know it."""
        out: np.ndarray = np.asarray(
            self.references.get_indexer(pd.Index(references)), dtype=np.int64
        )
        return out


def _category_fallback(refs: pd.DataFrame, column: str, factor_set: FactorSet) -> np.ndarray:
    """A reference's own value, else its category default's value (NaN if neither)."""
    own = pd.to_numeric(refs[column], errors="coerce").to_numpy(dtype=np.float64)
    defaults = {}
    for category in pd.unique(refs["category"]):
        try:
            defaults[category] = factor_set.category_default(str(category))
        except (KeyError, LookupError, ValueError):
            continue
    by_reference = pd.Series(own, index=refs["reference"].to_numpy())
    by_reference = by_reference[~by_reference.index.duplicated()]
    default_ref = refs["category"].map(defaults)
    fallback = default_ref.map(by_reference).to_numpy(dtype=np.float64, na_value=np.nan)
    return np.where(np.isnan(own), fallback, own)


def build_factor_arrays(factor_set: FactorSet, criteria: Sequence[str]) -> FactorArrays:
    """Lay out ``factor_set`` for ``criteria`` (factors missing even from the
    category default count as 0), cached on the set."""
    key = f"footprint-arrays:{','.join(criteria)}"
    cached = factor_set._derived.get(key)
    if isinstance(cached, FactorArrays):
        return cached
    arrays = _build(factor_set, tuple(criteria))
    factor_set._derived[key] = arrays
    return arrays


def _build(factor_set: FactorSet, criteria: tuple[str, ...]) -> FactorArrays:
    refs = factor_set.references.reset_index(drop=True)
    references = pd.Index(refs["reference"].astype(str).to_numpy())
    lifespan = _category_fallback(refs, "lifespan_years", factor_set)
    lifespan = np.where(np.isnan(lifespan), FALLBACK_LIFESPAN_YEARS, lifespan)
    kwh = np.nan_to_num(_category_fallback(refs, "annual_kwh", factor_set), nan=0.0)
    kwh_low, kwh_high = (
        pd.to_numeric(refs[c], errors="coerce").to_numpy(dtype=np.float64)
        if c in refs.columns
        else np.full(len(refs), np.nan)
        for c in ("annual_kwh_low", "annual_kwh_high")
    )
    ratio = np.nan_to_num(_category_fallback(refs, "refurbished_ratio", factor_set), nan=1.0)

    n_phases = len(PHASES)
    shape = (len(references), len(criteria), n_phases)

    def wide(field: str) -> np.ndarray:
        matrix = factor_set.impact_matrix(tuple(criteria), field=field)
        out: np.ndarray = np.nan_to_num(matrix.to_numpy(dtype=np.float64), nan=0.0)
        return out.reshape(shape)

    value = wide("value")
    low = np.minimum(wide("low"), value)
    high = np.maximum(wide("high"), value)
    return FactorArrays(
        references=references,
        categories=refs["category"].astype(str).to_numpy(),
        lifespan_years=lifespan,
        annual_kwh=kwh,
        annual_kwh_low=np.minimum(np.where(np.isnan(kwh_low), kwh, kwh_low), kwh),
        annual_kwh_high=np.maximum(np.where(np.isnan(kwh_high), kwh, kwh_high), kwh),
        refurbished_ratio=ratio,
        value=value,
        low=low,
        high=high,
        criteria=criteria,
    )
