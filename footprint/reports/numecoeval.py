"""The inventory in NumEcoEval / G4IT input files, so the same fleet can be evaluated there.

Files (``;``-separated, UTF-8, ISO dates, headers of docs/reports.md):

- ``equipementPhysique.csv`` — one row per device or lot: ``nomEquipementPhysique``
  is the device name (else serial, asset tag, then ``ecoparc-<id>``), made unique
  with ``#<id>`` because G4IT rejects duplicates; ``modele`` is "manufacturer
  model", the manufacturer written once (the importer splits it back off);
  ``type`` is ecoparc's French category label; ``statut`` an English status word
  (In use, In stock, Broken, Retired, Reuse pending, Disposed);
  ``consoElecAnnuelle`` only when measured (NumEcoEval uses its own referential
  otherwise); ``dureeUsageAmont`` the first life of refurbished devices, only
  when known (the format has no column for the acquisition mode nor the serial:
  see docs/reports.md); ``utilisateur`` the user pseudonym only when asked
  (RGPD); ``qualite`` HAUTE with a purchase date and a model, MOYENNE with one
  of them, BASSE with neither;
- ``entite.csv`` — ``nomEntite;nbCollaborateurs;responsableEntite;responsableNumeriqueDurable``;
- ``datacenter.csv`` — the server rooms the devices refer to, with their PUE
  (``nomCourtDatacenter`` is set only for devices in a server room).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from factors.manufacturers import PRODUCT_LINES
from factors.normalise import manufacturer_in_model, manufacturer_key
from factors.vocabulary import CATEGORIES

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
    "responsableNumeriqueDurable",
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


def equipment_frame(
    frame: pd.DataFrame, include_users: bool = False, zone: str = "FR"
) -> pd.DataFrame:
    """The physical-equipment table of ``frame`` (text cells, NumEcoEval headers)."""
    device_id = frame["device_id"].astype("int64").astype("str")
    name = _text(frame, "name")
    for fallback in ("serial", "asset_tag"):
        name = name.where(name != "", _text(frame, fallback))
    name = name.where(name != "", "ecoparc-" + device_id)
    duplicated = name.duplicated(keep="first")
    name = name.where(~duplicated, name + "#" + device_id)

    manufacturer = _text(frame, "manufacturer")
    model = _text(frame, "model")
    modele = _model_text(manufacturer, model)
    category = frame["category"].astype("str")
    labels = {code: pair[0] for code, pair in CATEGORIES.items()}
    server_room = frame["pue"].notna() if "pue" in frame.columns else pd.Series(False, frame.index)
    site = _text(frame, "site").where(server_room, "")
    has_date = frame["purchase_date"].notna()
    has_model = model != ""
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
            "dureeUsageInterne": empty,
            "dureeUsageAmont": _number(frame.get("first_life_years", empty)),
            "dureeUsageAval": empty,
            "type": category.map(labels).fillna(category),
            "statut": frame["status"].astype("str").map(STATUS_WORDS).fillna(""),
            "paysDUtilisation": COUNTRIES.get(zone, zone),
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
            "responsableNumeriqueDurable": "",
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


def write_numecoeval(
    frame: pd.DataFrame,
    entities: pd.DataFrame,
    directory: Path,
    include_users: bool = False,
    zone: str = "FR",
) -> list[Path]:
    """Write the NumEcoEval files into ``directory`` (created if needed); returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    tables = {
        EQUIPMENT_FILE: equipment_frame(frame, include_users, zone),
        ENTITY_FILE: entity_frame(entities),
        DATACENTER_FILE: datacenter_frame(frame),
    }
    paths = []
    for name, table in tables.items():
        path = directory / name
        table.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    return paths
