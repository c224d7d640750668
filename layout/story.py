"""Layout stage: the report → the booklet's flowables, in order. With `layout.matter`, the layout's reader
of the content model.

In: a validated `Report`, a `PageGeometry` and a `PagePlan` (page numbers of every destination and the
parts that need a blank page before them, both from the first layout pass). Out: a `Story`: the ReportLab
flowables in reading order: cover, highlights, contents, per section an opener (on a recto) with its status
counts and pledge index followed by its pledges (one `RowBlock` each), the status index and the colophon on
the last page; plus the composer's warnings with the pledge they concern. Every text is set with the JLREQ
composer; nothing here uses ReportLab's own paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from typing import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from content.model import BodyKind, Pledge, Report, Section, Status
from layout.compose import Paragraph, compose_paragraph
from layout.flowables import BASELINE, Row, RowBlock, paragraph_rows
from layout.indexes import Entry, index_rows
from layout.matter import (BottomAligned, colophon_rows, contents_rows, draw_cover, highlight_charts,
                           highlights_rows, index_style, pledge_charts, rule_row, status_counts_row,
                           status_index_rows)
from layout.geometry import PageGeometry
from layout.palette import PALETTE
from layout.styles import STYLES, Style
from layout.typefaces import metrics, register_fonts


@dataclass
class PagePlan:
    """What the first layout pass learnt: the page of every destination, and the parts (by key) that
    need a blank page before them so that they start on a recto."""

    pages: dict[str, int] = field(default_factory=dict)
    blank_before: dict[str, int] = field(default_factory=dict)  # part key → blank pages before it

    def page_of(self, key: str) -> int:
        return self.pages.get(key, 0)


@dataclass
class Story:
    """The flowables of the booklet, plus what the composer had to warn about."""

    flowables: list[Flowable]
    warnings: list[str] = field(default_factory=list)
    draw_cover: Callable[[Canvas], None] | None = None
    part_keys: tuple[str, ...] = ()


class SectionMark(Flowable):
    """Zero-size marker: from here on, the running head shows this section's title."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.seika_section = self.title  # read by the page decoration at the page's end


@lru_cache(maxsize=8192)
def _composed(text: str, role: str, size: float, measure: float) -> Paragraph:
    """Composition is pure, so both layout passes and all three profiles share one result per text."""
    return compose_paragraph(text, metrics(role, size), measure)


class Setter:
    """Composes texts in a style and turns them into rows; paints with palette roles (their RGB: the
    output stage maps each to its CMYK for print); collects the composer's warnings with where they occurred."""

    def __init__(self, geometry: PageGeometry) -> None:
        self.g = geometry
        self.fonts = register_fonts()
        self.warnings: list[str] = []

    def colour(self, role: str) -> tuple[float, ...]:
        return PALETTE[role].rgb01

    def fill(self, canv: Canvas, role: str) -> None:
        canv.setFillColorRGB(*self.colour(role))

    def stroke(self, canv: Canvas, role: str) -> None:
        canv.setStrokeColorRGB(*self.colour(role))

    def icon(self, canv: Canvas, status: Status, cx: float, cy: float, r: float) -> None:
        draw_status_icon(canv, status, cx, cy, r, self.colour(status.value))

    def metrics(self, role: str, size: float):  # type: ignore[no-untyped-def]
        return metrics(role, size)

    def compose(self, text: str, style: Style, where: str, indent: float | None = None) -> Paragraph:
        size = style.size * self.g.body_size
        measure = self.g.measure - (style.indent if indent is None else indent) * self.g.body_size
        paragraph = _composed(text, style.role, size, measure)
        self.warnings += [f"{where}: {w.kind}: {w.message}" for w in paragraph.warnings]
        return paragraph

    def rows(self, text: str, style_name: str, where: str, *, keep_first: bool = False, bullet: bool = False,
             url: str | None = None, keep_all: bool = False, indent: float | None = None) -> list[Row]:
        style = STYLES[style_name]
        size = style.size * self.g.body_size
        x = (style.indent if indent is None else indent) * self.g.body_size
        rows = paragraph_rows(self.compose(text, style, where, indent), self.fonts[style.role], size,
                              size * style.leading, x, self.colour(style.colour),
                              keep_first=keep_first, bullet=bullet, url=url)
        if keep_all:
            for row in rows:
                row.break_after = False
        return rows

    def space(self, em: float, *, break_after: bool = True) -> list[Row]:
        return [Row(em * self.g.body_size, None, break_after, space=True)] if em > 0 else []


def _badge_row(setter: Setter, pledge: Pledge) -> Row:
    """The pledge's number badge, its status icon and its one status label token (【達成】 …)."""
    g, style = setter.g, STYLES["badge"]
    size = style.size * g.body_size
    height = size * style.leading
    font = setter.fonts[style.role]
    number = f"{pledge.no}"
    label = f"【{pledge.status.label}】"
    text_colour, icon_colour = setter.colour("text"), setter.colour(pledge.status.value)

    def draw(canv, y):  # type: ignore[no-untyped-def]
        baseline = y + (height - size) / 2 + BASELINE * size
        width = max(canv.stringWidth(number, font, size) + size * 0.8, size * 2.2)
        canv.setStrokeColorRGB(*text_colour)
        canv.setFillColorRGB(*text_colour)
        canv.setLineWidth(0.6)
        canv.roundRect(0, baseline - size * 0.3, width, size * 1.3, size * 0.3, stroke=1, fill=0)
        canv.setFont(font, size)
        canv.drawCentredString(width / 2, baseline, number)
        cx, cy, r = width + size * 1.1, baseline + size * 0.35, size * 0.5
        draw_status_icon(canv, pledge.status, cx, cy, r, icon_colour)
        canv.setFillColorRGB(*text_colour)
        canv.setFont(font, size)
        canv.drawString(cx + r + size * 0.5, baseline, label)

    return Row(height, draw, break_after=False)


def draw_status_icon(canv, status: Status, cx: float, cy: float, r: float,  # type: ignore[no-untyped-def]
                     colour: tuple[float, ...]) -> None:
    """○ △ × as vector shapes: shape-coded, so they read in monochrome; coloured from the CUD palette."""
    canv.setStrokeColorRGB(*colour)
    canv.setLineWidth(r * 0.32)
    if status is Status.ACHIEVED:
        canv.circle(cx, cy, r * 0.84, stroke=1, fill=0)
    elif status is Status.IN_PROGRESS:
        path = canv.beginPath()
        path.moveTo(cx, cy + r * 0.92)
        path.lineTo(cx + r * 0.95, cy - r * 0.72)
        path.lineTo(cx - r * 0.95, cy - r * 0.72)
        path.close()
        canv.drawPath(path, stroke=1, fill=0)
    else:
        d = r * 0.72
        canv.line(cx - d, cy - d, cx + d, cy + d)
        canv.line(cx - d, cy + d, cx + d, cy - d)


def _pledge_block(setter: Setter, pledge: Pledge) -> RowBlock:
    where = f"pledge {pledge.no}"
    badge = _badge_row(setter, pledge)
    badge.bookmarks.append((f"pledge-{pledge.no}", f"{pledge.no} {pledge.title}", 1))
    rows = [badge]
    rows += setter.rows(pledge.title, "title", where, keep_all=True)
    rows += setter.space(STYLES["title"].after, break_after=False)
    for i, item in enumerate(pledge.body):
        if i:
            rows += setter.space(STYLES["body"].after if item.kind is not BodyKind.SUBHEADING
                                 else STYLES["subheading"].before)
        first = i == 0
        if item.kind is BodyKind.SUBHEADING:
            rows += setter.rows(item.text, "subheading", where, keep_all=True)
        elif item.kind is BodyKind.LINK:
            rows += setter.rows(item.text, "body", where, keep_first=first, url=item.url)
        else:
            rows += setter.rows(item.text, "body", where, keep_first=first, bullet=item.kind is BodyKind.BULLET)
    if not pledge.body:
        rows[-1].break_after = True
    return RowBlock(rows, setter.g.frame_height, space_before=STYLES["badge"].before * setter.g.body_size,
                    name=where)


def _opener(setter: Setter, section: Section, index: int, plan: PagePlan) -> list[Row]:
    """A section opener: the title, its status counts and its pledge index (number, short title, page)."""
    rows = setter.rows(section.title, "section", f"section {section.title}", keep_all=True)
    rows[0].bookmarks.append((f"section-{index}", section.title, 0))
    counts = {s: sum(1 for p in section.pledges if p.status is s) for s in Status}
    rows.append(status_counts_row(setter, counts, len(section.pledges)))
    rows += setter.space(0.5, break_after=False)
    entries = [Entry(str(p.no), p.short_title or p.title, f"pledge-{p.no}") for p in section.pledges]
    columns = 2 if len(entries) > 8 else 1
    rows += index_rows(entries, index_style(setter), setter.g.measure, plan.page_of, columns=columns,
                       gutter=setter.g.body_size * 2)
    rows.append(rule_row(setter, setter.g.body_size * 1.5, break_after=True))
    return rows


def build_story(report: Report, geometry: PageGeometry, plan: PagePlan | None = None) -> Story:
    """The whole booklet in reading order, the same for every output profile. Parts that must start on a
    recto get a blank page before them when `plan.blank_before` names them."""
    plan = plan or PagePlan()
    setter = Setter(geometry)
    frame = geometry.frame_height

    def block(rows: list[Row], name: str) -> RowBlock:
        return RowBlock(rows, frame, name=name)

    def new_part(key: str, head: str) -> list[Flowable]:
        out: list[Flowable] = [PageBreak()]
        for _ in range(plan.blank_before.get(key, 0)):
            out += [SectionMark(""), PageBreak()]
        return out + [SectionMark(head)]

    flowables: list[Flowable] = [SectionMark(""), NextPageTemplate("page"), PageBreak()]
    flowables += [SectionMark("成果のあらまし"), block(highlights_rows(setter, report), "highlights"), PageBreak(),
                  block(setter.rows("主な数値の推移", "section", "charts", keep_all=True)
                        + highlight_charts(setter, report), "highlight charts")]
    flowables += new_part("contents", "目次") + [block(contents_rows(setter, report, plan.page_of), "contents")]
    parts = ["contents"]
    for index, section in enumerate(report.sections, 1):
        key = f"section-{index}"
        parts.append(key)
        flowables += new_part(key, section.title)
        flowables.append(block(_opener(setter, section, index, plan), f"opener {index}"))
        for pledge in section.pledges:
            flowables.append(_pledge_block(setter, pledge))
            figures = pledge_charts(setter, report, pledge.no)
            if figures:
                flowables.append(RowBlock(figures, frame, space_before=geometry.body_size, name=f"charts {pledge.no}"))
    flowables += new_part("status-index", "取組中・未達成の項目一覧")
    flowables.append(block(status_index_rows(setter, report, plan.page_of), "status index"))
    flowables += new_part("colophon", "") + [BottomAligned(colophon_rows(setter, report))]
    parts += ["status-index", "colophon"]
    return Story(flowables, setter.warnings, lambda canv: draw_cover(canv, setter, report), tuple(parts))
