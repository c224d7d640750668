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
    where = render.display_path(index)
    expected = [
        (index, "  title: \"『テスト", "edition.title has U+000A LINE FEED (\\n, a line break) at character 5"),
        (index, "  subtitle:", "edition.subtitle has U+0009 CHARACTER TABULATION (\\t, a tab) at character 3"),
        (index, "  period:", "edition.period has U+2028 LINE SEPARATOR (\\u2028, a line break) at character 5"),
        (index, "publisher:", "edition.colophon.publisher has U+001B ESCAPE (\\x1b) at character 1"),
        (index, "label: \"市債", "figure debt: label has U+000D CARRIAGE RETURN (\\r, a line break) at character 3"),
        (section, "title: \"第一", "the section title has U+202E RIGHT-TO-LEFT OVERRIDE (\\u202e) at character 3"),
        (section, "bullet: \"平成30", "pledge 1: a bullet has U+0009 CHARACTER TABULATION (\\t, a tab) at character 8"),
    ]
    assert render.main(["check", str(edition)]) == 2
    err = capsys.readouterr().err
    assert f"seika: {len(expected)} problems (edition {where}):" in err, err
    for path, marker, message in expected:
        line, column = _column(path, marker)
        assert f"  {render.display_path(path)}:{line}:{column}: {message}, which cannot be printed (expected" in err, \
            (message, err)
    assert "\x1b" not in err and "\u202e" not in err and "\u2028" not in err  # shown escaped, never obeyed
    assert "Traceback" not in err
    from layout import document

    laid: list[str] = []
    monkeypatch.setattr(document, "layout_booklet", lambda report, paper: laid.append(paper))
    assert render.main(["build", str(edition), "--profile", "screen", "-o", str(tmp_path / "x.pdf")]) == 2
    assert not laid and not (tmp_path / "x.pdf").exists()
    assert "which cannot be printed" in capsys.readouterr().err
