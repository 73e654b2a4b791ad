"""Reuse: the whole exit of devices, from the candidates to the proof of reuse.

Two views (``v``): the **candidates** — devices with a reason to leave, each with
its reasons, the route the rules propose and why (docs/regulation.md §7), counted
by reason — and the **exits in progress**, each with its next step
(docs/regulation.md §8). The user marks rows (space, ``t`` for every row shown;
without a mark the row under the cursor) and acts on the selection: ``a`` assigns
the candidates to their route or to another one with a reason, ``e`` records the
erasure (method and certificate where the device has storage, « sans support de
données » otherwise), ``h`` writes one hand-over slip per recipient and records
the hand-over, ``j`` records the proof of reuse (« justificatif »); ``n`` applies
the open needs.
The décret 2023-266 rate of the year is shown and recomputed after every change.

Every use case is in :mod:`services.reuse`; the screen only asks and shows.
Database work runs in thread workers; every change reloads the app's fleet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from factors.vocabulary import ROUTES
from fleet.reuse import ERASURE_METHODS
from services.errors import ServiceError
from services.reuse import (
    LiveRate,
    apply_redeployments,
    assign_selection,
    erase_selection,
    exits,
    hand_over_selection,
    live_rate,
    reason_counts,
    record_proofs,
    redeployments,
    workspace_routes,
)

from ..dialogs.device_actions import FormDialog
from ..i18n import (
    category_label,
    date_format,
    fmt_number,
    fmt_percent,
    language,
    register_messages,
    t,
    term,
)
from ..widgets.frame_table import FrameTable
from .base import EcoModal, EcoScreen

ALL = "__all__"
PROPOSED = "__proposed__"
MARK = "✓"
CANDIDATES, EXITS = "candidates", "exits"

register_messages(
    {
        "screen.reuse": "Réemploi",
        "reuse.route": "Voie",
        "reuse.view": "Vue",
        "reuse.view.candidates": "Candidats",
        "reuse.view.exits": "Sorties en cours",
        "reuse.all": "Toutes",
        "reuse.key.toggle": "Cocher",
        "reuse.key.toggle_all": "Tout cocher",
        "reuse.key.view": "Vue",
        "reuse.key.assign": "Orienter",
        "reuse.key.erase": "Effacement",
        "reuse.key.handover": "Remise",
        "reuse.key.proof": "Preuve",
        "reuse.key.needs": "Besoins",
        "reuse.key.refresh": "Actualiser",
        "reuse.loading": "Calcul des candidats…",
        "reuse.summary": "{count} candidat(s) · {units} unité(s) · {marked} coché(s)",
        "reuse.summary.exits": "{count} sortie(s) en cours · {marked} cochée(s)",
        "reuse.reasons": "Motifs : {reasons}",
        "reuse.rate": (
            "Taux de réemploi {year} (décret 2023-266) : {rate} — {reused} réemployé(s) "
            "sur {stock} retiré(s) au 1er janvier · objectif {target}"
        ),
        "reuse.none_marked": "Aucune ligne : cochez-en (espace) ou placez le curseur sur une.",
        "reuse.wrong_view": "Cette action porte sur la vue « {view} » (touche v).",
        "reuse.assign.title": "Orienter {rows} ligne(s) ({units} unité(s))",
        "reuse.assign.route": "Voie (la voie proposée par les règles, ou une autre)",
        "reuse.assign.proposed": "voie proposée par les règles",
        "reuse.assign.reason": "Raison du changement de voie (obligatoire si vous en changez)",
        "reuse.assign.reason_needed": "Donnez la raison du changement de voie.",
        "reuse.assigned": "{rows} ligne(s) orientée(s) ; effacement puis remise à suivre.",
        "reuse.erase.title": "Effacement des données : {rows} appareil(s)",
        "reuse.erase.storage": (
            "{with_storage} avec support de données : méthode (ANSSI, NIST SP 800-88) "
            "et certificat ; {without} sans support de données."
        ),
        "reuse.erase.no_storage": (
            "Aucun de ces appareils n'a de support de données : l'effacement est "
            "enregistré « sans support de données », sans certificat."
        ),
        "reuse.erase.method": "Méthode",
        "reuse.erase.certificate": "Référence du certificat d'effacement",
        "reuse.erase.certificate_needed": "Donnez la référence du certificat d'effacement.",
        "reuse.erased": "Effacement enregistré : {with_storage} avec certificat, "
        "{without} sans support de données.",
        "reuse.handover.title": "Remise de {rows} appareil(s) : un bordereau par destinataire",
        "reuse.handover.folder": "Dossier des bordereaux",
        "reuse.handover.done": "{devices} appareil(s) remis ; bordereau(x) : {files}",
        "reuse.proof.title": "Preuve de réemploi de {rows} appareil(s)",
        "reuse.proof.reference": "Référence de la preuve (attestation du destinataire…)",
        "reuse.proof.needed": "Donnez la référence de la preuve.",
        "reuse.proved": "Preuve enregistrée pour {rows} appareil(s).",
        "reuse.needs.title": "Besoins ouverts : qui reçoit quoi",
        "reuse.needs.none": "Aucun besoin ouvert ne trouve d'appareil.",
        "reuse.needs.apply": "Appliquer",
        "reuse.needs.applied": "{rows} redéploiement(s) interne(s) orienté(s).",
        "reuse.step.erase": "à effacer",
        "reuse.step.handover": "à remettre",
        "reuse.step.proof": "preuve attendue",
        "reuse.col.mark": "✓",
        "reuse.col.device_id": "N°",
        "reuse.col.entity": "Entité",
        "reuse.col.category": "Catégorie",
        "reuse.col.quantity": "Qté",
        "reuse.col.motives": "Motifs",
        "reuse.col.route": "Voie",
        "reuse.col.partner": "Destinataire",
        "reuse.col.reason": "Raison",
        "reuse.col.need_id": "Besoin",
        "reuse.col.to_entity": "Entité qui reçoit",
        "reuse.col.step": "Étape suivante",
        "reuse.col.erasure": "Effacement",
        "reuse.col.disposed_on": "Remis le",
        "reuse.col.serial": "N° de série",
    },
    {
        "screen.reuse": "Reuse",
        "reuse.route": "Route",
        "reuse.view": "View",
        "reuse.view.candidates": "Candidates",
        "reuse.view.exits": "Exits in progress",
        "reuse.all": "All",
        "reuse.key.toggle": "Mark",
        "reuse.key.toggle_all": "Mark all",
        "reuse.key.view": "View",
        "reuse.key.assign": "Assign",
        "reuse.key.erase": "Erasure",
        "reuse.key.handover": "Hand over",
        "reuse.key.proof": "Proof",
        "reuse.key.needs": "Needs",
        "reuse.key.refresh": "Refresh",
        "reuse.loading": "Computing candidates…",
        "reuse.summary": "{count} candidate(s) · {units} unit(s) · {marked} marked",
        "reuse.summary.exits": "{count} exit(s) in progress · {marked} marked",
        "reuse.reasons": "Reasons: {reasons}",
        "reuse.rate": (
            "Reuse rate {year} (décret 2023-266): {rate} — {reused} reused out of "
            "{stock} retired on 1 January · target {target}"
        ),
        "reuse.none_marked": "No row: mark some (space) or put the cursor on one.",
        "reuse.wrong_view": "This action works on the « {view} » view (key v).",
        "reuse.assign.title": "Assign {rows} row(s) ({units} unit(s))",
        "reuse.assign.route": "Route (the one the rules propose, or another)",
        "reuse.assign.proposed": "route proposed by the rules",
        "reuse.assign.reason": "Reason for changing the route (required if you change it)",
        "reuse.assign.reason_needed": "Give the reason for changing the route.",
        "reuse.assigned": "{rows} row(s) assigned; erasure and hand-over to follow.",
        "reuse.erase.title": "Data erasure: {rows} device(s)",
        "reuse.erase.storage": (
            "{with_storage} with data storage: method (ANSSI, NIST SP 800-88) and "
            "certificate; {without} without data storage."
        ),
        "reuse.erase.no_storage": (
            "None of these devices holds data storage: the erasure is recorded as "
            "« no data storage », with no certificate."
        ),
        "reuse.erase.method": "Method",
        "reuse.erase.certificate": "Erasure certificate reference",
        "reuse.erase.certificate_needed": "Give the erasure certificate reference.",
        "reuse.erased": "Erasure recorded: {with_storage} with a certificate, "
        "{without} without data storage.",
        "reuse.handover.title": "Hand-over of {rows} device(s): one slip per recipient",
        "reuse.handover.folder": "Folder of the slips",
        "reuse.handover.done": "{devices} device(s) handed over; slip(s): {files}",
        "reuse.proof.title": "Proof of reuse of {rows} device(s)",
        "reuse.proof.reference": "Proof reference (recipient's certificate…)",
        "reuse.proof.needed": "Give the proof reference.",
        "reuse.proved": "Proof recorded for {rows} device(s).",
        "reuse.needs.title": "Open needs: who gets what",
        "reuse.needs.none": "No open need finds a device.",
        "reuse.needs.apply": "Apply",
        "reuse.needs.applied": "{rows} internal redeployment(s) assigned.",
        "reuse.step.erase": "to erase",
        "reuse.step.handover": "to hand over",
        "reuse.step.proof": "proof awaited",
        "reuse.col.mark": "✓",
        "reuse.col.device_id": "No.",
        "reuse.col.entity": "Entity",
        "reuse.col.category": "Category",
        "reuse.col.quantity": "Qty",
        "reuse.col.motives": "Reasons",
        "reuse.col.route": "Route",
        "reuse.col.partner": "Recipient",
        "reuse.col.reason": "Route reason",
        "reuse.col.need_id": "Need",
        "reuse.col.to_entity": "Receiving entity",
        "reuse.col.step": "Next step",
        "reuse.col.erasure": "Erasure",
        "reuse.col.disposed_on": "Handed over",
        "reuse.col.serial": "Serial no.",
    },
)
register_messages(
    {f"reuse.erasure.{k}": fr for k, (fr, _) in ERASURE_METHODS.items()},
    {f"reuse.erasure.{k}": en for k, (_, en) in ERASURE_METHODS.items()},
)

CANDIDATE_COLUMNS = (
    "mark",
    "device_id",
    "entity",
    "category",
    "quantity",
    "motives",
    "route",
    "partner",
    "reason",
)
EXIT_COLUMNS = (
    "mark",
    "device_id",
    "serial",
    "entity",
    "category",
    "quantity",
    "route",
    "partner",
    "step",
    "erasure",
    "disposed_on",
)
MATCH_COLUMNS = ("need_id", "to_entity", "device_id", "entity", "category", "quantity")
STEPS = ("erase", "handover", "proof")


def route_label(code: str) -> str:
    return term("channel", code)


def _text(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("")


class NeedsDialog(EcoModal):
    """The open needs and the devices that would meet them; « Appliquer » / Cancel."""

    def __init__(self, matches: pd.DataFrame) -> None:
        super().__init__()
        self.matches = matches

    def compose(self) -> ComposeResult:
        view = self.matches[list(MATCH_COLUMNS)].astype("str")
        view["category"] = self.matches["category"].map(category_label)
        labels = [t(f"reuse.col.{c}") for c in MATCH_COLUMNS]
        with Vertical(classes="dialog", id="reuse-dialog"):
            yield Label(t("reuse.needs.title"), classes="dialog-title")
            yield FrameTable(view, labels, id="reuse-dialog-table")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.cancel"), id="cancel")
                yield Button(t("reuse.needs.apply"), variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _no(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Assignment:
    route: str | None
    reason: str


class AssignDialog(FormDialog):
    """The selection with the rules' reasons, the route (proposed or another) and the
    reason for another route."""

    def __init__(self, rows: pd.DataFrame) -> None:
        super().__init__()
        self.rows = rows

    def title_text(self) -> str:
        units = fmt_number(int(self.rows["quantity"].sum()))
        return t("reuse.assign.title", rows=len(self.rows), units=units)

    def body(self) -> ComposeResult:
        view = pd.DataFrame(
            {
                "device_id": self.rows["device_id"].astype("str"),
                "route": self.rows["route"].map(route_label),
                "motives": _text(self.rows["motives"]),
                "reason": _text(self.rows["reason"]),
            }
        )
        labels = [t(f"reuse.col.{c}") for c in view.columns]
        yield FrameTable(view, labels, id="assign-rows")
        yield Label(t("reuse.assign.route"))
        yield Select(
            [(t("reuse.assign.proposed"), PROPOSED), *((route_label(r), r) for r in ROUTES)],
            value=PROPOSED,
            allow_blank=False,
            id="assign-route",
        )
        yield Label(t("reuse.assign.reason"))
        yield Input(id="assign-reason")

    def answer(self) -> Assignment | None:
        route = self.query_one("#assign-route", Select).value
        reason = self.query_one("#assign-reason", Input).value.strip()
        chosen = None if route == PROPOSED else str(route)
        changes = chosen is not None and (self.rows["route"] != chosen).any()
        if changes and not reason:
            self.notify(t("reuse.assign.reason_needed"), severity="warning")
            return None
        return Assignment(chosen, reason)


@dataclass(frozen=True)
class Erasure:
    method: str
    certificate: str


class EraseDialog(FormDialog):
    """The erasure form: method and certificate only when a device holds storage."""

    def __init__(self, with_storage: int, without: int) -> None:
        super().__init__()
        self.with_storage = with_storage
        self.without = without

    def title_text(self) -> str:
        return t("reuse.erase.title", rows=self.with_storage + self.without)

    def body(self) -> ComposeResult:
        if not self.with_storage:
            yield Label(t("reuse.erase.no_storage"), id="erase-no-storage")
            return
        yield Label(t("reuse.erase.storage", with_storage=self.with_storage, without=self.without))
        yield Label(t("reuse.erase.method"))
        methods = [m for m in ERASURE_METHODS if m != "no_storage"]
        yield Select(
            [(t(f"reuse.erasure.{m}"), m) for m in methods],
            value=methods[0],
            allow_blank=False,
            id="erase-method",
        )
        yield Label(t("reuse.erase.certificate"))
        yield Input(id="erase-certificate")

    def answer(self) -> Erasure | None:
        if not self.with_storage:
            return Erasure("no_storage", "")
        certificate = self.query_one("#erase-certificate", Input).value.strip()
        if not certificate:
            self.notify(t("reuse.erase.certificate_needed"), severity="warning")
            return None
        return Erasure(str(self.query_one("#erase-method", Select).value), certificate)


class HandoverDialog(FormDialog):
    """Where the hand-over slips are written."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def title_text(self) -> str:
        return t("reuse.handover.title", rows=self.rows)

    def body(self) -> ComposeResult:
        yield Label(t("reuse.handover.folder"))
        yield Input(str(Path.cwd()), id="handover-folder")

    def answer(self) -> Path | None:
        text = self.query_one("#handover-folder", Input).value.strip()
        return Path(text).expanduser().resolve() if text else None


class ProofDialog(FormDialog):
    """The reference of the proof of reuse."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def title_text(self) -> str:
        return t("reuse.proof.title", rows=self.rows)

    def body(self) -> ComposeResult:
        yield Label(t("reuse.proof.reference"))
        yield Input(id="proof-reference")

    def answer(self) -> str | None:
        text = self.query_one("#proof-reference", Input).value.strip()
        if not text:
            self.notify(t("reuse.proof.needed"), severity="warning")
            return None
        return text


@dataclass(frozen=True)
class Loaded:
    routes: pd.DataFrame
    exits: pd.DataFrame
    counts: pd.DataFrame
    rate: LiveRate
    lang: str
    #: The scope and how many devices it holds (services.inventory.devices_of).
    entity: str | None = None
    devices: int = 0


class ReuseScreen(EcoScreen):
    """Candidates and exits in progress; assign, erase, hand over, prove; the live rate."""

    TITLE_KEY = "screen.reuse"
    BINDINGS = [
        *EcoScreen.BINDINGS,
        Binding("space", "toggle_mark", "reuse.key.toggle"),
        Binding("t", "toggle_all", "reuse.key.toggle_all"),
        Binding("v", "switch_view", "reuse.key.view"),
        Binding("a", "assign", "reuse.key.assign"),
        Binding("e", "erase", "reuse.key.erase"),
        Binding("h", "handover", "reuse.key.handover"),
        Binding("j", "proof", "reuse.key.proof"),
        Binding("n", "needs", "reuse.key.needs"),
        Binding("u", "refresh", "reuse.key.refresh"),
    ]
    #: At 80 columns: space marks one by one, the screen reads the fleet again when it
    #: changed, and the « Vue » list is on the screen.
    SPARE_KEYS = ("toggle_all", "refresh", "switch_view")
    DEFAULT_CSS = """
    ReuseScreen .reuse-line { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    ReuseScreen #reuse-dialog { width: 110; height: 30; }
    ReuseScreen #assign-rows { height: 10; }
    """

    class Ready(Message):
        def __init__(self, loaded: Loaded) -> None:
            super().__init__()
            self.loaded = loaded

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.data: Loaded | None = None
        self.view = CANDIDATES
        self.marked: set[int] = set()
        self.shown: list[int] = []

    @property
    def routes(self) -> pd.DataFrame | None:
        return None if self.data is None else self.data.routes

    @property
    def exits(self) -> pd.DataFrame | None:
        return None if self.data is None else self.data.exits

    def compose_body(self) -> ComposeResult:
        views = [(t(f"reuse.view.{v}"), v) for v in (CANDIDATES, EXITS)]
        routes = [(t("reuse.all"), ALL), *((route_label(c), c) for c in ROUTES)]
        with Horizontal(classes="filters", id="reuse-filters"):
            yield Label(t("reuse.view"))
            yield Select(views, value=self.view, allow_blank=False, id="reuse-view")
            yield Label(t("reuse.route"))
            yield Select(routes, value=ALL, allow_blank=False, id="reuse-route")
        yield Static(t("reuse.loading"), id="reuse-summary", classes="reuse-line")
        yield Static("", id="reuse-reasons", classes="reuse-line")
        yield Static("", id="reuse-rate", classes="reuse-line")
        yield FrameTable(id="reuse-table")

    def populate(self) -> None:
        if self.data is None or self.data.lang != language():
            self.load()
        else:
            self.refilter()

    def scope_changed(self) -> None:
        self.load()

    def fleet_changed(self) -> None:
        self.load()

    def load(self) -> None:
        self.query_one("#reuse-summary", Static).update(t("reuse.loading"))
        self._load_worker(self.ctx.entity, language())

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse")
    def _load_worker(self, entity: str | None, lang: str) -> None:
        ctx = self.ctx
        routes = workspace_routes(ctx, entity, lang)
        with ctx.uow() as uow:
            pending = exits(uow, [entity] if entity else ())
        rate = live_rate(ctx, entity)
        self.post_message(
            self.Ready(
                Loaded(
                    routes,
                    pending,
                    reason_counts(routes, lang),
                    rate,
                    lang,
                    entity,
                    ctx.device_count(entity),
                )
            )
        )

    def on_reuse_screen_ready(self, message: Ready) -> None:
        self.data = message.loaded
        self.marked.clear()
        self.refilter()
        if not isinstance(self.focused, FrameTable):
            self.query_one("#reuse-table", FrameTable).focus()

    @on(Select.Changed, "#reuse-view")
    def _view_changed(self, event: Select.Changed) -> None:
        if event.value != self.view:
            self.view = str(event.value)
            self.marked.clear()
            self.refilter()

    @on(Select.Changed, "#reuse-route")
    def refilter(self) -> None:
        if self.data is None:
            return
        wanted = self.query_one("#reuse-route", Select).value
        frame = self.data.routes if self.view == CANDIDATES else self.data.exits
        column = "route" if self.view == CANDIDATES else "channel"
        chosen = frame if wanted == ALL else frame.loc[frame[column] == wanted]
        self.shown = chosen.index.tolist()
        marks = [MARK if i in self.marked else "" for i in self.shown]
        columns: tuple[str, ...] = CANDIDATE_COLUMNS
        if self.view == CANDIDATES:
            view = pd.DataFrame(
                {
                    "mark": marks,
                    "device_id": chosen["device_id"].astype("str"),
                    "entity": _text(chosen["entity"]),
                    "category": chosen["category"].map(category_label),
                    "quantity": chosen["quantity"].astype("str"),
                    "motives": _text(chosen["motives"]),
                    "route": chosen["route"].map(route_label),
                    "partner": _text(chosen["partner"]),
                    "reason": _text(chosen["reason"]),
                }
            )
        else:
            view = pd.DataFrame(
                {
                    "mark": marks,
                    "device_id": chosen["device_id"].astype("str"),
                    "serial": _text(chosen["serial"]),
                    "entity": _text(chosen["entity"]),
                    "category": chosen["category"].map(category_label),
                    "quantity": chosen["quantity"].astype("str"),
                    "route": chosen["channel"].map(route_label),
                    "partner": _text(chosen["recipient"]),
                    "step": chosen["step"].map(lambda s: t(f"reuse.step.{s}")),
                    "erasure": chosen["erasure_method"].map(
                        lambda m: "" if pd.isna(m) else t(f"reuse.erasure.{m}")
                    ),
                    "disposed_on": chosen["disposed_on"].dt.strftime(date_format()).fillna(""),
                }
            )
            columns = EXIT_COLUMNS
        table = self.query_one("#reuse-table", FrameTable)
        row = table.cursor_row
        table.show_frame(view, [t(f"reuse.col.{c}") for c in columns])
        if 0 < row < len(self.shown):
            table.move_cursor(row=row)
        self._summary()

    def _summary(self) -> None:
        data = self.data
        if data is None:
            return
        if self.view == CANDIDATES:
            counts = data.routes.groupby("route")["quantity"].sum()
            text = t(
                "reuse.summary",
                count=fmt_number(data.routes["device_id"].nunique()),
                units=fmt_number(int(data.routes["quantity"].sum())),
                marked=len(self.marked),
            )
            detail = ", ".join(f"{route_label(str(r))} {fmt_number(n)}" for r, n in counts.items())
        else:
            steps = data.exits["step"].value_counts()
            text = t(
                "reuse.summary.exits",
                count=fmt_number(len(data.exits)),
                marked=len(self.marked),
            )
            detail = ", ".join(
                f"{t(f'reuse.step.{s}')} {fmt_number(int(steps[s]))}" for s in STEPS if s in steps
            )
        scope = t(
            "scope.devices",
            scope=data.entity or t("app.scope_all"),
            devices=fmt_number(data.devices),
        )
        # No exit in progress, no candidate: no count by step or route, and no « · » before it.
        summary = " · ".join(part for part in (scope, text, detail) if part)
        self.query_one("#reuse-summary", Static).update(summary)
        counted = data.counts.loc[(data.counts["reason"] != "total") & (data.counts["devices"] > 0)]
        reasons = " · ".join(
            f"{label} {fmt_number(int(n))}"
            for label, n in zip(counted["label"], counted["devices"], strict=True)
        )
        # « Motifs : » followed by nothing says nothing: no line without a candidate.
        self.query_one("#reuse-reasons", Static).update(
            t("reuse.reasons", reasons=reasons) if reasons else ""
        )
        rate = data.rate
        self.query_one("#reuse-rate", Static).update(
            t(
                "reuse.rate",
                year=rate.year,
                rate=fmt_percent(None if rate.rate_pct is None else rate.rate_pct / 100, 1),
                reused=fmt_number(rate.reused),
                stock=fmt_number(rate.retired_stock),
                target=fmt_percent(None if rate.target_pct is None else rate.target_pct / 100),
            )
        )

    # -- marking ----------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        row = self.query_one("#reuse-table", FrameTable).cursor_row
        if not 0 <= row < len(self.shown):
            return
        index = self.shown[row]
        self.marked.symmetric_difference_update({index})
        self.refilter()
        self.query_one("#reuse-table", FrameTable).move_cursor(
            row=min(row + 1, len(self.shown) - 1)
        )

    def action_toggle_all(self) -> None:
        shown = set(self.shown)
        if shown <= self.marked:
            self.marked -= shown
        else:
            self.marked |= shown
        self.refilter()

    def action_switch_view(self) -> None:
        other = EXITS if self.view == CANDIDATES else CANDIDATES
        self.query_one("#reuse-view", Select).value = other

    def action_refresh(self) -> None:
        self.load()

    def _selection(self, view: str) -> pd.DataFrame | None:
        """The marked rows of ``view``, else the row under the cursor; None (and a
        word to the user) when there is none or the other view is shown."""
        if self.data is None:
            return None
        if self.view != view:
            self.notify(t("reuse.wrong_view", view=t(f"reuse.view.{view}")), severity="warning")
            return None
        frame = self.data.routes if view == CANDIDATES else self.data.exits
        chosen = sorted(self.marked)
        if not chosen:
            row = self.query_one("#reuse-table", FrameTable).cursor_row
            chosen = [self.shown[row]] if 0 <= row < len(self.shown) else []
        if not chosen:
            self.notify(t("reuse.none_marked"), severity="warning")
            return None
        return frame.loc[chosen]

    def _device_ids(self, rows: pd.DataFrame) -> list[int]:
        return [int(d) for d in rows["device_id"]]

    # -- the steps --------------------------------------------------------------------

    def action_assign(self) -> None:
        rows = self._selection(CANDIDATES)
        if rows is None:
            return

        def answered(answer: Assignment | None) -> None:
            if answer is not None:
                self._assign_worker(rows, answer)

        self.app.push_screen(AssignDialog(rows), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _assign_worker(self, rows: pd.DataFrame, answer: Assignment) -> None:
        ctx = self.ctx
        with ctx.uow() as uow:
            done = assign_selection(
                uow, rows, ctx.settings.actor, ctx.today, route=answer.route, reason=answer.reason
            )
        ctx.reload()
        self.post_message(self.Done(t("reuse.assigned", rows=done)))

    def action_erase(self) -> None:
        rows = self._selection(EXITS)
        if rows is None:
            return
        storage = int(rows["has_storage"].sum())

        def answered(answer: Erasure | None) -> None:
            if answer is not None:
                self._erase_worker(self._device_ids(rows), answer)

        self.app.push_screen(EraseDialog(storage, len(rows) - storage), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _erase_worker(self, devices: list[int], answer: Erasure) -> None:
        ctx = self.ctx
        with ctx.uow() as uow:
            done = erase_selection(
                uow, devices, answer.method, answer.certificate, ctx.settings.actor
            )
        text = t(
            "reuse.erased", with_storage=len(done.with_storage), without=len(done.without_storage)
        )
        self.post_message(self.Done(text))

    def action_handover(self) -> None:
        rows = self._selection(EXITS)
        if rows is None:
            return

        def answered(folder: Path | None) -> None:
            if folder is not None:
                self._handover_worker(self._device_ids(rows), folder)

        self.app.push_screen(HandoverDialog(len(rows)), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _handover_worker(self, devices: list[int], folder: Path) -> None:
        ctx = self.ctx
        with ctx.uow() as uow:
            slips = hand_over_selection(
                uow, devices, folder, ctx.settings.actor, language(), on=ctx.today
            )
        ctx.reload()
        files = ", ".join(str(s.path) for s in slips)
        self.post_message(self.Done(t("reuse.handover.done", devices=len(devices), files=files)))

    def action_proof(self) -> None:
        rows = self._selection(EXITS)
        if rows is None:
            return

        def answered(reference: str | None) -> None:
            if reference is not None:
                self._proof_worker(self._device_ids(rows), reference)

        self.app.push_screen(ProofDialog(len(rows)), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _proof_worker(self, devices: list[int], reference: str) -> None:
        ctx = self.ctx
        with ctx.uow() as uow:
            done = record_proofs(uow, devices, reference, ctx.settings.actor)
        self.post_message(self.Done(t("reuse.proved", rows=len(done))))

    def action_needs(self) -> None:
        if self.data is None:
            return
        matches = redeployments(self.data.routes)
        if matches.empty:
            self.notify(t("reuse.needs.none"))
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                self._needs_worker(matches)

        self.app.push_screen(NeedsDialog(matches), confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _needs_worker(self, matches: pd.DataFrame) -> None:
        with self.ctx.uow() as uow:
            done = apply_redeployments(uow, matches, self.ctx.settings.actor)
        self.ctx.reload()
        self.post_message(self.Done(t("reuse.needs.applied", rows=done)))

    def on_reuse_screen_done(self, message: Done) -> None:
        self.notify(message.text, timeout=6)
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and str(event.worker.group).startswith("reuse"):
            error = event.worker.error or RuntimeError("?")
            self.report_error(str(error) if isinstance(error, ServiceError) else error)
