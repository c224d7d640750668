"""Layout stage, parts: a section's opener, the first block of its first page.

In: a `Section`, its number, a `Setter` and `page_of`. Out: rows: a band in the section's colour holding
its number and title (in the ink that reads on it), its pledges counted per status with their icons, and
its pledge index in two columns where the measure allows (number badge, status icon, title cut only
between phrases, page), then a rule; the section's pledges follow on the same page. The page shows no
running head; its thumb tab is the section's.
"""

from __future__ import annotations

import math
from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from content.checks import percent
from content.model import Section
from layout.flowables import Row
from layout.indexes import Entry, index_rows
from layout.palette import ink_on, section_role
from layout.parts.common import draw_text, index_style, natural_width, rule_row
from layout.setter import STATUS_ORDER, STATUS_TERM, Setter, status_counts, text_baseline
from layout.styles import Style


def band_row(setter: Setter, section: Section, number: int) -> Row:
    g, body = setter.g, setter.g.body_size
    role = section_role(number)
    big = body * 2.6
    title = setter.size("part")
    label = f"{number:02d}"
    number_w = natural_width(setter, label, "gothic_bold", big)
    width = g.measure - body * 3 - number_w
    lines = len(setter.compose(section.title, Style("gothic_bold", size=title / body), f"section {number}",
                               width, title).lines)
    # three grid lines, or as many as a long title needs: it wraps inside the band, never below it
    height = setter.line * max(3, math.ceil((lines * title * 1.45 + body) / setter.line))
    wraps = lines > 1

    def draw(canv: Canvas, y: float) -> None:
        setter.fill(canv, role)
        canv.rect(0, y, g.measure, height, stroke=0, fill=1)
        setter.fill(canv, ink_on(role))
        top = y + height
        title_base = top - body * 0.5 - title if wraps else text_baseline(y, height, title)
        number_base = title_base - (big - title) / 2 if wraps else text_baseline(y, height, big)
        draw_text(canv, setter, label, "gothic_bold", big, body, number_base, "section number")
        draw_text(canv, setter, section.title, "gothic_bold", title, body * 2 + number_w, title_base,
                  f"section {number}", width)

    return Row(height, draw, False)


def counts_row(setter: Setter, section: Section) -> Row:
    size = setter.size("body")
    height = setter.line
    total = len(section.pledges)

    def draw(canv: Canvas, y: float) -> None:
        baseline = text_baseline(y, height, size)
        setter.fill(canv, "text")
        x = draw_text(canv, setter, f"{total}項目", "gothic_bold", size, 0, baseline, "counts")[0] + size * 1.5
        for status in STATUS_ORDER:
            n = status_counts(section.pledges)[status]
            setter.icon(canv, status, x + size * 0.5, baseline + size * 0.35, size * 0.5)
            setter.fill(canv, "text")
            x += size * 1.4
            x += draw_text(canv, setter, f"{STATUS_TERM[status]} {n}（{percent(n, total)}%）", "gothic", size,
                           x, baseline, "counts")[0] + size * 1.6

    return Row(height, draw, False)


def opener_rows(setter: Setter, section: Section, number: int, page_of: Callable[[str], int]) -> list[Row]:
    band = band_row(setter, section, number)
    band.bookmarks.append((f"section-{number}", section.title, 0))
    rows = [band, counts_row(setter, section)]
    role = section_role(number)
    entries = [Entry(str(p.no), p.short_title or p.title, f"pledge-{p.no}", p.status, badge=role)
               for p in section.pledges]
    columns = 2 if len(entries) > 8 and setter.g.measure_em >= 40 else 1
    rows += index_rows(entries, index_style(setter), setter.g.measure, page_of, columns=columns,
                       gutter=setter.g.body_size * 2)
    rows.append(rule_row(setter, setter.line, break_after=True, role=role, weight=1.0))
    return rows
