"""Layout stage: the vendored fonts registered with ReportLab, and their metrics for the composer.

In: the verified font files from `fonts.manifest` (role → file). Out: ReportLab font names per role
(TrueType, embedded as subsets with ToUnicode; never UnicodeCIDFont, which is not embedded) and
`FontMetrics` objects that give a character's advance in points, as the composer needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fonts.manifest import load_fonts

# ReportLab names for each role. The first is the canvas's initial font, so no Helvetica is ever referenced.
FONT_NAMES: dict[str, str] = {
    "mincho": "BIZUDMincho",
    "gothic": "BIZUDGothic",
    "gothic_bold": "BIZUDGothic-Bold",
}
INITIAL_FONT = FONT_NAMES["mincho"]


@lru_cache(maxsize=None)
def register_fonts() -> dict[str, str]:
    """Register every role's font with ReportLab once per process; returns role → ReportLab font name."""
    for role, font in load_fonts().items():
        name = FONT_NAMES[role]
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font.path)))
    return dict(FONT_NAMES)


@dataclass(frozen=True)
class FontMetrics:
    """Advances of one font at one size, in points (the composer's `Metrics` protocol)."""

    font_name: str
    size: float

    def advance(self, ch: str) -> float:
        return _advance_1000(self.font_name, ch) * self.size / 1000.0


@lru_cache(maxsize=65536)
def _advance_1000(font_name: str, ch: str) -> float:
    """A character's advance in thousandths of an em (cached: the same characters recur constantly)."""
    return pdfmetrics.stringWidth(ch, font_name, 1000)


def metrics(role: str, size: float) -> FontMetrics:
    """Metrics for a font role at a size; registers the fonts on first use."""
    return FontMetrics(register_fonts()[role], size)
