"""Layout stage, parts: 表1, the front cover.

In: the `Report` and a `Setter`. Out: `draw_cover(canv)`: a full-bleed field in CUD blue (run BLEED past
the trim) with the title reversed out of it (≥ 36 pt at A4, scaled with the body size), the subtitle and
the period as the edition states it (和暦, in the editor's words); below the field a headline computed from
the data (「170項目中130項目を達成」), the status bar with a chip and count per status, and the issuer as
the source names him. The seika edition number and date are not printed here; they are in the colophon.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from content.checks import percent
from content.model import Report, Status
from layout.geometry import BLEED
from layout.palette import ink_on
from layout.parts.common import draw_status_bar, draw_text, natural_width
from layout.setter import STATUS_ORDER, Setter, status_counts

FIELD = "achieved"        # the cover's colour field
TITLE_EM = 3.8            # the title's size in body sizes (38 pt at A4)


def headline(report: Report) -> str:
    """The cover's headline, from the data: 「170項目中130項目を達成」."""
    achieved = status_counts(report.pledges)[Status.ACHIEVED]
    return f"{len(report.pledges)}項目中{achieved}項目を達成"


def draw_cover(canv: Canvas, setter: Setter, report: Report) -> None:
    g, ed = setter.g, report.edition
    body = g.body_size
    field_bottom = g.height * 0.42
    setter.fill(canv, FIELD)
    canv.rect(-BLEED, field_bottom, g.width + 2 * BLEED, g.height - field_bottom + BLEED, stroke=0, fill=1)
    setter.fill(canv, "tint")
    canv.rect(-BLEED, field_bottom - body * 0.8, g.width + 2 * BLEED, body * 0.8, stroke=0, fill=1)
    left = g.frame_left(1)
    width = g.measure
    ink = ink_on(FIELD)
    setter.fill(canv, ink)
    y = field_bottom + (g.height - field_bottom) * 0.6  # the title block sits a little above the field's middle
    metrics = setter.metrics("gothic_bold", body * TITLE_EM)
    natural = sum(metrics.advance(ch) for ch in ed.title)
    size = body * TITLE_EM * min(1.0, width / natural) if natural else body * TITLE_EM  # one line if it can
    size = max(size, body * TITLE_EM * 0.66)  # a title too long for one line at ⅔ size wraps instead
    _, lines = draw_text(canv, setter, ed.title, "gothic_bold", size, left, y, "cover title", width)
    y -= size * 1.45 * lines + body * 0.6
    if ed.subtitle:
        _, lines = draw_text(canv, setter, ed.subtitle, "gothic_bold", body * 2.4, left, y, "cover subtitle", width)
        y -= body * 2.4 * 1.45 * lines + body * 0.4
    if ed.period:
        draw_text(canv, setter, ed.period, "gothic", body * 1.3, left, y, "cover period", width)

    # below the field: the headline, the status bar and the counts, the issuer
    y = field_bottom - body * 5.5
    setter.fill(canv, "text")
    draw_text(canv, setter, headline(report), "gothic_bold", body * 2.2, left, y, "cover headline", width)
    y -= body * 3.2
    draw_status_bar(canv, setter, report, left, y, width, body * 1.2)
    y -= body * 2.6
    total = len(report.pledges)
    x = left
    for status in STATUS_ORDER:
        n = status_counts(report.pledges)[status]
        label = f"{n}項目（{percent(n, total)}%）"
        chip_w = setter.size("chip") * 4.6
        item = chip_w + body * 0.6 + natural_width(setter, label, "gothic_bold", body * 1.1)
        if x > left and x + item > left + width:  # a narrow cover sets the counts on two lines
            x, y = left, y - body * 2.2
        setter.chip(canv, status, x, y, chip_w)
        setter.fill(canv, "text")
        draw_text(canv, setter, label, "gothic_bold", body * 1.1, x + chip_w + body * 0.6, y, "cover counts")
        x += item + body * 1.6
    if report.source.issuer:
        draw_text(canv, setter, report.source.issuer, "gothic_bold", body * 1.6, left, g.frame_bottom + body,
                  "cover issuer", width)
