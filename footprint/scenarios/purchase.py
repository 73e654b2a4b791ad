"""A planned purchase compared three ways: buy new, buy refurbished, or keep the
current devices one more year (docs/scenarios.md, « Comparer un achat »).

A buyer's question answered by the scenario engine, never by formulas of its own:
the devices the purchase replaces are a small fleet — for each line, its quantity
of the category's default reference, due for replacement in the purchase's year
(bought ``lifespan`` years before) — and each option is a scenario projected on
that fleet (:func:`footprint.scenarios.projection.project_many`) over the
lifespan of the purchase:

- **new**: the devices are replaced in the year by new ones, at the new price;
- **refurbished**: replaced in the year by refurbished ones (the purchase's
  categories 100 % refurbished, same lifespan), at the refurbished price — the
  refurbished phase rule of :mod:`footprint.refurbished`, applied by the engine;
- **keep**: kept one more year (``extend_years = 1``), then replaced by new ones.

Against « new »: CO2e avoided, € difference and WEEE avoided are the
comparison's (:meth:`footprint.scenarios.compare.Comparison.summary`); the AGEC
share of the year adds the option's purchases of the year to what the scope
already bought that year, as the declaration counts it
(:func:`footprint.indicators.agec.agec_it_spend`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.locale import category_label, label
from factors.vocabulary import CATEGORIES

from ..indicators.agec import agec_it_spend
from .compare import Comparison, write_xlsx
from .params import MAX_HORIZON_YEARS, MINIMUM_AGE_YEARS, ScenarioError, ScenarioParams
from .projection import ScenarioResult, prepare_fleet, project_many

#: The options, « new » first: the others are compared with it.
OPTIONS: tuple[str, ...] = ("new", "refurbished", "keep")
#: The name (short, shown as the scenario's name) and the label of each option.
OPTION_NAMES: dict[str, tuple[str, str]] = {
    "new": ("neuf", "new"),
    "refurbished": ("reconditionné", "refurbished"),
    "keep": ("garder un an", "keep a year"),
}
OPTION_LABELS: dict[str, tuple[str, str]] = {
    "new": ("Acheter neuf", "Buy new"),
    "refurbished": ("Acheter reconditionné", "Buy refurbished"),
    "keep": ("Garder un an de plus", "Keep a year longer"),
}
#: Columns of :meth:`PurchaseComparison.table`, one row per option.
TABLE_COLUMNS: tuple[str, ...] = (
    "option",
    "label",
    "year_eur",
    "horizon_eur",
    "gwp_kg",
    "avoided_gwp_kg",
    "agec_share",
    "avoided_weee_kg",
)
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "option": ("option", "option"),
    "label": ("option", "option"),
    "year_eur": ("€ HT dans l'année", "€ excl. VAT in the year"),
    "horizon_eur": ("€ HT sur l'horizon", "€ excl. VAT over the horizon"),
    "gwp_kg": ("kg CO2e sur l'horizon", "kg CO2e over the horizon"),
    "gwp_t": ("t CO2e sur l'horizon", "t CO2e over the horizon"),
    "avoided_gwp_kg": ("kg CO2e évités", "kg CO2e avoided"),
    "agec_share": ("part AGEC de l'année", "AGEC share of the year"),
    "avoided_weee_kg": ("DEEE kg évités", "WEEE kg avoided"),
}
#: Headings of a purchase line (the file a buyer imports, the workbook's first sheet).
LINE_LABELS: dict[str, tuple[str, str]] = {
    "category": ("catégorie", "category"),
    "quantity": ("quantité", "quantity"),
    "price_new": ("prix neuf € HT", "new price € excl. VAT"),
    "price_refurbished": ("prix reconditionné € HT", "refurbished price € excl. VAT"),
    "lifespan": ("durée de vie (ans)", "lifespan (years)"),
}
LINE_FIELDS: tuple[str, ...] = tuple(LINE_LABELS)


def table_heading(column: str, lang: str = "fr") -> str:
    return label(TABLE_LABELS, column, lang)


def line_heading(field: str, lang: str = "fr") -> str:
    return label(LINE_LABELS, field, lang)


@dataclass(frozen=True)
class PurchaseLine:
    """Units of one category to buy, their unit prices € HT and how long they are kept."""

    category: str
    quantity: int
    price_new: float
    price_refurbished: float
    lifespan: int

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ScenarioError(f"catégorie inconnue : {self.category!r}")
        if self.quantity < 1:
            raise ScenarioError(f"{self.category} : une quantité d'au moins 1 est attendue")
        prices = (("prix neuf", self.price_new), ("prix reconditionné", self.price_refurbished))
        for name, price in prices:
            if not (math.isfinite(price) and price >= 0):
                raise ScenarioError(f"{self.category} : {name} positif ou nul attendu")
        if not MINIMUM_AGE_YEARS <= self.lifespan <= MAX_HORIZON_YEARS:
            raise ScenarioError(
                f"{self.category} : durée de vie entre {MINIMUM_AGE_YEARS:g} et "
                f"{MAX_HORIZON_YEARS} ans (entière) attendue"
            )


@dataclass(frozen=True)
class Purchase:
    """A planned purchase: one line per category, bought in ``year``."""

    lines: tuple[PurchaseLine, ...]
    year: int
    label: str = ""

    def __post_init__(self) -> None:
        if not self.lines:
            raise ScenarioError("un achat compte au moins une ligne")
        categories = [line.category for line in self.lines]
        twice = sorted({c for c in categories if categories.count(c) > 1})
        if twice:
            raise ScenarioError(f"une ligne par catégorie : {', '.join(twice)} en double")

    @property
    def horizon(self) -> tuple[int, int]:
        """The year of the purchase and the following ones, as long as the longest lifespan."""
        return self.year, self.year + max(line.lifespan for line in self.lines) - 1

    def _per_category(self, field: str) -> dict[str, float]:
        return {line.category: float(getattr(line, field)) for line in self.lines}

    def scenario(self, option: str, lang: str = "fr") -> ScenarioParams:
        """The option as a scenario: the purchase's ages, lifespans, prices and horizon."""
        ages = self._per_category("lifespan")
        params = ScenarioParams(
            name=label(OPTION_NAMES, option, lang),
            label=label(OPTION_LABELS, option, lang),
            description=self.label,
            horizon=self.horizon,
            replacement_age=ages,
            refurbished_lifespan=ages,
            prices_new=self._per_category("price_new"),
            prices_refurbished=self._per_category("price_refurbished"),
            purchase=self._per_category("quantity"),
        )
        if option == "refurbished":
            return params.with_changes(refurbished_share_by_category=dict.fromkeys(ages, 1.0))
        if option == "keep":
            return params.with_changes(extend_years=1.0)
        return params

    def to_params(self, name: str, lang: str = "fr") -> ScenarioParams:
        """What is saved under ``name``: the refurbished option, which keeps every
        figure of the purchase (``purchase`` holds the quantities)."""
        return self.scenario("refurbished", lang).with_changes(
            name=name, label=self.label or name, description=self.label
        )

    @classmethod
    def from_params(cls, params: ScenarioParams) -> Purchase:
        """The purchase a saved scenario holds (refused when it holds none)."""
        if not params.purchase or params.horizon is None:
            raise ScenarioError(f"« {params.name} » n'est pas un achat enregistré")
        try:
            lines = tuple(
                PurchaseLine(
                    category=category,
                    quantity=int(quantity),
                    price_new=float(params.prices_new[category]),
                    price_refurbished=float(params.prices_refurbished[category]),
                    lifespan=int(params.replacement_age[category]),
                )
                for category, quantity in params.purchase.items()
            )
        except KeyError as exc:
            raise ScenarioError(f"« {params.name} » : achat incomplet ({exc.args[0]})") from None
        return cls(lines, params.horizon[0], params.label)

    def lines_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{field: getattr(line, field) for field in LINE_FIELDS} for line in self.lines],
            columns=list(LINE_FIELDS),
        )


def replaced_devices(purchase: Purchase, factor_set: FactorSet) -> pd.DataFrame:
    """The devices the purchase replaces, as a fleet frame: each line's quantity of
    the category's default reference, in service, due for replacement in the year."""
    n = len(purchase.lines)
    due = [
        pd.Timestamp(year=purchase.year - line.lifespan, month=1, day=1) for line in purchase.lines
    ]
    categories = [line.category for line in purchase.lines]
    return pd.DataFrame(
        {
            "device_id": np.arange(1, n + 1, dtype=np.int64),
            "entity": "",
            "entity_id": 0,
            "site": pd.Series([pd.NA] * n, dtype="object"),
            "quantity": np.array([line.quantity for line in purchase.lines], dtype=np.int64),
            "category": categories,
            "manufacturer": "",
            "model": "",
            "reference": [_default_reference(factor_set, c) for c in categories],
            "match_level": "category",
            "acquisition": "new",
            "purchase_date": pd.to_datetime(due).astype("datetime64[ns]"),
            "commissioning_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
            "retirement_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
            "status": "in_service",
            "annual_kwh": np.nan,
            "pue": np.nan,
            "first_life_years": np.nan,
            "price_eur": np.nan,
            "weight_kg": np.nan,
        }
    )


def _default_reference(factor_set: FactorSet, category: str) -> str:
    try:
        return factor_set.category_default(category)
    except KeyError:
        return factor_set.category_default("other")


@dataclass(frozen=True, eq=False)
class PurchaseComparison:
    """The three options of a purchase side by side, « new » first."""

    purchase: Purchase
    comparison: Comparison
    #: AGEC share of the year for each option (NaN: nothing bought in the year).
    agec: dict[str, float]
    #: What the scope bought in the year before this purchase: (reuse €, all €), IT only.
    bought_before: tuple[float, float]

    def table(self) -> pd.DataFrame:
        """One row per option: € of the year and of the horizon, CO2e, AGEC share, WEEE."""
        summary = self.comparison.summary()
        first = self.purchase.year
        rows = []
        for option, result, (_, row) in zip(
            OPTIONS, self.comparison.results, summary.iterrows(), strict=True
        ):
            rows.append(
                {
                    "option": option,
                    "label": row["label"],
                    "year_eur": in_year(result, "purchases_eur", first),
                    "horizon_eur": float(row["purchases_eur"]),
                    "gwp_kg": float(row["total_gwp_kg"]),
                    "avoided_gwp_kg": float(row["avoided_gwp_kg"]),
                    "agec_share": self.agec[option],
                    "avoided_weee_kg": float(row["avoided_weee_kg"]),
                }
            )
        return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))

    def to_json(self) -> dict[str, Any]:
        """The documented JSON document of ``ecoparc scenario purchase --format json``."""
        table = self.table()
        return {
            "year": self.purchase.year,
            "horizon": list(self.purchase.horizon),
            "lines": self.purchase.lines_frame().to_dict(orient="records"),
            "options": [
                {c: (None if _missing(r[c]) else r[c]) for c in TABLE_COLUMNS}
                for r in table.to_dict(orient="records")
            ],
        }

    def front_sheets(self, lang: str = "fr") -> list[tuple[str, list[str], list[list[Any]]]]:
        """The purchase's own sheets, before the scenario comparison's: its lines and
        the three options side by side."""
        fr = lang == "fr"
        lines: list[list[Any]] = [
            [category_label(line.category, lang), line.quantity, line.price_new]
            + [line.price_refurbished, line.lifespan]
            for line in self.purchase.lines
        ]
        table = self.table()
        table["label"] = [label(OPTION_LABELS, o, lang) for o in table["option"]]
        options = [
            [None if _missing(v) else v for v in row]
            for row in table.drop(columns="option").itertuples(index=False)
        ]
        return [
            ("Achat" if fr else "Purchase", [line_heading(f, lang) for f in LINE_FIELDS], lines),
            ("Options", [table_heading(c, lang) for c in TABLE_COLUMNS[1:]], options),
        ]


def in_year(result: ScenarioResult, column: str, year: int) -> float:
    """One yearly figure of a projected option."""
    years = result.years
    return float(years.loc[years["year"] == year, column].sum())


def _missing(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def compare_purchase(
    purchase: Purchase,
    factor_set: FactorSet,
    scope_fleet: pd.DataFrame | None = None,
    lang: str = "fr",
) -> PurchaseComparison:
    """The three options projected by the scenario engine on the devices replaced;
    ``scope_fleet`` (the devices of the buyer's scope) gives what was already bought
    in the year, to which each option's purchases add for the AGEC share."""
    base = prepare_fleet(replaced_devices(purchase, factor_set), factor_set)
    scenarios = [purchase.scenario(option, lang) for option in OPTIONS]
    results = tuple(project_many(base, scenarios, horizon=purchase.horizon))
    comparison = Comparison(horizon=purchase.horizon, results=results)
    before = (0.0, 0.0) if scope_fleet is None else agec_it_spend(scope_fleet, purchase.year)
    agec: dict[str, float] = {}
    for option, result in zip(OPTIONS, results, strict=True):
        reused = before[0] + in_year(result, "agec_refurbished_it_eur", purchase.year)
        total = before[1] + in_year(result, "agec_it_eur", purchase.year)
        agec[option] = reused / total if total > 0 else math.nan
    return PurchaseComparison(purchase, comparison, agec, before)


def purchase_from_rows(
    rows: Sequence[Mapping[str, Any]], year: int, label_text: str = ""
) -> Purchase:
    """A purchase from already-typed rows (``LINE_FIELDS`` keys)."""
    return Purchase(
        tuple(
            PurchaseLine(
                category=str(row["category"]),
                quantity=int(row["quantity"]),
                price_new=float(row["price_new"]),
                price_refurbished=float(row["price_refurbished"]),
                lifespan=int(row["lifespan"]),
            )
            for row in rows
        ),
        year,
        label_text,
    )


def write_purchase_xlsx(comparison: PurchaseComparison, path: Path, lang: str = "fr") -> None:
    """The purchase's workbook, written atomically (factors.outputs): its lines and
    the options side by side first, then the sheets of a scenario comparison
    (parameters, trajectories, years, assumptions)."""
    write_xlsx(comparison.comparison, path, lang, front=comparison.front_sheets(lang))
