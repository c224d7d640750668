"""Layout stage: every colour of the booklet, as data, in both RGB (screen, archive) and CMYK (print).

In: nothing. Out: `Swatch` entries by role, the eight section colours (`section_role(n)`), and the WCAG 2
contrast of two colours (`contrast`, `ink_on`) so that text on colour can be chosen and checked. The hues
come from the Color Universal Design (CUD) recommended palette, ver. 4, which Japanese public bodies use
(RGB as the CUD guidebook gives them for screens). The status colours (blue, orange, red) are not used
for sections, so a section colour never reads as a status. Every CMYK total ink is at most 300%, and text
and rules are K100 only (never rich black).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Swatch:
    """One colour: RGB 0–255 and CMYK 0–100 (%)."""

    name: str
    rgb: tuple[int, int, int]
    cmyk: tuple[int, int, int, int]

    @property
    def rgb01(self) -> tuple[float, float, float]:
        r, g, b = self.rgb
        return r / 255, g / 255, b / 255

    @property
    def cmyk01(self) -> tuple[float, float, float, float]:
        c, m, y, k = self.cmyk
        return c / 100, m / 100, y / 100, k / 100

    @property
    def total_ink(self) -> int:
        return sum(self.cmyk)


PALETTE: dict[str, Swatch] = {
    "text": Swatch("K100", (0, 0, 0), (0, 0, 0, 100)),
    "rule": Swatch("K100", (0, 0, 0), (0, 0, 0, 100)),
    "grey": Swatch("K60", (102, 102, 102), (0, 0, 0, 60)),
    "paper": Swatch("paper white", (255, 255, 255), (0, 0, 0, 0)),
    "achieved": Swatch("CUD blue", (0, 90, 255), (100, 65, 0, 0)),
    "in_progress": Swatch("CUD orange", (246, 170, 0), (0, 40, 100, 0)),
    "not_achieved": Swatch("CUD red", (255, 75, 0), (0, 85, 100, 0)),
    "accent": Swatch("CUD green", (3, 175, 122), (75, 0, 65, 0)),
    "tint": Swatch("CUD light sky", (191, 228, 255), (25, 5, 0, 0)),
    "wash": Swatch("CUD light grey", (200, 200, 203), (0, 0, 0, 20)),
    # the sections, in order: CUD accent and base hues other than the status colours
    "section-1": Swatch("CUD pink", (255, 128, 130), (0, 60, 35, 0)),
    "section-2": Swatch("CUD green", (3, 175, 122), (75, 0, 65, 0)),
    "section-3": Swatch("CUD sky blue", (77, 196, 255), (65, 10, 0, 0)),
    "section-4": Swatch("CUD purple", (153, 0, 153), (45, 100, 0, 0)),
    "section-5": Swatch("CUD brown", (128, 64, 0), (0, 60, 100, 50)),
    "section-6": Swatch("CUD yellow", (255, 241, 0), (0, 5, 100, 0)),
    "section-7": Swatch("CUD light green", (119, 217, 168), (50, 0, 45, 0)),
    "section-8": Swatch("CUD light purple", (201, 172, 230), (25, 35, 0, 0)),
}
SECTION_COLOURS = 8


def section_role(number: int) -> str:
    """The palette role of section `number` (1-based); an edition with more sections reuses them in turn."""
    return f"section-{(number - 1) % SECTION_COLOURS + 1}"


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (1 to 21); 4.5 is the minimum for text (1.4.3)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(role: str) -> str:
    """"text" (K100) or "paper" (white), whichever reads better on the colour of `role`."""
    background = PALETTE[role].rgb
    return max(("text", "paper"), key=lambda ink: contrast(PALETTE[ink].rgb, background))
