"""Content stage: the one normalisation between the seed's OCR'd text and the content.

In: one piece of text as it stands in the seed (a line, a joined title or bullet; markdown bold markers,
OCR spacing, half-width punctuation and mixed symbol forms included). Out: the same text with the OCR spacing
removed, the punctuation forms unified and the symbols in the one style of content/SCHEMA.md ("Symbols"), as
the content YAML carries it. Nothing else is changed here: every repair that changes characters beyond these
rules is an erratum (`errata.yaml`, applied by `content.seed`).

`join_lines` is the one rule by which normalised lines become one paragraph (the preface's lines, which the
seed breaks where the original PDF broke them): where the paragraphs break is an editorial decision, recorded
in report.yaml, and how the lines of one paragraph are joined is this rule, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["normalise", "join_lines", "is_japanese", "is_latin_or_digit"]

_BOLD = re.compile(r"\*\*")
_ASCII_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# A URL runs over printable ASCII except brackets that close markdown links/autolinks and spaces.
_URL = re.compile(r"https?://[!#-;=?-~]+")
# Half-width punctuation → its full-width form in Japanese running text.
_FULL = {",": "、", ":": "：", "!": "！", "?": "？", "~": "〜", "(": "（", ")": "）"}
# The one wave dash of the content: U+301C WAVE DASH, JIS X 0208 1-33 (see rule 6).
WAVE_DASH = "\u301c"
# The one dash of the content: U+2015 HORIZONTAL BAR, JIS X 0208 1-29, full-width in our fonts (see rule 6).
DASH = "\u2015"

_JAPANESE_RANGES = (
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。「」『』【】《》〇々〆〜
    (0x3040, 0x30FF),  # hiragana, katakana (・ and ー included)
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF01, 0xFF9F),  # full-width forms and half-width katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and later
    (0x2190, 0x21FF),  # arrows (→) as used in Japanese text
    (0x2460, 0x24FF),  # circled numbers ①
    (0x25A0, 0x25FF),  # geometric shapes ○ △ ■
)
_JAPANESE_EXTRA = frozenset("×―…")
# Punctuation and brackets already carry their own space, so a space beside them is simply removed.
_FULLWIDTH_PUNCT = frozenset("、。，．・：；？！（）「」『』【】〔〕［］｛｝〈〉《》\u3000")
# The symbols of rule 6 that Japanese sets solid: a space beside one is removed, never made ideographic.
_SOLID_SYMBOLS = frozenset(WAVE_DASH + DASH + "\uff0b\uff06")
_OWN_SPACE = _FULLWIDTH_PUNCT | _SOLID_SYMBOLS


_JAPANESE_CHAR = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _JAPANESE_RANGES)
                            + "".join(_JAPANESE_EXTRA) + "]")


def is_japanese(ch: str) -> bool:
    """True for kana, kanji and the full-width punctuation, brackets and marks of Japanese text."""
    return _JAPANESE_CHAR.fullmatch(ch) is not None


def is_latin_or_digit(ch: str) -> bool:
    """True for ASCII digits and Latin letters (ASCII or accented; not ×)."""
    if "0" <= ch <= "9" or "a" <= ch.lower() <= "z":
        return True
    return "\u00c0" <= ch <= "\u024f" and ch not in "\u00d7\u00f7"


def _url_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every URL in the text: characters there are never changed."""
    return [m.span() for m in _URL.finditer(text)] if "http" in text else []


def _in_url(spans: list[tuple[int, int]], i: int) -> bool:
    return any(start <= i < end for start, end in spans)


# The characters each rule can change; the rules look only at these positions (the rest stay as they are).
_PUNCTUATION_CANDIDATES = re.compile(r"[(),:!?~]")
_PARENS = re.compile(r"[()]")
_MARKS = re.compile(r"[,:!?~]")
_SYMBOL_CANDIDATES = re.compile("[\uff5e\u2013+\uff0b&\uff06\\-\u2014]")


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character from position i (exclusive) in direction step that is not a space; "" if none."""
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _japanese_beside(text: str, i: int) -> bool:
    return any(n and is_japanese(n) for n in (_neighbour(text, i, -1), _neighbour(text, i, 1)))


def _convert_punctuation(text: str) -> str:
    if _PUNCTUATION_CANDIDATES.search(text) is None:
        return text
    spans = _url_spans(text)
    out = list(text)
    # Parentheses are decided per matched pair so that an opening and its closing never differ.
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for m in _PARENS.finditer(text):
        i, ch = m.start(), m[0]
        if _in_url(spans, i):
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    for start, end in pairs:
        inside = any(is_japanese(c) for c in text[start + 1:end])
        outside = any(n and is_japanese(n) for n in (_neighbour(text, start, -1), _neighbour(text, end, 1)))
        if inside or outside:
            out[start], out[end] = "（", "）"
    for i in lone:
        if _japanese_beside(text, i):
            out[i] = _FULL[text[i]]
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m[0]
        if _in_url(spans, i):
            continue
        if _japanese_beside(text, i):
            out[i] = _FULL[ch]
        elif ch == "~":
            left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
            if left.isdigit() and right.isdigit():
                out[i] = WAVE_DASH
    return "".join(out)


def _ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _between_latin(text: str, i: int) -> bool:
    """Both neighbours of text[i] are Latin letters or digits: it is inside a Latin or number run."""
    left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
    return bool(left and right) and is_latin_or_digit(left) and is_latin_or_digit(right)


def _convert_symbols(text: str) -> str:
    """Rule 6: the symbol style (see `normalise`); characters of a URL are never changed."""
    if _SYMBOL_CANDIDATES.search(text) is None:
        return text
    spans = _url_spans(text)
    out = list(text)
    for m in _SYMBOL_CANDIDATES.finditer(text):
        i, ch = m.start(), m[0]
        if _in_url(spans, i):
            continue
        if ch == "\uff5e":  # FULLWIDTH TILDE, the Windows code page's stand-in for the wave dash
            out[i] = WAVE_DASH
        elif ch == "\u2013":  # EN DASH: a range or "from … to", which Japanese writes with the wave dash
            left, right = _neighbour(text, i, -1), _neighbour(text, i, 1)
            if _japanese_beside(text, i) or (_ascii_digit(left) and _ascii_digit(right)):
                out[i] = WAVE_DASH
        elif ch in "+\uff0b":
            # a sign belongs to its number, as the composer's number spans read it: "（+80）"
            after_latin = is_latin_or_digit(_neighbour(text, i, -1))
            sign = i + 1 < len(text) and _ascii_digit(text[i + 1]) and not after_latin
            if sign or _between_latin(text, i):
                out[i] = "+"
            elif _japanese_beside(text, i):
                out[i] = "\uff0b"
        elif ch in "&\uff06":
            if _between_latin(text, i):
                out[i] = "&"
            elif _japanese_beside(text, i):
                out[i] = "\uff06"
        elif ch in "-\u2014":
            # a hyphen (or an em dash) used as a dash in Japanese text; a hyphen that joins a Latin word, a
            # code or a number (Wi-Fi, 3-20, 〒248-8686, -5℃) has a Latin letter or digit beside it
            beside = (_neighbour(text, i, -1), _neighbour(text, i, 1))
            if _japanese_beside(text, i) and not any(is_latin_or_digit(n) for n in beside if n):
                out[i] = DASH
    return "".join(out)


def _remove_spaces(text: str) -> str:
    if " " not in text:
        return text
    out = list(text)
    i = text.find(" ", 1)
    while 0 < i < len(text) - 1:
        left, right = text[i - 1], text[i + 1]
        left_j, right_j = is_japanese(left), is_japanese(right)
        if left_j and right_j and not _OWN_SPACE.intersection(left + right):
            out[i] = "\u3000"
        elif (left_j and (right_j or is_latin_or_digit(right))) or (right_j and is_latin_or_digit(left)):
            out[i] = ""
        i = text.find(" ", i + 1)
    return "".join(out)


def _once(text: str) -> str:
    text = _BOLD.sub("", text)
    text = text.replace("\u2715", "\u00d7")
    text = _ASCII_WS.sub(" ", text).strip(" ")
    text = _convert_punctuation(text)
    text = _convert_symbols(text)
    return _remove_spaces(text)


def normalise(text: str) -> str:
    """Normalise one piece of seed text. Pure and idempotent: normalise(normalise(x)) == normalise(x).

    Rules, in the order they are applied (the whole sequence is repeated until nothing changes, which is
    what makes the function idempotent even where one rule enables another):

    1. Markdown bold markers ``**`` are removed.
    2. The status mark ✕ (U+2715, outside JIS and our fonts) becomes × (U+00D7).
    3. Runs of ASCII whitespace (and no-break spaces) collapse to one U+0020; leading and trailing
       whitespace is stripped. The ideographic space U+3000 is left alone.
    4. Half-width punctuation in Japanese running text becomes full-width: ``,`` → 、 ``:`` → ：
       ``!`` → ！ ``?`` → ？ ``~`` → 〜 (the wave dash, rule 6), when the nearest non-space character on
       either side is Japanese. Between Latin letters or digits they stay ("2,371", "PFI,PPP"), except
       ``~`` between two digits, which is a range mark in Japanese text ("2~14回目" → "2〜14回目", as the
       seed writes 令和元～2年度).
    5. ASCII parentheses become （ ） per matched pair, when the pair encloses any Japanese character or
       the character just outside either parenthesis is Japanese; an unmatched one when a neighbour is
       Japanese. A pair around Latin text in Latin context stays ASCII.
    6. One symbol style (content/SCHEMA.md, "Symbols", gives the reasons):

       - the wave dash is U+301C 〜 (JIS X 0208 1-33), never U+FF5E ～ FULLWIDTH TILDE, the Windows code
         page's stand-in for it: every ～ becomes 〜 ("令和元～2年度" → "令和元〜2年度");
       - an en dash ``–`` (U+2013) is a range, which Japanese writes with the wave dash: it becomes 〜
         when a neighbour is Japanese or it stands between two digits ("10–12月" → "10〜12月"); between
         Latin letters it stays ("Michaelis–Menten");
       - the plus is full-width ＋ (U+FF0B) beside Japanese ("イベント+妙長寺" → "イベント＋妙長寺",
         "幼稚園+α" → "幼稚園＋α"), except as a sign: directly before a digit and not after a Latin letter
         or digit it is ASCII ``+``, with the half-width digits it belongs to ("（+80）"; "（＋80）" →
         "（+80）"); between two Latin letters or digits it is ASCII too ("C++", "A＋B" → "A+B");
       - the ampersand is full-width ＆ (U+FF06) beside Japanese ("キッズ&ファミリー" → "キッズ＆ファミリー")
         and ASCII ``&`` between two Latin letters or digits ("R&D", "AT&T"; "R＆D" → "R&D");
       - a hyphen ``-`` or an em dash ``—`` (U+2014) used as a dash, with a Japanese neighbour and no Latin
         letter or digit beside it, is the dash ― (U+2015) ("館 - 頼朝の道をゆく- ツアー" →
         "館―頼朝の道をゆく―ツアー"); a hyphen in a Latin word, a code or a number stays ("Wi-Fi",
         "（3-20）", "〒248-8686", "-5℃"). A hyphen between digits is never a range: ranges are 〜.

    7. A U+0020 space between two Japanese characters is a separator in the source ("平成29年4月1日現在 定員",
       "平成30年度 多子世帯") and becomes the ideographic space U+3000, unless one side is punctuation or a
       bracket, which carries its own space, or one of the symbols 〜 ― ＋ ＆ of rule 6, which are set solid
       (then it is removed: "設置 （" → "設置（", "令和2年度 〜 令和3年度" → "令和2年度〜令和3年度").
       A U+0020 space is removed when one side is Japanese and the other side is a digit or a
       Latin letter ("平成 30 年度" → "平成30年度", "ICT 教育" → "ICT教育", "4,500 円" → "4,500円");
       the composer sets the quarter-em space (四分アキ) there instead.
       Spaces between two Latin/digit characters stay ("Chief Innovation Officer", "ZEN 2.0"), and so do
       spaces next to other symbols ("ウォーク @かまくら").

    URLs (``http://`` / ``https://`` up to the first space or non-ASCII character) are never changed by
    rules 4, 5 and 6. "Neighbour" means the nearest non-space character on that side. "Japanese" means
    kana, kanji, CJK and full-width punctuation and brackets, and the marks ○ △ × → ① used in Japanese
    text (see ``is_japanese``).
    """
    while True:
        result = _once(text)
        if result == text:
            return result
        text = result



def join_lines(lines: Iterable[str]) -> str:
    """Join the (normalised) lines of one paragraph into its text. Pure; the lines themselves are not changed.

    The rule: the lines are concatenated with nothing between them, because a line break inside a Japanese
    paragraph is no space ("…掲げた170項目のうち、" + "○達成が130項目（約76%）" → "…のうち、○達成が…").
    Only where the line before ends with a Latin letter or digit and the next line begins with one is a
    single U+0020 put between them, as Latin words need ("Chief" + "Officer" → "Chief Officer"); this is the
    same boundary at which ``normalise`` keeps a space (rule 7). Empty lines contribute nothing.
    """
    out = ""
    for line in lines:
        if not line:
            continue
        if out and is_latin_or_digit(out[-1]) and is_latin_or_digit(line[0]):
            out += " "
        out += line
    return out
