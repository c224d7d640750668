"""Widow/orphan control and keeping a heading with its paragraph (pure page-split helpers)."""
from __future__ import annotations

import pytest

from layout.compose.widows import keep_heading, lines_that_fit, split_lines

LH = 15.0  # line height, pt


@pytest.mark.parametrize("n,room,expected", [
    (5, 5, 5),    # all fit
    (5, 9, 5),
    (5, 4, 3),    # 4 would leave one widow line overleaf: 3 + 2
    (5, 3, 3),
    (5, 2, 2),    # 2 + 3
    (5, 1, 0),    # a lone first line at the page bottom: move the paragraph
    (5, 0, 0),
    (3, 2, 0),    # 2 + 1 or 1 + 2 both break a rule
    (4, 3, 2),    # 2 + 2
    (4, 2, 2),
    (1, 1, 1),
    (1, 0, 0),
    (2, 1, 0),
    (0, 3, 0),
])
def test_split_lines(n: int, room: int, expected: int) -> None:
    k = split_lines(n, room * LH, LH)
    assert k == expected
    assert k in (0, n) or (k >= 2 and n - k >= 2)


def test_split_lines_tolerates_rounding() -> None:
    assert lines_that_fit(3 * LH - 1e-9, LH) == 3
    assert lines_that_fit(3 * LH - 0.5, LH) == 2


def test_split_lines_custom_limits() -> None:
    assert split_lines(10, 9 * LH, LH, orphans=3, widows=3) == 7
    assert split_lines(10, 2 * LH, LH, orphans=3, widows=3) == 0
    assert split_lines(5, 4 * LH, LH, orphans=1, widows=1) == 4


def test_split_lines_rejects_bad_line_height() -> None:
    with pytest.raises(ValueError):
        split_lines(3, 100.0, 0.0)


@pytest.mark.parametrize("lines_after,n,expected", [
    (3, 5, True),     # heading + 3 lines here, 2 overleaf
    (2, 5, True),     # heading + 2 lines, 3 overleaf
    (1, 5, False),    # heading + a lone first line: move the heading with its paragraph
    (0, 5, False),    # heading alone at the page bottom
    (1, 1, True),     # a one-line paragraph fits whole after the heading
    (0, 1, False),
    (2, 3, False),    # a 3-line paragraph cannot split 2 + 1
    (3, 3, True),
])
def test_keep_heading_with_first_lines(lines_after: int, n: int, expected: bool) -> None:
    heading = 20.0
    available = heading + lines_after * LH
    assert keep_heading(available, heading, n, LH) is expected


def test_keep_heading_that_does_not_fit() -> None:
    assert keep_heading(10.0, 20.0, 0, LH) is False
    assert keep_heading(30.0, 20.0, 0, LH) is True
