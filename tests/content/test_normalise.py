"""Content stage: unit tests for content.normalise, one group per documented rule, and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.normalise import is_japanese, is_latin_or_digit, join_lines, normalise

SEED = Path(__file__).resolve().parents[2] / "content/editions/kamakura-2021/seed/000_7cc8ce592ec62522.txt"


# rule 1: markdown bold markers
@pytest.mark.parametrize("raw, expected", [
    ("**約108億円削減することが出来ました。**", "約108億円削減することが出来ました。"),
    ("### **17〇家庭で**", "### 17〇家庭で"),
])
def test_bold_markers_are_removed(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# rule 2: ✕ → ×
def test_multiplication_x_becomes_times_sign() -> None:
    assert normalise("✕未達成が3項目") == "×未達成が3項目"
    assert "\u2715" not in normalise("\u2715\u2715")


# rule 3: whitespace
@pytest.mark.parametrize("raw, expected", [
    ("  ZEN   2.0  ", "ZEN 2.0"),
    ("Chief\tInnovation\nOfficer", "Chief Innovation Officer"),
    ("\n\n", ""),
    ("全角\u3000空白", "全角\u3000空白"),  # the ideographic space is not OCR spacing
])
def test_whitespace_collapses_and_is_stripped(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# rule 4: , : ! ? ~ in Japanese running text
@pytest.mark.parametrize("raw, expected", [
    ("令和2年7月:鎌倉市観光協会", "令和2年7月：鎌倉市観光協会"),
    ("再(Re:リ)発信", "再（Re：リ）発信"),
    ("家族で歩こう!健康", "家族で歩こう！健康"),
    ("なぜ?と問う", "なぜ？と問う"),
    ("令和3年1~2月に", "令和3年1〜2月に"),  # ~ gives the wave dash U+301C (rule 6), not ～ U+FF5E
    ("(2~14 回目", "(2〜14回目"),
    ("鎌倉,逗子", "鎌倉、逗子"),
])
def test_half_width_punctuation_becomes_full_width_in_japanese(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["定員2,371人", "PFI,PPP", "Re:Start", "a~b", "ok!", "why?",
                                  "https://example.org/a:b?x=1,2~3!"])
def test_punctuation_between_latin_or_digits_or_in_urls_stays(text: str) -> None:
    assert normalise(text) == text


# rule 5: parentheses per matched pair
@pytest.mark.parametrize("raw, expected", [
    ("多子世帯(第2子)の無償化", "多子世帯（第2子）の無償化"),
    ("定員2,451人(+80) 受入", "定員2,451人（+80）受入"),
    ("施設 (Space ぷらっと大船) における", "施設（Spaceぷらっと大船）における"),
    ("鎌倉 ULTLA (Liberation and Assessment (学びの最適化)) プログラム",
     "鎌倉ULTLA（Liberation and Assessment（学びの最適化））プログラム"),
    ("(企業誘致・創業支援とともに、)市内企業", "（企業誘致・創業支援とともに、）市内企業"),
])
def test_parentheses_become_full_width_in_japanese(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_parentheses_around_latin_in_latin_stay() -> None:
    assert normalise("Assessment (AI) Test") == "Assessment (AI) Test"
    assert normalise("https://example.org/a_(b)") == "https://example.org/a_(b)"


def test_opening_and_closing_never_differ() -> None:
    out = normalise("ULTLA (Uniqueness Liberation (学び)) プログラム")
    assert out.count("（") == out.count("）") == 2 and "(" not in out and ")" not in out


# rule 6: the symbol style
WAVE_DASH, FULLWIDTH_TILDE, EN_DASH = "\u301c", "\uff5e", "\u2013"


@pytest.mark.parametrize("raw, expected", [
    ("令和元～2年度", "令和元〜2年度"),
    ("（平成30年3月～令和2年9月）", "（平成30年3月〜令和2年9月）"),
    ("（令和2年度～）", "（令和2年度〜）"),
    ("優秀賞～リーディング賞～を受賞", "優秀賞〜リーディング賞〜を受賞"),
    ("2～14回目", "2〜14回目"),
    ("a～b", "a〜b"),  # ～ is never the content's wave dash, whatever stands beside it
])
def test_fullwidth_tilde_becomes_the_wave_dash(raw: str, expected: str) -> None:
    out = normalise(raw)
    assert out == expected and FULLWIDTH_TILDE not in out and out.count(WAVE_DASH) == raw.count(FULLWIDTH_TILDE)


@pytest.mark.parametrize("raw, expected", [
    ("10–12月", "10〜12月"),         # between two digits: a range
    ("pp. 10–12", "pp. 10〜12"),
    ("令和元–2年度", "令和元〜2年度"),  # a Japanese neighbour: a range written the Japanese way
    ("3月–令和2年", "3月〜令和2年"),
    ("東京 – 大阪", "東京〜大阪"),     # the wave dash is set solid (rule 7)
])
def test_en_dash_in_japanese_or_between_digits_becomes_the_wave_dash(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["Michaelis–Menten", "A – B", "ISO–JIS"])
def test_en_dash_between_latin_stays(text: str) -> None:
    assert normalise(text) == text and EN_DASH in text


@pytest.mark.parametrize("raw, expected", [
    ("令和2年度 ～ 令和3年度", "令和2年度〜令和3年度"),
    ("2 ～ 14 回目", "2〜14回目"),
    ("平成30年3月 ~ 令和2年9月", "平成30年3月〜令和2年9月"),
])
def test_no_space_beside_the_wave_dash(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("朗読イベント+妙長寺見学ツアー", "朗読イベント＋妙長寺見学ツアー"),
    ("（電線地中化+裏配線化）", "（電線地中化＋裏配線化）"),
    ("片岡幼稚園+α", "片岡幼稚園＋α"),
    ("イベント + 見学", "イベント＋見学"),  # ＋ is set solid (rule 7)
    ("ICT+教育", "ICT＋教育"),           # one neighbour Japanese is enough
])
def test_plus_between_japanese_is_full_width(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("定員2,451人（+80）", "定員2,451人（+80）"),  # a sign stays with its half-width digits
    ("前年比+5%", "前年比+5%"),
    ("定員2,451人（＋80）", "定員2,451人（+80）"),  # … and a full-width sign joins them
    ("前年比＋5%", "前年比+5%"),
    ("C++", "C++"),                                # inside a Latin or number run: ASCII
    ("1+1=2", "1+1=2"),
    ("A＋B", "A+B"),
    ("1 ＋ 1", "1 + 1"),
])
def test_plus_as_a_sign_or_in_latin_is_ascii(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("「キッズ&ファミリービーチ」", "「キッズ＆ファミリービーチ」"),
    ("大船パーク&ライド", "大船パーク＆ライド"),
    ("鎌倉国宝館 & 鎌倉歴史文化交流館", "鎌倉国宝館＆鎌倉歴史文化交流館"),  # ＆ is set solid (rule 7)
    ("R＆D", "R&D"),
    ("Q ＆ A", "Q & A"),
])
def test_ampersand_is_full_width_beside_japanese_and_ascii_in_latin(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["R&D", "AT&T", "Q&A", "R & D", "R&Dセンター", "Tom&Jerry展"])
def test_ampersand_in_latin_names_stays(text: str) -> None:
    assert normalise(text) == text


@pytest.mark.parametrize("raw, expected", [
    ("鎌倉国宝館&鎌倉歴史文化交流館 - 頼朝の道をゆく- ツアー", "鎌倉国宝館＆鎌倉歴史文化交流館―頼朝の道をゆく―ツアー"),
    ("館 -- 頼朝", "館――頼朝"),              # a doubled dash stays doubled
    ("企画展 — みほとけの歴史", "企画展―みほとけの歴史"),  # an em dash: the half-width U+2014 of our fonts
    ("「鎌倉大仏-みほとけ」", "「鎌倉大仏―みほとけ」"),
])
def test_hyphen_used_as_a_dash_in_japanese_becomes_the_dash(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["校舎内のWi-Fi整備", "『マイME-BYOカルテ』", "日本Well-being計画", "（3-20）",
                                  "〒248-8686", "0467-23-3000", "気温-5℃", "Aランク-B", "Tokyo — Osaka", "x - y"])
def test_hyphen_in_words_codes_and_numbers_stays(text: str) -> None:
    assert normalise(text) == text


# A URL's last character touches Japanese text, so each rule would change it if the URL were not exempt.
@pytest.mark.parametrize("text", [
    "https://example.org/~user/a~b",
    "詳細はhttps://example.org/~を参照",
    "詳細はhttps://example.org/tag/c+を参照",
    "詳細はhttps://example.org/?a=1&を参照",
    "詳細はhttps://example.org/a/-を参照",
    "詳細は https://example.org/?q=a+b&lang=ja を参照",
])
def test_symbol_rules_leave_urls_alone(text: str) -> None:
    url = next(w for w in text.replace("は", " ").replace("を", " ").split() if w.startswith("https://"))
    assert url in normalise(text)


# rule 7: spaces next to Japanese
@pytest.mark.parametrize("raw, expected", [
    ("平成 30 年度", "平成30年度"),
    ("ICT 教育", "ICT教育"),
    ("4,500 円→5,000 円、", "4,500円→5,000円、"),
    ("・ 障害者活躍推進計画", "・障害者活躍推進計画"),
    ("Chief Innovation Officer を新たに", "Chief Innovation Officerを新たに"),
])
def test_spaces_next_to_japanese_are_removed(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["Chief Innovation Officer", "ZEN 2.0", "30,852 t", "ウォーク @かまくら", "館 # 頼朝"])
def test_spaces_between_latin_digits_or_symbols_stay(text: str) -> None:
    assert normalise(text) == text


def test_character_classes() -> None:
    assert all(is_japanese(c) for c in "あア漢、。（）「」○△×→①・ー〇々")
    assert not any(is_japanese(c) for c in "aZ09 ,.()&@-+%")
    assert all(is_latin_or_digit(c) for c in "aZ09é") and not is_latin_or_digit("×")


# purity and idempotence
def test_idempotent_over_every_seed_line() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 900
    bad = [line for line in lines if normalise(normalise(line)) != normalise(line)]
    assert not bad, f"not idempotent on {len(bad)} lines, first: {bad[0]!r}"


@pytest.mark.parametrize("text", ["(A)(B 日)", "( ( 日 ) )", "a , 日", "~ 1 ~ 2 ~", ")日(", "**", " ✕ ✕ ",
                                  "～ ～ 日", "1 – 2 – 日", "a – 日 – b", "日 + 1", "日+ 1", "A＋ 1", "＋ ＋ 日",
                                  "& ＆ 日", "R ＆ 日 & D", "- - 日", "日 -1", "a - 日 - 2"])
def test_idempotent_on_tricky_input(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_pure() -> None:
    text = "平成 30 年度 (予定)"
    assert normalise(text) == normalise(text) and text == "平成 30 年度 (予定)"


@pytest.mark.parametrize("raw, expected", [
    ("平成29年4月1日現在 定員2,371人 受入2,483人", "平成29年4月1日現在\u3000定員2,371人\u3000受入2,483人"),
    ("平成30年度 多子世帯", "平成30年度\u3000多子世帯"),
    ("施設 (Space ぷらっと大船)", "施設（Spaceぷらっと大船）"),
    ("実施。 次に", "実施。次に"),
])
def test_space_between_japanese_is_an_ideographic_space(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# join_lines: the lines of one paragraph
@pytest.mark.parametrize("lines, expected", [
    (["自己評価にはなりますが、掲げた170項目のうち、", "○達成が130項目（約76%）", "となりました。"],
     "自己評価にはなりますが、掲げた170項目のうち、○達成が130項目（約76%）となりました。"),
    (["令和2年度末には691.8億円になり、", "約108億円削減"], "令和2年度末には691.8億円になり、約108億円削減"),
    (["2021年度に", "ICTを"], "2021年度にICTを"),        # Japanese on one side: nothing between
    (["Chief Innovation", "Officerを新たに"], "Chief Innovation Officerを新たに"),  # Latin on both: a space
    (["ZEN", "2.0"], "ZEN 2.0"),
    (["一行だけ。"], "一行だけ。"),
    (["", "前", "", "後"], "前後"),
    ([], ""),
])
def test_join_lines(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


def test_join_lines_adds_nothing_between_japanese_lines() -> None:
    lines = ["また、", "市債残高（一般会計と特別会計の合計）の", "推移は、"]
    assert join_lines(lines) == "".join(lines) and join_lines(iter(lines)) == "".join(lines)
