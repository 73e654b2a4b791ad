"""Project the fleet year by year under a scenario: renewals, purchases, footprint, WEEE.

The fleet is first reduced to *cohorts* — devices of the same category,
reference, acquisition, purchase year and powered state, with their quantities
summed (100,000 devices make a few thousand cohorts). A scenario then only loops
over years:

1. every cohort gets the year it is replaced: its purchase year plus its
   replacement age (a refurbished purchase: its remaining lifespan), ages being
   counted in whole years from the 1st of January of the purchase year; a
   fractional age splits the cohort between the two neighbouring years (4.3
   years: 70 % after 4 years, 30 % after 5), so averages stay exact; devices
   already past their age are replaced in the first year of the horizon; a
   device with no purchase date is assumed half-way through its life;
2. in each year, the units replaced (plus the fleet's growth) are bought back,
   new or refurbished according to the scenario's shares, as the category's
   default reference (a future purchase is an unknown model); the replaced units
   leave for the reuse channel, or for WEEE recycling when older than the reuse
   rules' age limit (over 10 years by default, as the reuse routing); every
   unit leaving and every refurbished unit bought is also weighed (``leaving_kg``,
   ``refurbished_kg``), from which a comparison counts the WEEE avoided;
3. the footprint of each year is computed by the engine
   (:func:`footprint.engine.compute`) on the whole cohort table, with each
   cohort's planned retirement date: the same formulas, method and electricity
   choice as the footprint of the fleet, never re-implemented here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from factors.factor_set import ElectricityFactor, FactorSet

from ..columns import numbers
from ..engine import compute, electricity_factors
from ..indicators.agec import AGEC_IT_CATEGORIES
from ..reuse.config import ReuseRules, default_rules
from ..scope import compute_year, fleet_of_year
from ..targets import agec_target
from .defaults import observe_fleet, plan_categories, reference_lifespans
from .params import ScenarioParams

#: Statuses of the devices a projection starts from (held by the organisation).
HELD_STATUSES: tuple[str, ...] = ("in_service", "in_stock")
#: Criterion of the projection (the scenarios speak CO2e and euros).
CRITERION = "gwp"

#: Columns of :attr:`ScenarioResult.years`, one row per year of the horizon.
YEAR_COLUMNS: tuple[str, ...] = (
    "year",
    "devices",
    "purchases",
    "purchases_new",
    "purchases_refurbished",
    "purchases_eur",
    "refurbished_eur",
    "purchases_gwp_kg",
    "embodied_gwp_kg",
    "use_gwp_kg",
    "gwp_kg",
    "cumulative_gwp_kg",
    "leaving",
    "leaving_reuse",
    "leaving_weee",
    "weee_kg",
    "leaving_kg",
    "refurbished_kg",
    "agec_share",
    "agec_target",
    "electricity_kg_per_kwh",
)
#: Year columns that do not add up over the horizon (states, shares, running totals).
NON_ADDITIVE_COLUMNS: frozenset[str] = frozenset(
    {"year", "devices", "cumulative_gwp_kg", "agec_share", "agec_target", "electricity_kg_per_kwh"}
)
#: Year columns that add up over the horizon.
ADDITIVE_COLUMNS: tuple[str, ...] = tuple(c for c in YEAR_COLUMNS if c not in NON_ADDITIVE_COLUMNS)


@dataclass(frozen=True, eq=False)
class FleetBase:
    """The current fleet prepared once, for any number of scenarios.

    ``cohorts`` has one row per (category, reference, acquisition, purchase
    year, powered) with the summed ``quantity`` and the per-unit ``kwh`` (PUE
    included) and ``weight_kg``; ``history`` keeps the columns the defaults are
    observed from (retirements, prices), including retired devices.
    """

    factor_set: FactorSet
    cohorts: pd.DataFrame
    history: pd.DataFrame
    rules: ReuseRules
    #: The whole fleet frame, its lifecycle events and the model aliases, from which
    #: the starting year is computed as the fleet of that year (footprint.scope).
    frame: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    aliases: pd.DataFrame | None = None
    _observations: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def units(self) -> float:
        return float(self.cohorts["quantity"].sum())

    def observations(self, first_year: int) -> pd.DataFrame:
        """Per-category observations of the fleet for a horizon starting in ``first_year``."""
        cached = self._observations.get(first_year)
        if cached is None:
            cached = observe_fleet(self.history, first_year)
            held = pd.Index(pd.unique(self.cohorts["category"]), name="category")
            cached = cached.reindex(held.append(cached.index).unique())
            self._observations[first_year] = cached
        return cached


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """A scenario's trajectory: per-category parameters used and one row per year."""

    params: ScenarioParams
    horizon: tuple[int, int]
    plan: pd.DataFrame
    years: pd.DataFrame
    factor_set: str
    electricity: dict[int, ElectricityFactor]
    start_units: float
    #: The first year of the horizon as the fleet of that year actually gives it
    #: (``year``, ``gwp_kg``): the same total as the footprint and the REEN
    #: workbook; None when the fleet frame is not known.
    start: dict[str, float] | None = None

    @property
    def name(self) -> str:
        return self.params.name

    def totals(self) -> dict[str, Any]:
        """Sums over the horizon (AGEC share: refurbished € over all €, IT only)."""
        sums: dict[str, Any] = {c: float(self.years[c].sum()) for c in ADDITIVE_COLUMNS}
        it_eur = float(self.years["agec_it_eur"].sum())
        refurb_it = float(self.years["agec_refurbished_it_eur"].sum())
        sums["agec_share"] = refurb_it / it_eur if it_eur > 0 else None
        sums["final_devices"] = float(self.years["devices"].iloc[-1])
        return sums


def _year_starts(years: np.ndarray) -> np.ndarray:
    """1 January of each (integer) year, as datetime64[ns]."""
    return (years.astype(np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[ns]")


def prepare_fleet(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    *,
    aliases: pd.DataFrame | None = None,
    rules: ReuseRules | None = None,
    events: pd.DataFrame | None = None,
) -> FleetBase:
    """Reduce a fleet frame to cohorts (the held devices) and keep what the defaults need.

    References and per-unit kWh come from one engine computation, so a cohort
    uses exactly the reference and consumption the footprint of the fleet uses.
    """
    rules = rules or default_rules()
    status = frame["status"].astype("str")
    held = frame.loc[status.isin(list(HELD_STATUSES)).to_numpy()].reset_index(drop=True)
    result = compute(held, factor_set, date.today().year, criteria=(CRITERION,), aliases=aliases)
    rows = result.devices
    quantity = pd.to_numeric(held["quantity"], errors="coerce").fillna(1.0).to_numpy(np.float64)
    purchase = pd.to_datetime(held["purchase_date"], errors="coerce")
    if "commissioning_date" in held.columns:
        purchase = purchase.fillna(pd.to_datetime(held["commissioning_date"], errors="coerce"))
    reference = rows["reference"].astype("str")
    weight = _unit_weights(held, reference, factor_set, rules)
    kwh = rows["kwh_per_year"].to_numpy(np.float64) * rows["pue_applied"].to_numpy(np.float64)
    keys = pd.DataFrame(
        {
            "category": held["category"].astype("str"),
            "reference": reference,
            "acquisition": held["acquisition"].astype("str"),
            "purchase_year": purchase.dt.year.fillna(-1).astype(np.int64),
            "powered": (held["status"].astype("str") == "in_service").to_numpy(),
            "quantity": quantity,
            "kwh": kwh * quantity,
            "weight_kg": weight * quantity,
        }
    )
    cohorts = keys.groupby(
        ["category", "reference", "acquisition", "purchase_year", "powered"],
        as_index=False,
        sort=True,
    )[["quantity", "kwh", "weight_kg"]].sum()
    cohorts = cohorts.loc[cohorts["quantity"] > 0].reset_index(drop=True)
    cohorts["kwh"] = cohorts["kwh"] / cohorts["quantity"]
    cohorts["weight_kg"] = cohorts["weight_kg"] / cohorts["quantity"]
    cohorts["purchase_year"] = (
        cohorts["purchase_year"].astype(np.float64).where(cohorts["purchase_year"] >= 0)
    )
    history_columns = [
        c
        for c in (
            "category",
            "quantity",
            "acquisition",
            "status",
            "purchase_date",
            "retirement_date",
            "price_eur",
        )
        if c in frame.columns
    ]
    return FleetBase(
        factor_set=factor_set,
        cohorts=cohorts,
        history=frame[history_columns].reset_index(drop=True),
        rules=rules,
        frame=frame,
        events=events,
        aliases=aliases,
    )


def _unit_weights(
    frame: pd.DataFrame, reference: pd.Series, factor_set: FactorSet, rules: ReuseRules
) -> np.ndarray:
    """Weight of one unit: the device's, else its reference's, else the reuse rules'
    typical weight of the category (the same fallbacks as the WEEE tonnage)."""
    own = numbers(frame, "weight_kg")
    refs = factor_set.references.drop_duplicates("reference").set_index("reference")
    by_reference = pd.to_numeric(refs["weight_kg"], errors="coerce")
    weight = own.fillna(reference.map(by_reference).astype(np.float64))
    typical = frame["category"].astype("str").map(rules.category_weight_kg).astype(np.float64)
    weights: np.ndarray = weight.fillna(typical).fillna(0.0).to_numpy(np.float64)
    return weights


@dataclass
class _Cohorts:
    """The growing cohort table of one projection, as parallel numpy arrays."""

    category: np.ndarray  # int codes into the plan's categories
    reference: np.ndarray  # object (str)
    refurbished: np.ndarray  # bool: acquired refurbished
    acquisition: np.ndarray  # object (str)
    powered: np.ndarray  # bool
    purchase_year: np.ndarray  # int64
    retire_year: np.ndarray  # int64
    quantity: np.ndarray  # float64
    kwh: np.ndarray  # float64, NaN: the reference's
    weight_kg: np.ndarray  # float64
    price_eur: np.ndarray  # float64, NaN for the devices already held
    bought: np.ndarray  # bool: bought within the projection

    def extend(self, other: _Cohorts) -> _Cohorts:
        return _Cohorts(
            **{
                name: np.concatenate([getattr(self, name), getattr(other, name)])
                for name in self.__dataclass_fields__
            }
        )

    def take(self, mask: np.ndarray) -> _Cohorts:
        return _Cohorts(**{name: getattr(self, name)[mask] for name in self.__dataclass_fields__})


def _split_by_age(cohorts: _Cohorts, threshold: np.ndarray) -> _Cohorts:
    """Give each cohort its replacement year, splitting a fractional age in two."""
    whole = np.floor(threshold)
    fraction = threshold - whole
    first = cohorts.take(np.ones(len(threshold), dtype=bool))
    second = cohorts.take(np.ones(len(threshold), dtype=bool))
    first.quantity = cohorts.quantity * (1.0 - fraction)
    first.retire_year = cohorts.purchase_year + whole.astype(np.int64)
    second.quantity = cohorts.quantity * fraction
    second.retire_year = first.retire_year + 1
    both = first.extend(second)
    return both.take(both.quantity > 0)


def project(
    base: FleetBase,
    params: ScenarioParams,
    *,
    horizon: tuple[int, int] | None = None,
    today: date | None = None,
) -> ScenarioResult:
    """Run ``params`` over ``horizon`` (else the scenario's, else ten years from today)."""
    return project_many(base, [params], horizon=horizon or params.years(today))[0]


def project_many(
    base: FleetBase, scenarios: Sequence[ScenarioParams], *, horizon: tuple[int, int]
) -> list[ScenarioResult]:
    """Run several scenarios over one horizon.

    Scenarios that account alike (method, zone, electricity, accounting periods)
    share one engine computation per year over their stacked cohorts: the engine's
    fixed cost is paid once per year, not once per scenario and year.
    """
    first, last = horizon
    runs = [_renewals(base, s.with_changes(horizon=horizon), first, last) for s in scenarios]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, run in enumerate(runs):
        groups.setdefault(_accounting_key(run.params), []).append(i)
    outcomes: dict[int, tuple[pd.DataFrame, dict[int, ElectricityFactor]]] = {}
    starts: dict[int, dict[str, float] | None] = {}
    for members in groups.values():
        for i, outcome in zip(
            members, _yearly(base, [runs[i] for i in members], first, last), strict=True
        ):
            outcomes[i] = outcome
        # The starting footprint depends on the accounting choices alone: once per group.
        start = _start(base, runs[members[0]].params, first)
        starts.update(dict.fromkeys(members, start))
    return [
        ScenarioResult(
            params=run.params,
            horizon=(first, last),
            plan=run.plan,
            years=outcomes[i][0],
            factor_set=base.factor_set.name,
            electricity=outcomes[i][1],
            start_units=base.units,
            start=starts[i],
        )
        for i, run in enumerate(runs)
    ]


def _start(base: FleetBase, params: ScenarioParams, year: int) -> dict[str, float] | None:
    """The footprint of the fleet of ``year`` (footprint.scope), with the scenario's
    accounting choices; None for a horizon starting after the current year."""
    if base.frame is None or year > date.today().year:
        return None
    fleet = fleet_of_year(base.frame, year, base.events)
    result = compute_year(
        fleet,
        base.factor_set,
        params.method,
        electricity=_electricity(params.electricity, year),
        zone=params.zone,
        accounting_years=params.accounting_years,
        criteria=(CRITERION,),
        aliases=base.aliases,
    )
    return {"year": year, "gwp_kg": float(result.devices[f"{CRITERION}_total"].sum())}


def _accounting_key(params: ScenarioParams) -> tuple[Any, ...]:
    return (
        params.method,
        params.zone,
        tuple(sorted(params.electricity.items())),
        tuple(sorted(params.accounting_years.items())),
    )


@dataclass(frozen=True, eq=False)
class _Run:
    """One scenario's cohorts over the horizon, before the footprint is computed."""

    params: ScenarioParams
    plan: pd.DataFrame
    cohorts: _Cohorts
    categories: np.ndarray


def _renewals(base: FleetBase, params: ScenarioParams, first: int, last: int) -> _Run:
    """The cohort table of a scenario: the fleet held, then every purchase year by year."""
    factor_set = base.factor_set
    observations = base.observations(first)
    plan = plan_categories(
        params, observations, reference_lifespans(factor_set, observations.index)
    )
    categories = plan.index.to_numpy(dtype=object)
    n_categories = len(categories)
    new_age = plan["replacement_age"].to_numpy(np.float64)
    refurb_life = plan["refurbished_lifespan"].to_numpy(np.float64)
    share = plan["refurbished_share"].to_numpy(np.float64)
    price_new = plan["price_new"].to_numpy(np.float64)
    price_refurb = plan["price_refurbished"].to_numpy(np.float64)
    default_reference = np.array(
        [_default_reference(factor_set, c) for c in categories], dtype=object
    )
    refs = factor_set.references.drop_duplicates("reference").set_index("reference")
    typical = pd.Series(base.rules.category_weight_kg, dtype=np.float64)
    default_weight = (
        pd.to_numeric(refs["weight_kg"].reindex(default_reference), errors="coerce")
        .fillna(typical.reindex(categories).set_axis(default_reference))
        .fillna(0.0)
        .to_numpy(np.float64)
    )

    held = base.cohorts
    code = pd.Index(categories).get_indexer(held["category"].to_numpy(dtype=object))
    refurbished = (held["acquisition"] == "refurbished").to_numpy()
    threshold = np.where(refurbished, refurb_life[code], new_age[code])
    purchase = held["purchase_year"].to_numpy(np.float64)
    purchase = np.where(np.isnan(purchase), first - np.floor(threshold / 2.0), purchase)
    cohorts = _split_by_age(
        _Cohorts(
            category=code,
            reference=held["reference"].to_numpy(dtype=object),
            refurbished=refurbished,
            acquisition=held["acquisition"].to_numpy(dtype=object),
            powered=held["powered"].to_numpy(dtype=bool),
            purchase_year=purchase.astype(np.int64),
            retire_year=np.zeros(len(held), dtype=np.int64),
            quantity=held["quantity"].to_numpy(np.float64),
            kwh=held["kwh"].to_numpy(np.float64),
            weight_kg=held["weight_kg"].to_numpy(np.float64),
            price_eur=np.full(len(held), np.nan),
            bought=np.zeros(len(held), dtype=bool),
        ),
        threshold,
    )
    cohorts.retire_year = np.maximum(cohorts.retire_year, first)

    groups = 2 * n_categories  # (category, powered)
    for year in range(first, last + 1):
        alive = (cohorts.purchase_year < year) & (cohorts.retire_year >= year)
        slot = 2 * cohorts.category + cohorts.powered
        retiring = np.bincount(
            slot, weights=cohorts.quantity * (cohorts.retire_year == year), minlength=groups
        )
        fleet = np.bincount(
            cohorts.category, weights=cohorts.quantity * alive, minlength=n_categories
        )
        demand = retiring.astype(np.float64)
        demand[1::2] = demand[1::2] + params.growth * fleet
        demand = np.clip(demand, 0.0, None)
        slots = np.flatnonzero(demand > 0)
        if slots.size:
            cohorts = cohorts.extend(
                _purchases(
                    year,
                    slots,
                    demand[slots],
                    share,
                    new_age,
                    refurb_life,
                    price_new,
                    price_refurb,
                    default_reference,
                    default_weight,
                )
            )

    return _Run(params=params, plan=plan, cohorts=cohorts, categories=categories)


def _default_reference(factor_set: FactorSet, category: str) -> str:
    try:
        return factor_set.category_default(category)
    except KeyError:
        return factor_set.category_default("other")


def _purchases(
    year: int,
    slots: np.ndarray,
    demand: np.ndarray,
    share: np.ndarray,
    new_age: np.ndarray,
    refurb_life: np.ndarray,
    price_new: np.ndarray,
    price_refurb: np.ndarray,
    default_reference: np.ndarray,
    default_weight: np.ndarray,
) -> _Cohorts:
    """The cohorts bought in ``year``: for each (category, powered) slot, a new and a
    refurbished part in the scenario's shares, each with its replacement year."""
    category = np.repeat(slots // 2, 2)
    powered = np.repeat(slots % 2 == 1, 2)
    refurbished = np.tile(np.array([False, True]), len(slots))
    quantity = np.repeat(demand, 2) * np.where(refurbished, share[category], 1.0 - share[category])
    n = len(category)
    bought = _Cohorts(
        category=category,
        reference=default_reference[category],
        refurbished=refurbished,
        acquisition=np.where(refurbished, "refurbished", "new").astype(object),
        powered=powered,
        purchase_year=np.full(n, year, dtype=np.int64),
        retire_year=np.zeros(n, dtype=np.int64),
        quantity=quantity,
        kwh=np.full(n, np.nan),
        weight_kg=default_weight[category],
        price_eur=np.where(refurbished, price_refurb[category], price_new[category]),
        bought=np.ones(n, dtype=bool),
    )
    bought = bought.take(quantity > 0)
    threshold = np.where(bought.refurbished, refurb_life[bought.category], new_age[bought.category])
    return _split_by_age(bought, threshold)


def _engine_frame(cohorts: _Cohorts, categories: np.ndarray) -> pd.DataFrame:
    """The cohorts as a fleet frame for the engine, with planned retirement dates."""
    n = len(cohorts.quantity)
    return pd.DataFrame(
        {
            "device_id": np.arange(1, n + 1, dtype=np.int64),
            "category": categories[cohorts.category].astype(str),
            "reference": cohorts.reference.astype(str),
            "match_level": np.full(n, "category"),
            "quantity": cohorts.quantity,
            "acquisition": cohorts.acquisition.astype(str),
            "status": np.where(cohorts.powered, "in_service", "in_stock"),
            "purchase_date": _year_starts(cohorts.purchase_year),
            "retirement_date": _year_starts(cohorts.retire_year),
            "annual_kwh": cohorts.kwh,
        }
    )


def _yearly(
    base: FleetBase, runs: Sequence[_Run], first: int, last: int
) -> list[tuple[pd.DataFrame, dict[int, ElectricityFactor]]]:
    """One row per year for each run, from one engine computation per year over the
    stacked cohorts of runs that account alike (a loop over years only)."""
    params = runs[0].params
    frame = pd.concat([_engine_frame(r.cohorts, r.categories) for r in runs], ignore_index=True)
    bounds = np.cumsum([0] + [len(r.cohorts.quantity) for r in runs])
    rows: list[list[dict[str, Any]]] = [[] for _ in runs]
    electricity: dict[int, ElectricityFactor] = {}
    for year in range(first, last + 1):
        electricity[year] = electricity_factors(
            base.factor_set,
            year,
            (CRITERION,),
            _electricity(params.electricity, year),
            params.zone,
        )[CRITERION]
        devices = compute(
            frame,
            base.factor_set,
            year,
            method=params.method,
            electricity=electricity[year],
            zone=params.zone,
            accounting_years=params.accounting_years,
            criteria=(CRITERION,),
        ).devices
        embodied = devices[f"{CRITERION}_embodied"].to_numpy()
        use = devices[f"{CRITERION}_use"].to_numpy()
        lifecycle = devices[f"{CRITERION}_embodied_lifecycle"].to_numpy()
        for i, run in enumerate(runs):
            part = slice(bounds[i], bounds[i + 1])
            rows[i].append(
                _year_row(
                    base, run, year, embodied[part], use[part], lifecycle[part], electricity[year]
                )
            )
    outcomes = []
    for run_rows in rows:
        years = pd.DataFrame(run_rows)
        years.insert(
            YEAR_COLUMNS.index("cumulative_gwp_kg"), "cumulative_gwp_kg", years["gwp_kg"].cumsum()
        )
        outcomes.append((years, dict(electricity)))
    return outcomes


def _year_row(
    base: FleetBase,
    run: _Run,
    year: int,
    embodied: np.ndarray,
    use: np.ndarray,
    lifecycle: np.ndarray,
    electricity: ElectricityFactor,
) -> dict[str, Any]:
    """The year's figures of one run from its cohorts' engine rows."""
    c = run.cohorts
    it = np.isin(run.categories, list(AGEC_IT_CATEGORIES))[c.category]
    spend = c.quantity * np.nan_to_num(c.price_eur)
    bought = c.bought & (c.purchase_year == year)
    refurb = bought & c.refurbished
    leaving = c.retire_year == year
    weee = leaving & (year - c.purchase_year > base.rules.max_reuse_years)
    in_use = (c.purchase_year <= year) & (c.retire_year > year)
    it_eur = float(spend[bought & it].sum())
    refurb_it = float(spend[refurb & it].sum())
    embodied_kg, use_kg = float(embodied.sum()), float(use.sum())
    return {
        "year": year,
        "devices": float(c.quantity[in_use].sum()),
        "purchases": float(c.quantity[bought].sum()),
        "purchases_new": float(c.quantity[bought & ~c.refurbished].sum()),
        "purchases_refurbished": float(c.quantity[refurb].sum()),
        "purchases_eur": float(spend[bought].sum()),
        "refurbished_eur": float(spend[refurb].sum()),
        "purchases_gwp_kg": float(lifecycle[bought].sum()),
        "embodied_gwp_kg": embodied_kg,
        "use_gwp_kg": use_kg,
        "gwp_kg": embodied_kg + use_kg,
        "leaving": float(c.quantity[leaving].sum()),
        "leaving_reuse": float(c.quantity[leaving & ~weee].sum()),
        "leaving_weee": float(c.quantity[weee].sum()),
        "weee_kg": float((c.quantity * c.weight_kg)[weee].sum()),
        "leaving_kg": float((c.quantity * c.weight_kg)[leaving].sum()),
        "refurbished_kg": float((c.quantity * c.weight_kg)[refurb].sum()),
        "agec_share": refurb_it / it_eur if it_eur > 0 else np.nan,
        "agec_target": agec_target(year),
        "electricity_kg_per_kwh": electricity.value,
        "agec_it_eur": it_eur,
        "agec_refurbished_it_eur": refurb_it,
    }


def _electricity(given: Mapping[int, float], year: int) -> float | None:
    """The scenario's factor for ``year``: the exact year, else the latest earlier
    year given; None (the factor set's for the year) when none applies."""
    earlier = [y for y in given if y <= year]
    return float(given[max(earlier)]) if earlier else None
