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


class FrameTable(DataTable):
    """A read-only table whose rows are swapped in one call."""

    DEFAULT_CSS = """
    FrameTable { height: 1fr; max-height: 100%; }
    """

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        labels: list[str] | None = None,
        *,
        id: str | None = None,  # noqa: A002 (Textual's name)
        classes: str | None = None,
        cursor_type: str = "row",
    ) -> None:
        frame = frame if frame is not None else pd.DataFrame()
        super().__init__(
            backend=ArrowBackend(to_arrow(frame)),
            column_labels=list(labels) if labels is not None else None,
            id=id,
            classes=classes,
            cursor_type=cursor_type,  # type: ignore[arg-type]
            show_row_labels=False,
            zebra_stripes=True,
            render_markup=False,
            max_column_content_width=26,
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
        frame: pd.DataFrame,
        labels: list[str] | None = None,
        widths: list[int] | None = None,
    ) -> None:
        """Replace every row (and the column labels if given); the cursor goes to the top.

        ``widths`` (content width per column, see :func:`content_widths`) spares
        measuring every cell again, and keeps the columns still while the user
        narrows a search.
        """
        backend = ArrowBackend(to_arrow(frame))
        backend.render_markup = False
        if widths is not None:
            backend._column_content_widths = list(widths)
        self.backend = backend
        if labels is not None:
            self._column_labels = list(labels)
        self._ordered_columns = None
        self._clear_caches()
        self._require_update_dimensions = True
        self._update_count += 1
        self.cursor_coordinate = self.cursor_coordinate.__class__(0, self.cursor_column)
        self.scroll_to(0, 0, animate=False)
        self.refresh()
        self.check_idle()
