"""The reuse rules: thresholds and tables read from a TOML file.

The defaults ship as ``rules.toml`` next to this module (regulation and MiNumEco
figures); a user file only lists what it changes and is merged over them, so a
métropole can move one threshold without copying the rest.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from factors.toml_file import TomlFileError, read_toml_file
from factors.vocabulary import CATEGORIES, DISPOSAL_CHANNELS

from ..targets import REUSE_RATE_TARGETS, scheduled_target


class RulesError(ValueError):
    """A rules file that cannot be used; ``unreadable`` when it could not even be parsed."""

    def __init__(self, message: str, unreadable: bool = False) -> None:
        super().__init__(message)
        self.unreadable = unreadable


@dataclass(frozen=True)
class ReuseRules:
    """Every number and list the routing, matching, batching and rate rely on."""

    max_reuse_years: float
    sale_below_years: float
    retirement_notice_days: float
    replacement_years: dict[str, float]
    donation_max_eur: float
    default_accounting_years: float
    accounting_years: dict[str, float]
    not_working: frozenset[str]
    worn: frozenset[str]
    returned: frozenset[str]
    pc_categories: frozenset[str]
    w11_min_ram_gb: float
    w11_min_storage_gb: float
    w11_required_for: frozenset[str]
    w11_policy: str
    w11_entity_policy: dict[str, str]
    public_transfer_categories: frozenset[str]
    partner_kinds: dict[str, tuple[str, ...]]
    default_eco_organism: str
    pickup_threshold_kg: dict[str, float]
    category_weight_kg: dict[str, float]
    targets: dict[int, float]
    weee_category: dict[str, int]
    extra_years: dict[str, float]
    source: str

    def target(self, year: int) -> float | None:
        """The décret target (%) for ``year``: the latest year set at or before it."""
        return scheduled_target(self.targets.items(), year)

    def w11_replaces(self, entity: str) -> bool:
        """Whether ``entity``'s PCs that cannot run Windows 11 leave the fleet."""
        return self.w11_entity_policy.get(entity, self.w11_policy) == "replace"

    def threshold_for(self, eco_organism: str) -> float | None:
        """The free pick-up threshold of an eco-organism, matched without case."""
        wanted = eco_organism.casefold()
        for name, kg in self.pickup_threshold_kg.items():
            if name.casefold() == wanted:
                return kg
        return None


def _default_doc() -> dict[str, Any]:
    """``rules.toml`` with the décret 2023-266 targets of :mod:`footprint.targets` (in %)."""
    doc = tomllib.loads(
        resources.files("footprint.reuse").joinpath("rules.toml").read_text("utf-8")
    )
    doc["rate"]["targets"] = {
        str(year): round(share * 100, 6) for year, share in REUSE_RATE_TARGETS
    }
    return doc


def _merge(base: dict[str, Any], override: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        path = f"{where}.{key}" if where else key
        if key not in base:
            raise RulesError(f"clé inconnue dans le fichier de règles : « {path} »")
        if isinstance(base[key], dict) and isinstance(value, Mapping):
            # Tables keyed by category or eco-organism accept new keys; fixed sections do not.
            if _open_table(path):
                merged[key] = {**base[key], **value}
            else:
                merged[key] = _merge(base[key], value, path)
        else:
            merged[key] = value
    return merged


_OPEN_TABLES = {
    "replacement_years",
    "windows11.entity_policy",
    "value.accounting_years",
    "partner_kinds",
    "weee.pickup_threshold_kg",
    "weee.category_weight_kg",
    "rate.targets",
    "rate.weee_category",
    "avoided.extra_years",
}


def _open_table(path: str) -> bool:
    return path in _OPEN_TABLES


def _number(raw: Any, path: str, minimum: float = 0.0) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < minimum:
        raise RulesError(f"« {path} » doit être un nombre ≥ {minimum:g} (lu : {raw!r})")
    return float(raw)


def _strings(raw: Any, path: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise RulesError(f"« {path} » doit être une liste de textes (lu : {raw!r})")
    return tuple(raw)


def _category_numbers(raw: Mapping[str, Any], path: str) -> dict[str, float]:
    unknown = sorted(set(raw) - set(CATEGORIES))
    if unknown:
        raise RulesError(f"catégorie inconnue dans « {path} » : {', '.join(unknown)}")
    return {k: _number(v, f"{path}.{k}") for k, v in raw.items()}


def _categories(raw: Any, path: str) -> frozenset[str]:
    values = _strings(raw, path)
    unknown = sorted(set(values) - set(CATEGORIES))
    if unknown:
        raise RulesError(f"catégorie inconnue dans « {path} » : {', '.join(unknown)}")
    return frozenset(values)


#: What an entity does with its PCs that cannot run Windows 11 (docs/regulation.md §7).
W11_POLICIES: tuple[str, ...] = ("replace", "keep")


def _policy(raw: Any, path: str) -> str:
    if raw not in W11_POLICIES:
        raise RulesError(f"« {path} » doit valoir {' ou '.join(W11_POLICIES)} (lu : {raw!r})")
    return str(raw)


def _conditions(raw: Any, path: str) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in _strings(raw, path))


def _channels(raw: Mapping[str, Any] | tuple[str, ...], path: str) -> None:
    unknown = sorted(set(raw) - set(DISPOSAL_CHANNELS))
    if unknown:
        raise RulesError(f"voie inconnue dans « {path} » : {', '.join(unknown)}")


def _build(doc: dict[str, Any], source: str) -> ReuseRules:
    windows = doc["windows11"]
    required = _strings(windows["required_for"], "windows11.required_for")
    _channels(required, "windows11.required_for")
    kinds = {k: _strings(v, f"partner_kinds.{k}") for k, v in doc["partner_kinds"].items()}
    _channels(kinds, "partner_kinds")
    extra = {
        k: _number(v, f"avoided.extra_years.{k}") for k, v in doc["avoided"]["extra_years"].items()
    }
    _channels(extra, "avoided.extra_years")
    targets: dict[int, float] = {}
    for year, pct in doc["rate"]["targets"].items():
        if not str(year).isdigit():
            raise RulesError(f"année invalide dans « rate.targets » : « {year} »")
        targets[int(year)] = _number(pct, f"rate.targets.{year}")
    weee_category = {}
    for cat, code in doc["rate"]["weee_category"].items():
        if cat not in CATEGORIES:
            raise RulesError(f"catégorie inconnue dans « rate.weee_category » : {cat}")
        if isinstance(code, bool) or not isinstance(code, int) or not 1 <= code <= 7:
            raise RulesError(f"« rate.weee_category.{cat} » doit être un entier de 1 à 7")
        weee_category[cat] = code
    eco = str(doc["weee"]["default_eco_organism"])
    if not any(k.casefold() == eco.casefold() for k in doc["weee"]["pickup_threshold_kg"]):
        raise RulesError(
            f"« weee.default_eco_organism » ({eco}) n'a pas de seuil "
            "dans « weee.pickup_threshold_kg »"
        )
    period = _number(doc["value"]["default_accounting_years"], "value.default_accounting_years")
    if period <= 0:
        raise RulesError("« value.default_accounting_years » doit être positif")
    return ReuseRules(
        max_reuse_years=_number(doc["age"]["max_reuse_years"], "age.max_reuse_years"),
        sale_below_years=_number(doc["age"]["sale_below_years"], "age.sale_below_years"),
        retirement_notice_days=_number(
            doc["age"]["retirement_notice_days"], "age.retirement_notice_days"
        ),
        replacement_years=_category_numbers(doc["replacement_years"], "replacement_years"),
        donation_max_eur=_number(doc["value"]["donation_max_eur"], "value.donation_max_eur"),
        default_accounting_years=period,
        accounting_years=_category_numbers(
            doc["value"]["accounting_years"], "value.accounting_years"
        ),
        not_working=_conditions(doc["condition"]["not_working"], "condition.not_working"),
        worn=_conditions(doc["condition"]["worn"], "condition.worn"),
        returned=_conditions(doc["condition"]["returned"], "condition.returned"),
        pc_categories=_categories(windows["pc_categories"], "windows11.pc_categories"),
        w11_min_ram_gb=_number(windows["min_ram_gb"], "windows11.min_ram_gb"),
        w11_min_storage_gb=_number(windows["min_storage_gb"], "windows11.min_storage_gb"),
        w11_required_for=frozenset(required),
        w11_policy=_policy(windows["policy"], "windows11.policy"),
        w11_entity_policy={
            str(k): _policy(v, f"windows11.entity_policy.{k}")
            for k, v in windows["entity_policy"].items()
        },
        public_transfer_categories=_categories(
            doc["public_transfer"]["categories"], "public_transfer.categories"
        ),
        partner_kinds=kinds,
        default_eco_organism=eco,
        pickup_threshold_kg={
            k: _number(v, f"weee.pickup_threshold_kg.{k}", minimum=1e-9)
            for k, v in doc["weee"]["pickup_threshold_kg"].items()
        },
        category_weight_kg=_category_numbers(
            doc["weee"]["category_weight_kg"], "weee.category_weight_kg"
        ),
        targets=targets,
        weee_category=weee_category,
        extra_years=extra,
        source=source,
    )


def load_rules(path: Path | str | None = None) -> ReuseRules:
    """The default rules, with the file at ``path`` merged over them when given."""
    doc = _default_doc()
    source = "défauts ecoparc"
    if path is not None:
        path = Path(path)
        try:
            override = read_toml_file(path)
        except TomlFileError as exc:
            raise RulesError(f"fichier de règles refusé : {path} : {exc}", True) from None
        doc = _merge(doc, override)
        source = str(path)
    try:
        return _build(doc, source)
    except (KeyError, TypeError, AttributeError) as exc:
        raise RulesError(f"fichier de règles mal formé : {exc}") from exc


_DEFAULT: ReuseRules | None = None


def default_rules() -> ReuseRules:
    """The packaged rules, read once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT
