"""Layout stage: the document: page templates, two layout passes, running heads, folios, page labels, metadata.

In: a `Report`, a paper key and the colour model (RGB or CMYK). Out: `RenderResult`: the PDF bytes (built in
memory; the caller writes them atomically), the page count, the page of every destination, and the
composer's warnings. The first pass learns where every section, pledge and part lands; the second pass
prints those page numbers in the indexes and inserts a blank page before any section opener that would
fall on a verso (pagination inside a part does not depend on its parity: both page sides have the same
frame size). ReportLab's `invariant` mode and dates from the edition data make the bytes reproducible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from content.model import Report
from layout.geometry import PageGeometry, page_geometry
from layout.palette import PALETTE
from layout.story import PagePlan, Story, build_story
from layout.styles import STYLES
from layout.typefaces import INITIAL_FONT, register_fonts


class LayoutPassError(RuntimeError):
    """The second pass did not land where the first pass predicted (an internal error)."""


@dataclass(frozen=True)
class RenderResult:
    """A rendered booklet: the PDF bytes, its page count, where each destination landed, and warnings."""

    pdf: bytes
    pages: int
    destinations: dict[str, int]
    warnings: tuple[str, ...]
    forced_splits: int


class _Booklet(BaseDocTemplate):
    """Left-bound booklet: page 1 is the cover (a recto); odd pages put the binding margin on the left."""

    def __init__(self, stream: io.BytesIO, geometry: PageGeometry, story: Story, cmyk: bool,
                 **kw: object) -> None:
        self.geometry, self.story, self.cmyk = geometry, story, cmyk
        self.destinations: dict[str, int] = {}
        super().__init__(stream, pagesize=(geometry.width, geometry.height), leftMargin=0, rightMargin=0,
                         topMargin=0, bottomMargin=0, **kw)
        g = geometry

        def frame(name: str) -> Frame:
            return Frame(g.frame_left(1), g.frame_bottom, g.measure, g.frame_height,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)

        self.addPageTemplates([PageTemplate(id="cover", frames=[frame("cover")], onPage=self._cover),
                               PageTemplate(id="page", frames=[frame("text")], onPage=self._mirror,
                                            onPageEnd=self._decorate)])

    def _cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.seika_pages = self.destinations
        canv.addPageLabel(0, style="D", start=1)  # /PageLabels: decimal from 1 = the printed folios
        if self.story.draw_cover is not None:
            self.story.draw_cover(canv)

    def _mirror(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Before anything is placed on a page: move the frame to this page's side (recto/verso)."""
        frame = self.pageTemplate.frames[0]
        frame._x1 = self.geometry.frame_left(self.page)
        frame._geom()

    def _fill(self, canv: Canvas, role: str) -> None:
        swatch = PALETTE[role]
        if self.cmyk:
            canv.setFillColorCMYK(*swatch.cmyk01)
        else:
            canv.setFillColorRGB(*swatch.rgb01)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running head (the part or section) and folio, both on the outer edge; blanks get a folio only."""
        g, page = self.geometry, canv.getPageNumber()
        fonts = register_fonts()
        recto = page % 2 == 1
        x = g.outer_edge_x(page)
        draw = canv.drawRightString if recto else canv.drawString
        self._fill(canv, "text")
        head = getattr(canv, "seika_section", "")
        if head:
            canv.setFont(fonts[STYLES["head"].role], STYLES["head"].size * g.body_size)
            draw(x, g.head_baseline, head)
        canv.setFont(fonts[STYLES["folio"].role], STYLES["folio"].size * g.body_size)
        draw(x, g.folio_baseline, str(page))


def _layout(report: Report, geometry: PageGeometry, plan: PagePlan, cmyk: bool, links: bool,
            meta: dict[str, object]) -> tuple[bytes, int, dict[str, int], Story]:
    story = build_story(report, geometry, plan, cmyk=cmyk, links=links)
    stream = io.BytesIO()
    doc = _Booklet(stream, geometry, story, cmyk, **meta)
    doc.build(list(story.flowables))
    return stream.getvalue(), doc.page, dict(doc.destinations), story


def _blank_plan(pages: dict[str, int], parts: tuple[str, ...]) -> PagePlan:
    """Blank pages so that every section opener starts on a recto, and the shifted page of every key."""
    starts = sorted((pages[k], k) for k in parts if k in pages)
    blanks: list[tuple[int, str]] = []  # (first-pass page the blank goes before, part key)
    shift = 0
    for page, key in starts:
        if key.startswith("section-") and (page + shift) % 2 == 0:
            blanks.append((page, key))
            shift += 1
    shifted = {k: p + sum(1 for b, _ in blanks if b <= p) for k, p in pages.items()}
    return PagePlan(shifted, frozenset(k for _, k in blanks))


def render_pdf(report: Report, *, paper: str = "a4", cmyk: bool = False, links: bool = True) -> RenderResult:
    """Lay out the whole booklet (two passes) and return the PDF bytes."""
    register_fonts()
    geometry = page_geometry(paper)
    ed = report.edition
    meta: dict[str, object] = dict(
        title=f"{ed.title}{ed.subtitle}", author=report.source.issuer,
        subject=f"{ed.title}{ed.subtitle} 第{ed.number}版（{ed.id}）", creator="seika",
        producer="seika (ReportLab)", lang="ja-JP", invariant=1, pageCompression=1,
        initialFontName=INITIAL_FONT, displayDocTitle=1)
    _, _, first, story = _layout(report, geometry, PagePlan(), cmyk, links, meta)
    plan = _blank_plan(first, story.part_keys)
    pdf, pages, landed, story = _layout(report, geometry, plan, cmyk, links, meta)
    if landed != plan.pages:
        moved = sorted(k for k in landed if landed[k] != plan.pages.get(k))[:5]
        raise LayoutPassError(f"the second layout pass moved {moved}; the printed page numbers would be wrong")
    forced = sum(getattr(f, "forced_splits", 0) for f in story.flowables)
    return RenderResult(pdf, pages, landed, tuple(dict.fromkeys(story.warnings)), forced)
