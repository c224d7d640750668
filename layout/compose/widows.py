"""Layout stage, composer: page splits of composed paragraphs.  In: a paragraph's line count, the
height left on the page, the line height.  Out: how many lines stay on this page; whether a
heading may stay with the paragraph that follows it.

Rules (design §3 "Paragraphs"): no lone first line at the bottom of a page (orphan) and no lone
last line at the top of the next (widow); with the defaults at least 2 lines stay on each side
of a split, so a paragraph of 3 lines moves whole rather than split 1 + 2 or 2 + 1.  A heading
(a pledge title) is kept with the first line of the paragraph after it: it stays on the page
only if that paragraph can start there under the same rules.  All functions are pure.
"""
from __future__ import annotations

import math

EPS = 1e-6  # pt: a line that fits to within this is taken to fit


def lines_that_fit(available: float, line_height: float) -> int:
    """Whole lines of *line_height* pt in *available* pt."""
    if line_height <= 0:
        raise ValueError(f"line_height must be positive, got {line_height}")
    return max(0, math.floor((available + EPS) / line_height))


def break_allowed(after: int, n_lines: int, *, orphans: int = 2, widows: int = 2) -> bool:
    """May a page end after line *after* (1-based) of an *n_lines*-line paragraph? At its end, or where at
    least *orphans* lines stay above and *widows* lines go below: the rule :func:`split_lines` applies."""
    return after == n_lines or (after >= orphans and n_lines - after >= widows)


def split_lines(n_lines: int, available: float, line_height: float, *,
                orphans: int = 2, widows: int = 2) -> int:
    """How many of a paragraph's *n_lines* to set in *available* pt; the rest go overleaf.

    Returns *n_lines* when all fit, 0 when the paragraph must move whole to the next page, and
    otherwise k with ``orphans <= k <= n_lines - widows``."""
    if n_lines <= 0:
        return 0
    fit = lines_that_fit(available, line_height)
    if fit >= n_lines:
        return n_lines
    k = min(fit, n_lines - widows)
    return k if k >= orphans else 0


def keep_heading(available: float, heading_height: float, n_lines: int, line_height: float, *,
                 orphans: int = 2, widows: int = 2) -> bool:
    """True when a heading of *heading_height* pt may stay on this page: it fits, and the
    *n_lines*-line paragraph after it can start below it (:func:`split_lines` > 0).  False:
    move the heading to the next page with its paragraph."""
    if heading_height > available + EPS:
        return False
    if n_lines <= 0:
        return True
    rest = available - heading_height
    return split_lines(n_lines, rest, line_height, orphans=orphans, widows=widows) > 0
