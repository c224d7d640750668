"""Layout stage, parts: 目次, the contents.

In: the `Report`, a `Setter` and `page_of`. Out: rows: the part heading, then every part in order with its
page: the highlights, the charts page, each section (its number in a badge of the section colour, its
title, and a second line with its pledges counted per status), the status index and the colophon; then the
legend of the status chips and icons used throughout the booklet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from content.model import Report
from layout.flowables import Row
from layout.indexes import Entry, index_rows
from layout.palette import section_role
from layout.parts.common import draw_text, heading_rows, index_style, text_row
from layout.setter import STATUS_ORDER, STATUS_TERM, Setter, status_counts, text_baseline
from layout.styles import GRID

STATUS_INDEX_TITLE = "取組中・未達成の項目一覧"


def legend_row(setter: Setter) -> Row:
    """凡例: each status chip with what it means, in the booklet's one term per status."""
    body = setter.g.body_size
    height = setter.line
    size = setter.size("small")

    def draw(canv: Canvas, y: float) -> None:
        baseline = text_baseline(y, height, size)
        setter.fill(canv, "text")
        w, _ = draw_text(canv, setter, "凡例", "gothic_bold", size, 0, baseline, "legend")
        x = w + body * 1.5
        for status in STATUS_ORDER:
            setter.icon(canv, status, x + size * 0.5, baseline + size * 0.35, size * 0.5)
            setter.fill(canv, "text")
            x += size * 1.4
            x += draw_text(canv, setter, STATUS_TERM[status], "gothic", size, x, baseline, "legend")[0] + body * 2

    return Row(height, draw, False)


def contents_rows(setter: Setter, report: Report, page_of: Callable[[str], int]) -> list[Row]:
    rows = heading_rows(setter, "目次", "contents", "contents")
    entries = [Entry("", "成果のあらまし", "highlights"), Entry("", "主な数値の推移", "charts")]
    for i, section in enumerate(report.sections, 1):
        counts = "　".join(f"{STATUS_TERM[s]}{status_counts(section.pledges)[s]}"
                          for s in STATUS_ORDER)
        entries.append(Entry(f"{i:02d}", section.title, f"section-{i}", badge=section_role(i),
                             note=f"{len(section.pledges)}項目（{counts}）"))
    entries += [Entry("", STATUS_INDEX_TITLE, "status-index"), Entry("", "奥付", "colophon")]
    style = index_style(setter, lines=2)
    big = replace(style, metrics=setter.metrics("gothic", setter.size("body")),
                  note_metrics=setter.metrics("gothic", setter.size("small")),
                  note_colour=lambda canv: setter.fill(canv, "grey"))
    rows += index_rows(entries, big, setter.g.measure, page_of)
    rows += setter.space(GRID["block"] * 2, break_after=False)
    rows.append(legend_row(setter))
    rows.append(text_row(setter, "各項目の番号の下に、その評価（達成・取組中・未達成）を記しています。", "small"))
    return rows
