"""Test helpers: read a produced PDF back into lines of glyphs (pdfplumber), independent of the composer.

A line is the run of characters sharing one baseline inside the text frame; running heads and folios lie
outside the frame and are excluded by position. Nothing here imports the composer's character lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pdfplumber

from layout.geometry import MM, PageGeometry

BLANKS = {" ", "\u3000"}


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    size: float
    font: str


@dataclass(frozen=True)
class PdfLine:
    page: int          # 1-based
    baseline: float    # pdfplumber 'bottom' (from the top of the page)
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def visible(self) -> tuple[Glyph, ...]:
        return tuple(g for g in self.glyphs if g.text not in BLANKS)


def trim_chars(page: "pdfplumber.page.Page", slug: float) -> list[dict]:
    """The page's characters with coordinates measured from the trim's top-left corner (the media may
    extend past the trim by `slug` on every side, as in the print profile)."""
    return [dict(c, x0=c["x0"] - slug, x1=c["x1"] - slug, top=c["top"] - slug, bottom=c["bottom"] - slug)
            for c in page.chars]


@lru_cache(maxsize=8)
def read_lines(path: Path, geometry: PageGeometry, slug: float = 0.0) -> tuple[PdfLine, ...]:
    """Every line of text inside the text frame, page by page, top to bottom (trim coordinates)."""
    top = geometry.top_mm * MM - 1
    bottom = geometry.height - geometry.bottom_mm * MM + 1
    lines: list[PdfLine] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows: dict[float, list[dict]] = {}
            for ch in trim_chars(page, slug):
                if top <= ch["top"] and ch["bottom"] <= bottom:
                    rows.setdefault(round(ch["bottom"], 1), []).append(ch)
            for baseline in sorted(rows):
                chars = sorted(rows[baseline], key=lambda c: c["x0"])
                lines.append(PdfLine(number, baseline, tuple(
                    Glyph(c["text"], c["x0"], c["x1"], c["size"], c["fontname"]) for c in chars)))
    return tuple(lines)


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]
