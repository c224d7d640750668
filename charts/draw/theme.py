"""Charts stage (drawing): the look shared by every chart: type sizes, colours and their contrast, text
measures and line breaks, the sheet every chart is laid out on, its title, note and legend.

In: the palette as data (role → "#rrggbb", from the layout stage, never imported from it), a size in mm,
and the vendored BIZ UD Gothic files from `fonts.manifest`. Out: a `Theme` (colours by role, font
properties bound to the vendored files, matplotlib rcParams), a `Sheet` (a figure addressed in points from
its top-left corner, of the theme's width and at least its height), text measured as the SVG export lays it
out (its quarter ems included, by `charts.draw.runs`), labels broken to a width at legal points (`wrap`),
the WCAG contrast of two colours, and the flowing legend, title and note every chart has. Fonts are loaded
only with `matplotlib.font_manager.addfont`; system fonts are never consulted, even when a font of the same
family name is installed, because every text is bound to a vendored file.

Type sizes are fixed in points at print size, whatever the chart's width: the layout places a chart at the
width it was drawn at (its scale, placed width / drawn width, is 1), so `TITLE_PT` and `TEXT_PT` are the
printed sizes on every paper. A chart adapts to its width instead: it thins its ticks, breaks its labels,
flows its legend onto more rows, moves labels that do not fit, and grows taller than the height asked when
its text cannot fit in it; it never sets smaller type.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from cycler import cycler
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from charts.draw.runs import RunsRendererSVG
from fonts.manifest import load_fonts

MM_PER_INCH = 25.4
ROLES = ("text", "rule", "grey", "paper", "achieved", "in_progress", "not_achieved", "accent", "tint")
_HEX = re.compile(r"#[0-9a-f]{6}")

# Type sizes in points at print size (the charts are placed at the size they are drawn).
TITLE_PT = 9.0      # a chart's title, bold
TEXT_PT = 8.0       # every other text: labels, values, ticks, legend, units and notes
MIN_TITLE_PT = 8.0  # the floors for this readership (issue 10): titles ≥ 8 pt, all other chart text ≥ 7 pt
MIN_TEXT_PT = 7.0
assert TITLE_PT >= MIN_TITLE_PT and TEXT_PT >= MIN_TEXT_PT
LINESPACING = 1.2   # matplotlib's line spacing for every text
LINE_PT = 0.5       # rules, spines, bar outlines
PAD_PT = 3.0        # the white margin around every chart
GAP_PT = 3.0        # between the blocks of a chart (title, legend, axes, note)
TICK_PT = 2.0       # tick length
TICK_PAD_PT = 3.0   # between a tick and its label
MARKER_PT = 3.2     # the line series' hollow markers
MIN_CONTRAST = 4.5  # WCAG 2.x 1.4.3 (JIS X 8341-3) for text on a colour


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
    """Colours by role and the size asked for one chart (its width; its height is the least it gets)."""

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
        "font.family": [chart_fonts().family], "font.size": TEXT_PT, "axes.unicode_minus": True,
        "text.color": text, "axes.labelcolor": text, "xtick.color": rule, "ytick.color": rule,
        "xtick.labelcolor": text, "ytick.labelcolor": text, "axes.edgecolor": rule,
        "axes.facecolor": paper, "figure.facecolor": paper, "figure.edgecolor": paper,
        "savefig.facecolor": paper, "savefig.edgecolor": paper, "patch.edgecolor": rule,
        "patch.facecolor": theme["tint"], "lines.color": text, "grid.color": theme["grey"],
        "hatch.color": rule, "legend.framealpha": 1.0, "legend.edgecolor": rule, "legend.facecolor": paper,
        "legend.fancybox": False, "axes.linewidth": LINE_PT, "xtick.major.width": LINE_PT,
        "ytick.major.width": LINE_PT, "xtick.major.size": TICK_PT, "ytick.major.size": TICK_PT,
        "xtick.major.pad": TICK_PAD_PT, "ytick.major.pad": TICK_PAD_PT,
        "xtick.labelsize": TEXT_PT, "ytick.labelsize": TEXT_PT, "axes.spines.top": False,
        "axes.spines.right": False, "axes.titlesize": TITLE_PT, "axes.prop_cycle": cycler(color=[text]),
        "text.parse_math": False,
    }


# --- contrast -------------------------------------------------------------------------------------------

def luminance(colour: str) -> float:
    """The relative luminance of "#rrggbb" (WCAG 2.x, from the sRGB values)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two "#rrggbb" colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(theme: Theme, background: str) -> str | None:
    """The role (text or paper) that reads best on the colour of the role `background`, or None when
    neither reaches MIN_CONTRAST there (the label then goes on the paper, beside the colour)."""
    best = max(("text", "paper"), key=lambda role: (contrast(theme[role], theme[background]), role == "text"))
    return best if contrast(theme[best], theme[background]) >= MIN_CONTRAST else None


# --- text -----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _renderer() -> tuple[Figure, RunsRendererSVG]:
    return Figure(figsize=(1, 1), dpi=72), RunsRendererSVG(72, 72, io.StringIO(), None, 72)


@lru_cache(maxsize=8192)
def measure(text: str, size: float = TEXT_PT, bold: bool = False,
            linespacing: float = LINESPACING) -> tuple[float, float]:
    """(width, height) in points of a (possibly multi-line) text's box, as the SVG export lays it out."""
    fig, renderer = _renderer()
    t = Text(0, 0, text, fontproperties=chart_fonts().prop(size, bold), linespacing=linespacing)
    t.set_figure(fig)
    box = t.get_window_extent(renderer)
    return box.width, box.height


def text_width(text: str, size: float = TEXT_PT, bold: bool = False) -> float:
    """The advance of a (possibly multi-line) label in points, measured with the vendored font."""
    return measure(text, size, bold)[0]


def line_height(size: float = TEXT_PT) -> float:
    """The height of one line of text of this size."""
    return measure("国", size)[1]


NO_START = set("、。，．,.・：；:;？！?!ー―‐～〜゠–）」』】〕〉》’”)]ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々ゝゞヽヾ")
NO_END = set("（「『【〔〈《‘“([")
_UNBROKEN = re.compile(r"[0-9A-Za-z,.+\-−±%]")  # a number and its sign stay together


def _legal(text: str, i: int) -> bool:
    """Whether a line may break before text[i]: not before a closing mark or small kana, not after an
    opening bracket, and never inside a number (29年, 2,371, −107.7)."""
    prev, nxt = text[i - 1], text[i]
    if nxt in NO_START or prev in NO_END or nxt == " ":
        return False
    return not _UNBROKEN.fullmatch(prev)


def _priority(text: str, i: int) -> int:
    """3 before an opening bracket (a title and its basis), 2 after ・, a space, 、 or 年 (平成29年 / 4月1日),
    1 anywhere else that is legal."""
    if text[i] in "（(":
        return 3
    if text[i - 1] in "・ 、" or (text[i - 1] == "年" and text[i] != "度"):
        return 2
    return 1


def _cut(text: str, size: float, width: float, bold: bool) -> tuple[int, int] | None:
    """Where to break the text's first line to fit `width`, and the priority of that break."""
    fitting = [i for i in range(1, len(text)) if _legal(text, i)
               and text_width(text[:i].rstrip(), size, bold) <= width]
    if not fitting:
        return None
    longest = text_width(text[:fitting[-1]].rstrip(), size, bold)
    for priority, share in ((3, 0.0), (2, 0.3), (1, 0.0)):
        good = [i for i in fitting if _priority(text, i) >= priority
                and text_width(text[:i].rstrip(), size, bold) >= share * longest]
        if good:
            return good[-1], _priority(text, good[-1])
    return None  # pragma: no cover (priority 1 takes every fitting break)


def _greedy(text: str, size: float, width: float, bold: bool) -> tuple[list[str], list[int]]:
    """The lines filled one by one, and the priorities of the breaks between them."""
    lines: list[str] = []
    priorities: list[int] = []
    for part in text.split("\n"):
        rest = part
        while rest and text_width(rest, size, bold) > width:
            cut = _cut(rest, size, width, bold)
            if cut is None:
                break
            lines.append(rest[:cut[0]].rstrip())
            priorities.append(cut[1])
            rest = rest[cut[0]:].lstrip()
        lines.append(rest)
    return lines, priorities


def wrap(text: str, size: float, width: float, bold: bool = False) -> str:
    """The text broken into lines no wider than `width` points where it has legal breaks, preferring
    a break before its opening bracket, then after ・, a space or 年 (never inside a number), then balanced:
    set as narrow as it can be in as many lines with breaks as good, so that no last line holds a lone
    character. A line that cannot be broken to the width is left whole."""
    best, priorities = _greedy(text, size, width, bold)
    narrower = width
    while len(best) > 1 and narrower > size:
        narrower -= size / 4
        trial, trial_priorities = _greedy(text, size, narrower, bold)
        if (len(trial) != len(best) or sorted(trial_priorities) < sorted(priorities)
                or any(text_width(line, size, bold) > narrower for line in trial)):
            break
        best = trial
    return "\n".join(best)


def thin(ticks: Sequence[float], labels: Sequence[str], step_pt: float,
         least_pt: float = TEXT_PT * 1.6) -> tuple[list[float], list[str]]:
    """Every tick, or every second (third …) one from 0, so that labels `step_pt` apart do not crowd."""
    every = max(1, math.ceil(least_pt / step_pt)) if step_pt > 0 else 1
    return list(ticks[::every]), list(labels[::every])


# --- the sheet --------------------------------------------------------------------------------------------

class Sheet:
    """A chart's matplotlib Figure addressed in points from its top-left corner: the theme's width (the
    width the chart is placed at) and the height given (never less than the theme's)."""

    def __init__(self, theme: Theme, height: float) -> None:
        self.theme = theme
        self.width = theme.size_pt[0]
        self.height = max(height, theme.size_pt[1])
        self.fig = Figure(figsize=(self.width / 72, self.height / 72), dpi=72)  # no pyplot: no global state

    def x(self, pt: float) -> float:
        return pt / self.width

    def y(self, top: float) -> float:
        return 1 - top / self.height

    def text(self, x: float, top: float, text: str, *, size: float = TEXT_PT, bold: bool = False,
             ha: str = "left", va: str = "top", colour: str = "text") -> Text:
        return self.fig.text(self.x(x), self.y(top), text, ha=ha, va=va, fontsize=size,
                             fontweight="bold" if bold else "normal", color=self.theme[colour],
                             linespacing=LINESPACING, multialignment=ha)

    def axes(self, left: float, top: float, right: float, bottom: float) -> Axes:
        """Axes inside these margins (points from each edge)."""
        return self.fig.add_axes((left / self.width, bottom / self.height,
                                  (self.width - left - right) / self.width,
                                  (self.height - top - bottom) / self.height))

    def rect(self, x: float, top: float, w: float, h: float, face: str, edge: str | None = None) -> None:
        self.fig.add_artist(Rectangle((self.x(x), self.y(top + h)), w / self.width, h / self.height,
                                      transform=self.fig.transFigure, facecolor=self.theme[face],
                                      edgecolor=self.theme[edge or face], linewidth=LINE_PT))

    def line_key(self, x: float, mid: float, w: float) -> None:
        """The key of a line series: a short line with a hollow marker in its middle."""
        t = self.theme
        self.fig.add_artist(Line2D([self.x(x), self.x(x + w)], [self.y(mid)] * 2, transform=self.fig.transFigure,
                                   color=t["text"], linewidth=1.0))
        self.fig.add_artist(Line2D([self.x(x + w / 2)], [self.y(mid)], transform=self.fig.transFigure,
                                   linestyle="none", marker="o", markersize=MARKER_PT, markerfacecolor=t["paper"],
                                   markeredgecolor=t["text"], markeredgewidth=0.8))


def title_lines(title: str, width: float) -> str:
    """The title broken to the chart's width (before its bracket first)."""
    return wrap(title, TITLE_PT, width - 2 * PAD_PT, bold=True)


def title_height(title: str) -> float:
    """The points the (broken) title takes from the top of the sheet, its margin included."""
    return PAD_PT + measure(title, TITLE_PT, True)[1]


def draw_title(sheet: Sheet, title: str) -> None:
    """The title, top left and bold."""
    sheet.text(PAD_PT, PAD_PT, title, size=TITLE_PT, bold=True)


def note_lines(note: str, width: float) -> str:
    """The source note broken to the chart's width."""
    return wrap(note, TEXT_PT, width - 2 * PAD_PT)


def note_height(note: str) -> float:
    """The points the (broken) note takes from the bottom of the sheet, its margin included."""
    return PAD_PT + measure(note)[1]


def draw_note(sheet: Sheet, note: str) -> None:
    """The source note, bottom left."""
    sheet.text(PAD_PT, sheet.height - PAD_PT, note, va="bottom")


# --- the legend -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """One legend entry: a swatch of a role's colour (or a line with a marker) and its label."""

    label: str
    face: str = "text"
    edge: str | None = None
    line: bool = False


KEY_W = TEXT_PT * 1.4
KEY_GAP = TEXT_PT * 0.4
ITEM_GAP = TEXT_PT * 1.2
ROW_GAP = 2.0


def _key_width(key: Key) -> float:
    return KEY_W + KEY_GAP + text_width(key.label)


def legend_rows(keys: Sequence[Key], width: float) -> list[list[Key]]:
    """The keys flowed into rows no wider than `width` (one key per row at the least)."""
    rows: list[list[Key]] = []
    used = 0.0
    for key in keys:
        w = _key_width(key)
        if rows and used + ITEM_GAP + w <= width:
            rows[-1].append(key)
            used += ITEM_GAP + w
        else:
            rows.append([key])
            used = w
    return rows


def legend_height(keys: Sequence[Key], width: float) -> float:
    rows = len(legend_rows(keys, width))
    return rows * line_height() + (rows - 1) * ROW_GAP if rows else 0.0


def draw_swatch(sheet: Sheet, key: Key, x: float, top: float) -> None:
    """A key's swatch at x, on the line of text whose top is `top`."""
    h = line_height()
    if key.line:
        sheet.line_key(x, top + h / 2, KEY_W)
    else:
        side = TEXT_PT * 0.8
        sheet.rect(x + (KEY_W - side * 1.4) / 2, top + (h - side) / 2, side * 1.4, side, key.face, key.edge)


def draw_legend(sheet: Sheet, keys: Sequence[Key], left: float, top: float, width: float) -> float:
    """The legend flowed from (left, top) within `width`; returns its height. Its text is on the paper."""
    h = line_height()
    for row in legend_rows(keys, width):
        x = left
        for key in row:
            draw_swatch(sheet, key, x, top)
            sheet.text(x + KEY_W + KEY_GAP, top, key.label)
            x += _key_width(key) + ITEM_GAP
        top += h + ROW_GAP
    return legend_height(keys, width)


def bind_fonts(fig: Figure) -> None:
    """Bind every text of the figure to a vendored file, keeping its size and weight."""
    fonts = chart_fonts()
    for t in fig.findobj(Text):
        weight = t.get_fontweight()
        bold = int(font_manager.weight_dict.get(weight, weight)) >= 600  # type: ignore[call-overload]
        t.set_fontproperties(fonts.prop(t.get_fontsize(), bold))
