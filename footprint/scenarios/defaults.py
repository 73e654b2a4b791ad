"""Fill a scenario's blanks per category: from the fleet first, else documented defaults.

- replacement age of a new device: the median age at retirement of the fleet's
  own retired devices of the category (when at least ``min_sample`` units are
  retired with both dates known) — what the organisation actually does — else
  the lifespan of the category's default reference in the factor set;
- remaining lifespan of a refurbished purchase: the same replacement age as a new
  device of the category. The factor sets' refurbished ratio comes from ADEME's
  2022 study of refurbished products, whose avoided impacts (43–97 % for PCs,
  64–87 % for smartphones) are per year of use, comparing equal service
  durations; a shorter default second life would charge that shortness twice.
  A buyer who expects less (ADEME: refurbished PCs typically serve three more
  years or more) sets ``refurbished_lifespan`` per category;
- unit prices: the median unit price of the fleet's recent purchases (the
  ``RECENT_YEARS`` years before the horizon), new and refurbished separately, else
  the table of :mod:`footprint.scenarios.prices`; a refurbished price missing from
  the fleet while its new price is known keeps the table's refurbished/new ratio.

Medians are weighted by quantity (a lot of 20 counts 20 times). Every value
carries a ``*_source`` saying which rule gave it, shown on every output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet

from ..columns import numbers
from ..engine import DAYS_PER_YEAR, GONE_STATUSES
from ..factor_arrays import build_factor_arrays
from .params import MINIMUM_AGE_YEARS, ScenarioParams
from .prices import table_price

#: Purchases this many years before the horizon (and in its first year) count as recent.
RECENT_YEARS = 3

#: Values of the ``*_source`` columns of a plan.
SOURCE_SCENARIO = "scenario"
SOURCE_OBSERVED = "fleet_median"
SOURCE_REFERENCE = "reference_lifespan"
SOURCE_SAME_AS_NEW = "same_as_new"
SOURCE_TABLE = "price_table"
SOURCE_TABLE_RATIO = "fleet_new_price_x_table_ratio"

SOURCE_LABELS: dict[str, tuple[str, str]] = {
    SOURCE_SCENARIO: ("fixé par le scénario", "set by the scenario"),
    SOURCE_OBSERVED: ("médiane observée dans le parc", "median observed in the fleet"),
    SOURCE_REFERENCE: ("durée de vie de la référence", "reference lifespan"),
    SOURCE_SAME_AS_NEW: (
        "comme un équipement neuf (ratio ADEME 2022 par année d'usage)",
        "as a new device (ADEME 2022 ratio per year of use)",
    ),
    SOURCE_TABLE: ("table de prix par défaut", "default price table"),
    SOURCE_TABLE_RATIO: (
        "prix neuf du parc × ratio de la table",
        "fleet new price × table ratio",
    ),
}

#: Columns of the fleet statistics used as defaults (one row per category).
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "retired_units",
    "observed_age",
    "priced_new_units",
    "price_new",
    "priced_refurbished_units",
    "price_refurbished",
)


#: Columns of a plan (:func:`plan_categories`), indexed by category.
PLAN_COLUMNS: tuple[str, ...] = (
    "replacement_age",
    "replacement_age_source",
    "refurbished_lifespan",
    "refurbished_lifespan_source",
    "refurbished_share",
    "price_new",
    "price_new_source",
    "price_refurbished",
    "price_refurbished_source",
)


def weighted_median(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """Median of ``values`` per group, each value counted ``weights`` times.

    With unit weights and an even count it is the mean of the two middle values,
    as the ordinary median.
    """
    frame = pd.DataFrame(
        {
            "g": groups.to_numpy(),
            "v": values.to_numpy(dtype=np.float64),
            "w": weights.to_numpy(dtype=np.float64),
        }
    ).sort_values(["g", "v"], kind="stable")
    if frame.empty:
        return pd.Series(dtype=np.float64)
    cumulative = frame.groupby("g", sort=False)["w"].cumsum()
    half = frame.groupby("g", sort=False)["w"].transform("sum") / 2.0
    lower = frame.loc[cumulative >= half].groupby("g")["v"].first()
    upper = frame.loc[cumulative > half].groupby("g")["v"].first()
    return (lower + upper.reindex(lower.index).fillna(lower)) / 2.0


def observe_fleet(frame: pd.DataFrame, first_year: int) -> pd.DataFrame:
    """Per category: retired units with known ages and their median age, and the
    recent purchases with a price and their median unit price (new, refurbished)."""
    quantity = pd.to_numeric(frame["quantity"], errors="coerce").fillna(1.0)
    purchase = pd.to_datetime(frame["purchase_date"], errors="coerce")
    retirement = pd.to_datetime(frame["retirement_date"], errors="coerce")
    status = frame["status"].astype("str")
    age = (retirement - purchase).dt.days / DAYS_PER_YEAR
    retired = status.isin(list(GONE_STATUSES)) & age.notna() & (age >= 0)
    category = frame["category"].astype("str")

    result = pd.DataFrame(index=pd.Index(pd.unique(category), name="category"))
    result["retired_units"] = quantity[retired].groupby(category[retired]).sum()
    result["observed_age"] = weighted_median(age[retired], quantity[retired], category[retired])

    price = numbers(frame, "price_eur")
    recent = price.notna() & (price > 0) & (purchase.dt.year >= first_year - RECENT_YEARS)
    recent &= purchase.dt.year <= first_year
    acquisition = frame["acquisition"].astype("str")
    for kind, column in (("new", "price_new"), ("refurbished", "price_refurbished")):
        rows = recent & (acquisition == kind)
        result[f"priced_{kind}_units"] = quantity[rows].groupby(category[rows]).sum()
        result[column] = weighted_median(price[rows], quantity[rows], category[rows])
    counts = ["retired_units", "priced_new_units", "priced_refurbished_units"]
    result[counts] = result[counts].fillna(0.0)
    return result[list(OBSERVATION_COLUMNS)]


def reference_lifespans(factor_set: FactorSet, categories: Iterable[str]) -> pd.Series:
    """Lifespan of each category's default reference (the engine's own fallbacks)."""
    arrays = build_factor_arrays(factor_set, ("gwp",))
    lifespans = {}
    for category in categories:
        try:
            reference = factor_set.category_default(category)
        except KeyError:
            reference = factor_set.category_default("other")
        lifespans[category] = float(arrays.lifespan_years[arrays.positions([reference])[0]])
    return pd.Series(lifespans, dtype=np.float64)


def plan_categories(
    params: ScenarioParams,
    observations: pd.DataFrame,
    lifespans: pd.Series,
) -> pd.DataFrame:
    """The per-category parameters a projection runs with, and where each comes from.

    One row per category of ``observations``: ``replacement_age`` (new devices,
    extension included), ``refurbished_lifespan`` (extension included),
    ``refurbished_share``, ``price_new``, ``price_refurbished`` and their sources.
    """
    rows = []
    for category, obs in observations.iterrows():
        category = str(category)
        if category in params.replacement_age:
            age, age_source = float(params.replacement_age[category]), SOURCE_SCENARIO
        elif obs["retired_units"] >= params.min_sample and not np.isnan(obs["observed_age"]):
            age, age_source = float(obs["observed_age"]), SOURCE_OBSERVED
        else:
            age, age_source = float(lifespans[category]), SOURCE_REFERENCE
        age = max(age, MINIMUM_AGE_YEARS) + params.extend_years
        if category in params.refurbished_lifespan:
            refurb_life = float(params.refurbished_lifespan[category]) + params.extend_years
            life_source = SOURCE_SCENARIO
        else:
            refurb_life, life_source = age, SOURCE_SAME_AS_NEW

        price_new, new_source = _price(
            params.prices_new, category, obs["priced_new_units"], obs["price_new"], params
        )
        if new_source is None:
            price_new, new_source = table_price(category, refurbished=False), SOURCE_TABLE
        price_refurb, refurb_source = _price(
            params.prices_refurbished,
            category,
            obs["priced_refurbished_units"],
            obs["price_refurbished"],
            params,
        )
        if refurb_source is None:
            ratio = table_price(category, True) / table_price(category, False)
            if new_source == SOURCE_TABLE:
                price_refurb, refurb_source = table_price(category, True), SOURCE_TABLE
            else:
                price_refurb, refurb_source = price_new * ratio, SOURCE_TABLE_RATIO
        rows.append(
            {
                "category": category,
                "replacement_age": age,
                "replacement_age_source": age_source,
                "refurbished_lifespan": refurb_life,
                "refurbished_lifespan_source": life_source,
                "refurbished_share": params.share_of(category),
                "price_new": price_new,
                "price_new_source": new_source,
                "price_refurbished": price_refurb,
                "price_refurbished_source": refurb_source,
            }
        )
    return pd.DataFrame(rows, columns=["category", *PLAN_COLUMNS]).set_index("category")


def _price(
    given: Mapping[str, float],
    category: str,
    units: float,
    observed: float,
    params: ScenarioParams,
) -> tuple[float, str | None]:
    """A price set by the scenario, else observed in the fleet, else (nan, None)."""
    if category in given:
        return float(given[category]), SOURCE_SCENARIO
    if units >= params.min_sample and not np.isnan(observed):
        return float(observed), SOURCE_OBSERVED
    return float("nan"), None
