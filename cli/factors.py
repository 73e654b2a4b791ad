"""``ecoparc factors list|show|import|export|match``.

The built-in set needs no database; the others are read from and written to
it, so every user of a shared database sees an imported set.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from factors.checks import reference_flags
from factors.factor_set import FactorSet, RowProblem
from factors.text import json_safe
from footprint.labels import value_label
from services.factor_sets import (
    FactorFileRefused,
    alias_rows,
    factor_set_rows,
    import_factor_set,
    is_builtin,
    load_factor_set,
    match_model,
    remove_alias,
    set_alias,
)

from .common import ENTITY_OPTION, records, writing
from .runtime import (
    EXIT_REJECTED,
    EXIT_USAGE,
    FORMAT_OPTION,
    Runtime,
    emit_fields,
    emit_json,
    emit_rows,
    emit_table,
    fail,
    pass_runtime,
    tell,
)

_SET = click.option(
    "--set", "set_name", metavar="NAME", help="Jeu de facteurs (défaut : le jeu intégré)."
)

#: Problems printed before "… and N more" (the full list is for --format json).
MAX_PROBLEMS_SHOWN = 50


@click.group("factors")
def factors_group() -> None:
    """Jeux de facteurs d'émission : lister, consulter, importer, exporter, apparier."""


def _load(rt: Runtime, name: str | None) -> FactorSet:
    """The built-in set (no database needed), a stored one or a folder/xlsx; exit 1 if unknown."""
    if is_builtin(name):
        return load_factor_set(None, name)
    with rt.uow() as uow:
        return load_factor_set(uow, name)


def _report_problems(problems: list[RowProblem], header: str) -> None:
    tell(header, err=True)
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        tell(f"  {problem}", err=True)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        tell(f"  … et {len(problems) - MAX_PROBLEMS_SHOWN} autres", err=True)


@factors_group.command("list")
@FORMAT_OPTION
@pass_runtime
def factors_list(rt: Runtime, fmt: str) -> None:
    """Lister les jeux de facteurs (le jeu intégré d'abord)."""
    with rt.uow() as uow:
        rows = factor_set_rows(uow)
    emit_rows(rows, fmt, ["name", "version", "builtin", "description"])


@factors_group.command("show")
@click.argument("reference")
@_SET
@FORMAT_OPTION
@pass_runtime
def factors_show(rt: Runtime, reference: str, set_name: str | None, fmt: str) -> None:
    """Afficher une référence : attributs, impacts par critère et phase, sources."""
    fs = _load(rt, set_name)
    try:
        row = fs.reference_row(reference)
    except KeyError:
        fail(f"référence inconnue dans « {fs.name} » : « {reference} »")
    impacts = fs.impacts_of(reference)
    flags = reference_flags(fs, reference)
    document: dict[str, Any] = {
        "set": fs.name,
        "reference": {k: json_safe(v) for k, v in row.to_dict().items()},
        "impacts": records(impacts),
        "flags": flags,
    }
    if fmt == "json":
        emit_json(document)
        return
    emit_fields(document["reference"])
    for flag in flags:
        click.echo(f"ATTENTION : {flag}" if rt.settings.lang == "fr" else f"WARNING: {flag}")
    click.echo("")
    emit_table(records(impacts), ["criterion", "phase", "value", "low", "high", "unit"])
    click.echo("")
    for _, impact in impacts.iterrows():
        criterion = value_label("criterion", impact["criterion"], rt.settings.lang)
        phase = value_label("phase", impact["phase"], rt.settings.lang)
        click.echo(f"[{criterion} / {phase}] {impact['source']}")


@factors_group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--name", help="Nom du jeu (défaut : nom du dossier ou du fichier).")
@click.option(
    "--format",
    "input_format",
    type=click.Choice(["ecoparc", "boavizta"]),
    help="Format du fichier (défaut : dossier ou .xlsx → ecoparc, .csv → boavizta).",
)
@click.option("--replace", is_flag=True, help="Remplacer un jeu existant du même nom.")
@click.option(
    "--output-format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Format du compte rendu.",
)
@pass_runtime
def factors_import(
    rt: Runtime,
    path: Path,
    name: str | None,
    input_format: str | None,
    replace: bool,
    fmt: str,
) -> None:
    """Importer un jeu de facteurs (format ecoparc ou CSV Boavizta) dans la base."""
    with rt.uow() as uow:
        try:
            imported = import_factor_set(uow, path, name, input_format, replace)
        except FactorFileRefused as exc:
            _report_problems(exc.problems, f"ecoparc : erreur : {exc}")
            raise SystemExit(EXIT_USAGE if exc.usage else EXIT_REJECTED) from None
    fs, kind, skipped = imported.factor_set, imported.kind, imported.skipped
    summary = {
        "name": fs.name,
        "version": fs.version,
        "format": kind,
        "references": int(len(fs.references)),
        "impacts": int(len(fs.impacts)),
        "skipped": [{"file": p.file, "line": p.line, "reason": p.reason} for p in skipped],
    }
    if skipped:
        _report_problems(skipped, f"{len(skipped)} ligne(s) non utilisée(s) :")
    if fmt == "json":
        emit_json(summary)
    else:
        tell(
            f"Jeu « {fs.name} » importé : {summary['references']} références, "
            f"{summary['impacts']} impacts ({kind})."
        )


@factors_group.command("export")
@click.argument("name")
@click.argument("directory", type=click.Path(path_type=Path))
@pass_runtime
def factors_export(rt: Runtime, name: str, directory: Path) -> None:
    """Écrire un jeu dans DOSSIER (trois CSV), ou dans un classeur si le nom finit par .xlsx."""
    from factors.loader import write_factor_set

    fs = _load(rt, name)
    with writing(directory, checked=False):
        write_factor_set(fs, directory)
    tell(f"Jeu « {fs.name} » exporté dans {directory}")


@factors_group.command("match")
@click.option("--category", default="", help="Catégorie (laptop, desktop, monitor…).")
@click.option("--manufacturer", default="", help="Fabricant, tel qu'écrit dans l'inventaire.")
@click.option("--model", "model", default="", help="Modèle, tel qu'écrit dans l'inventaire.")
@click.option("--entity", metavar="NAME", help="Entité de l'appareil (ses alias de modèles).")
@_SET
@FORMAT_OPTION
@pass_runtime
def factors_match(
    rt: Runtime,
    category: str,
    manufacturer: str,
    model: str,
    entity: str | None,
    set_name: str | None,
    fmt: str,
) -> None:
    """Trouver la référence d'un équipement décrit par sa catégorie, son fabricant et son modèle."""
    with rt.uow_if_ready() as uow:
        match = match_model(uow, category, manufacturer, model, set_name, entity)
    reference, level, score = match.reference, match.level, match.score
    document = {"reference": reference, "level": level, "score": round(score, 4)}
    if fmt == "json":
        emit_json(document)
    else:
        emit_table([document], ["reference", "level", "score"])


@factors_group.command("compare")
@click.argument("set_a", metavar="A")
@click.argument("set_b", metavar="B")
@click.option(
    "--year",
    type=int,
    default=lambda: date.today().year,
    show_default="année en cours",
    help="Année du parc comparé.",
)
@ENTITY_OPTION
@FORMAT_OPTION
@pass_runtime
def factors_compare(
    rt: Runtime, set_a: str, set_b: str, year: int, entities: tuple[str, ...], fmt: str
) -> None:
    """Comparer deux jeux de facteurs sur le parc : par catégorie, par modèle, au total."""
    from footprint.comparison import compare_text
    from services.footprint import compare_factor_sets

    with rt.uow() as uow:
        comparison = compare_factor_sets(uow, set_a, set_b, year, entities)
    if fmt == "json":
        emit_json(
            {
                "sets": list(comparison.names),
                "year": comparison.year,
                "total_a_kg": comparison.total_a,
                "total_b_kg": comparison.total_b,
                "difference": comparison.difference,
                "categories": records(comparison.categories),
                "models": records(comparison.models),
            }
        )
        return
    click.echo(compare_text(comparison, rt.settings.lang), nl=False)


@factors_group.group("alias")
def alias_group() -> None:
    """Alias de modèles : un modèle tel qu'écrit dans l'inventaire → une référence."""


_ALIAS_ENTITY = click.option(
    "--entity", metavar="NAME", help="Entité dont les appareils sont concernés (défaut : toutes)."
)


@alias_group.command("set")
@click.argument("model")
@click.argument("reference")
@_ALIAS_ENTITY
@click.option("--note", help="Commentaire (pourquoi ce modèle est cette référence).")
@pass_runtime
def alias_set(
    rt: Runtime, model: str, reference: str, entity: str | None, note: str | None
) -> None:
    """Reconnaître le modèle MODÈLE comme la référence RÉFÉRENCE (prime sur tout rapprochement)."""
    with rt.uow() as uow:
        replaced = set_alias(uow, model, reference, entity, note)
    where = entity or "toutes les entités"
    verb = "remplacé" if replaced else "enregistré"
    tell(f"Alias {verb} : « {model} » → {reference} ({where})")


@alias_group.command("remove")
@click.argument("model")
@_ALIAS_ENTITY
@pass_runtime
def alias_remove(rt: Runtime, model: str, entity: str | None) -> None:
    """Oublier l'alias du modèle MODÈLE."""
    with rt.uow() as uow:
        remove_alias(uow, model, entity)
    tell(f"Alias retiré : « {model} » ({entity or 'toutes les entités'})")


@alias_group.command("list")
@FORMAT_OPTION
@pass_runtime
def alias_list(rt: Runtime, fmt: str) -> None:
    """Lister les alias de modèles."""
    with rt.uow() as uow:
        rows = alias_rows(uow)
    emit_rows(rows, fmt, ["model", "reference", "entity", "note"])
