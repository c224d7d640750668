"""Charts stage (specs): a chart label split into the runs it is set as, with JLREQ's 四分アキ between them.

In: one line of a label as the chart prints it (平成29年度末, 出典: 成果報告書 公約2). Out: its `Run`s: the
characters drawn together as one text, the aki before each in em, and the width a run is set in when it
is not its advance:

- a quarter em (`QUARTER_EM`) where kana or kanji meet Western characters (JLREQ §3.2.4, as the body
  composer sets it): 「平成29年度末」 is 平成 | 29 (¼ em before it) | 年度末 (¼ em before it), and
  「出典: 成果報告書 公約2」 is 出典: 成果報告書 公約 | 2 (¼ em before it);
- a digit-group comma or decimal point is a run of its own set in a quarter em (`GROUP_MARK_EM`, as the
  body composer sets it), not in the fonts' half em, so 2,371 reads as one number: 2 | , (¼ em) | 371.
  The marks' ink ends before 0.24 em in BIZ UD Gothic regular and bold, so nothing touches.

The runs' texts, in order, are the line again (`source`): nothing is inserted, spacing is positioning
only. A space the source has is drawn where it stands,
as the body composer draws one (so every extractor reads it, with or without /ActualText), and takes
no aki beside it. Pure Python (no matplotlib): `charts.draw.runs` positions and draws the runs.

The classes, for this purpose only:

- Western: ASCII digits and letters; a `,` or `.` between two digits (2,371; 799.5) and a `%` after a
  digit, as part of their number;
- Japanese: kana (with ー, ・ and the iteration marks), kanji (with 々 〆 〇) and the full-width letters
  and digits, which JLREQ sets as ideographs (cl-19);
- neither: everything else, taking no aki on either side: signs (− + ±), the status marks ○ △ ×, which
  go with their count as one unit (○25, ×1), and punctuation such as : and the full-width brackets and
  commas, whose glyph box already holds their own aki (JLREQ Table 1: no 四分アキ beside cl-01 to cl-07).
"""

from __future__ import annotations

from dataclasses import dataclass

QUARTER_EM = 0.25            # JLREQ's aki between Japanese and Western characters, in em
GROUP_MARK_EM = 0.25         # the width a digit-group comma or decimal point is set in, in em

WESTERN, JAPANESE, OTHER = "W", "J", ""


@dataclass(frozen=True)
class Run:
    """Characters drawn together as one text, the aki before them, and the width they are set in."""

    text: str                   # never empty
    aki: float = 0.0            # em of 四分アキ just before it (QUARTER_EM or 0)
    width: float | None = None  # em the run is set in (GROUP_MARK_EM for a digit-group mark); None: its advance


def _japanese(ch: str) -> bool:
    o = ord(ch)
    return (0x3041 <= o <= 0x30FF            # hiragana, katakana, ・ ー ゝゞヽヾ
            or 0x31F0 <= o <= 0x31FF         # small katakana extension
            or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF       # kanji, the supplementary planes too
            or ch in "々〆〇〻"
            or 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A  # full-width 0-9 A-Z a-z
            or 0xFF66 <= o <= 0xFF9F)        # half-width katakana


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def group_mark(text: str, i: int) -> bool:
    """Is text[i] a comma or period between two digits (2,371; 799.5)?"""
    return text[i] in ",." and 0 < i < len(text) - 1 and _digit(text[i - 1]) and _digit(text[i + 1])


def char_class(text: str, i: int) -> str:
    """WESTERN, JAPANESE or OTHER for text[i], by the rules of the module docstring."""
    ch = text[i]
    if ch.isascii() and ch.isalnum():
        return WESTERN
    if group_mark(text, i):
        return WESTERN
    if ch == "%" and i > 0 and _digit(text[i - 1]):
        return WESTERN
    return JAPANESE if _japanese(ch) else OTHER


def aki_before(text: str, i: int) -> float:
    """The aki in em between text[i - 1] and text[i]: a quarter em where Japanese meets Western."""
    if i == 0:
        return 0.0
    pair = {char_class(text, i - 1), char_class(text, i)}
    return QUARTER_EM if pair == {WESTERN, JAPANESE} else 0.0


def label_runs(line: str) -> tuple[Run, ...]:
    """The runs one line of a label is set as: split where a quarter em goes and around each digit-group
    mark, and nowhere else."""
    runs: list[Run] = []
    start, aki = 0, 0.0
    for i in range(1, len(line) + 1):
        if i < len(line) and not (aki_before(line, i) or group_mark(line, i) or group_mark(line, i - 1)):
            continue
        mark = i - start == 1 and group_mark(line, start)
        runs.append(Run(line[start:i], aki, GROUP_MARK_EM if mark else None))
        start, aki = i, aki_before(line, i) if i < len(line) else 0.0
    return tuple(runs) if line else ()


def source(runs: tuple[Run, ...]) -> str:
    """The text the runs are set from: their texts, in order."""
    return "".join(run.text for run in runs)
