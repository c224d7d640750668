"""Layout stage, parts: one pledge block.

In: a `Pledge`, its section's number, the figures it cites (図N) and a `Setter`. Out: a `RowBlock`. A left
column holds the number badge (in the section colour) beside the title's first line and, below it, the
status chip (達成・取組中・未達成 with its icon, in the status colour). To its right: the title in Gothic Bold
above the body size (1.2 ×), then the results: year labels in Gothic at the body size at the marker column,
kept with the line after them; bullets in Mincho with a drawn ・ marker; other list lines with a drawn dash
marker; a link kept with the line before it; and a reference to the pledge's figure where it has one (（図5、6ページ）).
A block breaks across pages only where the composer's widow and orphan rule allows.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from content.model import BodyKind, Pledge
from layout.flowables import Row, RowBlock
from layout.palette import section_role
from layout.parts.common import with_draw
from layout.setter import Setter, text_baseline
from layout.styles import GRID, PLEDGE, STYLES


def _marker_dash(setter: Setter, row: Row, x: float) -> Row:
    """A short dash in the marker column: a list line that is not a bullet still reads as a list line."""
    size = setter.size("body")

    def draw(canv: Canvas, y: float) -> None:
        baseline = text_baseline(y, row.height, size)
        setter.stroke(canv, "text")
        canv.setLineWidth(size * 0.07)
        canv.line(x - size * 0.7, baseline + size * 0.33, x - size * 0.3, baseline + size * 0.33)

    return with_draw(row, draw)


def pledge_block(setter: Setter, pledge: Pledge, section_number: int, figures: list[int],
                 figure_page: int = 0) -> RowBlock:
    g = setter.g
    body = g.body_size
    where = f"pledge {pledge.no}"
    column = PLEDGE.column * body
    text_x = column
    text_w = g.measure - column
    item_x = column + STYLES["body"].indent * body
    item_w = g.measure - item_x

    rows = setter.rows(pledge.title, "title", where, x=text_x, width=text_w, keep_all=True)
    rows[0].bookmarks.append((f"pledge-{pledge.no}", f"{pledge.no} {pledge.title}", 1))
    title_size = setter.size("title")
    badge_role = section_role(section_number)

    def badge(canv: Canvas, y: float, height: float = rows[0].height) -> None:
        setter.badge(canv, str(pledge.no), 0, text_baseline(y, height, title_size), PLEDGE.badge_width * body,
                     badge_role)

    rows[0] = with_draw(rows[0], badge)

    items: list[Row] = []
    body_items = list(pledge.body)
    for i, item in enumerate(body_items):
        first = i == 0
        if item.kind is BodyKind.SUBHEADING:
            items += setter.rows(item.text, "subheading", where, x=text_x, width=text_w, keep_all=True)
        elif item.kind is BodyKind.LINK:
            if items:
                items[-1].break_after = False  # a link stays with the line before it
            items += setter.rows(item.text, "link", where, x=item_x, width=item_w, url=item.url)
        else:
            lines = setter.rows(item.text, "body", where, x=item_x, width=item_w, keep_first=first,
                                bullet=item.kind is BodyKind.BULLET)
            if item.kind is BodyKind.PARA and lines:
                lines[0] = _marker_dash(setter, lines[0], item_x)
            items += lines
    if figures:  # （図5、6ページ）: the figure that states this pledge's numbers, and where it is
        refs = "・".join(f"図{n}" for n in figures)
        if items:
            items[-1].break_after = False
        items += setter.rows(f"（{refs}、{figure_page}ページ）", "subheading", where, x=item_x, width=item_w)
    # the chip sits beside the second row of the block: the title's second line, or the first result
    while len(rows) + len(items) < 2:
        items.append(Row(setter.line, None, True))
    all_rows = rows + items
    chip_row = all_rows[1]
    chip_size = setter.size("chip")

    def chip(canv: Canvas, y: float, height: float = chip_row.height) -> None:
        setter.chip(canv, pledge.status, 0, text_baseline(y, height, chip_size), PLEDGE.chip_width * body)

    all_rows[1] = with_draw(chip_row, chip)
    all_rows[0].break_after = False
    all_rows[-1].break_after = True
    return RowBlock(all_rows, g.frame_height, space_before=GRID["pledge_before"] * setter.line, name=where)
