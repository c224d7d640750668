"""The booklet's parts read back from the PDF: outline, printed page numbers, links, status labels,
furniture, composition of every part, page sizes, and pages that follow the data."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import render
from content.loader import DEFAULT_EDITION
from content.model import Report, Status
from layout.geometry import MM, PageGeometry, page_geometry
from layout.output.profiles import PROFILES, Profile
from tests.conftest import BUILDS
from tests.layout.test_body_pdf import NO_END, NO_START, line_end
from tests.pdfread import ParsedPdf, page_texts, parse_pdf, read_lines, trim_chars

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PAPERS = {"a4": (210, 297), "b5": (182, 257), "a5": (148, 210)}
TOKENS = {"【達成】": Status.ACHIEVED, "【取組中】": Status.IN_PROGRESS, "【未達成】": Status.NOT_ACHIEVED}


@pytest.fixture(scope="module", params=BUILDS, ids=lambda b: f"{b[0]}-{b[1]}")
def build(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param


@pytest.fixture(scope="module")
def paper(build: tuple[str, str]) -> str:
    return build[0]


@pytest.fixture(scope="module")
def profile(build: tuple[str, str]) -> Profile:
    return PROFILES[build[1]]


@pytest.fixture(scope="module")
def pdf(build: tuple[str, str], parsed_pdf) -> tuple[ParsedPdf, PageGeometry]:  # type: ignore[no-untyped-def]
    return parsed_pdf(*build), page_geometry(build[0])


def test_page_size_in_mm(pdf, paper: str, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, _ = pdf
    for page in parsed.pages:
        trim = page.trimbox if profile.slug else page.mediabox
        assert trim is not None, f"page {page.number} has no TrimBox"
        w, h = (trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM
        assert (round(w, 1), round(h, 1)) == PAPERS[paper]


def test_outline_sections_and_pledges_land_on_their_headings(pdf, report: Report) -> None:  # type: ignore[no-untyped-def]
    parsed, _ = pdf
    entries = parsed.outline
    sections = [e for e in entries if e.level == 0 and e.title in {s.title for s in report.sections}]
    pledges = [e for e in entries if e.level == 1]
    assert [e.title for e in sections] == [s.title for s in report.sections]
    assert len(pledges) == 170
    for entry, p in zip(pledges, report.pledges):
        assert entry.title.startswith(f"{p.no} ")
        page, top = parsed.pages[entry.page - 1], entry.top
        below = [c for c in page.chars if page.height - c.bottom < top
                 and page.height - c.bottom > top - 3 * c.size]
        text = "".join(c.text for c in sorted(below, key=lambda c: (round(c.top), c.x0)))
        assert f"{p.no}【{p.status.label}】" in text, f"pledge {p.no}: outline lands on {text[:30]!r}"
    for entry in sections:
        page, top = parsed.pages[entry.page - 1], entry.top
        below = [c for c in page.chars if 0 <= top - (page.height - c.top) < 2 * c.size]
        assert entry.title in "".join(c.text for c in sorted(below, key=lambda c: c.x0))


def link_entries(parsed: ParsedPdf) -> list[tuple[int, str, int]]:
    """(page of the index entry, the entry's text, the link's target page) for every internal link."""
    out = []
    for link in parsed.links:
        if link.target is None:
            continue  # a web link
        page = parsed.pages[link.page - 1]
        x0, y0, x1, y1 = link.rect
        chars = [c for c in page.chars
                 if x0 - 0.5 <= c.x0 and c.x1 <= x1 + 0.5
                 and y0 - 0.5 <= page.height - c.bottom + 0.2 * c.size <= y1 + 0.5]
        text = "".join(c.text for c in sorted(chars, key=lambda c: c.x0))
        out.append((link.page, text, link.target))
    return out


def test_index_entries_link_to_their_pages_and_print_them(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    if not profile.links:
        pytest.skip(f"the {profile.name} profile has no links")
    parsed, _ = pdf
    links = link_entries(parsed)
    in_progress_or_not = sum(1 for p in report.pledges if p.status is not Status.ACHIEVED)
    # contents: highlights + 8 sections + status index + colophon; openers: 170; status index: 40
    assert len(links) == 11 + 170 + in_progress_or_not
    labels = parsed.page_labels
    for page, text, target in links:
        printed = re.search(r"(\d+)$", text)
        assert printed, f"p{page}: no page number in index entry {text!r}"
        assert int(printed[1]) == target, f"p{page}: {text!r} prints {printed[1]}, links to page {target}"
        assert labels[target - 1] == printed[1]


def test_page_labels_equal_printed_folios(pdf, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, geometry = pdf
    assert list(parsed.page_labels) == [str(i) for i in range(1, len(parsed.pages) + 1)]
    for page in parsed.pages:
        number = page.number
        folio_band = [c for c in trim_chars(page, profile.slug)
                      if geometry.height - geometry.bottom_mm * MM + 2 < c.top < geometry.height]
        text = "".join(c.text for c in sorted(folio_band, key=lambda c: c.x0))
        if number == 1:
            assert text == "", "the front cover carries no folio"
            continue
        assert text == str(number), f"page {number} prints folio {text!r}"
        outer = geometry.outer_edge_x(number)
        edge = max(c.x1 for c in folio_band) if number % 2 else min(c.x0 for c in folio_band)
        assert abs(edge - outer) < 0.5, f"page {number}: folio not on the outer edge"


def test_running_heads_and_openers_on_rectos(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, geometry = pdf
    starts = {e.title: e.page for e in parsed.outline if e.level == 0}
    order = sorted(starts.items(), key=lambda kv: kv[1])
    heads = []
    for page in parsed.pages:
        band = [c for c in trim_chars(page, profile.slug) if 0 < c.bottom < geometry.top_mm * MM - 2]
        heads.append("".join(c.text for c in sorted(band, key=lambda c: c.x0)))
    for section in report.sections:
        opener = starts[section.title]
        assert opener % 2 == 1, f"{section.title} opens on page {opener}, a verso"
        following = [p for _, p in order if p > opener]
        end = (following[0] if following else len(heads) + 1)
        run = [heads[page - 1] for page in range(opener, end)]
        while run and run[-1] == "":
            run.pop()  # blank pages before the next recto opener, or saddle-stitch padding
        assert run and all(h == section.title for h in run), f"{section.title}: running heads {run}"


def test_status_label_tokens_once_per_block(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, geometry = pdf
    counts: Counter[Status] = Counter()
    for line in read_lines(parsed, geometry, profile.slug):
        text = line.text
        found = [t for t in TOKENS if t in text]
        for token in found:
            assert text.count(token) == 1
            assert re.fullmatch(rf"\d+{token}", re.sub(r"\s", "", text)), f"token outside a badge: {text!r}"
            counts[TOKENS[token]] += 1
    expected = Counter(p.status for p in report.pledges)
    assert counts == expected == Counter({Status.ACHIEVED: 130, Status.IN_PROGRESS: 37, Status.NOT_ACHIEVED: 3})
    whole = "".join(page_texts(parsed))  # the text a search finds
    assert sum(whole.count(t) for t in TOKENS) == 170


def test_every_part_keeps_the_composition_rules(pdf, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, geometry = pdf
    lines = read_lines(parsed, geometry, profile.slug)
    assert {ln.page for ln in lines} >= {1, 2, 3}
    for line in lines:
        assert line.visible[0].text not in NO_START, f"p{line.page}: {line.text[:30]}"
        assert line.visible[-1].text not in NO_END, f"p{line.page}: {line.text[-30:]}"
        right = geometry.frame_left(line.page) + geometry.measure
        assert line_end(line) <= right + 0.5, f"p{line.page}: {line.text[:30]} passes the frame"
        assert line.visible[0].x0 >= geometry.frame_left(line.page) - 0.5 * line.visible[0].size - 0.5


def test_highlights_are_computed(pdf) -> None:  # type: ignore[no-untyped-def]
    text = re.sub(r"\s", "", pdf[0].pages[1].text)
    for fragment in ("達成130（76%）", "取組中37（22%）", "未達成3（2%）", "−107.7億円", "約108億円削減",
                     "＋1.7億円", "＋811人", "176,242人", "177,053人"):
        assert fragment in text, fragment


def test_colophon_on_the_last_page(pdf, report: Report) -> None:  # type: ignore[no-untyped-def]
    text = re.sub(r"\s", "", pdf[0].pages[-1].text)
    for fragment in ("第1版（kamakura-2021）", "2026年11月27日", "松尾崇", "SILOpenFontLicense1.1",
                     "BIZUDMincho", "正誤表50件"):
        assert fragment in text, fragment
    assert re.search(r"ビルドID[0-9a-f]{12}", text)


def test_metadata(pdf) -> None:  # type: ignore[no-untyped-def]
    meta = pdf[0].metadata
    assert meta["/Title"] == "『未来ビジョン2021鎌倉』成果報告書" and meta["/Author"] == "松尾崇"
    assert "kamakura-2021" in meta["/Subject"]
    assert pdf[0].lang == "ja-JP"


def test_pages_follow_the_data(tmp_path: Path) -> None:
    """One status changed in a copy: the highlights, the opener and the status index change with it."""
    copy = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, copy)
    section = copy / "sections" / "01-kodomo.yaml"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("  - no: 1\n    status: achieved", "  - no: 1\n    status: not_achieved", 1),
                       encoding="utf-8")
    index = copy / "report.yaml"
    text = index.read_text(encoding="utf-8")
    text = text.replace("○達成が130項目（約76%）", "○達成が129項目（約76%）")  # in the preface and its claim
    text = text.replace("×未達成が3項目（約2%）", "×未達成が4項目（約2%）")
    index.write_text(text, encoding="utf-8")
    out = tmp_path / "changed.pdf"
    assert render.main(["build", str(copy), "--profile", "screen", "-o", str(out)]) == 0
    pages = [re.sub(r"\s", "", text) for text in page_texts(parse_pdf(out))]
    assert "達成129（76%）" in pages[1] and "未達成4（2%）" in pages[1]
    opener = next(p for p in pages if "子供・子育て・教育達成" in p)
    assert "達成24（89%）" in opener and "未達成1（4%）" in opener
    status_index = next(p for p in pages if "取組中・未達成の項目一覧" in p and "×未達成（4項目）" in p)
    assert "1希望出生率" in status_index


def test_a_long_title_wraps_on_the_cover_and_is_never_cut(tmp_path: Path) -> None:
    """On the narrowest cover (A5), a title longer than the measure wraps and every character is set; the
    cover depends on the edition's title alone, so the tiny edition carries it."""
    copy = tmp_path / "edition"
    shutil.copytree(TINY, copy)
    index = copy / "report.yaml"
    long_title = "『未来ビジョン2021鎌倉　第3期の公約とその達成状況についての市民への詳しい報告』"
    text = index.read_text(encoding="utf-8")
    assert "  title: 『テスト計画』\n" in text
    index.write_text(text.replace("  title: 『テスト計画』\n", f"  title: {long_title}\n"), encoding="utf-8")
    out = tmp_path / "a5.pdf"
    assert render.main(["build", str(copy), "--paper", "a5", "--profile", "screen", "-o", str(out)]) == 0
    cover = parse_pdf(out).pages[0]
    assert re.sub(r"\s", "", long_title) in re.sub(r"\s", "", cover.text)
