"""Reports: choose a report, a year and a scope, preview it, write the file.

The same use cases as the command line (:mod:`services.reports`), fed from
the app's cached fleet with the active factor set and method. Computing and
writing run in a thread worker; the preview is a small table of indicators,
declaration rows or BEGES lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from factors.locale import format_number
from footprint.indicators.agec import DECLARATION_COLUMNS
from footprint.indicators.reen import CONSOLIDATED, ReenReport
from footprint.reports import beges as beges_writer
from footprint.reports.agec_csv import write_agec_csv
from footprint.reports.annual_html import write_annual_html
from footprint.reports.reen_xlsx import STATUS_LABELS, indicator_rows, share_or_number
from services.errors import writing
from services.reports import (
    build_agec,
    build_annual,
    build_beges,
    build_reen_report,
    scope_text,
    skipped_messages,
    workspace_inputs,
    write_numecoeval_inputs,
    write_reen,
)

from ..context import AppContext
from ..i18n import fmt_number, language, register_messages, t, term
from ..widgets.frame_table import FrameTable
from .base import EcoScreen

ALL = "__all__"
#: Report kinds, in the order of the selector, with their file suffix.
KINDS: dict[str, str] = {
    "reen": ".xlsx",
    "annual": ".html",
    "agec": ".csv",
    "beges": ".xlsx",
    "numecoeval": "",
}
#: Years offered, the current one first (the last complete one is selected).
YEAR_CHOICES = 8

register_messages(
    {
        "reports.kind": "Rapport",
        "reports.year": "Année",
        "reports.scope": "Périmètre",
        "reports.all": "Toutes les entités",
        "reports.output": "Fichier",
        "reports.preview": "Aperçu",
        "reports.generate": "Générer",
        "reports.kind.reen": "REEN — indicateurs (xlsx)",
        "reports.kind.annual": "Rapport annuel (HTML)",
        "reports.kind.agec": "AGEC — déclaration (csv)",
        "reports.kind.beges": "BEGES — lignes numériques (xlsx)",
        "reports.kind.numecoeval": "Export NumEcoEval (dossier)",
        "reports.working": "Calcul en cours…",
        "reports.written": "Écrit : {path}",
        "reports.no_output": "Indiquez un fichier ou un dossier de sortie.",
        "reports.exported": "{rows} ligne(s) d'équipements exportée(s)",
        "reports.col.indicator": "Indicateur",
        "reports.col.value": "Valeur",
        "reports.col.unit": "Unité",
        "reports.col.target": "Objectif",
        "reports.col.status": "Statut",
        "reports.col.previous": "Année précédente",
        "reports.col.poste": "Poste",
        "reports.col.label": "Libellé",
        "reports.col.t_co2e": "t CO2e",
        "reports.col.file": "Fichier",
        "reports.col.rows": "Lignes",
        # The AGEC file keeps data.gouv.fr's column names; its preview says them in words.
        "reports.col.annee": "Année",
        "reports.col.siret": "SIRET",
        "reports.col.raison_sociale": "Raison sociale",
        "reports.col.type_produit_acquis": "Produits achetés",
        "reports.col.montant_total": "Montant (€ HT)",
        "reports.col.montant_reemploi_et_reutilisation": "dont réemploi (€ HT)",
        "reports.col.montant_produits_issus_don": "dont dons (€ HT)",
        "reports.provenance": "{method} · {factor_set} · électricité {electricity}",
    },
    {
        "reports.kind": "Report",
        "reports.year": "Year",
        "reports.scope": "Scope",
        "reports.all": "All entities",
        "reports.output": "File",
        "reports.preview": "Preview",
        "reports.generate": "Generate",
        "reports.kind.reen": "REEN — indicators (xlsx)",
        "reports.kind.annual": "Annual report (HTML, in French)",
        "reports.kind.agec": "AGEC — declaration (csv)",
        "reports.kind.beges": "BEGES — IT lines (xlsx)",
        "reports.kind.numecoeval": "NumEcoEval export (folder)",
        "reports.working": "Computing…",
        "reports.written": "Written: {path}",
        "reports.no_output": "Give an output file or folder.",
        "reports.exported": "{rows} device row(s) exported",
        "reports.col.indicator": "Indicator",
        "reports.col.value": "Value",
        "reports.col.unit": "Unit",
        "reports.col.target": "Target",
        "reports.col.status": "Status",
        "reports.col.previous": "Previous year",
        "reports.col.poste": "Poste",
        "reports.col.label": "Label",
        "reports.col.t_co2e": "t CO2e",
        "reports.col.file": "File",
        "reports.col.rows": "Rows",
        "reports.col.annee": "Year",
        "reports.col.siret": "SIRET",
        "reports.col.raison_sociale": "Legal name",
        "reports.col.type_produit_acquis": "Products bought",
        "reports.col.montant_total": "Amount (€ excl. VAT)",
        "reports.col.montant_reemploi_et_reutilisation": "of which reuse (€ excl. VAT)",
        "reports.col.montant_produits_issus_don": "of which donations (€ excl. VAT)",
        "reports.provenance": "{method} · {factor_set} · electricity {electricity}",
    },
)


@dataclass(frozen=True)
class ReportView:
    """What the screen shows after a preview or a generation."""

    kind: str
    table: pd.DataFrame
    labels: list[str]
    notes: list[str]
    written: Path | None = None


def default_output(kind: str, year: int) -> str:
    suffix = KINDS[kind]
    return f"{kind}-{year}{suffix}" if suffix else f"numecoeval-{year}"


def _indicator_view(kind: str, report: ReenReport, lang: str, output: Path | None) -> ReportView:
    """The consolidated REEN indicators with their provenance (the REEN and annual previews)."""
    rows = indicator_rows(report.current, report.previous, CONSOLIDATED, lang)
    table = pd.DataFrame(
        {
            "indicator": [r["indicator"] for r in rows],
            "value": [share_or_number(r["value"], r["share"], lang) for r in rows],
            "unit": [r["unit"] for r in rows],
            "target": [share_or_number(r["target"], r["share"], lang) for r in rows],
            "status": [
                STATUS_LABELS[r["status"]][0 if lang == "fr" else 1] if r["status"] else ""
                for r in rows
            ],
            "previous": [share_or_number(r["previous"], r["share"], lang) for r in rows],
        }
    )
    labels = [t(f"reports.col.{c}") for c in table.columns]
    result = report.current.result
    e = result.electricity["gwp"]
    notes = [
        t(
            "reports.provenance",
            method=term("method", result.method),
            factor_set=f"{result.factor_set} v{result.factors.version}",
            electricity=f"{format_number(e.value, lang)} {e.unit} ({e.source})",
        )
    ]
    return ReportView(kind, table, labels, notes, output)


def build_view(
    ctx: AppContext, kind: str, year: int, entity: str | None, output: Path | None
) -> ReportView:
    """Compute the report (and write it when ``output`` is given)."""
    lang = language()
    inputs = workspace_inputs(ctx, entity)
    if kind == "reen":
        report = build_reen_report(inputs, year, ctx.method, today=ctx.today)
        if output is not None:
            with writing(output):
                write_reen(report, inputs, output, lang)
        return _indicator_view(kind, report, lang, output)
    if kind == "annual":  # written in French for the council, whatever the screen's language
        french_scope = scope_text([entity] if entity else [], "fr")
        annual = build_annual(inputs, year, french_scope, ctx.method, ctx.today)
        if output is not None:
            with writing(output):
                write_annual_html(annual, output)
        return _indicator_view(kind, annual.reen, lang, output)
    if kind == "agec":
        declaration, skipped = build_agec(inputs, year, lang, today=ctx.today)
        if output is not None:
            with writing(output):
                write_agec_csv(declaration, output)
        # The file's columns (data.gouv.fr's schema) headed in words, amounts as numbers
        # read in the language (« 9 347,16 », not « 9347.16 »).
        table = declaration.loc[:, list(DECLARATION_COLUMNS[:7])].astype("str")
        for column in DECLARATION_COLUMNS[4:7]:
            table[column] = [fmt_number(v, 2) for v in declaration[column]]
        labels = [t(f"reports.col.{c}") for c in table.columns]
        return ReportView(kind, table, labels, skipped_messages(skipped, lang), output)
    if kind == "beges":
        beges = build_beges(inputs, year, lang=lang, today=ctx.today)
        if output is not None:
            with writing(output):
                beges_writer.write_xlsx(beges, output, lang)
        table = pd.DataFrame(
            {
                "poste": beges.lines["poste"],
                "label": beges.lines["label"],
                "t_co2e": [fmt_number(v, 3) for v in beges.lines["t_co2e"]],
            }
        )
        labels = [t(f"reports.col.{c}") for c in table.columns]
        return ReportView(kind, table, labels, beges.notes, output)
    paths = write_numecoeval_inputs(inputs, output, ctx.today) if output else []
    table = pd.DataFrame(
        {"file": [str(p) for p in paths], "rows": [str(len(inputs.frame))] * len(paths)}
    )
    notes = [t("reports.exported", rows=len(inputs.frame))]
    return ReportView(kind, table, [t("reports.col.file"), t("reports.col.rows")], notes, output)


class ReportsScreen(EcoScreen):
    """Generate the REEN workbook, the AGEC file, the BEGES lines or the NumEcoEval export."""

    TITLE_KEY = "screen.reports"
    DEFAULT_CSS = """
    ReportsScreen #rep-filters > Select { width: 34; }
    ReportsScreen #rep-notes { height: auto; max-height: 8; padding: 0 1; color: $text-muted; }
    ReportsScreen #rep-status { height: 1; padding: 0 1; }
    ReportsScreen #rep-devices { height: 1; padding: 0 1; color: $text-muted; }
    """

    class Ready(Message):
        def __init__(self, view: ReportView) -> None:
            super().__init__()
            self.view = view

    #: Control keys, so that they work from the output field too (like the import's).
    BINDINGS = [
        *EcoScreen.BINDINGS,
        Binding("ctrl+t", "preview", "reports.preview"),
        Binding("ctrl+g", "generate", "reports.generate"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ReportView | None = None
        #: The language the preview was built in: after `l`, it is built again.
        self._view_language = language()

    def compose_body(self) -> ComposeResult:
        ctx = self.ctx
        kinds = [(t(f"reports.kind.{k}"), k) for k in KINDS]
        this_year = ctx.today.year
        years = [(str(y), y) for y in range(this_year, this_year - YEAR_CHOICES, -1)]
        choices = ctx.scope_choices()
        scopes = [(t("reports.all"), ALL) if n is None else (n, n) for n in choices]
        chosen = ctx.entity if ctx.entity in choices else choices[0]
        with Horizontal(classes="filters", id="rep-filters"):
            yield Label(t("reports.kind"))
            yield Select(kinds, value="reen", allow_blank=False, id="rep-kind")
            yield Label(t("reports.year"))
            yield Select(years, value=ctx.today.year - 1, allow_blank=False, id="rep-year")
            yield Label(t("reports.scope"))
            yield Select(scopes, value=chosen or ALL, allow_blank=False, id="rep-scope")
        with Horizontal(classes="filters"):
            yield Label(t("reports.output"))
            yield Input(default_output("reen", ctx.today.year - 1), id="rep-output")
            yield Button(t("reports.preview"), id="rep-preview")
            yield Button(t("reports.generate"), id="rep-generate", variant="primary")
        yield Static("", id="rep-devices")
        yield Static("", id="rep-status")
        yield Static("", id="rep-notes")
        yield FrameTable(id="rep-table")

    def populate(self) -> None:
        self._count_devices()
        if self.view is None:
            return
        if self._view_language == language():
            self._show(self.view)
        else:  # the language changed: the same report, previewed again in it
            self._run(write=False)

    def entities_changed(self) -> None:
        choices = self.ctx.scope_choices()
        first = [(t("reports.all"), ALL)] if None in choices else []
        select = self.query_one("#rep-scope", Select)
        names = [n for n in choices if n is not None]
        value = (
            select.value
            if select.value in {ALL, *names}
            else (first or [(n, n) for n in names])[0][1]
        )
        with self.prevent(Select.Changed):
            select.set_options([*first, *((n, n) for n in names)])
            select.value = value

    def fleet_changed(self) -> None:
        self._count_devices()

    @on(Select.Changed, "#rep-scope")
    def _count_devices(self) -> None:
        """The devices of the chosen scope, counted as on every screen."""
        _, _, entity = self._choice()
        self._count_worker(entity)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reports-count")
    def _count_worker(self, entity: str | None) -> None:
        count = self.ctx.device_count(entity)
        text = t("scope.devices", scope=entity or t("app.scope_all"), devices=fmt_number(count))
        self.from_worker(self._show_count, text)

    def _show_count(self, text: str) -> None:
        self.query_one("#rep-devices", Static).update(text)

    def _choice(self) -> tuple[str, int, str | None]:
        kind = str(self.query_one("#rep-kind", Select).value)
        year = int(self.query_one("#rep-year", Select).value)  # type: ignore[arg-type]
        scope = self.query_one("#rep-scope", Select).value
        return kind, year, None if scope == ALL else str(scope)

    @on(Select.Changed, "#rep-kind")
    @on(Select.Changed, "#rep-year")
    def _suggest_output(self) -> None:
        kind, year, _ = self._choice()
        self.query_one("#rep-output", Input).value = default_output(kind, year)

    @on(Button.Pressed, "#rep-preview")
    def action_preview(self) -> None:
        self._run(write=False)

    @on(Button.Pressed, "#rep-generate")
    def action_generate(self) -> None:
        self._run(write=True)

    def _run(self, write: bool) -> None:
        kind, year, entity = self._choice()
        output = None
        if write:
            text = self.query_one("#rep-output", Input).value.strip()
            if not text:
                self.query_one("#rep-status", Static).update(t("reports.no_output"))
                return
            output = Path(text).expanduser().resolve()
        self.query_one("#rep-status", Static).update(t("reports.working"))
        self._worker(kind, year, entity, output)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reports")
    def _worker(self, kind: str, year: int, entity: str | None, output: Path | None) -> None:
        self.post_message(self.Ready(build_view(self.ctx, kind, year, entity, output)))

    def on_reports_screen_ready(self, message: Ready) -> None:
        self.view = message.view
        self._view_language = language()
        self._show(message.view)

    def _show(self, view: ReportView) -> None:
        status = t("reports.written", path=view.written) if view.written else ""
        self.query_one("#rep-status", Static).update(status)
        self.query_one("#rep-notes", Static).update("\n".join(view.notes))
        self.query_one("#rep-table", FrameTable).show_frame(view.table, view.labels)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "reports":
            self.query_one("#rep-status", Static).update("")
            self.report_error(event.worker.error or RuntimeError("?"))
