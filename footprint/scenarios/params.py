"""The parameters of a procurement scenario, and how they are read and written.

A scenario is a small set of choices (keep devices longer, buy a share
refurbished, grow the fleet…) over a horizon of years. Everything not chosen is
left empty here and filled at run time from the fleet itself or from documented
defaults (:mod:`footprint.scenarios.defaults`), so that the same saved scenario
follows the fleet as it changes.

The same mapping is used for the TOML file (``--params FILE.toml``), the JSON
stored in the database and the JSON output, so the three never drift apart. The
keys are documented in ``docs/scenarios.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from factors.toml_file import TomlFileError, read_toml_file
from factors.vocabulary import CATEGORIES, METHODS

#: Longest horizon accepted, in years (a projection is not a forecast).
MAX_HORIZON_YEARS = 50
#: Default horizon length when none is given: ten years from the current year.
DEFAULT_HORIZON_YEARS = 10
#: Minimum number of units (retired devices, priced purchases) before the fleet's
#: own median replaces a documented default.
DEFAULT_MIN_SAMPLE = 10
#: Key of :attr:`ScenarioParams.electricity` meaning "every year" (a bare number in TOML).
ALL_YEARS = 0
#: Replacement ages and lifespans are never shorter than one year.
MINIMUM_AGE_YEARS = 1.0

#: Keys of the scenario mapping (TOML, database JSON), in the documented order.
KEYS: tuple[str, ...] = (
    "label",
    "description",
    "horizon",
    "method",
    "zone",
    "extend_years",
    "replacement_age",
    "refurbished_share",
    "refurbished_lifespan",
    "prices",
    "growth",
    "electricity",
    "accounting_years",
    "min_sample",
    "purchase",
)


class ScenarioError(ValueError):
    """Scenario parameters were rejected; the message names the key and the reason."""


@dataclass(frozen=True)
class ScenarioParams:
    """One scenario. Empty mappings and ``None`` mean "the default at run time".

    ``extend_years`` is added to every replacement age and to the remaining
    lifespan of refurbished purchases: it is the "keep devices N years longer"
    lever, on top of ages observed in the fleet or given per category.
    ``refurbished_share`` applies to every category not listed in
    ``refurbished_share_by_category``. ``electricity`` maps a year to the factor
    (kg CO2e/kWh) used from that year on (key ``ALL_YEARS``: every year); years
    before the first one given use the factor set's factor of the year.
    """

    name: str = "scenario"
    label: str = ""
    description: str = ""
    horizon: tuple[int, int] | None = None
    method: str = "annualized"
    zone: str = "FR"
    extend_years: float = 0.0
    replacement_age: Mapping[str, float] = field(default_factory=dict)
    refurbished_share: float = 0.0
    refurbished_share_by_category: Mapping[str, float] = field(default_factory=dict)
    refurbished_lifespan: Mapping[str, float] = field(default_factory=dict)
    prices_new: Mapping[str, float] = field(default_factory=dict)
    prices_refurbished: Mapping[str, float] = field(default_factory=dict)
    growth: float = 0.0
    electricity: Mapping[int, float] = field(default_factory=dict)
    accounting_years: Mapping[str, float] = field(default_factory=dict)
    min_sample: int = DEFAULT_MIN_SAMPLE
    #: A saved purchase's units per category (footprint.scenarios.purchase): kept
    #: with the scenario so the purchase can be reopened; the projection ignores it.
    purchase: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _validate(self)

    def years(self, today: date | None = None) -> tuple[int, int]:
        """The horizon, or ten years from the current year when none was given."""
        if self.horizon is not None:
            return self.horizon
        first = (today or date.today()).year
        return first, first + DEFAULT_HORIZON_YEARS - 1

    def share_of(self, category: str) -> float:
        """Share of the category's purchases bought refurbished."""
        return float(self.refurbished_share_by_category.get(category, self.refurbished_share))

    def with_changes(self, **changes: Any) -> ScenarioParams:
        """A validated copy with some fields changed (the CLI options, the TUI form)."""
        return replace(self, **changes)

    def to_mapping(self) -> dict[str, Any]:
        """The documented mapping (TOML keys), JSON-ready; the name is kept outside."""
        doc: dict[str, Any] = {
            "label": self.label,
            "description": self.description,
            "horizon": list(self.horizon) if self.horizon else None,
            "method": self.method,
            "zone": self.zone,
            "extend_years": self.extend_years,
            "replacement_age": dict(self.replacement_age),
            "refurbished_share": {"default": self.refurbished_share}
            | dict(self.refurbished_share_by_category),
            "refurbished_lifespan": dict(self.refurbished_lifespan),
            "prices": {"new": dict(self.prices_new), "refurbished": dict(self.prices_refurbished)},
            "growth": self.growth,
            "electricity": self._electricity_mapping(),
            "accounting_years": dict(self.accounting_years),
            "min_sample": self.min_sample,
            "purchase": dict(self.purchase) or None,
        }
        return {k: v for k, v in doc.items() if v is not None}

    def _electricity_mapping(self) -> float | dict[str, float]:
        if set(self.electricity) == {ALL_YEARS}:
            return float(self.electricity[ALL_YEARS])
        return {str(y): v for y, v in sorted(self.electricity.items())}

    @classmethod
    def from_mapping(cls, doc: Mapping[str, Any], name: str = "scenario") -> ScenarioParams:
        """Read the documented mapping; unknown keys and bad values raise ScenarioError."""
        unknown = sorted(set(doc) - set(KEYS) - {"name"})
        if unknown:
            raise ScenarioError(
                f"clé inconnue : {', '.join(unknown)} (clés admises : {', '.join(KEYS)})"
            )
        kwargs: dict[str, Any] = {"name": str(doc.get("name", name))}
        for key in ("label", "description", "method", "zone"):
            if key in doc:
                kwargs[key] = _text(doc[key], key)
        if doc.get("horizon") is not None:
            kwargs["horizon"] = _horizon(doc["horizon"])
        for key in ("extend_years", "growth"):
            if key in doc:
                kwargs[key] = _number(doc[key], key)
        if "min_sample" in doc:
            kwargs["min_sample"] = int(_number(doc["min_sample"], "min_sample"))
        for key in ("replacement_age", "refurbished_lifespan", "accounting_years", "purchase"):
            if key in doc:
                kwargs[key] = _per_category(doc[key], key)
        if "refurbished_share" in doc:
            share = doc["refurbished_share"]
            if isinstance(share, Mapping):
                by_category = dict(share)
                if "default" in by_category:
                    kwargs["refurbished_share"] = _number(
                        by_category.pop("default"), "refurbished_share.default"
                    )
                kwargs["refurbished_share_by_category"] = _per_category(
                    by_category, "refurbished_share"
                )
            else:
                kwargs["refurbished_share"] = _number(share, "refurbished_share")
        if "prices" in doc:
            prices = _table(doc["prices"], "prices")
            extra = sorted(set(prices) - {"new", "refurbished"})
            if extra:
                raise ScenarioError(f"prices : clé inconnue {', '.join(extra)} (new, refurbished)")
            kwargs["prices_new"] = _per_category(prices.get("new", {}), "prices.new")
            kwargs["prices_refurbished"] = _per_category(
                prices.get("refurbished", {}), "prices.refurbished"
            )
        if "electricity" in doc:
            kwargs["electricity"] = _electricity(doc["electricity"])
        return cls(**kwargs)


def read_toml(path: Path, name: str | None = None) -> ScenarioParams:
    """Parameters from a TOML file; the scenario is named after the file unless it says."""
    try:
        doc = read_toml_file(path)
    except TomlFileError as exc:
        raise ScenarioError(f"{path} : {exc}") from None
    try:
        return ScenarioParams.from_mapping(doc, name=name or path.stem)
    except ScenarioError as exc:
        raise ScenarioError(f"{path} : {exc}") from exc


def _validate(p: ScenarioParams) -> None:
    if p.method not in METHODS:
        raise ScenarioError(f"method : {p.method!r} inconnue (attendu : {', '.join(METHODS)})")
    if p.horizon is not None:
        first, last = p.horizon
        if last < first or last - first + 1 > MAX_HORIZON_YEARS:
            raise ScenarioError(
                f"horizon : {first}–{last} invalide (première année ≤ dernière, "
                f"{MAX_HORIZON_YEARS} ans au plus)"
            )
    if not 0.0 <= p.refurbished_share <= 1.0:
        raise ScenarioError("refurbished_share : une part entre 0 et 1 est attendue")
    if p.extend_years < 0 or not math.isfinite(p.extend_years):
        raise ScenarioError("extend_years : un nombre d'années positif ou nul est attendu")
    if not -1.0 < p.growth <= 1.0:
        raise ScenarioError("growth : une croissance annuelle entre -1 (exclu) et 1 est attendue")
    if p.min_sample < 1:
        raise ScenarioError("min_sample : au moins 1")
    checks: tuple[tuple[str, Mapping[str, float], float, float], ...] = (
        ("replacement_age", p.replacement_age, MINIMUM_AGE_YEARS, 100.0),
        ("refurbished_lifespan", p.refurbished_lifespan, MINIMUM_AGE_YEARS, 100.0),
        ("refurbished_share", p.refurbished_share_by_category, 0.0, 1.0),
        ("prices.new", p.prices_new, 0.0, math.inf),
        ("prices.refurbished", p.prices_refurbished, 0.0, math.inf),
        ("accounting_years", p.accounting_years, MINIMUM_AGE_YEARS, 100.0),
        ("purchase", p.purchase, 1.0, math.inf),
    )
    for key, mapping, low, high in checks:
        for category, value in mapping.items():
            if category not in CATEGORIES:
                raise ScenarioError(f"{key} : catégorie inconnue {category!r}")
            if not (low <= float(value) <= high):
                raise ScenarioError(f"{key}.{category} : {value} hors de [{low:g}, {high:g}]")
    for year, value in p.electricity.items():
        if not float(value) >= 0:
            raise ScenarioError(f"electricity.{year} : un facteur positif ou nul est attendu")


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ScenarioError(f"{key} : un texte est attendu")
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{key} : un nombre est attendu, pas {value!r}")
    if not math.isfinite(value):
        raise ScenarioError(f"{key} : un nombre fini est attendu")
    return float(value)


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{key} : une table (catégorie = valeur) est attendue")
    return dict(value)


def _per_category(value: Any, key: str) -> dict[str, float]:
    table = _table(value, key)
    return {str(k): _number(v, f"{key}.{k}") for k, v in table.items()}


def _horizon(value: Any) -> tuple[int, int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ScenarioError("horizon : deux années sont attendues, [première, dernière]")
    return int(value[0]), int(value[1])


def _electricity(value: Any) -> dict[int, float]:
    if not isinstance(value, Mapping):
        return {ALL_YEARS: _number(value, "electricity")}
    table = _table(value, "electricity")
    result: dict[int, float] = {}
    for key, factor in table.items():
        try:
            year = int(key)
        except (TypeError, ValueError):
            raise ScenarioError(f"electricity : {key!r} n'est pas une année") from None
        result[year] = _number(factor, f"electricity.{key}")
    return result
