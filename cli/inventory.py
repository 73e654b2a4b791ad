"""``ecoparc devices list|show``: the inventory, filtered, as a table, CSV or JSON.

Registered on the ``devices`` group of :mod:`cli.devices`.
"""

from __future__ import annotations

import sys

import click

from factors.locale import DATE_FORMATS, format_datetime, label
from factors.vocabulary import CATEGORIES, STATUSES
from fleet.inventory import records
from footprint.labels import EVENT_LABELS, column_label, value_label, worded_frame
from footprint.report_safety import neutralise_frame
from services.inventory import device_detail, list_devices

from .runtime import Runtime, emit_fields, emit_json, emit_table, pass_runtime

#: Columns of the text table (the CSV and JSON outputs carry every field).
TABLE_COLUMNS = [
    "id",
    "entity",
    "name",
    "asset_tag",
    "serial",
    "quantity",
    "category",
    "manufacturer",
    "model",
    "purchase_date",
    "acquisition",
    "status",
    "site",
]


@click.command("list")
@click.option("--entity", help="Entité (avec ses établissements rattachés).")
@click.option("--category", type=click.Choice(sorted(CATEGORIES)), help="Catégorie.")
@click.option("--status", type=click.Choice(STATUSES), help="Statut.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Format de sortie.",
)
@pass_runtime
def devices_list(
    rt: Runtime, entity: str | None, category: str | None, status: str | None, fmt: str
) -> None:
    """Lister les appareils de l'inventaire."""
    with rt.uow() as uow:
        frame = list_devices(uow, entity=entity, category=category, status=status)
    if fmt == "json":
        emit_json(records(frame))
    elif fmt == "csv":
        # A spreadsheet's CSV (« ; »): headings and codes in the person's language, decimal
        # comma and day/month/year in French. Names and notes come from imported files:
        # no formula may reach a spreadsheet. Scripts read --format json (docs/architecture.md
        # §11).
        fr = rt.settings.lang == "fr"
        worded_frame(neutralise_frame(frame), rt.settings.lang, flags=True).to_csv(
            sys.stdout,
            index=False,
            sep=";",
            date_format=DATE_FORMATS[rt.settings.lang],
            decimal="," if fr else ".",
        )
    else:
        emit_table(records(frame[TABLE_COLUMNS]), TABLE_COLUMNS)
        total = int(frame["quantity"].sum()) if len(frame) else 0
        click.echo(
            f"{len(frame)} lignes, {total} appareils"
            if rt.settings.lang == "fr"
            else f"{len(frame)} rows, {total} devices",
            err=True,
        )


@click.command("show")
@click.argument("device")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format de sortie.",
)
@pass_runtime
def devices_show(rt: Runtime, device: str, fmt: str) -> None:
    """Afficher un appareil (n°, numéro de série ou d'inventaire) et son historique."""
    with rt.uow() as uow:
        detail = device_detail(uow, device)
    if fmt == "json":
        emit_json(detail)
        return
    events = detail.pop("events")
    lang = rt.settings.lang
    emit_fields(detail)
    if events:
        click.echo("\nHistorique :" if lang == "fr" else "\nHistory:")
        for event in events:
            at = format_datetime(event["at"], lang) if event["at"] else ""
            change = ""
            if event["after"]:
                change = ", ".join(
                    f"{column_label(k, lang)} → {value_label(k, v, lang)}"
                    for k, v in event["after"].items()
                )
            kind = label(EVENT_LABELS, event["kind"], lang)
            click.echo(f"  {at}  {kind:<20} {event['actor'] or ''}  {change}")
