"""Layout stage, composer: line-breaking rules (kinsoku, JLREQ §3.1.7–3.1.10, level "very strict").
In: text, resolved classes, attached flags, unbreakable spans.  Out: one flag per position, "a line
may break before this character".

**Line-start prohibited** (very strict = Table 2 exactly): cl-02 closing brackets, cl-03 hyphens
‐〜゠–～, cl-04 ？！‼⁇⁈⁉, cl-05 ・：；, cl-06 。．, cl-07 、，, cl-09 ヽヾゝゞ々〻, cl-10 ー,
cl-11 small kana, cl-29.  The ASCII forms ``) ] } , . : ; ? ! ~`` are held back whatever role
they resolved to (:data:`NO_START_CHARS`).

**Line-end prohibited**: cl-01 opening brackets (and ASCII ``( [ {``), cl-12 prefixed
abbreviations ￥＄￡＃€№ (they bind to the number after them), cl-28.

**Unbreakable**: two cl-08 marks of the same kind (…… ——, with ― treated as —); any pair of
cl-24/cl-25/cl-27 characters (Latin words, numbers, 24→27 and 27→24 as in ``5G``); numeral →
cl-13 (``50%``); the spans of :mod:`layout.compose.units` (number + counter, era + number,
``第`` + number); URLs except after / . - and before ? & = % (no hyphen is added; a URL's ``?`` may
begin a line); attached (combining) marks.
Exception: a Latin word may break after an ASCII hyphen that stands between two letters
(``well-|known``), outside URLs and numbers.

**Spaces.**  A break never falls before a space: a run of U+0020/U+3000 stays at the end of the
line it follows, and the break is after the run.  The composer sets such trailing spaces with
zero width (cl-26: JLREQ B n.13; U+3000: reference T12, "not carried over"), so the space
characters are kept in the text but take no room.  The characters around the run are checked as
if it were absent, so ``「 あ`` cannot break after the space either.
"""
from __future__ import annotations

from .classes import (CLOSE, COMMA, DIVIDING, FULL_STOP, HYPHEN, INSEPARABLE, ITERATION, LATIN,
                      MIDDLE_DOT, NUMERAL, OPEN, POSTFIX, PREFIX, PROLONGED, SMALL_KANA, SPACES,
                      UNIT, WARICHU_CLOSE, WARICHU_OPEN)
from .units import URL_BREAK_BEFORE, Span, url_break_allowed

NO_START_CLASSES = frozenset({CLOSE, HYPHEN, DIVIDING, MIDDLE_DOT, FULL_STOP, COMMA, ITERATION,
                              PROLONGED, SMALL_KANA, WARICHU_CLOSE})
NO_END_CLASSES = frozenset({OPEN, PREFIX, WARICHU_OPEN})
NO_START_CHARS = frozenset(")]},.:;?!~")
NO_END_CHARS = frozenset("([{")
_WESTERN = frozenset({NUMERAL, UNIT, LATIN})
_DASHES = {"―": "—"}


def no_start(ch: str, cl: int) -> bool:
    """May not begin a line (very strict)."""
    return cl in NO_START_CLASSES or ch in NO_START_CHARS


def no_end(ch: str, cl: int) -> bool:
    """May not end a line."""
    return cl in NO_END_CLASSES or ch in NO_END_CHARS


def _pair_breakable(text: str, cls: list[int], i: int) -> bool:
    """Break between two adjacent non-space characters text[i-1], text[i] (no span rules)."""
    a, b = cls[i - 1], cls[i]
    if a == INSEPARABLE and b == INSEPARABLE:
        return _DASHES.get(text[i - 1], text[i - 1]) != _DASHES.get(text[i], text[i])
    if a in _WESTERN and b in _WESTERN:
        return (text[i - 1] == "-" and i >= 2 and text[i - 2].isalpha() and text[i].isalpha())
    if a == NUMERAL and b == POSTFIX:
        return False
    return True


def break_opportunities(text: str, cls: list[int], attached: list[bool],
                        units: list[Span]) -> list[bool]:
    """``ok[i]`` is True when a line may break before ``text[i]`` (0 < i < len); ok[0] is False."""
    n = len(text)
    ok = [False] * (n + 1)
    ok[n] = True
    last_solid = -1
    for i in range(n):
        if i and not attached[i] and cls[i] not in SPACES and last_solid >= 0:
            p = last_solid
            if not (no_end(text[p], cls[p]) or no_start(text[i], cls[i])):
                ok[i] = p < i - 1 or _pair_breakable(text, cls, i)
        if cls[i] not in SPACES:
            last_solid = i
    for start, end, kind in units:
        for i in range(start + 1, end):
            ok[i] = (kind == "url" and url_break_allowed(text, i) and not attached[i]
                     and (text[i] not in NO_START_CHARS or text[i] in URL_BREAK_BEFORE))
    return ok
