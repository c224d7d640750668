"""Chart text is legible at print size (issue 10): every chart text ≥ 7 pt and every title ≥ 8 pt as printed,
in every paper size, with no text overlapping another or cut at the chart's edge, and every text on a
colour at a WCAG contrast of at least 4.5:1.

The real proof is read from the booklet's PDFs (A4, JIS B5, A5): the effective size of every text run
inside a chart's form XObject (chart-<id>) is its font size × the text matrix × the CTM, the CTM being the
page's at the form's `Do`, the form's /Matrix and every `cm` inside it (svglib's flip and the layout's
scale to the placed width among them; tests/charts/pdfruns.py reads them). The drawings themselves are
checked at the widths the layout placed them at and at widths around them (a later layout may place the
charts larger or smaller): what matplotlib renders is recorded text by text (its box from the vendored
font's metrics, its colour) and fill by fill, so that overlaps, cuts and the colours under each text are
measured, not assumed.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pikepdf
import pytest

from charts.draw import DRAW, MIN_WIDTH_MM, build_charts
from charts.draw.runs import RunsRendererSVG
from charts.draw.theme import (MIN_CONTRAST, MIN_TEXT_PT, MIN_TITLE_PT, TEXT_PT, TITLE_PT, bind_fonts, contrast,
                               make_theme, rc_params)
from charts.spec import chart_specs
from content.model import Report
from layout.figures import chart_colours
from layout.geometry import MM
from layout.palette import PALETTE
from tests.charts.pdfruns import IDENTITY, Shown, chart_shows, floats, mul

PAPERS = ("a4", "b5", "a5")
IDS = ("debt", "funds", "population", "childcare", "status")
ASPECT = 0.68  # the layout's height / width today; a chart may grow taller, never shorter
WIDTHS_MM = (50.0, 60.0, 66.7, 75.0, 77.6, 90.0, 110.9, 120.0, 140.0, 175.0)


# --- the PDF: effective text sizes inside the chart forms (read by tests/charts/pdfruns.py) ------------------

Run = Shown


def chart_runs(path: Path) -> list[Run]:
    """Every text run drawn inside a chart-<id> form anywhere in the PDF."""
    return chart_shows(path)


def placed_widths(path: Path) -> dict[str, float]:
    """chart id → the width in points its form is painted at (BBox width through the CTM at its Do)."""
    widths: dict[str, float] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ctm, stack = IDENTITY, []
            for operands, op in pikepdf.parse_content_stream(page.obj):
                name = str(op)
                if name == "q":
                    stack.append(ctm)
                elif name == "Q":
                    ctm = stack.pop()
                elif name == "cm":
                    ctm = mul(floats(operands), ctm)
                elif name == "Do" and "chart-" in str(operands[0]):
                    form = page.obj.Resources.XObject[str(operands[0])]
                    m = mul(floats(form.get("/Matrix", IDENTITY)), ctm)
                    box = [float(v) for v in form.BBox]
                    chart = re.search(r"chart-(\w+)", str(operands[0]))[1]  # type: ignore[index]
                    widths[chart] = (box[2] - box[0]) * math.hypot(m[0], m[1])
    return widths


@pytest.fixture(scope="module")
def pdfs(build_pdf) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The screen PDF of each paper size, built once (the session's build_pdf keeps it for other modules)."""
    return {paper: build_pdf(paper, "screen") for paper in PAPERS}


@pytest.fixture(scope="module")
def runs(pdfs: dict[str, Path]) -> dict[str, list[Run]]:
    return {paper: chart_runs(path) for paper, path in pdfs.items()}


@pytest.mark.parametrize("paper", PAPERS)
def test_every_chart_text_in_the_pdf_is_at_least_7_pt(runs: dict[str, list[Run]], paper: str) -> None:
    found = runs[paper]
    assert {r.chart for r in found} == set(IDS), f"{paper}: charts with text: {sorted({r.chart for r in found})}"
    small = [(r.chart, r.page, r.text, round(r.size, 2)) for r in found if r.size < MIN_TEXT_PT - 1e-6]
    assert not small, f"{paper}: chart text below {MIN_TEXT_PT} pt: {small[:8]}"
    squeezed = [(r.chart, r.text) for r in found if abs(r.width_scale - r.size) > 1e-3]
    assert not squeezed, f"{paper}: chart text scaled unevenly: {squeezed[:8]}"


@pytest.mark.parametrize("paper", PAPERS)
def test_every_chart_title_in_the_pdf_is_at_least_8_pt(runs: dict[str, list[Run]], report: Report,
                                                       paper: str) -> None:
    specs = chart_specs(report)
    for chart_id in IDS:
        title = specs[chart_id].title  # type: ignore[attr-defined]
        # the title's lines: the topmost bold runs of the chart, one under the other, that make up the title
        bold = sorted((r for r in runs[paper] if r.chart == chart_id and "Bold" in r.font), key=lambda r: -r.y)
        lines: list[Run] = []
        while bold and len("".join(r.text for r in lines)) < len(title):
            lines.append(bold.pop(0))
        assert "".join(r.text for r in lines) == title, f"{paper} {chart_id}: title runs {[r.text for r in lines]}"
        assert min(r.size for r in lines) >= MIN_TITLE_PT - 1e-6, \
            f"{paper} {chart_id}: title at {min(r.size for r in lines):.2f} pt"


@pytest.mark.parametrize("paper", PAPERS)
def test_charts_print_at_the_size_they_are_drawn(runs: dict[str, list[Run]], paper: str) -> None:
    """No scale between the drawing and the page: every run prints at exactly a size the theme sets."""
    sizes = {round(r.size, 3) for r in runs[paper]}
    assert sizes <= {TEXT_PT, TITLE_PT}, f"{paper}: chart text sizes {sorted(sizes)}"


# --- the drawings: recorded as matplotlib renders them --------------------------------------------------------

@dataclass(frozen=True)
class Drawn:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the bottom-left
    colour: str
    size: float
    bold: bool
    fills_before: int


def _hex(rgb: object) -> str:
    r, g, b = (round(float(c) * 255) for c in list(rgb)[:3])  # type: ignore[call-overload]
    return f"#{r:02x}{g:02x}{b:02x}"


class Recorder(RunsRendererSVG):
    """The charts' SVG renderer, recording every text line (with its box, the quarter ems included, as the
    export measures it) and every filled path in drawing order."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__(width, height, io.StringIO(), None, 72)
        self.fills: list[tuple[object, object, str]] = []
        self.texts: list[Drawn] = []

    def draw_path(self, gc, path, transform, rgbFace=None):  # type: ignore[no-untyped-def]
        if rgbFace is not None:
            self.fills.append((path, transform.frozen(), _hex(rgbFace)))
        super().draw_path(gc, path, transform, rgbFace)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # type: ignore[no-untyped-def]
        if s.strip():
            w, h, d = self.get_text_width_height_descent(s, prop, ismath)
            base = self.height - y  # flipy: y came from the top
            self.texts.append(Drawn(s, (x, base - d, x + w, base - d + h), _hex(gc.get_rgb()),
                                    prop.get_size_in_points(), prop.get_weight() in ("bold", 700),
                                    len(self.fills)))
        super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)


def render(report: Report, chart_id: str, width_mm: float) -> tuple[Recorder, float, float]:
    theme = make_theme(chart_colours(), width_mm, width_mm * ASPECT)
    with matplotlib.rc_context(rc_params(theme)):
        fig = DRAW[chart_id](chart_specs(report)[chart_id], theme)
        bind_fonts(fig)
        width, height = fig.get_size_inches() * 72
        recorder = Recorder(width, height)
        fig.draw(recorder)
    return recorder, width, height


def background(recorder: Recorder, drawn: Drawn, x: float, y: float) -> str:
    """The colour of the last fill under (x, y) painted before the text."""
    for path, transform, colour in reversed(recorder.fills[:drawn.fills_before]):
        if path.contains_point((x, y), transform):  # type: ignore[attr-defined]
            return colour
    return chart_colours()["paper"]


def problems(report: Report, chart_id: str, width_mm: float) -> list[str]:
    recorder, width, height = render(report, chart_id, width_mm)
    texts = recorder.texts
    found: list[str] = []
    assert texts, f"{chart_id}: no text drawn"
    assert abs(width - width_mm * MM) < 1e-6 and height >= width_mm * ASPECT * MM - 1e-6
    for t in texts:
        floor = MIN_TITLE_PT if t.size >= TITLE_PT else MIN_TEXT_PT
        if t.size < floor:
            found.append(f"{t.text!r} at {t.size} pt")
        x0, y0, x1, y1 = t.box
        if x0 < -0.01 or y0 < -0.01 or x1 > width + 0.01 or y1 > height + 0.01:
            box = tuple(round(v, 1) for v in t.box)
            found.append(f"{t.text!r} is cut at the edge: {box} in {width:.1f}×{height:.1f}")
        # every colour under the text's box (sampled on a grid), against the text's own colour
        under = {background(recorder, t, x0 + (x1 - x0) * fx, y0 + (y1 - y0) * fy)
                 for fx in (0.05, 0.25, 0.5, 0.75, 0.95) for fy in (0.1, 0.5, 0.9)}
        worst = min(under, key=lambda colour: contrast(t.colour, colour))
        if contrast(t.colour, worst) < MIN_CONTRAST:
            found.append(f"{t.text!r} in {t.colour} on {worst}: contrast {contrast(t.colour, worst):.2f}")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            dx = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            dy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            if dx > 0.05 and dy > 0.05:
                found.append(f"{a.text!r} overlaps {b.text!r} by {dx:.1f}×{dy:.1f} pt")
    titles = [t.text for t in texts if t.size == TITLE_PT and t.bold]
    title = chart_specs(report)[chart_id].title  # type: ignore[attr-defined]
    if "".join(titles) != title:
        found.append(f"the title is drawn as {titles}, not {title!r}")
    return found


def widths_for(chart_id: str) -> list[float]:
    return [w for w in WIDTHS_MM if w >= MIN_WIDTH_MM[chart_id]]


@pytest.mark.parametrize(("chart_id", "width_mm"), [(c, w) for c in IDS for w in widths_for(c)])
def test_chart_text_fits_reads_and_never_overlaps(report: Report, chart_id: str, width_mm: float) -> None:
    found = problems(report, chart_id, width_mm)
    assert not found, f"{chart_id} at {width_mm} mm:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("paper", PAPERS)
def test_charts_at_the_widths_the_layout_places_them(pdfs: dict[str, Path], report: Report, paper: str) -> None:
    placed = placed_widths(pdfs[paper])
    assert set(placed) == set(IDS)
    for chart_id, width in placed.items():
        assert width / MM >= MIN_WIDTH_MM[chart_id] - 1e-6, f"{paper}: {chart_id} placed at {width / MM:.1f} mm"
        found = problems(report, chart_id, width / MM)
        assert not found, f"{paper}: {chart_id} at {width / MM:.1f} mm:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("width_mm", [75.0, 110.9, 120.0, 175.0])
def test_every_childcare_value_is_printed_at_every_width(report: Report, width_mm: float) -> None:
    """Whether over the bars or in the table under them, no value is dropped to make room."""
    spec = chart_specs(report)["childcare"]
    drawn = [t.text for t in render(report, "childcare", width_mm)[0].texts]
    for labels in (*spec.bar_labels, spec.line_labels):  # type: ignore[attr-defined]
        for label in labels:
            assert label in drawn, f"{label} not printed at {width_mm} mm"


@pytest.mark.parametrize("width_mm", [66.7, 120.0])
def test_svg_sizes_are_the_print_sizes(report: Report, width_mm: float) -> None:
    """The SVG is as wide as the width asked (so the layout's scale is 1) and its type is in the theme's
    sizes, never below the floors."""
    svgs = build_charts(report, chart_colours(), width_mm=width_mm, height_mm=width_mm * ASPECT)
    for chart_id, svg in svgs.items():
        head = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg)
        assert head and abs(float(head[1]) - width_mm * MM) < 1e-4, chart_id
        assert float(head[2]) >= width_mm * ASPECT * MM - 1e-4, chart_id
        sizes = {float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)}
        assert sizes <= {TEXT_PT, TITLE_PT} and min(sizes) >= MIN_TEXT_PT, (chart_id, sizes)
        bold = re.findall(r'<text style="font-weight: 700; font-size: ([\d.]+)px', svg)
        assert bold and all(float(s) >= TEXT_PT for s in bold), chart_id


def test_status_labels_on_colour_have_the_contrast() -> None:
    """The palette's status colours as the charts get them: each segment label's ink is the one of text
    and paper that reaches 4.5:1 on it (white on CUD blue, black on orange and red)."""
    from charts.draw.theme import ink_on

    theme = make_theme(chart_colours(), 80, 55)
    for role in ("achieved", "in_progress", "not_achieved"):
        ink = ink_on(theme, role)
        assert ink is not None, role
        assert contrast(theme[ink], theme[role]) >= MIN_CONTRAST
    assert ink_on(theme, "achieved") == "paper" and ink_on(theme, "not_achieved") == "text"
    assert round(contrast("#ffffff", "#005aff"), 2) == 5.38 and PALETTE["achieved"].rgb == (0, 90, 255)


@pytest.mark.parametrize(("text", "size", "width", "bold", "lines"), [
    ("市債残高（一般会計と特別会計の合計）", TITLE_PT, 140.0, True, ["市債残高", "（一般会計と特別会計の合計）"]),
    ("保育所等の定員・受入・待機児童数（各年4月1日現在）", TITLE_PT, 200.0, True,
     ["保育所等の定員・受入・待機児童数", "（各年4月1日現在）"]),
    ("産業振興・起業支援・就労支援", TEXT_PT, 90.0, False, ["産業振興・", "起業支援・就労支援"]),
    ("平成29年4月1日", TEXT_PT, 40.0, False, ["平成29年", "4月1日"]),
    ("出典: 成果報告書 公約2", TEXT_PT, 60.0, False, ["出典:", "成果報告書", "公約2"]),
    ("176,242人", TEXT_PT, 10.0, False, ["176,242人"]),  # a number is never broken, even when too wide
    ("環境", TEXT_PT, 90.0, False, ["環境"]),
])
def test_labels_break_at_legal_points_and_balance(text: str, size: float, width: float, bold: bool,
                                                  lines: list[str]) -> None:
    from charts.draw.theme import NO_END, NO_START, text_width, wrap

    got = wrap(text, size, width, bold).split("\n")
    assert got == lines
    assert "".join(got).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    for line in got[1:]:
        assert line[0] not in NO_START
    for line in got[:-1]:
        assert line[-1] not in NO_END and text_width(line, size, bold) <= width


@pytest.mark.parametrize("width_mm", [50.0, 77.6, 120.0, 175.0])
def test_every_printed_line_is_listed_for_the_glyph_check(report: Report, width_mm: float) -> None:
    """Breaking labels to the width never prints a character `chart_texts` (the glyph preflight) lacks:
    every line drawn is part of a listed label."""
    from charts.spec import chart_texts

    listed: dict[str, list[str]] = {}
    for chart_id, text in chart_texts(report):
        listed.setdefault(chart_id, []).append(text)
    for chart_id in IDS:
        if width_mm < MIN_WIDTH_MM[chart_id]:
            continue
        for t in render(report, chart_id, width_mm)[0].texts:
            assert any(t.text in label for label in listed[chart_id]), (chart_id, width_mm, t.text)
