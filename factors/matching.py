"""Matching devices to factor references.

A device is described by free text (category, manufacturer, model) as its
inventory wrote it. Matching gives the best reference of a factor set and says
how good the match is:

``model`` (score 0.5–1)
    the model text contains every model number of a model reference of the same
    category (and manufacturer, when known); among several such references the
    one sharing the most tokens wins (weighted Jaccard: model numbers 3, words 1,
    capacities/sizes 0.5), ties going to the median embodied gwp. A user alias
    (exact model text → reference, per entity or global) also gives ``model``,
    score 1, and wins over everything else.
``manufacturer+category`` (score 0.3)
    the model is unknown but the set has model references of this manufacturer
    in this category: the reference used is the median one of them (by embodied
    gwp; the lower median for an even count, then by name). No new reference is
    created, so every result exists in the set.
``category`` (score 0.1)
    the category default reference; an empty or unknown category (or one
    without a default in a partial set) gives the ``other`` default, score 0.

The work is done once per *distinct* (category, manufacturer, model) triple and
mapped back to the devices, so a fleet of 100,000 devices costs a few thousand
normalisations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.normalise import (
    is_key,
    is_variant,
    manufacturer_in_model,
    manufacturer_key,
    model_tokens,
    normalise_manufacturer,
    required_tokens,
)
from factors.vocabulary import CATEGORIES, MATCH_LEVELS

__all__ = ["match_devices", "match_one", "normalise_manufacturer", "alias_key"]

MODEL, MANUFACTURER_CATEGORY, CATEGORY = MATCH_LEVELS
SCORE_ALIAS = 1.0
SCORE_MANUFACTURER = 0.3
SCORE_CATEGORY = 0.1
SCORE_UNKNOWN_CATEGORY = 0.0
FALLBACK_CATEGORY = "other"
_SEP = "\x1f"

#: Words that make a different model of the same number (iPhone 14 vs iPhone 14 Pro):
#: device and reference must agree on them.
QUALIFIERS = frozenset(
    {"pro", "max", "plus", "mini", "air", "ultra", "lite", "xl", "fe", "se", "2in1"}
)

#: Categories an inventory often confuses; a model reference of a sibling
#: category is accepted, after those of the device's own category.
_FAMILIES = (
    {"printer", "mfp"},
    {"desktop", "all_in_one", "workstation", "thin_client"},
    {"laptop", "tablet"},
    {"smartphone", "mobile_phone"},
    {"monitor", "display"},
    {"server", "storage"},
    {"router", "network_switch", "firewall", "wifi_ap"},
)
SIBLINGS: dict[str, frozenset[str]] = {
    category: frozenset(next((f for f in _FAMILIES if category in f), {category}))
    for category in CATEGORIES
}


def _weight(token: str) -> float:
    if is_variant(token):
        return 0.5
    return 3.0 if is_key(token) else 1.0


def alias_key(text: str) -> str:
    """How alias texts are compared: case and spacing do not matter."""
    return " ".join(str(text).casefold().split())


@dataclass(frozen=True)
class _Candidate:
    reference: str
    category: str
    manufacturer: str
    tokens: frozenset[str]
    required: frozenset[str]
    qualifiers: frozenset[str]
    has_keys: bool
    embodied: float


class _Index:
    """Model references of one set, indexed by token, plus the fallbacks."""

    def __init__(self, fs: FactorSet) -> None:
        refs = fs.references
        models = refs.loc[(refs["manufacturer"] != "") & (refs["model"] != "")]
        embodied = fs.impact_matrix(["gwp"]).sum(axis=1)
        self.defaults: dict[str, str] = {str(k): str(v) for k, v in fs.defaults.items()}
        self.known = frozenset(refs["reference"])
        self.candidates: list[_Candidate] = []
        self.by_token: dict[str, list[int]] = {}
        groups: dict[tuple[str, str], list[tuple[float, str]]] = {}
        for reference, category, manufacturer, model in zip(
            models["reference"],
            models["category"],
            models["manufacturer"],
            models["model"],
            strict=True,
        ):
            required = required_tokens(model)
            candidate = _Candidate(
                reference=reference,
                category=category,
                manufacturer=manufacturer_key(manufacturer),
                tokens=frozenset(model_tokens(model)),
                required=required,
                qualifiers=frozenset(model_tokens(model)) & QUALIFIERS,
                has_keys=any(is_key(t) for t in required),
                embodied=float(embodied.get(reference, np.nan)),
            )
            if not required:
                continue
            position = len(self.candidates)
            self.candidates.append(candidate)
            for token in required:
                self.by_token.setdefault(token, []).append(position)
            groups.setdefault((category, candidate.manufacturer), []).append(
                (candidate.embodied, reference)
            )
        self.median: dict[tuple[str, str], str] = {}
        for key, members in groups.items():
            members.sort()
            self.median[key] = members[(len(members) - 1) // 2][1]

    def best_model(
        self, category: str | None, manufacturer: str, tokens: Iterable[str]
    ) -> tuple[str, float] | None:
        device = set(tokens)
        device_has_keys = any(is_key(t) for t in device)
        qualifiers = device & QUALIFIERS
        accepted = SIBLINGS[category] if category is not None else None
        seen: set[int] = set()
        scored: list[tuple[bool, float, float, str]] = []
        for token in device:
            for position in self.by_token.get(token, ()):
                if position in seen:
                    continue
                seen.add(position)
                c = self.candidates[position]
                if accepted is not None and c.category not in accepted:
                    continue
                if manufacturer and c.manufacturer != manufacturer:
                    continue
                if not c.required <= device or (not c.has_keys and device_has_keys):
                    continue
                if c.qualifiers != qualifiers:
                    continue
                shared = sum(_weight(t) for t in device & c.tokens)
                union = sum(_weight(t) for t in device | c.tokens)
                scored.append((c.category == category, shared / union, c.embodied, c.reference))
        if not scored:
            return None
        own, top = max((o, s) for o, s, _, _ in scored)
        ties = sorted((e, r) for o, s, e, r in scored if o == own and s >= top - 1e-12)
        return ties[(len(ties) - 1) // 2][1], 0.5 + 0.5 * top


def _index(fs: FactorSet) -> _Index:
    cached = fs._derived.get("matcher")
    if isinstance(cached, _Index):
        return cached
    index = _Index(fs)
    fs._derived["matcher"] = index
    return index


def match_one(
    factor_set: FactorSet, category: str, manufacturer: str, model: str
) -> tuple[str, str, float]:
    """The (reference, level, score) of one device description."""
    index = _index(factor_set)
    cat = str(category or "").strip().casefold()
    known_category = cat in CATEGORIES
    manu = manufacturer_key(str(manufacturer or "")) or manufacturer_key(
        manufacturer_in_model(str(model or ""))
    )
    tokens = model_tokens(str(model or ""))
    if tokens:
        found = index.best_model(cat if known_category else None, manu, tokens)
        if found is not None:
            return found[0], MODEL, found[1]
    if manu and (cat, manu) in index.median:
        return index.median[(cat, manu)], MANUFACTURER_CATEGORY, SCORE_MANUFACTURER
    if known_category and cat in index.defaults:
        return index.defaults[cat], CATEGORY, SCORE_CATEGORY
    if FALLBACK_CATEGORY in index.defaults:
        return index.defaults[FALLBACK_CATEGORY], CATEGORY, SCORE_UNKNOWN_CATEGORY
    raise KeyError(f"le jeu « {factor_set.name} » n'a pas de référence par défaut « other »")


def _text(devices: pd.DataFrame, column: str) -> pd.Series:
    if column not in devices.columns:
        return pd.Series("", index=devices.index, dtype=str)
    return devices[column].astype("string").fillna("").astype(str)


def match_devices(
    devices: pd.DataFrame, factor_set: FactorSet, aliases: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Reference, match level and score for every device.

    ``devices`` has columns category, manufacturer, model (missing values
    allowed) and, for per-entity aliases, entity. ``aliases`` has columns
    model_text, reference and entity (NA for a global alias), entities being
    compared as text with ``devices['entity']``; an alias to a reference absent
    from the set is ignored. Returns a frame with the index of ``devices`` and
    columns reference, match_level, match_score.
    """
    category = _text(devices, "category")
    manufacturer = _text(devices, "manufacturer")
    model = _text(devices, "model")
    codes, uniques = pd.factorize(category + _SEP + manufacturer + _SEP + model)
    references = np.empty(len(uniques), dtype=object)
    levels = np.empty(len(uniques), dtype=object)
    scores = np.empty(len(uniques), dtype="float64")
    for i, triple in enumerate(uniques):
        cat, manu, mod = str(triple).split(_SEP)
        references[i], levels[i], scores[i] = match_one(factor_set, cat, manu, mod)
    reference = references[codes]
    level = levels[codes]
    score = scores[codes]
    if aliases is not None and len(aliases):
        reference, level, score = _apply_aliases(
            devices, model, aliases, factor_set, reference, level, score
        )
    return pd.DataFrame(
        {
            "reference": pd.Series(reference, index=devices.index, dtype=str),
            "match_level": pd.Series(level, index=devices.index, dtype=str),
            "match_score": pd.Series(score, index=devices.index, dtype="float64"),
        }
    )


def _apply_aliases(
    devices: pd.DataFrame,
    model: pd.Series,
    aliases: pd.DataFrame,
    factor_set: FactorSet,
    reference: np.ndarray,
    level: np.ndarray,
    score: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Global aliases override matching; entity aliases override global ones."""
    known = _index(factor_set).known
    table = pd.DataFrame(
        {
            "key": aliases["model_text"].astype("string").fillna("").map(alias_key),
            "reference": aliases["reference"].astype("string").fillna("").astype(str),
            "entity": aliases["entity"].astype("string")
            if "entity" in aliases.columns
            else pd.Series(pd.NA, index=aliases.index, dtype="string"),
        }
    )
    table = table.loc[table["reference"].isin(list(known)) & (table["key"] != "")]
    model_codes, model_uniques = pd.factorize(model)
    device_key = np.asarray([alias_key(m) for m in model_uniques], dtype=object)[model_codes]
    reference, level, score = reference.copy(), level.copy(), score.copy()
    global_aliases = table.loc[table["entity"].isna()].drop_duplicates("key", keep="last")
    scoped = table.loc[table["entity"].notna()].drop_duplicates(["entity", "key"], keep="last")
    hit = pd.Index(global_aliases["key"]).get_indexer(device_key)
    found = hit >= 0
    reference[found] = global_aliases["reference"].to_numpy()[hit[found]]
    level[found], score[found] = MODEL, SCORE_ALIAS
    if len(scoped) and "entity" in devices.columns:
        entity = devices["entity"].astype("string").fillna("").astype(str).to_numpy()
        wanted = pd.MultiIndex.from_arrays([entity, device_key])
        scoped_index = pd.MultiIndex.from_arrays(
            [scoped["entity"].astype(str).to_numpy(), scoped["key"].to_numpy()]
        )
        hit = scoped_index.get_indexer(wanted)
        found = hit >= 0
        reference[found] = scoped["reference"].to_numpy()[hit[found]]
        level[found], score[found] = MODEL, SCORE_ALIAS
    return reference, level, score
