"""Spacing: consecutive punctuation (Table 1, §3.1.4), 四分アキ around Latin and digits, the
line-head opening bracket, line-end punctuation, and 1-em punctuation glyphs set as ½-em box +
glue (negative kerning into the blank half).  Positions in em, placeholder metrics at 1 pt."""
from __future__ import annotations

import pytest

from layout.compose.spacing import glyph_box
from layout.compose.classes import CLOSE, FULL_STOP, MIDDLE_DOT, OPEN

from .compose_util import assert_positions, compose, texts


def one_line(text: str, **kw):
    para = compose(text, 40, **kw)
    assert len(para.lines) == 1
    return para.lines[0]


@pytest.mark.parametrize("text,xs", [
    ("「「あ」」い", [0, 0.5, 1.0, 2.0, 2.5, 3.5]),        # 「「 solid, 」」 solid, ½ after the last
    ("（あ）」い", [0, 0.5, 1.5, 2.0, 3.0]),               # ）」 solid
    ("「あ。」い", [0, 0.5, 1.5, 2.0, 3.0]),               # 。」 solid, ½ after 」
    ("「あ、」い", [0, 0.5, 1.5, 2.0, 3.0]),               # 、」 solid
    ("「あ」、い", [0, 0.5, 1.5, 2.0, 3.0]),               # 」、 solid, ½ after 、
    ("「あ」。い", [0, 0.5, 1.5, 2.0, 3.0]),               # 」。 solid, ½ after 。
    ("あ、「い", [0, 1.0, 2.0, 2.5]),                      # 、「 a single ½
    ("あ。「い", [0, 1.0, 2.0, 2.5]),                      # 。「 a single ½
    ("「あ」「い", [0, 0.5, 1.5, 2.5, 3.0]),               # 」「 ½, not 1
    ("あ・・い", [0, 1.25, 2.25, 3.0]),                     # ・・ ¼ + ¼
    ("あ。・い", [0, 1.0, 2.25, 3.0]),                      # 。・ ½ + ¼
    ("あ、・い", [0, 1.0, 2.25, 3.0]),                      # 、・ ½ + ¼
    ("「あ」・い", [0, 0.5, 1.5, 2.25, 3.0]),              # 」・ ¼ before the ・
    ("あ・「い", [0, 1.25, 2.0, 2.5]),                      # ・「 ¼ after the ・
    ("「あ？」い", [0, 0.5, 1.5, 2.5, 3.5]),               # ？」 nothing after ？
    ("あ\u3000「い", [0, 1, 2, 2.5]),                       # U+3000 → 「 is 0
])
def test_consecutive_punctuation(text: str, xs: list[float]) -> None:
    assert_positions(one_line(text), list(zip(text, xs)))


@pytest.mark.parametrize("text,xs", [
    ("あAい", [0, 1.25, 2.0]),                     # J→27 ¼, 27→J ¼
    ("あ1い", [0, 1.25, 2.0]),                     # J→24 ¼, 24→J ¼
    ("あEdい", [0, 1.25, 1.75, 2.5]),
    ("Aあ", [0, 0.75]),                             # no ¼ at the line head
    ("2021年", [0, 0.5, 1.0, 1.5, 2.25]),
    ("あ2,371人", [0, 1.25, 1.75, 2.0, 2.5, 3.0, 3.75]),
    ("？A", [0, 1.25]),                             # cl-04→27 ¼
])
def test_quarter_em_between_japanese_and_latin_or_digits(text: str, xs: list[float]) -> None:
    assert_positions(one_line(text), list(zip(text, xs)))


@pytest.mark.parametrize("text,xs", [
    ("「A」", [0, 0.5, 1.0]),                       # solid inside brackets
    ("あ、A", [0, 1.0, 2.0]),                       # only the comma's ½
    ("A、あ", [0, 0.5, 1.5]),                       # 27→07 solid
    ("A。あ", [0, 0.5, 1.5]),
    ("（2021）あ", [0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.5]),
    ("あ（A）", [0, 1.5, 2.0, 2.5]),                # only the bracket's ½
    ("あ・A", [0, 1.25, 2.0]),                      # the ・'s ¼ only
])
def test_no_quarter_em_next_to_punctuation(text: str, xs: list[float]) -> None:
    assert_positions(one_line(text), list(zip(text, xs)))


def test_no_quarter_em_at_line_end_after_latin() -> None:
    line = compose("これはEditorです", 7).lines[0]   # T7: ends with r at 6.5 + 0.5 = 7.0
    assert line.text == "これはEditor" and line.end_aki == 0
    assert line.glyphs[-1].x + line.glyphs[-1].width == pytest.approx(7.0)


def test_word_space_is_a_third_em_and_positioning_only() -> None:
    line = one_line("ab cd")
    assert_positions(line, [("a", 0), ("b", 0.5), (" ", 1.0), ("c", 1 + 1 / 3), ("d", 1.5 + 1 / 3)])
    assert line.text == "ab cd"


def test_wrapped_opening_bracket_is_flush_pattern_1() -> None:
    para = compose("あいうえおかきくけこさしすせ「そ」", 15)
    assert texts(para) == ["あいうえおかきくけこさしすせ", "「そ」"]
    assert para.lines[1].glyphs[0].x == 0.0


@pytest.mark.parametrize("indent", [0.0, 1.0])
def test_paragraph_opening_bracket_follows_indent(indent: float) -> None:
    line = compose("「あ」", 10, indent_em=indent).lines[0]
    assert line.glyphs[0].x == pytest.approx(indent) and line.indent == indent


def test_line_end_punctuation_solid_by_default_half_on_request() -> None:
    solid = compose("あいうえ。かき", 5)
    assert solid.lines[0].text == "あいうえ。" and solid.lines[0].end_aki == 0
    assert_positions(solid.lines[0], list(zip("あいうえ。", [0, 7 / 6, 14 / 6, 3.5, 4.5])))
    half = compose("あいうえ。かき", 5, line_end_half=True)
    assert half.lines[0].end_aki == pytest.approx(0.5)
    assert_positions(half.lines[0], list(zip("あいうえ。", [0, 1, 2, 3, 4.0])))


def test_line_end_middle_dot_keeps_quarter_both_sides() -> None:
    line = compose("あいうえ・おか", 5).lines[0]
    assert line.end_aki == pytest.approx(0.25) and line.width == pytest.approx(5.0)


# --- 1-em punctuation glyphs (BIZ UDMincho-like): ½-em box + glue --------------------------

def test_glyph_box_trims_the_blank_half() -> None:
    assert glyph_box(OPEN, 10.0, 10.0) == (5.0, 5.0)          # ink in the right half
    assert glyph_box(CLOSE, 10.0, 10.0) == (5.0, 0.0)         # ink in the left half
    assert glyph_box(FULL_STOP, 10.0, 10.0) == (5.0, 0.0)
    assert glyph_box(MIDDLE_DOT, 10.0, 10.0) == (5.0, 2.5)    # centred
    assert glyph_box(CLOSE, 5.0, 10.0) == (5.0, 0.0)          # already half-width


def test_fullwidth_glyphs_same_boxes_and_origins_shifted() -> None:
    text = "「はい」、と言った。"
    half = one_line(text)
    full = one_line(text, full=True)
    assert [g.x for g in full.glyphs] == pytest.approx([g.x for g in half.glyphs])
    assert [g.advance for g in full.glyphs] == [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    assert full.glyphs[0].origin == pytest.approx(-0.5)      # line-head 「: blank half outside
    assert [g.origin for g in full.glyphs[1:]] == pytest.approx([g.x for g in full.glyphs[1:]])


def test_fullwidth_compression_is_negative_kerning_into_the_blank_half() -> None:
    # 」、 solid: 、 moves ½ em left into the blank half of the 1-em 」.
    kerns = one_line("「はい」、と", full=True).kerns()
    assert kerns == pytest.approx([0, 0, 0, -0.5, 0])
    # the ½ after 、 is the blank half of its glyph: no kern when it is kept …
    assert one_line("あ、い", full=True).kerns() == pytest.approx([0, 0])
    # … and T3's step 5 (、→「 ½→¼) overlaps the two blank halves by ¾ em: inks stay ¼ apart.
    line = compose("仮製本には、「がんだれ」とよばれる様式がある。", 15, full=True).lines[0]
    comma, bracket = line.glyphs[5], line.glyphs[6]
    assert bracket.origin - (comma.origin + comma.advance) == pytest.approx(-0.75)
    assert bracket.x - (comma.x + comma.width) == pytest.approx(0.25)


def test_fullwidth_line_end_convention() -> None:
    """Justified line end = last origin + advance, a line-final cl-02/06/07 counting ½ em."""
    for text in ("あいうえ。かき", "あいうえ」かき", "あいうえ、かき", "あいうえ）かき"):
        for full in (False, True):
            line = compose(text, 5, size=10.0, full=full).lines[0]
            last = line.glyphs[-1]
            end = last.origin + (5.0 if last.cls in (2, 6, 7) else last.advance)
            assert end == pytest.approx(50.0), (text, full)
    # with the ½ kept (JLREQ-preferred) a 1-em glyph's own advance reaches the measure
    line = compose("あいうえ。かき", 5, size=10.0, full=True, line_end_half=True).lines[0]
    assert line.glyphs[-1].origin + line.glyphs[-1].advance == pytest.approx(50.0)


def test_closing_or_comma_before_opening_bracket_keeps_a_quarter_em() -> None:
    from layout.compose.classes import COMMA
    from layout.compose.spacing import gap_spec
    assert gap_spec(CLOSE, OPEN).reduce == ((5, 0.25),)
    assert gap_spec(COMMA, OPEN).reduce == ((5, 0.25),)
    # 」「 in a line that must shrink by a whole em: the ½ between the brackets goes only to ¼,
    # so the 1-em glyphs never share an origin (text extraction keeps their order)
    para = compose("「あ」「い」「う」「え」「お」かきくけ", 12.0, full=True)
    for line in para.lines:
        origins = [g.origin for g in line.glyphs]
        assert len(set(origins)) == len(origins), line.text


def test_western_glyph_before_opening_bracket_keeps_a_quarter_em() -> None:
    """LGBT（…: at 0 the bracket's box (its blank half first) would start at the T's origin, and extraction
    would read LGB（T. The ½ before the bracket stops at ¼ after a Latin letter or a digit."""
    from layout.compose.classes import LATIN, NUMERAL
    from layout.compose.spacing import gap_spec
    assert gap_spec(LATIN, OPEN).reduce == ((5, 0.25),) and gap_spec(NUMERAL, OPEN).reduce == ((5, 0.25),)
    para = compose("LGBT（性的少数者）ABC（あい）DEF（うえ）GHI（お）かきくけこさしすせそ", 10.0, full=True)
    for line in para.lines:
        origins = [g.origin for g in line.glyphs]
        assert origins == sorted(origins) and len(set(origins)) == len(origins), line.text
