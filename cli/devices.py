"""``ecoparc devices …``: see the inventory and change one device at a time."""

from __future__ import annotations

import click

from factors.vocabulary import STATUSES
from fleet.importing.values import parse_date
from fleet.lifecycle import EDITABLE_FIELDS
from fleet.upgrades import COMPONENT_LABELS, COMPONENTS
from footprint.labels import column_label, value_label
from services.inventory import (
    WriteLock,
    change_status,
    edit_field,
    transfer_devices,
    upgrade_devices,
)

from .common import LOCK_TIMEOUT_OPTION, say_waiting
from .runtime import EXIT_USAGE, Runtime, fail, pass_runtime, tell


@click.group("devices")
def devices_group() -> None:
    """Appareils de l'inventaire."""


@devices_group.command("set-status")
@click.argument("devices", nargs=-1, required=True)
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--note", help="Commentaire enregistré dans l'historique.")
@LOCK_TIMEOUT_OPTION
@pass_runtime
def devices_set_status(
    rt: Runtime, devices: tuple[str, ...], status: str, note: str | None, lock_timeout: float
) -> None:
    """Changer le statut d'appareils (n°, numéro de série ou d'inventaire)."""
    with rt.uow() as uow:
        done = change_status(
            uow, devices, status, rt.settings.actor, note, WriteLock(lock_timeout, say_waiting)
        )
    # Only once committed: a refused batch must not print successes first.
    word = value_label("status", status, rt.settings.lang)
    click.echo(
        "\n".join(
            f"Appareil n° {device_id} : statut « {word} »"
            if rt.settings.lang == "fr"
            else f"Device #{device_id}: status “{word}”"
            for device_id in done
        )
    )


@devices_group.command("transfer")
@click.argument("devices", nargs=-1, required=True)
@click.option("--to", "entity", required=True, help="Entité qui reçoit les appareils.")
@click.option("--note", help="Commentaire enregistré dans l'historique.")
@LOCK_TIMEOUT_OPTION
@pass_runtime
def devices_transfer(
    rt: Runtime, devices: tuple[str, ...], entity: str, note: str | None, lock_timeout: float
) -> None:
    """Transférer des appareils à une autre entité."""
    with rt.uow() as uow:
        done = transfer_devices(
            uow, devices, entity, rt.settings.actor, note, WriteLock(lock_timeout, say_waiting)
        )
    click.echo(
        "\n".join(
            f"Appareil n° {device_id} transféré à {entity}"
            if rt.settings.lang == "fr"
            else f"Device #{device_id} transferred to {entity}"
            for device_id in done
        )
    )


@devices_group.command("edit")
@click.argument("device")
@click.argument("field", type=click.Choice(sorted(EDITABLE_FIELDS)))
@click.argument("value")
@click.option("--note", help="Commentaire enregistré dans l'historique.")
@pass_runtime
def devices_edit(rt: Runtime, device: str, field: str, value: str, note: str | None) -> None:
    """Modifier un champ d'un appareil (valeur vide pour l'effacer)."""
    with rt.uow() as uow:
        device_id, new_value = edit_field(uow, device, field, value, rt.settings.actor, note)
    lang = rt.settings.lang
    heading, shown = column_label(field, lang), value_label(field, new_value, lang)
    click.echo(
        f"Appareil n° {device_id} : {heading} = {shown}"
        if lang == "fr"
        else f"Device #{device_id}: {heading} = {shown}"
    )


@devices_group.command("upgrade")
@click.argument("devices", nargs=-1, required=True)
@click.option(
    "--component",
    type=click.Choice(list(COMPONENTS)),
    required=True,
    help="Pièce changée : ram (mémoire), storage (disque), battery (batterie).",
)
@click.option(
    "--capacity",
    type=click.FloatRange(min=0, min_open=True),
    help="Nouvelle capacité en Go (mémoire ou stockage), enregistrée sur l'appareil.",
)
@click.option(
    "--on",
    "day",
    help="Date de la mise à niveau (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui).",
)
@click.option("--note", help="Commentaire enregistré dans l'historique.")
@LOCK_TIMEOUT_OPTION
@pass_runtime
def devices_upgrade(
    rt: Runtime,
    devices: tuple[str, ...],
    component: str,
    capacity: float | None,
    day: str | None,
    note: str | None,
    lock_timeout: float,
) -> None:
    """Enregistrer une mise à niveau (mémoire, disque, batterie) plutôt qu'un remplacement."""
    try:
        on = parse_date(day) if day else None
    except ValueError as exc:
        fail(f"date invalide : « {day} » ({exc})", EXIT_USAGE)
    with rt.uow() as uow:
        done = upgrade_devices(
            uow,
            devices,
            component,
            rt.settings.actor,
            on,
            capacity,
            note,
            WriteLock(lock_timeout, say_waiting),
        )
    label = COMPONENT_LABELS[component]
    tell("\n".join(f"Appareil n° {device_id} : mise à niveau {label}" for device_id in done))


# ``list`` and ``show`` live in their own module (read-only views of the inventory).
from .inventory import devices_list, devices_show  # noqa: E402

devices_group.add_command(devices_list)
devices_group.add_command(devices_show)
