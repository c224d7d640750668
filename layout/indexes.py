"""Layout stage: index entries (contents, section indexes, status index) as rows with page numbers and links.

In: entries (a number label with the palette role of its badge, a text, the destination key of its target,
an optional status icon, an optional second line), an `IndexStyle` and `page_of(key)`, which gives the page
of a destination (0 on the first layout pass). Out: `Row`s in one or two columns (column-major), each entry
an internal link to its target. The number stands apart from the title in a badge, so 「9」 and 「3歳児」
never read as one. Titles are set with the composer on up to `lines` lines; a longer title is cut only
between phrases (after 、。 or a closing bracket, or where a run of kana meets the next word) and ends with
…, never inside a word. The leader between text and page number is a vector dotted rule, not characters.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from content.model import Status
from layout.compose import Line, Metrics, compose_paragraph
from layout.flowables import BASELINE, Row, draw_lines

ELLIPSIS = "…"
_AFTER_PUNCT = set("、。，．）」』】〕！？")
_OPENING = set("（「『【〔")
# one-kana particles after which a phrase (文節) ends when a word in kanji, katakana, digits or Latin follows;
# a verb stem's okurigana (取り|組み, 切れ|目, 支え|る) is not one of them
_PARTICLES = set("をにはがのでとへもや")


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _script(ch: str) -> str:
    if "\u30a0" <= ch <= "\u30ff":
        return "kata"
    return "han" if unicodedata.name(ch, "").startswith("CJK UNIFIED") else "other"


def phrase_cuts(text: str, weak: bool = False) -> list[int]:
    """Positions where a Japanese title may be cut without splitting a word: after punctuation or a
    closing bracket, before an opening bracket, and after a particle (を に は が の で と へ も や) that a
    word in kanji, katakana, digits or Latin follows. With `weak`, also wherever a run of two or more kana
    meets such a word (a looser 文節 boundary, used only when no strong one fits; a single kana there is
    usually okurigana, as in 取り|組み, and is never a cut), and where katakana meets kanji."""
    cuts = []
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if after in _AFTER_PUNCT or after in "ー・":
            continue
        word = not _hiragana(after) and unicodedata.category(after)[0] in "LN"
        if before in _AFTER_PUNCT or after in _OPENING:
            cuts.append(i)
        elif word and (before in _PARTICLES or (weak and i >= 2 and _hiragana(before) and _hiragana(text[i - 2]))):
            cuts.append(i)  # a weak boundary needs two kana before it: one is a verb stem's okurigana
        elif weak and _script(before) != _script(after) and {_script(before), _script(after)} == {"kata", "han"}:
            cuts.append(i)  # katakana meets kanji: インクルーシブ|教育
    return cuts


@lru_cache(maxsize=8192)
def fit_title(title: str, metrics: Metrics, width: float, lines: int) -> tuple[Line, ...]:
    """The title's composed lines (flush left, no last line under 4 characters) if they are at most `lines`; else the title cut at the last phrase
    boundary that fits in `lines` lines, followed by … (a strong boundary if one keeps at least half of
    what fits, else a weaker one); failing that, the same on one more line; a title with no boundary that
    fits even then is set whole."""
    composed = compose_paragraph(title, metrics, width, min_last=4, justify=False).lines
    if len(composed) <= lines:
        return composed

    def cut_at(cuts: list[int], floor: float, n: int) -> tuple[Line, ...] | None:
        room = sum(len(line.text) for line in composed[:n])
        for cut in reversed([c for c in cuts if floor * room <= c <= room]):
            candidate = compose_paragraph(title[:cut].rstrip(" \u3000") + ELLIPSIS, metrics, width, min_last=4,
                                          justify=False).lines
            if len(candidate) <= n:
                return candidate
        return None

    strong, weak = phrase_cuts(title), phrase_cuts(title, weak=True)
    for n in (lines, lines + 1):  # one more line before a title is set whole
        for cuts, floor in ((strong, 0.5), (weak, 0.5), (strong, 0.0), (weak, 0.0)):
            found = cut_at(cuts, floor, n)
            if found is not None:
                return found
    return composed


@dataclass(frozen=True)
class Entry:
    """One index entry: `label` (a pledge or section number, or ""), `text`, the destination `key`, an
    optional status icon, the palette role of the label's badge, and an optional small second line."""

    label: str
    text: str
    key: str
    status: Status | None = None
    badge: str = "wash"
    note: str = ""


@dataclass(frozen=True)
class IndexStyle:
    """Fonts, sizes and colours for index rows, resolved by the caller."""

    font: str
    metrics: Metrics
    line_height: float
    colour: Callable[[Canvas], None]
    icon: Callable[[Canvas, Status, float, float, float], None] | None = None
    badge: Callable[[Canvas, str, float, float, float, str], None] | None = None
    note_font: str = ""
    lines: int = 1                    # lines a title may take
    note_metrics: Metrics | None = None
    note_colour: Callable[[Canvas], None] | None = None


def _set_line(canv: Canvas, line: Line, font: str, size: float, x: float, baseline: float) -> None:
    draw_lines(canv, font, size, [(line, x, baseline)])


def index_rows(entries: list[Entry], style: IndexStyle, width: float, page_of: Callable[[str], int], *,
               columns: int = 1, gutter: float = 0.0, keep_together: int = 0) -> list[Row]:
    """Rows of index entries in `columns` columns (column-major), each entry linked to its target. A list
    of at most `keep_together` entries is never split across pages."""
    size = style.metrics.size
    col_width = (width - gutter * (columns - 1)) / columns
    label_w = 2.8 * size if any(e.label for e in entries) else 0.0
    icon_w = 1.4 * size if any(e.status for e in entries) else 0.0
    page_w = 2.4 * size
    text_w = math.floor((col_width - label_w - icon_w - page_w - size) / size) * size
    fitted = [fit_title(e.text, style.metrics, text_w, style.lines) for e in entries]
    heights = [style.line_height * (len(lines) + (1 if e.note else 0)) for e, lines in zip(entries, fitted)]
    per_col = math.ceil(len(entries) / columns) if entries else 0
    rows = []
    for r in range(per_col):
        cells = [(c, r + c * per_col) for c in range(columns) if r + c * per_col < len(entries)]
        height = max(heights[i] for _, i in cells)

        def draw(canv: Canvas, y: float, cells: list[tuple[int, int]] = cells, height: float = height) -> None:
            top = y + height
            for c, i in cells:
                entry, x0, lines = entries[i], c * (col_width + gutter), fitted[i]
                baseline = top - style.line_height + (style.line_height - size) / 2 + BASELINE * size
                if entry.label and style.badge is not None:
                    style.badge(canv, entry.label, x0, baseline, label_w - 0.5 * size, entry.badge)
                if entry.status is not None and style.icon is not None:
                    style.icon(canv, entry.status, x0 + label_w + 0.5 * size, baseline + 0.35 * size, 0.42 * size)
                style.colour(canv)
                x_text = x0 + label_w + icon_w
                for n, line in enumerate(lines):
                    _set_line(canv, line, style.font, size, x_text, baseline - n * style.line_height)
                last = baseline - (len(lines) - 1) * style.line_height
                if entry.note:
                    small = size * 0.85
                    note = compose_paragraph(entry.note, style.note_metrics or style.metrics, text_w).lines[0]
                    if style.note_colour is not None:
                        style.note_colour(canv)
                    _set_line(canv, note, style.note_font or style.font, style.note_metrics.size
                              if style.note_metrics else small, x_text, last - style.line_height)
                    style.colour(canv)
                page = str(page_of(entry.key))
                right = x0 + col_width
                canv.setFont(style.font, size)
                canv.drawRightString(right, last, page)
                lead_from = x_text + lines[-1].width + (1.0 if lines[-1].text.endswith(ELLIPSIS) else 0.4) * size
                lead_to = right - canv.stringWidth(page, style.font, size) - 0.4 * size
                if lead_to > lead_from:
                    canv.saveState()
                    canv.setLineWidth(0.5)
                    canv.setDash(0.6, 2.2)
                    style.colour(canv)
                    canv.setStrokeColor(canv._fillColorObj)
                    canv.line(lead_from, last + 0.2 * size, lead_to, last + 0.2 * size)
                    canv.restoreState()
                canv.linkRect("", entry.key, (x0, top - heights[i], right, top), relative=1, thickness=0)

        rows.append(Row(height, draw, True))
    if keep_together and len(rows) <= keep_together:
        for row in rows[:-1]:
            row.break_after = False
    elif len(rows) >= 4:  # no lone index line at a page's bottom or top
        rows[0].break_after = rows[-2].break_after = False
    return rows
