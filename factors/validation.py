"""Checking the three raw tables of a factor set and turning them into a FactorSet.

Every problem is reported with the file, the line (the header is line 1) and the
reason, and all of them are collected before failing, so a user fixes a file in
one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from factors.factor_set import (
    ELECTRICITY_COLUMNS,
    ELECTRICITY_NUMERIC,
    IMPACT_COLUMNS,
    IMPACT_NUMERIC,
    REFERENCE_COLUMNS,
    REFERENCE_NUMERIC,
    REFERENCE_OPTIONAL,
    FactorSet,
    FactorSetError,
    RowProblem,
)
from factors.vocabulary import CATEGORIES, CRITERIA, PHASES

#: Table name → its required columns, in file order.
TABLES: dict[str, list[str]] = {
    "references": REFERENCE_COLUMNS,
    "impacts": IMPACT_COLUMNS,
    "electricity": ELECTRICITY_COLUMNS,
}
#: Table name → columns a file may leave out (read as empty), written after the others.
OPTIONAL: dict[str, list[str]] = {"references": REFERENCE_OPTIONAL}
_NUMERIC = {
    "references": (*REFERENCE_NUMERIC, *REFERENCE_OPTIONAL),
    "impacts": IMPACT_NUMERIC,
    "electricity": ELECTRICITY_NUMERIC,
}
#: Numbers that must be present on every row (reference attributes may be left
#: empty on model references: they are then taken from the category default).
_REQUIRED_NUMBERS = {"impacts": ("value",), "electricity": ("value",)}


def impact_unit(criterion: str) -> str:
    """The unit every impact row of ``criterion`` must carry."""
    return CRITERIA[criterion][0]


def electricity_unit(criterion: str) -> str:
    """The unit of an electricity factor for ``criterion`` (per kWh)."""
    return f"{CRITERIA[criterion][0]}/kWh"


def _same_unit(given: pd.Series, expected: pd.Series) -> pd.Series:
    """Units compare without spaces or case, so ``kgCO2e`` equals ``kg CO2e``."""

    def squeeze(s: pd.Series) -> pd.Series:
        return s.str.replace(" ", "", regex=False).str.casefold()

    return squeeze(given) == squeeze(expected)


class _Collector:
    """Accumulates problems for one file, addressing rows by their position."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[RowProblem] = []

    def add(self, line: int | None, reason: str) -> None:
        self.problems.append(RowProblem(self.file, line, reason))

    def rows(
        self, frame: pd.DataFrame, mask: pd.Series, reason: str, column: str | None = None
    ) -> None:
        """Add ``reason`` for every row where ``mask`` holds (``{}`` gets the cell value)."""
        positions = np.flatnonzero(mask.to_numpy(dtype=bool)).tolist()
        for pos in positions:
            value = frame[column].iat[pos] if column is not None else ""
            self.add(int(pos) + 2, reason.format(value))


def _clean_text(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Text cells as stripped ``str`` with empty strings, never NA."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("string").fillna("").str.strip().astype(str)
    return out


def _parse_numbers(
    frame: pd.DataFrame, columns: Iterable[str], required: Iterable[str], report: _Collector
) -> pd.DataFrame:
    """Numeric columns as float64; non-numbers and negatives are reported."""
    out = frame.copy()
    required = set(required)
    for column in columns:
        text = frame[column]
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
        bad = (text != "") & numbers.isna()
        report.rows(frame, bad, f"valeur non numérique dans {column} : {{!r}}", column)
        report.rows(frame, numbers < 0, f"valeur négative dans {column} : {{}}", column)
        if column in required:
            report.rows(frame, text == "", f"valeur manquante dans {column}")
        out[column] = numbers
    return out


def _check_columns(frame: pd.DataFrame, expected: list[str], report: _Collector) -> bool:
    missing = [c for c in expected if c not in frame.columns]
    for column in missing:
        report.add(1, f"colonne manquante : {column}")
    return not missing


def _check_references(frame: pd.DataFrame, report: _Collector) -> None:
    report.rows(frame, frame["reference"] == "", "référence vide")
    report.rows(
        frame, ~frame["category"].isin(list(CATEGORIES)), "catégorie inconnue : {!r}", "category"
    )
    half = (frame["manufacturer"] == "") != (frame["model"] == "")
    report.rows(
        frame,
        half,
        "une référence de modèle a un fabricant et un modèle ; "
        "une référence par défaut n'a ni l'un ni l'autre",
    )
    report.rows(frame, frame["source"] == "", "source manquante")
    first_line: dict[str, int] = {}
    for pos, reference in enumerate(frame["reference"]):
        if reference == "":
            continue
        if reference in first_line:
            report.add(
                pos + 2, f"référence en double : {reference!r} (déjà ligne {first_line[reference]})"
            )
        else:
            first_line[reference] = pos + 2
    report.rows(frame, frame["lifespan_years"] == 0, "durée de vie nulle")
    kwh, low, high = frame["annual_kwh"], frame["annual_kwh_low"], frame["annual_kwh_high"]
    report.rows(
        frame,
        (low > kwh) | (high < kwh) | (low > high),
        "bornes de annual_kwh incohérentes : annual_kwh_low ≤ annual_kwh ≤ annual_kwh_high "
        "non respecté",
    )
    report.rows(
        frame,
        frame["refurbished_ratio"] > 1,
        "refurbished_ratio doit être entre 0 et 1 : {}",
        "refurbished_ratio",
    )


def _check_bounds(frame: pd.DataFrame, report: _Collector) -> None:
    value, low, high = frame["value"], frame["low"], frame["high"]
    broken = (low > value) | (high < value) | (low > high)
    for pos in np.flatnonzero(broken.to_numpy(dtype=bool)).tolist():
        report.add(
            int(pos) + 2,
            f"bornes incohérentes : low ≤ value ≤ high non respecté "
            f"(low={low.iat[pos]:g}, value={value.iat[pos]:g}, high={high.iat[pos]:g})",
        )


def _check_duplicates(frame: pd.DataFrame, keys: list[str], label: str, report: _Collector) -> None:
    dup = frame.duplicated(keys, keep="first")
    for pos in np.flatnonzero(dup.to_numpy()).tolist():
        key = ", ".join(str(frame[k].iat[pos]) for k in keys)
        report.add(int(pos) + 2, f"{label} en double : {key}")


def _check_impacts(frame: pd.DataFrame, known: set[str], report: _Collector) -> None:
    unknown_ref = (frame["reference"] != "") & ~frame["reference"].isin(known)
    report.rows(frame, unknown_ref, "impacts pour une référence inconnue : {!r}", "reference")
    report.rows(frame, frame["reference"] == "", "référence vide")
    bad_criterion = ~frame["criterion"].isin(list(CRITERIA))
    report.rows(frame, bad_criterion, "critère inconnu : {!r}", "criterion")
    report.rows(frame, ~frame["phase"].isin(list(PHASES)), "phase inconnue : {!r}", "phase")
    expected = frame["criterion"].map(lambda c: impact_unit(c) if c in CRITERIA else "")
    wrong_unit = ~bad_criterion & ~_same_unit(frame["unit"], expected)
    for pos in np.flatnonzero(wrong_unit.to_numpy()).tolist():
        report.add(
            int(pos) + 2,
            f"unité {frame['unit'].iat[pos]!r} au lieu de {expected.iat[pos]!r} "
            f"pour le critère {frame['criterion'].iat[pos]}",
        )
    report.rows(frame, frame["source"] == "", "source manquante")
    _check_bounds(frame, report)
    _check_duplicates(frame, ["reference", "criterion", "phase"], "impact", report)


def _check_electricity(frame: pd.DataFrame, report: _Collector) -> pd.DataFrame:
    report.rows(frame, frame["zone"] == "", "zone vide")
    year = pd.to_numeric(frame["year"].where(frame["year"] != ""), errors="coerce")
    bad_year = year.isna() | (year != year.round())
    report.rows(frame, bad_year, "année invalide : {!r}", "year")
    bad_criterion = ~frame["criterion"].isin(list(CRITERIA))
    report.rows(frame, bad_criterion, "critère inconnu : {!r}", "criterion")
    expected = frame["criterion"].map(lambda c: electricity_unit(c) if c in CRITERIA else "")
    wrong_unit = ~bad_criterion & ~_same_unit(frame["unit"], expected)
    for pos in np.flatnonzero(wrong_unit.to_numpy()).tolist():
        report.add(
            int(pos) + 2, f"unité {frame['unit'].iat[pos]!r} au lieu de {expected.iat[pos]!r}"
        )
    report.rows(frame, frame["source"] == "", "source manquante")
    _check_duplicates(frame, ["zone", "year", "criterion"], "facteur électrique", report)
    out = frame.copy()
    out["year"] = year.fillna(0).astype("int64")
    return out


def _check_defaults(refs: pd.DataFrame, impacts: pd.DataFrame, report: _Collector) -> None:
    """Each category needs exactly one default, complete for every criterion and phase.

    The tables are grouped once in plain Python (a set has a few hundred rows at
    most): a filter per category cost a tenth of a second per set loaded, which
    every footprint pays twice (the set and the sensitivity's)."""
    is_default = ((refs["manufacturer"] == "") & (refs["model"] == "")).to_numpy(dtype=bool)
    lines: dict[str, list[int]] = {}
    for pos in np.flatnonzero(is_default).tolist():
        lines.setdefault(str(refs["category"].iat[pos]), []).append(pos)
    phases: dict[str, set[tuple[str, str]]] = {}
    for reference, criterion, phase in zip(
        impacts["reference"], impacts["criterion"], impacts["phase"], strict=True
    ):
        phases.setdefault(reference, set()).add((criterion, phase))
    attributes = ("lifespan_years", "annual_kwh", "weight_kg", "refurbished_ratio")
    missing_attribute = {column: refs[column].isna().to_numpy() for column in attributes}
    needed = {(c, p) for c in CRITERIA for p in PHASES}
    for category in CATEGORIES:
        positions = lines.get(category)
        if not positions:
            report.add(None, f"aucune référence par défaut pour la catégorie {category!r}")
            continue
        for pos in positions[1:]:
            report.add(pos + 2, f"deuxième référence par défaut pour la catégorie {category!r}")
        first = positions[0]
        reference = str(refs["reference"].iat[first])
        line = first + 2
        missing = needed - phases.get(reference, set())
        if missing:
            holes = ", ".join(f"{c}/{p}" for c, p in sorted(missing))
            report.add(line, f"référence par défaut {reference!r} incomplète : il manque {holes}")
        for column in attributes:
            if bool(missing_attribute[column][first]):
                report.add(line, f"référence par défaut {reference!r} : {column} manquant")


def _fill_from_defaults(refs: pd.DataFrame) -> pd.DataFrame:
    """Empty attributes of a model reference are those of its category default; the
    kWh bounds too, but only where the kWh themselves are the default's (bounds of
    another consumption would not bracket the model's own)."""
    is_default = (refs["manufacturer"] == "") & (refs["model"] == "")
    defaults = refs.loc[is_default].set_index("category")
    out = refs.copy()
    borrowed_kwh = out["annual_kwh"].isna()
    for column in REFERENCE_NUMERIC:
        out[column] = out[column].fillna(out["category"].map(defaults[column]))
    for column in REFERENCE_OPTIONAL:
        default = out["category"].map(defaults[column])
        out[column] = out[column].where(~borrowed_kwh | out[column].notna(), default)
    return out


def build_factor_set(
    raw: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    *,
    name: str,
    version: str = "",
    description: str = "",
    builtin: bool = False,
    electricity_default_year: int | None = None,
) -> FactorSet:
    """Validate the three raw tables (text cells) and build the set, or raise FactorSetError.

    ``files`` names each table's file for the messages (``impacts.csv``,
    ``set.xlsx[impacts]``).
    """
    reports = {table: _Collector(files[table]) for table in TABLES}
    tables: dict[str, pd.DataFrame] = {}
    for table, required in TABLES.items():
        frame = raw[table].reset_index(drop=True)
        if not _check_columns(frame, required, reports[table]):
            continue
        optional = OPTIONAL.get(table, [])
        frame = frame.assign(**{c: "" for c in optional if c not in frame.columns})
        columns = required + optional
        text_columns = [c for c in columns if c not in _NUMERIC[table]]
        frame = _clean_text(frame[columns], columns)
        frame = _parse_numbers(
            frame, _NUMERIC[table], _REQUIRED_NUMBERS.get(table, ()), reports[table]
        )
        tables[table] = frame[text_columns + list(_NUMERIC[table])][columns]
    if "references" in tables:
        _check_references(tables["references"], reports["references"])
    if "impacts" in tables and "references" in tables:
        known = set(tables["references"]["reference"])
        _check_impacts(tables["impacts"], known, reports["impacts"])
        _check_defaults(tables["references"], tables["impacts"], reports["references"])
    if "electricity" in tables:
        tables["electricity"] = _check_electricity(tables["electricity"], reports["electricity"])
        if tables["electricity"].empty:
            reports["electricity"].add(None, "aucun facteur électrique")
    problems = [p for report in reports.values() for p in report.problems]
    if problems:
        raise FactorSetError(problems)
    if (
        electricity_default_year is not None
        and not (tables["electricity"]["year"] == electricity_default_year).any()
    ):
        raise FactorSetError(
            [
                RowProblem(
                    files["electricity"],
                    None,
                    f"année par défaut {electricity_default_year} absente",
                )
            ]
        )
    return FactorSet(
        name=name,
        version=version,
        description=description,
        builtin=builtin,
        references=_fill_from_defaults(tables["references"]),
        impacts=tables["impacts"],
        electricity=tables["electricity"],
        electricity_default_year=electricity_default_year,
    )
