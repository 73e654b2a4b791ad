"""The inventory in NumEcoEval / G4IT input files, so the same fleet can be evaluated there.

Files (``;``-separated, UTF-8, ISO dates; headers and rules in docs/reports.md,
« Export NumEcoEval »):

- ``equipementPhysique.csv`` — one row per device or lot: ``nomEquipementPhysique``
  is the device name (else serial, asset tag, then ``ecoparc-<id>``), made unique
  with ``#<id>`` because G4IT rejects duplicates; ``type`` the referential's type
  of the category (:mod:`factors.numecoeval`); ``modele`` the model as matched:
  the "manufacturer model" of the factor reference for a model-level match,
  else the device's own, the manufacturer written once (the importer splits it
  back off); ``dureeUsageInterne`` the years over which ecoparc's engine spreads
  the device's embodied impact (actual for a retired device, expected for one
  still held), so NumEcoEval annualises as ecoparc does; ``dureeUsageAmont``
  the first life of refurbished devices, only when known; ``statut`` an English
  status word (In use, In stock, Broken, Retired, Reuse pending, Disposed);
  ``consoElecAnnuelle`` only when measured (NumEcoEval uses its own referential
  otherwise); ``utilisateur`` the user pseudonym only when asked (RGPD);
  ``qualite`` HAUTE with a purchase date and a model, MOYENNE with one of them,
  BASSE with neither;
- ``entite.csv`` — ``nomEntite;nbCollaborateurs;responsableEntite;responsableNumeriqueResponsable``
  (the published specification's spelling);
- ``datacenter.csv`` — the server rooms the devices refer to, with their PUE
  (``nomCourtDatacenter`` is set only for devices in a server room).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from factors.factor_set import FactorSet
from factors.manufacturers import PRODUCT_LINES
from factors.normalise import manufacturer_in_model, manufacturer_key
from factors.numecoeval import CATEGORY_TYPES
from factors.vocabulary import MATCH_LEVELS

from ..engine import FootprintResult, compute
from ..report_safety import neutralise_frame

EQUIPMENT_FILE = "equipementPhysique.csv"
ENTITY_FILE = "entite.csv"
DATACENTER_FILE = "datacenter.csv"

EQUIPMENT_COLUMNS: tuple[str, ...] = (
    "nomEquipementPhysique",
    "modele",
    "quantite",
    "nomCourtDatacenter",
    "dateAchat",
    "dateRetrait",
    "dureeUsageInterne",
    "dureeUsageAmont",
    "dureeUsageAval",
    "type",
    "statut",
    "paysDUtilisation",
    "consoElecAnnuelle",
    "utilisateur",
    "nomSourceDonnee",
    "nomEntite",
    "nbCoeur",
    "modeUtilisation",
    "tauxUtilisation",
    "qualite",
)
ENTITY_COLUMNS: tuple[str, ...] = (
    "nomEntite",
    "nbCollaborateurs",
    "responsableEntite",
    "responsableNumeriqueResponsable",
)
DATACENTER_COLUMNS: tuple[str, ...] = (
    "nomCourtDatacenter",
    "nomLongDatacenter",
    "pue",
    "localisation",
    "nomEntite",
)

STATUS_WORDS: dict[str, str] = {
    "in_service": "In use",
    "in_stock": "In stock",
    "broken": "Broken",
    "retired": "Retired",
    "reuse_pending": "Reuse pending",
    "disposed": "Disposed",
}
#: Country of use written for a zone code.
COUNTRIES: dict[str, str] = {"FR": "France"}
SOURCE_NAME = "ecoparc"


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="str")
    return frame[column].astype("str").fillna("").str.strip()


def _iso(dates: pd.Series) -> pd.Series:
    text: pd.Series = dates.dt.strftime("%Y-%m-%d").fillna("")
    return text


def _number(values: pd.Series) -> pd.Series:
    """Numbers as text with a dot and no useless zeros; empty where missing."""
    numeric = pd.to_numeric(values, errors="coerce")
    return numeric.map(lambda v: "" if pd.isna(v) else f"{v:g}").astype("str")


def _names_brand(manufacturer: str, model: str) -> bool:
    """Whether ``model`` already starts with ``manufacturer``, in any spelling
    (``HP`` and ``Hewlett-Packard EliteBook``): writing it again would double it."""
    folded = model.casefold()
    brand = manufacturer.casefold()
    if folded == brand or folded.startswith(brand + " "):
        return True
    if folded.split(" ", 1)[0] in PRODUCT_LINES:  # "Wyse 5070" needs its "Dell" before it
        return False
    return manufacturer_key(manufacturer) == manufacturer_key(manufacturer_in_model(model))


def _model_text(manufacturer: pd.Series, model: pd.Series) -> pd.Series:
    """ "Manufacturer model", the manufacturer written once (worked out once per
    distinct pair: a fleet holds few distinct models)."""
    pairs = pd.MultiIndex.from_arrays([manufacturer, model])
    codes, uniques = pairs.factorize()
    texts = [m if not f or (m and _names_brand(f, m)) else f"{f} {m}".strip() for f, m in uniques]
    return pd.Series(np.asarray(texts, dtype=object)[codes], index=manufacturer.index, dtype="str")


def _as_matched(frame: pd.DataFrame, result: FootprintResult) -> tuple[pd.Series, pd.Series]:
    """(manufacturer, model) as matched: the factor reference's for a model-level
    match (every spelling of a model gives one ``modele``, the name ecoparc's
    figures used), else the device's own text."""
    manufacturer = _text(frame, "manufacturer")
    model = _text(frame, "model")
    devices = result.devices
    matched = devices["match_level"].astype("str").to_numpy() == MATCH_LEVELS[0]
    if not matched.any():
        return manufacturer, model
    references = result.factors.references.set_index("reference")
    reference = devices["reference"].astype("str")
    for column, own in (("manufacturer", manufacturer), ("model", model)):
        theirs = reference.map(references[column]).fillna("").astype("str").to_numpy()
        own[matched] = theirs[matched]
    return manufacturer, model


def equipment_frame(
    frame: pd.DataFrame, result: FootprintResult, include_users: bool = False
) -> pd.DataFrame:
    """The physical-equipment table of ``frame`` (text cells, NumEcoEval headers);
    ``result`` is the engine's result for exactly this frame (rows in the same order)."""
    device_id = frame["device_id"].astype("int64").astype("str")
    name = _text(frame, "name")
    for fallback in ("serial", "asset_tag"):
        name = name.where(name != "", _text(frame, fallback))
    name = name.where(name != "", "ecoparc-" + device_id)
    duplicated = name.duplicated(keep="first")
    name = name.where(~duplicated, name + "#" + device_id)

    manufacturer, model = _as_matched(frame, result)
    modele = _model_text(manufacturer, model)
    category = frame["category"].astype("str")
    kinds = category.map(CATEGORY_TYPES).fillna(CATEGORY_TYPES["other"])
    lifespan = pd.Series(np.round(result.devices["lifespan_years"].to_numpy(), 2), frame.index)
    server_room = frame["pue"].notna() if "pue" in frame.columns else pd.Series(False, frame.index)
    site = _text(frame, "site").where(server_room, "")
    has_date = frame["purchase_date"].notna()
    has_model = _text(frame, "model") != ""
    quality = np.select(
        [has_date & has_model, has_date | has_model], ["HAUTE", "MOYENNE"], default="BASSE"
    )
    empty = pd.Series("", index=frame.index, dtype="str")
    out = pd.DataFrame(
        {
            "nomEquipementPhysique": name,
            "modele": modele,
            "quantite": frame["quantity"].astype("int64").astype("str"),
            "nomCourtDatacenter": site,
            "dateAchat": _iso(frame["purchase_date"]),
            "dateRetrait": _iso(frame["retirement_date"]),
            "dureeUsageInterne": _number(lifespan),
            "dureeUsageAmont": _number(frame.get("first_life_years", empty)),
            "dureeUsageAval": empty,
            "type": kinds,
            "statut": frame["status"].astype("str").map(STATUS_WORDS).fillna(""),
            "paysDUtilisation": COUNTRIES.get(result.zone, result.zone),
            "consoElecAnnuelle": _number(frame.get("annual_kwh", empty)),
            "utilisateur": _text(frame, "user_key") if include_users else empty,
            "nomSourceDonnee": SOURCE_NAME,
            "nomEntite": _text(frame, "entity"),
            "nbCoeur": empty,
            "modeUtilisation": empty,
            "tauxUtilisation": empty,
            "qualite": quality,
        },
        columns=list(EQUIPMENT_COLUMNS),
    )
    return neutralise_frame(out)


def entity_frame(entities: pd.DataFrame) -> pd.DataFrame:
    """The entity table: name and number of agents."""
    out = pd.DataFrame(
        {
            "nomEntite": entities["entity"].astype("str"),
            "nbCollaborateurs": entities["agents"].map(lambda v: "" if pd.isna(v) else str(int(v))),
            "responsableEntite": "",
            "responsableNumeriqueResponsable": "",
        },
        columns=list(ENTITY_COLUMNS),
    )
    return neutralise_frame(out)


def datacenter_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The server rooms devices of ``frame`` are in, with their PUE."""
    rooms = frame.loc[frame["pue"].notna() & frame["site"].notna(), ["site", "pue", "entity"]]
    rooms = rooms.drop_duplicates(subset=["site"])
    out = pd.DataFrame(
        {
            "nomCourtDatacenter": rooms["site"].astype("str"),
            "nomLongDatacenter": rooms["site"].astype("str"),
            "pue": _number(rooms["pue"]),
            "localisation": "France",
            "nomEntite": rooms["entity"].astype("str"),
        },
        columns=list(DATACENTER_COLUMNS),
    )
    return neutralise_frame(out)


def export_result(
    frame: pd.DataFrame,
    factor_set: FactorSet,
    day: date,
    aliases: pd.DataFrame | None = None,
    zone: str = "FR",
) -> FootprintResult:
    """The engine's result the export reads (matched models, lifespans): annualized,
    the year of ``day``, ages measured on ``day``."""
    return compute(frame, factor_set, day.year, aliases=aliases, zone=zone, as_of=day)


def write_numecoeval(
    frame: pd.DataFrame,
    entities: pd.DataFrame,
    directory: Path,
    result: FootprintResult,
    include_users: bool = False,
) -> list[Path]:
    """Write the NumEcoEval files into ``directory`` (created if needed); returns their
    paths. ``result`` is :func:`export_result` of ``frame``."""
    directory.mkdir(parents=True, exist_ok=True)
    tables = {
        EQUIPMENT_FILE: equipment_frame(frame, result, include_users),
        ENTITY_FILE: entity_frame(entities),
        DATACENTER_FILE: datacenter_frame(frame),
    }
    paths = []
    for name, table in tables.items():
        path = directory / name
        table.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    return paths
