"""Broken input: every case exits 2 and names the file, the line, the pledge and the fix, with no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import render

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
SECTION = "sections/01-first.yaml"
SUBTITLE = "  subtitle: 成果報告書\n"

BOMB = """title: 第一
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
pledges: *i
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    dest = tmp_path / "tiny"
    shutil.copytree(TINY, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(tiny: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = render.main(["check", str(tiny), *args])
    out = capsys.readouterr()
    return code, out.err


# (file, old, new, fragments every message must contain)
CASES = {
    "yaml-syntax": (SECTION, "title: 最初の公約を実現します。", 'title: "最初の公約を実現します。',
                    ["01-first.yaml:6:12", "YAML syntax error", "the quotation mark opened here is never closed"]),
    "tab-indent": (SECTION, "    status: in_progress", "\tstatus: in_progress",
                   ["01-first.yaml:10:1", "tab is used for indentation", "spaces"]),
    "unknown-status": (SECTION, "status: in_progress", "status: done",
                       ["01-first.yaml:10:13", "pledge 2", "unknown status 'done'", "achieved, in_progress"]),
    "duplicate-number": (SECTION, "  - no: 2", "  - no: 1",
                         ["01-first.yaml:9:5", "pledge 1", "pledge number 1 is used twice", "each number once"]),
    "missing-title": (SECTION, "    title: 二つ目の公約に取り組みます。\n", "",
                      ["01-first.yaml:9:5", "pledge 2", "has no 'title'", "a 'title:' line"]),
    "misspelled-key": (SECTION, "    title: 二つ目", "    titel: 二つ目",
                       ["01-first.yaml:11:5", "pledge 2", "unknown key 'titel'", "did you mean 'title'?"]),
    "wrong-type": (SECTION, "  - no: 2", "  - no: two",
                   ["01-first.yaml:9:9", "'no' is 'two', not a whole number", "a whole number"]),
    "duplicate-key": (SECTION, "    status: in_progress\n", "    status: in_progress\n    status: achieved\n",
                      ["01-first.yaml:11:5", "pledge 2", "duplicate key 'status'", "first given on line 10"]),
    "count-disagrees": ("sections/02-second.yaml", "    status: ○", "    status: △",
                        ["report.yaml:21:5", "○達成が3項目（約75%）", "states 3", "section files mark 2"]),
    "figure-not-in-source": ("report.yaml", "value: 2371}", "value: 2372}",
                             ["report.yaml:46:13", "pledge 2", "2372", "does not occur in pledge 2"]),
    "alias-bomb": (SECTION, None, BOMB,
                   ["01-first.yaml:2:4", "anchors and aliases", "every value written out in full"]),
    "empty-file": (SECTION, None, "# nothing here yet\n", ["01-first.yaml:1:1", "the file is empty"]),
    "circled-digit": (SECTION, "  - no: 2", "  - no: ②", ["01-first.yaml:9:9", "'no' is '②', not a whole number"]),
    "impossible-date": ("report.yaml", "release_date: 2021-10-01", "release_date: 2021-02-30",
                        ["report.yaml:11:17", "'2021-02-30', not a date", "a real date"]),
    "claim-not-in-preface": ("report.yaml", "  - ○達成が3項目（約75%）\n", "  - ○達成が3項目です\n",
                             ["report.yaml:21:5", "does not occur in the preface"]),
    "section-outside-edition": ("report.yaml", "  - sections/02-second.yaml", "  - ../elsewhere.yaml",
                                ["report.yaml:50:5", "is outside the edition folder"]),
    # the colophon, added after edition.subtitle (line 13), so `colophon:` is line 14
    "colophon-not-a-mapping": ("report.yaml", SUBTITLE, SUBTITLE + "  colophon: 発行者の名前\n",
                               ["report.yaml:14:13", "edition.colophon is not a mapping", "key: value lines"]),
    "colophon-unknown-key": ("report.yaml", SUBTITLE, SUBTITLE + "  colophon:\n    publsher: 発行者の名前\n",
                             ["report.yaml:15:5", "unknown key 'publsher' in edition.colophon",
                              "did you mean 'publisher'?"]),
    "colophon-wrong-type": ("report.yaml", SUBTITLE, SUBTITLE + "  colophon:\n    printer: [甲, 乙]\n",
                            ["report.yaml:15:14", "edition.colophon.printer is a list", "expected text"]),
    "colophon-office-unknown-key": ("report.yaml", SUBTITLE,
                                    SUBTITLE + "  colophon:\n    office:\n      name: 発行所\n      tel: 0467\n",
                                    ["report.yaml:17:7", "unknown key 'tel' in edition.colophon.office",
                                     "one of address, name, url"]),
    "colophon-url-not-web": ("report.yaml", SUBTITLE,
                             SUBTITLE + "  colophon:\n    office:\n      name: 発行所\n      url: www.example.jp\n",
                             ["report.yaml:17:12", "edition.colophon.office.url 'www.example.jp' is not a web address",
                              "http:// or https://"]),
    "colophon-office-without-name": ("report.yaml", SUBTITLE,
                                     SUBTITLE + "  colophon:\n    office:\n      address: 〒000-0000 所在地\n",
                                     ["report.yaml:16:7", "has an address or URL but no name"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_is_reported_with_its_line(name: str, tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel, old, new, fragments = CASES[name]
    path = tiny / rel
    if old is None:
        path.write_text(new, encoding="utf-8")
    else:
        edit(path, old, new)
    code, err = run(tiny, capsys)
    assert code == 2, err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    assert "Traceback" not in err


def test_non_utf8_file(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny / SECTION
    path.write_bytes("title: 第一\npledges: []\n".encode("shift_jis"))
    code, err = run(tiny, capsys)
    assert code == 2
    assert "01-first.yaml:1:8" in err and "not UTF-8" in err and "save the file as UTF-8" in err


def test_missing_section_file(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / SECTION).unlink()
    code, err = run(tiny, capsys)
    assert code == 2
    assert "report.yaml:49:5" in err and "section file 'sections/01-first.yaml' does not exist" in err


def test_missing_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = render.main(["check", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2 and "nowhere: there is no such edition folder or file" in err
    assert "the bundled editions in content/editions: kamakura-2021" in err


def test_all_problems_are_collected(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, "status: in_progress", "status: done")
    edit(tiny / "sections/02-second.yaml", "    title: 三つ目", "    titel: 三つ目")
    code, err = run(tiny, capsys)
    assert code == 2
    assert "3 problems" in err and "has no 'title'" in err and "unknown status 'done'" in err and "unknown key 'titel'" in err


def test_change_claim_outside_stated_rounding(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / "report.yaml", "約3億円削減しました。\n", "約4億円削減しました。\n")
    edit(tiny / "report.yaml", "text: 約3億円削減しました。", "text: 約4億円削減しました。")
    code, err = run(tiny, capsys)
    assert code == 2 and "約4億円削減しました。" in err and "-2.5億円" in err


def test_percentage_must_match_rounding(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for old, new in [("- ○達成が3項目（約75%）", "- ○達成が3項目（約70%）"),
                     ("text: ○達成が3項目（約75%）", "text: ○達成が3項目（約70%）")]:
        edit(tiny / "report.yaml", old, new)
    code, err = run(tiny, capsys)
    assert code == 2 and "states 70%" in err and "rounds to 75%" in err


def test_cli_subprocess_has_no_traceback(tiny: Path) -> None:
    edit(tiny / SECTION, "status: in_progress", "status: done")
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "check", str(tiny)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "unknown status 'done'" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("char, code", [("✕", "U+2715 MULTIPLICATION X"), ("𠮷", "U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7")])
def test_missing_glyph_stops_with_pledge_and_code_point(tiny: Path, capsys: pytest.CaptureFixture[str],
                                                        char: str, code: str) -> None:
    edit(tiny / "sections/02-second.yaml", "title: 四つ目の公約。", f"title: 四つ目の{char}公約。")
    edit(tiny / SECTION, "bullet: 平成30年度に実施", f"bullet: 平成30年度に{char}実施")
    code_, err = run(tiny, capsys)
    assert code_ == 2
    assert "01-first.yaml:4:5: pledge 1: " in err and "02-second.yaml:8:5: pledge 4: " in err
    assert f"{code} ({char}) is not in the" in err and "Traceback" not in err


def test_broken_errata_is_a_problem_not_a_crash(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text("- pledge: 1\n  seed: 実施\n  correction: 実行\n  kind: typo\n  reason: x\n",
                                      encoding="utf-8")
    code, err = run(tiny, capsys)
    assert code == 2 and "errata.yaml" in err and "kind 'typo'" in err and "Traceback" not in err


def test_never_writes_over_an_edition_file(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text("[]\n", encoding="utf-8")
    for name in ("errata.yaml", "seed.txt"):
        before = (tiny / name).read_bytes()
        assert render.main(["export-json", str(tiny), "-o", str(tiny / name)]) == 2
        assert "refusing to overwrite a source file" in capsys.readouterr().err
        assert (tiny / name).read_bytes() == before


def test_output_path_ending_in_a_separator_is_a_folder(tiny: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main(["export-json", str(tiny), "-o", str(tmp_path / "newdir") + "/"]) == 2
    assert "is a folder" in capsys.readouterr().err and not (tmp_path / "newdir").exists()


def test_a_figure_the_charts_cannot_draw(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (tiny / "report.yaml").read_text(encoding="utf-8").replace("  - id: pupils", "  - id: childcare")
    (tiny / "report.yaml").write_text(text, encoding="utf-8")
    code, err = run(tiny, capsys)
    assert code == 2 and "the charts cannot use the figures" in err and "Traceback" not in err
