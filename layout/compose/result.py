"""Layout stage, composer: result types.  In: nothing (data only).  Out: the composed paragraph —
lines of positioned glyphs — that the ReportLab layer draws.

Geometry of a line (all values in pt, x from the line's start, i.e. the left edge of the measure)::

    x=0            indent      box   aki  box  …            line-end aki   measure
    |--------------|[ 「 ]|[ あ ]|...|[ 。 ]|----------------|
                   ^origin of 「 may lie left of its box (trimmed blank half of a 1-em glyph)

* ``Glyph.x`` is the left edge of the JLREQ glyph box and ``Glyph.width`` its set width (½ em
  for 「」、。・…, the advance otherwise; a mid-line U+0020 spans the word space it makes, a space
  hung at a line end has width 0).
* ``Glyph.origin`` is where the renderer puts the font's pen: ``x - left_trim``.  With a 1-em
  「 the origin is ½ em left of the box, so a line-head 「 has a negative origin (its blank half
  lies in the margin, its ink starts at 0).  Draw every glyph at its own origin; the difference
  between consecutive origins and advances is the kerning (:meth:`Line.kerns`).
* ``Line.width`` is the end of the last box plus the line-end aki still present: the measure for
  every justified line.  In font terms (the PDF convention) it is ``origin + advance`` of the last
  visible glyph, except that a line-final cl-02/06/07 counts as ½ em: by default it is set solid,
  its ½-em box ends at the measure and the blank half of a 1-em glyph lies past its ink.  A
  line-final cl-05 keeps the ¼ after it (Table 3 step 3 removes only the ¼ before it), so a 1-em ・
  always ends at ``origin + advance`` within the measure.
  Spaces hung at a line end have zero width and sit at ``Line.width``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character of the source text, positioned on its line."""

    char: str
    x: float
    width: float
    origin: float
    advance: float
    cls: int
    face: int = 0   # 0: the font's own face; 1: its proportional Latin face (see compose.latin_faces)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """What justification did to a line: pt taken out, pt added, and the steps used as
    (``"reduce"``/``"expand"``, JLREQ step, pt per place).  Expansion step 5 is ours
    (letter-spacing when no JLREQ place exists)."""

    reduced: float = 0.0
    expanded: float = 0.0
    steps: tuple[tuple[str, int, float], ...] = ()

    @property
    def kind(self) -> str:
        """"none", "reduce", "expand" or "reduce+expand" (a discrete step overshot)."""
        parts = [k for k, v in (("reduce", self.reduced), ("expand", self.expanded)) if v > 1e-9]
        return "+".join(parts) or "none"


@dataclass(frozen=True, slots=True)
class Line:
    """A composed line: glyphs for ``text[start:end]`` of its paragraph."""

    glyphs: tuple[Glyph, ...]
    start: int
    end: int
    indent: float
    natural: float   # width before adjustment
    width: float     # width after adjustment (= measure for justified lines)
    end_aki: float   # aki kept after the last glyph, included in width
    last: bool       # the paragraph's last line (flush left, never expanded)
    adjustment: Adjustment

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    def kerns(self) -> tuple[float, ...]:
        """Per glyph pair: next origin − (origin + advance).  Negative where the next glyph moves
        into the blank half of a 1-em bracket or punctuation glyph."""
        gs = self.glyphs
        return tuple(b.origin - (a.origin + a.advance) for a, b in zip(gs, gs[1:]))


@dataclass(frozen=True, slots=True)
class ComposeWarning:
    """A rule the composer had to break.  kind: ``forced-break`` (a unit longer than the measure
    was broken at character level), ``overflow`` (a glyph wider than the measure), ``underfull``
    (a justified line with no place to expand)."""

    kind: str
    index: int   # character index in the paragraph text
    line: int    # line number (0-based)
    message: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """The composed paragraph.  ``"".join(l.text for l in lines) == text`` always."""

    text: str
    measure: float
    lines: tuple[Line, ...]
    warnings: tuple[ComposeWarning, ...]
