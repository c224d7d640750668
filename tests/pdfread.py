"""Test helpers: read a produced PDF back into lines of glyphs (pdfplumber), independent of the composer.

A line is the run of characters sharing one baseline inside the text frame; running heads and folios lie
outside the frame and are excluded by position. Nothing here imports the composer's character lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pikepdf

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


def chart_zones(path: Path, slug: float = 0.0) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page, the boxes (x0, top, x1, bottom; trim coordinates from the top-left) where a chart form
    XObject (named chart-<id> by the layout) is painted: its BBox through the CTM at its `Do`."""
    zones: dict[int, list[tuple[float, float, float, float]]] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            xobjects = page.obj.Resources.get("/XObject") or {}
            height = float(page.obj.MediaBox[3])
            ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "q":
                    stack.append(ctm)
                elif name == "Q":
                    ctm = stack.pop()
                elif name == "cm":
                    a, b, c, d, e, f = (float(v) for v in operands)
                    ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2],
                           c * ctm[1] + d * ctm[3], e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]]
                elif name == "Do" and "chart-" in str(operands[0]):
                    x0, y0, x1, y1 = (float(v) for v in xobjects[str(operands[0])].BBox)
                    xs = [ctm[0] * x + ctm[2] * y + ctm[4] for x, y in ((x0, y0), (x1, y1))]
                    ys = [ctm[1] * x + ctm[3] * y + ctm[5] for x, y in ((x0, y0), (x1, y1))]
                    zones.setdefault(number, []).append((min(xs) - slug, height - max(ys) - slug,
                                                         max(xs) - slug, height - min(ys) - slug))
    return zones


@lru_cache(maxsize=8)
def read_lines(path: Path, geometry: PageGeometry, slug: float = 0.0) -> tuple[PdfLine, ...]:
    """Every line of composed text inside the text frame, page by page, top to bottom (trim coordinates).
    Chart labels (inside the chart zones) are not composed text and are left out."""
    top = geometry.top_mm * MM - 1
    bottom = geometry.height - geometry.bottom_mm * MM + 1
    zones = chart_zones(path, slug)
    lines: list[PdfLine] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows: dict[float, list[dict]] = {}
            for ch in trim_chars(page, slug):
                if any(x0 - 1 <= ch["x0"] and ch["x1"] <= x1 + 1 and top_ - 1 <= ch["top"] and ch["bottom"] <= bottom_ + 1
                       for x0, top_, x1, bottom_ in zones.get(number, [])):
                    continue  # a chart's label, not composed text
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
