"""Line breaking: kinsoku at the very-strict level, unbreakable units (……, ——, Latin words,
numbers, number + counter, era + number), URLs, over-long words, spaces at a break."""
from __future__ import annotations

import pytest

from layout.compose.rules import no_end, no_start
from layout.compose.classes import base_class

from .compose_util import check_invariants, compose, texts, visible

# Literal lists from the brief / reference part 2.1 (very strict), full-width and ASCII forms.
NO_START = ("）」』】〕〉》］｝〙〗〟’”»)]}"   # closing brackets
            "‐〜゠–～"                          # hyphens (～ as wave dash)
            "？！‼⁇⁈⁉?!"                        # dividing punctuation
            "・：；"                            # middle dots
            "。．"                              # full stops
            "、，"                              # commas
            "々〻ゝゞヽヾ"                      # iteration marks
            "ー"                                # prolonged sound mark
            "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")  # small kana
NO_END = "（「『【〔〈《［｛〘〖〝‘“«([{"
KANA = "あいうえおかきくけこさしすせそたちつてと"


@pytest.mark.parametrize("ch", list(NO_START))
def test_line_start_prohibited(ch: str) -> None:
    assert no_start(ch, base_class(ch))
    for offset in range(1, 12):          # the mark at every position around the break
        text = KANA[:offset] + ch + KANA[offset:]
        for measure in (4, 5, 6.5):
            para = compose(text, measure)
            check_invariants(para, measure)
            assert not para.warnings
            for line in para.lines[1:]:
                assert line.text[0] != ch, (ch, texts(para))


@pytest.mark.parametrize("ch", list(NO_END))
def test_opening_bracket_never_ends_a_line(ch: str) -> None:
    assert no_end(ch, base_class(ch))
    for offset in range(1, 12):
        text = KANA[:offset] + ch + KANA[offset:offset + 3] + KANA[offset + 3:]
        for measure in (4, 5, 6.5):
            para = compose(text, measure)
            check_invariants(para, measure)
            for line in para.lines[:-1]:
                assert visible(line)[-1] != ch, (ch, texts(para))


def test_opening_bracket_pushed_out_t2() -> None:
    para = compose("あいうえ「かき」", 5)          # 「 would end line 1 exactly at 5 em
    assert texts(para) == ["あいうえ", "「かき」"]


@pytest.mark.parametrize("prefix", list("￥＄￡＃€№"))
def test_prefixed_abbreviation_binds_to_number(prefix: str) -> None:
    for offset in range(1, 8):
        text = KANA[:offset] + prefix + "100" + KANA[offset:]
        for measure in (4, 5):
            para = compose(text, measure)
            check_invariants(para, measure)
            assert any(prefix + "100" in t for t in texts(para)), texts(para)


UNITS = ["……", "——", "Editor", "2,371", "29.5", "2,371人", "4,500円", "45人", "1.7億円",
         "50%", "29.5t", "3か所", "12校", "令和3年", "平成30年度", "令和元年", "平成 30 年度",
         "昭和64年", "第2", "(3-20)"]


@pytest.mark.parametrize("unit", UNITS)
def test_unbreakable_units(unit: str) -> None:
    for offset in range(0, 10):
        text = KANA[:offset] + unit + KANA[offset:offset + 6]
        for measure in (6, 7, 8.5, 10):
            para = compose(text, measure)
            check_invariants(para, measure)
            # a 5.5-em unit after one kana at 6 em leaves that kana alone on its line: it
            # cannot be justified (no gap), which is reported, but the unit is never split
            assert all(w.kind == "underfull" for w in para.warnings)
            assert any(unit in t for t in texts(para)), (unit, measure, texts(para))


def test_single_glyph_line_is_reported_underfull() -> None:
    para = compose("あ平成30年度です", 6)
    assert texts(para) == ["あ", "平成30年度", "です"]
    assert [(w.kind, w.line) for w in para.warnings] == [("underfull", 0)]


def test_ideographic_numbers_and_plain_numerals_may_break_elsewhere() -> None:
    # JLREQ allows J|numeral; only the unit itself is held together.
    para = compose("あいうえおか123", 7)
    assert texts(para) == ["あいうえおか", "123"]


URL = "https://www.city.kamakura.kanagawa.jp/kodomo/index-page.html"


@pytest.mark.parametrize("measure", [8, 9, 10, 12, 15, 20])
def test_url_breaks_only_after_slash_dot_hyphen(measure: float) -> None:
    text = "詳細は" + URL + "を参照。"
    para = compose(text, measure)
    check_invariants(para, measure)
    assert not para.warnings
    start = text.index(URL)
    for line in para.lines[:-1]:
        if start < line.end < start + len(URL):      # a break inside the URL
            before, after = text[line.end - 1], text[line.end]
            assert before in "/.-", (before, after, texts(para))
            assert not (before == "/" and after == "/")
    assert sum(t.count("-") for t in texts(para)) == URL.count("-")  # no hyphen added
    assert any(start < line.end < start + len(URL) for line in para.lines)


def test_word_longer_than_measure_is_broken_with_a_warning() -> None:
    text = "これはSupercalifragilisticexpialidociousです"
    para = compose(text, 10)
    check_invariants(para, 10)
    assert [w.kind for w in para.warnings] == ["forced-break", "forced-break"]
    assert texts(para) == ["これはSupercalifrag", "ilisticexpialidociou", "sです"]
    assert all(w.index in {line.start for line in para.lines} for w in para.warnings)


def test_latin_words_break_at_spaces_which_hang_at_zero_width() -> None:
    para = compose("Hello world, this is the Latin text composer.", 6)
    check_invariants(para, 6)
    for line in para.lines:
        assert line.text[0] != " "
        words = line.text.split()
        assert all(w in para.text.split() for w in words)
        if line.text.endswith(" "):
            assert line.glyphs[-1].width == 0 and line.glyphs[-1].x == pytest.approx(line.width)


def test_latin_compound_may_break_after_its_hyphen() -> None:
    para = compose("well-known", 3)
    assert texts(para) == ["well-", "known"]


def test_forced_break_respects_kinsoku_when_possible() -> None:
    para = compose("「" + "a" * 30 + "」。", 10)
    check_invariants(para, 10)
    assert para.warnings
    assert not para.lines[-1].text.startswith(("」", "。"))


def test_url_never_breaks_between_two_slashes() -> None:
    # "あい" + ¼ + "https:/" fits 6 em but "https://" does not: the line ends before the URL.
    para = compose("あいhttps://www.ex.jp", 6)
    assert texts(para)[0] == "あい"
    assert texts(para)[1].startswith("https://")


def test_empty_text_and_bad_measure() -> None:
    assert compose("", 10).lines == ()
    with pytest.raises(ValueError):
        compose("あ", 0)


def test_glyph_wider_than_measure_overflows_with_a_warning() -> None:
    para = compose("あい", 0.5)
    assert texts(para) == ["あ", "い"]
    assert {w.kind for w in para.warnings} == {"forced-break", "overflow"}
    assert sorted(w.line for w in para.warnings if w.kind == "overflow") == [0, 1]
