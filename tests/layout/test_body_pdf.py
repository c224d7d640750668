"""The booklet body read back from the PDF: kinsoku, measure, text, fonts, widows and orphans.

Lines are rebuilt from the PDF's glyph positions (tests/pdfread.py), and the character lists below are
this test's own, written from JLREQ (very strict level), not imported from the composer.
"""

from __future__ import annotations

import re

import pytest

from content.model import Report
from layout.geometry import PageGeometry, page_geometry
from layout.styles import PLEDGE, STYLES
from layout.output.profiles import PROFILES
from tests.conftest import BUILDS
from tests.pdfread import PdfLine, page_texts, read_lines

# Line-start prohibited (very strict): closing brackets, hyphens, dividing punctuation, middle dots, full stops,
# commas, iteration marks, prolonged sound mark, small kana; ASCII forms too.
NO_START = set("’”）〕］｝〉》」』】｠〙〗»〟)]}" "‐〜゠–～" "？！‼⁇⁈⁉?!" "・：；:;" "。．." "、，," "々〻ゝゞヽヾ" "ー"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
NO_END = set("‘“（〔［｛〈《「『【｟〘〖«〝([{")
HALF_AT_END = set("’”）〕］｝〉》」』】｠〙〗»〟" "。．" "、，")  # cl-02/06/07: count as ½ em at a line end
TOLERANCE = 0.5  # pt

def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def line_end(line: PdfLine) -> float:
    last = line.visible[-1]
    return last.x0 + (0.5 * last.size if last.text in HALF_AT_END else last.x1 - last.x0)


def raw_paragraphs(report: Report) -> list[tuple[str, str, bool]]:
    """The body's paragraphs in reading order: (kind, text as in the content, composed?). A section's
    title and pledge index are on its opener, which is not part of the body; a pledge's badge and chip are
    in its left column (see `split_column`), and a figure reference follows the results it cites."""
    out = []
    cites = {f.source for f in report.figures if isinstance(f.source, int)}
    number = 0
    for p in report.pledges:
        out.append(("title", p.title, True))
        out += [(item.kind.value, item.text, True) for item in p.body]
        if p.no in cites:
            number += 1
            out.append(("reference", "（図", False))
    return out


def paragraphs(report: Report) -> list[tuple[str, str, bool]]:
    return [(kind, squash(text), composed) for kind, text, composed in raw_paragraphs(report)]


def split_column(lines: tuple[PdfLine, ...], geometry: PageGeometry) -> tuple[tuple[PdfLine, ...], dict]:
    """The lines of text, and per (page, baseline) the lines that lie wholly in the pledge blocks' left
    column (badge numbers and chip terms, set at their own sizes, hence on rows of their own)."""
    column = PLEDGE.column * geometry.body_size
    body, marks = [], {}
    for line in lines:
        edge = geometry.frame_left(line.page) + column - 0.5
        if all(g.x1 <= edge for g in line.glyphs):
            marks[line.page, line.baseline] = "".join(g.text for g in line.glyphs).strip()
        else:
            body.append(line)
    return tuple(body), marks


def match(report: Report, lines: tuple[PdfLine, ...], title_size: float) -> list[tuple[str, list[PdfLine], bool]]:
    """Assign the PDF's lines to the body's paragraphs, in order; fails where the text differs.
    Before the first pledge of each section, the opener's lines (title, counts, index) are skipped;
    they must lie on one page, the opener's."""
    firsts = {squash(s.pledges[0].title) for s in report.sections}
    result, i = [], 0
    for kind, text, composed in paragraphs(report):
        if kind == "title" and text in firsts:
            start = i
            while i < len(lines) and not (abs(lines[i].visible[0].size - title_size) < 0.01
                                          and text.startswith(squash(lines[i].text))):
                i += 1
            skipped = {ln.page for ln in lines[start:i]}
            assert i < len(lines), f"pledge title {text[:20]} not found"
            if result:  # after the front matter, only the opener's pages may be skipped (its index)
                pages = sorted(skipped)
                assert pages == list(range(pages[0], pages[0] + len(pages))) if pages else True, \
                    f"lines skipped before {text[:20]}: pages {pages}"
                assert len(pages) <= 2, f"lines skipped before {text[:20]}: pages {pages}"
        got, taken = "", []
        while len(got) < len(text):
            assert i < len(lines), f"the PDF ends before {kind} {text[:30]}…"
            taken.append(lines[i])
            got += squash(lines[i].text)
            i += 1
        if kind == "reference":
            assert re.fullmatch(r"（図\d+(・図\d+)*、\d+ページ）", got), f"figure reference {got!r}"
        else:
            assert got == text, f"{kind}: PDF has {got[:60]!r}…, content has {text[:60]!r}…"
        result.append((kind, taken, composed))
    return result


@pytest.fixture(scope="module", params=BUILDS, ids=lambda b: f"{b[0]}-{b[1]}")
def build(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param


@pytest.fixture(scope="module")
def body(build: tuple[str, str], parsed_pdf, report: Report):  # type: ignore[no-untyped-def]
    paper, profile = build
    parsed = parsed_pdf(paper, profile)
    geometry = page_geometry(paper)
    lines, marks = split_column(read_lines(parsed, geometry, PROFILES[profile].slug), geometry)
    return parsed, geometry, lines, match(report, lines, STYLES["title"].size * geometry.body_size), marks


def test_every_title_and_bullet_is_in_the_pdf_in_order(body, report: Report) -> None:  # type: ignore[no-untyped-def]
    _, _, _, matched, marks = body  # match() asserts each paragraph's text, in order
    kinds = [kind for kind, _, _ in matched]
    assert kinds.count("title") == 170
    titles = [taken for kind, taken, _ in matched if kind == "title"]
    # titles in Gothic Bold at 11 pt or more, above the body; year labels at the body size or more
    for kind, taken, _ in matched:
        glyphs = [g for line in taken for g in line.visible]
        if kind == "title":
            assert all(g.size >= 11.0 and "Gothic-Bold" in g.font and g.size > body[1].body_size for g in glyphs)
        if kind == "subheading":
            assert all(g.size >= body[1].body_size for g in glyphs)
    for pledge, taken in zip(report.pledges, titles):  # the number badge beside the title's first line
        beside = [text for (page, baseline), text in marks.items()
                  if page == taken[0].page and abs(baseline - taken[0].baseline) < 3]
        assert beside == [str(pledge.no)], f"pledge {pledge.no}'s badge: {beside}"
    assert kinds.count("bullet") == sum(1 for p in report.pledges for i in p.body if i.kind.value == "bullet")


def test_kinsoku_no_prohibited_line_start_or_end(body) -> None:  # type: ignore[no-untyped-def]
    _, _, lines, _, _ = body
    bad_start = [f"p{ln.page}: {ln.text[:30]}" for ln in lines if ln.visible and ln.visible[0].text in NO_START]
    bad_end = [f"p{ln.page}: …{ln.text[-30:]}" for ln in lines if ln.visible and ln.visible[-1].text in NO_END]
    assert not bad_start, f"{len(bad_start)} lines start with a prohibited character: {bad_start[:5]}"
    assert not bad_end, f"{len(bad_end)} lines end with a prohibited character: {bad_end[:5]}"


def test_measure_no_overfull_justified_and_titles_flush_left(body) -> None:  # type: ignore[no-untyped-def]
    _, geometry, _, matched, _ = body
    overfull, short, spaced, checked = [], [], [], 0
    for kind, taken, composed in matched:
        if not composed:
            continue
        url = "://" in "".join(line.text for line in taken)  # a line holding a URL is set flush left
        for n, line in enumerate(taken, 1):
            right = geometry.frame_left(line.page) + geometry.measure
            end = line_end(line)
            checked += 1
            if end > right + TOLERANCE:
                overfull.append(f"p{line.page} {kind} {line.text[:20]}… ends {end - right:+.2f} pt")
            ragged = kind == "title" or (kind == "link" and url)  # titles are headings, set flush left
            if n < len(taken) and end < right - TOLERANCE and not ragged:
                short.append(f"p{line.page} {kind} {line.text[:20]}… ends {end - right:+.2f} pt")
            if kind == "title":  # never spaced out: kana and kanji side by side are solid
                for a, b in zip(line.glyphs, line.glyphs[1:]):  # (a source space between is no pair)
                    if KANA_KANJI.fullmatch(a.text) and KANA_KANJI.fullmatch(b.text) and b.x0 - a.x1 > 0.01:
                        spaced.append(f"p{line.page} title {a.text}{b.text} {b.x0 - a.x1:+.2f} pt")
    assert checked > 1000
    assert not overfull, f"{len(overfull)} overfull lines: {overfull[:5]}"
    assert not short, f"{len(short)} justified lines short of the measure: {short[:5]}"
    assert not spaced, f"{len(spaced)} spaced pairs in titles: {spaced[:5]}"


def test_lines_start_at_the_frame_or_the_hanging_indent(body) -> None:  # type: ignore[no-untyped-def]
    _, geometry, _, matched, _ = body
    for kind, taken, composed in matched:
        if not composed:
            continue  # the figure reference is a label
        column = PLEDGE.column * geometry.body_size
        indent = column + (geometry.body_size if kind in ("bullet", "para", "link") else 0.0)
        for line in taken:
            left = geometry.frame_left(line.page) + indent
            first = line.visible[0]
            ink_start = first.x0 + (0.5 * first.size if first.text in "（「『【〔［｛〈《" else 0)
            assert abs(ink_start - left) < TOLERANCE, f"p{line.page} {kind} {line.text[:20]} starts at " \
                                                       f"{ink_start - left:+.2f} pt"


def test_no_lone_line_at_a_page_top_or_bottom(body) -> None:  # type: ignore[no-untyped-def]
    _, _, _, matched, _ = body
    for kind, taken, composed in matched:
        pages = [ln.page for ln in taken]
        if len(set(pages)) > 1:
            first_part = pages.count(pages[0])
            assert first_part >= 2 and len(pages) - first_part >= 2, f"{kind} split {pages} on pages"


def test_title_stays_with_its_first_result_line(body) -> None:  # type: ignore[no-untyped-def]
    _, _, _, matched, _ = body
    for (kind, taken, _), nxt in zip(matched, matched[1:]):
        if kind == "title" and nxt[0] != "title":
            assert taken[-1].page == nxt[1][0].page, f"title {taken[0].text[:20]} is parted from its result"
        if kind == "subheading":
            assert taken[-1].page == nxt[1][0].page, f"year label {taken[0].text} is parted from its line"


def test_fonts_embedded_subset_with_tounicode(body) -> None:  # type: ignore[no-untyped-def]
    parsed = body[0]
    names = set()
    for page in parsed.pages:
        assert page.fonts is not None, f"page {page.number} has no /Font resources"
        for font in page.fonts:
            name = font.base_font
            names.add(name.split("+", 1)[-1])
            assert font.subtype == "/Type0", name  # one CID-keyed font (Identity-H) per face
            assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{name} is not a subset"
            assert font.embedded, f"{name} is not embedded"
            assert font.to_unicode, f"{name} has no ToUnicode"
    assert names == {"BIZUDMincho-Regular", "BIZUDGothic-Regular", "BIZUDGothic-Bold",
                     "BIZUDPMincho-Regular", "BIZUDPGothic-Regular", "BIZUDPGothic-Bold"}
    raw = parsed.path.read_bytes()
    assert b"Helvetica" not in raw and b"/Type1" not in raw


def test_extracted_text_has_no_nul_or_tofu(body) -> None:  # type: ignore[no-untyped-def]
    text = "".join(page_texts(body[0]))
    assert "\x00" not in text and "\ufffd" not in text and "□" not in text


def test_spacing_is_positioning_only(body, report: Report) -> None:  # type: ignore[no-untyped-def]
    """No space glyph that is not in the source: per paragraph, the PDF has at most the source's spaces."""
    _, _, _, matched, _ = body
    extra = []
    for (kind, taken, _), (_, text, _) in zip(matched, raw_paragraphs(report)):
        in_pdf = sum(1 for line in taken for g in line.glyphs if g.text.isspace())
        if in_pdf > sum(1 for ch in text if ch.isspace()):
            extra.append(f"{kind} {text[:20]}: {in_pdf} spaces in the PDF")
    assert not extra, extra[:5]


# The pages (0-based) on which tests/pdfread.py is checked against pdfplumber: the cover, the highlights and
# their charts, the contents, the first section's opener, the body page with the childcare chart, a body page
# and the colophon (the last page).
CROSS_CHECKED = (0, 1, 2, 3, 4, 5, 8, -1)


@pytest.mark.parametrize("profile", ["screen", "print"])
def test_the_pdf_reader_agrees_with_pdfplumber(profile: str, parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    """The session's parsed characters and page texts are pdfplumber's, on pages of every kind: the same
    characters in the same order, with the same text, font, box and size, and the same extracted text."""
    import pdfplumber

    parsed = parsed_pdf("a4", profile)
    with pdfplumber.open(str(parsed.path)) as doc:
        assert len(doc.pages) == len(parsed.pages)
        for index in CROSS_CHECKED:
            theirs, ours = doc.pages[index], parsed.pages[index]
            assert (theirs.width, theirs.height) == (ours.width, ours.height)
            assert len(ours.chars) == len(theirs.chars), f"page {ours.number}"
            for mine, c in zip(ours.chars, theirs.chars):
                assert (mine.text, mine.fontname, mine.upright) == (c["text"], c["fontname"], c["upright"]), \
                    f"page {ours.number}: {mine} is not {c['text']!r} in {c['fontname']}"
                for key in ("x0", "x1", "top", "bottom", "doctop", "size"):
                    assert abs(mine[key] - c[key]) < 1e-6, f"page {ours.number}: {mine} {key} is {c[key]}"
            assert ours.text == theirs.extract_text(), f"page {ours.number}"


# ------------------------------------------------------------------ texture (issue 11), from glyph positions

KANA_KANJI = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff々]")


def _solid(g) -> bool:  # type: ignore[no-untyped-def]
    """A kana or kanji: a 1-em glyph whose box is its advance (no blank half to trim)."""
    return bool(KANA_KANJI.fullmatch(g.text))


def _neighbours(lines):  # type: ignore[no-untyped-def]
    """(line, previous glyph, glyph, next glyph) for every visible glyph with both neighbours on its line."""
    for line in lines:
        vis = line.visible
        for a, b, c in zip(vis, vis[1:], vis[2:]):
            yield line, a, b, c


def test_western_words_and_urls_are_never_letter_spaced(body) -> None:  # type: ignore[no-untyped-def]
    """Inside a run of ASCII characters (a Latin word, a URL, a number) each glyph starts where the one
    before it ends; the only narrower step is a digit-group comma or decimal point (set in ¼ em)."""
    _, _, _, matched, _ = body
    spaced, pairs = [], 0
    for line in (line for _, taken, composed in matched if composed for line in taken):
        for a, b in zip(line.glyphs, line.glyphs[1:]):
            if a.text.isascii() and b.text.isascii() and a.text != " " and b.text != " ":
                pairs += 1
                gap = b.x0 - a.x1
                if gap > 0.01 or (gap < -0.01 and a.text not in ",."):
                    spaced.append(f"p{line.page} {a.text}{b.text} {gap:+.2f} pt in {line.text[:30]}")
    assert pairs > 1000
    assert not spaced, f"{len(spaced)} letter-spaced pairs: {spaced[:5]}"


def test_the_middle_dot_keeps_its_quarter_ems(body) -> None:  # type: ignore[no-untyped-def]
    """The book policy never reduces the ¼ + ¼ around ・: between two kana or kanji, the ・ and its aki
    take a whole em (Table 3 took it down to ½ em in 83% of the justified lines that reduced)."""
    _, _, lines, _, _ = body
    checked, reduced = 0, []
    for line, a, b, c in _neighbours(lines):
        if b.text == "・" and _solid(a) and _solid(c):
            checked += 1
            if c.x0 - a.x1 < b.size - 0.01:
                reduced.append(f"p{line.page} {a.text}・{c.text}: {(c.x0 - a.x1) / b.size:.3f} em")
    assert checked > 100
    assert not reduced, f"{len(reduced)} of {checked} ・ reduced: {reduced[:5]}"


def test_commas_and_brackets_keep_at_least_a_quarter_em(body) -> None:  # type: ignore[no-untyped-def]
    """、」） keep at least ¼ em after their ½-em box, and 「（ at least ¼ em before it, between kana and kanji
    (their 1-em glyphs hold the box in one half: 、」） in the left, 「（ in the right)."""
    _, _, lines, _, _ = body
    checked, tight = 0, []
    for line, a, b, c in _neighbours(lines):
        em = b.size
        if b.text in "、」）" and _solid(c):
            checked += 1
            aki = c.x0 - (b.x0 + em / 2)
        elif b.text in "「（" and _solid(a):
            checked += 1
            aki = b.x0 + em / 2 - a.x1
        else:
            continue
        if aki < em / 4 - 0.01:
            tight.append(f"p{line.page} {a.text}{b.text}{c.text}: {aki / em:.3f} em")
    assert checked > 500
    assert not tight, f"{len(tight)} of {checked} below ¼ em: {tight[:5]}"


def test_digit_group_marks_advance_at_most_0_3_em(body) -> None:  # type: ignore[no-untyped-def]
    """A comma or decimal point between digits advances at most 0.3 em (it is set in ¼ em), in numbers and
    in digits-with-letters runs alike; a URL is set as it is."""
    _, _, _, matched, _ = body
    lines = [line for kind, taken, composed in matched if composed and kind != "link" for line in taken]
    checked, wide = 0, []
    for line, a, b, c in _neighbours(lines):
        if b.text in ",." and a.text.isdigit() and c.text.isdigit():
            checked += 1
            if c.x0 - b.x0 > 0.3 * b.size + 0.01:
                wide.append(f"p{line.page} {a.text}{b.text}{c.text}: {(c.x0 - b.x0) / b.size:.3f} em")
    assert checked > 30
    assert not wide, f"{len(wide)} of {checked} digit-group marks wider than 0.3 em: {wide[:5]}"


def test_no_runt_last_lines(body) -> None:  # type: ignore[no-untyped-def]
    """A pledge title's last line holds at least 4 characters, a result's at least 3 (punctuation included)."""
    _, _, _, matched, _ = body
    runts, shortest = [], {"title": 99, "body": 99}
    for kind, taken, composed in matched:
        if not composed or len(taken) < 2 or kind == "link":
            continue
        need, group = (4, "title") if kind == "title" else (3, "body")
        n = len(taken[-1].visible)
        shortest[group] = min(shortest[group], n)
        if n < need:
            runts.append(f"p{taken[-1].page} {kind} …{taken[-1].text}")
    assert not runts, f"{len(runts)} runts: {runts[:5]}"
    assert shortest["title"] >= 4 and shortest["body"] >= 3


@pytest.mark.parametrize("paper", ["a4", "b5", "a5"])
def test_the_bundled_edition_composes_without_warnings(paper: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    """No runt the composer could not lengthen, no forced break, no overflow: the build prints no warning."""
    build_pdf(paper)
    assert "warning" not in build_pdf.stderr[paper], build_pdf.stderr[paper]
