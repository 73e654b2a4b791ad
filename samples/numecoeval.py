"""``numecoeval-echirolles.csv``: a NumEcoEval physical-equipment file."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .catalogue import KWH_BY_MODEL, SERVER_CORES
from .entities import ENTITIES, ENTITY_BY_NAME
from .fleet import draw_fleet
from .labels import NUMECOEVAL_TYPE_LABELS, STATUS_LABELS
from .shapes import Line, SampleFile, frame_records, make_line

NUMECOEVAL_HEADERS = (
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


def numecoeval_echirolles(rng: np.random.Generator, n: int) -> SampleFile:
    spec = ENTITY_BY_NAME["Échirolles"]
    idx = ENTITIES.index(spec)
    frame = draw_fleet(rng, n, np.full(n, idx), lot_share=0.1, first_seq=1)
    rows = frame_records(frame)
    lines = []
    for row in rows:
        cores = ""
        if row["category"] == "server":
            cores = str(2 * SERVER_CORES[row["cpu"]])
        kwh = ""
        if row["annual_kwh"] is not None or rng.random() < 0.15:
            kwh = f"{(row['annual_kwh'] or KWH_BY_MODEL[row['manufacturer'], row['model']]):.1f}"
        values = [
            row["name"],
            f"{row['manufacturer']} {row['model']}",
            row["quantity"],
            "DC-ECH-HDV" if row["site"] == spec.server_room else "",
            row["purchase_date"].isoformat(),
            row["retirement_date"].isoformat() if row["retirement_date"] else "",
            "",
            f"{row['first_life_years']:g}" if row["first_life_years"] is not None else "",
            "",
            NUMECOEVAL_TYPE_LABELS[row["category"]],
            STATUS_LABELS["numecoeval"][row["status"]],
            "France",
            kwh,
            "",
            "GLPI Échirolles",
            spec.name,
            cores,
            "COPE" if row["category"] == "smartphone" else "",
            "",
            ["", "BASSE", "MOYENNE", "HAUTE"][int(rng.integers(0, 4))],
        ]
        line = make_line(values, row)
        # The format only says "refurbished" (a first life before ours), nothing else.
        line.acquisition = "refurbished" if row["first_life_years"] else "new"
        lines.append(line)
    victims = rng.choice(len(lines), size=4, replace=False)
    zero, dup, backwards, anonymous = (lines[v] for v in victims)
    zero.values[2] = 0
    zero.quantity = 0
    zero.reject = "invalid_quantity"
    twin = lines[int(rng.choice(np.setdiff1d(np.arange(len(lines)), victims)))]
    dup.values[0] = twin.values[0]
    dup.reject = "duplicate"
    purchase = dt.date.fromisoformat(backwards.values[4])
    backwards.values[5] = (purchase - dt.timedelta(days=200)).isoformat()
    backwards.reject = "retirement_before_purchase"
    anonymous.values[0] = ""
    anonymous.reject = "missing_identifier"
    # The duplicate must come after its twin for "second one rejected" to hold.
    i_dup, i_twin = lines.index(dup), lines.index(twin)
    if i_dup < i_twin:
        lines[i_dup], lines[i_twin] = lines[i_twin], lines[i_dup]
    return SampleFile(
        "numecoeval-echirolles.csv",
        "numecoeval_csv",
        None,
        [Line(list(NUMECOEVAL_HEADERS), kind="header"), *lines],
        encoding="utf-8",
        delimiter=";",
        entity_column="nomEntite",
        acquisition_column="dureeUsageAmont",
    )
