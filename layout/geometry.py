"""Layout stage: page geometry as data: paper sizes, margins, the text frame, running head and folio positions.

In: a paper name (a4, b5, a5). Out: a `PageGeometry` in points (millimetres only at the edge, in the tables
below). The body measure is a whole number of em of the body size, so fixed-pitch Mincho lines end flush.
Pages are left-bound (横組み): odd pages are rectos, with the inner margin on the left; even pages mirror it.

      ┌──────────────── trim ────────────────┐
      │ top margin:   running head ·········  │
      │ inner │      text frame        │ outer│   recto (odd page): inner = left
      │       │  measure = N em        │      │
      │ bottom margin:             folio ···  │   folio on the outer edge
      └───────────────────────────────────────┘
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
BLEED_MM = 3.0  # artwork that touches the trim is drawn this far past it (塗り足し); print keeps it
BLEED = BLEED_MM * MM


@dataclass(frozen=True)
class Paper:
    """A trim size. JIS B5 is 182×257 mm (not ISO B5, 176×250)."""

    key: str
    name: str
    width_mm: float
    height_mm: float


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", "A4", 210, 297),
    "b5": Paper("b5", "JIS B5", 182, 257),
    "a5": Paper("a5", "A5", 148, 210),
}


@dataclass(frozen=True)
class PageGeometry:
    """Everything positional about a page, in points, derived from a few numbers per paper size."""

    paper: Paper
    body_size: float          # body text size, pt
    measure_em: int           # body measure in em of the body size
    leading: float            # baseline-to-baseline distance / body size
    top_mm: float             # trim edge to the top of the text frame
    bottom_mm: float          # trim edge to the bottom of the text frame
    inner_mm: float           # binding-side margin

    @property
    def width(self) -> float:
        return self.paper.width_mm * MM

    @property
    def height(self) -> float:
        return self.paper.height_mm * MM

    @property
    def measure(self) -> float:
        return self.measure_em * self.body_size

    @property
    def line_height(self) -> float:
        return self.body_size * self.leading

    @property
    def inner(self) -> float:
        return self.inner_mm * MM

    @property
    def outer(self) -> float:
        return self.width - self.inner - self.measure

    @property
    def frame_bottom(self) -> float:
        return self.bottom_mm * MM

    @property
    def frame_height(self) -> float:
        return self.height - (self.top_mm + self.bottom_mm) * MM

    def frame_left(self, page: int) -> float:
        """The text frame's left edge on 1-based page `page` (odd = recto, binding on the left)."""
        return self.inner if page % 2 == 1 else self.outer

    def outer_edge_x(self, page: int) -> float:
        """The x of the text frame's outer edge: right on rectos, left on versos."""
        left = self.frame_left(page)
        return left + self.measure if page % 2 == 1 else left

    @property
    def head_baseline(self) -> float:
        """Baseline of the running head, in the top margin."""
        return self.height - self.top_mm * MM + self.body_size * 1.6

    @property
    def folio_baseline(self) -> float:
        """Baseline of the folio, in the bottom margin."""
        return self.frame_bottom - self.body_size * 2.4


GEOMETRIES: dict[str, PageGeometry] = {
    # A4: 10 pt on 46 em (162.3 mm); outer margin = 210 − 22 − 162.3 = 25.7 mm.
    "a4": PageGeometry(PAPERS["a4"], body_size=10.0, measure_em=46, leading=1.75,
                       top_mm=24, bottom_mm=24, inner_mm=22),
    # JIS B5: the body stays readable (9.5 pt) and the measure shrinks: 42 em (140.8 mm); outer 21.2 mm.
    "b5": PageGeometry(PAPERS["b5"], body_size=9.5, measure_em=42, leading=1.75,
                       top_mm=21, bottom_mm=21, inner_mm=20),
    # A5: 9.5 pt on 34 em (113.9 mm); outer 18.1 mm.
    "a5": PageGeometry(PAPERS["a5"], body_size=9.5, measure_em=34, leading=1.75,
                       top_mm=18, bottom_mm=19, inner_mm=16),
}


def page_geometry(paper: str) -> PageGeometry:
    """The geometry for a paper key; raises KeyError naming the choices."""
    try:
        return GEOMETRIES[paper]
    except KeyError:
        raise KeyError(f"unknown paper '{paper}' (expected one of {', '.join(GEOMETRIES)})") from None
