"""Reuse: the devices leaving service, their route and reason; assign, match, hand over.

The candidates come from :func:`services.reuse.workspace_routes` on the app's
cached fleet (the same use cases as ``ecoparc reuse flag``). The user marks rows (space,
or ``t`` for every row shown) and assigns them to their proposed route (``a``);
``n`` shows who gets what from the open needs and applies it; ``h`` writes the
hand-over slip of a recipient, refused while a device has no erasure record.
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

from factors.vocabulary import DISPOSAL_CHANNELS
from services.errors import ServiceError
from services.reuse import (
    apply_redeployments,
    assign_routes,
    pending_recipients,
    redeployments,
    workspace_routes,
    write_handover,
)

from ..i18n import category_label, fmt_number, language, register_messages, t, term
from ..widgets.frame_table import FrameTable
from .base import EcoModal, EcoScreen

ALL = "__all__"
MARK = "✓"

register_messages(
    {
        "screen.reuse": "Réemploi",
        "reuse.route": "Voie",
        "reuse.all": "Toutes",
        "reuse.key.toggle": "Cocher",
        "reuse.key.toggle_all": "Tout cocher",
        "reuse.key.assign": "Orienter",
        "reuse.key.needs": "Besoins",
        "reuse.key.handover": "Bordereau",
        "reuse.key.refresh": "Actualiser",
        "reuse.loading": "Calcul des candidats…",
        "reuse.summary": "{count} candidat(s) · {units} unité(s) · {marked} coché(s) · {routes}",
        "reuse.none_marked": "Cochez au moins une ligne (espace).",
        "reuse.assign.title": "Orienter {rows} ligne(s) ({units} unité(s)) vers leur voie ?",
        "reuse.assigned": "{rows} ligne(s) orientée(s) ; effacement puis remise à suivre.",
        "reuse.needs.title": "Besoins ouverts : qui reçoit quoi",
        "reuse.needs.none": "Aucun besoin ouvert ne trouve d'appareil.",
        "reuse.needs.apply": "Appliquer",
        "reuse.needs.applied": "{rows} redéploiement(s) interne(s) orienté(s).",
        "reuse.handover.title": "Bordereau de remise",
        "reuse.handover.recipient": "Destinataire",
        "reuse.handover.output": "Fichier",
        "reuse.handover.none": "Aucune remise en attente.",
        "reuse.handover.written": "Bordereau écrit : {path} ({rows} ligne(s))",
        "reuse.col.mark": "✓",
        "reuse.col.device_id": "N°",
        "reuse.col.entity": "Entité",
        "reuse.col.category": "Catégorie",
        "reuse.col.quantity": "Qté",
        "reuse.col.route": "Voie",
        "reuse.col.partner": "Destinataire",
        "reuse.col.reason": "Raison",
        "reuse.col.need_id": "Besoin",
        "reuse.col.to_entity": "Entité qui reçoit",
    },
    {
        "screen.reuse": "Reuse",
        "reuse.route": "Route",
        "reuse.all": "All",
        "reuse.key.toggle": "Mark",
        "reuse.key.toggle_all": "Mark all",
        "reuse.key.assign": "Assign",
        "reuse.key.needs": "Needs",
        "reuse.key.handover": "Hand-over slip",
        "reuse.key.refresh": "Refresh",
        "reuse.loading": "Computing candidates…",
        "reuse.summary": "{count} candidate(s) · {units} unit(s) · {marked} marked · {routes}",
        "reuse.none_marked": "Mark at least one row (space).",
        "reuse.assign.title": "Assign {rows} row(s) ({units} unit(s)) to their route?",
        "reuse.assigned": "{rows} row(s) assigned; erasure and hand-over to follow.",
        "reuse.needs.title": "Open needs: who gets what",
        "reuse.needs.none": "No open need finds a device.",
        "reuse.needs.apply": "Apply",
        "reuse.needs.applied": "{rows} internal redeployment(s) assigned.",
        "reuse.handover.title": "Hand-over slip",
        "reuse.handover.recipient": "Recipient",
        "reuse.handover.output": "File",
        "reuse.handover.none": "No hand-over pending.",
        "reuse.handover.written": "Slip written: {path} ({rows} row(s))",
        "reuse.col.mark": "✓",
        "reuse.col.device_id": "No.",
        "reuse.col.entity": "Entity",
        "reuse.col.category": "Category",
        "reuse.col.quantity": "Qty",
        "reuse.col.route": "Route",
        "reuse.col.partner": "Recipient",
        "reuse.col.reason": "Reason",
        "reuse.col.need_id": "Need",
        "reuse.col.to_entity": "Receiving entity",
    },
)

TABLE_COLUMNS = (
    "mark",
    "device_id",
    "entity",
    "category",
    "quantity",
    "route",
    "partner",
    "reason",
)
MATCH_COLUMNS = ("need_id", "to_entity", "device_id", "entity", "category", "quantity")


def route_label(code: str) -> str:
    return term("channel", code)


class _Confirm(EcoModal):
    """A question, an optional table, OK / Cancel."""

    def __init__(
        self,
        title: str,
        table: pd.DataFrame | None = None,
        labels: list[str] | None = None,
        ok: str | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._table = table
        self._labels = labels
        self._ok = ok or t("common.ok")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reuse-dialog"):
            yield Label(self._title, classes="dialog-title")
            if self._table is not None:
                yield FrameTable(self._table, self._labels, id="reuse-dialog-table")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.cancel"), id="cancel")
                yield Button(self._ok, variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _no(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class HandoverRequest:
    recipient: str
    output: Path


class HandoverDialog(EcoModal):
    def __init__(self, recipients: list[str], today: str) -> None:
        super().__init__()
        self.recipients = recipients
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("reuse.handover.title"), classes="dialog-title")
            yield Label(t("reuse.handover.recipient"))
            yield Select(
                [(r, r) for r in self.recipients],
                value=self.recipients[0],
                allow_blank=False,
                id="recipient",
            )
            yield Label(t("reuse.handover.output"))
            yield Input(self._default(self.recipients[0]), id="output")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("common.cancel"), id="cancel")
                yield Button(t("common.ok"), variant="primary", id="ok")

    def _default(self, recipient: str) -> str:
        safe = "".join(c if c.isalnum() else "-" for c in recipient).strip("-")
        return f"bordereau-{safe}-{self.today}.xlsx"

    @on(Select.Changed, "#recipient")
    def _recipient_changed(self, event: Select.Changed) -> None:
        self.query_one("#output", Input).value = self._default(str(event.value))

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def _ok(self) -> None:
        text = self.query_one("#output", Input).value.strip()
        if text:
            recipient = str(self.query_one("#recipient", Select).value)
            self.dismiss(HandoverRequest(recipient, Path(text).expanduser().resolve()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ReuseScreen(EcoScreen):
    """Candidates to leave service, their route and reason; assign, match, hand over."""

    TITLE_KEY = "screen.reuse"
    BINDINGS = [
        *EcoScreen.BINDINGS,
        Binding("space", "toggle_mark", "reuse.key.toggle"),
        Binding("t", "toggle_all", "reuse.key.toggle_all"),
        Binding("a", "assign", "reuse.key.assign"),
        Binding("n", "needs", "reuse.key.needs"),
        Binding("h", "handover", "reuse.key.handover"),
        Binding("u", "refresh", "reuse.key.refresh"),
    ]
    DEFAULT_CSS = """
    ReuseScreen #reuse-summary { height: 1; padding: 0 1; color: $text-muted; }
    ReuseScreen #reuse-dialog { width: 110; height: 30; }
    """

    class Loaded(Message):
        def __init__(self, routes: pd.DataFrame) -> None:
            super().__init__()
            self.routes = routes

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.routes: pd.DataFrame | None = None
        self.marked: set[int] = set()
        self.shown: list[int] = []

    def compose_body(self) -> ComposeResult:
        routes = [(t("reuse.all"), ALL), *((route_label(c), c) for c in DISPOSAL_CHANNELS)]
        with Horizontal(classes="filters", id="reuse-filters"):
            yield Label(t("reuse.route"))
            yield Select(routes, value=ALL, allow_blank=False, id="reuse-route")
        yield Static(t("reuse.loading"), id="reuse-summary")
        yield FrameTable(id="reuse-table")

    def populate(self) -> None:
        if self.routes is None:
            self.load()
        else:
            self.refilter()

    def scope_changed(self) -> None:
        self.load()

    def load(self) -> None:
        self.query_one("#reuse-summary", Static).update(t("reuse.loading"))
        self._load_worker(self.ctx.entity)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse")
    def _load_worker(self, entity: str | None) -> None:
        self.post_message(self.Loaded(workspace_routes(self.ctx, entity, language())))

    def on_reuse_screen_loaded(self, message: Loaded) -> None:
        self.routes = message.routes
        self.marked.clear()
        self.refilter()
        if not isinstance(self.focused, FrameTable):
            self.query_one("#reuse-table", FrameTable).focus()

    @on(Select.Changed, "#reuse-route")
    def refilter(self) -> None:
        routes = self.routes
        if routes is None:
            return
        wanted = self.query_one("#reuse-route", Select).value
        chosen = routes if wanted == ALL else routes.loc[routes["route"] == wanted]
        self.shown = chosen.index.tolist()
        view = pd.DataFrame(
            {
                "mark": [MARK if i in self.marked else "" for i in self.shown],
                "device_id": chosen["device_id"].astype("str"),
                "entity": chosen["entity"].astype("str"),
                "category": chosen["category"].map(category_label),
                "quantity": chosen["quantity"].astype("str"),
                "route": chosen["route"].map(route_label),
                "partner": chosen["partner"].astype("str").fillna(""),
                "reason": chosen["reason"].astype("str"),
            }
        )
        table = self.query_one("#reuse-table", FrameTable)
        row = table.cursor_row
        table.show_frame(view, [t(f"reuse.col.{c}") for c in TABLE_COLUMNS])
        if 0 < row < len(self.shown):
            table.move_cursor(row=row)
        self._summary()

    def _summary(self) -> None:
        routes = self.routes
        if routes is None:
            return
        counts = routes.groupby("route")["quantity"].sum()
        text = ", ".join(f"{route_label(str(r))} {fmt_number(n)}" for r, n in counts.items())
        self.query_one("#reuse-summary", Static).update(
            t(
                "reuse.summary",
                count=fmt_number(len(routes)),
                units=fmt_number(int(routes["quantity"].sum())),
                marked=len(self.marked),
                routes=text,
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

    def action_refresh(self) -> None:
        self.load()

    # -- actions ----------------------------------------------------------------------

    def action_assign(self) -> None:
        if self.routes is None or not self.marked:
            self.notify(t("reuse.none_marked"), severity="warning")
            return
        rows = self.routes.loc[sorted(self.marked)]
        title = t("reuse.assign.title", rows=len(rows), units=int(rows["quantity"].sum()))

        def confirmed(answer: bool | None) -> None:
            if answer:
                self._assign_worker(rows)

        self.app.push_screen(_Confirm(title), confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _assign_worker(self, rows: pd.DataFrame) -> None:
        with self.ctx.uow() as uow:
            done = assign_routes(uow, rows, self.ctx.settings.actor, self.ctx.today)
        self.ctx.reload()
        self.post_message(self.Done(t("reuse.assigned", rows=done)))

    def action_needs(self) -> None:
        if self.routes is None:
            return
        matches = redeployments(self.routes)
        if matches.empty:
            self.notify(t("reuse.needs.none"))
            return
        view = matches[list(MATCH_COLUMNS)].astype("str")
        view["category"] = matches["category"].map(category_label)
        labels = [t(f"reuse.col.{c}") for c in MATCH_COLUMNS]

        def confirmed(answer: bool | None) -> None:
            if answer:
                self._needs_worker(matches)

        self.app.push_screen(
            _Confirm(t("reuse.needs.title"), view, labels, t("reuse.needs.apply")), confirmed
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _needs_worker(self, matches: pd.DataFrame) -> None:
        with self.ctx.uow() as uow:
            done = apply_redeployments(uow, matches, self.ctx.settings.actor)
        self.ctx.reload()
        self.post_message(self.Done(t("reuse.needs.applied", rows=done)))

    def action_handover(self) -> None:
        with self.ctx.uow() as uow:
            recipients = pending_recipients(uow)
        if not recipients:
            self.notify(t("reuse.handover.none"))
            return

        def chosen(answer: HandoverRequest | None) -> None:
            if answer is not None:
                self._handover_worker(answer)

        self.app.push_screen(HandoverDialog(recipients, self.ctx.today.isoformat()), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reuse-change")
    def _handover_worker(self, request: HandoverRequest) -> None:
        ctx = self.ctx
        with ctx.uow() as uow:
            slip = write_handover(
                uow,
                request.recipient,
                request.output,
                ctx.settings.actor,
                language(),
                issued_on=ctx.today,
            )
        self.post_message(
            self.Done(t("reuse.handover.written", path=request.output, rows=len(slip.lines)))
        )

    def on_reuse_screen_done(self, message: Done) -> None:
        self.notify(message.text, timeout=6)
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and str(event.worker.group).startswith("reuse"):
            error = event.worker.error or RuntimeError("?")
            self.report_error(str(error) if isinstance(error, ServiceError) else error)
