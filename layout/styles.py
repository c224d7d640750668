"""Layout stage: the booklet's design system, as data: the type scale, the grid, the part styles and options.

In: nothing. Out: `STYLES`, one `Style` per kind of text; `GRID`, the spaces between blocks as whole
numbers of body lines; `PLEDGE`, the measures of a pledge block; `DESIGN`, the booklet-wide options. Sizes,
leading, spaces and widths are multiples of the body size of the page geometry, so one table serves A4,
JIS B5 and A5, where only the body size, the measure and the margins change (`layout.geometry`). Parts
read these numbers and never restate a size.

The grid: the body line (body size × `LINE`) is the unit. Body text, titles and index entries set on whole
lines of it; the space between two pledges, before a year label and around a part's heading are whole
lines too, so that facing pages keep their baselines in register.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE = 1.75  # body leading: the grid's line, in body sizes
COMPOSE_POLICY = "book"  # the composer's adjustment policy (`layout.compose.policy`): JLREQ Table 5, books


@dataclass(frozen=True)
class Style:
    """How one kind of text is set. `size`, `before`, `after` and `indent` are in body sizes (em of the body
    text); `leading` is a multiple of this style's own size, chosen so that size × leading is a whole or
    half number of grid lines where the style sits on the grid."""

    role: str                 # font role: mincho, gothic, gothic_bold
    size: float = 1.0
    leading: float = LINE
    before: float = 0.0       # space above, in body em
    after: float = 0.0        # space below, in body em
    indent: float = 0.0       # left indent of every line, in body em (the hanging indent of bullets)
    colour: str = "text"      # a palette role
    min_last: int = 1         # the shortest last line of a paragraph, in characters (a runt is lengthened)
    justify: bool = True      # justified to the measure; False: flush left, ragged right (headings, labels)


STYLES: dict[str, Style] = {
    # part headings: 1.8 × body on two grid lines
    "part": Style("gothic_bold", size=1.8, leading=2 * LINE / 1.8),
    # a pledge's title: 1.2 × body (12 pt at A4, 11.4 pt at B5 and A5), one grid line per line
    # titles are headings: flush left and ragged, so a word pushed to the next line never spaces the line out
    "title": Style("gothic_bold", size=1.2, leading=LINE / 1.2, min_last=4, justify=False),
    "body": Style("mincho", size=1.0, leading=LINE, indent=1.0, min_last=3),
    # web addresses: UD Gothic, where I, l and 1 are told apart at a glance
    "link": Style("gothic", size=0.95, leading=LINE / 0.95, indent=1.0, min_last=3),
    # year labels (平成30年度): Gothic at the body size, at the marker column
    "subheading": Style("gothic", size=1.0, leading=LINE, colour="text"),
    "index": Style("gothic", size=0.9, leading=LINE / 0.9),
    "small": Style("gothic", size=0.85, leading=LINE / 0.85),
    "chip": Style("gothic_bold", size=0.75),
    "badge": Style("gothic_bold", size=0.95),
    "head": Style("gothic", size=0.8),
    "folio": Style("gothic", size=0.85),
    "figure": Style("gothic_bold", size=0.85),
}

# Block spaces, in grid lines (whole numbers: they keep the baselines on the grid).
GRID: dict[str, int] = {
    "pledge_before": 1,    # above each pledge block
    "part_after": 1,       # below a part's heading
    "block": 1,            # between blocks of a part (KPI, figures, preface)
}


@dataclass(frozen=True)
class PledgeBlock:
    """A pledge block's columns, in body em: the left column holds the number badge and the status chip
    beside the title's first lines; the title, year labels and results set to its right."""

    column: float = 4.0       # the left column (badge and chip), a whole number of em
    badge_width: float = 3.2
    chip_width: float = 3.4       # leaves 0.6 em between the chip and a title's hanging 「


PLEDGE = PledgeBlock()


@dataclass(frozen=True)
class Design:
    """Booklet-wide options."""

    recto_openers: bool = False   # start every section on a recto (adds blank pages); off by default
    memo_padding: bool = True     # saddle-stitch padding pages carry a 「メモ」 page rather than nothing
    tab_width_mm: float = 7.0     # the thumb tab (ツメ): how far it reaches in from the trim
    tab_height_mm: float = 22.0   # its height; tabs step down by this much per section


DESIGN = Design()
