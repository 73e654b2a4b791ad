"""The factor set: sourced emission factors per reference, plus electricity factors.

A factor set is three tables (docs/architecture.md §5). Category default references have
empty manufacturer and model; model references carry both. The object is
immutable: the engine, the matcher and the CLI may share one instance and cache
derived views on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property

import numpy as np
import pandas as pd

from factors.vocabulary import CRITERIA, PHASES

REFERENCE_COLUMNS: list[str] = [
    "reference",
    "category",
    "manufacturer",
    "model",
    "lifespan_years",
    "annual_kwh",
    "weight_kg",
    "refurbished_ratio",
    "source",
]
#: Optional columns of ``references``: the bounds of the default annual kWh
#: (docs/factors.md section 1). A set without them reads as a set without bounds.
REFERENCE_OPTIONAL: list[str] = ["annual_kwh_low", "annual_kwh_high"]
IMPACT_COLUMNS: list[str] = [
    "reference",
    "criterion",
    "phase",
    "value",
    "low",
    "high",
    "unit",
    "source",
]
ELECTRICITY_COLUMNS: list[str] = ["zone", "year", "criterion", "value", "unit", "source"]

#: Numeric columns of each table (everything else is text).
REFERENCE_NUMERIC: tuple[str, ...] = (
    "lifespan_years",
    "annual_kwh",
    "weight_kg",
    "refurbished_ratio",
)
IMPACT_NUMERIC: tuple[str, ...] = ("value", "low", "high")
ELECTRICITY_NUMERIC: tuple[str, ...] = ("value",)


@dataclass(frozen=True)
class RowProblem:
    """One reason a row of a factor file was rejected, located for the user."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, ligne {self.line}"
        return f"{where} : {self.reason}"


class FactorSetError(ValueError):
    """A factor set was rejected; ``problems`` says where and why, row by row."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        head = "; ".join(str(p) for p in self.problems[:5])
        more = f" (+{len(self.problems) - 5} autres)" if len(self.problems) > 5 else ""
        super().__init__(f"jeu de facteurs rejeté : {head}{more}")


class UnreadableFactorFile(FactorSetError):
    """The file or folder could not be read at all (missing, corrupt, wrong encoding)."""

    @classmethod
    def of(cls, file: str, reason: str) -> UnreadableFactorFile:
        """One problem naming the file, for a file that cannot be read at all."""
        return cls([RowProblem(file, None, reason)])


def csv_problem(exc: Exception) -> str:
    """A French reason for pandas' parser error (its own text is English internals)."""
    found = re.search(r"(?:line|row) (\d+)", str(exc))
    where = (
        f", ligne {int(found.group(1)) + (0 if 'line' in found.group(0) else 1)}" if found else ""
    )
    return f"CSV mal formé : guillemet jamais refermé ou nombre de colonnes irrégulier{where}"


@dataclass(frozen=True)
class ElectricityFactor:
    """The impact of one kWh in a zone and year, with where the number comes from."""

    zone: str
    year: int
    criterion: str
    value: float
    unit: str
    source: str


@dataclass(frozen=True, eq=False)
class FactorSet:
    """A named, versioned set of factors.

    Equality is identity (frames do not compare as booleans), which also lets
    derived views (defaults, matrices, the matcher's index) be cached per set.
    """

    name: str
    version: str
    description: str
    builtin: bool
    references: pd.DataFrame
    impacts: pd.DataFrame
    electricity: pd.DataFrame
    #: Year used when no electricity year is asked; None means the latest year.
    electricity_default_year: int | None = None
    #: Cache slot for objects built from this set by other modules (the matcher index).
    _derived: dict[str, object] = dataclass_field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def defaults(self) -> pd.Series:
        """Category → name of its default reference (empty manufacturer and model)."""
        refs = self.references
        is_default = (refs["manufacturer"] == "") & (refs["model"] == "")
        return pd.Series(
            refs.loc[is_default, "reference"].to_numpy(),
            index=refs.loc[is_default, "category"].to_numpy(),
            name="reference",
        )

    def category_default(self, category: str) -> str:
        """Name of the default reference of ``category``; KeyError if the set has none."""
        try:
            return str(self.defaults[category])
        except KeyError:
            raise KeyError(f"aucune référence par défaut pour la catégorie {category!r}") from None

    def reference_row(self, reference: str) -> pd.Series:
        """The references row of ``reference``; KeyError if unknown."""
        rows = self.references.loc[self.references["reference"] == reference]
        if rows.empty:
            raise KeyError(f"référence inconnue : {reference!r}")
        return rows.iloc[0]

    def impacts_of(self, reference: str) -> pd.DataFrame:
        """The impact rows of one reference, in criterion and phase order."""
        rows = self.impacts.loc[self.impacts["reference"] == reference]
        order = {c: i for i, c in enumerate(CRITERIA)} | {p: i for i, p in enumerate(PHASES)}
        return rows.sort_values(["criterion", "phase"], key=lambda s: s.map(order)).reset_index(
            drop=True
        )

    def electricity_factor(
        self, zone: str = "FR", year: int | None = None, criterion: str = "gwp"
    ) -> ElectricityFactor:
        """The factor for ``zone`` and ``year``.

        The exact year if present, else the latest earlier year, else the earliest
        year; ``year=None`` asks for the set's default year.
        """
        rows = self.electricity.loc[
            (self.electricity["zone"] == zone) & (self.electricity["criterion"] == criterion)
        ]
        if rows.empty:
            raise KeyError(
                f"pas de facteur électrique pour la zone {zone!r} et le critère {criterion!r}"
            )
        years = rows["year"].to_numpy()
        wanted = self.electricity_default_year if year is None else year
        if wanted is None:
            chosen = int(years.max())
        elif (years <= wanted).any():
            chosen = int(years[years <= wanted].max())
        else:
            chosen = int(years.min())
        row = rows.loc[rows["year"] == chosen].iloc[0]
        return ElectricityFactor(
            zone=zone,
            year=chosen,
            criterion=criterion,
            value=float(row["value"]),
            unit=str(row["unit"]),
            source=str(row["source"]),
        )

    def impact_matrix(
        self,
        criteria: Sequence[str] = tuple(CRITERIA),
        field: str = "value",
        fill_from_default: bool = True,
    ) -> pd.DataFrame:
        """Wide view for the engine: one row per reference, columns (criterion, phase).

        ``field`` is ``value``, ``low`` or ``high``. A bound left empty takes the
        central value, so Monte Carlo draws collapse to it. A model reference that
        lacks a criterion or phase borrows its category default's cell, so the
        engine never meets a hole (validation guarantees defaults are complete).
        """
        if field not in IMPACT_NUMERIC:
            raise ValueError(f"field must be one of {IMPACT_NUMERIC}, not {field!r}")
        key = f"matrix:{field}:{','.join(criteria)}:{fill_from_default}"
        cached = self._derived.get(key)
        if isinstance(cached, pd.DataFrame):
            return cached
        # Laid out with numpy on integer codes: a pivot of the text columns cost a
        # tenth of a second per call, at every process that computes a footprint.
        impacts = self.impacts
        values = impacts[field].to_numpy(dtype=np.float64, na_value=np.nan)
        if field != "value":
            central = impacts["value"].to_numpy(dtype=np.float64, na_value=np.nan)
            values = np.where(np.isnan(values), central, values)
        criterion = pd.Index(list(criteria)).get_indexer(pd.Index(impacts["criterion"]))
        phase = pd.Index(list(PHASES)).get_indexer(pd.Index(impacts["phase"]))
        held, names = pd.factorize(impacts["reference"])
        cells = len(criteria) * len(PHASES)
        cell = criterion * len(PHASES) + phase
        # One value per cell, the first one given (as a pivot's ``first``: NaN skipped).
        given = np.flatnonzero((held >= 0) & (criterion >= 0) & (phase >= 0) & ~np.isnan(values))
        given = given[~pd.Index(held[given] * cells + cell[given]).duplicated()]
        dense = np.full((len(names) + 1, cells), np.nan)
        dense[held[given], cell[given]] = values[given]
        references = self.references["reference"].to_numpy()
        row = pd.Index(names).get_indexer(references)  # -1: the all-NaN last row
        columns = pd.MultiIndex.from_product(
            [list(criteria), list(PHASES)], names=["criterion", "phase"]
        )
        wide = pd.DataFrame(
            dense[row], index=pd.Index(references, name="reference"), columns=columns
        )
        if fill_from_default and wide.isna().to_numpy().any():
            default_of = self.references["category"].map(self.defaults).to_numpy()
            filler = wide.reindex(default_of).to_numpy()
            wide = pd.DataFrame(
                np.where(np.isnan(wide.to_numpy()), filler, wide.to_numpy()),
                index=wide.index,
                columns=wide.columns,
            )
        self._derived[key] = wide
        return wide
