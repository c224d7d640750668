"""Charts stage (drawing): chart labels measured and written as positioned runs (四分アキ by position only).

In: each line of text matplotlib draws (its string, its font properties bound to a vendored file, its
position, angle and alignment) and the runs `charts.spec.runs.label_runs` splits it into. Out:
`RunsRendererSVG`, the SVG renderer every chart is measured and exported with, and `RunsCanvasSVG`, the
canvas that exports with it.

- Measuring, a line is as wide as matplotlib measures it plus what its runs add (its quarter ems) or take
  (a quarter em at each digit-group mark), so every layout decision (alignment, wrapping, legend rows,
  labels inside or beside a bar, the paper box under a label) sees the label as it is drawn.
- Drawing, a line of one run is written as matplotlib writes it. A line of more than one run is written
  as `<g id="label-runs-N" aria-label="平成29年度末">` holding one `<text>` per run, nothing inserted:
  each run starts at the advances of the runs before it (`advance`, read from the hmtx of the same
  font file the text is drawn in; a digit-group mark counts a quarter em) plus 0.25 em at each
  Japanese–Western boundary. The
  group is aligned as a whole: a single-line text with an anchor (a centred value label, a right-aligned
  tick label) is placed by its advance width around the anchor, as an SVG viewer places an anchored text;
  a line of a multi-line text starts where matplotlib's layout puts it. The layout stage reads the
  group's aria-label back as the runs' source text (/ActualText).
"""

from __future__ import annotations

import codecs
import math
from functools import lru_cache
from typing import Any

from fontTools.ttLib import TTFont
from matplotlib import cbook, font_manager
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

from charts.spec.runs import Run, label_runs

LABEL_ID = "label-runs-{}"
_SHARE = {"left": 0.0, "center": 0.5, "right": 1.0}  # of the width left of the anchor, by alignment


@lru_cache(maxsize=8)
def _hmtx(path: str) -> tuple[dict[int, str], Any, int]:
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


@lru_cache(maxsize=8192)
def advance(text: str, path: str) -> float:
    """The advance of `text` in em, from the hmtx of the font file at `path` (.notdef where unmapped)."""
    cmap, hmtx, upm = _hmtx(path)
    return sum(hmtx[cmap.get(ord(ch), ".notdef")][0] for ch in text) / upm


def offsets(runs: tuple[Run, ...], path: str) -> tuple[tuple[float, ...], float]:
    """Each run's x offset from the line's start in em, and the line's set width in em."""
    out: list[float] = []
    pen = 0.0
    for run in runs:
        pen += run.aki
        out.append(pen)
        pen += advance(run.text, path) if run.width is None else run.width
    return tuple(out), pen


def spacing(line: str, path: str) -> float:
    """What setting the line as runs adds to its advance, in em (its quarter ems less its marks' quarter ems)."""
    return offsets(label_runs(line), path)[1] - advance(line, path)


class RunsRendererSVG(RendererSVG):
    """matplotlib's SVG renderer, measuring each line with its quarter ems and writing a line of several
    runs as a group of positioned texts (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._labels = 0

    def get_text_width_height_descent(self, s, prop, ismath):  # type: ignore[no-untyped-def]
        width, height, descent = super().get_text_width_height_descent(s, prop, ismath)
        if not ismath and len(label_runs(s)) > 1:
            width += self.points_to_pixels(spacing(s, font_manager.findfont(prop)) * prop.get_size_in_points())
        return width, height, descent

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # type: ignore[no-untyped-def]
        runs = () if ismath else label_runs(s)
        if len(runs) < 2:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        em = self.points_to_pixels(prop.get_size_in_points())
        starts, width = offsets(runs, font_manager.findfont(prop))
        shift = 0.0
        if mtext is not None and (angle == 0 or mtext.get_rotation_mode() == "anchor"):
            measured = self.get_text_width_height_descent(s, prop, ismath)[0]
            shift = _SHARE[mtext.get_horizontalalignment()] * (measured - width * em)
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        self._labels += 1
        self.writer.start("g", attrib={"id": LABEL_ID.format(self._labels), "aria-label": s})
        for run, start in zip(runs, starts):
            along = shift + start * em  # along the baseline; SVG's y grows downwards
            super().draw_text(gc, x + along * cos, y - along * sin, run.text, prop, angle, ismath, None)
        self.writer.end("g")


class RunsCanvasSVG(FigureCanvasSVG):
    """The SVG canvas, rendering with `RunsRendererSVG` (matplotlib's `print_svg` with that renderer)."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None,  # type: ignore[no-untyped-def]
                  **print_kwargs):
        # `print_figure` passes a print method outside matplotlib dpi, facecolor, edgecolor and orientation
        # too; matplotlib's own print_svg does not take them (savefig has set the figure's colours already)
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            renderer = MixedModeRenderer(
                self.figure, width, height, dpi,
                RunsRendererSVG(w, h, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore)
            self.figure.draw(renderer)
            renderer.finalize()
