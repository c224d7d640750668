"""Layout stage: the document: page templates (mirrored recto/verso frames), running heads, folios, metadata.

In: a `Report`, a paper key and whether colours are CMYK. Out: `RenderResult`: the PDF bytes (built in
memory; the caller writes them atomically), the page count and the composer's warnings. Uses ReportLab's
`invariant` mode and sets every date from the edition data, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from content.model import Report
from layout.geometry import PageGeometry, page_geometry
from layout.palette import PALETTE
from layout.story import build_story
from layout.styles import STYLES
from layout.typefaces import INITIAL_FONT, register_fonts


@dataclass(frozen=True)
class RenderResult:
    """A rendered booklet: the PDF bytes, its page count and the composer's warnings."""

    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    forced_splits: int


class _Booklet(BaseDocTemplate):
    """Left-bound booklet: page 1 is a recto; odd pages put the binding margin on the left."""

    def __init__(self, stream: io.BytesIO, geometry: PageGeometry, cmyk: bool, **kw: object) -> None:
        self.geometry = geometry
        self.cmyk = cmyk
        super().__init__(stream, pagesize=(geometry.width, geometry.height), leftMargin=0, rightMargin=0,
                         topMargin=0, bottomMargin=0, **kw)
        g = geometry
        frame = Frame(g.frame_left(1), g.frame_bottom, g.measure, g.frame_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._mirror,
                                            onPageEnd=self._decorate)])

    def _mirror(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Before anything is placed on a page: move the frame to this page's side (recto/verso)."""
        frame = self.pageTemplate.frames[0]
        frame._x1 = self.geometry.frame_left(self.page)
        frame._geom()

    def _colour(self, canv: Canvas, role: str) -> None:
        swatch = PALETTE[role]
        if self.cmyk:
            canv.setFillColorCMYK(*swatch.cmyk01)
        else:
            canv.setFillColorRGB(*swatch.rgb01)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running head (the section) and folio, both on the outer edge of the page."""
        g, page = self.geometry, canv.getPageNumber()
        fonts = register_fonts()
        recto = page % 2 == 1
        self._colour(canv, "text")
        head = getattr(canv, "seika_section", "")
        if head:
            size = STYLES["head"].size * g.body_size
            canv.setFont(fonts[STYLES["head"].role], size)
            x = g.outer_edge_x(page)
            (canv.drawRightString if recto else canv.drawString)(x, g.head_baseline, head)
        size = STYLES["folio"].size * g.body_size
        canv.setFont(fonts[STYLES["folio"].role], size)
        x = g.outer_edge_x(page)
        (canv.drawRightString if recto else canv.drawString)(x, g.folio_baseline, str(page))


def render_pdf(report: Report, *, paper: str = "a4", cmyk: bool = False) -> RenderResult:
    """Lay out the booklet body and return the PDF bytes."""
    register_fonts()
    geometry = page_geometry(paper)
    story = build_story(report, geometry, cmyk=cmyk)
    stream = io.BytesIO()
    doc = _Booklet(stream, geometry, cmyk, title=report.source.title, author=report.source.issuer,
                   subject=f"{report.edition.id} 第{report.edition.number}版", creator="seika",
                   producer="seika (ReportLab)", lang="ja-JP", invariant=1, pageCompression=1,
                   initialFontName=INITIAL_FONT, displayDocTitle=1)
    blocks = list(story.flowables)
    doc.build(story.flowables)
    forced = sum(getattr(f, "forced_splits", 0) for f in blocks)
    return RenderResult(stream.getvalue(), doc.page, tuple(story.warnings), forced)
