"""A table for frames of any size: textual-fastdatatable on an Arrow copy of the rows.

Only the visible rows are rendered, so 100,000 rows paint as fast as 100. The
data is replaced wholesale (:meth:`FrameTable.show_frame`): callers filter and
sort in pandas and hand over a frame of display strings, which is what makes a
keystroke in a search box cheap.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual_fastdatatable import ArrowBackend
from textual_fastdatatable.data_table import DataTable

from fleet.display import printable


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame's columns as Arrow strings (cells show text, never numbers to format).

    pandas keeps ``str`` columns in Arrow already, so this is close to free.
    """
    text = frame.astype("str").fillna("")
    text.columns = [str(c) for c in text.columns]
    return pa.Table.from_pandas(text, preserve_index=False)


def content_widths(frame: pd.DataFrame) -> list[int]:
    """Widest text of each column (in characters), measured once for a whole frame."""
    return [int(frame[c].astype("str").str.len().max()) if len(frame) else 0 for c in frame.columns]


class FrameBackend(ArrowBackend):
    """An Arrow backend whose column widths may be given rather than measured.

    ArrowBackend measures every cell the first time the widths are asked for
    (its public ``column_content_widths``); a screen that narrows a search hands
    over the widths it measured once for the whole frame (:func:`content_widths`),
    which spares the measuring and keeps the columns still."""

    def __init__(
        self, data: pa.Table, labels: list[str] | None, widths: list[int] | None = None
    ) -> None:
        super().__init__(data, column_names=labels)
        self.render_markup = False  # cells are plain text, never Rich markup
        self._given_widths = list(widths) if widths is not None else None

    @property
    def column_content_widths(self) -> list[int]:
        if self._given_widths is not None:
            return self._given_widths
        return list(super().column_content_widths)


class FrameTable(DataTable):
    """A read-only table whose rows are swapped in one call.

    The column labels are the backend's column names (ArrowBackend's public
    ``column_names``), so a new frame brings its labels with it.

    Tab and shift+Tab leave the table for the next or previous widget, as
    everywhere else in the app (the data table moved its cursor cell by cell with
    them, which trapped the keyboard inside it; the arrows move the cursor)."""

    DEFAULT_CSS = """
    FrameTable { height: 1fr; max-height: 100%; }
    """
    BINDINGS = [
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
    ]

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        labels: list[str] | None = None,
        *,
        id: str | None = None,  # noqa: A002 (Textual's name)
        classes: str | None = None,
        cursor_type: str = "row",
        max_width: int = 26,
    ) -> None:
        """``max_width`` caps a column's width (longer cells end in « … »): 26 keeps a
        wide inventory readable; a small table of whole labels asks for more."""
        frame = frame if frame is not None else pd.DataFrame()
        self._labels = list(labels) if labels is not None else None
        super().__init__(
            backend=FrameBackend(to_arrow(frame), self._labels),
            id=id,
            classes=classes,
            cursor_type=cursor_type,  # type: ignore[arg-type]
            show_row_labels=False,
            zebra_stripes=True,
            render_markup=False,
            max_column_content_width=max_width,
        )

    def get_cell_at(self, coordinate: Coordinate) -> Any:
        """A cell as shown: text from the data loses its terminal control sequences
        (docs/database.md); only the cells drawn pay for it."""
        value = super().get_cell_at(coordinate)
        return printable(value) if isinstance(value, str) else value

    def get_row_at(self, row_index: int) -> list[Any]:
        """A row as shown (see :meth:`get_cell_at`)."""
        return [printable(v) if isinstance(v, str) else v for v in super().get_row_at(row_index)]

    def show_frame(
        self,
        frame: pd.DataFrame | pa.Table,
        labels: list[str] | None = None,
        widths: list[int] | None = None,
        keep_position: bool = False,
    ) -> None:
        """Replace every row (and the column labels if given); the cursor goes to the
        top, or stays where it was with ``keep_position`` (the same rows shown again
        with a cell changed: a mark, an edited value).

        ``widths`` (content width per column, see :func:`content_widths`) spares
        measuring every cell again, and keeps the columns still while the user
        narrows a search. An Arrow table (:func:`to_arrow` of a frame, then filtered)
        is shown as it is: a search then never converts a frame again.
        """
        if labels is not None:
            self._labels = list(labels)
        row, scroll = self.cursor_row, self.scroll_offset
        data = frame if isinstance(frame, pa.Table) else to_arrow(frame)
        self._replace_backend(FrameBackend(data, self._labels, widths))
        if keep_position and 0 <= row < data.num_rows:
            self.cursor_coordinate = Coordinate(row, self.cursor_column)
            self.scroll_to(scroll.x, scroll.y, animate=False)
            return
        self.cursor_coordinate = Coordinate(0, self.cursor_column)
        self.scroll_to(0, 0, animate=False)

    def _replace_backend(self, backend: FrameBackend) -> None:
        """The one hook into the table's internals.

        textual-fastdatatable has no public way to replace a table's data
        (``clear()`` raises and says to mount a new table, which would lose the
        focus, the cursor and the screen's bindings). So: set the public
        ``backend``, then forget the two things the table derived from the old
        one — its column list (``_ordered_columns``) and its size
        (``_require_update_dimensions``, recomputed when idle) — and drop the
        render caches through the public ``notify_style_update()``."""
        self.backend = backend
        self._ordered_columns = None
        self._require_update_dimensions = True
        self.notify_style_update()
        self.check_idle()
