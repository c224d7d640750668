"""Layout stage: the charts' SVG → ReportLab Drawings that stay vector, in palette colours and vendored fonts.

In: SVG text from `charts.build_charts` (drawn with the colours of `chart_colours()`), the chart's id, the
colour model (CMYK for print, RGB for screen) and the width in points. Out: a `Drawing` scaled to that
width. svglib converts the SVG; its font families are mapped explicitly to the registered BIZ UD Gothic
faces (no fontconfig, no guessed files, no fallback), so text stays text (String and LabelRuns nodes,
embedded subsets). Every fill and stroke must be exactly one palette entry's RGB and is replaced by that
entry's CMYK or RGB; an unknown colour, any opacity below 1 or a raster image raises ValueError naming the
chart.

A label the charts set as positioned runs (a `<g id="label-runs-N" aria-label="平成29年度末">` of one
`<text>` per run, see `charts.draw.runs`) becomes one `LabelRuns` node: its runs at the positions the chart
gave them, drawn by renderPDF as one text object holding one marked-content span whose /ActualText is
the label's source text (`layout.marked`), so extractors read 「平成29年度末」, not 「平成 29 年度末」. The
span opens after the text object's BT and closes before its ET, inside the node's q/Q: it never straddles
a page, a q/Q or a BT/ET. The print profile reduces it to a bare /Span (layout.output.emit).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any, Iterator

from reportlab.graphics.shapes import DirectDraw, Drawing, Group, Image, Shape, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.validators import isColorOrNone, isNumber, isString
from reportlab.pdfgen.canvas import Canvas
from svglib.fonts import FontMap
from svglib.svglib import svg2rlg

from charts.draw.export import check_svg
from charts.draw.runs import LABEL_ID
from fonts.manifest import load_fonts
from layout.marked import SPAN_END, needs_span, span_begin
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


class LabelRuns(DirectDraw):
    """One chart label set as positioned runs: each run's (x, y, text) in one frame, the font, size and fill
    they share, and the label's source text. renderPDF draws it (`drawDirectly`, ReportLab's hook for a
    node that writes to the canvas itself) as one text object: BT, the font, the span's BDC with the
    source as /ActualText (when there is more than one run), each run at its origin, EMC, ET. Another
    renderer gets the runs as Strings, one by one."""

    _attrMap = AttrMap(
        runs=AttrMapValue(None, desc="(x, y, text) of each run, in the node's frame"),
        text=AttrMapValue(isString, desc="the label's source text, its /ActualText"),
        fontName=AttrMapValue(None, desc="the registered font of every run"),
        fontSize=AttrMapValue(isNumber, desc="the size of every run"),
        fillColor=AttrMapValue(isColorOrNone, desc="the colour of every run"),
    )

    def __init__(self, runs: tuple[tuple[float, float, str], ...], text: str, fontName: str, fontSize: float,
                 fillColor: Color | None) -> None:
        self.runs, self.text = tuple(runs), text
        self.fontName, self.fontSize, self.fillColor = fontName, fontSize, fillColor

    def copy(self) -> LabelRuns:
        return LabelRuns(self.runs, self.text, self.fontName, self.fontSize, self.fillColor)

    def strings(self) -> list[String]:
        """The runs as ReportLab Strings (for bounds, checks and renderers other than renderPDF)."""
        return [String(x, y, t, fontName=self.fontName, fontSize=self.fontSize, fillColor=self.fillColor)
                for x, y, t in self.runs]

    def getBounds(self) -> tuple[float, float, float, float]:
        boxes = [s.getBounds() for s in self.strings()]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))

    def drawDirectly(self, renderer: Any) -> None:
        if renderer.getStateValue("fillColor") is None:
            return
        canvas = renderer._canvas  # the canvas renderPDF draws on (the hook is given only the renderer)
        if not isinstance(canvas, Canvas):
            for string in self.strings():
                renderer.drawString(string)
            return
        text = canvas.beginText()
        text.setFont(self.fontName, self.fontSize)
        span = needs_span(self.text, len(self.runs))
        if span:
            text._code.append(span_begin(self.text))
        for x, y, run in self.runs:
            text.setTextOrigin(x, y)
            text.textOut(run)
        if span:
            text._code.append(SPAN_END)
        canvas.drawText(text)


def _label_sources(svg: str) -> dict[str, str]:
    """The source text of every label group the SVG sets as runs, by the group's id."""
    prefix = LABEL_ID.format("")
    return {g.get("id", ""): g.get("aria-label", "") for g in ET.fromstring(svg.encode("utf-8")).iter()
            if g.get("id", "").startswith(prefix)}


def _mul(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """The transform a then b (b applied first, as a ReportLab Group's transform applies to its contents)."""
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
            a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])


def _placed(node: Group, transform: tuple[float, ...], chart_id: str) -> Iterator[tuple[tuple[float, ...], String]]:
    """Every String under `node`, with the transform from the label group's frame to the String's."""
    for child in node.contents:
        if isinstance(child, Group):
            yield from _placed(child, _mul(transform, tuple(child.transform)), chart_id)
        elif isinstance(child, String):
            yield transform, child
        else:
            raise ValueError(f"chart {chart_id}: a label set as runs holds a {type(child).__name__}")


def _label_runs(group: Group, text: str, chart_id: str) -> Group:
    """The label group's runs as one LabelRuns node, in a group that carries their common linear transform
    (svglib flips each text upright): each run's origin is mapped into that one frame."""
    placed = list(_placed(group, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), chart_id))
    if not placed:
        raise ValueError(f"chart {chart_id}: the label {text!r} has no runs")
    linear = placed[0][0][:4]
    a, b, c, d = linear
    det = a * d - b * c
    runs = []
    for m, s in placed:
        same = (s.fontName, s.fontSize, s.fillColor, s.textAnchor) == (placed[0][1].fontName,
                                                                      placed[0][1].fontSize,
                                                                      placed[0][1].fillColor, "start")
        if not same or any(abs(u - v) > 1e-9 for u, v in zip(m[:4], linear)) or abs(det) < 1e-12:
            raise ValueError(f"chart {chart_id}: the runs of {text!r} differ in font, colour, anchor or direction")
        px, py = m[0] * s.x + m[2] * s.y + m[4], m[1] * s.x + m[3] * s.y + m[5]
        runs.append(((d * px - c * py) / det, (a * py - b * px) / det, s.text))  # the inverse of `linear`
    first = placed[0][1]
    frame = Group(LabelRuns(tuple(runs), text, first.fontName, first.fontSize, first.fillColor))
    frame.transform = (*linear, 0.0, 0.0)
    return frame


def _set_label_runs(drawing: Drawing, svg: str, chart_id: str) -> None:
    """Replace every label group set as runs by its LabelRuns node; each group of the SVG must be found."""
    sources = _label_sources(svg)
    found: set[str] = set()

    def visit(node: Group) -> None:
        for child in node.contents:
            if not isinstance(child, Group):
                continue
            gid = getattr(child, "svgid", "")
            if gid in sources:
                child.contents = [_label_runs(child, sources[gid], chart_id)]
                found.add(gid)
            else:
                visit(child)

    visit(drawing)
    if found != set(sources):
        missing = sorted(set(sources) - found)
        raise ValueError(f"chart {chart_id}: the label groups {missing} were lost in the conversion")


def label_nodes(node: Group) -> Iterator[LabelRuns]:
    """Every LabelRuns node of a drawing, in drawing order."""
    for child in _nodes(node):
        if isinstance(child, LabelRuns):
            yield child


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
    _set_label_runs(drawing, svg, chart_id)
    for node in _nodes(drawing):
        if isinstance(node, Image):
            raise ValueError(f"chart {chart_id}: contains a raster image; charts must stay vector")
        if isinstance(node, (String, LabelRuns)) and node.fontName not in allowed:
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
