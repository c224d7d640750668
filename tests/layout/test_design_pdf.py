"""The booklet as a designed publication, read back from the PDF at A4, JIS B5 and A5: no holes in the
pagination, pages filled, type sizes, the cover, the status chips, the indexes, the page furniture and the
colophon, and pages that follow the data (the cover's headline, the colophon's fields)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from content.model import Report, Status
from layout.geometry import MM, page_geometry
from layout.palette import PALETTE, contrast, ink_on, section_role
from layout.parts.cover import FIELD

PAPERS = ("a4", "b5", "a5")


@lru_cache(maxsize=8)
def parsed(path: Path) -> tuple[list[list[dict]], list[str], int]:
    """Per page its characters (pdfplumber, with sizes through the text matrix and the CTM), per page
    its text, and the page count: parsed once per PDF in this module."""
    with pdfplumber.open(str(path)) as pdf:
        chars = [[dict(c) for c in page.chars] for page in pdf.pages]
        texts = [page.extract_text() or "" for page in pdf.pages]
        return chars, texts, len(pdf.pages)


def outline_pages(path: Path) -> dict[str, int]:
    """Outline title → 1-based page."""
    out: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                dest = item.destination
                if isinstance(dest, pikepdf.Array) and len(dest):
                    out.setdefault(str(item.title), pages.get(dest[0].objgen, 0))
                stack += list(item.children)
    return out


def frame_box(paper: str, page: int) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of the text frame, from the page's top-left, in points."""
    g = page_geometry(paper)
    x0 = g.frame_left(page)
    return x0, g.top_mm * MM, x0 + g.measure, g.height - g.bottom_mm * MM


def in_frame(c: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 - 2 <= c["x0"] and c["x1"] <= x1 + 2 and top - 2 <= c["top"] and c["bottom"] <= bottom + 2


def section_starts(path: Path, report: Report) -> list[int]:
    pages = outline_pages(path)
    return [pages[s.title] for s in report.sections]


@pytest.fixture(scope="module", params=PAPERS)
def paper(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def screen(paper: str, build_pdf) -> Path:  # type: ignore[no-untyped-def]
    return build_pdf(paper, "screen")


def memo_pages(path: Path, paper: str) -> list[int]:
    chars, _, total = parsed(path)
    out = []
    for n in range(1, total + 1):
        text = "".join(c["text"] for c in chars[n - 1] if in_frame(c, frame_box(paper, n))).strip()
        if text == "メモ":
            out.append(n)
    return out


def test_no_blank_pages_and_padding_together_at_the_end(screen: Path, paper: str) -> None:
    """Saddle-stitch padding is at most 3 「メモ」 pages, together at the end, right before 表4 (奥付)."""
    chars, _, total = parsed(screen)
    blank = [n for n in range(2, total + 1) if not any(in_frame(c, frame_box(paper, n)) for c in chars[n - 1])]
    assert blank == [], f"pages without text in the frame: {blank}"
    memos = memo_pages(screen, paper)
    back = outline_pages(screen)["奥付"]
    assert len(memos) <= 3 and total % 4 == 0 and back == total
    assert memos == list(range(back - len(memos), back)), (memos, back)


def fill(chars: list[dict], paper: str, page: int, charts: list[tuple[float, float]]) -> float:
    """The share of the frame's height used by body content: from the frame's top to the lowest glyph or
    chart inside it."""
    box = frame_box(paper, page)
    bottoms = [c["bottom"] for c in chars if in_frame(c, box)] + [b for _, b in charts]
    if not bottoms:
        return 0.0
    return (max(bottoms) - box[1]) / (box[3] - box[1])


def chart_boxes(path: Path) -> dict[int, list[tuple[float, float]]]:
    """Per page, (top, bottom) from the page's top of each chart form (named chart-<id>) where it is drawn."""
    out: dict[int, list[tuple[float, float]]] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            height = float(page.obj.MediaBox[3])
            xobjects = page.obj.Resources.get("/XObject") or {}
            ctm, stack = [1.0, 0, 0, 1.0, 0, 0], []
            for operands, op in pikepdf.parse_content_stream(page, "q Q cm Do"):
                name = str(op)
                if name == "q":
                    stack.append(ctm)
                elif name == "Q":
                    ctm = stack.pop()
                elif name == "cm":
                    a, b, c, d, e, f = (float(v) for v in operands)
                    ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2],
                           c * ctm[1] + d * ctm[3], e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]]
                elif name == "Do" and "chart-" in str(operands[0]):
                    _, y0, _, y1 = (float(v) for v in xobjects[str(operands[0])].BBox)
                    ys = [ctm[3] * y + ctm[5] for y in (y0, y1)]
                    out.setdefault(number, []).append((height - max(ys), height - min(ys)))
    return out


def test_pages_under_40_percent_are_only_the_allowed_ones(screen: Path, paper: str, report: Report) -> None:
    chars, _, total = parsed(screen)
    charts = chart_boxes(screen)
    starts = section_starts(screen, report)
    pages = outline_pages(screen)
    memos = memo_pages(screen, paper)
    allowed = {1, total, pages["奥付"] - 1 - len(memos), *memos}  # 表4, the status index's last page
    allowed |= {s - 1 for s in starts[1:]} | {pages["取組中・未達成の項目一覧"] - 1}
    low = {n: round(fill(chars[n - 1], paper, n, charts.get(n, [])), 2) for n in range(1, total + 1)}
    bad = {n: f for n, f in low.items() if f < 0.40 and n not in allowed}
    assert not bad, f"pages under 40% full: {bad}"


def test_text_sizes(screen: Path, paper: str) -> None:
    """The smallest text anywhere ≥ 7 pt; running heads and folios ≥ 7.5 pt; the body (Mincho) ≥ 9.5 pt in
    B5 and A5; chart titles ≥ 8 pt."""
    chars, _, _ = parsed(screen)
    sizes = [round(c["size"], 2) for page in chars for c in page if c["text"].strip()]
    assert min(sizes) >= 7.0, f"smallest text {min(sizes)} pt"
    body = Counter(round(c["size"], 2) for page in chars for c in page if "Mincho" in c["fontname"])
    assert body.most_common(1)[0][0] >= (10.0 if paper == "a4" else 9.5)
    g = page_geometry(paper)
    furniture = [c["size"] for page in chars for c in page
                 if c["text"].strip() and (c["bottom"] < g.top_mm * MM - 2 or c["top"] > g.height - g.bottom_mm * MM + 2)]
    assert furniture and min(furniture) >= 7.5, f"running heads and folios at {min(furniture)} pt"
    charts = chart_boxes(screen)
    for number, boxes in charts.items():
        for top, bottom in boxes:
            inside = [c["size"] for c in chars[number - 1] if top - 1 <= c["top"] and c["bottom"] <= bottom + 1]
            assert inside and max(inside) >= 8.0, f"p{number}: a chart whose largest text is {max(inside, default=0)}"


def test_cover(screen: Path, paper: str, report: Report) -> None:
    chars, texts, _ = parsed(screen)
    cover = chars[0]
    title_size = max(c["size"] for c in cover)
    assert title_size >= (36.0 if paper == "a4" else 24.0), title_size
    text = texts[0].replace(" ", "")
    ed = report.edition
    year, month, day = ed.release_date.split("-")
    assert ed.release_date not in text and f"{int(year)}年{int(month)}月{int(day)}日" not in text
    assert f"第{ed.number}版" not in text
    assert "170項目中130項目を達成" in text and "松尾崇" in text
    assert ed.title.replace(" ", "") in text


def _phrase_boundary(title: str, cut: int) -> bool:
    """Written from the rule, not imported: a cut after punctuation or a closing bracket, before an opening
    bracket, after a one-kana particle before a word, or after two kana before a word (never after a lone
    okurigana, as in 取り|組み)."""
    before, after = title[cut - 1], title[cut]
    hira = lambda ch: "\u3041" <= ch <= "\u309f"  # noqa: E731
    script = lambda ch: ("kata" if "\u30a0" <= ch <= "\u30ff" else  # noqa: E731
                         "han" if unicodedata.name(ch, "").startswith("CJK UNIFIED") else "other")
    word = not hira(after) and unicodedata.category(after)[0] in "LN" and after not in "ー・"
    return (before in "、。）」』】" or after in "（「『【" or
            (word and before in "をにはがのでとへもや") or (word and cut >= 2 and hira(before) and hira(title[cut - 2]))
            or {script(before), script(after)} == {"kata", "han"})


def test_index_entries_never_cut_inside_a_word(screen: Path, report: Report) -> None:
    _, texts, _ = parsed(screen)
    titles = [t for p in report.pledges for t in (p.short_title, p.title) if t]
    cuts = 0
    for text in texts:
        for line in text.splitlines():
            for chunk in line.split("…")[:-1]:
                words = chunk.replace("\u3000", " ").split(" ")
                head = words[-1] if words[-1] else (words[-2] if len(words) > 1 else "")
                matches = [t for t in titles if head and t.replace(" ", "").find(head) >= 0]
                for title in matches[:1]:
                    flat = title.replace(" ", "")
                    cut = flat.find(head) + len(head)
                    if cut < len(flat):
                        cuts += 1
                        assert _phrase_boundary(flat, cut), f"cut inside a word: {head}… of {title}"
    assert cuts > 10


def test_page_furniture(screen: Path, paper: str, report: Report) -> None:
    """No running head on openers and the contents; no folio on 表1 or 表4; /PageLabels number every page."""
    chars, _, total = parsed(screen)
    g = page_geometry(paper)
    pages = outline_pages(screen)

    def head(n: int) -> str:
        return "".join(c["text"] for c in chars[n - 1] if c["bottom"] < g.top_mm * MM - 2 and c["top"] > 2)

    def foot(n: int) -> str:
        return "".join(c["text"] for c in chars[n - 1] if c["top"] > g.height - g.bottom_mm * MM + 2)

    for n in [*section_starts(screen, report), pages["目次"]]:
        assert head(n) == "", f"p{n}: running head {head(n)!r} on an opener"
    assert head(starts_next := section_starts(screen, report)[0] + 1) != ""  # the section's next page has one
    assert foot(1) == "" and foot(total) == ""
    assert foot(2) == "2" and foot(total - 1) == str(total - 1)
    with pikepdf.open(screen) as pdf:
        labels = pdf.Root.PageLabels.Nums
        assert int(labels[0]) == 0 and int(labels[1].St) == 1 and starts_next > 1


def test_contrast_of_text_on_colour() -> None:
    """Every colour the booklet sets text on, with the ink it uses there: WCAG 1.4.3, ≥ 4.5:1."""
    fields = [FIELD, *(s.value for s in Status), *(section_role(n) for n in range(1, 9))]
    for role in fields:
        ratio = contrast(PALETTE[ink_on(role)].rgb, PALETTE[role].rgb)
        assert ratio >= 4.5, f"{role}: {ratio:.2f}"
    for role in ("text", "grey"):  # text on the paper
        assert contrast(PALETTE[role].rgb, PALETTE["paper"].rgb) >= 4.5


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_a_figure_that_does_not_fit_stays_in_its_section(paper: str, tmp_path: Path) -> None:
    """The last pledge of the last section states a figure too tall for the rest of its page: the figure
    takes the next page of that section (its running head), before the padding and the back matter; the
    two layout passes agree (no LayoutPassError)."""
    import render

    out = tmp_path / "float.pdf"
    edition = Path(__file__).resolve().parents[1] / "fixtures" / "float-at-end"
    assert render.main(["build", str(edition), "--paper", paper, "--profile", "screen", "-o", str(out)]) == 0
    chars, texts, total = parsed(out)
    g = page_geometry(paper)
    figure = max(n for n, text in enumerate(texts, 1) if "図3" in text.replace(" ", "").replace("（図3、", ""))
    head = "".join(c["text"] for c in chars[figure - 1] if c["bottom"] < g.top_mm * MM - 2).strip()
    assert head == "第二", f"p{figure}: the figure's page is headed {head!r}"
    back = outline_pages(out)["取組中・未達成の項目一覧"]
    assert figure < back and all(n not in memo_pages(out, paper) for n in range(1, figure + 1))
    cited = next(n for n, text in enumerate(texts, 1) if "（図3、" in text.replace(" ", ""))
    assert f"（図3、{figure}ページ）" in texts[cited - 1].replace(" ", "") and figure - cited <= 1
