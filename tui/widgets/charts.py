"""Domain charts on textual-plotext: each takes an aggregate (a few rows), never devices."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot


class BarChart(PlotextPlot):
    """Horizontal bars, one per group (category, entity…), largest on top."""

    def __init__(self, title: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._title = title
        self._labels: list[str] = []
        self._values: list[float] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.replot()

    def show(
        self, labels: Sequence[str], values: Sequence[float], title: str | None = None
    ) -> None:
        self._labels = list(labels)
        self._values = [float(v) for v in values]
        if title is not None:
            self._title = title
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = self._title
        # One text line per bar, and thin bars: plotext otherwise lets a bar bleed
        # into its neighbour's line, which shows wrong lengths.
        self.styles.max_height = len(self._labels) + 3 + 2 if self._labels else None
        if self._labels:
            # plotext draws the first bar at the bottom: reverse to put the largest on top
            plt.bar(self._labels[::-1], self._values[::-1], orientation="horizontal", width=0.3)
        self.refresh()


class LineChart(PlotextPlot):
    """A value per year."""

    def __init__(self, title: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._title = title
        self._x: list[int] = []
        self._y: list[float] = []

    def on_mount(self) -> None:
        super().on_mount()
        self.replot()

    def show(self, x: Sequence[int], y: Sequence[float], title: str | None = None) -> None:
        self._x = [int(v) for v in x]
        self._y = [float(v) for v in y]
        if title is not None:
            self._title = title
        self.replot()

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.border_title = self._title
        if self._x:
            plt.plot(self._x, self._y, marker="braille")
            plt.scatter(self._x, self._y, marker="dot")
            plt.xticks(self._x, [str(v) for v in self._x])
            plt.ylim(0, max(self._y) * 1.15 if max(self._y) > 0 else 1)
        self.refresh()
