"""Charts stage (drawing): the status chart: ○△× counts per section as stacked horizontal bars.

In: a `charts.spec.status.StatusSpec` and a `Theme`. Out: a matplotlib `Figure`. Each status is drawn in
the colour of its icon (palette roles achieved, in_progress, not_achieved), and every segment is labelled
with its mark and count (○25, △2, ×1), so the chart reads in monochrome too. A segment too narrow for its
label is labelled just after the bar's end.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.draw.theme import LABEL_PT, LINE_PT, PAD_PT, SMALL_PT, Theme, axes_rect, frame, new_figure, text_width
from charts.spec.status import StatusSpec

LABEL_ON = {"achieved": "paper", "in_progress": "text", "not_achieved": "text"}  # label colour per segment


def draw(chart: StatusSpec, theme: Theme) -> Figure:
    """The chart as a matplotlib Figure: legend under the title, one stacked bar per section."""
    fig = new_figure(theme)
    width, height = theme.size_pt
    title_h = frame(fig, theme, chart.title, chart.note)
    legend_y = 1 - (PAD_PT + title_h + 2) / height
    top = PAD_PT + title_h + 2 + LABEL_PT * 1.4 + 3
    bottom = PAD_PT + SMALL_PT * 1.2 + 4
    left = PAD_PT + max(text_width(s, SMALL_PT) for s in chart.sections) + 4
    ax = fig.add_axes(axes_rect(theme, left, bottom, PAD_PT, top))

    n = len(chart.sections)
    totals = [sum(row) for row in chart.counts]
    longest = max(totals) if totals and max(totals) else 1
    plot_w = width - left - PAD_PT
    # leave room after the longest bar for the labels of segments too narrow to hold them
    spare = max((sum(text_width(t, LABEL_PT) + 2 for t in row if t) for row in chart.segment_labels), default=0)
    ax.set_xlim(0, longest * plot_w / max(plot_w - min(spare, plot_w / 3), 1))
    per_pt = ax.get_xlim()[1] / plot_w  # data units per point
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n), chart.sections, fontsize=SMALL_PT, linespacing=1.05)
    ax.tick_params(axis="y", length=0, pad=3)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)

    handles = []
    for j, role in enumerate(chart.statuses):
        row_counts = [row[j] for row in chart.counts]
        starts = [sum(row[:j]) for row in chart.counts]
        bars = ax.barh(range(n), row_counts, left=starts, height=0.62, color=theme[role],
                       edgecolor=theme["paper"], linewidth=LINE_PT, label=chart.legend[j])
        handles.append(bars)
    for y, (row, labels) in enumerate(zip(chart.counts, chart.segment_labels)):
        start, after = 0, sum(row) + 1.5 * per_pt
        for j, (count, label) in enumerate(zip(row, labels)):
            if not count:
                continue
            needed = (text_width(label, LABEL_PT) + 3) * per_pt
            if needed <= count:
                ax.text(start + count / 2, y, label, ha="center", va="center", fontsize=LABEL_PT,
                        color=theme[LABEL_ON[chart.statuses[j]]])
            else:
                ax.text(after, y, label, ha="left", va="center", fontsize=LABEL_PT, color=theme["text"])
                after += needed
            start += count
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(PAD_PT / width, legend_y), ncols=len(handles),
               frameon=False, framealpha=1, fontsize=LABEL_PT, borderaxespad=0, borderpad=0,
               handlelength=1.2, handleheight=0.9, handletextpad=0.4, columnspacing=1.2)
    return fig
