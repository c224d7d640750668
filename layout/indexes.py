"""Layout stage: index entries (contents, section indexes, status index) as rows with page numbers and links.

In: entries (a number label, a text, the destination key of its target, an optional status icon) and
`page_of(key)`, which gives the page of a destination (0 on the first layout pass). Out: `Row`s in one or two
columns (column-major), each entry an internal link to its target. Texts are set with the composer; a text
too long for its column is cut at a legal line break of the composer (so kinsoku-safe) and ends with ….
The leader between text and page number is a vector dotted rule, not characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from content.model import Status
from layout.compose import Line, Metrics, compose_paragraph
from layout.flowables import BASELINE, Row, glyph_runs

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def _line(text: str, metrics: Metrics, width: float) -> Line:
    """The first composed line of a text (composition is pure; both layout passes share it)."""
    return compose_paragraph(text, metrics, width).lines[0]


@lru_cache(maxsize=4096)
def short_title(title: str, metrics: Metrics, width: float) -> str:
    """The title if it fits on one line of `width`, else its first composed line (which ends at a legal,
    kinsoku-safe break) followed by …"""
    if len(compose_paragraph(title, metrics, width).lines) == 1:
        return title
    first = compose_paragraph(title, metrics, width - metrics.advance(ELLIPSIS)).lines[0]
    return first.text.rstrip(" \u3000") + ELLIPSIS


@dataclass(frozen=True)
class Entry:
    """One index line: `label` (a pledge number, or "") , `text`, the destination `key`, an optional icon."""

    label: str
    text: str
    key: str
    status: Status | None = None


@dataclass(frozen=True)
class IndexStyle:
    """Fonts, sizes and colours for index rows, resolved by the caller."""

    font: str
    metrics: Metrics
    line_height: float
    colour: Callable[[Canvas], None]
    icon: Callable[[Canvas, Status, float, float, float], None] | None = None


def index_rows(entries: list[Entry], style: IndexStyle, width: float, page_of: Callable[[str], int], *,
               columns: int = 1, gutter: float = 0.0) -> list[Row]:
    """Rows of index entries in `columns` columns (column-major), each entry linked to its target."""
    size = style.metrics.size
    col_width = (width - gutter * (columns - 1)) / columns
    label_w = 2.6 * size if any(e.label for e in entries) else 0.0
    icon_w = 1.4 * size if any(e.status for e in entries) else 0.0
    page_w = 2.6 * size
    text_w = col_width - label_w - icon_w - page_w - size  # one em before the page number for the leader
    texts = [short_title(e.text, style.metrics, math.floor(text_w / size) * size) for e in entries]
    per_col = math.ceil(len(entries) / columns) if entries else 0
    rows = []
    for r in range(per_col):
        cells = [(c, r + c * per_col) for c in range(columns) if r + c * per_col < len(entries)]

        def draw(canv: Canvas, y: float, cells: list[tuple[int, int]] = cells) -> None:
            baseline = y + (style.line_height - size) / 2 + BASELINE * size
            for c, i in cells:
                entry, x0 = entries[i], c * (col_width + gutter)
                style.colour(canv)
                canv.setFont(style.font, size)
                if entry.label:
                    canv.drawRightString(x0 + label_w - 0.6 * size, baseline, entry.label)
                if entry.status is not None and style.icon is not None:
                    style.icon(canv, entry.status, x0 + label_w + 0.5 * size, baseline + 0.35 * size, 0.42 * size)
                    style.colour(canv)
                x_text = x0 + label_w + icon_w
                line = _line(texts[i], style.metrics, text_w)
                text = canv.beginText()
                text.setFont(style.font, size)
                for origin, run in glyph_runs(line):
                    text.setTextOrigin(x_text + origin, baseline)
                    text.textOut(run)
                canv.drawText(text)
                page = str(page_of(entry.key))
                right = x0 + col_width
                canv.drawRightString(right, baseline, page)
                lead_from = x_text + line.width + 0.4 * size
                lead_to = right - canv.stringWidth(page, style.font, size) - 0.4 * size
                if lead_to > lead_from:
                    canv.saveState()
                    canv.setLineWidth(0.5)
                    canv.setDash(0.6, 2.2)
                    style.colour(canv)
                    canv.setStrokeColor(canv._fillColorObj)
                    canv.line(lead_from, baseline + 0.2 * size, lead_to, baseline + 0.2 * size)
                    canv.restoreState()
                canv.linkRect("", entry.key, (x0, y, right, y + style.line_height), relative=1, thickness=0)

        rows.append(Row(style.line_height, draw, True))
    if len(rows) >= 4:  # no lone index line at a page's bottom or top
        rows[0].break_after = rows[-2].break_after = False
    return rows
