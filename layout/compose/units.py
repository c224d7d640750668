"""Layout stage, composer: unbreakable units.  In: a paragraph's text.  Out: spans (start, end, kind)
that the line breaker must not split (numbers, number + counter, era + number, URLs).

JLREQ §3.1.10 forbids breaks inside a European numeral (with its `,` `.` separators) and between
a numeral and a postfixed abbreviation (50％).  seika goes stricter than JLREQ (reference part 2.3,
"A project that wants these unbreakable is going stricter than JLREQ"):

* **number** — ``[+-±]? digits ([,.:/-] digits)*``; ASCII or full-width digits.  ``2,371``, ``29.5``,
  ``10:30``, ``2021/4/1`` and ``3-20`` stay whole.  A leading ASCII sign is kept only where no
  letter or digit precedes it (``(+80)``).
* **number + counter** — a number followed by one counter of :data:`COUNTERS` (longest match
  first); a multiplier 万 億 兆 千 百 may take one more counter (``1.7億円``, ``500万人``).
* **era + number** — 令和 平成 昭和 大正 明治 + number or 元 (+ counter): ``令和3年``,
  ``平成30年度``, ``令和元年``.  ``第`` + number is held the same way (``第2子``).
  One ASCII space or U+3000 is tolerated between the parts (OCR'd ``平成 30 年度``).
* **url** — ``http(s)://``, ``ftp://`` or ``www.`` followed by URL characters; trailing
  ``.,;:!?'")]>`` are not part of it.  A URL may break only after ``/`` ``.`` ``-`` (never inside
  ``//``, nor inside a decimal number) and before ``?`` ``&`` ``=`` ``%`` (a query's separators and a
  percent-escape start the next line), and no hyphen is added (see :func:`url_break_allowed`).

Latin words are not listed here: adjacent cl-24/cl-27 characters are kept together by the
pair rule in :mod:`layout.compose.rules`.
"""
from __future__ import annotations

import re
from typing import NamedTuple

#: Counters that bind to a preceding number (longest match wins).  Kanji/kana and unit symbols.
COUNTERS: tuple[str, ...] = (
    "年度", "年間", "周年", "年", "か月", "カ月", "ヶ月", "ヵ月", "ケ月", "月", "日間", "日",
    "時間", "時", "分", "秒", "週間", "週", "歳", "才", "円", "人", "名", "件", "校", "園", "回",
    "か所", "箇所", "カ所", "ヵ所", "ヶ所", "ケ所", "か国", "カ国", "台", "個", "本", "冊", "枚",
    "点", "倍", "割", "度", "番", "号", "階", "戸", "世帯", "社", "団体", "施設", "項目", "期",
    "位", "代", "億", "万", "兆", "千", "百", "%", "％", "‰", "℃", "°", "t", "kg", "km", "m", "ha",
    "㎡", "㎞", "㎏",
)
MULTIPLIERS = "万億兆千百"
ERAS: tuple[str, ...] = ("令和", "平成", "昭和", "大正", "明治")

_D = "0-9０-９"
_NUM = rf"(?:(?<![0-9A-Za-z０-９])[+\-±])?[{_D}]+(?:[,.:/\-][{_D}]+)*"
_CTR = "|".join(re.escape(c) for c in sorted(COUNTERS, key=len, reverse=True))
_SP = "[ \u3000]?"
_NUMERIC_RE = re.compile(
    rf"(?:(?:{'|'.join(ERAS)}){_SP}(?:{_NUM}|元)|第?{_NUM})"
    rf"(?:{_SP}(?:[{MULTIPLIERS}](?:{_CTR})?|{_CTR}))?"
)
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TRAIL = ".,;:!?'\")]>"
URL_BREAK_AFTER = "/.-"
URL_BREAK_BEFORE = "?&=%"


class Span(NamedTuple):
    """Characters ``text[start:end]`` form one unit of the given kind."""

    start: int
    end: int
    kind: str  # "number" | "url"


def find_units(text: str) -> list[Span]:
    """All unbreakable spans of *text*, URLs first; numeric spans inside a URL are skipped."""
    spans: list[Span] = []
    taken = bytearray(len(text))
    for m in _URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _URL_TRAIL:
            end -= 1
        if end - m.start() > 1:
            spans.append(Span(m.start(), end, "url"))
            taken[m.start():end] = b"\x01" * (end - m.start())
    for m in _NUMERIC_RE.finditer(text):
        if m.end() - m.start() > 1 and not taken[m.start()]:
            spans.append(Span(m.start(), m.end(), "number"))
    return spans


def url_break_allowed(text: str, i: int) -> bool:
    """May a URL break before ``text[i]``?  After / . - (never between two equal marks, so not inside
    ``//``, and not after the point of a decimal number) and before ? & = % (a query's separators and
    a percent-escape start the next line)."""
    prev = text[i - 1]
    if text[i] in URL_BREAK_BEFORE:
        return prev not in URL_BREAK_BEFORE
    if prev == "." and i >= 2 and text[i - 2].isdigit() and text[i].isdigit():
        return False  # never inside a decimal number (35.33224)
    return prev in URL_BREAK_AFTER and text[i] != prev
