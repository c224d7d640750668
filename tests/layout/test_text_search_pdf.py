"""Text search and copy-paste on the produced PDFs: lines drawn as several runs (四分アキ, justification)
carry their source text as /ActualText spans in the screen and archive profiles, so an extractor that
honours it (poppler's pdftotext here) reads 「平成30年度」 and not 「平成 30 年度」; the print file
(PDF/X-1a, PDF 1.4) has bare spans instead. The spans are read back from the content streams."""

from __future__ import annotations

import re
import shutil
import subprocess

import pikepdf
import pytest

from content.model import Report
from layout.marked import actual_text_spans

SEARCHED = ("平成30年度", "2,371人", "令和2年度末")


def pdftotext(path) -> str:  # type: ignore[no-untyped-def]
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed; README's test command installs it"
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=120).stdout


def content_texts(report: Report) -> list[str]:
    """The running text the booklet sets once each: the preface, the pledge titles and their results."""
    return [*report.preface, *(p.title for p in report.pledges),
            *(item.text for p in report.pledges for item in p.body)]


def streams(path) -> list[bytes]:  # type: ignore[no-untyped-def]
    with pikepdf.open(path) as pdf:
        out = []
        for page in pdf.pages:
            page.contents_coalesce()
            out.append(page.obj.Contents.read_bytes())
        return out


@pytest.mark.parametrize("profile", ["screen", "archive"])
def test_search_finds_the_source_text(profile: str, build_pdf, report: Report) -> None:  # type: ignore[no-untyped-def]
    text = pdftotext(build_pdf("a4", profile))
    for needle in SEARCHED:
        want = sum(t.count(needle) for t in content_texts(report))
        assert want > 0
        # the indexes and charts may repeat a text; every occurrence of the content is found
        assert text.count(needle) >= want, f"{needle}: {text.count(needle)} found, the content has {want}"
    assert text.count("平成30年度") == 39 and "平成 30 年度" not in text and "平成 30年度" not in text


@pytest.mark.parametrize("profile", ["screen", "archive"])
def test_copy_paste_gives_every_character_once(profile: str, build_pdf, parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    """Per page, pdftotext returns exactly the characters painted there (read by our own interpreter),
    none doubled by a span's /ActualText and none lost, apart from the spaces it adds or drops."""
    pages = pdftotext(build_pdf("a4", profile)).split("\f")
    parsed = parsed_pdf("a4", profile)
    for page in parsed.pages:
        painted = sorted(c.text for c in page.chars if not c.text.isspace())
        extracted = sorted(ch for ch in pages[page.number - 1] if not ch.isspace())
        assert extracted == painted, f"page {page.number}: {len(extracted)} characters extracted, " \
                                     f"{len(painted)} painted"


def test_spans_carry_the_line_text_in_screen_and_are_bare_in_print(build_pdf) -> None:  # type: ignore[no-untyped-def]
    screen = streams(build_pdf("a4", "screen"))
    spans = [s for stream in screen for s in actual_text_spans(stream)]
    assert len(spans) > 500 and any("平成30年度" in s for s in spans)
    with pikepdf.open(build_pdf("a4", "screen")) as pdf:  # a span opens and closes in one text object
        for number, page in enumerate(pdf.pages, 1):
            depth = 0
            for _, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                    assert depth >= 0, f"page {number}: EMC without a span"
                elif name in ("BT", "ET", "q", "Q"):  # spans sit inside text objects, which hold no q/Q
                    assert depth == 0, f"page {number}: {name} inside a span"
            assert depth == 0, f"page {number}: a span is left open"
    printed = streams(build_pdf("a4", "print"))
    assert not any(b"/ActualText" in s for s in printed)
    assert sum(s.count(b"/Span BMC") for s in printed) == len(spans)
