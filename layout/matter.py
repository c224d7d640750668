"""Layout stage: the booklet's front and back matter: cover, highlights, contents, status index, colophon.

In: a validated `Report` (this module and `layout.story` are the layout's readers of the content model), a
`Setter` for composing, and `page_of(key)` for page numbers. Out: rows and flowables for each part, and the
cover drawing. Every number on these pages is computed from the data, never typed: the counts and rounded
percentages per status, the changes in the figures (with the source's stated phrase beside them), the errata
count, and the build id (sha256 over the content and font files).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

from charts.draw import build_charts
from content.checks import figure_change, percent, stated_phrase
from content.model import Report, Status
from content.seed import load_errata
from fonts.manifest import load_fonts, read_manifest
from layout.figures import chart_colours, svg_drawing
from layout.flowables import BASELINE, Row, draw_rows, glyph_runs
from layout.geometry import BLEED, MM, PageGeometry
from layout.indexes import Entry, IndexStyle, index_rows
from layout.styles import STYLES, Style

if TYPE_CHECKING:  # the Setter lives in layout.story, which imports this module
    from layout.story import Setter

STATUS_ORDER = (Status.ACHIEVED, Status.IN_PROGRESS, Status.NOT_ACHIEVED)
MIN_CHART_MM = 60.0   # narrower than this, charts stack in one column
CHART_ASPECT = 0.68   # height / width
GUTTER_EM = 2.0


def japanese_date(iso: str) -> str:
    """2026-11-27 → 2026年11月27日 (the edition's own date, never the clock)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def build_id(report: Report) -> str:
    """The first 12 hex digits of a sha256 over every content file and font file, in a fixed order."""
    files = sorted({*report.edition_files, *(f.path for f in load_fonts().values())},
                   key=lambda p: (p.name, str(p)))
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def errata_counts(report: Report) -> tuple[int, int]:
    """(entries in errata.yaml, of which corrections) — entries with keep: true record a checked, kept text."""
    path = report.root / "errata.yaml"
    if not path.exists():
        return 0, 0
    errata = load_errata(path)
    return len(errata), sum(1 for e in errata if not e.keep)


class BottomAligned(Flowable):
    """Takes the rest of the frame and draws its rows at the bottom (the colophon's place)."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.content_height = sum(r.height for r in rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, max(availHeight, self.content_height)
        return self.width, self.height

    def draw(self) -> None:
        draw_rows(self.canv, self.rows, self.content_height)


def rule_row(setter: Setter, height: float, *, break_after: bool) -> Row:
    """A hairline across the measure, centred in a row of `height`."""

    def draw(canv: Canvas, y: float) -> None:
        setter.stroke(canv, "rule")
        canv.setLineWidth(0.5)
        canv.line(0, y + height / 2, setter.g.measure, y + height / 2)

    return Row(height, draw, break_after)


def text_row(setter: Setter, text: str, style_name: str, *, x: float = 0.0,
             font_role: str | None = None, size_factor: float | None = None,
             colour: str = "text", height: float | None = None) -> Row:
    """One line of short text drawn as is (labels and values), in a style's font and size."""
    style = STYLES[style_name]
    size = (size_factor or style.size) * setter.g.body_size
    font = setter.fonts[font_role or style.role]
    h = height or size * style.leading

    def draw(canv: Canvas, y: float) -> None:
        setter.fill(canv, colour)
        canv.setFont(font, size)
        canv.drawString(x, y + (h - size) / 2 + BASELINE * size, text)

    return Row(h, draw, False)


def status_counts_row(setter: Setter, counts: dict[Status, int], total: int, *,
                      big: bool = False) -> Row:
    """○ 達成 130（76%）  △ 取組中 37（22%）  × 未達成 3（2%）: icons drawn, no 【】 label tokens."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    g = setter.g
    font = setter.fonts["gothic_bold"]
    texts = [f"{s.label} {counts.get(s, 0)}（{percent(counts.get(s, 0), total)}%）" for s in STATUS_ORDER]
    size = g.body_size * (1.5 if big else 1.0)
    natural = sum(1.3 * size + stringWidth(t, font, size) + 1.6 * size for t in texts) - 1.6 * size
    size *= min(1.0, g.measure / natural)  # a narrow page sets the row smaller rather than past the frame
    height = g.body_size * (2.2 if big else 1.9) * (1.5 if big else 1.0)

    def draw(canv: Canvas, y: float) -> None:
        baseline = y + (height - size) / 2 + BASELINE * size
        x = 0.0
        for status, text in zip(STATUS_ORDER, texts):
            setter.icon(canv, status, x + size * 0.5, baseline + size * 0.35, size * 0.5)
            setter.fill(canv, "text")
            canv.setFont(font, size)
            canv.drawString(x + size * 1.3, baseline, text)
            x += size * 1.3 + canv.stringWidth(text, font, size) + size * 1.6

    return Row(height, draw, False)


def highlights_rows(setter: Setter, report: Report) -> list[Row]:
    """The highlights page: counts, the figures' changes, the icon legend and the preface."""
    pledges = report.pledges
    counts = {s: sum(1 for p in pledges if p.status is s) for s in Status}
    rows = setter.rows("成果のあらまし", "section", "highlights", keep_all=True)
    rows[0].bookmarks.append(("highlights", "成果のあらまし", 0))
    rows += setter.rows(f"掲げた{len(pledges)}項目の自己評価", "title", "highlights", keep_all=True)
    rows.append(status_counts_row(setter, counts, len(pledges), big=True))
    rows += setter.space(0.8)
    stated = {c.figure: stated_phrase(c) for c in report.claims if c.figure}
    for figure in report.figures:
        if figure.id not in stated:
            continue
        first, last, change = figure_change(figure)
        points = figure.series[0].points
        sign = "＋" if change > 0 else "−" if change < 0 else "±"
        line = (f"{figure.label}　{points[0].as_of}{_number(first)}{figure.unit}→{points[-1].as_of}"
                f"{_number(last)}{figure.unit}（{sign}{_number(abs(change))}{figure.unit}、"
                f"報告書の記載：{stated[figure.id]}）")
        rows += setter.rows(line, "body", f"figure {figure.id}", indent=0.0)
    rows += setter.space(0.8)
    rows.append(legend_row(setter))
    rows += setter.space(0.8)
    for paragraph in report.preface:
        rows += setter.rows(paragraph, "body", "preface", indent=0.0)
    return rows


def _number(value: Decimal) -> str:
    """A Decimal as the source writes numbers: thousands separators on whole numbers of 5+ digits."""
    text = format(value, "f")
    whole, _, frac = text.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}"
    return whole + ("." + frac if frac else "")


def legend_row(setter: Setter) -> Row:
    """The icon legend: each icon with what it means."""
    g = setter.g
    size = g.body_size * 0.9
    height = size * 2.0
    font = setter.fonts["gothic"]
    meaning = {Status.ACHIEVED: "達成", Status.IN_PROGRESS: "取り組み途中", Status.NOT_ACHIEVED: "未達成"}

    def draw(canv: Canvas, y: float) -> None:
        baseline = y + (height - size) / 2 + BASELINE * size
        setter.fill(canv, "text")
        canv.setFont(font, size)
        canv.drawString(0, baseline, "凡例")
        x = size * 3.5
        for status in STATUS_ORDER:
            setter.icon(canv, status, x + size * 0.5, baseline + size * 0.35, size * 0.5)
            setter.fill(canv, "text")
            canv.setFont(font, size)
            canv.drawString(x + size * 1.3, baseline, meaning[status])
            x += size * 1.3 + canv.stringWidth(meaning[status], font, size) + size * 2

    return Row(height, draw, False)


def index_style(setter: Setter) -> IndexStyle:
    size = setter.g.body_size * 0.9
    return IndexStyle(setter.fonts["gothic"], setter.metrics("gothic", size), size * 1.75,
                      lambda canv: setter.fill(canv, "text"),
                      lambda canv, s, x, y, r: setter.icon(canv, s, x, y, r))


def contents_rows(setter: Setter, report: Report, page_of: Callable[[str], int]) -> list[Row]:
    rows = setter.rows("目次", "section", "contents", keep_all=True)
    rows[0].bookmarks.append(("contents", "目次", 0))
    entries = [Entry("", "成果のあらまし", "highlights")]
    entries += [Entry(str(i), s.title, f"section-{i}") for i, s in enumerate(report.sections, 1)]
    entries += [Entry("", "取組中・未達成の項目一覧", "status-index"), Entry("", "奥付", "colophon")]
    style = index_style(setter)
    return rows + index_rows(entries, style, setter.g.measure, page_of)


def status_index_rows(setter: Setter, report: Report, page_of: Callable[[str], int]) -> list[Row]:
    rows = setter.rows("取組中・未達成の項目一覧", "section", "status index", keep_all=True)
    rows[0].bookmarks.append(("status-index", "取組中・未達成の項目一覧", 0))
    style = index_style(setter)
    for status in (Status.IN_PROGRESS, Status.NOT_ACHIEVED):
        pledges = [p for p in report.pledges if p.status is status]
        rows += setter.space(0.6)
        rows.append(text_row(setter, f"{status.mark} {status.label}（{len(pledges)}項目）", "title"))
        entries = [Entry(str(p.no), p.short_title or p.title, f"pledge-{p.no}", p.status) for p in pledges]
        rows += index_rows(entries, style, setter.g.measure, page_of)
    return rows


def colophon_rows(setter: Setter, report: Report) -> list[Row]:
    """奥付: title, edition, date, the issuer as the source states it, fonts and licence, errata, build id."""
    ed, src = report.edition, report.source
    fonts_manifest, licence = read_manifest()
    families = "・".join(dict.fromkeys(f.family for f in fonts_manifest.values()))
    total, corrected = errata_counts(report)
    lines = [
        ("書名", f"{ed.title}{ed.subtitle}"),
        ("版", f"第{ed.number}版（{ed.id}）"),
        ("発行日", japanese_date(ed.release_date)),
        ("報告者", src.issuer),
        ("原典", src.title),
    ]
    if ed.period:
        lines.append(("対象期間", ed.period))
    lines += [
        ("書体", f"{families}（{licence.name}）"),
        ("正誤", f"原典の誤り{corrected}件を訂正（正誤表{total}件）"),
        ("ビルドID", build_id(report)),
    ]
    size = setter.g.body_size * 0.85
    rule_gap = size
    rows: list[Row] = []
    title_row = text_row(setter, f"{ed.title}{ed.subtitle}", "title")
    title_row.bookmarks.append(("colophon", "奥付", 0))
    rows.append(title_row)

    rows.append(rule_row(setter, rule_gap, break_after=False))
    for label, value in lines:
        rows.append(text_row(setter, label, "body", font_role="gothic", size_factor=0.85))
        last = rows[-1]
        value_row = text_row(setter, value, "body", x=size * 6, size_factor=0.85)
        rows[-1] = Row(last.height, _both(last, value_row), False)
    rows.append(rule_row(setter, rule_gap, break_after=False))
    return rows


def _both(a: Row, b: Row) -> Callable[[Canvas, float], None]:
    def draw(canv: Canvas, y: float) -> None:
        assert a.draw is not None and b.draw is not None
        a.draw(canv, y)
        b.draw(canv, y)
    return draw


def draw_cover(canv: Canvas, setter: Setter, report: Report) -> None:
    """表1: a full-bleed colour band (run BLEED past the trim), the title, the issuer as stated, the period
    and the edition."""
    g: PageGeometry = setter.g
    bleed = BLEED
    ed = report.edition
    band_bottom = g.height * 0.56
    setter.fill(canv, "achieved")
    canv.rect(-bleed, band_bottom, g.width + 2 * bleed, g.height - band_bottom + bleed, stroke=0, fill=1)
    setter.fill(canv, "tint")
    canv.rect(-bleed, band_bottom - g.body_size * 1.2, g.width + 2 * bleed, g.body_size * 1.2, stroke=0, fill=1)
    left = g.frame_left(1)
    setter.fill(canv, "text")
    fonts = setter.fonts
    size = g.body_size * 2.6
    y = band_bottom - g.body_size * 6
    y = _draw_composed(canv, setter, ed.title, "gothic_bold", size, left, y)
    if ed.subtitle:
        y = _draw_composed(canv, setter, ed.subtitle, "gothic_bold", g.body_size * 2.0, left, y - size * 0.4)
    y -= g.body_size * 3
    for text, role, factor in ((report.source.issuer, "gothic_bold", 1.4), (ed.period, "gothic", 1.0),
                               (f"第{ed.number}版　{japanese_date(ed.release_date)}", "gothic", 1.0)):
        if text:
            y = _draw_composed(canv, setter, text, role, g.body_size * factor, left, y) - g.body_size * factor * 0.6


def _draw_composed(canv: Canvas, setter: Setter, text: str, role: str, size: float, x: float,
                   y: float) -> float:
    """Set a cover text with the composer, every line of it (a long title wraps, it is never cut);
    returns the baseline below the last line."""
    t = canv.beginText()
    t.setFont(setter.fonts[role], size)
    for line in setter.compose(text, Style(role, size=size / setter.g.body_size, indent=0.0), "cover").lines:
        for origin, run in glyph_runs(line):
            t.setTextOrigin(x + origin, y)
            t.textOut(run)
        y -= size * 1.4
    canv.drawText(t)
    return y


_DRAWINGS: dict[tuple[str, str, float], Drawing] = {}


def charts(setter: Setter, report: Report, width: float, ids: list[str]) -> dict[str, Drawing]:
    """The charts `ids` (those the report has data for) as vector Drawings `width` points wide, in the
    palette's RGB. A conversion is kept by its SVG's digest, so both layout passes share it."""
    width_mm = width / MM
    svgs = build_charts(report, chart_colours(), width_mm=width_mm, height_mm=width_mm * CHART_ASPECT, only=ids)
    out = {}
    for chart_id, svg in svgs.items():
        key = (chart_id, hashlib.sha256(svg.encode("utf-8")).hexdigest(), width)
        if key not in _DRAWINGS:
            _DRAWINGS[key] = svg_drawing(svg, chart_id, width=width)
        out[chart_id] = _DRAWINGS[key]
    return out


def chart_rows(setter: Setter, drawings: list[tuple[str, Drawing]], columns: int, width: float) -> list[Row]:
    """Charts in rows of `columns`. Each chart is a form XObject named chart-<id> (its labels stay text), so
    a reader of the PDF can tell the chart's area from composed text."""
    gutter = GUTTER_EM * setter.g.body_size
    rows: list[Row] = []
    for start in range(0, len(drawings), columns):
        group = drawings[start:start + columns]
        height = max(d.height for _, d in group)

        def draw(canv: Canvas, y: float, group: list[tuple[str, Drawing]] = group, height: float = height) -> None:
            for i, (chart_id, drawing) in enumerate(group):
                name = f"chart-{chart_id}"
                if not canv.hasForm(name):
                    canv.beginForm(name, 0, 0, drawing.width, drawing.height)
                    renderPDF.draw(drawing, canv, 0, 0)
                    canv.endForm()
                canv.saveState()
                canv.translate(i * (width + gutter), y + height - drawing.height)
                canv.doForm(name)
                canv.restoreState()

        rows += [Row(height, draw, True), Row(setter.g.body_size, None, True, space=True)]
    return rows


def highlight_charts(setter: Setter, report: Report) -> list[Row]:
    """The figures stated in the preface, and the status by section, two to a row where the page allows."""
    g = setter.g
    half = (g.measure - GUTTER_EM * g.body_size) / 2
    columns = 2 if half / MM >= MIN_CHART_MM else 1
    width = half if columns == 2 else g.measure
    wanted = [f.id for f in report.figures if f.source == "preface"] + ["status"]
    drawings = charts(setter, report, width, wanted)
    return chart_rows(setter, [(cid, drawings[cid]) for cid in wanted if cid in drawings], columns, width)


def pledge_charts(setter: Setter, report: Report, pledge_no: int) -> list[Row]:
    """The charts of figures stated in this pledge (the childcare series of pledge 2), after its results."""
    ids = [f.id for f in report.figures if f.source == pledge_no]
    if not ids:
        return []
    width = min(setter.g.measure, 120 * MM)
    drawings = charts(setter, report, width, ids)
    return chart_rows(setter, [(cid, drawings[cid]) for cid in ids if cid in drawings], 1, width)
