"""Charts stage (drawing): the childcare chart (保育所等の定員・受入・待機児童数).

In: a `charts.spec.childcare.ChildcareSpec` and a `Theme`. Out: a matplotlib `Figure`: every bar series
(定員, 受入) as grouped bars on the left axis, the line series (待機児童数) as a line on its own right axis,
both axes from zero, the legend under the title. Values are printed as the report writes them (2,371), in
one of two ways, chosen by the width:

- above each bar, when every label fits over its bar with `LABEL_GAP` to the next; the line is then scaled
  to stay below the lowest bar label and its values are printed above its points on a paper box;
- otherwise in a table under the as-of labels (表付きグラフ): a row per series, headed by its key and name,
  with each value under its date; the line then carries no labels.

The type sizes are fixed; at a narrow width the as-of labels break after 年, the ticks thin out, and the
chart grows taller than the height asked when its plot would be lower than `MIN_PLOT_PT`.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from charts.draw.theme import (GAP_PT, KEY_GAP, KEY_W, LINE_PT, MARKER_PT, PAD_PT, TEXT_PT, TICK_PAD_PT,
                               TICK_PT, Key, Sheet, Theme, draw_legend, draw_note, draw_swatch, draw_title,
                               legend_height, line_height, measure, note_height, note_lines, text_width, thin,
                               title_height, title_lines, wrap)
from charts.spec.childcare import ChildcareSpec

MIN_WIDTH_MM = 75.0  # narrower, the labels at the fixed type sizes no longer fit
GROUP_WIDTH = 0.8
BAR_ROLES = ("tint", "accent")  # one palette role per bar series, in order
LABEL_GAP = 4.0      # the least space between two value labels side by side
LABEL_LIFT = 1.5     # between a bar's top and its label
POINT_LIFT = 3.5     # between a point of the line and its label
MIN_BAND_PT = 30.0   # the least height the line keeps below the bars' labels
MIN_PLOT_PT = 90.0   # the least height of the plot
ROW_GAP = 2.0        # between the rows of the table
CATEGORY_GAP = 6.0   # the least space between two as-of labels


@dataclass(frozen=True)
class _Plan:
    table: bool
    left: float
    right: float
    slot: float
    categories: tuple[str, ...]
    top: float
    bottom: float
    legend_top: float
    unit_top: float


def _keys(chart: ChildcareSpec) -> list[Key]:
    bars = [Key(name, face=BAR_ROLES[i % len(BAR_ROLES)], edge="rule") for i, name in enumerate(chart.bar_names)]
    return [*bars, Key(chart.line_name, line=True)]


def _rows(chart: ChildcareSpec) -> list[tuple[Key, tuple[str, ...]]]:
    """The table's rows: each series' key (named without 右軸) and its values."""
    bars = [(Key(name, face=BAR_ROLES[i % len(BAR_ROLES)], edge="rule"), labels)
            for i, (name, labels) in enumerate(zip(chart.bar_names, chart.bar_labels))]
    return [*bars, (Key(chart.line_series, line=True), chart.line_labels)]


def _header_w(key: Key) -> float:
    return KEY_W + KEY_GAP + text_width(key.label)


def _labels_fit(chart: ChildcareSpec, slot: float) -> bool:
    """Whether every bar's label fits over its bar with LABEL_GAP to its neighbours."""
    k = len(chart.bars)
    pitch = GROUP_WIDTH / k * slot
    for j in range(len(chart.categories)):
        widths = [text_width(labels[j]) for labels in chart.bar_labels]
        if any(w + LABEL_GAP > pitch for w in widths):
            return False
    return True


def _plan(chart: ChildcareSpec, theme: Theme, table: bool) -> _Plan:
    width = theme.size_pt[0]
    inner = width - 2 * PAD_PT
    line = line_height()
    title = title_lines(chart.title, width)
    note = note_lines(chart.note, width)
    ticks_w = max(text_width(t) for t in chart.tick_labels) + TICK_PAD_PT + TICK_PT + 1
    left = PAD_PT + ticks_w
    if table:
        left = PAD_PT + max(ticks_w, max(_header_w(key) for key, _ in _rows(chart)) + 4)
    right = PAD_PT + max(text_width(t) for t in chart.line_tick_labels) + TICK_PAD_PT + TICK_PT + 1
    slot = (width - left - right) / len(chart.categories)
    categories = tuple(wrap(c, TEXT_PT, slot - CATEGORY_GAP) for c in chart.categories)
    if max(c.count("\n") for c in categories) > 1:  # more than two lines: the short dates (if the title has the day)
        categories = tuple(wrap(c, TEXT_PT, slot - CATEGORY_GAP) for c in chart.short_categories)
    legend_top = title_height(title) + GAP_PT
    unit_top = legend_top + legend_height(_keys(chart), inner) + GAP_PT
    top = unit_top + line + 2 + line / 2  # the units' line, and half a line for the top tick's label
    table_h = len(_rows(chart)) * (line + ROW_GAP) + GAP_PT if table else 0.0
    bottom = (note_height(note) + GAP_PT + table_h + max(measure(c)[1] for c in categories)
              + TICK_PAD_PT + 1)
    return _Plan(table, left, right, slot, categories, top, bottom, legend_top, unit_top)


def draw(chart: ChildcareSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure: legend under the title, bars on the left axis, line on the right."""
    plan = _plan(chart, theme, table=False)
    if not _labels_fit(chart, plan.slot):
        plan = _plan(chart, theme, table=True)
    sheet = Sheet(theme, plan.top + plan.bottom + MIN_PLOT_PT)
    axes_h = sheet.height - plan.top - plan.bottom
    if not plan.table and _line_band(chart, axes_h) < MIN_BAND_PT:
        plan = _plan(chart, theme, table=True)
        sheet = Sheet(theme, plan.top + plan.bottom + MIN_PLOT_PT)
        axes_h = sheet.height - plan.top - plan.bottom
    return _draw(chart, theme, plan, sheet, axes_h)


def _bar_top(chart: ChildcareSpec, axes_h: float) -> float:
    """The top of the bars' axis: the labels of the highest bar fit below it."""
    peak = max(max(b) for b in chart.bars)
    room = LABEL_LIFT + line_height() + 2
    return max(max(chart.ticks), peak * axes_h / (axes_h - room) if peak > 0 else 0.0, 1.0)


def _line_band(chart: ChildcareSpec, axes_h: float) -> float:
    """The points below the lowest bar label, less the room of the line's own label above a point."""
    bar_top = _bar_top(chart, axes_h)
    lowest = min(v / bar_top * axes_h for values in chart.bars for v in values) + LABEL_LIFT
    return lowest - (POINT_LIFT + line_height() + 2)


def _draw(chart: ChildcareSpec, theme: Theme, plan: _Plan, sheet: Sheet, axes_h: float) -> Figure:
    width = sheet.width
    draw_title(sheet, title_lines(chart.title, width))
    draw_note(sheet, note_lines(chart.note, width))
    draw_legend(sheet, _keys(chart), PAD_PT, plan.legend_top, width - 2 * PAD_PT)
    # each axis' unit over its tick labels, within the margins
    unit_w = text_width(chart.unit_label)
    sheet.text(max(plan.left - TICK_PT - TICK_PAD_PT, PAD_PT + unit_w), plan.unit_top, chart.unit_label,
               ha="right")
    sheet.text(min(width - plan.right + TICK_PT + TICK_PAD_PT, width - PAD_PT - unit_w), plan.unit_top,
               chart.unit_label)
    ax = sheet.axes(plan.left, plan.top, plan.right, plan.bottom)

    n, k = len(chart.categories), len(chart.bars)
    bar_w = GROUP_WIDTH / k
    for i, (values, labels) in enumerate(zip(chart.bars, chart.bar_labels)):
        xs = [x - GROUP_WIDTH / 2 + bar_w * (i + 0.5) for x in range(n)]
        ax.bar(xs, values, width=bar_w, color=theme[BAR_ROLES[i % len(BAR_ROLES)]], edgecolor=theme["rule"],
               linewidth=LINE_PT)
        if not plan.table:
            for x, v, label in zip(xs, values, labels):
                # horizontal, above the bar on the paper: rotated labels would not read back as text in order
                ax.annotate(label, (x, v), xytext=(0, LABEL_LIFT), textcoords="offset points",
                            ha="center", va="bottom", fontsize=TEXT_PT, color=theme["text"])
    ax.set_xlim(-0.5, n - 0.5)
    bar_top = _bar_top(chart, axes_h) if not plan.table else max(max(chart.ticks),
                                                                 max(max(b) for b in chart.bars) * 1.05, 1.0)
    ax.set_ylim(0, bar_top)
    step = chart.ticks[1] - chart.ticks[0] if len(chart.ticks) > 1 else bar_top
    ax.set_yticks(*thin(chart.ticks, chart.tick_labels, step / bar_top * axes_h))
    ax.set_xticks(range(n), plan.categories, fontsize=TEXT_PT, linespacing=1.1)
    ax.tick_params(axis="x", length=0, pad=TICK_PAD_PT + 1)

    twin = ax.twinx()
    twin.spines["right"].set_visible(True)
    twin.spines["top"].set_visible(False)
    twin.plot(range(n), chart.line, color=theme["text"], linewidth=1.0, marker="o", markersize=MARKER_PT,
              markerfacecolor=theme["paper"], markeredgecolor=theme["text"], markeredgewidth=0.8)
    if plan.table:
        line_top = max(max(chart.line_ticks), max(chart.line) * 1.1, 1.0)
    else:
        band = _line_band(chart, axes_h)
        line_top = max(max(chart.line) * axes_h / band, max(chart.line_ticks) * 1.05, 1.0)
        for x, v, label in zip(range(n), chart.line, chart.line_labels):
            twin.annotate(label, (x, v), xytext=(0, POINT_LIFT), textcoords="offset points", ha="center",
                          va="bottom", fontsize=TEXT_PT, fontweight="bold", color=theme["text"],
                          bbox=dict(boxstyle="square,pad=0.1", facecolor=theme["paper"], edgecolor="none"))
    twin.set_ylim(0, line_top)
    step = chart.line_ticks[1] - chart.line_ticks[0] if len(chart.line_ticks) > 1 else line_top
    twin.set_yticks(*thin(chart.line_ticks, chart.line_tick_labels, step / line_top * axes_h))

    if plan.table:
        _table(sheet, chart, plan, ax_bottom=sheet.height - plan.bottom)
    return sheet.fig


def _table(sheet: Sheet, chart: ChildcareSpec, plan: _Plan, ax_bottom: float) -> None:
    """The values under the as-of labels: a row per series, headed by its key and name at the left."""
    line = line_height()
    top = ax_bottom + TICK_PAD_PT + 1 + max(measure(c)[1] for c in plan.categories) + GAP_PT
    for key, labels in _rows(chart):
        header_x = plan.left - 4 - _header_w(key)
        draw_swatch(sheet, key, header_x, top)
        sheet.text(header_x + KEY_W + KEY_GAP, top, key.label)
        for j, label in enumerate(labels):
            sheet.text(plan.left + plan.slot * (j + 0.5), top, label, ha="center")
        top += line + ROW_GAP
