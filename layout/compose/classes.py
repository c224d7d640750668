"""Layout stage, composer: character classes.  In: a paragraph's text.  Out: one JLREQ class id
(cl-01 … cl-29, App. A) per character, resolved by role, plus an "attached" flag per character.

**Code points.**  JLREQ App. A lists ASCII code points (U+0028 …) for marks whose glyphs are the
full-width forms (U+FF08 …).  Both forms are mapped: in a Japanese run ``（`` U+FF08 and ``(``
U+0028 are cl-01, ``？`` and ``?`` cl-04, ``，`` and ``,`` cl-07, and so on.  ``～`` U+FF5E and
``~`` count as a wave dash (cl-03).  Half-width katakana punctuation (｡｢｣､･ｰ) is mapped too.

**Role resolution** (:func:`resolve_classes`), in this order:

1. every character gets its Japanese-run class (:func:`base_class`): ASCII letters cl-27, ASCII
   digits cl-24, full-width letters and digits cl-19 (JLREQ §3.2.4), kana cl-15/16, small kana
   cl-11, ideographs cl-19, U+0020 cl-26, U+3000 cl-14;
2. characters of a URL (see :mod:`layout.compose.units`) become cl-27;
3. ASCII characters of a number span (digits, ``,`` ``.`` ``:`` ``/`` ``-`` between digits, a
   leading sign) become cl-24 — so ``,`` and ``.`` between digits are cl-24;
4. ASCII punctuation (not brackets) directly after a cl-27 character is part of the Latin run and
   becomes cl-27 (``e.g.,``, ``Editor:``); after anything else it keeps its Japanese class;
5. an ASCII opening bracket is cl-27 when the nearest preceding non-space character is cl-27,
   else cl-01; a closing bracket takes the role of the opener it matches (else of its
   predecessor, as in 4);
6. combining marks (Mn/Me, e.g. U+309A) and format characters (Cf) take the class of their base
   and are *attached*: no break and no space before them.

Newlines and tabs are treated as word spaces (cl-26); a paragraph should not contain them.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from .units import Span

OPEN, CLOSE, HYPHEN, DIVIDING, MIDDLE_DOT, FULL_STOP, COMMA, INSEPARABLE = 1, 2, 3, 4, 5, 6, 7, 8
ITERATION, PROLONGED, SMALL_KANA, PREFIX, POSTFIX, IDEO_SPACE = 9, 10, 11, 12, 13, 14
HIRAGANA, KATAKANA, MATH_SYMBOL, MATH_OPERATOR, IDEOGRAPHIC = 15, 16, 17, 18, 19
NUMERAL, UNIT, WORD_SPACE, LATIN = 24, 25, 26, 27
WARICHU_OPEN, WARICHU_CLOSE = 28, 29

#: The "J" group of the reference: identical rows/columns in Tables 1 and 3–5.
JAPANESE = frozenset({ITERATION, PROLONGED, SMALL_KANA, HIRAGANA, KATAKANA, IDEOGRAPHIC})
WESTERN = frozenset({NUMERAL, UNIT, LATIN})
SPACES = frozenset({IDEO_SPACE, WORD_SPACE})

CL01 = "‘“（〔［｛〈《「『【｟〘〖«〝⦅｢([{"
CL02 = "’”）〕］｝〉》」』】｠〙〗»〟〞⦆｣)]}"
CL03 = "‐〜゠–～~-"
CL04 = "！？‼⁇⁈⁉!?"
CL05 = "・：；･:;"
CL06 = "。．｡."
CL07 = "、，､,"
CL08 = "—―…‥〳〴〵"
CL09 = "ヽヾゝゞ々〻"
CL10 = "ーｰ"
CL11 = ("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
        "ｧｨｩｪｫｬｭｮｯ")
CL12 = "￥＄￡＃€№¥$£#"
CL13 = "°′″℃￠％‰㏋ℓ㌃㌍㌔㌘㌢㌣㌦㌧㌫㌶㌻㍉㍊㍍㍑㍗㎎㎏㎜㎝㎞㎡㏄¢%"
CL17 = "＝≠≒≃≅≈≡≢＜＞≦≧≪≫≶≷⋚⋛∧∨⌅⌆⊂⊃⊄⊅⊆⊇⊊⊋∈∋∉∪∩∥∦⇒⇔↔∽∝⊥⊕⊗=<>"
CL18 = "＋－×÷±∓−+"

_TABLE: dict[str, int] = {}
for _chars, _cl in ((CL01, OPEN), (CL02, CLOSE), (CL03, HYPHEN), (CL04, DIVIDING),
                    (CL05, MIDDLE_DOT), (CL06, FULL_STOP), (CL07, COMMA), (CL08, INSEPARABLE),
                    (CL09, ITERATION), (CL10, PROLONGED), (CL11, SMALL_KANA), (CL12, PREFIX),
                    (CL13, POSTFIX), (CL17, MATH_SYMBOL), (CL18, MATH_OPERATOR)):
    for _ch in _chars:
        _TABLE[_ch] = _cl
_TABLE["\u3000"] = IDEO_SPACE
for _ch in " \t\n\r\u00a0\u2002\u2003\u2009":
    _TABLE[_ch] = WORD_SPACE

_ASCII_OPEN, _ASCII_CLOSE = "([{", ")]}"
_PAIRS = {")": "(", "]": "[", "}": "{"}


@lru_cache(maxsize=4096)
def base_class(ch: str) -> int:
    """The class of *ch* in a Japanese run, before role resolution."""
    cl = _TABLE.get(ch)
    if cl is not None:
        return cl
    o = ord(ch)
    if 0x30 <= o <= 0x39:
        return NUMERAL
    if o < 0x80 or 0x00C0 <= o < 0x0370 or 0x1E00 <= o <= 0x1EFF:
        return LATIN
    if 0x3041 <= o <= 0x3096:
        return HIRAGANA
    if 0x30A1 <= o <= 0x30FA or 0xFF66 <= o <= 0xFF9D:
        return KATAKANA
    return IDEOGRAPHIC


def is_attached(ch: str) -> bool:
    """Combining or format character: it belongs to the character before it."""
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


def resolve_classes(text: str, units: list[Span]) -> tuple[list[int], list[bool]]:
    """Classes of *text* by role (see the module docstring) and the attached flags."""
    cls = [base_class(ch) for ch in text]
    attached = [False] * len(text)
    for start, end, kind in units:
        for i in range(start, end):
            if kind == "url":
                cls[i] = LATIN
            elif text[i].isascii():
                cls[i] = NUMERAL
    url = bytearray(len(text))
    for start, end, kind in units:
        if kind == "url":
            url[start:end] = b"\x01" * (end - start)
    openers: list[tuple[str, int]] = []
    last_solid = -1  # index of the nearest preceding non-space character
    for i, ch in enumerate(text):
        if not ch.isascii() and is_attached(ch):
            attached[i] = True
            if i:
                cls[i] = cls[i - 1]
            continue
        if ch.isascii() and not url[i] and not ch.isalnum() and cls[i] not in SPACES:
            prev_latin = i > 0 and cls[i - 1] == LATIN
            if ch in _ASCII_OPEN:
                latin = last_solid >= 0 and cls[last_solid] == LATIN
                cls[i] = LATIN if latin else OPEN
                openers.append((ch, cls[i]))
            elif ch in _ASCII_CLOSE:
                role = None
                for k in range(len(openers) - 1, -1, -1):
                    if openers[k][0] == _PAIRS[ch]:
                        role = LATIN if openers[k][1] == LATIN else CLOSE
                        del openers[k:]
                        break
                if role is None:
                    role = LATIN if prev_latin else CLOSE
                cls[i] = role
            elif cls[i] != NUMERAL and prev_latin:
                cls[i] = LATIN
        if cls[i] not in SPACES:
            last_solid = i
    return cls, attached
