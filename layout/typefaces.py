"""Layout stage: the vendored fonts registered with ReportLab, and their metrics for the composer.

In: the verified font files from `fonts.manifest` (role → file). Out: ReportLab font names per role
(TrueType, embedded as subsets with ToUnicode; never UnicodeCIDFont, which is not embedded) and
`FontMetrics` objects that give a character's advance in points, as the composer needs them. Each text
role's metrics carry the metrics of its proportional Latin face (`latin`, BIZ UDP…), which the composer
uses for Latin words, URLs and digits-with-letters runs; `LATIN_FONT` names the face a glyph of face 1 is
drawn in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fonts.manifest import LATIN_ROLES, load_fonts

# ReportLab names for each role. The first is the canvas's initial font, so no Helvetica is ever referenced.
FONT_NAMES: dict[str, str] = {
    "mincho": "BIZUDMincho",
    "gothic": "BIZUDGothic",
    "gothic_bold": "BIZUDGothic-Bold",
    "mincho_latin": "BIZUDPMincho",
    "gothic_latin": "BIZUDPGothic",
    "gothic_bold_latin": "BIZUDPGothic-Bold",
}
# ReportLab font name of a text face → the name of its proportional Latin face.
LATIN_FONT: dict[str, str] = {FONT_NAMES[role]: FONT_NAMES[latin] for role, latin in LATIN_ROLES.items()}
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
    latin: "FontMetrics | None" = None   # the proportional Latin face at the same size

    def advance(self, ch: str) -> float:
        return _advance_1000(self.font_name, ch) * self.size / 1000.0


@lru_cache(maxsize=65536)
def _advance_1000(font_name: str, ch: str) -> float:
    """A character's advance in thousandths of an em (cached: the same characters recur constantly)."""
    return pdfmetrics.stringWidth(ch, font_name, 1000)


def metrics(role: str, size: float) -> FontMetrics:
    """Metrics for a font role at a size, with its Latin face's; registers the fonts on first use."""
    names = register_fonts()
    latin = LATIN_ROLES.get(role)
    return FontMetrics(names[role], size, FontMetrics(names[latin], size) if latin else None)
