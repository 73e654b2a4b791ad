"""Two factor sets side by side on the same fleet (``ecoparc factors compare A B``).

Each set is one methodology (docs/factors.md section 2): comparing the national
set with the manufacturers' one tells how much of a total depends on that choice,
per category, per matched model and for the whole fleet, and which models are
behind the difference. The comparison runs the engine twice on the same fleet of
the same year; nothing is re-implemented here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from factors.checks import category_ratios
from factors.factor_set import FactorSet
from factors.locale import category_label, format_number

from .engine import FootprintResult
from .scope import YearFleet, compute_year

#: Criterion compared (the sets' methodologies differ most on climate change).
CRITERION = "gwp"


@dataclass(frozen=True)
class SetComparison:
    """The fleet's embodied climate impact under two sets.

    ``categories``: per category, the default's value per unit in each set and the
    fleet's embodied total (lifecycle, devices of the year) in each set.
    ``models``: per pair of references the fleet's devices matched (``reference_a``,
    ``reference_b``) where they differ, the value per unit in each set, the units,
    the difference they make to the fleet, and the ratio of the model value to its
    category's (flagged beyond ×3 or ÷3).
    """

    names: tuple[str, str]
    year: int
    categories: pd.DataFrame
    models: pd.DataFrame
    total_a: float
    total_b: float

    @property
    def difference(self) -> float:
        """Relative difference of B from A for the fleet (0.25 = +25 %)."""
        return self.total_b / self.total_a - 1 if self.total_a else float("nan")


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
    a = _embodied(result_a)
    b = _embodied(compute_year(fleet, set_b, criteria=(CRITERION,), aliases=aliases))
    both = a.add_suffix("_a").join(b.add_suffix("_b"))
    categories = both.groupby("category_a", sort=True).agg(
        units=("units_a", "sum"), total_a=("lifecycle_a", "sum"), total_b=("lifecycle_b", "sum")
    )
    categories.index.name = "category"
    categories.insert(0, "default_a", _default_values(set_a, categories.index))
    categories.insert(1, "default_b", _default_values(set_b, categories.index))
    differ = both["reference_a"] != both["reference_b"]
    pairs = both.loc[differ]
    models = pairs.groupby(["reference_a", "reference_b"], sort=False).agg(
        category=("category_a", "first"),
        units=("units_a", "sum"),
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
    models = models.sort_values("difference", key=np.abs, ascending=False).reset_index()
    return SetComparison(
        names=(set_a.name, set_b.name),
        year=fleet.year,
        categories=categories.reset_index(),
        models=models,
        total_a=float(both["lifecycle_a"].sum()),
        total_b=float(both["lifecycle_b"].sum()),
    )


def _embodied(result: FootprintResult) -> pd.DataFrame:
    """Per device counted in the year: reference, category, units, lifecycle embodied."""
    devices = result.devices
    used = ["device_id", "reference", "category", "quantity", f"{CRITERION}_embodied_lifecycle"]
    # The columns first, then the rows: the result has some forty columns.
    counted = devices[used].loc[devices["counted"].to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            "reference": counted["reference"].astype("str").to_numpy(),
            "category": counted["category"].astype("str").to_numpy(),
            "units": counted["quantity"].to_numpy(dtype=np.float64),
            "lifecycle": counted[f"{CRITERION}_embodied_lifecycle"].to_numpy(),
        },
        index=counted["device_id"].to_numpy(),
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
