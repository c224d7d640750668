"""Fonts: the glyph-coverage preflight.

In: the strings that will be set, each with where it comes from ("pledge 12", "chart 市債残高", "label"),
and the font roles that will set them. Out: every character the fonts lack, reported at once, each with
where it occurs, its code point as U+XXXX and its Unicode name. The build stops before layout when any
is missing. Reads the fonts' cmap tables with fontTools (once per process).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from fontTools.ttLib import TTFont

from fonts.manifest import load_fonts

# Characters that are never drawn as glyphs: line breaks, and the spaces that the composer turns into positioning.
_NOT_DRAWN = {"\n", "\r", "\t", " ", "\u3000"}


@dataclass(frozen=True)
class Missing:
    """A character the font lacks, and the first places it occurs."""

    char: str
    role: str
    places: tuple[str, ...]

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unnamed character")

    def __str__(self) -> str:
        where = ", ".join(self.places[:5]) + (f" and {len(self.places) - 5} more" if len(self.places) > 5 else "")
        return f"{where}: {self.codepoint} {self.name} ({self.char}) is not in the {self.role} font"


@lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap().keys())
    finally:
        font.close()


def covered(role: str) -> frozenset[int]:
    """The code points the font of this role maps to a glyph."""
    return _cmap(load_fonts()[role].path)


def find_missing(strings: Iterable[tuple[str, str, str]]) -> list[Missing]:
    """Check (place, role, text) triples; returns each missing character once per role, in first-seen order."""
    places: dict[tuple[str, str], list[str]] = {}
    for place, role, text in strings:
        cmap = covered(role)
        for ch in text:
            if ch not in _NOT_DRAWN and ord(ch) not in cmap:
                seen = places.setdefault((ch, role), [])
                if place not in seen:
                    seen.append(place)
    return [Missing(ch, role, tuple(p)) for (ch, role), p in places.items()]
