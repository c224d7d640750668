"""Layout stage, parts: what the booklet's parts share: short text rows, rules, page marks, floats, padding.

In: a `Setter`. Out: `text_row` (one line of short text, set with the composer so that its spacing follows
JLREQ), `rule_row`, `PageMark` (what a page shows around its frame: running head, thumb tab, folio),
`Float` (a figure that moves to the top of the next page when it does not fit, while the text goes on),
`MemoPage` (a saddle-stitch padding page: 「メモ」 and ruled lines, never an empty page), `BottomAligned`,
`with_draw` (a row that also draws something beside it), `index_style`, `natural_width` and the status bar.
"""

from __future__ import annotations

from typing import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from content.model import Report
from layout.flowables import Row, draw_lines, draw_rows
from layout.indexes import IndexStyle
from layout.setter import STATUS_ORDER, Setter, status_counts, text_baseline
from layout.styles import GRID, STYLES, Style

DrawFn = Callable[[Canvas, float], None]


def draw_text(canv: Canvas, setter: Setter, text: str, role: str, size: float, x: float, baseline: float,
              where: str = "label", width: float | None = None) -> tuple[float, int]:
    """Set text with the composer at (x, baseline); returns its widest line's width and its line count.
    Text wider than `width` (default: the measure) wraps onto lines below (1.45 × size apart), flush left
    and never past the frame."""
    measure = width or setter.g.measure
    # a label or a table cell: flush left (ragged), no line of it shorter than 4 characters
    paragraph = setter.compose(text, Style(role, size=size / setter.g.body_size, min_last=4, justify=False),
                               where, measure, size)
    draw_lines(canv, setter.fonts[role], size,
               [(line, x, baseline - n * size * 1.45) for n, line in enumerate(paragraph.lines)])
    return max((line.width for line in paragraph.lines), default=0.0), len(paragraph.lines)


def text_row(setter: Setter, text: str, style_name: str, *, x: float = 0.0, colour: str = "text",
             height: float | None = None, where: str = "label") -> Row:
    """One line of short text (labels and values) in a style, set with the composer."""
    style = STYLES[style_name]
    size = style.size * setter.g.body_size
    h = height or size * style.leading

    def draw(canv: Canvas, y: float) -> None:
        setter.fill(canv, colour)
        draw_text(canv, setter, text, style.role, size, x, text_baseline(y, h, size), where,
                  setter.g.measure - x)

    return Row(h, draw, False)


def rule_row(setter: Setter, height: float, *, break_after: bool, role: str = "rule", weight: float = 0.5,
             x: float = 0.0) -> Row:
    """A hairline across the measure (from `x`), centred in a row of `height`."""

    def draw(canv: Canvas, y: float) -> None:
        setter.stroke(canv, role)
        canv.setLineWidth(weight)
        canv.line(x, y + height / 2, setter.g.measure, y + height / 2)

    return Row(height, draw, break_after)


def with_draw(row: Row, extra: DrawFn) -> Row:
    """The row, also drawing `extra` at its position (a badge beside a title line, a chip beside a line)."""
    inner = row.draw

    def draw(canv: Canvas, y: float) -> None:
        if inner is not None:
            inner(canv, y)
        extra(canv, y)

    return Row(row.height, draw, row.break_after, row.space, row.bookmarks)


class PageMark(Flowable):
    """Zero-size marker for the page furniture. From here on the running head shows `head` and the thumb
    tab section `tab` (when given); `bare` drops the running head on this page (openers, contents);
    `back_cover` marks 表4 (no folio, no tab)."""

    def __init__(self, head: str | None = None, tab: int | None = None, *, bare: bool = False,
                 back_cover: bool = False, set_tab: bool = False) -> None:
        super().__init__()
        self.head, self.tab, self.bare, self.back_cover, self.set_tab = head, tab, bare, back_cover, set_tab
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        if self.head is not None:
            canv.seika_head = self.head
        if self.set_tab or self.tab is not None:
            canv.seika_tab = self.tab
        if self.bare:
            canv.seika_bare = True
        if self.back_cover:
            canv.seika_back_cover = True


class Float(Flowable):
    """A figure placed where it is cited, or, when the rest of the page cannot hold it, at the top of the
    next page while the text goes on (`layout.document` moves it). Draws its rows."""

    def __init__(self, rows: list[Row], name: str) -> None:
        super().__init__()
        self.rows, self.name = rows, name
        self.height = sum(r.height for r in rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        draw_rows(self.canv, self.rows, self.height)


class MemoPage(Flowable):
    """A padding page for saddle stitching: 「メモ」 and ruled lines on the grid, filling the frame."""

    def __init__(self, setter: Setter) -> None:
        super().__init__()
        self.setter = setter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        canv, s = self.canv, self.setter
        size = s.size("part") * 0.7
        s.fill(canv, "text")
        draw_text(canv, s, "メモ", "gothic_bold", size, 0, self.height - size, "memo")
        s.stroke(canv, "wash")
        canv.setLineWidth(0.5)
        y = self.height - s.line * 3
        while y > 0:
            canv.line(0, y, s.g.measure, y)
            y -= s.line * 1.5


class BottomAligned(Flowable):
    """Takes the rest of the frame and draws its rows at the bottom (the colophon's place on 表4)."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.content_height = sum(r.height for r in rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, max(availHeight, self.content_height)
        return self.width, self.height

    def draw(self) -> None:
        draw_rows(self.canv, self.rows, self.content_height)


def index_style(setter: Setter, lines: int = 1) -> IndexStyle:
    """The index style of the booklet's indexes: Gothic at `index` size on the grid, badges, icons."""
    size = setter.size("index")
    return IndexStyle(setter.fonts["gothic"], setter.metrics("gothic", size), setter.line,
                      lambda canv: setter.fill(canv, "text"),
                      lambda canv, s, x, y, r: setter.icon(canv, s, x, y, r),
                      lambda canv, label, x, y, w, role: setter.badge(canv, label, x, y, w, role, size),
                      setter.fonts["gothic"], lines)


def natural_width(setter: Setter, text: str, role: str, size: float) -> float:
    """The width of `text` set on one line at `size` (its JLREQ spacing included)."""
    style = Style(role, size=size / setter.g.body_size)
    line = setter.compose(text, style, "measure", setter.g.width * 4, size).lines[0]
    return max(line.natural, 1.0)


def draw_status_bar(canv: Canvas, setter: Setter, report: Report, x: float, y: float, width: float,
                    height: float) -> None:
    """A bar split in proportion to the pledges per status, in the status colours (no text on it)."""
    total = len(report.pledges) or 1
    left = x
    for status in STATUS_ORDER:
        n = status_counts(report.pledges)[status]
        w = width * n / total
        if w > 0:
            setter.fill(canv, status.value)
            canv.rect(left, y, w, height, stroke=0, fill=1)
        left += w


def heading_rows(setter: Setter, text: str, key: str, where: str) -> list[Row]:
    """A part's heading on the grid, with its outline entry and the space after it."""
    rows = setter.rows(text, "part", where, keep_all=True)
    rows[0].bookmarks.append((key, text, 0))
    return rows + setter.space(GRID["part_after"], break_after=False)
