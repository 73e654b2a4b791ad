"""``ecoparc scenario purchase``: a planned purchase, bought new, bought refurbished
or put off by keeping the current devices one more year, side by side.

The purchase is one line given by options, a CSV or workbook file (one line per
category), or a purchase saved before; the comparison is
:func:`services.scenarios.purchase_comparison` (the scenario engine), nothing is
computed here (docs/scenarios.md, « Comparer un achat »).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from factors.locale import format_number, format_percent
from factors.vocabulary import CATEGORIES
from footprint.scenarios import ScenarioError
from footprint.scenarios.purchase import (
    Purchase,
    PurchaseComparison,
    PurchaseLine,
    table_heading,
    write_purchase_xlsx,
)
from services.scenarios import purchase_comparison, read_purchase, save_purchase, saved_purchase

from .common import (
    ENTITY_OPTION,
    FACTORS_OPTION,
    emit_document,
    output_format,
    output_option,
)
from .runtime import (
    EXIT_USAGE,
    Runtime,
    emit_table,
    fail,
    format_option,
    pass_runtime,
    refusals,
)


def _line(
    category: str | None,
    quantity: int | None,
    price_new: float | None,
    price_refurbished: float | None,
    lifespan: int | None,
) -> PurchaseLine:
    given = {
        "--category": category,
        "--quantity": quantity,
        "--price-new": price_new,
        "--price-refurbished": price_refurbished,
        "--lifespan": lifespan,
    }
    missing = [name for name, value in given.items() if value is None]
    if missing:
        fail(
            f"achat incomplet : {', '.join(missing)} manquant(s) (ou --file, ou --from)",
            EXIT_USAGE,
        )
    assert category is not None and quantity is not None and lifespan is not None
    assert price_new is not None and price_refurbished is not None
    try:
        return PurchaseLine(category, quantity, price_new, price_refurbished, lifespan)
    except ScenarioError as exc:
        fail(str(exc), EXIT_USAGE)


@click.command("purchase")
@click.option("--category", type=click.Choice(CATEGORIES), help="Catégorie achetée.")
@click.option("--quantity", type=click.IntRange(min=1), help="Nombre d'unités.")
@click.option("--price-new", type=click.FloatRange(min=0), help="Prix unitaire neuf, € HT.")
@click.option(
    "--price-refurbished", type=click.FloatRange(min=0), help="Prix unitaire reconditionné, € HT."
)
@click.option(
    "--lifespan", type=click.IntRange(1, 50), help="Durée de vie des appareils achetés, en années."
)
@click.option(
    "--file",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Achat lu dans un fichier CSV ou xlsx (une ligne par catégorie).",
)
@click.option("--sheet", help="Feuille du classeur (--file).")
@click.option("--from", "from_name", metavar="NOM", help="Achat enregistré sous NOM.")
@click.option(
    "--year", type=click.IntRange(1990, 2200), help="Année de l'achat (défaut : l'année en cours)."
)
@click.option("--label", help="Libellé de l'achat.")
@click.option("--save", "save_as", metavar="NOM", help="Enregistrer l'achat comme scénario NOM.")
@ENTITY_OPTION
@FACTORS_OPTION
@format_option("table", "json", "xlsx")
@output_option()
@pass_runtime
def purchase_command(
    rt: Runtime,
    /,
    category: str | None,
    quantity: int | None,
    price_new: float | None,
    price_refurbished: float | None,
    lifespan: int | None,
    source: Path | None,
    sheet: str | None,
    from_name: str | None,
    year: int | None,
    label: str | None,
    save_as: str | None,
    entities: tuple[str, ...],
    factors_name: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Comparer un achat prévu : neuf, reconditionné, ou garder les appareils un an de plus."""
    lang = rt.settings.lang
    fmt = output_format(fmt, output)
    if source is not None and from_name is not None:
        fail("--file et --from sont exclusifs", EXIT_USAGE)
    year = year or date.today().year
    with rt.uow() as uow:
        with refusals():
            if from_name is not None:
                purchase = saved_purchase(uow, from_name)
            elif source is not None:
                purchase = read_purchase(source, year, label or "", sheet)
            else:
                line = _line(category, quantity, price_new, price_refurbished, lifespan)
                purchase = Purchase((line,), year, label or "")
            if label is not None:
                purchase = Purchase(purchase.lines, purchase.year, label)
            comparison = purchase_comparison(uow, purchase, entities, factors_name, lang)
            if save_as is not None:
                save_purchase(uow, save_as, purchase, lang)
    if save_as is not None:
        click.echo(
            f"Achat enregistré : {save_as}" if lang == "fr" else f"Purchase saved: {save_as}",
            err=fmt == "json" and output is None,
        )
    if emit_document(
        fmt,
        output,
        lang,
        comparison.to_json,
        lambda path: write_purchase_xlsx(comparison, path, lang),
    ):
        return
    _print(comparison, lang)


def _print(comparison: PurchaseComparison, lang: str) -> None:
    fr = lang == "fr"
    first, last = comparison.purchase.horizon
    click.echo(
        f"Achat de {comparison.purchase.year}, horizon {first}–{last} (durée de vie des achats)"
        if fr
        else f"Purchase of {comparison.purchase.year}, horizon {first}–{last} (purchases' lifespan)"
    )
    rows = []
    for _, row in comparison.table().iterrows():
        rows.append(
            {
                table_heading("label", lang): row["label"],
                table_heading("year_eur", lang): format_number(row["year_eur"], lang, digits=7),
                table_heading("horizon_eur", lang): format_number(
                    row["horizon_eur"], lang, digits=7
                ),
                table_heading("gwp_t", lang): format_number(row["gwp_kg"] / 1000, lang, digits=4),
                table_heading("avoided_gwp_kg", lang): format_number(
                    row["avoided_gwp_kg"], lang, digits=5
                ),
                table_heading("agec_share", lang): "—"
                if row["agec_share"] != row["agec_share"]
                else format_percent(float(row["agec_share"]), lang, digits=3),
                table_heading("avoided_weee_kg", lang): format_number(
                    row["avoided_weee_kg"], lang, digits=5
                ),
            }
        )
    emit_table(rows)
