"""Layout stage: the report → the booklet's flowables. The only reader of the content model in layout.

In: a validated `Report` and a `PageGeometry`. Out: a `Story`: the ReportLab flowables in reading order
(each section on a new page, each pledge one `RowBlock`), and the composer's warnings with the pledge
they concern. Every text is set with the JLREQ composer; nothing here uses ReportLab's own paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable, PageBreak

from content.model import BodyKind, Pledge, Report, Section, Status
from layout.compose import Paragraph, compose_paragraph
from layout.flowables import BASELINE, Row, RowBlock, paragraph_rows
from layout.geometry import PageGeometry
from layout.palette import PALETTE
from layout.styles import STYLES, Style
from layout.typefaces import metrics, register_fonts


@dataclass
class Story:
    """The flowables of the booklet body, plus what the composer had to warn about."""

    flowables: list[Flowable]
    warnings: list[str] = field(default_factory=list)


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


class _Setter:
    """Composes texts in a style and turns them into rows; collects warnings with their pledge."""

    def __init__(self, geometry: PageGeometry, cmyk: bool) -> None:
        self.g = geometry
        self.cmyk = cmyk
        self.fonts = register_fonts()
        self.warnings: list[str] = []

    def colour(self, role: str) -> tuple[float, ...]:
        swatch = PALETTE[role]
        return swatch.cmyk01 if self.cmyk else swatch.rgb01

    def compose(self, text: str, style: Style, where: str) -> Paragraph:
        size = style.size * self.g.body_size
        measure = self.g.measure - style.indent * self.g.body_size
        paragraph = compose_paragraph(text, metrics(style.role, size), measure)
        self.warnings += [f"{where}: {w.kind}: {w.message}" for w in paragraph.warnings]
        return paragraph

    def rows(self, text: str, style_name: str, where: str, *, keep_first: bool = False, bullet: bool = False,
             url: str | None = None, keep_all: bool = False) -> list[Row]:
        style = STYLES[style_name]
        size = style.size * self.g.body_size
        rows = paragraph_rows(self.compose(text, style, where), self.fonts[style.role], size,
                              size * style.leading, style.indent * self.g.body_size, self.colour(style.colour),
                              keep_first=keep_first, bullet=bullet, url=url, cmyk=self.cmyk)
        if keep_all:
            for row in rows:
                row.break_after = False
        return rows

    def space(self, em: float, *, break_after: bool = True) -> list[Row]:
        return [Row(em * self.g.body_size, None, break_after, space=True)] if em > 0 else []


def _badge_row(setter: _Setter, pledge: Pledge) -> Row:
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
        (canv.setStrokeColorCMYK if setter.cmyk else canv.setStrokeColorRGB)(*text_colour)
        (canv.setFillColorCMYK if setter.cmyk else canv.setFillColorRGB)(*text_colour)
        canv.setLineWidth(0.6)
        canv.roundRect(0, baseline - size * 0.3, width, size * 1.3, size * 0.3, stroke=1, fill=0)
        canv.setFont(font, size)
        canv.drawCentredString(width / 2, baseline, number)
        cx, cy, r = width + size * 1.1, baseline + size * 0.35, size * 0.5
        draw_status_icon(canv, pledge.status, cx, cy, r, icon_colour, setter.cmyk)
        (canv.setFillColorCMYK if setter.cmyk else canv.setFillColorRGB)(*text_colour)
        canv.setFont(font, size)
        canv.drawString(cx + r + size * 0.5, baseline, label)

    return Row(height, draw, break_after=False)


def draw_status_icon(canv, status: Status, cx: float, cy: float, r: float,  # type: ignore[no-untyped-def]
                     colour: tuple[float, ...], cmyk: bool) -> None:
    """○ △ × as vector shapes: shape-coded, so they read in monochrome; coloured from the CUD palette."""
    (canv.setStrokeColorCMYK if cmyk else canv.setStrokeColorRGB)(*colour)
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


def _pledge_block(setter: _Setter, pledge: Pledge, head: list[Row]) -> RowBlock:
    where = f"pledge {pledge.no}"
    badge = _badge_row(setter, pledge)
    badge.bookmarks.append((f"pledge-{pledge.no}", f"{pledge.no} {pledge.title}", 1))
    rows = [*head, badge]
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


def _section_head(setter: _Setter, section: Section) -> list[Row]:
    rows = setter.rows(section.title, "section", f"section {section.title}", keep_all=True)
    rows[0].bookmarks.append((f"section-{section.title}", section.title, 0))
    return rows + [Row(STYLES["section"].after * setter.g.body_size, None, False)]


def build_story(report: Report, geometry: PageGeometry, *, cmyk: bool = False) -> Story:
    """The body of the booklet: every section on a new page, every pledge set with the composer."""
    setter = _Setter(geometry, cmyk)
    flowables: list[Flowable] = []
    for index, section in enumerate(report.sections):
        if index:
            flowables.append(PageBreak())
        flowables.append(SectionMark(section.title))
        head = _section_head(setter, section)
        for pledge in section.pledges:
            flowables.append(_pledge_block(setter, pledge, head))
            head = []
    return Story(flowables, setter.warnings)
