"""Expected lifespans of devices still in service, from the service lives observed.

The ``annualized`` method spreads a device's embodied impact over its lifespan.
A retired device has an actual one; a device still in service needs an
*expected* one, and the rule (``docs/method.md`` section 3) is that it comes from
what the organisation has observed: the service lives (retirement − acquisition)
of the retired devices of the same category — of the same entity when it has
retired enough of them, else of the whole fleet, else the factor set's default —
and it is conditional on the age the device has already reached:

    durée attendue = moyenne des durées observées supérieures à l'âge atteint

Every year of a device uses the same lifespan, measured on what is known at the
date of knowledge (today by default), so the shares of its years never add up to
more than one, and to exactly one once it is retired.

Everything is vectorised: observations are sorted once per group and each device
finds its conditional mean with one ``searchsorted`` over suffix sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .columns import day_numbers, floats, key_codes

#: Retired units of a category an entity needs before its own lives are used.
MIN_ENTITY_RETIREMENTS = 20
#: Retired units of a category the fleet needs before observed lives replace the default.
MIN_FLEET_RETIREMENTS = 10
#: Days in an average year (same as the engine).
DAYS_PER_YEAR = 365.25

#: Where an expected lifespan comes from (``lifespan_basis`` of :func:`expected_lifespans`).
BASIS_ENTITY, BASIS_FLEET, BASIS_DEFAULT = 0, 1, 2
#: Groups are keyed ``entity + SEP + category``; fleet-wide groups have no entity.
_SEP = "\x1f"
#: Spacing of groups on the composite search key (no observed life reaches it).
_GROUP_SPAN = 1.0e4


@dataclass(frozen=True)
class ServiceLives:
    """The service lives observed on retired devices, ready to be queried.

    ``years`` and ``units`` are sorted by group then by life; ``keys`` is the
    composite key ``group × span + years`` that ``searchsorted`` runs on;
    ``tail_units`` / ``tail_years`` are suffix sums (units, units × years) with
    one trailing zero; ``group_end`` is the position after each group's last row;
    ``counts`` is the number of retired units per group.
    """

    groups: pd.Index
    keys: np.ndarray
    tail_units: np.ndarray
    tail_years: np.ndarray
    group_end: np.ndarray
    counts: np.ndarray


def observe_service_lives(frame: pd.DataFrame, known_on: float) -> ServiceLives:
    """The service lives of the devices of ``frame`` retired on or before ``known_on``.

    ``known_on`` is a day number (days since 1970-01-01). A life is retirement −
    acquisition (purchase, else commissioning); refurbished devices are left out
    (their life in the organisation is a second life, not the category's), and so
    are devices without both dates. Lots weigh by their quantity.
    """
    acquired = day_numbers(frame, "purchase_date")
    acquired = np.where(np.isnan(acquired), day_numbers(frame, "commissioning_date"), acquired)
    retired = day_numbers(frame, "retirement_date")
    ok = ~np.isnan(acquired) & ~np.isnan(retired) & (retired <= known_on) & (retired >= acquired)
    if "acquisition" in frame.columns:
        acquisition, acquisitions = key_codes(frame, "acquisition")
        refurbished = [i for i, name in enumerate(acquisitions) if name == "refurbished"]
        ok &= ~np.isin(acquisition, refurbished)
    life = (retired[ok] - acquired[ok]) / DAYS_PER_YEAR
    units = np.nan_to_num(floats(frame, "quantity", 1.0), nan=1.0)[ok]
    category, category_names = key_codes(frame, "category")
    entity, entity_names = key_codes(frame, "entity")
    # Each observation counts in its category's fleet-wide group and in its entity's:
    # groups are numbered on integer codes, named once per group.
    pairs, pair_entity, pair_category = _pairs(entity[ok], category[ok])
    fleet_keys, entity_keys = _group_keys(pair_entity, entity_names, pair_category, category_names)
    names = np.concatenate([fleet_keys, entity_keys])
    named, groups = pd.factorize(names, sort=True)
    codes = named[np.concatenate([pairs, len(pair_entity) + pairs])]
    lives = np.concatenate([life, life])
    weights = np.concatenate([units, units])
    # By group, then by life: one sort of the composite key (lives are far below the span).
    keys = codes * _GROUP_SPAN + lives
    order = np.argsort(keys, kind="stable")
    keys, codes, lives, weights = keys[order], codes[order], lives[order], weights[order]
    tail_units = np.append(np.cumsum(weights[::-1])[::-1], 0.0)
    tail_years = np.append(np.cumsum((weights * lives)[::-1])[::-1], 0.0)
    group_end = np.searchsorted(codes, np.arange(len(groups)), side="right")
    counts = np.bincount(codes, weights=weights, minlength=len(groups))
    return ServiceLives(
        groups=pd.Index(groups),
        keys=keys,
        tail_units=tail_units,
        tail_years=tail_years,
        group_end=group_end,
        counts=counts,
    )


def expected_lifespans(
    lives: ServiceLives,
    entity: tuple[np.ndarray, list[str]],
    category: tuple[np.ndarray, list[str]],
    age: np.ndarray,
    default: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected lifespan (years), its basis and the units observed, per device.

    ``entity`` and ``category`` are the devices' codes and the text of each code
    (:func:`footprint.columns.key_codes`). ``age`` is the age reached at the date
    of knowledge (0 when unknown). The
    basis is the entity's lives when it retired at least ``MIN_ENTITY_RETIREMENTS``
    units of the category, else the fleet's when it retired at least
    ``MIN_FLEET_RETIREMENTS``, else ``default`` taken as the lifespan every device
    of the category would have. The expectation is the mean of the lives longer
    than ``age``; when none is longer, the age reached itself (the device is
    already older than anything observed, so its embodied impact is entirely on
    the years it has lived).
    """
    # Groups are looked up once per distinct (entity, category), then gathered.
    pairs, pair_entity, pair_category = _pairs(entity[0], category[0])
    fleet_keys, entity_keys = _group_keys(pair_entity, entity[1], pair_category, category[1])
    entity_group = lives.groups.get_indexer(pd.Index(entity_keys, dtype=object))[pairs]
    fleet_group = lives.groups.get_indexer(pd.Index(fleet_keys, dtype=object))[pairs]
    counts = np.append(lives.counts, 0.0)
    use_entity = counts[entity_group] >= MIN_ENTITY_RETIREMENTS
    use_fleet = ~use_entity & (counts[fleet_group] >= MIN_FLEET_RETIREMENTS)
    group = np.where(use_entity, entity_group, np.where(use_fleet, fleet_group, -1))
    basis = np.where(use_entity, BASIS_ENTITY, np.where(use_fleet, BASIS_FLEET, BASIS_DEFAULT))
    observed = group >= 0
    # The default is a lifespan every device of the category would have: the
    # conditional mean is that default while the device is younger, its age after.
    expected = np.where(default > age, default, age)
    if observed.any():
        safe = np.where(observed, group, 0)
        start = _search(lives.keys, safe * _GROUP_SPAN + age)
        end = lives.group_end[safe]
        longer = lives.tail_units[start] - lives.tail_units[end]
        longer_years = lives.tail_years[start] - lives.tail_years[end]
        with np.errstate(divide="ignore", invalid="ignore"):
            conditional = np.where(longer > 0, longer_years / longer, age)
        expected = np.where(observed, conditional, expected)
    units = np.where(observed, counts[group], 0.0)
    return expected, basis.astype(np.int8), units


def _search(keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """``searchsorted(keys, queries, side="right")``, the queries searched in their
    sorted order: each search then starts where the previous one ended, in memory
    the previous one just read. In the fleet's order the million searches jump
    across the observed lives and cost several times the sort (docs/performance.md)."""
    order = np.argsort(queries)
    found = np.empty(len(queries), dtype=np.intp)
    found[order] = np.searchsorted(keys, queries[order], side="right")
    return found


def _pairs(entity: np.ndarray, category: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code of each row's (entity, category) pair, and the entity and the category
    of each code. The codes (small integers) make a dense key: the pairs present are
    numbered by marking them in a table of every possible pair, without hashing a
    million keys."""
    span = int(entity.max(initial=-1)) + 1
    key = category.astype(np.int64) * span + entity
    present = np.zeros(int(key.max(initial=-1)) + 1, dtype=bool)
    present[key] = True
    number = np.cumsum(present) - 1
    used = np.flatnonzero(present)
    return number[key], used % max(span, 1), used // max(span, 1)


def _group_keys(
    entity: np.ndarray, entity_names: list[str], category: np.ndarray, category_names: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The fleet-wide and the entity's group key of each (entity, category) code pair."""
    categories = np.array(category_names, dtype=object)[category]
    entities = np.array(entity_names, dtype=object)[entity]
    fleet: np.ndarray = "F" + _SEP + categories
    own: np.ndarray = "E" + entities + _SEP + categories
    return fleet, own


def recomputed_note(known_on: date | None, lang: str = "fr") -> str:
    """The sentence every report carries: past years are recomputed from what is
    known on the date of knowledge (docs/method.md section 3)."""
    if known_on is None:
        return ""
    if lang == "fr":
        return (
            f"Durées de vie connues au {known_on:%d/%m/%Y} : les années passées sont "
            "recalculées avec ce qui est connu à cette date (durée réelle des équipements "
            "retirés, durée attendue d'après les sorties observées pour les autres)."
        )
    return (
        f"Lifespans as known on {known_on:%Y-%m-%d}: past years are recomputed from what is "
        "known on that day (actual life of retired devices, life expected from the observed "
        "retirements for the others)."
    )
