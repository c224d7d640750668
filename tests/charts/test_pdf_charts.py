"""The charts in the built booklet: vector only, opaque, in palette colours, with their labels and values as text
on their page."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from layout.palette import PALETTE


def chart_pages(path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """chart id → 1-based page where its form is painted."""
    found: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for name in (page.obj.Resources.get("/XObject") or {}).keys():
                match = re.search(r"chart-(\w+)", str(name))
                if match:
                    found.setdefault(match[1], number)
    return found


@pytest.mark.parametrize("profile", ["screen", "print", "archive"])
def test_charts_are_vector_and_opaque(profile: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    path = build_pdf("a4", profile)
    assert set(chart_pages(path)) == {"debt", "funds", "population", "status", "childcare"}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                assert obj.get("/Subtype") != "/Image", "a raster image in the PDF"
            if isinstance(obj, pikepdf.Dictionary):
                assert not any(k in obj and float(obj[k]) < 1 for k in ("/ca", "/CA"))
                assert "/SMask" not in obj


def test_chart_labels_and_values_are_text_on_their_page(build_pdf, report) -> None:  # type: ignore[no-untyped-def]
    path = build_pdf("a4", "screen")
    pages = chart_pages(path)
    expected = {
        "debt": ["市債残高", "799.5", "691.8", "107.7"],
        "funds": ["基金", "100.6", "102.3", "1.7"],
        "population": ["総人口", "176,242", "177,053", "811"],
        "childcare": ["待機児童", "2,371", "2,878", "109", "45"],
        "status": [s.title.replace("・", "") for s in report.sections[:3]],
    }
    with pdfplumber.open(str(path)) as pdf:
        for chart_id, words in expected.items():
            text = re.sub(r"[\s・]", "", pdf.pages[pages[chart_id] - 1].extract_text())
            for word in words:
                assert word.replace("・", "") in text, f"{chart_id}: {word} not on page {pages[chart_id]}"


def test_print_charts_use_only_palette_cmyk(build_pdf) -> None:  # type: ignore[no-untyped-def]
    palette = {tuple(round(v, 3) for v in s.cmyk01) for s in PALETTE.values()}
    seen = set()
    with pikepdf.open(build_pdf("a4", "print")) as pdf:
        for page in pdf.pages:
            for name, xobj in (page.obj.Resources.get("/XObject") or {}).items():
                if "chart-" not in str(name):
                    continue
                for operands, op in pikepdf.parse_content_stream(xobj):
                    assert str(op) not in ("rg", "RG", "g", "G", "sc", "scn"), f"{name}: {op}"
                    if str(op) in ("k", "K"):
                        colour = tuple(round(float(v), 3) for v in operands)
                        assert colour in palette, f"{name}: CMYK {colour} is not a palette colour"
                        seen.add(colour)
    assert len(seen) >= 4
