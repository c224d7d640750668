"""Layout stage: the style table, as data.

In: nothing. Out: `STYLES`, one `Style` per kind of text. Sizes, leading and spaces are multiples of the
body size of the page geometry, so one table serves A4, JIS B5 and A5. Every style sets whole em on the
measure: its size divides the body measure (1.0), or its text is short (headings, labels).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """How one kind of text is set. `size`, `leading`, `before`, `after` and `indent` are in body sizes
    (em of the body text), except `leading`, which is a multiple of this style's own size."""

    role: str                 # font role: mincho, gothic, gothic_bold
    size: float = 1.0
    leading: float = 1.75
    before: float = 0.0       # space above, in body em
    after: float = 0.0        # space below, in body em
    indent: float = 0.0       # left indent of every line, in body em (the hanging indent of bullets)
    colour: str = "text"      # a palette role


STYLES: dict[str, Style] = {
    "section": Style("gothic_bold", size=1.6, leading=1.5, after=1.2),
    "badge": Style("gothic_bold", size=0.9, leading=1.9, before=1.4),
    "title": Style("gothic_bold", size=1.0, leading=1.65, after=0.35),
    "body": Style("mincho", size=1.0, leading=1.75, indent=1.0, after=0.1),
    "subheading": Style("gothic", size=0.9, leading=1.7, before=0.25, indent=1.0),
    "head": Style("gothic", size=0.8),
    "folio": Style("gothic", size=0.85),
}
