"""The booklet's parts read back from the PDF: outline, printed page numbers, links, status labels,
furniture, composition of every part, page sizes, and pages that follow the data."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

import render
from content.loader import DEFAULT_EDITION
from content.model import Report, Status
from layout.geometry import MM, PageGeometry, page_geometry
from layout.output.profiles import PROFILES, Profile
from layout.styles import PLEDGE
from tests.conftest import BUILDS
from tests.layout.test_body_pdf import NO_END, NO_START, line_end
from tests.pdfread import ParsedPdf, page_texts, parse_pdf, read_lines, trim_chars

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PAPERS = {"a4": (210, 297), "b5": (182, 257), "a5": (148, 210)}
CHIPS = {s.label: s for s in Status}


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
        flat = re.sub(r"\s", "", text)  # the title's first line, with the number badge beside it
        assert re.sub(r"\s", "", p.title)[:8] in flat and str(p.no) in flat, \
            f"pledge {p.no}: outline lands on {text[:30]!r}"
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
    # contents: highlights + charts + 8 sections + status index + colophon; openers: 170; status index: 40
    assert len(links) == 12 + 170 + in_progress_or_not
    labels = parsed.page_labels
    for page, text, target in links:
        printed = re.search(r"(\d+)$", text)
        assert printed, f"p{page}: no page number in index entry {text!r}"
        assert int(printed[1]) == target, f"p{page}: {text!r} prints {printed[1]}, links to page {target}"
        assert labels[target - 1] == printed[1]


def test_status_index_groups_of_up_to_three_stay_on_one_page(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    if not profile.links:
        pytest.skip(f"the {profile.name} profile has no links")
    parsed, _ = pdf
    start = next(e.page for e in parsed.outline if e.title == "取組中・未達成の項目一覧")
    where = {}
    for page, text, _ in link_entries(parsed):
        number = re.match(r"(\d+)", text)
        if page >= start and number:
            where[int(number[1])] = page
    groups = 0
    for section in report.sections:
        group = [p.no for p in section.pledges if p.status is not Status.ACHIEVED]
        assert all(no in where for no in group), f"{section.title}: {group} not all in the status index"
        if 0 < len(group) <= 3:
            groups += 1
            assert len({where[no] for no in group}) == 1, f"{section.title}: group split over pages"
    assert groups >= 1  # kamakura-2021: sections 1 (2 in progress) and 3 (1)


def test_page_labels_equal_printed_folios(pdf, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    parsed, geometry = pdf
    assert list(parsed.page_labels) == [str(i) for i in range(1, len(parsed.pages) + 1)]
    for page in parsed.pages:
        number = page.number
        folio_band = [c for c in trim_chars(page, profile.slug)
                      if geometry.height - geometry.bottom_mm * MM + 2 < c.top < geometry.height]
        text = "".join(c.text for c in sorted(folio_band, key=lambda c: c.x0))
        if number in (1, len(parsed.pages)):
            assert text == "", "表1 and 表4 (the colophon) carry no folio"
            continue
        assert text == str(number), f"page {number} prints folio {text!r}"
        outer = geometry.outer_edge_x(number)
        edge = max(c.x1 for c in folio_band) if number % 2 else min(c.x0 for c in folio_band)
        assert abs(edge - outer) < 0.5, f"page {number}: folio not on the outer edge"


def test_running_heads_and_openers(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    """Each section starts on the page after the previous one ends, recto or verso, with no running head on
    its opener page; every other page of the section carries the section's title."""
    parsed, geometry = pdf
    starts = {e.title: e.page for e in parsed.outline if e.level == 0}
    order = sorted(starts.items(), key=lambda kv: kv[1])
    heads = []
    for page in parsed.pages:
        band = [c for c in trim_chars(page, profile.slug) if 0 < c.bottom < geometry.top_mm * MM - 2
                and geometry.frame_left(page.number) - 1 <= c.x0
                and c.x1 <= geometry.frame_left(page.number) + geometry.measure + 1]
        heads.append("".join(c.text for c in sorted(band, key=lambda c: c.x0)))
    assert heads[starts["目次"] - 1] == ""
    for section in report.sections:
        opener = starts[section.title]
        assert heads[opener - 1] == "", f"{section.title}: running head on its opener page"
        following = [p for _, p in order if p > opener]
        end = (following[0] if following else len(heads) + 1)
        run = [heads[page - 1] for page in range(opener + 1, end)]
        while run and run[-1] == "":
            run.pop()  # saddle-stitch padding before the back matter
        assert all(h == section.title for h in run), f"{section.title}: running heads {run}"


def test_one_status_chip_per_pledge(pdf, report: Report, profile: Profile) -> None:  # type: ignore[no-untyped-def]
    """Each pledge's status is a chip in its block's left column: the term (達成・取組中・未達成) as text, on a
    row of its own beside the title; counted from the PDF: 130/37/3, and search finds the terms."""
    parsed, geometry = pdf
    column = PLEDGE.column * geometry.body_size
    first_pledge = min(e.page for e in parsed.outline if e.level == 1)
    counts: Counter[Status] = Counter()
    for line in read_lines(parsed, geometry, profile.slug):
        if line.page < first_pledge:
            continue
        if all(g.x1 <= geometry.frame_left(line.page) + column for g in line.glyphs):
            word = re.sub(r"\s", "", line.text)
            if word in CHIPS:
                counts[CHIPS[word]] += 1
    expected = Counter(p.status for p in report.pledges)
    assert counts == expected == Counter({Status.ACHIEVED: 130, Status.IN_PROGRESS: 37, Status.NOT_ACHIEVED: 3})
    whole = "".join(page_texts(parsed))  # the text a search finds
    assert all(whole.count(term) >= n for term, n in (("未達成", 3), ("取組中", 37), ("達成", 170)))


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
    for fragment in ("掲げた170項目の自己評価", "130", "項目（76%）", "37", "項目（22%）", "項目（2%）",
                     "−107.7億円", "+1.7億円", "+811人", "799.5億円", "691.8億円", "176,242人", "177,053人",
                     "約108億円削減"):
        assert fragment in text, fragment
    assert "報告書の記載" not in text  # the check's own phrase is not for readers


def test_colophon_on_the_last_page(pdf, report: Report) -> None:  # type: ignore[no-untyped-def]
    text = re.sub(r"\s", "", pdf[0].pages[-1].text)
    for fragment in ("令和8年（2026年）11月27日第1版", "報告者松尾崇", "SILOpenFontLicense1.1", "BIZUDMincho",
                     "原典を光学文字認識で読み取った際の誤りを修正し、原典の誤記を訂正しました"):
        assert fragment in text, fragment
    for absent in ("ビルドID", "kamakura-2021", "発行者", "印刷所", "件"):  # not for readers / not given
        assert absent not in text, absent


def test_metadata(pdf) -> None:  # type: ignore[no-untyped-def]
    meta = pdf[0].metadata
    assert meta["/Title"] == "『未来ビジョン2021鎌倉』成果報告書" and meta["/Author"] == "松尾崇"
    assert "kamakura-2021" in meta["/Subject"]
    assert pdf[0].lang == "ja-JP"


COLOPHON = {"publisher": "試験発行者", "office": {"name": "試験事務所", "address": "鎌倉市試験町1-1",
                                             "url": "https://example.org/"}, "printer": "試験印刷"}


def test_pages_follow_the_data(tmp_path: Path) -> None:
    """One status changed and a colophon filled in, in a copy: the cover's headline, the highlights, the
    opener, the status index and the colophon change with them."""
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
    flow = yaml.safe_dump(COLOPHON, allow_unicode=True, default_flow_style=True, width=1000).strip()
    assert "  number: 1\n" in text
    text = text.replace("  number: 1\n", f"  number: 1\n  colophon: {flow}\n", 1)
    index.write_text(text, encoding="utf-8")
    out = tmp_path / "changed.pdf"
    assert render.main(["build", str(copy), "--profile", "screen", "-o", str(out)]) == 0
    pages = [re.sub(r"\s", "", text) for text in page_texts(parse_pdf(out))]
    assert "170項目中129項目を達成" in pages[0] and "129項目（76%）" in pages[0] and "4項目（2%）" in pages[0]
    assert "129" in pages[1] and "項目（2%）" in pages[1]
    opener = next(p for p in pages if "27項目達成24（89%）" in p)  # the opener's counts
    assert "達成24（89%）" in opener and "未達成1（4%）" in opener
    status_index = next(p for p in pages if p.startswith("取組中・未達成の項目一覧"))
    assert "未達成4項目" in status_index and "1希望出生率" in status_index
    back = pages[-1]
    for value in ("試験発行者", "試験事務所", "鎌倉市試験町1-1", "https://example.org/", "試験印刷"):
        assert value in back, value
    assert back.index("発行者") < back.index("発行所") < back.index("印刷所")


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
