"""Layout stage: the report → the booklet's flowables, in reading order, from the parts of `layout.parts`.

In: a validated `Report`, a `PageGeometry` and a `PagePlan` (the page of every destination and the padding
before the back matter, both from the first layout pass). Out: a `Story`: the ReportLab flowables in order:
表1 (drawn by the cover template), 成果のあらまし and 主な数値の推移 (the highlights spread), 目次, per section
its opener and its pledge blocks (a pledge's figure floats after it), the saddle-stitch padding (「メモ」
pages), the status index, and the colophon on 表4; plus the composer's warnings with the pledge they
concern. Each section starts on the next page, recto or verso (`DESIGN.recto_openers` adds blank pages to
start them on rectos instead). Every text is set with the JLREQ composer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from content.model import Report
from layout.geometry import PageGeometry
from layout.parts.charts_page import charts_page_rows, figure_key, figure_plan, pledge_figure
from layout.parts.colophon import colophon_rows
from layout.parts.common import BottomAligned, MemoPage, PageMark
from layout.parts.contents import STATUS_INDEX_TITLE, contents_rows
from layout.parts.cover import draw_cover
from layout.parts.highlights import highlights_rows
from layout.parts.opener import opener_rows
from layout.parts.pledge import pledge_block
from layout.parts.status_index import status_index_rows
from layout.flowables import RowBlock
from layout.setter import Setter
from layout.styles import DESIGN


@dataclass
class PagePlan:
    """What the first layout pass learnt: the page of every destination, and the pages to insert before
    parts (by key): blank pages before recto openers (only with `DESIGN.recto_openers`) and the padding
    before the back matter."""

    pages: dict[str, int] = field(default_factory=dict)
    blank_before: dict[str, int] = field(default_factory=dict)  # part key → pages inserted before it

    def page_of(self, key: str) -> int:
        return self.pages.get(key, 0)


@dataclass
class Story:
    """The flowables of the booklet, plus what the composer had to warn about."""

    flowables: list[Flowable]
    warnings: list[str] = field(default_factory=list)
    draw_cover: Callable[[Canvas], None] | None = None
    part_keys: tuple[str, ...] = ()
    sections: int = 0


BACK_MATTER = "status-index"
PADDING_BEFORE = "colophon"  # saddle-stitch padding (「メモ」 pages) goes at the end, before 表4


def build_story(report: Report, geometry: PageGeometry, plan: PagePlan | None = None) -> Story:
    """The whole booklet in reading order, the same for every output profile."""
    plan = plan or PagePlan()
    setter = Setter(geometry)
    figures = figure_plan(report)
    frame = geometry.frame_height

    def block(rows: list, name: str) -> RowBlock:  # type: ignore[type-arg]
        return RowBlock(rows, frame, name=name)

    def inserted(key: str) -> list[Flowable]:
        """The pages the plan inserts before part `key`: padding pages (「メモ」) at the end, before 表4,
        blank pages before recto openers."""
        out: list[Flowable] = []
        for _ in range(plan.blank_before.get(key, 0)):
            if key == PADDING_BEFORE and DESIGN.memo_padding:
                out += [PageMark("", None, bare=True, set_tab=True), MemoPage(setter), PageBreak()]
            else:
                out += [PageMark("", None, bare=True, set_tab=True), PageBreak()]
        return out

    flowables: list[Flowable] = [NextPageTemplate("page"), PageBreak()]
    flowables += [PageMark("成果のあらまし", None, bare=True, set_tab=True),
                  block(highlights_rows(setter, report), "highlights"), PageBreak(),
                  PageMark("主な数値の推移", bare=True), block(charts_page_rows(setter, report, figures), "charts"), PageBreak()]
    flowables += [PageMark("目次", bare=True), block(contents_rows(setter, report, plan.page_of), "contents")]
    parts = ["contents"]
    for index, section in enumerate(report.sections, 1):
        key = f"section-{index}"
        parts.append(key)
        flowables.append(PageBreak())
        flowables += inserted(key)
        flowables += [PageMark(section.title, index, bare=True),
                      block(opener_rows(setter, section, index, plan.page_of), f"opener {index}")]
        for pledge in section.pledges:
            flowables.append(pledge_block(setter, pledge, index, figures.cited(pledge.no),
                                          plan.page_of(figure_key(pledge.no))))
            figure = pledge_figure(setter, report, pledge.no, figures)
            if figure is not None:
                flowables.append(figure)
    flowables.append(PageBreak())
    flowables += inserted(BACK_MATTER)
    flowables += [PageMark(STATUS_INDEX_TITLE, None, bare=True, set_tab=True),
                  block(status_index_rows(setter, report, plan.page_of), "status index"), PageBreak()]
    flowables += inserted(PADDING_BEFORE)
    flowables += [PageMark("", None, bare=True, back_cover=True, set_tab=True),
                  BottomAligned(colophon_rows(setter, report))]
    parts += [BACK_MATTER, "colophon"]
    return Story(flowables, setter.warnings, lambda canv: draw_cover(canv, setter, report), tuple(parts),
                 len(report.sections))
