"""The annual report's charts: matplotlib figures written as inline SVG.

The report must open without network access and print sharply, so each chart is
an SVG drawn by matplotlib (text kept as text, ``svg.fonttype = none``) and put
inline in the HTML. Each SVG carries ``role="img"`` and an ``aria-label`` that
says the figures it shows (RGAA 1.1, alternative text); its ids are prefixed with
the chart's key so that two charts never share one in a page, and ``svg.hashsalt``
is fixed so that a report is reproducible. See docs/reports.md, « Rapport annuel ».
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from factors.locale import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Colours with at least 4.5:1 contrast on white (RGAA 3.2 for text, kept for marks too).
DARK_BLUE = "#1f4e79"
DARK_ORANGE = "#a04000"
DARK_GREY = "#333333"
#: Width of a chart in inches (fits the A4 text width at 96 dpi with margins).
WIDTH_IN = 7.0

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _figure(height_in: float) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    for spine in axes.spines.values():
        spine.set_color(DARK_GREY)
    axes.tick_params(colors=DARK_GREY, labelsize=9)
    return figure, axes


def _number_axis(axes: Axes, which: str = "y") -> None:
    """Tick labels in French number format (decimal comma, no-break thousands)."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: format_number(value, "fr", digits=4))
    (axes.yaxis if which == "y" else axes.xaxis).set_major_formatter(formatter)


def _svg(figure: Figure, key: str, alt: str) -> str:
    """The figure as an inline ``<svg>`` element named by ``alt``."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "ecoparc"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    opening = _SVG_OPEN.search(text, start)
    assert opening is not None
    tag = opening.group(0)
    # Drop the fixed size in points: CSS scales the chart to the column width.
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    tag = tag.replace("<svg", f'<svg role="img" aria-label="{escape(alt)}" id="chart-{key}"', 1)
    return tag + _prefix_ids(text[opening.end() :], key)


def _prefix_ids(body: str, key: str) -> str:
    """Every id of the SVG (``figure_1``, ``axes_1``, clip paths…) and every reference
    to one, prefixed with the chart's key: ids stay unique when charts share a page."""
    body = re.sub(r'\bid="([^"]+)"', rf'id="{key}-\1"', body)
    body = re.sub(r"url\(#([^)]+)\)", rf"url(#{key}-\1)", body)
    return re.sub(r'href="#([^"]+)"', rf'href="#{key}-\1"', body)


def line_chart(key: str, years: Sequence[int], values: Sequence[float], unit: str, alt: str) -> str:
    """One series over the years (the footprint trend)."""
    figure, axes = _figure(2.3)
    axes.plot(list(years), list(values), color=DARK_BLUE, marker="o", linewidth=2)
    for year, value in zip(years, values, strict=True):
        axes.annotate(
            format_number(value, "fr", digits=4),
            (year, value),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
            color=DARK_GREY,
        )
    axes.set_xticks(list(years), [str(y) for y in years])
    axes.set_ylabel(unit, color=DARK_GREY, fontsize=9)
    axes.set_ylim(bottom=0, top=max([*values, 0.0]) * 1.25 or 1.0)
    _number_axis(axes)
    return _svg(figure, key, alt)


def stacked_bars(
    key: str,
    labels: Sequence[str],
    parts: Sequence[tuple[str, Sequence[float]]],
    unit: str,
    alt: str,
) -> str:
    """Horizontal bars, one per label, each split into named parts (embodied, use)."""
    height = max(1.8, 0.32 * len(labels) + 1.0)
    figure, axes = _figure(height)
    left = [0.0] * len(labels)
    colours = (DARK_BLUE, DARK_ORANGE, DARK_GREY)
    positions = list(range(len(labels)))
    for (name, values), colour in zip(parts, colours, strict=False):
        axes.barh(positions, list(values), left=left, color=colour, label=name, height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, list(labels))
    axes.invert_yaxis()
    axes.set_xlabel(unit, color=DARK_GREY, fontsize=9)
    _number_axis(axes, "x")
    if len(parts) > 1:
        axes.legend(frameon=False, fontsize=8, loc="lower right")
    return _svg(figure, key, alt)


def bars(key: str, labels: Sequence[str], values: Sequence[float], unit: str, alt: str) -> str:
    """Horizontal bars with their value written at the end."""
    return stacked_bars(key, labels, [("", values)], unit, alt)
