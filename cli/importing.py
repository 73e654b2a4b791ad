"""``ecoparc import FILE…``: bring asset spreadsheets into the inventory.

Exit codes (docs/architecture.md §6, docs/import.md): 0 when rows were imported,
even with rejects, or when the file is one already imported into a database
unchanged since (nothing to do); 1 when nothing was imported because of rejects or
an unknown entity or profile; 2 when a file cannot be read; 3 with ``--strict``
when rows were rejected (so that a script notices), nothing imported. On 1, 2 and 3
the database is left exactly as it was: the unit of work is rolled back.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from factors.locale import format_datetime, format_number, format_percent
from factors.outputs import OutputPathError, check_output_path
from fleet.importing import DEFAULT_LIMITS, ImportResult, Limits, write_rejects
from fleet.importing.limits import MEGABYTE
from footprint.labels import column_label, value_label
from services.imports import import_files

from .common import LOCK_TIMEOUT_OPTION, say_waiting, writing
from .runtime import (
    EXIT_REJECTED,
    EXIT_STRICT_REJECTS,
    EXIT_USAGE,
    Runtime,
    emit_json,
    fail,
    pass_runtime,
    said,
    tell,
)

#: Rejections listed in the text summary (the rejects file has them all).
SHOWN_REJECTIONS = 20
#: Files with more rows than this show a progress indication on stderr.
PROGRESS_ROWS = 2000


def _progress(fmt: str, lang: str) -> Any:
    """A progress callback writing to stderr: one line per step off a terminal."""
    tty = sys.stderr.isatty()
    state = {"last": -1}

    def report(stage: str, done: int, total: int) -> None:
        if stage != "write" or total < PROGRESS_ROWS:
            return
        percent = int(100 * done / total) if total else 100
        if percent == state["last"]:
            return
        state["last"] = percent
        line = said(
            f"Écriture : {format_number(done, lang)} / {format_number(total, lang)} lignes "
            f"({format_percent(percent / 100, lang, decimals=0)})"
        )
        if tty:
            click.echo("\r" + line, err=True, nl=done >= total)
        else:
            click.echo(line, err=True)

    return report


def _summary(result: ImportResult, lang: str) -> None:
    name = Path(result.file).name
    if result.sheet:
        name += said(f" (feuille « {result.sheet} »)")
    if result.same_as is not None:
        tell(
            f"{name} : fichier identique à celui du lot d'import n° {result.same_as} "
            f"du {format_datetime(result.same_at, lang)}, base inchangée depuis : rien à importer "
            f"({format_number(result.rows, lang)} lignes, {format_number(result.unchanged, lang)} "
            f"inchangés, {format_number(result.rejected, lang)} rejetés)"
        )
        return
    rows = format_number(result.rows, lang)
    if result.rows < 2:  # French puts 0 and 1 in the singular
        tell(
            f"{name} : {rows} ligne — simulation, rien n'a été écrit"
            if result.dry_run
            else f"{name} : {rows} ligne"
        )
    else:
        tell(
            f"{name} : {rows} lignes — simulation, rien n'a été écrit"
            if result.dry_run
            else f"{name} : {rows} lignes"
        )
    created, updated = format_number(result.created, lang), format_number(result.updated, lang)
    unchanged, rejected = (
        format_number(result.unchanged, lang),
        format_number(result.rejected, lang),
    )
    tell(
        f"  créés : {created}, mis à jour : {updated}, inchangés : {unchanged}, "
        f"rejetés : {rejected}"
    )
    if result.batch_id is not None:
        tell(f"  lot d'import n° {result.batch_id}")
    elif not result.dry_run:
        tell("  rien n'a été importé")
    if result.options.get("prices_converted_to_ht"):
        tell(
            f"  prix TTC convertis en HT (TVA {result.options['vat_rate']:.0%}) : "
            f"{result.options['prices_converted_to_ht']}"
        )
    if result.new_entities:
        tell(f"  entités créées : {', '.join(result.new_entities)}")
    if result.new_sites:
        tell(f"  sites créés : {', '.join(result.new_sites)}")
    if result.unmapped_columns:
        tell(f"  colonnes ignorées : {', '.join(result.unmapped_columns)}")
    if result.dry_run and result.preview:
        tell("  aperçu :")
        for item in result.preview:
            if item["action"] == "create":
                values = ", ".join(
                    f"{value_label(k, v, lang)}" for k, v in item["values"].items() if v is not None
                )
                tell(f"    + ligne {item['row']} : {values}")
            elif item["action"] == "conflict":
                tell(f"    ! ligne {item['row']} : conflit, {item['reason']}")
            elif item["action"] == "held":
                kept = ", ".join(
                    said(
                        f"{column_label(k, lang)} : {value_label(k, b, lang)} gardé "
                        f"(fichier : {value_label(k, a, lang)})"
                    )
                    for k, (b, a) in item["changes"].items()
                )
                tell(f"    = ligne {item['row']} : modifié dans ecoparc, {kept}")
            else:
                changes = ", ".join(
                    f"{column_label(k, lang)} : "
                    f"{value_label(k, b, lang)} → {value_label(k, a, lang)}"
                    for k, (b, a) in item["changes"].items()
                )
                tell(f"    ~ ligne {item['row']} : {changes}")
    if result.transferred:
        tell(f"  transferts acceptés : {format_number(result.transferred, lang)}")
    if result.held:
        tell(
            "  valeurs du fichier non appliquées (modifiées dans ecoparc) : "
            f"{format_number(result.held, lang)} (--prefer-file pour les appliquer)"
        )
    for conflict in result.conflicts[:SHOWN_REJECTIONS]:
        tell(f"  conflit ligne {conflict.row} : appareil n° {conflict.device_id} {conflict.reason}")
    if len(result.conflicts) > SHOWN_REJECTIONS:
        tell(f"  … et {len(result.conflicts) - SHOWN_REJECTIONS} autres conflits")
    for gone in result.missing[:SHOWN_REJECTIONS]:
        tell(
            f"  retiré : appareil n° {gone.device_id} ({gone.label}) {gone.reason}"
            if result.retired
            else f"  absent : appareil n° {gone.device_id} ({gone.label}) {gone.reason}"
        )
    if len(result.missing) > SHOWN_REJECTIONS:
        tell(f"  … et {len(result.missing) - SHOWN_REJECTIONS} autres appareils absents")
    for rejection in result.rejections[:SHOWN_REJECTIONS]:
        where = said(f"colonne « {rejection.column} », ") if rejection.column else ""
        value = said(f"« {rejection.value} » : ") if rejection.value is not None else ""
        problem = where + value + said(rejection.reason)
        tell(f"  rejet ligne {rejection.row} : {problem}")
    if len(result.rejections) > SHOWN_REJECTIONS:
        tell(
            f"  … et {len(result.rejections) - SHOWN_REJECTIONS} autres problèmes "
            "(--rejects FICHIER.xlsx pour les avoir tous)"
        )


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--entity", help="Entité propriétaire (prime sur une colonne Entité du fichier).")
@click.option("--sheet", help="Feuille du classeur (défaut : détectée).")
@click.option("--profile", help="Profil de correspondance des colonnes enregistré.")
@click.option("--save-profile", "save_as", metavar="NOM", help="Enregistrer la correspondance.")
@click.option("--dry-run", is_flag=True, help="Montrer ce qui serait fait sans rien écrire.")
@click.option(
    "--strict",
    is_flag=True,
    help="Ne rien importer si une ligne est rejetée (code de sortie 3).",
)
@click.option("--create-entities", is_flag=True, help="Créer les entités inconnues du fichier.")
@click.option(
    "--keep-users",
    is_flag=True,
    help="Garder les noms d'utilisateurs en clair (RGPD : défaut non).",
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    help="Écrire les lignes rejetées et leur motif (.xlsx ou .csv).",
)
@click.option(
    "--prefer-file",
    is_flag=True,
    help="Le fichier remplace aussi les champs modifiés dans ecoparc (pas le cycle de vie).",
)
@click.option(
    "--accept-transfer",
    is_flag=True,
    help="Un appareil d'une autre entité présent dans le fichier lui est transféré.",
)
@click.option(
    "--missing",
    type=click.Choice(["report", "retire"]),
    default="report",
    show_default=True,
    help="Appareils absents d'un export complet : les signaler ou les retirer du parc.",
)
@LOCK_TIMEOUT_OPTION
@click.option(
    "--max-size",
    "max_size",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_bytes // MEGABYTE,
    show_default=True,
    metavar="MO",
    help="Taille maximale d'un fichier lu, en Mo.",
)
@click.option(
    "--max-quantity",
    "max_quantity",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_quantity,
    show_default=True,
    help="Quantité maximale d'un lot (au-delà, la ligne est rejetée).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_runtime
def import_command(
    rt: Runtime,
    files: tuple[Path, ...],
    entity: str | None,
    sheet: str | None,
    profile: str | None,
    save_as: str | None,
    dry_run: bool,
    strict: bool,
    create_entities: bool,
    keep_users: bool,
    rejects: Path | None,
    prefer_file: bool,
    accept_transfer: bool,
    missing: str,
    lock_timeout: float,
    max_size: int,
    max_quantity: int,
    fmt: str,
) -> None:
    """Importer des inventaires (xlsx, ods, csv : GLPI, NumEcoEval, tableurs)."""
    if rejects is not None:
        try:
            check_output_path(rejects, inputs=files)
        except OutputPathError as exc:
            fail(f"--rejects {exc}", EXIT_USAGE)
    limits = Limits(max_bytes=max_size * MEGABYTE, max_quantity=max_quantity)
    with rt.uow() as uow:
        results = import_files(
            uow,
            files,
            save_as=save_as,
            entity=entity,
            sheet=sheet,
            profile=profile,
            dry_run=dry_run,
            strict=strict,
            create_entities=create_entities,
            keep_users=keep_users,
            actor=rt.settings.actor,
            progress=_progress(fmt, rt.settings.lang),
            prefer_file=prefer_file,
            accept_transfer=accept_transfer,
            missing=missing,
            lock_timeout=lock_timeout,
            on_wait=say_waiting,
            limits=limits,
            # The rejects file quotes the rejected cells: the file must then be read.
            reuse_unchanged=rejects is None,
        )
    listed = any(r.rejected or r.conflicts for r in results)
    if rejects is not None and listed:
        with writing(rejects):
            write_rejects(results, rejects)
    if fmt == "json":
        documents = [r.as_dict() for r in results]
        emit_json(documents[0] if len(documents) == 1 else documents)
    else:
        for result in results:
            _summary(result, rt.settings.lang)
        if rejects is not None and listed:
            tell(f"Lignes rejetées et conflits écrits dans {rejects}")
        if save_as and any(r.committed for r in results):
            tell(f"Profil de correspondance enregistré : « {save_as} »")
    rejected = sum(r.rejected for r in results)
    if strict and rejected:
        if fmt == "text":
            count = format_number(rejected, rt.settings.lang)
            tell(
                f"ecoparc : rien n'a été importé (--strict : {count} ligne(s) rejetée(s))",
                err=True,
            )
        sys.exit(EXIT_STRICT_REJECTS)
    would_import = any(r.imported or r.conflicts or r.same_as is not None for r in results)
    if dry_run:
        sys.exit(0 if would_import else EXIT_REJECTED)
    if not any(r.committed or r.same_as is not None for r in results):
        if fmt == "text":
            tell("ecoparc : rien n'a été importé (toutes les lignes sont rejetées)", err=True)
        sys.exit(EXIT_REJECTED)
