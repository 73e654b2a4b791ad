"""Import wizard: file, sheet and entity → column mapping → check (dry run) → import.

The owner of the rows is the file's entity column, an entity chosen in the list,
or a new entity named by the user: « nouvelle entité… » creates it with the
import (the check says it will be created; nothing is written before « Importer »).
Other screens see it as soon as they are shown again.

Reading, checking and committing run in thread workers through
``fleet.importing``; the commit reports its progress to a ProgressBar. Nothing
is written before « Importer », and a file the importer cannot read is reported
as a message, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState

from factors.text import is_missing
from fleet.importing import (
    FIELDS,
    ColumnSuggestion,
    ImportResult,
    RawTable,
    read_table,
    suggest_mapping,
)
from footprint.labels import value_label
from services.errors import ServiceError
from services.imports import import_file, save_mapping_profile

from ..i18n import MESSAGES, category_label, fmt_number, language, said, t
from ..widgets.fitting_input import FittingInput
from ..widgets.frame_table import FrameTable
from ..widgets.path_suggester import PathSuggester
from .base import EcoScreen

FROM_FILE = "__file__"
#: The entity choice that creates the entity named in the field beside it.
NEW_ENTITY = "__new__"
IGNORE = "__ignore__"
#: Raw rows shown before the check.
RAW_PREVIEW_ROWS = 50
#: Errors the importer raises for a file or an option it refuses.
REFUSED = (ServiceError, OSError, ValueError)


def field_label(name: str) -> str:
    key = f"field.{name}"
    return t(key) if key in MESSAGES[language()] else FIELDS[name].label


class ImportScreen(EcoScreen):
    TITLE_KEY = "screen.import"
    AUTO_FOCUS = "#imp-file"
    BINDINGS = [
        Binding("ctrl+r", "read", "imp.load"),
        Binding("ctrl+t", "check", "imp.check"),
        Binding("ctrl+g", "commit", "imp.commit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.table: RawTable | None = None
        self.suggestions: list[ColumnSuggestion] = []
        #: column → field name, or "" to ignore the column (what the user settled on).
        self.mapping: dict[str, str] = {}
        self.result: ImportResult | None = None
        #: The check kept while the screen is composed again in another language.
        self._kept_result: ImportResult | None = None

    # -- layout ---------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="imp-source"):
            yield FittingInput(
                t("imp.file"), t("imp.file_short"), suggester=PathSuggester(), id="imp-file"
            )
            # « Lire » beside « Fichier à importer » (« Lire le fichier » in the key bar):
            # the row holds the profile's field and button too, down to 80 columns.
            yield Button(t("imp.read_button"), id="imp-read")
            # The mapping's profile is saved from the file's row: the options row
            # below is full at 100 columns (sheet, entity, new entity's name).
            yield FittingInput(t("imp.profile_name"), t("imp.profile_short"), id="imp-profile")
            yield Button(t("imp.save_profile"), id="imp-save")
        with Horizontal(id="imp-options", classes="filters"):
            yield Label(t("imp.sheet"))
            yield Select([], prompt="—", id="imp-sheet")
            yield Label(t("imp.entity"))
            yield Select(
                [*self._entity_first(), *((n, n) for n in self.ctx.entity_names())],
                value=FROM_FILE,
                allow_blank=False,
                id="imp-entity",
            )
            yield FittingInput(
                t("imp.new_entity_name"), t("imp.new_entity_short"), id="imp-new-entity"
            )
        with Horizontal(id="imp-body"):
            with Vertical(id="imp-left"):
                yield Static(t("imp.step.mapping"), classes="section-title")
                yield FrameTable(labels=self._mapping_labels(), id="imp-mapping")
                yield Static(t("imp.edit_mapping"), classes="hint")
            with TabbedContent(id="imp-right"):
                with TabPane(t("imp.step.preview"), id="imp-tab-preview"):
                    yield FrameTable(id="imp-preview")
                with TabPane(t("imp.step.summary"), id="imp-tab-summary"):
                    yield Static("", id="imp-summary", markup=False)
                with TabPane(t("imp.step.rejects"), id="imp-tab-rejects"):
                    yield FrameTable(labels=self._reject_labels(), id="imp-rejects")
        with Horizontal(id="imp-actions"):
            yield Button(t("imp.check"), id="imp-check", disabled=True)
            yield Button(t("imp.commit"), variant="primary", id="imp-commit", disabled=True)
            yield ProgressBar(total=1, id="imp-progress", show_eta=False)
            yield Static("", id="imp-stage", markup=False)

    @staticmethod
    def _entity_first() -> list[tuple[str, str]]:
        return [(t("imp.entity_from_file"), FROM_FILE), (t("imp.entity_new"), NEW_ENTITY)]

    def entities_changed(self) -> None:
        self.reset_entity_choices("#imp-entity", self._entity_first())

    @on(Select.Changed, "#imp-entity")
    def _entity_choice(self) -> None:
        """The new entity's name field shows only when a new entity is chosen."""
        new = self.query_one("#imp-entity", Select).value == NEW_ENTITY
        field = self.query_one("#imp-new-entity", Input)
        field.display = new
        if new:
            field.focus()
        self._forget_check()

    @on(Input.Changed, "#imp-new-entity")
    def _forget_check(self) -> None:
        """A check made for another owner does not allow an import."""
        if self.result is not None and not self.result.committed:
            self.result = None
            self.query_one("#imp-commit", Button).disabled = True

    @staticmethod
    def _mapping_labels() -> list[str]:
        return [t("imp.col.column"), t("imp.col.field"), t("imp.col.score"), t("imp.col.sample")]

    @staticmethod
    def _reject_labels() -> list[str]:
        return [t("imp.col.row"), t("imp.col.column"), t("imp.col.value"), t("imp.col.reason")]

    async def relabel(self) -> None:
        """The file read and its check survive a change of language: the new lists say
        their first « changed » with their default values before the person's choices
        go back (EcoScreen.relabel), which is no new owner and must not forget the
        check (_forget_check); :meth:`populate` takes it back."""
        self._kept_result = self.result
        await super().relabel()

    def populate(self) -> None:
        if self._kept_result is not None:
            self.result, self._kept_result = self._kept_result, None
        self.query_one("#imp-new-entity", Input).display = (
            self.query_one("#imp-entity", Select).value == NEW_ENTITY
        )
        if self.table is not None:
            self._show_sheets(self.table)
            self._show_mapping()
            self._show_raw_preview()
        if self.result is not None:
            self._show_result(self.result)
        self.query_one("#imp-check", Button).disabled = self.table is None
        self.query_one("#imp-commit", Button).disabled = not self._may_commit()

    def _may_commit(self) -> bool:
        """A check found rows to import, and they are not imported yet."""
        return self.result is not None and not self.result.committed and self.result.imported > 0

    def _show_sheets(self, table: RawTable) -> None:
        sheet = self.query_one("#imp-sheet", Select)
        with self.prevent(Select.Changed):
            sheet.set_options([(s, s) for s in table.sheets])
            if table.sheet:
                sheet.value = table.sheet

    # -- reading ----------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        text = self.query_one("#imp-file", Input).value.strip()
        return Path(text).expanduser() if text else None

    def _sheet(self) -> str | None:
        value = self.query_one("#imp-sheet", Select).value
        return value if isinstance(value, str) else None

    def _entity(self) -> str | None:
        value = self.query_one("#imp-entity", Select).value
        if value == NEW_ENTITY:
            return self.query_one("#imp-new-entity", Input).value.strip() or None
        return None if value in (FROM_FILE, Select.BLANK) else str(value)

    def _creates_entity(self) -> bool:
        return self.query_one("#imp-entity", Select).value == NEW_ENTITY

    @on(Input.Submitted, "#imp-file")
    @on(Button.Pressed, "#imp-read")
    def action_read(self) -> None:
        path = self.path
        if path is None:
            self.report_error(t("imp.no_file"))
            return
        self._read(path, None)

    @on(Select.Changed, "#imp-sheet")
    def _sheet_changed(self, event: Select.Changed) -> None:
        if (
            self.table is not None
            and isinstance(event.value, str)
            and event.value != self.table.sheet
        ):
            self._read(self.table.path, event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-read")
    def _read(self, path: Path, sheet: str | None) -> None:
        table = read_table(path, sheet)
        suggestions = suggest_mapping(table.columns)
        self.from_worker(self._table_read, table, suggestions)

    def _table_read(self, table: RawTable, suggestions: list[ColumnSuggestion]) -> None:
        self.table = table
        self.suggestions = suggestions
        self.mapping = {s.column: s.field or "" for s in suggestions}
        self.result = None
        self._show_sheets(table)
        self._show_mapping()
        self._show_raw_preview()
        self.query_one("#imp-summary", Static).update(
            t(
                "imp.read",
                rows=fmt_number(len(table.frame)),
                columns=len(table.columns),
                file=table.path.name,
            )
        )
        self.query_one("#imp-rejects", FrameTable).show_frame(
            pd.DataFrame(columns=["row", "column", "value", "reason"]), self._reject_labels()
        )
        self.query_one("#imp-check", Button).disabled = False
        self.query_one("#imp-commit", Button).disabled = True
        entity = self.query_one("#imp-entity", Select)
        if self._entity_missing() and self.ctx.entity in self.ctx.entity_names():
            # The file names no owner: the entity the user is looking at is the likely one.
            self.reset_entity_choices("#imp-entity", self._entity_first())
            entity.value = self.ctx.entity
        self.query_one("#imp-mapping", FrameTable).focus()

    def _show_mapping(self) -> None:
        if self.table is None:
            return
        frame = self.table.frame
        scores = {s.column: s.score for s in self.suggestions}
        rows = []
        for column in self.table.columns:
            field = self.mapping.get(column, "")
            values = frame[column].dropna().astype("str")
            values = values[values.str.strip() != ""]
            rows.append(
                {
                    "column": column,
                    "field": field_label(field) if field else t("imp.ignore"),
                    "score": fmt_number(scores.get(column, 0.0), 2) if field else "",
                    "sample": values.iloc[0][:30] if len(values) else "",
                }
            )
        table = self.query_one("#imp-mapping", FrameTable)
        cursor = table.cursor_row
        table.show_frame(pd.DataFrame(rows), self._mapping_labels())
        if 0 < cursor < len(rows):
            table.move_cursor(row=cursor)

    def _show_raw_preview(self) -> None:
        if self.table is None:
            return
        head = self.table.frame.head(RAW_PREVIEW_ROWS)
        self.query_one("#imp-preview", FrameTable).show_frame(head, [str(c) for c in head.columns])

    @on(FrameTable.RowSelected, "#imp-mapping")
    def _edit_mapping(self, event: FrameTable.RowSelected) -> None:
        from ..dialogs.choice import ChoiceDialog

        if self.table is None or not 0 <= event.cursor_row < len(self.table.columns):
            return
        column = self.table.columns[event.cursor_row]
        current = self.mapping.get(column) or IGNORE

        def options() -> list[tuple[str, str]]:
            return [(t("imp.ignore"), IGNORE), *((field_label(f), f) for f in FIELDS)]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            field = "" if value == IGNORE else value
            if field:  # a field feeds one column: the column that had it loses it
                for other, name in self.mapping.items():
                    if name == field and other != column:
                        self.mapping[other] = ""
            self.mapping[column] = field
            self.result = None
            self.query_one("#imp-commit", Button).disabled = True
            self._show_mapping()

        self.app.push_screen(
            ChoiceDialog(lambda: t("imp.choose_field", column=column), options, current), chosen
        )

    # -- check and commit --------------------------------------------------------------

    def _import_args(self) -> dict[str, Any]:
        assert self.table is not None
        return {
            "entity": self._entity(),
            "create_entities": self._creates_entity(),
            "sheet": self.table.sheet,
            "mapping": dict(self.mapping),
            "actor": self.ctx.settings.actor,
            "today": self.ctx.today,
        }

    def _entity_missing(self) -> bool:
        """No owner for any row: no column feeds the entity and none is chosen.

        The import would reject every row for it; saying so up front spares the
        user a check that shows hundreds of identical rejections.
        """
        return self._entity() is None and "entity" not in self.mapping.values()

    @on(Button.Pressed, "#imp-check")
    def action_check(self) -> None:
        if self.table is None:
            self.report_error(t("imp.no_file"))
            return
        if self._creates_entity() and self._entity() is None:
            self.report_error(t("imp.new_entity_needed"))
            self.query_one("#imp-new-entity", Input).focus()
            return
        if self._entity_missing():
            self.report_error(t("imp.entity_needed"))
            self.query_one("#imp-entity", Select).focus()
            return
        self._stage(t("common.loading"))
        self._check(self.table.path, self._import_args())

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-check")
    def _check(self, path: Path, args: dict[str, Any]) -> None:
        with self.ctx.uow() as uow:
            result = import_file(uow, path, dry_run=True, **args)
        self.from_worker(self._checked, result)

    def _checked(self, result: ImportResult) -> None:
        self.result = result
        self._stage("")
        self._show_result(result)
        self.query_one("#imp-commit", Button).disabled = not self._may_commit()
        self.query_one("#imp-right", TabbedContent).active = "imp-tab-summary"

    def _show_result(self, result: ImportResult) -> None:
        counts = {
            "rows": fmt_number(result.rows),
            "created": fmt_number(result.created),
            "updated": fmt_number(result.updated),
            "unchanged": fmt_number(result.unchanged),
            "rejected": fmt_number(result.rejected),
        }
        lines = [t("imp.done" if result.committed else "imp.summary", **counts)]
        if result.same_as is not None:
            lines.append(t("imp.same", batch=result.same_as))
        if result.conflicts:
            lines.append(t("imp.conflicts", count=fmt_number(len(result.conflicts))))
        if result.held:
            lines.append(t("imp.held", count=fmt_number(result.held)))
        if result.unmapped_columns:
            lines.append(t("imp.unmapped", columns=", ".join(result.unmapped_columns)))
        if result.new_entities:
            lines.append(t("imp.new_entities", names=", ".join(result.new_entities)))
        if result.new_sites:
            lines.append(t("imp.new_sites", names=", ".join(result.new_sites)))
        self.query_one("#imp-summary", Static).update("\n".join(lines))
        self.query_one("#imp-preview", FrameTable).show_frame(
            preview_frame(result), [t(f"imp.prev.{c}") for c in PREVIEW_COLUMNS]
        )
        rejects = pd.DataFrame(
            [
                {"row": str(r.row), "column": r.column, "value": r.value or "", "reason": r.reason}
                for r in result.rejections
            ],
            columns=["row", "column", "value", "reason"],
        )
        self.query_one("#imp-rejects", FrameTable).show_frame(rejects, self._reject_labels())

    @on(Button.Pressed, "#imp-commit")
    def action_commit(self) -> None:
        if self.table is None or self.result is None:
            self.report_error(t("imp.check_first"))
            return
        self.query_one("#imp-commit", Button).disabled = True
        self.query_one("#imp-check", Button).disabled = True
        self._commit(self.table.path, self._import_args())

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-commit")
    def _commit(self, path: Path, args: dict[str, Any]) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.from_worker(self._progress, stage, done, total)

        with self.ctx.uow() as uow:
            result = import_file(uow, path, progress=progress, **args)
        self.ctx.reload()
        self.from_worker(self._committed, result)

    def _progress(self, stage: str, done: int, total: int) -> None:
        bar = self.query_one("#imp-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self._stage(t("imp.stage", stage=t(f"imp.stage.{stage}"), done=done, total=total))

    def _stage(self, text: str) -> None:
        self.query_one("#imp-stage", Static).update(text)

    def _committed(self, result: ImportResult) -> None:
        self.result = result
        self.catch_up()  # an entity the import created is offered at once
        bar = self.query_one("#imp-progress", ProgressBar)
        bar.update(total=1, progress=1)
        self._stage("")
        self._show_result(result)
        self.query_one("#imp-check", Button).disabled = False
        self.notify(
            t(
                "imp.done",
                rows=result.rows,
                created=fmt_number(result.created),
                updated=fmt_number(result.updated),
                unchanged=fmt_number(result.unchanged),
                rejected=fmt_number(result.rejected),
            ),
            timeout=6,
        )

    @on(Button.Pressed, "#imp-save")
    def _save_profile(self) -> None:
        name = self.query_one("#imp-profile", Input).value.strip()
        if not name:
            self.report_error(t("imp.profile_needs_name"))
            return
        if self.table is None:
            self.report_error(t("imp.no_file"))
            return
        try:
            with self.ctx.uow() as uow:
                save_mapping_profile(uow, name, dict(self.mapping), self.table.sheet)
        except REFUSED as error:
            self.report_error(error)
            return
        self.notify(t("imp.profile_saved", name=name), timeout=3)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or not str(event.worker.group).startswith("import"):
            return
        self._stage("")
        self.query_one("#imp-check", Button).disabled = self.table is None
        self.report_error(event.worker.error or RuntimeError("?"))


PREVIEW_COLUMNS: tuple[str, ...] = (
    "action",
    "row",
    "name",
    "asset_tag",
    "serial",
    "category",
    "manufacturer",
    "model",
    "quantity",
)


def preview_frame(result: ImportResult) -> pd.DataFrame:
    """The dry-run diff as rows: what each created row will hold, what each update
    changes, the values ecoparc keeps over the file's and the rows left alone for a
    conflict (their reason), in the interface's language (docs/import.md, « Réimporter
    un fichier »)."""
    rows = []
    for item in result.preview:
        action = item["action"]
        row = dict.fromkeys(PREVIEW_COLUMNS, "")
        row.update(action=t(f"imp.action.{action}"), row=str(item["row"]))
        if action == "create":
            values = item["values"]
            for column in PREVIEW_COLUMNS[2:]:
                value = values.get(column)
                if column == "category" and value:
                    value = category_label(value)
                row[column] = "" if value is None else str(value)
        elif action == "conflict":
            row["name"] = t("imp.conflict", device=item["device_id"], reason=said(item["reason"]))
        else:
            row["name"] = "; ".join(
                _change_text(action, column, before, after)
                for column, (before, after) in item["changes"].items()
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(PREVIEW_COLUMNS))


#: Device columns of the diff named after another import field.
_COLUMN_FIELDS = {"user_key": "user"}


def _change_text(action: str, column: str, before: Any, after: Any) -> str:
    """One changed column of an update (« Statut : en service → en stock ») or of a row
    whose value ecoparc keeps, with the field's label and the values worded."""
    name = _COLUMN_FIELDS.get(column, column)
    field = field_label(name) if name in FIELDS else column

    def worded(value: Any) -> str:
        if is_missing(value):
            return ""
        text = str(value_label(column, value, language()))
        # A site is named by the use case (services.imports): « nouveau site » is French.
        return said(text) if column == "site" else text

    if action == "held":
        return t("imp.held_value", field=field, kept=worded(before), file=worded(after))
    return t("imp.changed_value", field=field, before=worded(before), after=worded(after))
