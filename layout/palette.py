"""Layout stage: every colour of the booklet, as data, in both RGB (screen, archive) and CMYK (print).

In: nothing. Out: `Swatch` entries by role. The hues come from the Color Universal Design (CUD) recommended
palette, ver. 4, which Japanese public bodies use; every CMYK total ink is at most 300%, and text and rules
are K100 only (never rich black).
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
}
