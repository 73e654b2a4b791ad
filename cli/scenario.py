"""``ecoparc scenario run|save|list|compare|delete``: procurement scenarios.

A scenario is a preset, a saved scenario or a TOML file, adjusted by options
(``--extend 1 --refurbished-share 0.5``…). The fleet is loaded once, reduced to
cohorts by :func:`footprint.scenarios.prepare_fleet`, and every scenario is
projected on it by :mod:`footprint.scenarios`; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import click

from factors.locale import category_label, format_number, format_percent, label
from factors.text import parse_decimal
from factors.vocabulary import CATEGORIES, METHODS
from footprint.scenarios import (
    BASELINE,
    PRESET_NAMES,
    ScenarioError,
    ScenarioParams,
    ScenarioResult,
    read_toml,
    write_xlsx,
)
from footprint.scenarios.compare import (
    PLAN_LABELS,
    Comparison,
    heading,
    plan_frame,
    provenance_rows,
)
from footprint.scenarios.params import ALL_YEARS
from services.scenarios import (
    compare_scenarios,
    delete,
    fleet_base,
    resolve,
    run,
    save,
    saved,
    scenario_rows,
)
from services.uow import UnitOfWork

from .common import (
    ENTITY_OPTION,
    FACTORS_OPTION,
    emit_document,
    output_format,
    output_option,
)
from .purchase import purchase_command
from .runtime import (
    EXIT_USAGE,
    FORMAT_OPTION,
    Runtime,
    emit_json,
    emit_table,
    fail,
    format_option,
    pass_runtime,
    refusals,
)


@click.group("scenario")
def scenario_group() -> None:
    """Scénarios d'achat : garder plus longtemps, acheter reconditionné, projeter le parc."""


def _pairs(values: Sequence[str], option: str) -> dict[str, float]:
    """``CATEGORY=NUMBER`` pairs of a repeatable option."""
    result: dict[str, float] = {}
    for value in values:
        category, sep, number = value.partition("=")
        if not sep or category not in CATEGORIES:
            raise click.BadParameter(
                f"« {value} » : CATÉGORIE=VALEUR attendu, catégorie parmi {', '.join(CATEGORIES)}",
                param_hint=option,
            )
        try:
            result[category] = parse_decimal(number)
        except (ValueError, OverflowError):
            raise click.BadParameter(f"« {value} » : nombre invalide", param_hint=option) from None
    return result


def _scenario_options(command: Any) -> Any:
    """The options shared by ``run`` and ``save`` (applied over the preset or file)."""
    options = [
        click.option(
            "--preset",
            "start",
            metavar="NOM",
            help=f"Point de départ : scénario prédéfini ({', '.join(PRESET_NAMES)}) "
            "ou enregistré (défaut : baseline).",
        ),
        click.option(
            "--params",
            "params_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Paramètres lus dans un fichier TOML (voir docs/scenarios.md).",
        ),
        click.option(
            "--horizon",
            nargs=2,
            type=click.IntRange(1990, 2200),
            metavar="PREMIÈRE DERNIÈRE",
            help="Années de la projection (défaut : 10 ans à partir de l'année en cours).",
        ),
        click.option(
            "--extend",
            type=click.FloatRange(min=0),
            help="Années ajoutées à l'âge de renouvellement de toutes les catégories.",
        ),
        click.option(
            "--refurbished-share",
            type=click.FloatRange(0, 1),
            help="Part des achats faits en reconditionné (toutes catégories), de 0 à 1.",
        ),
        click.option(
            "--replacement-age",
            multiple=True,
            metavar="CAT=ANS",
            help="Âge de renouvellement d'une catégorie (répétable).",
        ),
        click.option(
            "--refurbished-lifespan",
            multiple=True,
            metavar="CAT=ANS",
            help="Durée d'usage d'un achat reconditionné (répétable).",
        ),
        click.option(
            "--price-new", multiple=True, metavar="CAT=EUR", help="Prix neuf € HT (répétable)."
        ),
        click.option(
            "--price-refurbished",
            multiple=True,
            metavar="CAT=EUR",
            help="Prix reconditionné € HT (répétable).",
        ),
        click.option("--growth", type=float, help="Croissance annuelle du parc (0.02 = +2 %)."),
        click.option(
            "--electricity",
            type=click.FloatRange(min=0),
            help="Facteur d'électricité imposé pour toutes les années, kg CO2e/kWh.",
        ),
        click.option("--method", type=click.Choice(METHODS), help="Méthode comptable."),
        click.option("--label", help="Libellé affiché."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _base_params(
    uow: UnitOfWork, name: str | None, params_file: Path | None, lang: str
) -> ScenarioParams:
    if name is not None and params_file is not None:
        fail("--preset et --params sont exclusifs", EXIT_USAGE)
    if params_file is not None:
        try:
            return read_toml(params_file)
        except ScenarioError as exc:
            fail(str(exc), EXIT_USAGE)
    return resolve(uow, name or BASELINE, lang)


def _apply_options(params: ScenarioParams, opts: dict[str, Any]) -> ScenarioParams:
    changes: dict[str, Any] = {}
    if opts["horizon"]:
        changes["horizon"] = tuple(opts["horizon"])
    if opts["extend"] is not None:
        changes["extend_years"] = opts["extend"]
    if opts["refurbished_share"] is not None:
        changes["refurbished_share"] = opts["refurbished_share"]
    for option, key in (
        ("replacement_age", "replacement_age"),
        ("refurbished_lifespan", "refurbished_lifespan"),
        ("price_new", "prices_new"),
        ("price_refurbished", "prices_refurbished"),
    ):
        given = _pairs(opts[option], "--" + option.replace("_", "-"))
        if given:
            changes[key] = {**getattr(params, key), **given}
    if opts["growth"] is not None:
        changes["growth"] = opts["growth"]
    if opts["electricity"] is not None:
        changes["electricity"] = {ALL_YEARS: opts["electricity"]}
    if opts["method"] is not None:
        changes["method"] = opts["method"]
    if opts["label"] is not None:
        changes["label"] = opts["label"]
    try:
        return params.with_changes(**changes)
    except ScenarioError as exc:
        fail(str(exc), EXIT_USAGE)


@scenario_group.command("run")
@_scenario_options
@ENTITY_OPTION
@FACTORS_OPTION
@FORMAT_OPTION
@pass_runtime
def scenario_run(
    rt: Runtime,
    /,
    entities: tuple[str, ...],
    factors_name: str | None,
    fmt: str,
    start: str | None,
    params_file: Path | None,
    **opts: Any,
) -> None:
    """Projeter le parc sous un scénario, année par année."""
    lang = rt.settings.lang
    with rt.uow() as uow:
        params = _apply_options(_base_params(uow, start, params_file, lang), opts)
        base = fleet_base(uow, entities, factors_name)
    with refusals():
        result = run(base, params)
    if fmt == "json":
        emit_json(_run_document(result))
        return
    _print_run(result, lang)


def _run_document(result: ScenarioResult) -> dict[str, Any]:
    plan = result.plan.reset_index()
    years = result.years.astype(object).where(result.years.notna(), None)
    return {
        "name": result.name,
        "label": result.params.label or result.name,
        "horizon": list(result.horizon),
        "factor_set": result.factor_set,
        "method": result.params.method,
        "params": result.params.to_mapping(),
        "electricity": {
            str(y): {"value": e.value, "unit": e.unit, "source": e.source}
            for y, e in result.electricity.items()
        },
        "start": result.start,
        "categories": plan.to_dict(orient="records"),
        "years": years.to_dict(orient="records"),
        "totals": result.totals(),
    }


def _print_run(result: ScenarioResult, lang: str) -> None:
    fr = lang == "fr"
    for name, value in provenance_rows(Comparison(result.horizon, (result,)), lang):
        click.echo(f"{name} : {value}" if fr else f"{name}: {value}")
    click.echo(
        f"Scénario : {result.name} — {result.params.label}"
        if fr
        else f"Scenario: {result.name} — {result.params.label}"
    )
    click.echo("")
    plan = plan_frame(result, lang)
    rows = []
    for category, row in plan.iterrows():
        cells = {"catégorie" if fr else "category": category_label(str(category), lang)}
        for column in plan.columns:
            value = row[column]
            text = value if isinstance(value, str) else format_number(value, lang, digits=4)
            cells[label(PLAN_LABELS, column, lang)] = text
        rows.append(cells)
    emit_table(rows)
    click.echo("")
    _print_years(result, lang)
    if result.start is not None:
        kg = format_number(result.start["gwp_kg"] / 1000, lang, digits=4)
        year = int(result.start["year"])
        click.echo(
            f"Parc réel de {year} (même total que « ecoparc footprint --year {year} ») : "
            f"{kg} t CO2e"
            if fr
            else f"Actual fleet of {year} (same total as 'ecoparc footprint --year {year}'): "
            f"{kg} t CO2e"
        )
    totals = result.totals()
    click.echo("")
    click.echo(
        ("Total sur l'horizon : " if fr else "Horizon total: ")
        + f"{format_number(totals['gwp_kg'] / 1000, lang, digits=5)} t CO2e, "
        + f"{format_number(totals['purchases_eur'], lang, digits=7)} "
        + ("€ HT, " if fr else "€ excl. VAT, ")
        + f"{format_number(totals['weee_kg'], lang, digits=5)} "
        + ("kg DEEE" if fr else "kg WEEE")
    )


def _print_years(result: ScenarioResult, lang: str) -> None:
    columns = (
        "year",
        "devices",
        "purchases",
        "purchases_refurbished",
        "purchases_eur",
        "purchases_gwp_kg",
        "gwp_kg",
        "leaving_weee",
        "weee_kg",
        "agec_share",
        "agec_target",
    )
    rows = []
    for _, y in result.years.iterrows():
        cells: dict[str, str] = {}
        for column in columns:
            value = y[column]
            if column == "year":
                text = str(int(value))
            elif column.startswith("agec"):
                text = "—" if value != value else format_percent(float(value), lang)
            else:
                text = format_number(float(value), lang, digits=6)
            cells[heading(column, lang)] = text
        rows.append(cells)
    emit_table(rows)


@scenario_group.command("save")
@click.argument("name")
@_scenario_options
@click.option("--description", help="Description du scénario.")
@click.option("--replace", is_flag=True, help="Remplacer un scénario enregistré du même nom.")
@pass_runtime
def scenario_save(
    rt: Runtime,
    /,
    name: str,
    description: str | None,
    replace: bool,
    start: str | None,
    params_file: Path | None,
    **opts: Any,
) -> None:
    """Enregistrer un scénario sous NOM (ses paramètres, pas ses résultats)."""
    with rt.uow() as uow:
        params = _apply_options(_base_params(uow, start, params_file, rt.settings.lang), opts)
        if opts["label"] is None and (params_file is None or not params.label):
            params = params.with_changes(label=name)
        exists = not replace and saved(uow, name) is not None
        with refusals(" (--replace pour le remplacer)" if exists else ""):
            save(uow, name, params, description, replace=replace)
    click.echo(
        f"Scénario enregistré : {name}" if rt.settings.lang == "fr" else f"Scenario saved: {name}"
    )


@scenario_group.command("list")
@FORMAT_OPTION
@pass_runtime
def scenario_list(rt: Runtime, fmt: str) -> None:
    """Lister les scénarios prédéfinis et enregistrés."""
    lang = rt.settings.lang
    with rt.uow() as uow:
        rows = scenario_rows(uow, lang)
    if fmt == "json":
        emit_json(rows)
        return
    kinds = {"preset": ("prédéfini", "preset"), "saved": ("enregistré", "saved")}
    emit_table(
        [
            {
                "nom" if lang == "fr" else "name": r["name"],
                "type" if lang == "fr" else "kind": label(kinds, r["kind"], lang),
                "libellé" if lang == "fr" else "label": r["label"],
                "description": r["description"] or "",
            }
            for r in rows
        ]
    )


@scenario_group.command("delete")
@click.argument("name")
@pass_runtime
def scenario_delete(rt: Runtime, name: str) -> None:
    """Supprimer le scénario enregistré NOM."""
    with rt.uow() as uow:
        delete(uow, name)
    click.echo(
        f"Scénario supprimé : {name}" if rt.settings.lang == "fr" else f"Scenario deleted: {name}"
    )


@scenario_group.command("compare")
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--horizon",
    nargs=2,
    type=click.IntRange(1990, 2200),
    metavar="PREMIÈRE DERNIÈRE",
    help="Années de la projection (défaut : celles du premier scénario, sinon 10 ans).",
)
@click.option("--method", type=click.Choice(METHODS), help="Méthode imposée à tous les scénarios.")
@ENTITY_OPTION
@FACTORS_OPTION
@format_option("table", "json", "xlsx")
@output_option()
@pass_runtime
def scenario_compare(
    rt: Runtime,
    names: tuple[str, ...],
    horizon: tuple[int, int] | None,
    method: str | None,
    entities: tuple[str, ...],
    factors_name: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Comparer des scénarios (enregistrés ou prédéfinis) côte à côte, la référence en premier."""
    lang = rt.settings.lang
    fmt = output_format(fmt, output)
    if horizon is not None and horizon[1] < horizon[0]:
        fail("--horizon : la première année doit précéder la dernière", EXIT_USAGE)
    with rt.uow() as uow:
        scenarios = [resolve(uow, name, lang) for name in names]
        if method is not None:
            scenarios = [s.with_changes(method=method) for s in scenarios]
        base = fleet_base(uow, entities, factors_name)
    with refusals():
        comparison = compare_scenarios(base, scenarios, horizon, lang)
    if emit_document(
        fmt, output, lang, comparison.to_json, lambda path: write_xlsx(comparison, path, lang)
    ):
        return
    fr = lang == "fr"
    for name, value in provenance_rows(comparison, lang):
        click.echo(f"{name} : {value}" if fr else f"{name}: {value}")
    click.echo("")
    rows = []
    for _, row in comparison.summary().iterrows():
        rows.append(
            {
                heading("name", lang): row["name"],
                heading("label", lang): row["label"],
                "t CO2e": format_number(row["total_gwp_kg"] / 1000, lang, digits=5),
                ("t CO2e évitées" if fr else "t CO2e avoided"): format_number(
                    row["avoided_gwp_kg"] / 1000, lang, digits=4
                ),
                heading("change_pct", lang): format_number(row["change_pct"], lang, digits=3),
                heading("purchases_eur", lang): format_number(row["purchases_eur"], lang, digits=7),
                heading("delta_eur", lang): format_number(row["delta_eur"], lang, digits=6),
                heading("avoided_weee_kg", lang): format_number(
                    row["avoided_weee_kg"], lang, digits=5
                ),
                heading("agec_share", lang): "—"
                if row["agec_share"] is None or row["agec_share"] != row["agec_share"]
                else format_percent(float(row["agec_share"]), lang),
            }
        )
    emit_table(rows)
    click.echo("")
    trajectories = comparison.trajectories()
    click.echo("Trajectoires (t CO2e par an)" if fr else "Trajectories (t CO2e per year)")
    emit_table(
        [
            {heading("year", lang): str(int(cast(int, year)))}
            | {
                str(name): format_number(value / 1000, lang, digits=5)
                for name, value in row.items()
            }
            for year, row in trajectories.iterrows()
        ]
    )


scenario_group.add_command(purchase_command)
