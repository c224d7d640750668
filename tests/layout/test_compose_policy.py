"""Composer: the adjustment policies (Table 3 and the book method of Table 5), runts, whole words,
URLs and digit-group marks, as reference cases with the placeholder metrics of the JLREQ reference
(part 6) and 1-em punctuation glyphs, as in BIZ UDMincho.  The Table 3 cases are in
test_compose_adjust.py and test_compose_reference.py."""
from __future__ import annotations

from dataclasses import replace

import pytest

from layout.compose import Line, PlaceholderMetrics, compose_paragraph
from layout.compose.policy import POLICIES, policy

from .compose_util import EM_TOL, check_invariants, compose, texts


def gap_after(line: Line, ch: str) -> float:
    """em from the end of `ch`'s box to the next glyph's box (size 1)."""
    gs = line.glyphs
    i = next(k for k, g in enumerate(gs) if g.char == ch)
    return gs[i + 1].x - (gs[i].x + gs[i].width)


def gap_before(line: Line, ch: str) -> float:
    gs = line.glyphs
    i = next(k for k, g in enumerate(gs) if g.char == ch)
    return gs[i].x - (gs[i - 1].x + gs[i - 1].width)


def test_the_default_policy_is_the_book_method() -> None:
    metrics = PlaceholderMetrics(1.0, fullwidth_punct=True)
    text = "あいう・えおかきく"
    assert texts(compose_paragraph(text, metrics, 8.75)) == texts(compose(text, 8.75, full=True, policy="book"))
    with pytest.raises(ValueError, match="unknown composition policy 'loose'"):
        policy("loose")


def test_book_never_reduces_the_middle_dot() -> None:
    """Table 3 reduces the ¼ + ¼ around a mid-line ・ at step 4; the book method never does, so the line
    is pushed out (追い出し) and expanded between the other characters."""
    t3 = compose("あいう・えおかきく", 8.75, full=True, policy="jlreq-table3")
    assert texts(t3) == ["あいう・えおかきく"] and t3.lines[0].adjustment.steps[0][1] == 4
    book = compose("あいう・えおかきく", 8.75, full=True, policy="book")
    assert texts(book) == ["あいう・えおかき", "く"]
    first = book.lines[0]
    assert gap_before(first, "・") >= 0.25 - EM_TOL and gap_after(first, "・") >= 0.25 - EM_TOL
    assert abs(first.width - 8.75) < EM_TOL
    check_invariants(book, 8.75)


@pytest.mark.parametrize("mark", ["、", "」", "）"])
def test_book_reduces_the_half_after_a_comma_or_closing_bracket_to_a_quarter_at_most(mark: str) -> None:
    text = f"あいう{mark}えおかきく"
    fits = compose(text, 8.75, full=True, policy="book")  # needs ¼: taken from the ½ after the mark
    assert texts(fits) == [text]
    assert abs(gap_after(fits.lines[0], mark) - 0.25) < EM_TOL
    pushed = compose(text, 8.5, full=True, policy="book")  # needs ½: more than the book allows
    assert texts(pushed) == [text[:-1], text[-1]]
    assert gap_after(pushed.lines[0], mark) >= 0.5 - EM_TOL
    t3 = compose(text, 8.5, full=True, policy="jlreq-table3")  # Table 3 takes it to solid
    assert texts(t3) == [text] and abs(gap_after(t3.lines[0], mark)) < EM_TOL


@pytest.mark.parametrize("mark", ["「", "（"])
def test_book_reduces_the_half_before_an_opening_bracket_to_a_quarter_at_most(mark: str) -> None:
    text = f"あいう{mark}えおかきく"
    fits = compose(text, 8.75, full=True, policy="book")
    assert texts(fits) == [text] and abs(gap_before(fits.lines[0], mark) - 0.25) < EM_TOL
    pushed = compose(text, 8.5, full=True, policy="book")
    assert texts(pushed)[0] == text[:-1] and gap_before(pushed.lines[0], mark) >= 0.5 - EM_TOL


def test_book_keeps_the_japanese_western_quarter_fixed() -> None:
    """Neither reduced (Table 3 step 6 takes it to ⅛) nor expanded (Table 6 step 2 is skipped under the
    Table 5 method): the expansion goes between the Japanese characters."""
    book = compose("あいうabcえおかきくけ", 8.5, full=True, policy="book")
    first = book.lines[0]
    assert texts(book) == ["あいうabcえおか", "きくけ"]
    assert abs(gap_before(first, "a") - 0.25) < EM_TOL and abs(gap_after(first, "c") - 0.25) < EM_TOL
    assert [step for kind, step, _ in first.adjustment.steps] == [3]
    t3 = compose("あいうabcえおかきくけ", 8.5, full=True, policy="jlreq-table3")
    assert gap_before(t3.lines[0], "a") > 0.25 + EM_TOL  # Table 6 step 2 widened it
    squeezed = compose("あいうabcえお", 6.875, full=True, policy="jlreq-table3")  # natural 7 em
    assert texts(squeezed) == ["あいうabcえお"] and gap_before(squeezed.lines[0], "a") < 0.25 - EM_TOL
    book_squeezed = compose("あいうabcえお", 6.875, full=True, policy="book")
    assert len(book_squeezed.lines) == 2 and abs(gap_before(book_squeezed.lines[0], "a") - 0.25) < EM_TOL


def test_the_policies_are_data() -> None:
    book, t3 = POLICIES["book"], POLICIES["jlreq-table3"]
    assert book.half_floor == 0.25 and t3.half_floor == 0.0
    assert 2 not in book.expand_steps and 2 in t3.expand_steps
    assert book.reduce_steps < t3.reduce_steps


def test_a_runt_takes_characters_from_the_line_before() -> None:
    """Greedy breaking leaves 「です。」 (3 characters); with a minimum of 4, the line before gives up 「と」
    and is expanded, within the policy."""
    text = "あいうえおかきくけこさしすせそたちつてとです。"
    assert texts(compose(text, 10, full=True, policy="book")) == [
        "あいうえおかきくけこ", "さしすせそたちつてと", "です。"]
    para = compose(text, 10, full=True, policy="book", min_last=4)
    assert texts(para) == ["あいうえおかきくけこ", "さしすせそたちつて", "とです。"]
    assert not para.warnings
    check_invariants(para, 10)


def test_a_runt_that_cannot_be_lengthened_is_a_warning_not_an_overfull_line() -> None:
    para = compose("あいうえおかきくけこ。", 10, full=True, policy="book", min_last=4)
    assert texts(para) == ["あいうえおかき", "くけこ。"] and not para.warnings
    para = compose("あ「いうえおかきくけこさ」", 10, full=True, policy="book", min_last=20)
    assert [w.kind for w in para.warnings] == ["runt"]
    check_invariants(para, 10)


def test_a_katakana_word_is_not_split_when_a_break_before_it_fits() -> None:
    text = "あいうえおかきくけこさしすせそたちつてとなネウボラです"
    para = compose(text, 23, full=True, policy="book")
    assert texts(para) == ["あいうえおかきくけこさしすせそたちつてとな", "ネウボラです"]
    check_invariants(para, 23)
    # a word that would leave more than 3 em to spread is split at a legal place instead
    long_word = compose("あいうえおかきくけこさしすせそたちつてネウボラケアマネジャーです", 23, full=True,
                        policy="book")
    assert texts(long_word)[0].endswith("ネウボラ")


def test_a_url_breaks_before_query_separators_and_its_lines_are_flush_left() -> None:
    url = "https://example.jp/viewer?mid=18AeOem7TpZHVTHM&ll=35.33&z=13"
    para = compose(f"地図{url}", 24, full=True, policy="book")
    lines = texts(para)
    assert "".join(lines) == f"地図{url}"
    assert any(line.startswith(("?", "&", "=")) for line in lines[1:]), lines
    for line in para.lines:
        assert line.adjustment.expanded == 0, line.text  # never justified, never letter-spaced
    check_invariants(para, 24)


def test_digit_group_marks_are_set_in_a_quarter_em() -> None:
    """A comma or decimal point between digits is set in ¼ em whatever its glyph's advance (BIZ UDMincho's
    half-width comma is ½ em and left a visible hole in 「2, 371」)."""
    class HalfComma(PlaceholderMetrics):
        def _em(self, ch: str) -> float:
            return 0.5 if ch in ",." else super()._em(ch)

    glyphs = compose_paragraph("人口2,371人、29.5%、a,b", HalfComma(1.0), 40).lines[0].glyphs
    advances = {i: glyphs[i + 1].origin - g.origin for i, g in enumerate(glyphs) if g.char in ",."}
    grouped = [i for i in advances if glyphs[i - 1].char.isdigit() and glyphs[i + 1].char.isdigit()]
    assert len(grouped) == 2 and all(abs(advances[i] - 0.25) < EM_TOL for i in grouped)
    assert all(advances[i] >= 0.5 - EM_TOL for i in advances if i not in grouped)  # a,b keeps its comma


def test_the_book_policy_balances_a_pushed_out_word_over_the_lines_before() -> None:
    """令和30年度。 cannot break and does not fit after 「けくいこお」: greedy breaking leaves that line 5 em
    short; the total fit shares the push between the first two lines (2 em and 3 em)."""
    text = "えくうけくええけえあけくいこお令和30年度。"
    greedy = compose(text, 10, full=True, policy=replace(POLICIES["book"], window=0.0))
    assert texts(greedy) == ["えくうけくええけえあ", "けくいこお", "令和30年度。"]
    fit = compose(text, 10, full=True, policy="book")
    assert texts(fit) == ["えくうけくええけ", "えあけくいこお", "令和30年度。"]
    assert max(line.adjustment.expanded for line in fit.lines) == pytest.approx(3.0)
    assert max(line.adjustment.expanded for line in greedy.lines) == pytest.approx(5.0)
    check_invariants(fit, 10)


def test_ragged_text_is_flush_left_and_keeps_words_whole() -> None:
    text = "あいうえおかきくけこさしすせそたちつてとなネウボラです"
    para = compose(text, 23, full=True, policy="book", justify=False)
    assert texts(para) == ["あいうえおかきくけこさしすせそたちつてとな", "ネウボラです"]
    assert all(line.adjustment.expanded == 0 for line in para.lines)
    assert para.lines[0].width == pytest.approx(21.0)


def test_a_url_never_breaks_inside_a_decimal_number_and_may_break_before_a_percent_escape() -> None:
    url = "https://example.jp/map?ll=35.33224433800168%2C139.53781149999997"
    para = compose(url, 16, full=True, policy="book")
    lines = texts(para)
    assert "".join(lines) == url
    for a, b in zip(lines, lines[1:]):
        assert not (a.endswith(".") and a[-2].isdigit() and b[0].isdigit()), lines
    assert any(line.startswith("%2C") for line in lines), lines


def test_a_number_before_a_unit_keeps_fixed_pitch_figures() -> None:
    """Latin words and words that mix letters and digits are set in the proportional Latin face; the
    figures of a number before a unit stay in the text face, like every other number."""
    from layout.compose.compose import latin_faces
    from layout.compose.classes import resolve_classes
    from layout.compose.units import find_units

    def faces(text: str) -> str:
        units = find_units(text)
        cls, _ = resolve_classes(text, units)
        return "".join("P" if f else "." for f in latin_faces(text, cls, units))

    assert faces("年58,607tの") == ".......P."
    assert faces("ETC2.0とAED") == "PPPPPP.PPP"
    assert faces("2,371人") == "......"
    assert faces("鎌倉ULTLA（Uniqueness Liberation）") == "..PPPPP.PPPPPPPPPPPPPPPPPPPPP."
