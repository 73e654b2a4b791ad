"""Domain charts on textual-plotext: each takes an aggregate (a few rows), never devices."""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual_plotext import Plot, PlotextPlot

from ..i18n import fmt_number

#: Lines of a bar chart that are not bars: the frame's top, the axis, its labels.
AXIS_ROWS = 3
#: At most this many intervals on a value axis.
TICKS = 4


def value_ticks(top: float) -> tuple[list[float], list[str]]:
    """Round ticks from 0 up to (not on) ``top``, labelled in the language's number format.

    plotext's own labels use a decimal point whatever the language. Round steps
    (1, 2, 2.5, 5 × 10ⁿ) read better than fifths of the maximum, and a tick
    kept off the axis end is not dropped or kept at plotext's rounding whim.
    """
    top = top if top > 0 else 1.0
    raw = top / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.floor(top / step * (1 - 1e-9)) + 1
    values = [i * step for i in range(count)]
    decimals = 0  # as many as the step needs: 2,5 needs one, 0,25 two
    while not float(round(step * 10**decimals, 9)).is_integer():
        decimals += 1
    return values, [fmt_number(v, decimals) for v in values]


class _Chart(PlotextPlot):
    """A titled chart redrawn from its stored data on mount and on each :meth:`_update`.

    Subclasses store their data, call :meth:`_update` and draw it in :meth:`draw`.
    """

    def __init__(self, title: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._title = title

    def on_mount(self) -> None:
        super().on_mount()
        self.replot()

    def _update(self, title: str | None) -> None:
        """Redraw with the data just stored (and a new title, when given)."""
        if title is not None:
            self._title = title
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = self._title
        self.draw(plt)
        self.refresh()

    def draw(self, plt: Plot) -> None:
        """Plot the stored data on the cleared figure (nothing for a bare chart)."""


class BarChart(_Chart):
    """Horizontal bars, one per group (category, entity…), largest on top."""

    def __init__(self, title: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(title, id=id)
        self._labels: list[str] = []
        self._values: list[float] = []
        self._other = "…"

    def show(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        title: str | None = None,
        *,
        other: str = "…",
    ) -> None:
        """Bars largest first; ``other`` names the sum of those the height cannot show."""
        self._labels = list(labels)
        self._values = [float(v) for v in values]
        self._other = other
        self._update(title)

    def on_resize(self) -> None:
        self.replot()

    def _fitted(self) -> tuple[list[str], list[float]]:
        """The bars that fit the height, the rest summed under ``other``.

        plotext, short of lines, drops labels but not bars: a small terminal
        then shows a label beside another group's bar.
        """
        rows = self.content_size.height - AXIS_ROWS
        if rows <= 0 or len(self._labels) <= rows:
            return self._labels, self._values
        keep = max(rows - 1, 0)
        rest = sum(self._values[keep:])
        return [*self._labels[:keep], self._other], [*self._values[:keep], rest]

    def draw(self, plt: Plot) -> None:
        # One text line per bar, and thin bars: plotext otherwise lets a bar bleed
        # into its neighbour's line, which shows wrong lengths.
        self.styles.max_height = len(self._labels) + AXIS_ROWS + 2 if self._labels else None
        labels, values = self._fitted()
        if labels:
            # plotext draws the first bar at the bottom: reverse to put the largest on top
            plt.bar(labels[::-1], values[::-1], orientation="horizontal", width=0.3)
            top = max(values)
            plt.xlim(0, top)
            plt.xticks(*value_ticks(top))


class LineChart(_Chart):
    """A value per year."""

    def __init__(self, title: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(title, id=id)
        self._x: list[int] = []
        self._y: list[float] = []

    def show(self, x: Sequence[int], y: Sequence[float], title: str | None = None) -> None:
        self._x = [int(v) for v in x]
        self._y = [float(v) for v in y]
        self._update(title)

    def draw(self, plt: Plot) -> None:
        if self._x:
            plt.plot(self._x, self._y, marker="braille")
            plt.scatter(self._x, self._y, marker="dot")
            plt.xticks([float(v) for v in self._x], [str(v) for v in self._x])
            top = max(self._y) * 1.15 if max(self._y) > 0 else 1.0
            plt.ylim(0, top)
            plt.yticks(*value_ticks(top))
