"""The hand-over slip (bordereau de remise) as an xlsx file, ready to print and sign.

It lists each device with its serial and the proof of data erasure, recalls the
recipient's commitment to reuse and to prove it (décret 2023-266), and leaves
signature fields for both sides. Every text cell is written as text: a serial or
a model typed ``=HYPERLINK(…)`` in a supplier file stays inert
(:mod:`footprint.report_safety`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from factors.locale import category_label, label
from factors.outputs import write_with
from factors.vocabulary import DISPOSAL_CHANNEL_LABELS, PARTNER_KIND_LABELS

from ..report_safety import xlsx_cell

#: Columns of the device table: key in a line, French header, English header.
SLIP_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("device_id", "N° appareil", "Device no."),
    ("entity", "Entité", "Entity"),
    ("category", "Catégorie", "Category"),
    ("manufacturer", "Fabricant", "Manufacturer"),
    ("model", "Modèle", "Model"),
    ("serial", "N° de série", "Serial number"),
    ("asset_tag", "N° d'inventaire", "Asset tag"),
    ("quantity", "Quantité", "Quantity"),
    ("value_eur", "Valeur (€ HT)", "Value (€ excl. VAT)"),
    ("erasure_method", "Effacement des données", "Data erasure"),
    ("erasure_certificate", "Certificat d'effacement", "Erasure certificate"),
    ("erased_at", "Effacé le", "Erased on"),
)


def _words(fr: str, en: str, lang: str) -> str:
    return fr if lang == "fr" else en


def _cell_value(
    key: str, value: Any, lang: str, erasure_labels: Mapping[str, tuple[str, str]]
) -> Any:
    if value is None:
        return ""
    if key == "category":
        return category_label(str(value), lang)
    if key == "erasure_method" and value in erasure_labels:
        fr, en = erasure_labels[value]
        return _words(fr, en, lang)
    if isinstance(value, datetime):
        return value.date()
    return value


def write_handover_xlsx(
    path: Path,
    recipient: str,
    recipient_kind: str,
    channels: Sequence[str],
    lines: Sequence[Mapping[str, Any]],
    *,
    issued_on: date,
    issuer: str = "",
    erasure_labels: Mapping[str, tuple[str, str]] | None = None,
    lang: str = "fr",
) -> None:
    """Write the slip for ``lines`` (dicts keyed as :data:`SLIP_COLUMNS`) to ``path``."""
    labels = erasure_labels or {}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_words("Bordereau", "Hand-over slip", lang))

    def row(*values: Any) -> None:
        sheet.append([xlsx_cell(sheet, v) for v in values])

    channel_text = ", ".join(label(DISPOSAL_CHANNEL_LABELS, c, lang) for c in channels)
    row(
        _words(
            "Bordereau de remise d'équipements informatiques", "IT equipment hand-over slip", lang
        )
    )
    row(_words("Destinataire", "Recipient", lang), recipient)
    row(
        _words("Type de destinataire", "Recipient kind", lang),
        label(PARTNER_KIND_LABELS, recipient_kind, lang),
    )
    row(_words("Voie", "Channel", lang), channel_text)
    row(_words("Émis le", "Issued on", lang), issued_on)
    if issuer:
        row(_words("Émis par", "Issued by", lang), issuer)
    row(_words("Nombre d'unités", "Units", lang), sum(int(line["quantity"]) for line in lines))
    row()
    row(*(_words(fr, en, lang) for _, fr, en in SLIP_COLUMNS))
    for line in lines:
        row(*(_cell_value(key, line.get(key), lang, labels) for key, _, _ in SLIP_COLUMNS))
    row()
    row(
        _words(
            "Les données de chaque équipement ont été effacées avant la remise, selon les "
            "recommandations de l'ANSSI (méthode et certificat ci-dessus).",
            "Each device's data were erased before hand-over following ANSSI "
            "recommendations (method and certificate above).",
            lang,
        )
    )
    row(
        _words(
            "Le destinataire s'engage à réemployer ces équipements et à en fournir la preuve "
            "sur demande (décret n° 2023-266).",
            "The recipient commits to reuse this equipment and to prove it on request "
            "(décret no. 2023-266).",
            lang,
        )
    )
    row()
    row(
        _words("Remis par (nom, fonction)", "Handed over by (name, role)", lang),
        "",
        _words("Reçu par (nom, fonction)", "Received by (name, role)", lang),
        "",
    )
    row(_words("Date", "Date", lang), "", _words("Date", "Date", lang), "")
    row(_words("Signature", "Signature", lang), "", _words("Signature", "Signature", lang), "")
    write_with(path, book.save)
