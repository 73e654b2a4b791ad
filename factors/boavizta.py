"""Turning Boavizta environmental-footprint-data rows into model references.

The Boavizta data set (ODbL 1.0, attribution "Boavizta environmental-footprint-data")
collects manufacturers' product carbon footprints (PCF): a life-cycle total
``gwp_total`` and the shares of it per phase. ecoparc needs the embodied phases
(manufacturing, distribution, end of life) for gwp, adpe and pe:

* gwp per phase = ``gwp_total × gwp_<phase>_ratio`` when the three phase ratios
  are published (``gwp_transport_ratio`` is distribution);
* otherwise the embodied total is ``gwp_total × (1 − gwp_use_ratio)``; the
  published phases are kept and the remainder is shared among the missing phases
  in the proportions of the category default reference;
* without ``gwp_use_ratio``, a published manufacturing share fixes the scale and
  the other phases follow the default's proportions;
* with neither, the row cannot be used and is returned with its line and reason;
* adpe and pe (which PCFs do not publish) are the category default's values
  scaled by the ratio of embodied gwp (model / default);
* lifespan and refurbished ratio are the category default's (how long a
  device is kept is a property of the organisation, not of the model); annual
  kWh and weight come from the PCF when published, else from the default.

Both dialects are read: ``,`` separator with ``.`` decimals (boavizta-data-us.csv)
and ``;`` with ``,`` decimals (boavizta-data-fr.csv).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from factors.factor_set import (
    IMPACT_COLUMNS,
    REFERENCE_COLUMNS,
    FactorSet,
    FactorSetError,
    RowProblem,
    UnreadableFactorFile,
    csv_problem,
)
from factors.normalise import normalise_manufacturer, slug
from factors.system_errors import in_words
from factors.validation import impact_unit
from factors.vocabulary import CRITERIA, PHASES

REQUIRED_COLUMNS: tuple[str, ...] = (
    "manufacturer",
    "name",
    "category",
    "subcategory",
    "gwp_total",
    "gwp_use_ratio",
)
_NUMERIC_COLUMNS: tuple[str, ...] = (
    "gwp_total",
    "gwp_use_ratio",
    "gwp_manufacturing_ratio",
    "gwp_transport_ratio",
    "gwp_eol_ratio",
    "gwp_error_ratio",
    "yearly_tec",
    "weight",
)
_RATIO_COLUMNS: tuple[str, ...] = (
    "gwp_use_ratio",
    "gwp_manufacturing_ratio",
    "gwp_transport_ratio",
    "gwp_eol_ratio",
)
#: Phase → Boavizta ratio column.
PHASE_RATIOS: dict[str, str] = {
    "manufacturing": "gwp_manufacturing_ratio",
    "distribution": "gwp_transport_ratio",
    "end_of_life": "gwp_eol_ratio",
}

#: Boavizta subcategory (casefolded) → ecoparc category. The Boavizta category
#: (Workplace, Datacenter, Home) adds nothing once the subcategory is known.
SUBCATEGORY_MAP: dict[str, str] = {
    "laptop": "laptop",
    "desktop": "desktop",
    "monitor": "monitor",
    "smartphone": "smartphone",
    "tablet": "tablet",
    "printer": "printer",
    "mfp": "mfp",
    "multifunction printer": "mfp",
    "thin client": "thin_client",
    "workstation": "workstation",
    "server": "server",
    "converged": "server",
    "converged edge": "server",
    "san/nas": "storage",
    "network": "router",
    "iot": "other",
    "multimedia": "other",
    "entertainment": "other",
    "entertainmentt": "other",
    "gaming": "other",
}
#: Subcategories deliberately left out, with the reason given to the user.
REJECTED_SUBCATEGORIES: dict[str, str] = {
    "hard drive": "composant (disque dur) et non équipement du parc",
}

ATTRIBUTION = "Boavizta environmental-footprint-data (ODbL 1.0)"

_FOOTNOTE = re.compile(r"\b(server|system|module|plus)\d\b", re.IGNORECASE)
_ESCAPES = {"\\xe2\\x80\\x93": "-", "\\xe2\\x80\\x9d": '"', "\\xe2\\x80\\x99": "'"}


def read_boavizta(path: Path) -> pd.DataFrame:
    """The rows of a Boavizta CSV as text, numbers parsed, with their file line in ``line``.

    The separator is sniffed from the header line; with ``;`` decimals are commas.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFactorFile.of(str(path), f"illisible : {in_words(exc)}") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise UnreadableFactorFile.of(path.name, "encodage non reconnu")
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise UnreadableFactorFile.of(path.name, "fichier vide")
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError:
        raise UnreadableFactorFile.of(path.name, "fichier vide") from None
    except pd.errors.ParserError as exc:
        raise UnreadableFactorFile.of(path.name, csv_problem(exc)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise FactorSetError(
            [RowProblem(path.name, 1, f"colonne manquante : {column}") for column in missing]
        )
    for column in ("sources", "report_date", *_NUMERIC_COLUMNS):
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.reset_index(drop=True)
    frame["line"] = np.arange(len(frame), dtype="int64") + 2
    for column in _NUMERIC_COLUMNS:
        cells = frame[column].str.strip()
        if sep == ";":
            cells = cells.str.replace(",", ".", regex=False)
        frame[f"{column}_text"] = frame[column].str.strip()
        frame[column] = pd.to_numeric(cells.where(cells != ""), errors="coerce").astype("float64")
    for column in ("manufacturer", "name", "category", "subcategory", "sources", "report_date"):
        frame[column] = frame[column].str.strip()
    return frame


def clean_model_name(name: str) -> str:
    """The Boavizta product name without escaped bytes or footnote digits (``server4``)."""
    for escaped, char in _ESCAPES.items():
        name = name.replace(escaped, char)
    return " ".join(_FOOTNOTE.sub(r"\1", name).split())


def _categories(frame: pd.DataFrame) -> pd.Series:
    """Ecoparc category of each row; all-in-one desktops are told apart by their name."""
    sub = frame["subcategory"].str.casefold()
    category = sub.map(SUBCATEGORY_MAP)
    aio = (category == "desktop") & frame["name"].str.contains(
        r"all-in-one|\baio\b", case=False, regex=True
    )
    return category.where(~aio, "all_in_one")


def _default_tables(base: FactorSet) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The category default references of ``base`` and their impact rows."""
    refs = base.references
    defaults = refs.loc[(refs["manufacturer"] == "") & (refs["model"] == "")]
    impacts = base.impacts.loc[base.impacts["reference"].isin(defaults["reference"])]
    return defaults.reset_index(drop=True), impacts.reset_index(drop=True)


def _sig(values: np.ndarray, digits: int = 6) -> np.ndarray:
    """Round to significant digits, so derived numbers do not pretend to 15 digits."""
    out = np.asarray(values, dtype="float64").copy()
    finite = np.isfinite(out) & (out != 0)
    magnitude = np.floor(np.log10(np.abs(out[finite])))
    factor = 10.0 ** (digits - 1 - magnitude)
    out[finite] = np.round(out[finite] * factor) / factor
    return out


def _row_problems(frame: pd.DataFrame, category: pd.Series, file: str) -> pd.Series:
    """The reason each row cannot be used ('' if usable)."""
    reason = pd.Series("", index=frame.index, dtype=str)

    def flag(mask: pd.Series, text: pd.Series | str) -> None:
        nonlocal reason
        mask = mask & (reason == "")
        reason = reason.mask(mask, text)

    flag(frame["manufacturer"] == "", "fabricant vide")
    flag(frame["name"] == "", "nom de produit vide")
    sub = frame["subcategory"].str.casefold()
    flag(sub.isin(list(REJECTED_SUBCATEGORIES)), sub.map(REJECTED_SUBCATEGORIES).fillna(""))
    flag(
        category.isna(),
        "catégorie Boavizta non reconnue : " + frame["category"] + " / " + frame["subcategory"],
    )
    total_text = frame["gwp_total_text"]
    flag(total_text == "", "gwp_total manquant")
    flag(frame["gwp_total"].isna(), "gwp_total non numérique : " + total_text)
    flag(frame["gwp_total"] <= 0, "gwp_total doit être positif : " + total_text)
    for column in _RATIO_COLUMNS:
        text = frame[f"{column}_text"]
        value = frame[column]
        flag((text != "") & value.isna(), f"{column} non numérique : " + text)
        flag((value < 0) | (value > 1), f"{column} hors de [0, 1] : " + text)
    phase_known = frame[list(PHASE_RATIOS.values())].notna()
    flag(
        frame["gwp_use_ratio"].isna()
        & frame["gwp_manufacturing_ratio"].isna()
        & ~phase_known.all(axis=1),
        "ni gwp_use_ratio ni gwp_manufacturing_ratio : part hors usage inconnue",
    )
    flag(frame["gwp_use_ratio"] == 1, "gwp_use_ratio = 1 : aucune part hors usage")
    flag(
        phase_known.all(axis=1) & (frame[list(PHASE_RATIOS.values())].sum(axis=1) == 0),
        "ratios de phase tous nuls",
    )
    return reason


def _phase_split(frame: pd.DataFrame, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """gwp per phase (n × 3) and the code of the rule applied to each row (0, 1 or 2)."""
    total = frame["gwp_total"].to_numpy()
    use = frame["gwp_use_ratio"].to_numpy()
    ratios = frame[list(PHASE_RATIOS.values())].to_numpy(dtype="float64")
    known = ~np.isnan(ratios)
    published = total[:, None] * np.where(known, ratios, 0.0)
    missing_share = np.where(known, 0.0, shares)
    missing_sum = missing_share.sum(axis=1)
    weights = np.divide(
        missing_share,
        missing_sum[:, None],
        out=np.zeros_like(shares),
        where=missing_sum[:, None] > 0,
    )
    remainder = np.maximum(total * (1.0 - use) - published.sum(axis=1), 0.0)
    from_use = published + weights * remainder[:, None]
    from_manufacturing = published + np.where(known, 0.0, published[:, :1] * shares / shares[:, :1])
    all_known = known.all(axis=1)
    rule = np.where(all_known, 0, np.where(~np.isnan(use), 1, 2))
    phases = np.where(
        all_known[:, None], published, np.where((rule == 1)[:, None], from_use, from_manufacturing)
    )
    return phases, rule


_RULES = (
    "gwp_total × ratios de phase publiés",
    "gwp_total × (1 − gwp_use_ratio), phases non publiées réparties comme la référence par défaut",
    "gwp_total × gwp_manufacturing_ratio, autres phases en proportion de la référence par défaut",
)


def boavizta_model_references(
    frame: pd.DataFrame, base: FactorSet, file: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[RowProblem]]:
    """Model references and impacts from rows read by read_boavizta, plus the unusable rows.

    ``base`` supplies the category defaults (phase proportions, adpe/pe, lifespan…).
    """
    category = _categories(frame)
    reason = _row_problems(frame, category, file)
    manufacturer = frame["manufacturer"].map(normalise_manufacturer)
    model = frame["name"].map(clean_model_name)
    reference = (manufacturer + " " + model).map(slug)
    usable = reason == ""
    first = reference.where(usable).dropna().drop_duplicates()
    duplicate = usable & ~frame.index.isin(first.index)
    first_line = pd.Series(frame.loc[first.index, "line"].to_numpy(), index=first.to_numpy())
    reason = reason.mask(
        duplicate, "doublon de la ligne " + reference.map(first_line).astype("Int64").astype(str)
    )
    problems = [
        RowProblem(file, int(line), text)
        for line, text in zip(frame.loc[reason != "", "line"], reason[reason != ""], strict=True)
    ]
    keep = reason == ""
    rows = frame.loc[keep].reset_index(drop=True)
    category = category[keep].reset_index(drop=True)
    manufacturer = manufacturer[keep].reset_index(drop=True)
    model = model[keep].reset_index(drop=True)
    reference = reference[keep].reset_index(drop=True)

    defaults, default_impacts = _default_tables(base)
    default_of = pd.Series(defaults["reference"].to_numpy(), index=defaults["category"].to_numpy())
    default_ref = category.map(default_of)
    gwp = default_impacts.loc[default_impacts["criterion"] == "gwp"].pivot(
        index="reference", columns="phase", values="value"
    )[list(PHASES)]
    default_gwp = gwp.reindex(default_ref.to_numpy()).to_numpy()
    shares = default_gwp / default_gwp.sum(axis=1, keepdims=True)
    phases, rule = _phase_split(rows, shares)
    phases = _sig(phases)
    scale = phases.sum(axis=1) / default_gwp.sum(axis=1)

    attrs = defaults.set_index("reference").reindex(default_ref.to_numpy())
    url = rows["sources"].where(rows["sources"] != "", "URL non renseignée")
    citation = (
        "PCF "
        + manufacturer
        + " "
        + model
        + " ("
        + rows["report_date"].where(rows["report_date"] != "", "date non renseignée")
        + ") : "
        + url
        + " ; via "
        + ATTRIBUTION
    )
    has_tec = rows["yearly_tec"].notna().to_numpy()
    has_weight = (rows["weight"] > 0).to_numpy()
    ref_source = (
        citation
        + " ; durée de vie et ratio reconditionné : défaut de catégorie ; kWh/an : "
        + np.where(has_tec, "yearly_tec du PCF", "défaut de catégorie")
        + " ; masse : "
        + np.where(has_weight, "PCF", "défaut de catégorie")
    )
    references = pd.DataFrame(
        {
            "reference": reference,
            "category": category,
            "manufacturer": manufacturer,
            "model": model,
            "lifespan_years": attrs["lifespan_years"].to_numpy(),
            "annual_kwh": np.where(has_tec, rows["yearly_tec"], attrs["annual_kwh"]),
            "weight_kg": np.where(has_weight, rows["weight"], attrs["weight_kg"]),
            "refurbished_ratio": attrs["refurbished_ratio"].to_numpy(),
            "source": ref_source,
        }
    )[REFERENCE_COLUMNS]

    error = rows["gwp_error_ratio"].to_numpy()
    has_error = np.isfinite(error) & (error > 0)
    rule_text = pd.Series(np.asarray(_RULES, dtype=object)[rule], dtype=str)
    bound_text = np.where(has_error, " ; bornes : ± gwp_error_ratio publié", "")
    blocks: list[pd.DataFrame] = []
    for i, phase in enumerate(PHASES):
        value = phases[:, i]
        blocks.append(
            pd.DataFrame(
                {
                    "reference": reference,
                    "criterion": "gwp",
                    "phase": phase,
                    "value": value,
                    "low": np.where(has_error, _sig(value * np.maximum(1 - error, 0)), np.nan),
                    "high": np.where(has_error, _sig(value * (1 + error)), np.nan),
                    "unit": impact_unit("gwp"),
                    "source": citation + " ; " + rule_text + bound_text,
                }
            )
        )
    scaled = default_impacts.loc[default_impacts["criterion"] != "gwp"]
    scale_text = pd.Series(scale).map(lambda s: f"{s:.4g}")
    for key, block in scaled.groupby(["criterion", "phase"], sort=False):
        criterion, phase = (str(part) for part in key)
        by_ref = block.set_index("reference").reindex(default_ref.to_numpy())
        blocks.append(
            pd.DataFrame(
                {
                    "reference": reference,
                    "criterion": criterion,
                    "phase": phase,
                    "value": _sig(by_ref["value"].to_numpy() * scale),
                    "low": _sig(by_ref["low"].to_numpy() * scale),
                    "high": _sig(by_ref["high"].to_numpy() * scale),
                    "unit": impact_unit(criterion),
                    "source": "valeur de la référence par défaut "
                    + default_ref
                    + " × rapport des gwp hors usage (modèle / défaut = "
                    + scale_text
                    + ") ; "
                    + citation,
                }
            )
        )
    impacts = pd.concat(blocks, ignore_index=True)[IMPACT_COLUMNS]
    position = pd.Series(np.arange(len(reference)), index=reference.to_numpy())
    keys = (
        impacts["phase"].map({p: i for i, p in enumerate(PHASES)}).to_numpy(),
        impacts["criterion"].map({c: i for i, c in enumerate(CRITERIA)}).to_numpy(),
        impacts["reference"].map(position).to_numpy(),
    )
    impacts = impacts.iloc[np.lexsort(keys)].reset_index(drop=True)
    return references, impacts, problems


def import_boavizta(
    path: Path, name: str, base: FactorSet | None = None
) -> tuple[FactorSet, list[RowProblem]]:
    """A factor set from a Boavizta CSV, and the rows that could not be used.

    The set is complete: its category defaults and electricity factors are those
    of ``base`` (the built-in set by default), to which the model references of
    the file are added.
    """
    from factors.builtin import load_builtin

    path = Path(path)
    base = base or load_builtin()
    frame = read_boavizta(path)
    references, impacts, problems = boavizta_model_references(frame, base, path.name)
    defaults, default_impacts = _default_tables(base)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    fs = FactorSet(
        name=name,
        version=digest,
        description=(
            f"Import Boavizta de {path.name} ({len(references)} modèles) ; "
            f"défauts et électricité : {base.name} {base.version}"
        ),
        builtin=False,
        references=pd.concat([defaults, references], ignore_index=True),
        impacts=pd.concat([default_impacts, impacts], ignore_index=True),
        electricity=base.electricity.copy(),
        electricity_default_year=base.electricity_default_year,
    )
    return fs, problems
