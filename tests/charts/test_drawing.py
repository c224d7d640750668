"""The charts as ReportLab Drawings: palette colours only, no transparency, vendored fonts, vector text in a PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pdfplumber
import pikepdf
import pytest
import svglib.fonts
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Image, String
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas

from charts.draw import build_charts
from content.model import Report
import layout.figures
from layout.figures import LabelRuns, chart_colours, svg_drawing
from layout.geometry import MM
from layout.palette import PALETTE
from layout.typefaces import INITIAL_FONT, register_fonts
from tests.charts.util import SIZE

IDS = ["debt", "funds", "population", "childcare", "status"]
WIDTH = SIZE["width_mm"] * MM
PALETTE_CMYK = {s.cmyk01 for s in PALETTE.values()}
PALETTE_RGB = {s.rgb for s in PALETTE.values()}


@pytest.fixture(scope="module")
def svgs(report: Report) -> dict[str, str]:
    return build_charts(report, chart_colours(), **SIZE)


def nodes(node: Group) -> Iterator[object]:
    for child in getattr(node, "contents", ()):
        yield child
        if isinstance(child, Group):
            yield from nodes(child)


def strings(drawing: Drawing) -> list[String]:
    """Every text of a drawing: its Strings and the runs of its labels set as runs."""
    found: list[String] = []
    for node in nodes(drawing):
        if isinstance(node, String):
            found.append(node)
        elif isinstance(node, LabelRuns):
            found += node.strings()
    return found


def colours(drawing: Drawing) -> Iterator[tuple[str, Color]]:
    for node in nodes(drawing):
        for attr in ("fillColor", "strokeColor"):
            colour = getattr(node, attr, None)
            if colour is not None:
                yield f"{type(node).__name__}.{attr}", colour


@pytest.mark.parametrize("chart_id", IDS)
def test_cmyk_drawing_has_only_palette_cmyk(svgs: dict[str, str], chart_id: str) -> None:
    drawing = svg_drawing(svgs[chart_id], chart_id, cmyk=True, width=WIDTH)
    found = list(colours(drawing))
    assert found
    bad = [(where, c) for where, c in found
           if not isinstance(c, CMYKColor) or (c.cyan, c.magenta, c.yellow, c.black) not in PALETTE_CMYK]
    assert not bad, bad[:5]
    assert abs(drawing.width - WIDTH) < 1e-6
    # the height asked is the least a chart gets: one whose text needs more at the fixed type sizes is taller
    svg_height = float(re.search(r'<svg[^>]* height="([\d.]+)pt"', svgs[chart_id])[1])  # type: ignore[index]
    assert abs(drawing.height - svg_height) < 1e-3
    assert drawing.height >= SIZE["height_mm"] * MM - 1e-3
    if chart_id in ("debt", "funds", "population"):
        assert abs(drawing.height - SIZE["height_mm"] * MM) < 1e-3


@pytest.mark.parametrize("chart_id", IDS)
def test_rgb_drawing_has_only_palette_rgb(svgs: dict[str, str], chart_id: str) -> None:
    drawing = svg_drawing(svgs[chart_id], chart_id, cmyk=False, width=WIDTH)
    for where, c in colours(drawing):
        assert not isinstance(c, CMYKColor), where
        assert tuple(round(v * 255) for v in c.rgb()) in PALETTE_RGB, (where, c)


@pytest.mark.parametrize("chart_id", IDS)
def test_no_opacity_below_one_and_no_images(svgs: dict[str, str], chart_id: str) -> None:
    drawing = svg_drawing(svgs[chart_id], chart_id, cmyk=True, width=WIDTH)
    for node in nodes(drawing):
        assert not isinstance(node, Image)
        for attr in ("fillOpacity", "strokeOpacity"):
            value = getattr(node, attr, None)
            assert value is None or value >= 1, (type(node).__name__, attr, value)
    for where, c in colours(drawing):
        assert c.alpha == 1, where


@pytest.mark.parametrize("chart_id", IDS)
def test_text_stays_text_in_vendored_fonts(svgs: dict[str, str], chart_id: str) -> None:
    drawing = svg_drawing(svgs[chart_id], chart_id, cmyk=True, width=WIDTH)
    texts = strings(drawing)
    fonts = register_fonts()
    assert texts
    assert {s.fontName for s in texts} <= {fonts["gothic"], fonts["gothic_bold"]}
    assert fonts["gothic_bold"] in {s.fontName for s in texts}  # titles and values are bold


def test_a_planted_colour_raises_naming_the_chart(svgs: dict[str, str]) -> None:
    accent = chart_colours()["accent"]
    assert accent in svgs["debt"]
    with pytest.raises(ValueError, match=r"chart debt: colour #123456"):
        svg_drawing(svgs["debt"].replace(accent, "#123456", 1), "debt", cmyk=True, width=WIDTH)
    with pytest.raises(ValueError, match=r"chart status: colour #fefefe"):
        svg_drawing(svgs["status"].replace("fill: #ffffff", "fill: #fefefe", 1), "status", cmyk=False, width=WIDTH)


@pytest.mark.parametrize("plant", ["fill-opacity: 0.5", "opacity: 0.8", "stroke-opacity: 0.3"])
def test_planted_opacity_raises(svgs: dict[str, str], plant: str) -> None:
    fill = f"fill: {chart_colours()['accent']}"
    assert fill in svgs["funds"]
    with pytest.raises(ValueError, match=r"chart funds: .*opacity"):
        svg_drawing(svgs["funds"].replace(fill, f"{fill}; {plant}", 1), "funds", cmyk=True, width=WIDTH)


def test_the_drawing_walk_catches_opacity_the_svg_check_missed(svgs: dict[str, str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout.figures, "check_svg", lambda svg, chart_id: None)
    fill = f"fill: {chart_colours()['accent']}"
    with pytest.raises(ValueError, match=r"chart funds: fillOpacity 0.5"):
        svg_drawing(svgs["funds"].replace(fill, f"{fill}; fill-opacity: 0.5", 1), "funds", cmyk=True, width=WIDTH)


def test_an_unknown_font_raises_without_a_fontconfig_lookup(svgs: dict[str, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: object) -> None:
        raise AssertionError("fontconfig was consulted")

    monkeypatch.setattr(svglib.fonts.shutil, "which", no_lookup)
    monkeypatch.setattr(svglib.fonts.subprocess, "Popen", no_lookup)
    svg_drawing(svgs["status"], "status", cmyk=True, width=WIDTH)
    planted = svgs["status"].replace("font-family: 'BIZ UDGothic'", "font-family: 'DejaVu Sans'", 1)
    with pytest.raises(ValueError, match=r"chart status: text .* in font 'Helvetica'"):
        svg_drawing(planted, "status", cmyk=True, width=WIDTH)


@pytest.fixture(scope="module")
def pdf(svgs: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The debt and childcare charts, one per page, as the print pipeline would place them (CMYK)."""
    path = tmp_path_factory.mktemp("charts") / "charts.pdf"
    register_fonts()
    canvas = Canvas(str(path), pagesize=(WIDTH + 10 * MM, (SIZE["height_mm"] + 10) * MM),
                    initialFontName=INITIAL_FONT)
    for chart_id in ("debt", "childcare"):
        renderPDF.draw(svg_drawing(svgs[chart_id], chart_id, cmyk=True, width=WIDTH), canvas, 5 * MM, 5 * MM)
        canvas.showPage()
    canvas.save()
    return path


def test_pdf_has_no_raster_images_and_no_transparency(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
                d = obj if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict
                assert d.get("/Subtype") != "/Image"
                assert "/SMask" not in d
                for key in ("/ca", "/CA"):
                    if key in d:
                        assert float(d[key]) >= 1


def test_pdf_uses_cmyk_only(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            ops = {str(i.operator) for i in pikepdf.parse_content_stream(page)}
            assert not ops & {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN"}, ops
            assert {"k", "K"} <= ops


def test_pdf_fonts_are_embedded_bizud_subsets(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            fonts = page.Resources.Font
            assert len(fonts)
            for font in fonts.values():
                assert re.fullmatch(r"/[A-Z]{6}\+BIZUDGothic-(Regular|Bold)", str(font.BaseFont)), font.BaseFont
                assert font.Subtype != "/Type3"
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font \
                    else font.FontDescriptor
                assert "/FontFile2" in descriptor


def test_pdf_text_is_extractable(pdf: Path) -> None:
    with pdfplumber.open(str(pdf)) as doc:
        debt = doc.pages[0].extract_text()
        childcare = doc.pages[1].extract_text()
        fonts = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
    for label in ("市債残高", "799.5億円", "691.8億円", "\u2212107.7億円", "平成29年度末", "出典: 成果報告書 冒頭"):
        assert label in debt, label
    for label in ("保育所等の定員・受入・待機児童数", "待機児童数（右軸）", "3,000", "109", "出典: 成果報告書 公約2"):
        assert label in childcare, label
    assert fonts == {"BIZUDGothic-Regular", "BIZUDGothic-Bold"}
