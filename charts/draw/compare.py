"""Charts stage (drawing): a comparison chart: a figure's values at its as-of dates as bars on a zero-based axis.

In: a `charts.spec.compare.CompareSpec` (debt, funds or population) and a `Theme`. Out: a matplotlib
`Figure`. The value axis always starts at zero, so a small change looks small (the population's 0.5% is
not exaggerated; the printed change says how large it is); the change from the first to the last value is
printed beside an arrow between the bars (with two values) or at the top right (with more).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.draw.theme import (LABEL_PT, LINE_PT, PAD_PT, SMALL_PT, Theme, axes_rect, frame, new_figure,
                               text_width)
from charts.spec.compare import CompareSpec

BAR_WIDTH = 0.55


def draw(spec: CompareSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure."""
    fig = new_figure(theme)
    width, height = theme.size_pt
    title_h = frame(fig, theme, spec.title, spec.note)
    top = PAD_PT + title_h + 4 + SMALL_PT * 1.2 + 2
    bottom = PAD_PT + SMALL_PT * 1.2 + 4 + LABEL_PT * 1.2 + 5
    left = PAD_PT + max(text_width(t, SMALL_PT) for t in spec.tick_labels) + 5
    ax = fig.add_axes(axes_rect(theme, left, bottom, PAD_PT + 2, top))
    fig.text(PAD_PT / width, 1 - (top - 2) / height, spec.unit_label, ha="left", va="bottom",
             fontsize=SMALL_PT, color=theme["text"])

    n = len(spec.values)
    xs = list(range(n))
    colours = [theme["tint"]] * (n - 1) + [theme["accent"]]
    ax.bar(xs, spec.values, width=BAR_WIDTH, color=colours, edgecolor=theme["rule"], linewidth=LINE_PT)
    axes_h = height - top - bottom
    room = 18.0  # pt above the highest bar for its value label and the change label
    peak = max(max(spec.values), spec.ticks[-1], 1.0)
    ax.set_ylim(0, max(max(spec.values) / (1 - room / axes_h), peak))
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_yticks(spec.ticks, spec.tick_labels)
    ax.set_xticks(xs, spec.categories, fontsize=LABEL_PT)
    ax.tick_params(axis="x", length=0, pad=4)

    for x, v, label in zip(xs, spec.values, spec.value_labels):
        ax.annotate(label, (x, v), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize=LABEL_PT, fontweight="bold", color=theme["text"])
    if n == 2:
        gap = (1 - BAR_WIDTH) / 2 * 0.25
        start, end = (BAR_WIDTH / 2 + gap, spec.values[0]), (1 - BAR_WIDTH / 2 - gap, spec.values[1])
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(
            arrowstyle="-|>", color=theme["text"], linewidth=0.8, shrinkA=0, shrinkB=0, mutation_scale=7))
        ax.annotate(spec.change_label, (0.5, max(spec.values)), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=LABEL_PT, fontweight="bold", color=theme["text"])
    else:
        ax.text(1, 1, spec.change_label, transform=ax.transAxes, ha="right", va="top", fontsize=LABEL_PT,
                fontweight="bold", color=theme["text"])
    return fig
