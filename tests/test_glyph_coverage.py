"""Issue 12 row 18, render.py's side: the glyph preflight covers every string the booklet draws, and a control
character in a printed string is refused at its file:line:column.

Coverage is checked against the PDFs themselves: every character painted in a built booklet (read back by
tests/pdfread.py, with the font that paints it) must be in `render.texts_to_set` for that font's role. The
bundled edition is read from the session's builds (A4 in every profile, B5 and A5 on screen); a copy of the
tiny edition with every optional field filled (period, the colophon's publisher, office and printer, a short
title), each with characters found nowhere else, is built once here.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable

import pytest

import render
from content.loader import load_report
from content.model import Report
from fonts.manifest import read_manifest
from tests.pdfread import ParsedPdf, parse_pdf

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny"
SUBTITLE = "  subtitle: 成果報告書\n"
FILLED = (SUBTITLE + "  period: 令和元年〜令和3年（鶴期）\n  colophon:\n    publisher: 鷗外書房\n    office:\n"
          "      name: 鯖江発行所\n      address: 〒248-0000 鰻町1-2\n      url: https://quux.example.jp/zq\n"
          "    printer: 鱒印刷\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def roles_by_font_name() -> dict[str, str]:
    """The PostScript name of each vendored font (as a PDF names it, after the subset tag) → its role."""
    from fontTools.ttLib import TTFont

    fonts, _ = read_manifest()
    return {TTFont(f.path, lazy=True)["name"].getDebugName(6): role for role, f in fonts.items()}


def uncovered(pdf: ParsedPdf, report: Report) -> dict[str, str]:
    """Role → the characters painted in that role's font that the glyph preflight never checked in it."""
    checked: dict[str, set[str]] = defaultdict(set)
    for _, role, text in render.texts_to_set(report):
        checked[role].update(text)
    names = roles_by_font_name()
    missing: dict[str, set[str]] = defaultdict(set)
    for page in pdf.pages:
        for char in page.chars:
            role = names.get(char.fontname.split("+")[-1], char.fontname)
            missing[role].update(ch for ch in char.text if ch not in checked[role] and ch not in " \u3000")
    return {role: "".join(sorted(chars)) for role, chars in missing.items() if chars}


@pytest.mark.parametrize("paper, profile", [("a4", "screen"), ("a4", "print"), ("a4", "archive"),
                                            ("b5", "screen"), ("a5", "screen")])
def test_every_character_the_bundled_booklet_paints_is_checked(paper: str, profile: str, report: Report,
                                                               parsed_pdf: Callable[..., ParsedPdf]) -> None:
    pdf = parsed_pdf(paper, profile)
    assert sum(len(page.chars) for page in pdf.pages) > 10000
    assert uncovered(pdf, report) == {}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    edition = tmp_path_factory.mktemp("filled") / "tiny"
    shutil.copytree(TINY, edition)
    edit(edition / "report.yaml", SUBTITLE, FILLED)
    edit(edition / "sections" / "01-first.yaml", "    title: 最初の公約を実現します。\n",
         "    title: 最初の公約を実現します。\n    short_title: 鴎の索引\n")
    return edition


def test_every_character_of_every_optional_field_is_checked(filled: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    for paper in ("a4", "a5"):
        out = tmp_path / f"{paper}.pdf"
        assert render.main(["build", str(filled), "--paper", paper, "--profile", "screen", "-o", str(out)]) == 0
        capsys.readouterr()
        pdf = parse_pdf(out)
        painted = "".join(ch.text for page in pdf.pages for ch in page.chars)
        for unique in "鷗鯖鰻鱒鶴鴎zq":  # each field's own characters are on the page, and checked
            assert unique in painted, unique
        assert uncovered(pdf, load_report(filled)) == {}


def test_a_missing_glyph_in_any_printed_field_stops_check(filled: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    edition = tmp_path / "tiny"
    shutil.copytree(filled, edition)
    index = edition / "report.yaml"
    for old, new in (("  title: 『テスト計画』", "  title: 『テスト計画😀』"), ("（鶴期）", "（鶴期😀）"),
                     ("鰻町1-2", "鰻町1-2😀"), ("printer: 鱒印刷", "printer: 鱒印刷😀"),
                     ("publisher: 鷗外書房", "publisher: 鷗外書房𠮷")):
        edit(index, old, new)
    edit(edition / "sections" / "01-first.yaml", "short_title: 鴎の索引", "short_title: 鴎の索引😀")
    assert render.main(["check", str(edition)]) == 2
    err = capsys.readouterr().err
    for place in ("edition.title", "edition.period", "edition.colophon.office.address", "edition.colophon.printer",
                  "01-first.yaml:4:5: pledge 1"):
        assert place in err and "U+1F600 GRINNING FACE (😀)" in err, place
    assert "edition.colophon.publisher: U+20BB7" in err
    assert "Traceback" not in err


def _column(path: Path, marker: str) -> tuple[int, int]:
    """The 1-based line of `marker` in the file, and the column of the value after its key."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number, line.index(": ", line.index(marker)) + 3
    raise AssertionError(f"{marker!r} not in {path}")


def test_control_characters_in_printed_strings_are_refused_at_their_place(
        filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Tabs, line breaks, an escape and a bidirectional control in printed fields: `check` and `build` stop
    before the layout, each at its value's file:line:column, the character shown escaped (the input gate
    finds these as it reads; render.py's own check is tested below)."""
    edition = tmp_path / "tiny"
    shutil.copytree(filled, edition)
    index, section = edition / "report.yaml", edition / "sections" / "01-first.yaml"
    edit(index, "  title: 『テスト計画』", '  title: "『テスト\\n計画』"')
    edit(index, SUBTITLE, '  subtitle: "成果\\t報告書"\n')
    edit(index, "period: 令和元年〜令和3年（鶴期）", 'period: "令和元年\\u2028令和3年"')
    edit(index, "publisher: 鷗外書房", 'publisher: "\\e[31m鷗外書房"')
    edit(index, "    label: 市債残高", '    label: "市債\\r残高"')
    edit(section, "title: 第一", 'title: "第一\\u202e"')
    edit(section, "      - bullet: 平成30年度に実施", '      - bullet: "平成30年度に\\t実施"')
    expected = [(index, '  title: "『テスト', "edition.title", "\\n"), (index, "  subtitle:", "edition.subtitle", "\\t"),
                (index, "  period:", "edition.period", "\\u2028"),
                (index, "publisher:", "edition.colophon.publisher", "\\x1b"),
                (index, 'label: "市債', "label", "\\r"), (section, 'title: "第一', "section title", "\\u202e"),
                (section, 'bullet: "平成30', "pledge 1: bullet", "\\t")]
    assert render.main(["check", str(edition)]) == 2
    err = capsys.readouterr().err
    assert f"seika: {len(expected)} problems (edition {render.display_path(index)}):" in err, err
    lines = err.splitlines()
    for path, marker, what, escaped in expected:
        line, column = _column(path, marker)
        at = f"  {render.display_path(path)}:{line}:{column}: "
        assert any(ln.startswith(at) and what in ln and f"({escaped}, U+" in ln for ln in lines), (at, what, err)
    assert "\x1b" not in err and "\u202e" not in err and "\u2028" not in err  # shown escaped, never obeyed
    assert "Traceback" not in err
    from layout import document

    laid: list[str] = []
    monkeypatch.setattr(document, "layout_booklet", lambda report, paper: laid.append(paper))
    assert render.main(["build", str(edition), "--profile", "screen", "-o", str(tmp_path / "x.pdf")]) == 2
    assert not laid and not (tmp_path / "x.pdf").exists()
    assert "edition.subtitle contains a tab" in capsys.readouterr().err


def test_render_refuses_control_characters_in_whatever_it_is_given_to_print(filled: Path) -> None:
    """render.py's check on the strings as the booklet receives them (here put into a loaded report, past the
    gate): each at its value's line and column in the YAML, found again through the gate."""
    report = load_report(filled)
    section = report.sections[0]
    pledge = section.pledges[0]
    bullet = replace(pledge.body[0], text="平成30年度に\t実施")
    report = replace(report, edition=replace(report.edition, subtitle="成果\n報告書\x1b"),
                     sections=(replace(section, pledges=(replace(pledge, body=(bullet,)), *section.pledges[1:])),
                               *report.sections[1:]))
    problems = [str(p) for p in render.control_problems(report)]
    index, section_file = filled / "report.yaml", filled / "sections" / "01-first.yaml"
    line, column = _column(index, "  subtitle:")
    assert problems[0] == (f"{render.display_path(index)}:{line}:{column}: edition.subtitle contains a line break "
                           "(\\n, U+000A) at character 3, an escape character (\\x1b, U+001B), which terminals read as "
                           "a command at character 7 (expected the text on one line: a line break or a space instead)")
    line, column = _column(section_file, "bullet: 平成30")
    assert problems[1].startswith(f"{render.display_path(section_file)}:{line}:{column}: pledge 1: bullet contains a "
                                  "tab (\\t, U+0009) at character 8")
    assert len(problems) == 2
    assert render.control_problems(load_report(filled)) == []
