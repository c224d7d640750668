"""Layout stage, parts: the charts: 主な数値の推移 (the spread's second page) and the figures cited by pledges.

In: the `Report` and a `Setter`. Out: `charts_page_rows` (the part heading and the charts of the figures the
preface states, plus the status by section, two to a row where the page allows), `pledge_figure` (a `Float`
holding the charts of the figures a pledge states, such as pledge 2's childcare series) and
`figure_plan` (which charts are drawn where, and their numbers 図1, 図2 … in reading order, so a pledge
can cite its figure). Each chart is the SVG of
`charts.draw.build_charts` at the width it is placed, converted once into a vector Drawing, and drawn as a
form XObject named chart-<id> (its labels stay text).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from charts.draw import MIN_WIDTH_MM, build_charts
from charts.spec import ALWAYS, chart_specs
from content.model import Report
from layout.figures import chart_colours, svg_drawing
from layout.flowables import Row
from layout.geometry import MM
from layout.parts.common import Float, draw_text, heading_rows
from layout.setter import Setter, text_baseline
from layout.styles import GRID

MIN_CHART_MM = 60.0   # narrower than this, charts stack in one column
CHART_ASPECT = 0.72   # height / width
GUTTER_EM = 2.0

_DRAWINGS: dict[tuple[str, str, float], Drawing] = {}


@dataclass(frozen=True)
class FigurePlan:
    """Which charts the booklet draws and where: the charts page's, each pledge's, and their numbers (図N)
    in reading order (the charts page first). A figure with no chart of its own is not drawn."""

    highlights: tuple[str, ...]
    by_pledge: dict[int, tuple[str, ...]]
    numbers: dict[str, int]

    def cited(self, pledge_no: int) -> list[int]:
        return [self.numbers[cid] for cid in self.by_pledge.get(pledge_no, ())]


def figure_plan(report: Report) -> FigurePlan:
    drawn = set(chart_specs(report)) - set(ALWAYS)  # a figure's chart; the status chart is the pledges'
    highlights = tuple(cid for cid in [f.id for f in report.figures if f.source == "preface"] if cid in drawn)
    highlights += tuple(ALWAYS)
    by_pledge = {p.no: ids for p in report.pledges
                 if (ids := tuple(f.id for f in report.figures if f.source == p.no and f.id in drawn))}
    order = list(highlights) + [cid for ids in by_pledge.values() for cid in ids if cid not in highlights]
    return FigurePlan(highlights, by_pledge, {cid: n for n, cid in enumerate(dict.fromkeys(order), 1)})


def charts(report: Report, width: float, ids: list[str], aspect: float = CHART_ASPECT) -> dict[str, Drawing]:
    """The charts `ids` (those the report has data for) as vector Drawings `width` points wide. A
    conversion is kept by its SVG's digest, so both layout passes share it."""
    width_mm = width / MM
    svgs = build_charts(report, chart_colours(), width_mm=width_mm, height_mm=width_mm * aspect, only=ids)
    out = {}
    for chart_id, svg in svgs.items():
        key = (chart_id, hashlib.sha256(svg.encode("utf-8")).hexdigest(), width)
        if key not in _DRAWINGS:
            _DRAWINGS[key] = svg_drawing(svg, chart_id, width=width)
        out[chart_id] = _DRAWINGS[key]
    return out


def chart_rows(setter: Setter, drawings: list[tuple[str, Drawing]], columns: int, width: float,
               numbers: dict[str, int]) -> list[Row]:
    """Charts in rows of `columns`, each under its figure label (図N)."""
    gutter = GUTTER_EM * setter.g.body_size
    label = setter.size("figure")
    label_h = setter.line
    rows: list[Row] = []
    for start in range(0, len(drawings), columns):
        group = drawings[start:start + columns]
        height = max(d.height for _, d in group) + label_h

        def draw(canv: Canvas, y: float, group: list[tuple[str, Drawing]] = group, height: float = height) -> None:
            for i, (chart_id, drawing) in enumerate(group):
                x = i * (width + gutter)
                setter.fill(canv, "text")
                draw_text(canv, setter, f"図{numbers[chart_id]}", "gothic_bold", label, x,
                          text_baseline(y + height - label_h, label_h, label), "figure label")
                name = f"chart-{chart_id}"
                if not canv.hasForm(name):
                    canv.beginForm(name, 0, 0, drawing.width, drawing.height)
                    renderPDF.draw(drawing, canv, 0, 0)
                    canv.endForm()
                canv.saveState()
                canv.translate(x, y + height - label_h - drawing.height)
                canv.doForm(name)
                canv.restoreState()

        rows += [Row(height, draw, True)] + setter.space(GRID["block"])
    return rows


def charts_page_rows(setter: Setter, report: Report, plan: FigurePlan) -> list[Row]:
    """主な数値の推移: the preface's figures and the status by section, as large as the page allows."""
    g = setter.g
    wanted = list(plan.highlights)
    half = (g.measure - GUTTER_EM * g.body_size) / 2
    narrowest = max([MIN_CHART_MM] + [MIN_WIDTH_MM.get(cid, 0.0) for cid in wanted])
    columns = 2 if half / MM >= narrowest else 1  # two to a row only where every chart keeps its text apart
    width = half if columns == 2 else g.measure
    # one column: two charts per page under the heading, whatever the paper (the height follows from the
    # frame); two columns: the charts' own aspect
    room = (g.frame_height - setter.line * (3 + GRID["block"] * 2)) / 2 - setter.line * 2
    aspect = min(CHART_ASPECT, room / width)
    drawings = charts(report, width, wanted, aspect)
    rows = heading_rows(setter, "主な数値の推移", "charts", "charts")
    return rows + chart_rows(setter, [(cid, drawings[cid]) for cid in wanted if cid in drawings], columns, width,
                             plan.numbers)


def pledge_figure(setter: Setter, report: Report, pledge_no: int, plan: FigurePlan) -> Float | None:
    """The charts of the figures stated in this pledge, as a float placed after it (or atop the next page)."""
    ids = list(plan.by_pledge.get(pledge_no, ()))
    if not ids:
        return None
    width = min(setter.g.measure, 120 * MM)
    drawings = charts(report, width, ids)
    rows = chart_rows(setter, [(cid, drawings[cid]) for cid in ids if cid in drawings], 1, width, plan.numbers)
    rows[0].bookmarks.append((figure_key(pledge_no), "", -1))  # a named destination: the pledge cites its page
    return Float(rows, f"figure {pledge_no}")


def figure_key(pledge_no: int) -> str:
    return f"figure-{pledge_no}"
