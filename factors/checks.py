"""Checks of a factor set's model references against their category (docs/factors.md §2.6).

A model reference whose embodied climate value is more than three times, or less
than a third of, its category default's is out of range: the gap is as likely to
come from a different method (manufacturer PCF against ADEME category value) as
from the model itself. Such a reference is flagged wherever it is shown or used
(``factors show``, ``factors compare``, the footprint's parameters), never used
silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet

#: A model value beyond this ratio (either way) to its category's is flagged.
OUT_OF_RANGE_RATIO = 3.0
#: Words of a model's impact source saying that missing phases were filled in.
FILLED_PHASES_MARK = "phases non publiées"


def category_ratios(factor_set: FactorSet) -> pd.Series:
    """Per model reference: its embodied gwp over its category default's (NaN for defaults)."""
    matrix = factor_set.impact_matrix(("gwp",))
    embodied = pd.Series(matrix.sum(axis=1).to_numpy(), index=matrix.index)
    refs = factor_set.references.set_index("reference")
    default_of = refs["category"].map(factor_set.defaults)
    ratio = embodied / embodied.reindex(default_of.to_numpy()).to_numpy()
    is_model = (refs["manufacturer"] != "") | (refs["model"] != "")
    out: pd.Series = ratio.where(is_model.reindex(ratio.index).to_numpy(), np.nan)
    return out


def out_of_range(factor_set: FactorSet) -> pd.Series:
    """Ratios of the model references out of range (> 3× or < 1/3 of their category's)."""
    ratio = category_ratios(factor_set)
    flagged = (ratio > OUT_OF_RANGE_RATIO) | (ratio < 1 / OUT_OF_RANGE_RATIO)
    return ratio[flagged.to_numpy()]


def filled_phases(factor_set: FactorSet) -> set[str]:
    """Model references some of whose phases were filled from the category's phase split."""
    impacts = factor_set.impacts
    marked = impacts["source"].astype("str").str.contains(FILLED_PHASES_MARK, regex=False)
    return set(impacts.loc[marked, "reference"].astype("str"))


def reference_flags(factor_set: FactorSet, reference: str) -> list[str]:
    """The French warnings ``factors show`` prints for one reference."""
    flags = []
    ratio = category_ratios(factor_set).get(reference, np.nan)
    if not np.isnan(ratio) and not 1 / OUT_OF_RANGE_RATIO <= ratio <= OUT_OF_RANGE_RATIO:
        flags.append(
            f"hors plage : {ratio:.2f} × la valeur de sa catégorie (au-delà de ×3 ou de ÷3) ; "
            "vérifier la méthode de la source avant de l'utiliser".replace(".", ",", 1)
        )
    if reference in filled_phases(factor_set):
        flags.append("phases manquantes complétées selon la répartition de sa catégorie")
    return flags
