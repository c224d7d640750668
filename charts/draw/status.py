"""Charts stage (drawing): the status chart: ○△× counts per section as stacked horizontal bars.

In: a `charts.spec.status.StatusSpec` and a `Theme`. Out: a matplotlib `Figure`. Each status is drawn in
the colour of its icon (palette roles achieved, in_progress, not_achieved), and every segment is labelled
with its mark and count (○25, △2, ×1), so the chart reads in monochrome too. A label is set inside its
segment, in the text or paper colour that has a contrast of at least 4.5:1 on it, when the segment is wide
enough; otherwise (or when neither colour reaches 4.5:1) it is set on the paper just after the bar's end,
and the bars are scaled so that the longest bar and its outside labels fit. Section titles stay on one line
when they fit in `LABEL_SHARE` of the width and break (after ・ first) when they do not; the rows are as
tall as their titles and labels need, and the chart grows taller than the height asked when they need it.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.draw.theme import (GAP_PT, LINE_PT, PAD_PT, TEXT_PT, Key, Sheet, Theme, draw_legend, draw_note,
                               draw_title, ink_on, legend_height, line_height, measure, note_height, note_lines,
                               text_width, title_height, title_lines, wrap)
from charts.spec.status import StatusSpec

MIN_WIDTH_MM = 50.0  # narrower, the labels at the fixed type sizes no longer fit
LABEL_SHARE = 0.4    # the most of the chart's width the section titles take
TITLE_SPACING = 1.05
INSIDE_PAD = 1.5     # each side of a label set inside its segment
AFTER_GAP = 3.0      # between a bar's end and the labels set after it, and between those labels
BAR_SHARE = 0.62     # of a row's height, when the rows are taller than they need
ROW_GAP = 4.0        # the least white between two rows


def _fits_inside(theme: Theme, role: str, label: str, width_pt: float) -> bool:
    return ink_on(theme, role) is not None and text_width(label) + 2 * INSIDE_PAD <= width_pt


def _outside(chart: StatusSpec, theme: Theme, row: int, per: float) -> float:
    """The width the labels set after the bar of this row take, at `per` points per pledge."""
    widths = [text_width(label) for count, label, role in zip(chart.counts[row], chart.segment_labels[row],
                                                             chart.statuses)
              if count and not _fits_inside(theme, role, label, count * per)]
    return sum(AFTER_GAP + w for w in widths)


def _scale(chart: StatusSpec, theme: Theme, plot_w: float) -> float:
    """Points per pledge such that every bar and the labels after it fit in `plot_w`."""
    totals = [sum(row) for row in chart.counts]
    longest = max(totals, default=0) or 1
    per = plot_w / longest
    for _ in range(50):  # fewer points per pledge move more labels outside: iterate to a fixed point
        need = max((t * per + _outside(chart, theme, r, per) for r, t in enumerate(totals)), default=0.0)
        if need <= plot_w + 1e-9:
            return per
        per = min(per * 0.999, min((plot_w - _outside(chart, theme, r, per)) / t
                                   for r, t in enumerate(totals) if t))
        if per <= 0:
            break
    return max(per, 1e-3)


def draw(chart: StatusSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure: legend under the title, one stacked bar per section."""
    width = theme.size_pt[0]
    inner = width - 2 * PAD_PT
    line = line_height()
    title = title_lines(chart.title, width)
    note = note_lines(chart.note, width)
    keys = [Key(label, face=role) for label, role in zip(chart.legend, chart.statuses)]

    sections = [wrap(s, TEXT_PT, LABEL_SHARE * inner) for s in chart.sections]
    bar_h = line + 2 * INSIDE_PAD
    rows = [max(measure(s, linespacing=TITLE_SPACING)[1], bar_h) + ROW_GAP for s in sections]
    legend_top = title_height(title) + GAP_PT
    top = legend_top + legend_height(keys, inner) + GAP_PT
    bottom = note_height(note) + GAP_PT
    n = len(sections)
    sheet = Sheet(theme, top + bottom + sum(rows))
    height = sheet.height
    draw_title(sheet, title)
    draw_note(sheet, note)
    draw_legend(sheet, keys, PAD_PT, legend_top, inner)

    # rows as tall as their titles need; a taller sheet than that spreads the spare height evenly
    spare = (height - top - bottom - sum(rows)) / n
    rows = [r + spare for r in rows]
    bar_h = max(bar_h, min(BAR_SHARE * min(rows), min(rows) - ROW_GAP))
    centres = [sum(rows[:i]) + rows[i] / 2 for i in range(n)]  # points from the top of the plot
    left = PAD_PT + max(text_width(s) for s in sections) + 4
    plot_w = width - left - PAD_PT
    per = _scale(chart, theme, plot_w)
    ax = sheet.axes(left, top, PAD_PT, bottom)
    ax.set_xlim(0, plot_w / per)
    ax.set_ylim(sum(rows), 0)
    ax.set_yticks(centres, sections, fontsize=TEXT_PT, linespacing=TITLE_SPACING, multialignment="right")
    ax.tick_params(axis="y", length=0, pad=4)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)

    for j, role in enumerate(chart.statuses):
        ax.barh(centres, [r[j] for r in chart.counts], left=[sum(r[:j]) for r in chart.counts],
                height=bar_h, color=theme[role], edgecolor=theme["paper"], linewidth=LINE_PT)
    for y, counts, labels in zip(centres, chart.counts, chart.segment_labels):
        start, after = 0, sum(counts) + AFTER_GAP / per
        for count, label, role in zip(counts, labels, chart.statuses):
            if not count:
                continue
            if _fits_inside(theme, role, label, count * per):
                ax.text(start + count / 2, y, label, ha="center", va="center", fontsize=TEXT_PT,
                        color=theme[ink_on(theme, role) or "text"])
            else:
                ax.text(after, y, label, ha="left", va="center", fontsize=TEXT_PT, color=theme["text"])
                after += (text_width(label) + AFTER_GAP) / per
            start += count
    return sheet.fig
