"""Reuse indicators: the décret 2023-266 rate, exits per channel, WEEE weight, CO2e avoided.

**Rate of year N** = A / B × 100, per entity (the giving entity):

- A — units sent to reuse or preparation for reuse during N: disposals through
  ``internal_redeploy``, ``public_transfer``, ``donation`` or ``sale`` whose
  ``disposed_on`` falls in N;
- B — retired units in stock on 1 January N: devices whose ``retirement_date``
  is before 1 January N, less the units that left before that day; plus units
  redeployed internally on or after 1 January N whose disposal says they had
  been retired before it (a redeployment clears the device's retirement date,
  the disposal keeps it as ``retired_on``).

Excluded from both, and counted apart: items holding classified or specially
protected data; items of a category outside WEEE categories 2° (screens) and 6°
(small IT and telecom) per the rules' ``rate.weee_category`` mapping (by default
every category counts); items over 10 years old (on 1 January N for B, on the
disposal day for A). Units of lots count one by one. Devices retired without a
retirement date cannot be placed in time: they are counted as
``retired_undated``, outside B.

**CO2e avoided** — a reused device spares the manufacture of a new one for the
extra years it serves: embodied GWP of a new unit of its reference × extra years
(rules ``avoided.extra_years``, per channel) / reference lifespan, at most the
whole embodied impact.

The disposals frame (``fleet.report_data.disposals_frame``) has one row per disposal
with at least ``device_id, quantity, channel, from_entity, disposed_on,
retired_on, category, purchase_date, classified`` (and ``weight_kg``,
``manufacturer``, ``model`` for weights and avoided emissions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.vocabulary import DISPOSAL_CHANNELS, REUSE_CHANNELS

from ..columns import dates, flags, present, texts
from ..engine import DAYS_PER_YEAR
from .config import ReuseRules, default_rules
from .factor_lookup import reference_lookup
from .weee import device_weights

#: WEEE categories (code de l'environnement, art. R. 543-172) the rate covers.
RATE_WEEE_CATEGORIES: frozenset[int] = frozenset({2, 6})
#: Statuses that mean "retired" even when the retirement date is missing.
RETIRED_STATUSES: tuple[str, ...] = ("retired", "reuse_pending")
#: Exclusion reasons, in the order they are tested (one reason per unit).
EXCLUSIONS: tuple[str, ...] = ("classified", "category", "over_age")

RATE_COLUMNS: tuple[str, ...] = (
    "year",
    "reused",
    "retired_stock",
    "rate_pct",
    "target_pct",
    "meets_target",
    "excluded_classified_a",
    "excluded_category_a",
    "excluded_over_age_a",
    "excluded_classified_b",
    "excluded_category_b",
    "excluded_over_age_b",
    "retired_undated",
)

_BY_CHOICES = ("entity", "category", None)


def _units(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["quantity"], errors="coerce").fillna(1).astype("int64")


#: The device columns the retired stock reads: its units, its groups, its exclusion.
_STOCK_COLUMNS = ("device_id", "quantity", "entity", "category", "purchase_date", "classified")


def _check_by(by: str | None) -> None:
    if by not in _BY_CHOICES:
        raise ValueError(f"regroupement inconnu : {by!r} (attendu : entity, category ou aucun)")


def _exclusion(frame: pd.DataFrame, at: pd.Series | pd.Timestamp, rules: ReuseRules) -> np.ndarray:
    """The exclusion reason of each row ("" when it counts)."""
    purchase = dates(frame, "purchase_date")
    age = (at - purchase).dt.days.to_numpy(dtype=np.float64, na_value=np.nan) / DAYS_PER_YEAR
    weee = frame["category"].map(rules.weee_category).fillna(0).astype(int)
    covered = weee.isin(list(RATE_WEEE_CATEGORIES)).to_numpy()
    return np.select(
        [flags(frame, "classified"), ~covered, age > rules.max_reuse_years],
        list(EXCLUSIONS),
        "",
    )


def _disposed_in(disposals: pd.DataFrame, year: int) -> pd.Series:
    day = dates(disposals, "disposed_on")
    return (day >= pd.Timestamp(year, 1, 1)) & (day < pd.Timestamp(year + 1, 1, 1))


def retired_stock(
    devices: pd.DataFrame, disposals: pd.DataFrame, year: int, rules: ReuseRules | None = None
) -> pd.DataFrame:
    """B's population: ``entity, category, units, exclusion`` of the retired stock on 1 January."""
    rules = rules or default_rules()
    jan1 = pd.Timestamp(year, 1, 1)
    retired = (dates(devices, "retirement_date") < jan1).to_numpy()
    held = devices.loc[retired, present(devices, _STOCK_COLUMNS)]
    units = _units(held)
    if not disposals.empty:
        left = disposals.loc[
            (disposals["channel"] != "internal_redeploy") & (dates(disposals, "disposed_on") < jan1)
        ]
        gone = _units(left).groupby(left["device_id"].to_numpy()).sum()
        units = (units - held["device_id"].map(gone).fillna(0).astype("int64")).clip(lower=0)
    parts = [
        pd.DataFrame(
            {
                "entity": held["entity"].astype("str").to_numpy(),
                "category": held["category"].astype("str").to_numpy(),
                "units": units.to_numpy(),
                "exclusion": _exclusion(held, jan1, rules),
            }
        )
    ]
    if not disposals.empty:
        moved = disposals.loc[
            (disposals["channel"] == "internal_redeploy")
            & (dates(disposals, "disposed_on") >= jan1)
            & (dates(disposals, "retired_on") < jan1)
        ]
        parts.append(
            pd.DataFrame(
                {
                    "entity": moved["from_entity"].astype("str").to_numpy(),
                    "category": moved["category"].astype("str").to_numpy(),
                    "units": _units(moved).to_numpy(),
                    "exclusion": _exclusion(moved, jan1, rules),
                }
            )
        )
    stock = pd.concat(parts, ignore_index=True)
    return stock.loc[stock["units"] > 0].reset_index(drop=True)


def reused_items(
    disposals: pd.DataFrame, year: int, rules: ReuseRules | None = None
) -> pd.DataFrame:
    """A's population: ``entity, category, channel, units, exclusion`` of the year's reuse exits."""
    rules = rules or default_rules()
    if disposals.empty:
        return pd.DataFrame(columns=["entity", "category", "channel", "units", "exclusion"])
    rows = disposals.loc[disposals["channel"].isin(REUSE_CHANNELS) & _disposed_in(disposals, year)]
    return pd.DataFrame(
        {
            "entity": rows["from_entity"].astype("str").to_numpy(),
            "category": rows["category"].astype("str").to_numpy(),
            "channel": rows["channel"].astype("str").to_numpy(),
            "units": _units(rows).to_numpy(),
            "exclusion": _exclusion(rows, dates(rows, "disposed_on"), rules),
        }
    )


def _tally(population: pd.DataFrame, by: str | None, suffix: str) -> pd.DataFrame:
    """Counted units and units per exclusion reason, per group."""
    columns = [suffix, *(f"excluded_{e}_{suffix[-1]}" for e in EXCLUSIONS)]
    if population.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
    key = population[by] if by else pd.Series("", index=population.index)
    reason = population["exclusion"].where(population["exclusion"] != "", "counted")
    table = population["units"].groupby([key.to_numpy(), reason.to_numpy()]).sum().unstack()
    table = table.reindex(columns=["counted", *EXCLUSIONS]).fillna(0).astype("int64")
    return table.rename(
        columns={"counted": suffix, **{e: f"excluded_{e}_{suffix[-1]}" for e in EXCLUSIONS}}
    )


@dataclass(frozen=True)
class _Populations:
    """What every grouping of a year's rate tallies: A (the year's reuse exits), B
    (the retired stock on 1 January) and the retired devices without a date."""

    reused: pd.DataFrame
    stock: pd.DataFrame
    undated: pd.DataFrame


def _populations(
    devices: pd.DataFrame, disposals: pd.DataFrame, year: int, rules: ReuseRules
) -> _Populations:
    status = texts(devices, "status")
    undated = devices.loc[
        status.isin(RETIRED_STATUSES).to_numpy() & dates(devices, "retirement_date").isna(),
        present(devices, ("quantity", "entity", "category")),
    ]
    return _Populations(
        reused_items(disposals, year, rules),
        retired_stock(devices, disposals, year, rules),
        undated,
    )


def reuse_rate(
    devices: pd.DataFrame,
    disposals: pd.DataFrame,
    year: int,
    by: str | None = "entity",
    rules: ReuseRules | None = None,
) -> pd.DataFrame:
    """The décret 2023-266 rate of ``year`` per ``by`` (entity, category, or None for all).

    Columns: ``by`` (when given) then :data:`RATE_COLUMNS`; ``rate_pct`` is NaN
    when B is 0, ``target_pct`` NaN before 2023.
    """
    _check_by(by)
    rules = rules or default_rules()
    return _rate_table(_populations(devices, disposals, year, rules), year, by, rules)


def _rate_table(
    populations: _Populations, year: int, by: str | None, rules: ReuseRules
) -> pd.DataFrame:
    a = _tally(populations.reused, by, "reused_a")
    b = _tally(populations.stock, by, "retired_stock_b")
    undated = populations.undated
    undated_key = undated[by].astype("str") if by else pd.Series("", index=undated.index)
    undated_units = _units(undated).groupby(undated_key.to_numpy()).sum()
    table = a.join(b, how="outer").join(undated_units.rename("retired_undated"), how="outer")
    if by is None:
        table = table.reindex([""])
    table = table.fillna(0).astype("int64")
    table = table.rename(columns={"reused_a": "reused", "retired_stock_b": "retired_stock"})
    table["year"] = year
    b_units = table["retired_stock"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(b_units > 0, table["reused"].to_numpy() / b_units * 100.0, np.nan)
    table["rate_pct"] = np.round(rate, 2)
    target = rules.target(year)
    table["target_pct"] = np.nan if target is None else target
    meets = pd.Series(table["rate_pct"] >= table["target_pct"], dtype="boolean")
    table["meets_target"] = meets.mask(table["rate_pct"].isna() | table["target_pct"].isna())
    columns = list(RATE_COLUMNS)
    return _finish(table, by)[[by, *columns] if by else columns]


def _year_rows(disposals: pd.DataFrame, year: int, channels: Sequence[str]) -> pd.DataFrame:
    if disposals.empty:
        return disposals
    return disposals.loc[disposals["channel"].isin(list(channels)) & _disposed_in(disposals, year)]


def _group(rows: pd.DataFrame, by: str | None) -> np.ndarray:
    if by is None:
        return np.full(len(rows), "", dtype=object)
    column = "from_entity" if by == "entity" else by
    return rows[column].astype("str").to_numpy()


def channel_counts(disposals: pd.DataFrame, year: int, by: str | None = "entity") -> pd.DataFrame:
    """Units that left through each channel during ``year`` (one column per channel)."""
    _check_by(by)
    rows = _year_rows(disposals, year, DISPOSAL_CHANNELS)
    if rows.empty:
        table = pd.DataFrame(0, index=[], columns=list(DISPOSAL_CHANNELS))
    else:
        table = (
            _units(rows)
            .groupby([_group(rows, by), rows["channel"].to_numpy()])
            .sum()
            .unstack()
            .reindex(columns=list(DISPOSAL_CHANNELS))
            .fillna(0)
            .astype("int64")
        )
    return _finish(table, by)


def weee_weight(
    disposals: pd.DataFrame,
    year: int,
    by: str | None = "entity",
    rules: ReuseRules | None = None,
    factor_set: FactorSet | None = None,
) -> pd.DataFrame:
    """Kilograms recycled through WEEE channels during ``year`` (``weee_kg``)."""
    return _weight(disposals, year, ("weee_recycling",), "weee_kg", by, rules, factor_set)


def reused_weight(
    disposals: pd.DataFrame,
    year: int,
    by: str | None = "entity",
    rules: ReuseRules | None = None,
    factor_set: FactorSet | None = None,
) -> pd.DataFrame:
    """Kilograms sent to reuse during ``year`` (``reused_kg``): the WEEE the reuse
    channel avoided, weighed as :func:`weee_weight` weighs what it recycled."""
    return _weight(disposals, year, REUSE_CHANNELS, "reused_kg", by, rules, factor_set)


def _weight(
    disposals: pd.DataFrame,
    year: int,
    channels: Sequence[str],
    column: str,
    by: str | None,
    rules: ReuseRules | None,
    factor_set: FactorSet | None,
) -> pd.DataFrame:
    """Units × unit weight (device, else reference, else category) of the year's exits
    through ``channels``, summed per group into ``column``."""
    _check_by(by)
    rules = rules or default_rules()
    rows = _year_rows(disposals, year, channels)
    if rows.empty:
        table = pd.DataFrame({column: pd.Series(dtype="float64")})
    else:
        kg = device_weights(rows, rules, factor_set)["unit_weight_kg"] * _units(rows)
        table = kg.groupby(_group(rows, by)).sum().round(2).to_frame(column)
    return _finish(table, by)


def avoided_emissions(
    disposals: pd.DataFrame,
    year: int,
    factor_set: FactorSet,
    by: str | None = "entity",
    rules: ReuseRules | None = None,
) -> pd.DataFrame:
    """kg CO2e avoided by the year's reuse exits (``avoided_gwp_kg``), see module doc."""
    _check_by(by)
    rules = rules or default_rules()
    rows = _year_rows(disposals, year, REUSE_CHANNELS)
    if rows.empty:
        table = pd.DataFrame({"avoided_gwp_kg": pd.Series(dtype="float64")})
    else:
        lookup = reference_lookup(rows, factor_set)
        extra = rows["channel"].map(rules.extra_years).fillna(0.0).to_numpy(dtype=np.float64)
        lifespan = lookup["lifespan_years"].to_numpy(dtype=np.float64)
        share = np.clip(np.where(lifespan > 0, extra / lifespan, 0.0), 0.0, 1.0)
        avoided = np.nan_to_num(lookup["embodied_gwp_kg"].to_numpy() * share) * _units(rows)
        table = (
            pd.Series(avoided.to_numpy(), index=rows.index)
            .groupby(_group(rows, by))
            .sum()
            .round(1)
            .to_frame("avoided_gwp_kg")
        )
    return _finish(table, by)


def _finish(table: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """The group key as a text column ``by`` (also when there is no group, so that the
    tables of one year always merge), or one row for the whole scope."""
    table = table.sort_index()
    if by:
        table.index = table.index.astype("str")
        table.index.name = by
        return table.reset_index()
    if table.empty:
        table = pd.DataFrame(0, index=[""], columns=table.columns)
    return table.reset_index(drop=True)


def reuse_indicators(
    devices: pd.DataFrame,
    disposals: pd.DataFrame,
    year: int,
    by: str | None = "entity",
    rules: ReuseRules | None = None,
    factor_set: FactorSet | None = None,
) -> pd.DataFrame:
    """The rate, the exits per channel, WEEE kg and (with a factor set) CO2e avoided."""
    return reuse_indicators_by(devices, disposals, year, (by,), rules, factor_set)[0]


def reuse_indicators_by(
    devices: pd.DataFrame,
    disposals: pd.DataFrame,
    year: int,
    groupings: Sequence[str | None],
    rules: ReuseRules | None = None,
    factor_set: FactorSet | None = None,
) -> list[pd.DataFrame]:
    """:func:`reuse_indicators` for each of ``groupings`` (the REEN report wants them per
    entity and for all), their populations gathered once: the retired stock reads
    the whole fleet, and each grouping gathered it again."""
    rules = rules or default_rules()
    populations = _populations(devices, disposals, year, rules)
    return [_indicators(populations, disposals, year, by, rules, factor_set) for by in groupings]


def _indicators(
    populations: _Populations,
    disposals: pd.DataFrame,
    year: int,
    by: str | None,
    rules: ReuseRules,
    factor_set: FactorSet | None,
) -> pd.DataFrame:
    _check_by(by)
    parts = [
        _rate_table(populations, year, by, rules),
        channel_counts(disposals, year, by),
        weee_weight(disposals, year, by, rules, factor_set),
    ]
    if factor_set is not None:
        parts.append(avoided_emissions(disposals, year, factor_set, by, rules))
    if by is None:
        merged = pd.concat([p.reset_index(drop=True) for p in parts], axis=1)
    else:
        merged = parts[0]
        for part in parts[1:]:
            merged = merged.merge(part, on=by, how="outer")
        merged["year"] = year
    numeric = [*DISPOSAL_CHANNELS, "weee_kg", "avoided_gwp_kg"]
    for column in numeric:
        if column in merged:
            merged[column] = merged[column].fillna(0)
    for column in RATE_COLUMNS:
        if column.startswith(("reused", "retired_", "excluded_")):
            merged[column] = merged[column].fillna(0).astype("int64")
    return merged
