"""Charts stage (drawing): the look shared by every chart: fonts, colours, sizes, margins, text widths.

In: the palette as data (role → "#rrggbb", from the layout stage, never imported from it), a size in mm,
and the vendored BIZ UD Gothic files from `fonts.manifest`. Out: a `Theme` (colours by role, font
properties bound to the vendored files, matplotlib rcParams), the title and note every chart has, and
label widths measured with the vendored font (the label texts come from `charts.spec.labels`). Fonts are
loaded only with `matplotlib.font_manager.addfont`; system fonts are never consulted, even when a font of
the same family name is installed, because every text is bound to a vendored file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from cycler import cycler
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.textpath import TextToPath

from fonts.manifest import load_fonts

MM_PER_INCH = 25.4
ROLES = ("text", "rule", "grey", "paper", "achieved", "in_progress", "not_achieved", "accent", "tint")
_HEX = re.compile(r"#[0-9a-f]{6}")

# Type sizes in points. The drawing is placed at the size it was drawn, so these are the printed sizes.
TITLE_PT = 7.5
LABEL_PT = 6.5
SMALL_PT = 6.0
LINE_PT = 0.5


@dataclass(frozen=True)
class FontSet:
    """The vendored gothic faces, as matplotlib knows them after `addfont`."""

    family: str
    regular: Path
    bold: Path

    def prop(self, size: float, bold: bool = False) -> font_manager.FontProperties:
        """Font properties bound to a vendored file, so that no lookup can pick another file."""
        return font_manager.FontProperties(family=self.family, size=size, weight="bold" if bold else "normal",
                                           fname=str(self.bold if bold else self.regular))


@lru_cache(maxsize=None)
def chart_fonts() -> FontSet:
    """Add the vendored BIZ UD Gothic regular and bold to matplotlib (once per process)."""
    fonts = load_fonts()
    regular, bold = fonts["gothic"].path, fonts["gothic_bold"].path
    for path in (regular, bold):
        font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(regular)).get_name()
    return FontSet(family, regular, bold)


@dataclass(frozen=True)
class Theme:
    """Colours by role and the page size of one chart."""

    colours: tuple[tuple[str, str], ...]
    width_mm: float
    height_mm: float

    def __getitem__(self, role: str) -> str:
        return dict(self.colours)[role]

    @property
    def size_in(self) -> tuple[float, float]:
        return self.width_mm / MM_PER_INCH, self.height_mm / MM_PER_INCH

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * 72 / MM_PER_INCH, self.height_mm * 72 / MM_PER_INCH


def make_theme(colours: Mapping[str, str], width_mm: float, height_mm: float) -> Theme:
    """A Theme; raises ValueError when a role is missing or a colour is not "#rrggbb"."""
    missing = [role for role in ROLES if role not in colours]
    if missing:
        raise ValueError(f"chart colours lack the palette roles {', '.join(missing)}")
    bad = [f"{role}={colours[role]!r}" for role in ROLES if not _HEX.fullmatch(colours[role].lower())]
    if bad:
        raise ValueError(f"chart colours must be '#rrggbb': {', '.join(bad)}")
    if width_mm <= 0 or height_mm <= 0:
        raise ValueError(f"chart size must be positive, not {width_mm}×{height_mm} mm")
    return Theme(tuple((role, colours[role].lower()) for role in ROLES), float(width_mm), float(height_mm))


def rc_params(theme: Theme) -> dict[str, Any]:
    """rcParams for drawing: every default colour is a palette role, nothing is transparent."""
    text, rule, paper = theme["text"], theme["rule"], theme["paper"]
    return {
        "font.family": [chart_fonts().family], "font.size": LABEL_PT, "axes.unicode_minus": True,
        "text.color": text, "axes.labelcolor": text, "xtick.color": rule, "ytick.color": rule,
        "xtick.labelcolor": text, "ytick.labelcolor": text, "axes.edgecolor": rule,
        "axes.facecolor": paper, "figure.facecolor": paper, "figure.edgecolor": paper,
        "savefig.facecolor": paper, "savefig.edgecolor": paper, "patch.edgecolor": rule,
        "patch.facecolor": theme["tint"], "lines.color": text, "grid.color": theme["grey"],
        "hatch.color": rule, "legend.framealpha": 1.0, "legend.edgecolor": rule, "legend.facecolor": paper,
        "legend.fancybox": False, "axes.linewidth": LINE_PT, "xtick.major.width": LINE_PT,
        "ytick.major.width": LINE_PT, "xtick.major.size": 2.0, "ytick.major.size": 2.0,
        "xtick.labelsize": SMALL_PT, "ytick.labelsize": SMALL_PT, "axes.spines.top": False,
        "axes.spines.right": False, "axes.titlesize": TITLE_PT, "axes.prop_cycle": cycler(color=[text]),
    }


def new_figure(theme: Theme) -> Figure:
    """A bare matplotlib Figure of the theme's size (no pyplot, so no global figure state)."""
    return Figure(figsize=theme.size_in, dpi=72)


PAD_PT = 3.0  # the white margin around every chart


def axes_rect(theme: Theme, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
    """An axes rectangle in figure fractions from margins in points."""
    width, height = theme.size_pt
    return left / width, bottom / height, (width - left - right) / width, (height - bottom - top) / height


def fit_title(title: str, size: float, width: float) -> str:
    """The title on one line, or broken before its opening bracket when it is wider than `width` pt."""
    cut = title.find("（", 1)
    if cut < 0 or text_width(title, size, bold=True) <= width:
        return title
    return f"{title[:cut]}\n{title[cut:]}"


def frame(fig: Figure, theme: Theme, title: str, note: str) -> float:
    """Draw the title (top left, bold) and the source note (bottom left); returns the title's height in pt."""
    width, height = theme.size_pt
    title = fit_title(title, TITLE_PT, width - 2 * PAD_PT)
    fig.text(PAD_PT / width, 1 - PAD_PT / height, title, ha="left", va="top", fontsize=TITLE_PT,
             fontweight="bold", color=theme["text"], linespacing=1.2)
    fig.text(PAD_PT / width, PAD_PT / height, note, ha="left", va="bottom", fontsize=SMALL_PT,
             color=theme["text"])
    return TITLE_PT * 1.2 * (title.count("\n") + 1)


def bind_fonts(fig: Figure) -> None:
    """Bind every text of the figure to a vendored file, keeping its size and weight."""
    fonts = chart_fonts()
    for t in fig.findobj(Text):
        weight = t.get_fontweight()
        bold = int(font_manager.weight_dict.get(weight, weight)) >= 600  # type: ignore[call-overload]
        t.set_fontproperties(fonts.prop(t.get_fontsize(), bold))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance of a (possibly multi-line) label in points, measured with the vendored font."""
    prop = chart_fonts().prop(size, bold)
    return max(_text_to_path().get_text_width_height_descent(line, prop, ismath=False)[0]
               for line in text.split("\n"))


@lru_cache(maxsize=1)
def _text_to_path() -> TextToPath:
    return TextToPath()
