"""The AGEC art. 58 declaration file for data.gouv.fr.

Exactly the columns of the schema ``schema-declaration-biens-reemploi-reutilisation-recycle``
(``annee, siret, raison_sociale, type_produit_acquis, montant_total,
montant_reemploi_et_reutilisation, montant_produits_issus_don,
montant_produits_recycles, commentaires``), UTF-8 without BOM, comma-separated,
amounts € HT with a dot and two decimals. The rows come from
:func:`footprint.indicators.agec.agec_declaration` (text already neutralised).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pandas as pd

from factors.outputs import write_with

from ..indicators.agec import DECLARATION_COLUMNS


def write_agec_csv(rows: pd.DataFrame, out: Path | IO[str]) -> None:
    """Write the declaration rows to a file path or an open text stream."""
    table = rows.loc[:, list(DECLARATION_COLUMNS)]

    def write(target: Path | IO[str]) -> None:
        encoding = "utf-8" if isinstance(target, Path) else None
        table.to_csv(
            target, index=False, float_format="%.2f", lineterminator="\n", encoding=encoding
        )

    if isinstance(out, Path):
        write_with(out, write)
    else:
        write(out)
