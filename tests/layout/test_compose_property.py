"""Property-style checks over random text (stdlib random, fixed seeds): the text round-trips, no
line exceeds the measure, non-last lines end at the measure, no line starts with a
line-start-prohibited character or ends with an opening bracket."""
from __future__ import annotations

import random

import pytest

from layout.compose import PlaceholderMetrics, compose_paragraph
from layout.compose.classes import WESTERN

from .compose_util import PT_TOL, SPACE_CHARS, check_invariants, holds_url, texts

KANJI = "漢字鎌倉市民子育教育福祉環境産業文化安全計画実施達成取組未来"
HIRA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
KATA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
SMALL = "ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
OPENERS, CLOSERS = "「『（【〔《", "」』）】〕》"
LATIN = ["Editor", "PDF", "Kamakura", "e.g.", "COVID19", "UD", "well-known", "SDGs"]
NUMBERS = ["2,371", "29.5", "2021", "45", "1.7", "176,242", "3-20"]
COUNTERS = ["人", "円", "年", "年度", "件", "校", "％", "億円", "か所"]
ERAS = ["令和3年", "平成30年度", "令和元年"]
URLS = ["https://www.city.kamakura.kanagawa.jp/a-b/c.html", "www.example.jp/x"]
# the brief's literal list of characters that may not start a line (very strict)
NO_START = set("）」』】〕〉》］｝〙〗〟’”»)]}‐〜゠–～？！‼⁇⁈⁉?!・：；。．、，々〻ゝゞヽヾー"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
NO_END = set("（「『【〔〈《［｛〘〖〝‘“«([{")


def word(rng: random.Random, depth: int = 0) -> str:
    """One token of plausible Japanese report text.  Its longest unbreakable chain (「平成30年度」、
    = 7 em) fits every measure tested, so no forced break is ever needed."""
    r = rng.random()
    if r < 0.45:
        pool = rng.choice([KANJI, HIRA, KATA])
        w = "".join(rng.choice(pool) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.2:
            w += rng.choice(SMALL) + rng.choice(HIRA)
        if rng.random() < 0.1:
            w += rng.choice("ー々")
        return w
    if r < 0.60:
        return rng.choice("、。・」」、？！…") if rng.random() < 0.9 else "……"
    if r < 0.70 and not depth:
        k = rng.randrange(len(OPENERS))
        return OPENERS[k] + word(rng, 1) + CLOSERS[k] + rng.choice(["", "、", "。", ""])
    if r < 0.70:
        return rng.choice(HIRA)
    if r < 0.78:
        return rng.choice(NUMBERS) + rng.choice(COUNTERS + [""])
    if r < 0.84:
        return rng.choice(ERAS)
    if r < 0.93:
        return rng.choice(LATIN) + rng.choice(["", " ", " "])
    if r < 0.96:
        return rng.choice(URLS)
    return rng.choice(["\u3000", " ", "——", "〜"])


def report_text(rng: random.Random) -> str:
    return "".join(word(rng) for _ in range(rng.randint(1, 40)))


@pytest.mark.parametrize("full", [False, True], ids=["half-glyphs", "fullwidth-glyphs"])
@pytest.mark.parametrize("measure_em", [10, 13.5, 17.5, 40])
def test_random_report_text(measure_em: float, full: bool) -> None:
    rng = random.Random(20210415 + int(measure_em * 10))
    metrics = PlaceholderMetrics(10.0, fullwidth_punct=full)
    measure = measure_em * 10.0
    for _ in range(150):
        text = report_text(rng)
        para = compose_paragraph(text, metrics, measure, first_indent=rng.choice([0.0, 10.0]))
        check_invariants(para, measure)
        # the only warning allowed: a line of Western text alone, which is never letter-spaced
        lone = [w for w in para.warnings if w.kind == "underfull" and
                all(g.cls in WESTERN or g.char in SPACE_CHARS for g in para.lines[w.line].glyphs)]
        assert len(lone) == len(para.warnings), (text, para.warnings)
        for line in para.lines[1:]:
            assert line.text[0] not in NO_START, texts(para)
            assert line.text[0] not in SPACE_CHARS
        for line in para.lines[:-1]:
            assert line.text.rstrip(SPACE_CHARS)[-1] not in NO_END, texts(para)
            assert line.width <= measure + PT_TOL
            assert holds_url(para, line) or any(w.line == para.lines.index(line) for w in lone) or \
                abs(line.width - measure) <= PT_TOL


CHAOS = (HIRA + KATA + KANJI + SMALL + OPENERS + CLOSERS + "、。，．・：；？！‼ー々ゝ〜～‐–"
         "……——　 ()[]!?,.:;~-+%￥＄#abcXYZ0123456789か\u309a")


@pytest.mark.parametrize("measure_em", [3, 5, 8, 13, 21])
def test_random_characters_keep_the_hard_invariants(measure_em: float) -> None:
    """Any string: round trip, never over the measure, justified unless reported underfull, and
    kinsoku broken only where a forced break is reported."""
    rng = random.Random(1000 + measure_em)
    metrics = PlaceholderMetrics(9.0)
    measure = measure_em * 9.0
    for _ in range(200):
        text = "".join(rng.choice(CHAOS) for _ in range(rng.randint(0, 60)))
        para = compose_paragraph(text, metrics, measure)
        check_invariants(para, measure)


def test_round_trip_on_the_seed_like_corpus() -> None:
    rng = random.Random(7)
    metrics = PlaceholderMetrics(10.0)
    samples = [report_text(rng) for _ in range(300)]
    for text in samples:
        para = compose_paragraph(text, metrics, rng.choice([60.0, 95.0, 150.0, 400.0]))
        assert "".join(line.text for line in para.lines) == text
        assert [line.start for line in para.lines] == [0] + [ln.end for ln in para.lines[:-1]]
