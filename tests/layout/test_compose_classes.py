"""Character classes (JLREQ App. A) and their resolution by role."""
from __future__ import annotations

import pytest

from layout.compose.classes import base_class, resolve_classes
from layout.compose.units import find_units


def classes(text: str) -> list[int]:
    return resolve_classes(text, find_units(text))[0]


@pytest.mark.parametrize("chars,cl", [
    ("「（(［[｛{『【〔〈《‘“«〘〖〝｟", 1),
    ("」）)］]｝}』】〕〉》’”»〙〗〟｠", 2),
    ("‐〜゠–～~", 3),
    ("！？‼⁇⁈⁉!?", 4),
    ("・：；:;", 5),
    ("。．.", 6),
    ("、，,", 7),
    ("—…‥", 8),
    ("ヽヾゝゞ々〻", 9),
    ("ー", 10),
    ("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇿ", 11),
    ("￥＄￡＃€№", 12),
    ("°′″℃％‰㎡%", 13),
    ("\u3000", 14),
    ("あいをゔ", 15),
    ("アイヲヴヷヺ", 16),
    ("＝≠＜＞", 17),
    ("＋－×÷±", 18),
    ("漢字鎌倉ＡＺａ０９※Ωα", 19),
    ("0123456789", 24),
    (" ", 26),
    ("AZaz", 27),
])
def test_base_classes(chars: str, cl: int) -> None:
    assert {ch: base_class(ch) for ch in chars} == {ch: cl for ch in chars}


@pytest.mark.parametrize("text,index,cl", [
    ("2,371人", 1, 24),          # , between digits: grouped numeral
    ("29.5t", 2, 24),            # decimal point
    ("あ,い", 1, 7),             # ASCII comma in a Japanese run: cl-07
    ("あ.い", 1, 6),
    ("e.g., あ", 1, 27),         # ASCII punctuation inside a Latin run: cl-27
    ("e.g., あ", 3, 27),
    ("Editor: あ", 6, 27),
    ("あ?い", 1, 4),
    ("鎌倉(かまくら)", 2, 1),   # ASCII brackets in a Japanese run: cl-01/02
    ("鎌倉(かまくら)", 7, 2),
    ("定員(+80)", 2, 1),         # the closer takes its opener's role …
    ("定員(+80)", 6, 2),
    ("定員(+80)", 3, 24),        # … and a sign belongs to the number
    ("Kamakura (Japan)", 9, 27),  # inside a Latin run
    ("Kamakura (Japan)", 15, 27),
    ("あ～い", 1, 3),
    ("https://a.jp/~x", 13, 27),  # in a URL everything is Latin
    ("３年", 0, 19),              # full-width digits are cl-19
    ("か\u309a", 1, 15),          # a combining mark takes its base's class
])
def test_role_resolution(text: str, index: int, cl: int) -> None:
    assert classes(text)[index] == cl


def test_combining_mark_is_attached() -> None:
    _, attached = resolve_classes("か\u309aき", [])
    assert attached == [False, True, False]
