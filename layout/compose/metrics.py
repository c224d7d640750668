"""Layout stage, composer: font metrics protocol.  In: a character.  Out: its advance in pt.

The composer needs only :class:`Metrics`: a font size in pt and ``advance(ch)``, the font's
advance of the glyph for *ch* in pt.  The layout package adapts its ReportLab fonts to it; the
composer itself never imports ReportLab.

:class:`PlaceholderMetrics` are the constructed metrics of the JLREQ reference, part 6: kana and
kanji 1 em; 「」、。（）・ and the other cl-01/02/05/06/07 marks ½ em; Latin letters and digits
0.5 em; ``,`` and ``.`` 0.25 em (the grouping comma); U+0020 ⅓ em; ‐ ¼ em, – ゠ ½ em.  With
``fullwidth_punct=True`` the Japanese brackets and punctuation advance 1 em instead, as in a
fixed-pitch Japanese font such as BIZ UDMincho; the composer must then trim their blank half
(see :mod:`layout.compose.spacing`).
"""
from __future__ import annotations

import unicodedata
from typing import Protocol, runtime_checkable

from .classes import CL01, CL02, CL05, CL06, CL07

_HALF_PUNCT = frozenset(ch for ch in CL01 + CL02 + CL05 + CL06 + CL07 if not ch.isascii())


@runtime_checkable
class Metrics(Protocol):
    """What the composer needs to know about a font at one size."""

    size: float  # font size (1 em) in pt

    def advance(self, ch: str) -> float:
        """The font's advance width of the glyph for *ch*, in pt."""
        ...


class PlaceholderMetrics:
    """Reference part 6 metrics at *size* pt (see the module docstring)."""

    def __init__(self, size: float = 10.0, *, fullwidth_punct: bool = False) -> None:
        self.size = size
        self.fullwidth_punct = fullwidth_punct
        self._cache: dict[str, float] = {}

    def advance(self, ch: str) -> float:
        adv = self._cache.get(ch)
        if adv is None:
            adv = self._cache[ch] = self._em(ch) * self.size
        return adv

    def _em(self, ch: str) -> float:
        if ch in _HALF_PUNCT:
            return 1.0 if self.fullwidth_punct else 0.5
        if ch in ",.":
            return 0.25
        if ch == " ":
            return 1 / 3
        if ch == "‐":
            return 0.25
        if ch in "–゠":
            return 0.5
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            return 0.0
        if ch.isascii() or 0x00C0 <= ord(ch) < 0x0370:
            return 0.5
        return 1.0
