"""Layout stage: the charts' SVG → ReportLab Drawings that stay vector, in palette colours and vendored fonts.

In: SVG text from `charts.build_charts` (drawn with the colours of `chart_colours()`), the chart's id, the
colour model (CMYK for print, RGB for screen) and the width in points. Out: a `Drawing` scaled to that
width. svglib converts the SVG; its font families are mapped explicitly to the registered BIZ UD Gothic
faces (no fontconfig, no guessed files, no fallback), so text stays text (String nodes, embedded subsets).
Every fill and stroke must be exactly one palette entry's RGB and is replaced by that entry's CMYK or RGB;
an unknown colour, any opacity below 1 or a raster image raises ValueError naming the chart.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Iterator

from reportlab.graphics.shapes import Drawing, Group, Image, Shape, String
from reportlab.lib.colors import CMYKColor, Color
from svglib.fonts import FontMap
from svglib.svglib import svg2rlg

from charts.draw.export import check_svg
from fonts.manifest import load_fonts
from layout.palette import PALETTE, Swatch
from layout.typefaces import FONT_NAMES, register_fonts

_COLOUR_ATTRS = ("fillColor", "strokeColor")
_OPACITY_ATTRS = ("fillOpacity", "strokeOpacity")


def chart_colours() -> dict[str, str]:
    """The palette roles as "#rrggbb", to pass into `charts.build_charts`."""
    return {role: "#{:02x}{:02x}{:02x}".format(*swatch.rgb) for role, swatch in PALETTE.items()}


class VendoredFontMap(FontMap):
    """svglib's font map reduced to the vendored gothic: a family the charts use maps to BIZUDGothic or
    BIZUDGothic-Bold by weight; anything else is not found (and then rejected), never looked up."""

    def __init__(self, families: frozenset[str]) -> None:
        self.families = families
        super().__init__()

    def register_default_fonts(self) -> None:  # no Helvetica/Times aliases: nothing but the vendored faces
        return None

    def use_fontconfig(self, font_name: str, weight: str = "normal",
                       style: str = "normal") -> tuple[str | None, bool]:
        return None, False

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        if font_name.strip("'\" ").lower() not in self.families or str(style).lower() != "normal":
            return "", False
        w = str(weight).lower()
        bold = w in ("bold", "bolder") or (w.isdigit() and int(w) >= 600)
        return FONT_NAMES["gothic_bold" if bold else "gothic"], True


@lru_cache(maxsize=1)
def _chart_families() -> frozenset[str]:
    fonts = load_fonts()
    return frozenset(fonts[role].family.lower() for role in ("gothic", "gothic_bold"))


@lru_cache(maxsize=1)
def _by_rgb() -> dict[tuple[int, int, int], Swatch]:
    """Palette entries by RGB; roles that share an RGB (text, rule) must share their CMYK too."""
    table: dict[tuple[int, int, int], Swatch] = {}
    for role, swatch in PALETTE.items():
        seen = table.setdefault(swatch.rgb, swatch)
        if seen.cmyk != swatch.cmyk:
            raise ValueError(f"palette role {role} has the RGB of {seen.name} but another CMYK")
    return table


def _nodes(node: Group) -> Iterator[object]:
    for child in getattr(node, "contents", ()):
        yield child
        if isinstance(child, Group):
            yield from _nodes(child)


def _hex(colour: Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in colour.rgb()))


def _recolour(node: object, chart_id: str, cmyk: bool) -> None:
    kind = type(node).__name__
    for attr in _OPACITY_ATTRS:
        value = getattr(node, attr, None)
        if value is not None and value < 1:
            raise ValueError(f"chart {chart_id}: {attr} {value} on a {kind} is below 1 (no transparency)")
    for attr in _COLOUR_ATTRS:
        colour = getattr(node, attr, None)
        if colour is None:
            continue
        if not isinstance(colour, Color):
            raise ValueError(f"chart {chart_id}: {attr} of a {kind} is {colour!r}, not a plain colour")
        if getattr(colour, "alpha", 1) < 1:
            raise ValueError(f"chart {chart_id}: colour {_hex(colour)} on a {kind} has alpha {colour.alpha}")
        rgb = tuple(round(c * 255) for c in colour.rgb())
        swatch = _by_rgb().get(rgb)  # type: ignore[arg-type]
        if swatch is None:
            raise ValueError(f"chart {chart_id}: colour {_hex(colour)} ({attr} of a {kind}) is not a palette "
                             "colour; draw the chart with chart_colours()")
        setattr(node, attr, CMYKColor(*swatch.cmyk01) if cmyk else Color(*swatch.rgb01))


def svg_drawing(svg: str, chart_id: str, *, width: float, cmyk: bool = False) -> Drawing:
    """The chart as a ReportLab Drawing `width` points wide, recoloured from the palette."""
    check_svg(svg, chart_id)
    fonts = register_fonts()
    allowed = {fonts["gothic"], fonts["gothic_bold"]}
    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=VendoredFontMap(_chart_families()))
    if drawing is None or not drawing.width:
        raise ValueError(f"chart {chart_id}: the SVG could not be converted")
    for node in _nodes(drawing):
        if isinstance(node, Image):
            raise ValueError(f"chart {chart_id}: contains a raster image; charts must stay vector")
        if isinstance(node, String) and node.fontName not in allowed:
            raise ValueError(f"chart {chart_id}: text {node.text!r} is in font {node.fontName!r}, not one of "
                             f"the vendored faces {sorted(allowed)}")
        if isinstance(node, (Shape, Group)):
            _recolour(node, chart_id, cmyk)
    scale = width / drawing.width
    drawing.width, drawing.height = width, drawing.height * scale
    drawing.scale(scale, scale)
    _initial_state(drawing, fonts["gothic"], PALETTE["text"], cmyk)
    return drawing


def _initial_state(drawing: Drawing, font: str, ink: Swatch, cmyk: bool) -> None:
    """ReportLab's renderers open every drawing with Helvetica and RGB black unless the drawing says
    otherwise; start instead with the vendored gothic and the text swatch in the chosen colour model, so a
    print PDF gets no RGB operator and no unembedded font from the drawing's initial state."""
    colour = CMYKColor(*ink.cmyk01) if cmyk else Color(*ink.rgb01)
    drawing.initialFontName = font
    # StateTracker reads initialFillColor/initialStrokeColor, which Drawing's attribute map does not list
    drawing.__dict__.update(initialFillColor=colour, initialStrokeColor=colour)
