"""Two factor sets side by side on the same fleet (``ecoparc factors compare A B``).

Each set is one methodology (docs/factors.md section 2): comparing the national
set with the manufacturers' one tells how much of a total depends on that choice,
per category, per matched model and for the whole fleet, and which models are
behind the difference. The comparison runs the engine twice on the same fleet of
the same year; nothing is re-implemented here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from factors.checks import category_ratios
from factors.factor_set import FactorSet
from factors.locale import category_label, format_number

from .engine import FootprintResult
from .scope import YearFleet, compute_year

#: Criterion compared (the sets' methodologies differ most on climate change).
CRITERION = "gwp"


@dataclass(frozen=True, eq=False)
class SetComparison:
    """The fleet's embodied climate impact under two sets.

    ``categories``: per category, the default's value per unit in each set and the
    fleet's embodied total (lifecycle, devices of the year) in each set.
    ``models``: per pair of references the fleet's devices matched (``reference_a``,
    ``reference_b``) where they differ, the value per unit in each set, the units,
    the difference they make to the fleet, and the ratio of the model value to its
    category's (flagged beyond ×3 or ÷3).

    The two tables are built when first read: a footprint's sensitivity line needs
    the totals alone, and on a million devices the tables' grouping by reference
    names costs more than the engine run behind them.
    """

    names: tuple[str, str]
    year: int
    total_a: float
    total_b: float
    #: Per device counted with set A: its reference in each set (categorical),
    #: category, units and embodied lifecycle in each set (set B's missing where B
    #: did not count it).
    devices: pd.DataFrame = field(repr=False)
    sets: tuple[FactorSet, FactorSet] = field(repr=False)

    @property
    def difference(self) -> float:
        """Relative difference of B from A for the fleet (0.25 = +25 %)."""
        return self.total_b / self.total_a - 1 if self.total_a else float("nan")

    @cached_property
    def categories(self) -> pd.DataFrame:
        set_a, set_b = self.sets
        categories = self.devices.groupby("category", sort=True).agg(
            units=("units", "sum"), total_a=("lifecycle_a", "sum"), total_b=("lifecycle_b", "sum")
        )
        categories.insert(0, "default_a", _default_values(set_a, categories.index))
        categories.insert(1, "default_b", _default_values(set_b, categories.index))
        return categories.reset_index()

    @cached_property
    def models(self) -> pd.DataFrame:
        set_a, set_b = self.sets
        both = self.devices.astype({"reference_a": "str", "reference_b": "str"})
        pairs = both.loc[both["reference_a"] != both["reference_b"]]
        models = pairs.groupby(["reference_a", "reference_b"], sort=False).agg(
            category=("category", "first"),
            units=("units", "sum"),
            total_a=("lifecycle_a", "sum"),
            total_b=("lifecycle_b", "sum"),
        )
        models["per_unit_a"] = models["total_a"] / models["units"]
        models["per_unit_b"] = models["total_b"] / models["units"]
        models["difference"] = models["total_b"] - models["total_a"]
        ratio_a = category_ratios(set_a)
        ratio_b = category_ratios(set_b)
        models["category_ratio"] = [
            ratio_b.get(rb, np.nan) if not np.isnan(ratio_b.get(rb, np.nan)) else ratio_a.get(ra)
            for ra, rb in models.index
        ]
        return models.sort_values("difference", key=np.abs, ascending=False).reset_index()


def compare_sets(
    fleet: YearFleet,
    set_a: FactorSet,
    set_b: FactorSet,
    aliases: pd.DataFrame | None = None,
    result_a: FootprintResult | None = None,
) -> SetComparison:
    """Compare ``set_b`` with ``set_a`` on the fleet of one year.

    ``result_a``: the annualized footprint of ``fleet`` with ``set_a`` when the
    caller has it already (the embodied lifecycle and the devices counted are
    those the comparison would compute), so the engine runs once instead of twice.
    """
    if result_a is None or result_a.method != "annualized" or CRITERION not in result_a.criteria:
        result_a = compute_year(fleet, set_a, criteria=(CRITERION,), aliases=aliases)
    result_b = compute_year(fleet, set_b, criteria=(CRITERION,), aliases=aliases)
    devices = _side_by_side(result_a.devices, result_b.devices)
    return SetComparison(
        names=(set_a.name, set_b.name),
        year=fleet.year,
        total_a=float(devices["lifecycle_a"].sum()),
        total_b=float(devices["lifecycle_b"].sum()),
        devices=devices,
        sets=(set_a, set_b),
    )


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The devices counted in ``a``, with their reference and embodied lifecycle in
    ``a`` and in ``b`` (missing where ``b`` did not count the device). Both results
    come from the same fleet, row for row, so ``b`` is aligned by position; by
    device id otherwise. References stay categorical: no text per device."""
    lifecycle = f"{CRITERION}_embodied_lifecycle"
    rows = np.flatnonzero(a["counted"].to_numpy(dtype=bool))
    ids_a, ids_b = a["device_id"].to_numpy(), b["device_id"].to_numpy()
    if np.array_equal(ids_a, ids_b):
        at_b = rows
    else:
        at_b = pd.Index(ids_b).get_indexer(ids_a[rows])
    counted_b = np.append(b["counted"].to_numpy(dtype=bool), False)[at_b]
    reference_b = pd.Categorical(b["reference"])
    codes_b = np.append(reference_b.codes, -1)[at_b]
    lifecycle_b = np.append(b[lifecycle].to_numpy(dtype=np.float64), np.nan)[at_b]
    return pd.DataFrame(
        {
            "reference_a": pd.Categorical(a["reference"]).take(rows),
            "reference_b": pd.Categorical.from_codes(
                np.where(counted_b, codes_b, -1), categories=reference_b.categories
            ),
            "category": a["category"].array.take(rows),
            "units": a["quantity"].to_numpy(dtype=np.float64)[rows],
            "lifecycle_a": a[lifecycle].to_numpy(dtype=np.float64)[rows],
            "lifecycle_b": np.where(counted_b, lifecycle_b, np.nan),
        },
        index=ids_a[rows],
    )


def _default_values(factor_set: FactorSet, categories: pd.Index) -> np.ndarray:
    """Embodied gwp per unit of each category's default reference (NaN if none)."""
    matrix = factor_set.impact_matrix((CRITERION,))
    per_reference = pd.Series(matrix.sum(axis=1).to_numpy(), index=matrix.index)
    defaults = factor_set.defaults.reindex(categories)
    return per_reference.reindex(defaults.to_numpy()).to_numpy(dtype=np.float64)


def compare_text(comparison: SetComparison, lang: str = "fr", top: int = 10) -> str:
    """The comparison as the command prints it (French by default)."""
    fr = lang == "fr"
    a, b = comparison.names
    pct = comparison.difference * 100
    sign = "+" if pct >= 0 else "−"
    lines = [
        (
            f"Parc {comparison.year}, impact incorporé (cycle de vie) : {a} "
            f"{format_number(comparison.total_a / 1000, lang, digits=4)} t CO2e, {b} "
            f"{format_number(comparison.total_b / 1000, lang, digits=4)} t CO2e "
            f"(avec « {b} » : {sign}{format_number(abs(pct), lang, digits=3)} %)"
        )
        if fr
        else (
            f"Fleet {comparison.year}, embodied (lifecycle): {a} "
            f"{format_number(comparison.total_a / 1000, lang, digits=4)} t CO2e, {b} "
            f"{format_number(comparison.total_b / 1000, lang, digits=4)} t CO2e "
            f"(with '{b}': {sign}{format_number(abs(pct), lang, digits=3)} %)"
        ),
        "",
        "Par catégorie (valeur par défaut par unité ; total du parc) :"
        if fr
        else "Per category (default per unit; fleet total):",
    ]
    for _, row in comparison.categories.iterrows():
        per_unit = (
            f"{format_number(row['default_a'], lang, digits=4)} / "
            f"{format_number(row['default_b'], lang, digits=4)} kg"
        )
        before, after = (format_number(row[c], lang, digits=4) for c in ("total_a", "total_b"))
        fleet = f"{before} → {after} kg"
        lines.append(f"  {category_label(str(row['category']), lang)} : {per_unit} ; {fleet}")
    if len(comparison.models):
        lines += [
            "",
            "Modèles qui font l'écart (valeur par unité A → B, unités, écart sur le parc) :"
            if fr
            else "Models behind the difference (per unit A → B, units, fleet difference):",
        ]
        for _, row in comparison.models.head(top).iterrows():
            ratio = row["category_ratio"]
            flag = (
                (" — hors plage (×3 ou ÷3 de sa catégorie)" if fr else " — out of range (×3 or ÷3)")
                if not np.isnan(ratio) and not 1 / 3 <= ratio <= 3
                else ""
            )
            lines.append(
                f"  {row['reference_b']} ({row['reference_a']}) : "
                f"{format_number(row['per_unit_a'], lang, digits=4)} → "
                f"{format_number(row['per_unit_b'], lang, digits=4)} kg × "
                f"{format_number(row['units'], lang)} = "
                f"{'+' if row['difference'] >= 0 else '−'}"
                f"{format_number(abs(row['difference']) / 1000, lang, digits=4)} t{flag}"
            )
        if len(comparison.models) > top:
            more = len(comparison.models) - top
            lines.append(f"  … et {more} autres" if fr else f"  … and {more} more")
    return "\n".join(lines) + "\n"


def sensitivity_line(comparison: SetComparison, lang: str = "fr") -> str:
    """« avec les données constructeurs : +25 % » for a report's parameters."""
    pct = comparison.difference * 100
    sign = "+" if pct >= 0 else "−"
    return (
        f"avec le jeu « {comparison.names[1]} » : {sign}{abs(pct):.0f} % d'impact incorporé"
        if lang == "fr"
        else f"with the '{comparison.names[1]}' set: {sign}{abs(pct):.0f} % embodied impact"
    )
