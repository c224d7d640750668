"""The output stage's pure parts: palette RGB → CMYK in content streams, and the トンボ as operators."""

from __future__ import annotations

import pytest

from layout.geometry import BLEED, MM
from layout.output.colour import rgb_to_cmyk
from layout.output.marks import MARK_LENGTH, mark_lines, marks_operators
from layout.output.profiles import PROFILES
from layout.palette import PALETTE


def test_every_palette_rgb_becomes_its_cmyk() -> None:
    for swatch in PALETTE.values():
        r, g, b = (f"{v:.6f}" for v in swatch.rgb01)
        out = rgb_to_cmyk(f"{r} {g} {b} rg\n{r} {g} {b} RG\n".encode()).split(b"\n")
        fill = [float(v) for v in out[0].split()[:4]]
        stroke = [float(v) for v in out[1].split()[:4]]
        assert out[0].endswith(b" k") and out[1].endswith(b" K")
        assert fill == stroke == [pytest.approx(v, abs=1e-4) for v in swatch.cmyk01]


def test_reportlab_number_forms_and_grey() -> None:
    assert rgb_to_cmyk(b"0 .352941 1 rg") == b"1 0.65 0 0 k"  # CUD blue as ReportLab writes it
    assert rgb_to_cmyk(b"q\n0 g\n1 G\nQ") == b"q\n0 0 0 1 k\n0 0 0 0 K\nQ"


def test_strings_and_other_operators_are_left_alone() -> None:
    stream = b"BT /F1 9 Tf (0 0 0 rg) Tj <30203020> Tj (a\\) 1 1 1 rg) Tj ET\n(\\n\\0120 g) Tj\n1 0 0 1 0 0 cm 2 w"
    assert rgb_to_cmyk(stream) == stream


def test_a_colour_outside_the_palette_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"RGB \(18, 52, 86\) is not a palette entry"):
        rgb_to_cmyk(b"0.070588 0.203922 0.337255 rg", "page 3")


def test_marks_lie_outside_the_bleed_and_reach_ten_mm_past_it() -> None:
    width, height, bleed = 595.28, 841.89, PROFILES["print"].bleed
    assert bleed <= BLEED + 1e-9
    for x1, y1, x2, y2 in mark_lines(width, height, bleed):
        for x, y in ((x1, y1), (x2, y2)):
            inside = -bleed + 0.01 < x < width + bleed - 0.01 and -bleed + 0.01 < y < height + bleed - 0.01
            assert not inside
    xs = [x for x1, _, x2, _ in mark_lines(width, height, bleed) for x in (x1, x2)]
    ys = [y for _, y1, _, y2 in mark_lines(width, height, bleed) for y in (y1, y2)]
    assert (min(xs), max(xs)) == (pytest.approx(-bleed - MARK_LENGTH), pytest.approx(width + bleed + MARK_LENGTH))
    assert (min(ys), max(ys)) == (pytest.approx(-bleed - MARK_LENGTH), pytest.approx(height + bleed + MARK_LENGTH))
    ops = marks_operators(width, height, bleed)
    assert ops.startswith(b"q\n1 1 1 1 K\n") and ops.endswith(b"Q\n")
    assert ops.count(b" l S") == len(mark_lines(width, height, bleed)) == 4 * 2 * 2 + 4 * 2
    assert f"{0.1 * MM:.4f}".encode() in ops
