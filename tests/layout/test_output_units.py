"""The output stage's pure parts: palette RGB → CMYK in content streams (with the overprint of K100 following
the colours through q/Q), the トンボ as operators, and the derived subset tags."""

from __future__ import annotations

import pytest

from layout.geometry import BLEED, MM
from layout.output.colour import OVERPRINT_STATES, rgb_to_cmyk
from layout.output.marks import MARK_LENGTH, REGISTRATION_SPACE, mark_lines, marks_operators
from layout.output.prepress import reportlab_tag, split_tag, subset_tag
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
    assert ops.startswith(f"q\n{REGISTRATION_SPACE} CS 1 SCN\n".encode()) and ops.endswith(b"Q\n")
    assert b" K\n" not in ops and b" k\n" not in ops  # the registration colour /All, never DeviceCMYK 400%
    assert ops.count(b" l S") == len(mark_lines(width, height, bleed)) == 4 * 2 * 2 + 4 * 2
    assert f"{0.1 * MM:.4f}".encode() in ops


KO, FILL, STROKE, BOTH = (OVERPRINT_STATES[s].encode() + b" gs" for s in
                          ((False, False), (True, False), (False, True), (True, True)))


def overprint(stream: bytes, form: bool = False) -> list[bytes]:
    return rgb_to_cmyk(stream, overprint=True, form=form).split(b"\n")


def test_k100_fill_and_stroke_overprint_and_every_other_colour_knocks_out() -> None:
    assert overprint(b"0 g\n(a) Tj\n0 G\n.4 g\n1 1 1 rg\n1 G") == [
        FILL, b"0 0 0 1 k", b"(a) Tj", BOTH, b"0 0 0 1 K", STROKE, b"0 0 0 0.6 k", b"0 0 0 0 k", KO,
        b"0 0 0 0 K"]


def test_the_state_is_set_only_when_it_changes() -> None:
    assert overprint(b"0 g\n0 g\n0 .352941 1 RG\n1 .294118 0 RG") == [
        FILL, b"0 0 0 1 k", b"0 0 0 1 k", b"1 0.65 0 0 K", b"0 0.85 1 0 K"]


def test_the_state_follows_q_and_Q() -> None:
    """After Q the overprint flags are the saved ones again (the graphics state restores them), so the next
    colour change sets them from what is in force after Q, not from what was set inside."""
    assert overprint(b"0 g\nq\n0 G\nQ\n0 G\nq 1 0 0 1 5 5 cm\n1 g\nQ 2 w\n1 g") == [
        FILL, b"0 0 0 1 k", b"q", BOTH, b"0 0 0 1 K", b"Q", BOTH, b"0 0 0 1 K", b"q 1 0 0 1 5 5 cm", STROKE,
        b"0 0 0 0 k", b"Q 2 w", STROKE, b"0 0 0 0 k"]


def test_q_inside_strings_is_not_an_operator() -> None:
    """A string is skipped whole (escaped parentheses included): its q or Q bytes change nothing."""
    stream = b"0 g\nBT (Q) Tj (a\\) Q) Tj (q\\(q) Tj ET\n0 g"
    assert overprint(stream) == [FILL, b"0 0 0 1 k", b"BT (Q) Tj (a\\) Q) Tj (q\\(q) Tj ET", b"0 0 0 1 k"]


def test_a_form_sets_the_state_at_its_first_colour() -> None:
    """A form inherits the caller's flags, unknown here: its first colour always sets them."""
    assert overprint(b".4 g", form=True) == [KO, b"0 0 0 0.6 k"]
    assert overprint(b".4 g") == [b"0 0 0 0.6 k"]   # a page starts with overprint off


def test_without_overprint_nothing_is_inserted() -> None:
    assert rgb_to_cmyk(b"0 g\nq 0 G Q") == b"0 0 0 1 k\nq 0 G Q"


def test_subset_tags_are_derived_stable_and_distinct() -> None:
    tag = subset_tag("BIZUDMincho-Regular", b"glyphs 1")
    assert len(tag) == 6 and tag.isupper() and tag.isalpha() and not reportlab_tag(tag)
    assert tag == subset_tag("BIZUDMincho-Regular", b"glyphs 1")
    assert tag != subset_tag("BIZUDMincho-Regular", b"glyphs 2") != subset_tag("BIZUDGothic-Regular", b"glyphs 1")
    assert subset_tag("BIZUDMincho-Regular", b"glyphs 1", attempt=1) != tag
    assert not any(reportlab_tag(subset_tag("F", bytes([n]))) for n in range(256))
    assert all(reportlab_tag(t) for t in ("AAAAAA", "AAAAAB", "AAAAAE", "AAAABA", "AAAAKK"))
    assert split_tag("/AAAAAA+BIZUDMincho-Regular") == ("AAAAAA", "BIZUDMincho-Regular")
    assert split_tag("/BIZUDMincho-Regular") is None
