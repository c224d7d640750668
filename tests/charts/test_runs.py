"""Chart labels set as positioned runs (issue 11, items 4 to 6): a quarter em (四分アキ) where kana or kanji meet
Western characters and digit-group marks set in a quarter em, made by position only; and the label's source
text kept findable.

Read at every stage: the runs of each label (charts.spec.runs), the SVG (each run's x from the font's
advances), the Drawing, and the built PDFs, where the gaps are measured from glyph positions (tests/pdfread.py
and tests/charts/pdfruns.py, two readers), the /ActualText of each label's span is compared with the label,
and every span is checked to sit inside one text object and one q/Q level. The print file (PDF/X-1a, PDF 1.4)
has no /ActualText, only bare spans.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import matplotlib
import pikepdf
import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Text

from charts.draw import build_charts
from charts.draw.export import to_svg
from charts.draw.runs import advance, offsets
from charts.draw.theme import TEXT_PT, Sheet, chart_fonts, make_theme, measure, rc_params, text_width
from charts.spec import chart_texts
from charts.spec.runs import (GROUP_MARK_EM, JAPANESE, QUARTER_EM, WESTERN, Run, char_class, group_mark,
                              label_runs, source)
from content.model import Report
from layout.figures import chart_colours, label_nodes, svg_drawing
from layout.geometry import MM
from tests.charts.pdfruns import chart_forms, chart_shows, mark_problems
from tests.charts.pdfruns import runs as joined_runs
from tests.charts.util import SIZE, svg_label_runs, svg_texts
from tests.pdfread import ParsedPdf, chart_zones

IDS = ["debt", "funds", "population", "childcare", "status"]
TOLERANCE_EM = 0.01
Built = Callable[[str, str], Path]         # the session's build_pdf(paper, profile)
Parsed = Callable[[str, str], ParsedPdf]   # the session's parsed_pdf(paper, profile)


@pytest.fixture(scope="module")
def svgs(report: Report) -> dict[str, str]:
    return build_charts(report, chart_colours(), **SIZE)


def listed(report: Report) -> list[str]:
    return [text for _, text in chart_texts(report)]


# --- the runs -------------------------------------------------------------------------------------------------

Q = QUARTER_EM
M = (",", 0, GROUP_MARK_EM)  # a digit-group comma, set in a quarter em
P = (".", 0, GROUP_MARK_EM)  # a decimal point, the same


@pytest.mark.parametrize(("label", "runs"), [
    ("平成29年度末", [("平成", 0), ("29", Q), ("年度末", Q)]),
    ("令和元年4月1日", [("令和元年", 0), ("4", Q), ("月", Q), ("1", Q), ("日", Q)]),
    ("799.5億円", [("799", 0), P, ("5", 0), ("億円", Q)]),
    ("−107.7億円", [("−107", 0), P, ("7", 0), ("億円", Q)]),   # the sign goes with its number
    ("+811人", [("+811", 0), ("人", Q)]),
    ("176,242人", [("176", 0), M, ("242", 0), ("人", Q)]),       # the comma is Western, part of the number
    ("50%増", [("50%", 0), ("増", Q)]),                  # and so is the per cent sign
    ("（全170項目）", [("（全", 0), ("170", Q), ("項目）", Q)]),
    ("出典: 成果報告書 公約2", [("出典: 成果報告書 公約", 0), ("2", Q)]),  # the source's spaces stay
    ("○ 達成", [("○ 達成", 0)]),
    ("○25", [("○25", 0)]),                               # a status mark and its count are one unit
    ("×1", [("×1", 0)]),
    ("2,371", [("2", 0), M, ("371", 0)]),
    ("150,000", [("150", 0), M, ("000", 0)]),
    ("a,b 1.", [("a,b 1.", 0)]),                                # marks only between digits
    ("待機児童数（右軸）", [("待機児童数（右軸）", 0)]),
    ("", []),
])
def test_a_label_is_split_where_a_quarter_em_goes(label: str, runs: list[tuple[str, float] | tuple]) -> None:
    assert label_runs(label) == tuple(Run(*run) for run in runs)


def test_commas_and_periods_are_western_only_inside_a_number() -> None:
    assert [char_class("2,371", i) for i in range(5)] == [WESTERN] * 5
    assert char_class("出典, 2", 2) != WESTERN and char_class("2.", 1) != WESTERN
    assert char_class("平", 0) == JAPANESE and char_class("ー", 0) == JAPANESE and char_class("○", 0) == ""


def test_every_chart_label_is_exactly_its_runs(report: Report) -> None:
    """Nothing is inserted or dropped: the runs of every label the charts print are its characters, a quarter
    em stands exactly where a Japanese and a Western character meet, and every digit-group mark is a run of
    its own set in a quarter em."""
    boundaries = marks = 0
    for label in listed(report):
        runs = label_runs(label)
        assert source(runs) == label and all(run.text for run in runs), label
        starts = [len(source(runs[:k])) for k in range(1, len(runs))]
        for i in range(1, len(label)):
            meet = {char_class(label, i - 1), char_class(label, i)} == {WESTERN, JAPANESE}
            around_mark = group_mark(label, i) or group_mark(label, i - 1)
            assert (i in starts) == (meet or around_mark), (label, i)
            boundaries += meet
        for k, run in enumerate(runs):
            assert (run.width is not None) == (run.text in ",." and group_mark(label, len(source(runs[:k])))), label
            marks += run.width is not None
    assert boundaries >= 40 and marks >= 20


# --- the drawing: measured and positioned with the font's advances ----------------------------------------------

@pytest.mark.parametrize(("label", "em"), [
    ("平成29年度末", 2 * QUARTER_EM),                  # two quarter ems
    ("2,371", -(0.5 - GROUP_MARK_EM)),                 # the comma set in a quarter em, not the font's half em
    ("176,242人", QUARTER_EM - (0.5 - GROUP_MARK_EM)),
    ("待機児童数", 0.0),
])
def test_a_label_is_measured_as_it_is_set(label: str, em: float) -> None:
    """The charts' renderer measures a label with what its runs add or take (quarter ems, narrower marks),
    so every layout decision sees the label as it is drawn."""
    fig = Figure(figsize=(1, 1), dpi=72)
    text = Text(0, 0, label, fontproperties=chart_fonts().prop(TEXT_PT))
    text.set_figure(fig)
    plain = text.get_window_extent(RendererSVG(72, 72, io.StringIO(), None, 72)).width
    assert abs(text_width(label) - plain - em * TEXT_PT) < 1e-6
    assert abs(text_width(label) - measure(label)[0]) < 1e-9


@pytest.mark.parametrize("chart_id", IDS)
def test_every_run_starts_at_the_advances_before_it(svgs: dict[str, str], report: Report, chart_id: str) -> None:
    """In the SVG, each run of a label starts where the runs before it end (their advances in the vendored
    font's hmtx) plus a quarter em; the runs are the label's characters, nothing inserted."""
    fonts = chart_fonts()
    labels = svg_label_runs(svgs[chart_id])
    assert labels, f"{chart_id} sets no label as runs"
    for label, runs in labels:
        expected = label_runs(label)
        assert [text for _, text in runs] == [run.text for run in expected], label
        assert any(label in text for text in listed(report)), f"{chart_id}: {label!r} is not a listed label"
        style = _style_of(svgs[chart_id], label)
        bold = "font-weight: 700" in style
        size = float(re.search(r"font-size: ([\d.]+)px", style)[1])  # type: ignore[index]
        starts, _ = offsets(expected, str(fonts.bold if bold else fonts.regular))
        for (x, _), start in zip(runs, starts):
            assert abs((x - runs[0][0]) - start * size) < 1e-4, (label, x, start)


def _style_of(svg: str, label: str) -> str:
    """The style of the first run of a label group (every run of a label shares it)."""
    group = re.search(r'<g id="label-runs-\d+" aria-label="' + re.escape(label) + r'">\s*<text style="([^"]*)"', svg)
    assert group, label
    return group[1]


def test_the_heisei_gap_in_the_svg_and_the_drawing(svgs: dict[str, str]) -> None:
    """平成 | 29: 29 starts two ems and a quarter after 平成 (two full-width advances and the 四分アキ)."""
    runs = dict(svg_label_runs(svgs["debt"]))["平成29年度末"]
    assert abs(runs[1][0] - runs[0][0] - 2.25 * TEXT_PT) < 1e-4
    assert abs(runs[2][0] - runs[1][0] - (1.0 + 0.25) * TEXT_PT) < 1e-4
    drawing = svg_drawing(svgs["debt"], "debt", width=SIZE["width_mm"] * MM)
    node = next(n for n in label_nodes(drawing) if n.text == "平成29年度末")
    assert [t for _, _, t in node.runs] == ["平成", "29", "年度末"]
    assert abs(node.runs[1][0] - node.runs[0][0] - 2.25 * TEXT_PT) < 1e-4 and len({y for _, y, _ in node.runs}) == 1


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_a_label_is_aligned_as_a_whole(align: str) -> None:
    """A single-line label anchored left, centred or right: its runs, quarter ems included, start at, are
    centred on or end at the anchor (by their advance width, as an SVG viewer aligns an anchored text)."""
    theme = make_theme(chart_colours(), 80, 40)
    with matplotlib.rc_context(rc_params(theme)):
        sheet = Sheet(theme, 0)
        sheet.text(100.0, 20.0, "平成29年度末", ha=align)
        svg = to_svg(sheet.fig, "test")
    (label, runs), = svg_label_runs(svg)
    starts, width = offsets(label_runs(label), str(chart_fonts().regular))
    left = runs[0][0]
    share = {"left": 0.0, "center": 0.5, "right": 1.0}[align]
    assert abs(left + share * width * TEXT_PT - 100.0) < 1e-4, (align, left, width)
    assert width == pytest.approx(advance("平成29年度末", str(chart_fonts().regular)) + 2 * QUARTER_EM)


def test_a_broken_label_is_set_line_by_line(report: Report) -> None:
    """The childcare dates break after 年 (at the width of a pledge's figure): each line is its own label,
    centred under its bars, and the lines are the label's characters."""
    svgs = build_charts(report, chart_colours(), width_mm=110.9, height_mm=110.9 * 0.68, only=["childcare"])
    labels = svg_label_runs(svgs["childcare"])
    lines = [label for label, _ in labels]
    assert "平成29年" in lines and "4月1日" in lines
    assert not any("\n" in label for label in lines)
    regular = str(chart_fonts().regular)
    centres = {}
    for (label, runs), (below, under) in zip(labels, labels[1:]):
        if label.endswith("年") and below == "4月1日":  # a date's two lines share their centre
            centres[label] = [x[0][0] + offsets(label_runs(text), regular)[1] * TEXT_PT / 2
                              for text, x in ((label, runs), (below, under))]
    assert len(centres) >= 3 and all(abs(a - b) < 0.5 for a, b in centres.values()), centres


@pytest.mark.parametrize("chart_id", IDS)
def test_nothing_is_inserted_in_the_svg(svgs: dict[str, str], report: Report, chart_id: str) -> None:
    """Every <text> the SVG writes is part of a listed label and starts and ends with one of its characters:
    spacing is positioning only, so no run is padded with a space."""
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svgs[chart_id])
    assert texts
    for text in texts:
        assert text == text.strip() and any(text in label for label in listed(report)), (chart_id, text)
    assert all(any(line in label for label in listed(report)) for line in svg_texts(svgs[chart_id]))


# --- the PDF: gaps from glyph positions, the spans and their source text -------------------------------------------

def chart_chars(parsed: ParsedPdf) -> list[list[object]]:
    """The characters painted inside the chart zones, per line (a shared baseline), left to right."""
    lines = []
    zones = chart_zones(parsed)
    for page in parsed.pages:
        rows: dict[tuple[int, float], list[object]] = {}
        for ch in page.chars:
            for k, (x0, top, x1, bottom) in enumerate(zones.get(page.number, [])):
                if x0 - 1 <= ch.x0 and ch.x1 <= x1 + 1 and top - 1 <= ch.top and ch.bottom <= bottom + 1:
                    rows.setdefault((k, round(ch.bottom, 2)), []).append(ch)
        lines += [sorted(row, key=lambda c: c.x0) for _, row in sorted(rows.items())]  # type: ignore[attr-defined]
    return lines


@pytest.mark.parametrize("paper", ["a4", "b5", "a5"])
def test_the_quarter_em_between_heisei_and_29_in_the_pdf(parsed_pdf: Parsed, paper: str) -> None:
    """Read from glyph positions (pdfminer's convention): 成's right edge to 2's left edge is 0.25 em."""
    gaps = []
    for line in chart_chars(parsed_pdf(paper, "screen")):
        text = "".join(c.text for c in line)  # type: ignore[attr-defined]
        for m in re.finditer("平成29", text):
            a, b = line[m.start() + 1], line[m.start() + 2]
            gaps.append((b.x0 - a.x1) / a.size)  # type: ignore[attr-defined]
    assert len(gaps) >= 3, f"{paper}: 平成29 found {len(gaps)} times in the charts"
    assert all(abs(g - QUARTER_EM) <= TOLERANCE_EM for g in gaps), f"{paper}: gaps {gaps} em"


@pytest.mark.parametrize("paper", ["a4", "b5", "a5"])
def test_digit_group_marks_advance_a_quarter_em_in_the_pdf(parsed_pdf: Parsed, paper: str) -> None:
    """Read from glyph positions: from a digit-group comma or decimal point to the digit after it is a
    quarter em (the issue's bound: at most 0.3 em), so 2,371 reads as one number."""
    advances = []
    for line in chart_chars(parsed_pdf(paper, "screen")):
        text = "".join(c.text for c in line)  # type: ignore[attr-defined]
        for i in range(1, len(text) - 1):
            if group_mark(text, i):
                advances.append((line[i + 1].x0 - line[i].x0) / line[i].size)  # type: ignore[attr-defined]
    assert len(advances) >= 20, f"{paper}: {len(advances)} digit-group marks in the charts"
    assert all(abs(a - GROUP_MARK_EM) <= TOLERANCE_EM for a in advances), sorted(set(round(a, 4) for a in advances))


@pytest.mark.parametrize("profile", ["screen", "print", "archive"])
def test_every_quarter_em_in_the_charts_from_glyph_positions(build_pdf: Built, profile: str) -> None:
    """Between two runs of one label (one text object) the gap is exactly a quarter em, each run's advance
    read from the font's widths; a digit-group mark follows its digits solid and the next run starts a
    quarter em after the mark's origin. There is no other gap, no letter-spacing, and no space character."""
    shows = joined_runs(chart_shows(build_pdf("a4", profile)))
    by_object: dict[tuple[int, str, int], list] = {}  # type: ignore[type-arg]
    for s in shows:
        by_object.setdefault((s.page, s.chart, s.text_object), []).append(s)
    measured, marks = [], []
    for group in by_object.values():
        for a, b in zip(group, group[1:]):
            assert abs(a.y - b.y) < 1e-6, (a.text, b.text)
            if a.text in ",.":
                marks.append((b.x - a.x) / a.size)
            elif b.text in ",.":
                assert abs(b.x - (a.x + a.advance)) < 1e-6, (a.text, b.text)
            else:
                measured.append((b.x - (a.x + a.advance)) / a.size)
    assert len(measured) >= 40 and len(marks) >= 20
    assert all(abs(g - QUARTER_EM) <= TOLERANCE_EM for g in measured), sorted(set(round(g, 4) for g in measured))
    assert all(abs(m - GROUP_MARK_EM) <= TOLERANCE_EM for m in marks), sorted(set(round(m, 4) for m in marks))
    inserted = [s.text for s in shows if s.text != s.text.strip()]
    assert not inserted, f"{profile}: runs padded with a space: {inserted}"


def test_a_label_is_one_span_whose_actual_text_is_its_source(build_pdf: Built, report: Report) -> None:
    """Screen: every label drawn as several runs is one span, inside one text object, whose /ActualText is the
    label (its runs' characters, in order); a label of one run has no span. Every span is a listed label."""
    shows = joined_runs(chart_shows(build_pdf("a4", "screen")))
    labels: dict[tuple[int, str, int], list] = {}  # type: ignore[type-arg]
    for s in shows:
        labels.setdefault((s.page, s.chart, s.text_object), []).append(s)
    spans = []
    for group in labels.values():
        drawn = "".join(s.text for s in group)
        assert {s.span for s in group} == ({drawn} if len(group) > 1 else {None}), (drawn, {s.span for s in group})
        if len(group) > 1:
            spans.append(drawn)
            assert any(drawn in label for label in listed(report)), drawn
            assert len(label_runs(drawn)) == len(group), drawn
    for label in ("平成29年度末", "令和2年度末", "799.5億円", "−107.7億円", "+1.7億円", "176,242人", "+811人",
                  "出典: 成果報告書 公約2", "分野別の自己評価（全170項目）"):
        assert label in spans, f"{label} is not a span"
    assert {c for _, c, _ in labels} == set(IDS)


@pytest.mark.parametrize("profile", ["screen", "print", "archive"])
def test_every_span_is_balanced_inside_a_text_object(build_pdf: Built, profile: str) -> None:
    forms = chart_forms(build_pdf("a4", profile))
    assert {re.search(r"chart-(\w+)", name)[1] for name, _, _ in forms} == set(IDS)  # type: ignore[index]
    for name, _, operators in forms:
        assert not mark_problems(name, operators)
        assert operators.count("BDC") + operators.count("BMC") == operators.count("EMC")


def test_the_print_file_has_no_actual_text(build_pdf: Built) -> None:
    """PDF/X-1a is PDF 1.4: its chart labels keep their spans, bare (/Span BMC), and nothing has /ActualText."""
    path = build_pdf("a4", "print")
    forms = chart_forms(path)
    assert sum(operators.count("BMC") for _, _, operators in forms) >= 20
    assert all("BDC" not in operators for _, _, operators in forms)
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert b"/ActualText" not in obj.read_bytes()
            if isinstance(obj, pikepdf.Dictionary):
                assert "/ActualText" not in obj


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdftotext_reads_the_labels_as_written(build_pdf: Built, report: Report) -> None:
    """poppler reads each span's /ActualText: 「平成29年度末」, not 「平成 29 年度末」."""
    path = build_pdf("a4", "screen")
    shows = chart_shows(path)
    pages = sorted({s.page for s in shows})
    text = "".join(subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout for p in pages)
    for label in ("平成29年度末", "令和2年度末", "799.5億円", "−107.7億円", "176,242人", "+811人",
                  "（全170項目）", "出典: 成果報告書 公約2", "平成29年", "4月1日"):
        assert label in text, label
    assert "平成 29" not in text and "4 月" not in text


def test_pymupdf_reads_every_glyph_once(build_pdf: Built, parsed_pdf: Parsed) -> None:
    """MuPDF replaces glyphs by /ActualText only where the two differ; a span's /ActualText is exactly its
    glyphs, so on the chart pages MuPDF reads every label and every glyph once (copy-paste doubles nothing).
    (MuPDF still reads a space into a gap after a digit, 「平成29 年度末」, as it does in the body text.)"""
    pymupdf = pytest.importorskip("pymupdf")
    path = build_pdf("a4", "screen")
    shows = chart_shows(path)
    with pymupdf.open(str(path)) as doc:
        for page in sorted({s.page for s in shows}):
            read = re.sub(r"\s", "", doc[page - 1].get_text())
            for label in {s.span for s in shows if s.page == page and s.span}:
                assert re.sub(r"\s", "", label) in read, label
            glyphs = sum(1 for c in parsed_pdf("a4", "screen").pages[page - 1].chars if c.text.strip())
            assert len(read) == glyphs, f"page {page}: MuPDF reads {len(read)} characters of {glyphs} glyphs"
