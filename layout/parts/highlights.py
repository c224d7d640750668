"""Layout stage, parts: 成果のあらまし, the first page of the highlights spread.

In: the `Report` and a `Setter`. Out: rows: the part heading; a KPI block with one card per status (its chip,
the count as a big number and its rounded percentage) and the status bar below them; the changes in the
figures the preface states, as big signed numbers with their unit and the two values they come from
(−107.7億円: 799.5億円 → 691.8億円); then the preface, in its paragraphs. Every number is computed from the
data (`content.checks` confirms that the preface states the same); nothing internal to the check is printed.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from content.checks import figure_change, percent
from content.model import Figure, Report
from layout.flowables import Row
from charts.spec.labels import number, signed
from layout.parts.common import draw_status_bar, draw_text, heading_rows, natural_width, text_row
from layout.setter import STATUS_ORDER, Setter, status_counts
from layout.styles import GRID

def kpi_row(setter: Setter, report: Report) -> Row:
    """One card per status: a bar of its colour on the left, its chip, the count big, the percentage."""
    g, body = setter.g, setter.g.body_size
    total = len(report.pledges)
    gap = body * 1.2
    card_w = (g.measure - 2 * gap) / 3
    height = setter.line * 4
    big = body * 3.2

    def draw(canv: Canvas, y: float) -> None:
        for i, status in enumerate(STATUS_ORDER):
            n = status_counts(report.pledges)[status]
            x = i * (card_w + gap)
            setter.stroke(canv, "wash")
            canv.setLineWidth(0.75)
            canv.rect(x, y + body * 0.2, card_w, height - body * 0.4, stroke=1, fill=0)
            setter.fill(canv, status.value)
            canv.rect(x, y + body * 0.2, body * 0.45, height - body * 0.4, stroke=0, fill=1)
            setter.chip(canv, status, x + body * 1.2, y + height - body * 2.0, setter.size("chip") * 4.6)
            setter.fill(canv, "text")
            w, _ = draw_text(canv, setter, str(n), "gothic_bold", big, x + body * 1.2, y + body * 1.2, "kpi")
            label = f"項目（{percent(n, total)}%）"
            room = card_w - body * 1.2 - w - body * 0.6
            size = max(7.0, min(body * 1.1, body * 1.1 * room / natural_width(setter, label, "gothic_bold", body * 1.1)))
            draw_text(canv, setter, label, "gothic_bold", size, x + body * 1.2 + w + body * 0.3, y + body * 1.2,
                      "kpi", max(room, size * 6))

    return Row(height, draw, False)


def bar_row(setter: Setter, report: Report) -> Row:
    height = setter.line

    def draw(canv: Canvas, y: float) -> None:
        draw_status_bar(canv, setter, report, 0, y + height * 0.25, setter.g.measure, height * 0.5)

    return Row(height, draw, False)


def figures_row(setter: Setter, figures: list[Figure]) -> Row:
    """The figures' changes side by side: the label, the change big and signed, and the two values."""
    g, body = setter.g, setter.g.body_size
    gap = body * 1.2
    width = (g.measure - gap * (len(figures) - 1)) / max(1, len(figures))
    height = setter.line * 4

    def draw(canv: Canvas, y: float) -> None:
        for i, figure in enumerate(figures):
            x = i * (width + gap)
            first, last, change = figure_change(figure)
            points = figure.series[0].points
            setter.stroke(canv, "rule")
            canv.setLineWidth(0.5)
            canv.line(x, y + height - body * 0.2, x + width, y + height - body * 0.2)
            setter.fill(canv, "text")
            draw_text(canv, setter, figure.label, "gothic_bold", body, x, y + height - body * 1.3, "figure",
                      width)
            big = signed(change, figure.unit)
            size = body * 2.4 * min(1.0, 0.95 * width / natural_width(setter, big, "gothic_bold", body * 2.4))
            draw_text(canv, setter, big, "gothic_bold", size, x, y + body * 2.75, "figure", width)
            small = setter.size("small")
            values = (f"{points[0].as_of}　{number(first)}{figure.unit}",
                      f"→{points[-1].as_of}　{number(last)}{figure.unit}")
            # one line each, never wrapped in the narrow column: the pair shrinks together to the wider one
            fit = min([small] + [small * width / natural_width(setter, v, "gothic", small) for v in values])
            draw_text(canv, setter, values[0], "gothic", fit, x, y + body * 0.1 + small * 1.3, "figure", width)
            draw_text(canv, setter, values[1], "gothic", fit, x, y + body * 0.1, "figure", width)

    return Row(height, draw, False)


def highlights_rows(setter: Setter, report: Report) -> list[Row]:
    rows = heading_rows(setter, "成果のあらまし", "highlights", "highlights")
    rows.append(text_row(setter, f"掲げた{len(report.pledges)}項目の自己評価", "title"))
    rows.append(kpi_row(setter, report))
    rows.append(bar_row(setter, report))
    stated = {c.figure for c in report.claims if c.figure}
    figures = [f for f in report.figures if f.id in stated and f.series and len(f.series[0].points) >= 2]
    if figures:
        rows.append(text_row(setter, "主な数値の変化", "title"))
        rows.append(figures_row(setter, figures))
    space = setter.space(GRID["block"])
    text: list[Row] = []
    for paragraph in report.preface:
        text += setter.rows(paragraph, "body", "preface", x=0.0, first_indent=1.0)
    # The highlights are one page: when the preface would spill over by the block space, it goes.
    if sum(r.height for r in rows + space + text) > setter.g.frame_height + 1e-6:
        space = []
    return rows + space + text
