"""Charts stage (drawing): a comparison chart: a figure's values at its as-of dates as bars on a zero-based axis.

In: a `charts.spec.compare.CompareSpec` (debt, funds or population) and a `Theme`. Out: a matplotlib
`Figure`. The value axis always starts at zero, so a small change looks small (the population's 0.5% is
not exaggerated; the printed change says how large it is). Each value is printed above its bar, on the
paper. With two values, the change (−107.7億円) is printed between the bars above an arrow from one bar's
top to the other's, level with the value labels when it fits beside them and above them when it does not;
with more values it goes at the right of the unit's line. The type sizes are fixed; at a narrow width the
title and the as-of labels break and the ticks thin out, and the chart grows taller when its bars would
have less than `MIN_BARS_PT` of height.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.draw.theme import (GAP_PT, LINE_PT, PAD_PT, TEXT_PT, TICK_PAD_PT, TICK_PT, Sheet, Theme, draw_note,
                               draw_title, line_height, measure, note_height, note_lines, text_width, thin,
                               title_height, title_lines, wrap)
from charts.spec.compare import CompareSpec

MIN_WIDTH_MM = 50.0  # narrower, the labels at the fixed type sizes no longer fit
BAR_WIDTH = 0.55
MIN_BARS_PT = 36.0   # the least height the bars get below their labels
LABEL_LIFT = 2.0     # between a bar's top and its value label
SIDE_GAP = 6.0       # between the change label and a value label beside it
CATEGORY_GAP = 6.0   # the least space between two as-of labels


def draw(spec: CompareSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure."""
    width = theme.size_pt[0]
    inner = width - 2 * PAD_PT
    line = line_height()
    title = title_lines(spec.title, width)
    note = note_lines(spec.note, width)
    n = len(spec.values)

    left = PAD_PT + max(text_width(t) for t in spec.tick_labels) + TICK_PAD_PT + TICK_PT + 1
    right = PAD_PT + 2
    slot = (width - left - right) / n
    categories = [wrap(c, TEXT_PT, slot - CATEGORY_GAP) for c in spec.categories]
    change_w = text_width(spec.change_label, bold=True)
    value_w = [text_width(v, bold=True) for v in spec.value_labels]

    # the unit's line, and the change on it (more than two values) or on a line of its own when it is too long
    header_lines = 1
    if n != 2 and text_width(spec.unit_label) + 2 * GAP_PT + change_w > inner:
        header_lines = 2
    beside = n == 2 and all((w + change_w) / 2 + SIDE_GAP <= slot / 2 for w in value_w)
    change_lift = LABEL_LIFT + 1 if beside else LABEL_LIFT + line + 2
    room = LABEL_LIFT + line + 2 if n != 2 else change_lift + line + 2  # above the highest bar

    top_of_header = title_height(title) + GAP_PT
    top = top_of_header + header_lines * line + GAP_PT + line / 2  # half a line for the top tick's label
    bottom = note_height(note) + GAP_PT + max(measure(c)[1] for c in categories) + TICK_PAD_PT + 1
    sheet = Sheet(theme, top + bottom + room + MIN_BARS_PT)
    height = sheet.height
    draw_title(sheet, title)
    draw_note(sheet, note)
    sheet.text(PAD_PT, top_of_header, spec.unit_label)
    if n != 2:
        if header_lines == 1:
            sheet.text(width - PAD_PT, top_of_header, spec.change_label, bold=True, ha="right")
        else:
            sheet.text(PAD_PT, top_of_header + line, spec.change_label, bold=True)

    ax = sheet.axes(left, top, right, bottom)
    axes_h = height - top - bottom
    xs = list(range(n))
    colours = [theme["tint"]] * (n - 1) + [theme["accent"]]
    ax.bar(xs, spec.values, width=BAR_WIDTH, color=colours, edgecolor=theme["rule"], linewidth=LINE_PT)
    peak = max(max(spec.values), 0.0)
    y_top = max(peak * axes_h / (axes_h - room) if peak > 0 else 0.0, spec.ticks[-1], 1.0)
    ax.set_ylim(0, y_top)
    ax.set_xlim(-0.5, n - 0.5)
    step = spec.ticks[1] - spec.ticks[0] if len(spec.ticks) > 1 else y_top
    ticks, labels = thin(spec.ticks, spec.tick_labels, step / y_top * axes_h)
    ax.set_yticks(ticks, labels)
    ax.set_xticks(xs, categories, fontsize=TEXT_PT)
    ax.tick_params(axis="x", length=0, pad=TICK_PAD_PT + 1)

    for x, v, label in zip(xs, spec.values, spec.value_labels):
        ax.annotate(label, (x, v), xytext=(0, LABEL_LIFT), textcoords="offset points", ha="center", va="bottom",
                    fontsize=TEXT_PT, fontweight="bold", color=theme["text"])
    if n == 2:
        gap = (1 - BAR_WIDTH) / 2 * 0.25
        start, end = (BAR_WIDTH / 2 + gap, spec.values[0]), (1 - BAR_WIDTH / 2 - gap, spec.values[1])
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(
            arrowstyle="-|>", color=theme["text"], linewidth=0.8, shrinkA=0, shrinkB=0, mutation_scale=7))
        ax.annotate(spec.change_label, (0.5, peak), xytext=(0, change_lift), textcoords="offset points",
                    ha="center", va="bottom", fontsize=TEXT_PT, fontweight="bold", color=theme["text"])
    return sheet.fig

