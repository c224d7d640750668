"""Layout stage: the Setter, which every booklet part uses to set text and paint in palette colours.

In: a `PageGeometry`. Out: composed paragraphs and their rows (`compose`, `rows`), grid spaces
(`space`), palette colours in the layout's RGB (`colour`, `fill`, `stroke`; the output stage maps them to
CMYK for print), the status icons and chips, and the composer's warnings with where they occurred.
Composition is pure, so a text set twice in the same style and measure (both layout passes) is composed once.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable

from reportlab.pdfgen.canvas import Canvas

from content.model import Pledge, Status
from layout.compose import Paragraph, compose_paragraph
from layout.flowables import BASELINE, Row, paragraph_rows
from layout.geometry import PageGeometry
from layout.palette import PALETTE, ink_on
from layout.styles import COMPOSE_POLICY, LINE, STYLES, Style
from layout.typefaces import FontMetrics, metrics, register_fonts

STATUS_ORDER = (Status.ACHIEVED, Status.IN_PROGRESS, Status.NOT_ACHIEVED)
# The one term per status that the booklet itself prints (chips, counts, legend, indexes): the model's.
STATUS_TERM = {status: status.label for status in Status}


def status_counts(pledges: Iterable[Pledge]) -> Counter[Status]:
    """The pledges counted per status (every part that prints counts takes them from here)."""
    return Counter(p.status for p in pledges)


@lru_cache(maxsize=16384)
def _composed(text: str, role: str, size: float, measure: float, first_indent: float = 0.0,
              min_last: int = 1, justify: bool = True) -> Paragraph:
    return compose_paragraph(text, metrics(role, size), measure, first_indent=first_indent,
                             policy=COMPOSE_POLICY, min_last=min_last, justify=justify)


class Setter:
    """Composes texts in a style and turns them into rows; paints with palette roles; collects the
    composer's warnings with where they occurred."""

    def __init__(self, geometry: PageGeometry) -> None:
        self.g = geometry
        self.fonts = register_fonts()
        self.warnings: list[str] = []

    @property
    def line(self) -> float:
        """The grid line: body size × LINE."""
        return self.g.body_size * LINE

    def size(self, style_name: str) -> float:
        return STYLES[style_name].size * self.g.body_size

    def colour(self, role: str) -> tuple[float, ...]:
        return PALETTE[role].rgb01

    def fill(self, canv: Canvas, role: str) -> None:
        canv.setFillColorRGB(*self.colour(role))

    def stroke(self, canv: Canvas, role: str) -> None:
        canv.setStrokeColorRGB(*self.colour(role))

    def metrics(self, role: str, size: float) -> FontMetrics:
        return metrics(role, size)

    def compose(self, text: str, style: Style, where: str, measure: float | None = None,
                size: float | None = None, first_indent: float = 0.0) -> Paragraph:
        """Compose `text` in `style` at `measure` points (default: the body measure less the style's indent)."""
        size = size or style.size * self.g.body_size
        if measure is None:
            measure = self.g.measure - style.indent * self.g.body_size
        paragraph = _composed(text, style.role, size, measure, first_indent, style.min_last, style.justify)
        self.warnings += [f"{where}: {w.kind}: {w.message}" for w in paragraph.warnings]
        return paragraph

    def rows(self, text: str, style_name: str, where: str, *, x: float | None = None,
             width: float | None = None, keep_first: bool = False, bullet: bool = False,
             url: str | None = None, keep_all: bool = False, colour: str | None = None,
             first_indent: float = 0.0) -> list[Row]:
        """One row per composed line of `text`; `x` and `width` (points) place it in a column of the
        measure (default: the style's indent and the rest of the measure)."""
        style = STYLES[style_name]
        size = style.size * self.g.body_size
        left = style.indent * self.g.body_size if x is None else x
        measure = self.g.measure - left if width is None else width
        paragraph = self.compose(text, style, where, measure, first_indent=first_indent * self.g.body_size)
        rows = paragraph_rows(paragraph, self.fonts[style.role], size,
                              size * style.leading, left, self.colour(colour or style.colour),
                              keep_first=keep_first, bullet=bullet, url=url)
        if keep_all:
            for row in rows:
                row.break_after = False
        return rows

    def space(self, lines: float, *, break_after: bool = True) -> list[Row]:
        """Vertical space of `lines` grid lines (dropped at the top of a new page)."""
        return [Row(lines * self.line, None, break_after, space=True)] if lines > 0 else []

    def icon(self, canv: Canvas, status: Status, cx: float, cy: float, r: float,
             role: str | None = None) -> None:
        draw_status_icon(canv, status, cx, cy, r, self.colour(role or status.value))

    def chip(self, canv: Canvas, status: Status, x: float, baseline: float, width: float) -> None:
        """The status chip: a rounded label in the status colour holding the icon and the status term in
        the ink that reads on it (contrast ≥ 4.5:1). Shape and word both carry the status, so it reads in
        monochrome."""
        size = self.size("chip")
        height = size * 1.5
        bottom = baseline - size * 0.35
        self.fill(canv, status.value)
        canv.roundRect(x, bottom, width, height, height * 0.3, stroke=0, fill=1)
        ink = ink_on(status.value)
        self.icon(canv, status, x + size * 0.75, bottom + height / 2, size * 0.45, role=ink)
        self.fill(canv, ink)
        canv.setFont(self.fonts[STYLES["chip"].role], size)
        canv.drawString(x + size * 1.35, baseline, STATUS_TERM[status])

    def badge(self, canv: Canvas, number: str, x: float, baseline: float, width: float, role: str,
              size: float | None = None) -> None:
        """A number badge: the number in a rounded field of the section colour, in the ink that reads on it."""
        size = size or self.size("badge")
        height = size * 1.45
        bottom = baseline - size * 0.33
        self.fill(canv, role)
        canv.roundRect(x, bottom, width, height, height * 0.25, stroke=0, fill=1)
        self.fill(canv, ink_on(role))
        canv.setFont(self.fonts[STYLES["badge"].role], size)
        canv.drawCentredString(x + width / 2, baseline, number)


def draw_status_icon(canv: Canvas, status: Status, cx: float, cy: float, r: float,
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


def text_baseline(y: float, height: float, size: float) -> float:
    """The baseline of text of `size` centred in a row of `height` whose bottom is at `y`."""
    return y + (height - size) / 2 + BASELINE * size
