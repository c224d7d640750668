"""Layout stage: the ReportLab layer over the composer: rows of composed lines as one splittable flowable.

In: composed paragraphs (`layout.compose.Paragraph`) and the rows around them (badges, spaces). Out:
`RowBlock`, a ReportLab Flowable that draws each glyph at the composer's position and splits across
frames only where a row allows a break after it. Paragraph rows allow a break only where no lone line is
left at a page's bottom or top (2 lines each side), and heading rows never allow one, so a pledge title
stays with its first result line. The ・ of a bullet is drawn here as a vector dot, outside the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from layout.compose import Line, Paragraph, break_allowed
from layout.marked import SPAN_END, needs_span, span_begin
from layout.typefaces import LATIN_FONT

EPS = 1e-6
# Fraction of the font size from the bottom of the em box to the baseline (ideographic em box, BIZ UD).
BASELINE = 0.12
_BLANKS = (" ", "\u3000")

DrawFn = Callable[[Canvas, float], None]  # (canvas, y of the row's bottom edge in flowable space)


@dataclass
class Row:
    """One horizontal slice of a block. `break_after`: may a page/frame end after this row?"""

    height: float
    draw: DrawFn | None = None
    break_after: bool = True
    space: bool = False                       # vertical space only: dropped at the top of a new frame
    bookmarks: list[tuple[str, str, int]] = field(default_factory=list)  # (key, title, level) at its top


def glyph_runs(line: Line) -> list[tuple[float, str, int]]:
    """The line's visible glyphs as (origin x, text, face) runs: consecutive glyphs of one face whose pens
    meet exactly. Spaces are positioning only: a space in the middle of a line is kept (it is in the
    source), a space hung at the line end (zero width) is not drawn."""
    runs: list[tuple[float, str, int]] = []
    glyphs = list(line.glyphs)
    while glyphs and glyphs[-1].char in _BLANKS:
        glyphs.pop()
    pen = None
    for g in glyphs:
        if pen is not None and abs(g.origin - pen) < 1e-3 and runs and runs[-1][2] == g.face:
            x, text, face = runs[-1]
            runs[-1] = (x, text + g.char, face)
        else:
            runs.append((g.origin, g.char, g.face))
        pen = g.origin + g.advance
    return runs


def draw_lines(canv: Canvas, font: str, size: float, placed: Iterable[tuple[Line, float, float]]) -> None:
    """Draw composed lines, each at its (x, baseline), as one text object: every glyph run at the
    composer's origin, in the face the composer chose (face 1: the proportional Latin face of `font`), so
    spacing is positioning only. A line drawn as several runs is one marked-content span whose
    /ActualText is the line's source text, so extractors do not read the gaps as spaces."""
    text = canv.beginText()
    text.setFont(font, size)
    current = font
    for line, x, baseline in placed:
        runs = glyph_runs(line)
        drawn = "".join(run for _, run, _ in runs)
        span = needs_span(drawn, len(runs))
        if span:
            text._code.append(span_begin(drawn))
        for origin, run, face in runs:
            wanted = LATIN_FONT.get(font, font) if face else font
            if wanted != current:
                text.setFont(wanted, size)
                current = wanted
            text.setTextOrigin(x + origin, baseline)
            text.textOut(run)
        if span:
            text._code.append(SPAN_END)
    canv.drawText(text)


def text_line_row(line: Line, font: str, size: float, height: float, x: float, colour: tuple[float, ...],
                  *, break_after: bool, marker: bool = False, url: str | None = None) -> Row:
    """A row drawing one composed line at left offset `x`; `marker` draws the bullet dot in the indent."""

    def draw(canv: Canvas, y: float) -> None:
        baseline = y + (height - size) / 2 + BASELINE * size
        canv.setFillColorRGB(*colour)
        draw_lines(canv, font, size, [(line, x, baseline)])
        if marker:
            canv.circle(x - size / 2, baseline + size * 0.33, size * 0.11, stroke=0, fill=1)
        if url is not None and line.glyphs:
            canv.linkURL(url, (x, baseline - size * 0.2, x + line.width, baseline + size * 0.85),
                         relative=1, thickness=0)

    return Row(height, draw, break_after)


def paragraph_rows(paragraph: Paragraph, font: str, size: float, line_height: float, x: float,
                   colour: tuple[float, ...], *, keep_first: bool = False, bullet: bool = False,
                   url: str | None = None, orphans: int = 2, widows: int = 2) -> list[Row]:
    """One row per composed line. A break is allowed after line i of n only if i >= orphans and
    n - i >= widows, or at the paragraph's end; `keep_first` forbids a break right after the first line."""
    n = len(paragraph.lines)
    rows = []
    for i, line in enumerate(paragraph.lines, 1):
        allowed = break_allowed(i, n, orphans=orphans, widows=widows)
        if keep_first and i == 1 and n > 1:
            allowed = False
        rows.append(text_line_row(line, font, size, line_height, x, colour, break_after=allowed,
                                  marker=bullet and i == 1, url=url))
    return rows


class RowBlock(Flowable):
    """A block of rows that ReportLab can split between rows where a break is allowed.

    `frame_height` lets a block that is taller than a whole frame and has no allowed break in it still
    be split (at the last row that fits) instead of failing the build; such forced splits are counted
    in `forced_splits`.
    """

    def __init__(self, rows: list[Row], frame_height: float, *, space_before: float = 0.0,
                 name: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.frame_height = frame_height
        self.spaceBefore = space_before
        self.name = name
        self.forced_splits = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        self.width = availWidth
        self.height = sum(r.height for r in self.rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        used, fit, best = 0.0, 0, 0
        for i, row in enumerate(self.rows):
            if used + row.height > availHeight + EPS:
                break
            used += row.height
            fit = i + 1
            if row.break_after and fit < len(self.rows):
                best = fit
        if fit == len(self.rows):
            return [self]
        if best == 0:
            if fit == 0 or availHeight < self.frame_height - EPS:
                return []  # move the whole block to the next frame
            best = fit
            self.forced_splits += 1
        head = RowBlock(self.rows[:best], self.frame_height, space_before=self.spaceBefore, name=self.name)
        tail_rows = self.rows[best:]
        while tail_rows and tail_rows[0].space:
            tail_rows = tail_rows[1:]
        tail = RowBlock(tail_rows, self.frame_height, name=self.name)
        tail.forced_splits = self.forced_splits
        return [head, tail]

    def draw(self) -> None:
        draw_rows(self.canv, self.rows, self.height)


def draw_rows(canv: Canvas, rows: list[Row], top: float) -> None:
    """Draw rows downwards from `top` (flowable space). Each bookmark becomes a destination at its row's
    top and an outline entry, and its page is logged in `canv.seika_pages` for the page numbers. On a
    draft canvas (the first layout pass) only the bookmarks are made: pagination never depends on drawing."""
    y = top
    log = getattr(canv, "seika_pages", None)
    draft = getattr(canv, "seika_draft", False)  # a first pass only needs where things land
    for row in rows:
        y -= row.height
        for key, title, level in row.bookmarks:
            canv.bookmarkHorizontal(key, 0, y + row.height)
            if level >= 0:  # a negative level is a named destination only, not an outline entry
                canv.addOutlineEntry(title, key, level=level, closed=level > 0)
            if log is not None:
                log[key] = canv.getPageNumber()
        if row.draw is not None and not draft:
            row.draw(canv, y)
