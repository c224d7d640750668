"""Layout stage: the document: page templates, two layout passes, running heads, folios, page labels, metadata.

In: a `Report` and a paper key. Out: `LaidOut`, the booklet laid out once for every output profile: the PDF
bytes (built in memory, in the palette's RGB, in trim coordinates with full-bleed artwork run BLEED past
the trim, every link and destination present), the page count, the page of every destination, the page
plan and the composer's warnings. `layout.output` turns it into each profile's file without laying it out
again. The first (draft) pass learns where every section, pledge and part lands; the final pass prints
those page numbers in the indexes and inserts a blank page before any section opener that would fall on a
verso (pagination inside a part does not depend on its parity: both page sides have the same frame size).
`LAYOUT_PASSES` counts the passes by kind. ReportLab's `invariant` mode and dates from the edition data make
the bytes reproducible.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from content.model import Report
from layout.geometry import BLEED, MM, PageGeometry, page_geometry
from layout.palette import PALETTE, ink_on, section_role
from layout.parts.common import Float
from layout.story import PADDING_BEFORE, PagePlan, Story, build_story
from layout.styles import DESIGN, STYLES
from layout.compose import Line, compose_paragraph
from layout.flowables import draw_lines
from layout.indexes import fit_title
from layout.typefaces import INITIAL_FONT, metrics, register_fonts

# Layout passes made in this process, by kind ("draft", "final"): one of each per (edition, paper),
# whatever the number of profiles emitted from it.
LAYOUT_PASSES: Counter[str] = Counter()


class LayoutPassError(RuntimeError):
    """The second pass did not land where the first pass predicted (an internal error)."""


@dataclass(frozen=True)
class LaidOut:
    """The booklet laid out once: the profile-neutral PDF bytes, its page count, where each destination
    landed, the page plan, the geometry, and the composer's warnings."""

    pdf: bytes
    pages: int
    destinations: dict[str, int]
    warnings: tuple[str, ...]
    forced_splits: int
    plan: PagePlan
    geometry: PageGeometry


class _Booklet(BaseDocTemplate):
    """Left-bound booklet: page 1 is the cover (a recto); odd pages put the binding margin on the left.
    The page is the trim; the output stage adds the bleed, slug and marks a profile asks for."""

    def __init__(self, stream: io.BytesIO, geometry: PageGeometry, story: Story, draft: bool = False,
                 **kw: object) -> None:
        self.geometry, self.story, self.draft = geometry, story, draft
        self.destinations: dict[str, int] = {}
        self._waiting: list[Flowable] = []  # floats that wait for the next page
        g = geometry
        super().__init__(stream, pagesize=(g.width, g.height), leftMargin=0, rightMargin=0, topMargin=0,
                         bottomMargin=0, **kw)

        def frame(name: str) -> Frame:
            return Frame(g.frame_left(1), g.frame_bottom, g.measure, g.frame_height,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)

        self.addPageTemplates([PageTemplate(id="cover", frames=[frame("cover")], onPage=self._cover),
                               PageTemplate(id="page", frames=[frame("text")], onPage=self._mirror,
                                            onPageEnd=self._decorate)])

    def _begin(self, canv: Canvas) -> None:
        canv.seika_pages = self.destinations
        canv.seika_draft = self.draft
        canv.seika_bare = False          # set by a PageMark: no running head on this page
        canv.seika_back_cover = False    # set by the colophon's PageMark: 表4, no folio

    def _cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._begin(canv)
        canv.addPageLabel(0, style="D", start=1)  # /PageLabels: decimal from 1 = the printed folios
        if self.story.draw_cover is not None and not self.draft:
            self.story.draw_cover(canv)

    def _mirror(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Before anything is placed on a page: move the frame to this page's side (recto/verso)."""
        self._begin(canv)
        frame = self.pageTemplate.frames[0]
        frame._x1 = self.geometry.frame_left(self.page)
        frame._geom()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """ReportLab's, with floats: a `Float` that the rest of the frame cannot hold waits, the text goes
        on, and it is placed first on the next page (within one page of the pledge that cites it). At the
        end of a part (a page break) a waiting float takes a page of its own part before the break."""
        frame = getattr(self, "frame", None)
        if self._waiting and frame is not None and frame._atTop:
            flowables[0:0] = self._waiting
            self._waiting = []
        first = flowables[0] if flowables else None
        if self._waiting and isinstance(first, PageBreak):
            # the part ends here: its waiting figures take the next page of their own part, never the
            # top of the next part (or a padding page)
            flowables[0:0] = [PageBreak(), *self._waiting]
            self._waiting = []
            first = flowables[0]
        if isinstance(first, Float) and frame is not None and not frame._atTop:
            room = frame._y - frame._y1p  # what is left of the frame
            _, height = first.wrap(frame._aW, room)
            if height > room + 1e-6:
                self._waiting.append(flowables.pop(0))
                if not flowables:  # nothing left to go on with: the float starts the next page
                    flowables.append(self._waiting.pop())
                    self.handle_frameEnd()
                return
        super().handle_flowable(flowables)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Page furniture: the running head (the part or section, except on opener, contents and padding
        pages), the thumb tab of the section on the fore-edge, and the folio, all on the outer edge; 表4
        has neither folio nor tab."""
        g, page = self.geometry, canv.getPageNumber()
        if getattr(canv, "seika_back_cover", False):
            return
        fonts = register_fonts()
        recto = page % 2 == 1
        x = g.outer_edge_x(page)
        draw = canv.drawRightString if recto else canv.drawString
        tab = getattr(canv, "seika_tab", None)
        if tab:
            self._tab(canv, tab, recto)
        canv.setFillColorRGB(*PALETTE["text"].rgb01)
        head = getattr(canv, "seika_head", "")
        if head and not getattr(canv, "seika_bare", False):
            role = STYLES["head"].role
            size = STYLES["head"].size * g.body_size
            line = _head_line(head, role, size, g.measure)
            draw_lines(canv, fonts[role], size, [(line, x - line.natural if recto else x, g.head_baseline)])
        canv.setFont(fonts[STYLES["folio"].role], STYLES["folio"].size * g.body_size)
        draw(x, g.folio_baseline, str(page))

    def _tab(self, canv: Canvas, number: int, recto: bool) -> None:
        """The thumb tab (ツメ): a block of the section colour on the fore-edge, run BLEED past the trim,
        one step lower per section, with the section number in the ink that reads on it."""
        g = self.geometry
        width = DESIGN.tab_width_mm * MM
        sections = max(8, self.story.sections)
        step = min(DESIGN.tab_height_mm * MM, g.frame_height / sections)
        top = g.height - g.top_mm * MM - (number - 1) * step
        role = section_role(number)
        x = g.width - width if recto else -BLEED
        canv.setFillColorRGB(*PALETTE[role].rgb01)
        canv.rect(x, top - step, width + BLEED, step, stroke=0, fill=1)
        size = STYLES["folio"].size * g.body_size
        canv.setFillColorRGB(*PALETTE[ink_on(role)].rgb01)
        canv.setFont(register_fonts()[STYLES["badge"].role], size)
        centre = g.width - width / 2 if recto else width / 2
        canv.drawCentredString(centre, top - step / 2 - size * 0.35, f"{number:02d}")


@lru_cache(maxsize=64)
def _head_line(head: str, role: str, size: float, measure: float) -> Line:
    """The running head as one composed line (JLREQ spacing, 四分アキ included); a head longer than the
    measure is cut between phrases and ends with …."""
    m = metrics(role, size)
    line = compose_paragraph(head, m, measure * 4).lines[0]
    if line.natural > measure:
        lines = fit_title(head, m, measure, 1)
        cut = lines[0].text if len(lines) == 1 else lines[0].text.rstrip() + "…"
        line = compose_paragraph(cut, m, measure * 4).lines[0]
    return line


def _layout(report: Report, geometry: PageGeometry, plan: PagePlan, meta: dict[str, object],
            draft: bool = False) -> tuple[bytes, int, dict[str, int], Story]:
    LAYOUT_PASSES["draft" if draft else "final"] += 1
    story = build_story(report, geometry, plan)
    stream = io.BytesIO()
    doc = _Booklet(stream, geometry, story, draft, **meta)
    doc.build(list(story.flowables))
    return stream.getvalue(), doc.page, dict(doc.destinations), story


def _page_plan(pages: dict[str, int], parts: tuple[str, ...], total: int) -> PagePlan:
    """The pages to insert, and the shifted page of every destination. Sections start on the next page;
    only with `DESIGN.recto_openers` does a section that would start on a verso get a blank page before it.
    The padding that makes the page count a multiple of 4 for saddle stitching (at most 3 pages) goes
    together before the back matter (the status index). Every profile gets the same plan, hence the same
    pagination."""
    starts = sorted((pages[k], k) for k in parts if k in pages)
    blanks: dict[str, int] = {}
    first_page = {k: p for p, k in starts}
    shift = 0
    if DESIGN.recto_openers:
        for page, key in starts:
            if key.startswith("section-") and (page + shift) % 2 == 0:
                blanks[key] = 1
                shift += 1
    padding = -(total + shift) % 4
    if padding:
        blanks[PADDING_BEFORE] = blanks.get(PADDING_BEFORE, 0) + padding

    def moved(page: int) -> int:
        return page + sum(n for key, n in blanks.items() if first_page[key] <= page)

    return PagePlan({k: moved(p) for k, p in pages.items()}, blanks)


def layout_booklet(report: Report, paper: str = "a4") -> LaidOut:
    """Lay out the whole booklet once, for every output profile: a draft pass finds where everything
    lands, the final pass prints those page numbers. Raises LayoutPassError if they disagree."""
    register_fonts()
    geometry = page_geometry(paper)
    ed = report.edition
    meta: dict[str, object] = dict(
        title=f"{ed.title}{ed.subtitle}", author=report.source.issuer,
        subject=f"{ed.title}{ed.subtitle} 第{ed.number}版（{ed.id}）", creator="seika",
        producer="seika (ReportLab)", lang="ja-JP", invariant=1, pageCompression=1,
        initialFontName=INITIAL_FONT, displayDocTitle=1)
    _, first_total, first, story = _layout(report, geometry, PagePlan(), meta, draft=True)
    plan = _page_plan(first, story.part_keys, first_total)
    pdf, pages, landed, story = _layout(report, geometry, plan, meta)
    if landed != plan.pages:
        moved = sorted(k for k in landed if landed[k] != plan.pages.get(k))[:5]
        raise LayoutPassError(f"the second layout pass moved {moved}; the printed page numbers would be wrong")
    forced = sum(getattr(f, "forced_splits", 0) for f in story.flowables)
    return LaidOut(pdf, pages, landed, tuple(dict.fromkeys(story.warnings)), forced, plan, geometry)
