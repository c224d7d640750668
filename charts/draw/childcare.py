"""Charts stage (drawing): the childcare chart (保育所等の定員・受入・待機児童数).

In: a `charts.spec.childcare.ChildcareSpec` and a `Theme`. Out: a matplotlib `Figure`: every bar series
(定員, 受入) as grouped bars on the left axis, the line series (待機児童数) as a labelled line on its own
right axis, both axes from zero. Values are printed as the report writes them (2,371), above each bar and
above each point of the line, which keeps clear of the bars' labels.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from charts.draw.theme import (LABEL_PT, LINE_PT, PAD_PT, SMALL_PT, Theme, axes_rect, frame, new_figure,
                               text_width)
from charts.spec.childcare import ChildcareSpec

GROUP_WIDTH = 0.8
BAR_ROLES = ("tint", "accent")  # one palette role per bar series, in order
MIN_ROOM = 0.2  # the line keeps at least the lower fifth of the height, even when the bars leave less


def _line_top(chart: ChildcareSpec, bar_top: float, axes_h: float) -> float:
    """The top of the line's axis, so that the line and its labels sit below the bars' value labels."""
    label_bottoms = [v / bar_top - (text_width(label, SMALL_PT) + 4) / axes_h
                     for values, labels in zip(chart.bars, chart.bar_labels) for v, label in zip(values, labels)]
    room = min(label_bottoms) - (4 + LABEL_PT * 1.3 + 2) / axes_h  # less the line's own label above a point
    return max(max(chart.line) / max(room, MIN_ROOM), max(chart.line_ticks) * 1.05, 1.0)


def draw(chart: ChildcareSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure: legend under the title, bars on the left axis, line on the right."""
    fig = new_figure(theme)
    width, height = theme.size_pt
    title_h = frame(fig, theme, chart.title, chart.note)
    legend_y = 1 - (PAD_PT + title_h + 2) / height
    top = PAD_PT + title_h + 2 + LABEL_PT * 1.4 + 3 + SMALL_PT * 1.2 + 2
    lines = max(c.count("\n") + 1 for c in chart.categories)
    bottom = PAD_PT + SMALL_PT * 1.2 + 4 + LABEL_PT * 1.2 * lines + 4
    left = PAD_PT + max(text_width(t, SMALL_PT) for t in chart.tick_labels) + 5
    right = PAD_PT + max(text_width(t, SMALL_PT) for t in chart.line_tick_labels) + 5
    ax = fig.add_axes(axes_rect(theme, left, bottom, right, top))
    unit_y = 1 - (top - 2) / height
    fig.text(PAD_PT / width, unit_y, chart.unit_label, ha="left", va="bottom", fontsize=SMALL_PT)
    fig.text(1 - PAD_PT / width, unit_y, chart.unit_label, ha="right", va="bottom", fontsize=SMALL_PT)

    n, k = len(chart.categories), len(chart.bars)
    bar_w = GROUP_WIDTH / k
    handles: list[Patch | Line2D] = []
    for i, (values, labels, name) in enumerate(zip(chart.bars, chart.bar_labels, chart.bar_names)):
        colour = theme[BAR_ROLES[i % len(BAR_ROLES)]]
        xs = [x - GROUP_WIDTH / 2 + bar_w * (i + 0.5) for x in range(n)]
        ax.bar(xs, values, width=bar_w, color=colour, edgecolor=theme["rule"], linewidth=LINE_PT)
        for x, v, label in zip(xs, values, labels):
            # horizontal, above the bar: rotated labels would not read back as text in order
            ax.annotate(label, (x, v), xytext=(0, 1.5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=SMALL_PT * 0.85, color=theme["text"])
        handles.append(Patch(facecolor=colour, edgecolor=theme["rule"], linewidth=LINE_PT, label=name))
    ax.set_xlim(-0.5, n - 0.5)
    bar_top = max(max(chart.ticks), max(max(b) for b in chart.bars), 1.0) * 1.12
    ax.set_ylim(0, bar_top)
    ax.set_yticks(chart.ticks, chart.tick_labels)
    ax.set_xticks(range(n), chart.categories, fontsize=SMALL_PT, linespacing=1.1)
    ax.tick_params(axis="x", length=0, pad=3)

    twin = ax.twinx()
    twin.spines["right"].set_visible(True)
    twin.spines["top"].set_visible(False)
    twin.plot(range(n), chart.line, color=theme["text"], linewidth=1.0, marker="o", markersize=3.2,
              markerfacecolor=theme["paper"], markeredgecolor=theme["text"], markeredgewidth=0.8)
    for x, v, label in zip(range(n), chart.line, chart.line_labels):
        twin.annotate(label, (x, v), xytext=(0, 3.5), textcoords="offset points", ha="center", va="bottom",
                      fontsize=LABEL_PT, fontweight="bold", color=theme["text"],
                      bbox=dict(boxstyle="square,pad=0.1", facecolor=theme["paper"], edgecolor="none"))
    axes_h = height - top - bottom
    line_top = _line_top(chart, bar_top, axes_h)
    twin.set_ylim(0, line_top)
    step_pt = (chart.line_ticks[-1] / max(len(chart.line_ticks) - 1, 1)) / line_top * axes_h
    every = max(1, math.ceil(SMALL_PT * 1.4 / step_pt)) if step_pt > 0 else 1  # thin ticks that would touch
    twin.set_yticks(chart.line_ticks[::every], chart.line_tick_labels[::every])
    handles.append(Line2D([], [], color=theme["text"], linewidth=1.0, marker="o", markersize=3.2,
                          markerfacecolor=theme["paper"], markeredgecolor=theme["text"], label=chart.line_name))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(PAD_PT / width, legend_y), ncols=len(handles),
               frameon=False, framealpha=1, fontsize=LABEL_PT, borderaxespad=0, borderpad=0,
               handlelength=1.4, handletextpad=0.4, columnspacing=1.0)
    return fig
