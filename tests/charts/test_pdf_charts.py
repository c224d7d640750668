"""The charts in the built booklet: vector only, opaque, in palette colours, with their labels and values as text
on their page."""

from __future__ import annotations

import re

import pikepdf
import pytest

from layout.palette import PALETTE
from tests.pdfread import ParsedPdf


def chart_pages(parsed: ParsedPdf) -> dict[str, int]:
    """chart id → 1-based page where its form is painted."""
    found: dict[str, int] = {}
    for page in parsed.pages:
        for name in page.xobjects:
            match = re.search(r"chart-(\w+)", name)
            if match:
                found.setdefault(match[1], page.number)
    return found


@pytest.mark.parametrize("profile", ["screen", "print", "archive"])
def test_charts_are_vector_and_opaque(profile: str, parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", profile)
    assert set(chart_pages(parsed)) == {"debt", "funds", "population", "status", "childcare"}
    with pikepdf.open(parsed.path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert obj.get("/Subtype") != "/Image", "a raster image in the PDF"
            if isinstance(obj, pikepdf.Dictionary):
                assert not any(k in obj and float(obj[k]) < 1 for k in ("/ca", "/CA"))
                assert "/SMask" not in obj


def test_chart_labels_and_values_are_text_on_their_page(parsed_pdf, report) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", "screen")
    pages = chart_pages(parsed)
    expected = {
        "debt": ["市債残高", "799.5", "691.8", "107.7"],
        "funds": ["基金", "100.6", "102.3", "1.7"],
        "population": ["総人口", "176,242", "177,053", "811"],
        "childcare": ["待機児童", "2,371", "2,878", "109", "45"],
        "status": [s.title.replace("・", "") for s in report.sections[:3]],
    }
    for chart_id, words in expected.items():
        text = re.sub(r"[\s・]", "", parsed.pages[pages[chart_id] - 1].text)
        for word in words:
            assert word.replace("・", "") in text, f"{chart_id}: {word} not on page {pages[chart_id]}"


def test_print_charts_use_only_palette_cmyk(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    palette = {tuple(round(v, 3) for v in s.cmyk01) for s in PALETTE.values()}
    seen = set()
    for page in parsed_pdf("a4", "print").pages:
        for name in page.xobjects:
            if "chart-" not in name:
                continue
            assert name in page.forms, f"{name} is not a form XObject"
            for operands, op in page.forms[name].ops:
                assert op not in ("rg", "RG", "g", "G", "sc", "scn"), f"{name}: {op}"
                if op in ("k", "K"):
                    colour = tuple(round(float(v), 3) for v in operands)
                    assert colour in palette, f"{name}: CMYK {colour} is not a palette colour"
                    seen.add(colour)
    assert len(seen) >= 4
