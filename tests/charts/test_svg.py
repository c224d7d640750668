"""The charts' SVG: deterministic, self-contained, drawn from the report's data, and carrying its labels."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

import charts.draw
from charts.draw import build_charts
from charts.spec import chart_texts
from charts.draw.export import clear_cache
from charts.draw.theme import chart_fonts
from charts.spec import SPECS
from content.model import Report, Status
from layout.figures import chart_colours
from tests.charts.util import SIZE, svg_text_styles, svg_texts, with_value

ROOT = Path(__file__).resolve().parents[2]
IDS = ["debt", "funds", "population", "childcare", "status"]


@pytest.fixture(scope="module")
def svgs(report: Report) -> dict[str, str]:
    return build_charts(report, chart_colours(), **SIZE)


def fresh(report: Report, colours: dict[str, str] | None = None) -> dict[str, str]:
    clear_cache()
    return build_charts(report, colours or chart_colours(), **SIZE)


def test_every_chart_is_built(svgs: dict[str, str]) -> None:
    assert list(svgs) == IDS
    for chart_id, svg in svgs.items():
        assert svg.startswith("<?xml") and "<svg" in svg, chart_id


def test_same_input_same_bytes(report: Report) -> None:
    first = fresh(report)
    second = fresh(report)
    for chart_id in IDS:
        assert first[chart_id].encode() == second[chart_id].encode(), chart_id


def test_no_date_text_as_text_and_fixed_ids(svgs: dict[str, str]) -> None:
    for chart_id, svg in svgs.items():
        assert "<dc:date>" not in svg, chart_id
        assert "<text" in svg and "<path id=\"DejaVu" not in svg, chart_id  # fonttype none: no glyph outlines
        assert "opacity" not in svg, chart_id
        assert "<image" not in svg, chart_id


def test_self_contained_with_an_empty_fontconfig(report: Report, tmp_path: Path) -> None:
    """With no fontconfig fonts and a fresh matplotlib config, the charts are the same bytes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n',
                    encoding="utf-8")
    (tmp_path / "mpl").mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("FONTCONFIG_PATH", None)
    colours = chart_colours()
    code = ("import json, sys\nfrom content.loader import load_report\nfrom charts.draw import build_charts\n"
            f"svgs = build_charts(load_report(), json.loads({json.dumps(json.dumps(colours))}), "
            f"width_mm={SIZE['width_mm']}, height_mm={SIZE['height_mm']})\n"
            "sys.stdout.buffer.write(json.dumps(svgs).encode('utf-8'))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    isolated = json.loads(run.stdout.decode("utf-8"))
    here = fresh(report, colours)
    for chart_id in IDS:
        assert isolated[chart_id] == here[chart_id], chart_id


def test_a_same_named_system_font_is_never_used(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    """A decoy 'BIZ UDGothic' (another file) ahead of every font changes nothing: all text is bound to the
    vendored files, so the metrics, and so the positions in the SVG, cannot come from an installed font."""
    here = fresh(report)
    decoy = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    family = chart_fonts().family
    decoys = [font_manager.FontEntry(fname=decoy, name=family, weight=w, size="scalable") for w in (400, 700)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", decoys + font_manager.fontManager.ttflist)
    font_manager.FontManager._findfont_cached.cache_clear()
    try:
        live = font_manager.findfont(font_manager.FontProperties(family=family))
        assert os.fspath(live) == decoy  # the decoy is what a lookup by family name would now find
        assert fresh(report) == here
    finally:
        monkeypatch.undo()
        font_manager.FontManager._findfont_cached.cache_clear()


def test_a_changed_value_changes_only_its_chart(report: Report, svgs: dict[str, str]) -> None:
    changed = build_charts(with_value(report, "debt", 0, 1, "650.0"), chart_colours(), **SIZE)
    assert changed["debt"] != svgs["debt"]
    assert "650.0億円" in changed["debt"] and "\u2212149.5億円" in changed["debt"]
    assert "691.8" not in changed["debt"]
    assert all(changed[c] == svgs[c] for c in IDS if c != "debt")


@pytest.mark.parametrize(("figure_id", "series", "point", "value", "printed"), [
    ("funds", 0, 0, "90.1", "90.1億円"),
    ("population", 0, 1, "175000", "175,000人"),
    ("childcare", 0, 0, "2400", "2,400"),
    ("childcare", 2, 4, "12", "12"),
])
def test_each_figure_is_data_driven(report: Report, svgs: dict[str, str], figure_id: str, series: int,
                                    point: int, value: str, printed: str) -> None:
    changed = build_charts(with_value(report, figure_id, series, point, value), chart_colours(), **SIZE)
    assert changed[figure_id] != svgs[figure_id]
    assert printed in svg_texts(changed[figure_id])


def test_zero_waiting_children_and_zero_values_still_draw(report: Report) -> None:
    """待機児童ゼロ is the pledge's goal: an all-zero line (and an all-zero figure) must still draw."""
    zero = report
    for point in range(5):
        zero = with_value(zero, "childcare", 2, point, "0")
    for point in range(2):
        zero = with_value(zero, "funds", 0, point, "0")
    built = build_charts(zero, chart_colours(), **SIZE)
    assert svg_texts(built["childcare"]).count("0") >= 5
    assert "0億円" in svg_texts(built["funds"]) and "±0億円" in svg_texts(built["funds"])


def test_a_changed_status_changes_the_status_chart(report: Report, svgs: dict[str, str]) -> None:
    section = report.sections[0]
    pledge = replace(section.pledges[0], status=Status.NOT_ACHIEVED)
    sections = (replace(section, pledges=(pledge, *section.pledges[1:])), *report.sections[1:])
    changed = build_charts(replace(report, sections=sections), chart_colours(), **SIZE)
    assert changed["status"] != svgs["status"]
    texts = svg_texts(changed["status"])
    assert "○24" in texts and "×1" in texts


EXPECTED = {
    "debt": ["市債残高", "799.5", "691.8", "\u2212107.7億円", "平成29年度末", "令和2年度末", "億円", "出典: 成果報告書 冒頭"],
    "funds": ["基金", "100.6", "102.3", "+1.7億円", "出典: 成果報告書 冒頭"],
    "population": ["総人口", "176,242", "177,053", "+811人", "住民基本台帳", "平成29年", "令和2年"],
    "childcare": ["待機児童", "定員", "受入", "2,371", "2,483", "2,878", "2,867", "109", "45", "4月1日",
                  "出典: 成果報告書 公約2"],
    "status": ["○25", "△11", "×1", "×2", "達成", "取組中", "未達成", "全170項目"],
}


@pytest.mark.parametrize("chart_id", IDS)
def test_labels_and_values_are_in_the_svg(svgs: dict[str, str], chart_id: str) -> None:
    joined = "".join(svg_texts(svgs[chart_id]))
    missing = [label for label in EXPECTED[chart_id] if label not in joined]
    assert not missing, f"{chart_id} lacks {missing}"


def test_section_names_and_marks_in_the_status_chart(report: Report, svgs: dict[str, str]) -> None:
    joined = "".join(svg_texts(svgs["status"]))
    for section in report.sections:
        assert section.title in joined
    assert "\u00d7" in joined and "\u2715" not in svgs["status"]


def test_text_is_in_the_vendored_family_only(svgs: dict[str, str]) -> None:
    for chart_id, svg in svgs.items():
        families = {re.search(r"font-family: ([^;]+)", s)[1] for s in svg_text_styles(svg)}  # type: ignore[index]
        assert families == {"'BIZ UDGothic'"}, chart_id


def test_chart_texts_lists_every_printed_string(report: Report, svgs: dict[str, str]) -> None:
    listed: dict[str, list[str]] = {}
    for chart_id, text in chart_texts(report):
        listed.setdefault(chart_id, []).append(text)
    assert list(listed) == IDS
    for chart_id, svg in svgs.items():
        unlisted = [line for line in svg_texts(svg) if not any(line in t for t in listed[chart_id])]
        assert not unlisted, f"{chart_id} prints {unlisted}, which chart_texts does not list"


def test_every_spec_has_a_drawing_in_the_booklet_order() -> None:
    assert list(SPECS) == IDS and list(charts.draw.DRAW) == IDS


def test_unchanged_charts_come_from_the_cache(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh(report)
    drawn: list[str] = []
    real = charts.draw.to_svg
    monkeypatch.setattr(charts.draw, "to_svg", lambda fig, chart_id: drawn.append(chart_id) or real(fig, chart_id))
    assert build_charts(report, chart_colours(), **SIZE) == first
    assert drawn == []
    build_charts(with_value(report, "funds", 0, 1, "103.0"), chart_colours(), **SIZE)
    assert drawn == ["funds"]


def test_colours_are_checked(report: Report) -> None:
    colours = chart_colours()
    del colours["accent"]
    with pytest.raises(ValueError, match="accent"):
        build_charts(report, colours, **SIZE)
    with pytest.raises(ValueError, match="rrggbb"):
        build_charts(report, {**chart_colours(), "tint": "lightblue"}, **SIZE)


def test_a_colour_passed_in_is_the_colour_drawn(report: Report, svgs: dict[str, str]) -> None:
    changed = build_charts(report, {**chart_colours(), "accent": "#123456"}, **SIZE)
    assert "#123456" in changed["debt"] and "#123456" not in svgs["debt"]
