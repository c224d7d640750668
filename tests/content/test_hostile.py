"""Hostile editions, one test (or one parametrised family) per row of issue 12 that the content stage owns.

Each test makes its hostile edition in a temporary folder (from tests/fixtures/tiny, or from a copy of the
bundled edition where the seed must parse), runs `check` (through `render.main`, or as a subprocess where a
FIFO could hang the run), and asserts the exit code 2, the located message and that no traceback appears.
Where a file outside the edition is involved, it holds a recognisable canary, and the tests assert that no
byte of it reaches the output and, with an audit hook, that it was never opened. Caps are shown to fire: the
message names the limit. A subprocess timeout is only a guard.

Rows: 4 confinement, 5 regular files and one size cap, 6 the safe loader (aliases, repr), 7 located errata
errors all at once, 8 nesting depth and no dependency on libyaml, 9 bounded numbers, 12 claim length and
linear claim patterns, 18 (content side) control characters in titles, 19 errata against the seed, 21
line:column in characters and escaped control characters, 22 plain wording, 23 both places, the exact item,
the editions listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import render
from content.checks import _CHANGE_CLAIM, _COUNT_CLAIM
from content.gate import LIMITS, yaml_backend
from content.loader import DEFAULT_EDITION, load_report
from content.model import STATUS_MARKS, STATUS_WORDS, Status

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
SECTION = "sections/01-first.yaml"
CANARY = "CANARY-5e1f0c root:x:0:0:seika-must-never-read-this"
MIB = 1024 * 1024

# ---------------------------------------------------------------- helpers

_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))  # type: ignore[arg-type]


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside `recording_opens`


@contextlib.contextmanager
def recording_opens() -> Iterator[list[str]]:
    """Every path opened (open(), os.open()) while the block runs, resolved."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    dest = tmp_path / "tiny"
    shutil.copytree(TINY, dest)
    return dest


@pytest.fixture()
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled edition, whose seed parses (for the errata rules)."""
    dest = tmp_path / "kamakura"
    shutil.copytree(DEFAULT_EDITION, dest)
    return dest


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    """A recognisable file outside every edition."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"- pledge: 1\n  seed: {CANARY}\n", encoding="utf-8")
    return path


@pytest.fixture(params=["libyaml", "python"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with libyaml's parser, and again with PyYAML's C extension taken away."""
    if request.param == "python":
        for name in [n for n in dir(yaml) if n.startswith("C") and ("Loader" in n or "Parser" in n)]:
            monkeypatch.delattr(yaml, name)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml")
    assert yaml_backend() == request.param
    return request.param


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(edition: Path | str, capsys: pytest.CaptureFixture[str]) -> str:
    """`check EDITION` in-process: asserts exit 2 and no traceback; returns stdout + stderr."""
    code = render.main(["check", str(edition)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 2, text
    assert "Traceback" not in text
    return text


def check_subprocess(edition: Path) -> str:
    """`python render.py check EDITION` as a subprocess (the timeout is a guard, not the assertion)."""
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "check", str(edition)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text
    assert "Traceback" not in text
    return text


def assert_has(text: str, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def assert_secret_untouched(text: str, secret: Path, opened: list[str]) -> None:
    assert CANARY not in text and "root:x:0:0" not in text
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in text
    assert os.path.realpath(secret) not in opened, "the file outside the edition was opened"


# ---------------------------------------------------------------- row 4: every input confined

@pytest.mark.parametrize("name", ["../outside/secret.txt", "ABSOLUTE", "sub/../../outside/secret.txt"])
def test_row4_seed_outside_the_edition_is_refused_and_never_opened(
        name: str, tiny: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = str(secret) if name == "ABSOLUTE" else name
    edit(tiny / "report.yaml", "seed: seed.txt", f"seed: {name}")
    with recording_opens() as opened:
        text = check(tiny, capsys)
    assert_has(text, f"report.yaml:6:9: source.seed '{name}' is outside the edition folder",
               "seika reads nothing outside it")
    assert_secret_untouched(text, secret, opened)


def test_row4_the_issue_s_passwd_path_is_refused_unopened(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / "report.yaml", "seed: seed.txt", "seed: ../../../../../../../../../../etc/passwd")
    with recording_opens() as opened:
        text = check(tiny, capsys)
    assert_has(text, "report.yaml:6:9: source.seed '../../../../../../../../../../etc/passwd' is outside the "
               "edition folder")
    assert "/etc/passwd" not in opened and "root:" not in text


@pytest.mark.parametrize("link, fragment", [
    ("errata.yaml", "errata.yaml: the file is outside the edition folder (it leads to '"),
    (SECTION, "report.yaml:49:5: section file 'sections/01-first.yaml' is outside the edition folder (it leads to"),
    ("seed.txt", "report.yaml:6:9: source.seed 'seed.txt' is outside the edition folder (it leads to"),
    ("SHA256SUMS", "SHA256SUMS: the file is outside the edition folder (it leads to"),
])
def test_row4_a_symlink_out_of_the_edition_is_refused_and_never_followed(
        link: str, fragment: str, tiny: Path, secret: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tiny / link
    target.unlink(missing_ok=True)
    target.symlink_to(secret)
    with recording_opens() as opened:
        text = check(tiny, capsys)
    assert_has(text, fragment)
    assert_secret_untouched(text, secret, opened)


def test_row4_a_symlinked_folder_out_of_the_edition_is_refused(tiny: Path, secret: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    (secret.parent / "01-first.yaml").write_text(f"title: {CANARY}\npledges: []\n", encoding="utf-8")
    shutil.rmtree(tiny / "sections")
    (tiny / "sections").symlink_to(secret.parent, target_is_directory=True)
    with recording_opens() as opened:
        text = check(tiny, capsys)
    assert_has(text, "report.yaml:49:5: section file 'sections/01-first.yaml' is outside the edition folder",
               "report.yaml:50:5: section file 'sections/02-second.yaml' is outside the edition folder")
    assert CANARY not in text and not [p for p in opened if p.startswith(str(secret.parent))]


def test_row4_a_symlink_inside_the_edition_is_followed(tiny: Path) -> None:
    """Confinement is about where a file really is: a link to another file of the edition is fine."""
    (tiny / "source").mkdir()
    (tiny / "seed.txt").rename(tiny / "source" / "seed.txt")
    (tiny / "seed.txt").symlink_to(Path("source") / "seed.txt")
    report = load_report(tiny)
    assert report.source.seed == tiny / "source" / "seed.txt"


def test_row4_check_opens_only_the_edition_and_seika_s_own_files(tiny: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A clean check of an edition next to another edition: every file opened is in this edition, or is
    seika's own code and data (fonts' coverage table) or Python's; nothing of the other edition."""
    other = tmp_path / "other"
    shutil.copytree(TINY, other)
    (tiny / "errata.yaml").write_text("[]\n", encoding="utf-8")
    with recording_opens() as opened:
        code = render.main(["check", str(tiny)])
    assert code == 0, capsys.readouterr().err
    root = os.path.realpath(ROOT)
    own = [os.path.join(root, d) for d in ("content", "fonts", "charts", "layout")]
    python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, *sys.path) if p}
    python = {p for p in python if not (p + os.sep).startswith(root + os.sep)}  # the repository is not "Python"
    edition = os.path.realpath(tiny)
    strays = [p for p in opened if not p.startswith(edition + os.sep)
              and not any(p.startswith(d + os.sep) for d in own) and not any(p.startswith(d) for d in python)]
    assert not strays, strays
    for elsewhere in (os.path.realpath(other), os.path.join(root, "content", "editions")):
        assert not [p for p in opened if p.startswith(elsewhere + os.sep)], f"{elsewhere} was read"
    assert os.path.realpath(tiny / "report.yaml") in opened and os.path.realpath(tiny / "seed.txt") in opened


# ---------------------------------------------------------------- row 5: regular files, one size cap

@pytest.mark.parametrize("name, fragment", [
    ("seed.txt", "report.yaml:6:9: source.seed 'seed.txt' is a FIFO (named pipe), not a regular file"),
    ("errata.yaml", "errata.yaml: the file is a FIFO (named pipe), not a regular file"),
    (SECTION, "report.yaml:49:5: section file 'sections/01-first.yaml' is a FIFO (named pipe), not a regular file"),
])
def test_row5_a_fifo_is_refused_without_opening_it(name: str, fragment: str, tiny: Path) -> None:
    path = tiny / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    assert_has(check_subprocess(tiny), fragment)  # opening a FIFO for reading would block: it is never opened


@pytest.mark.parametrize("edit_report, link, fragment", [
    (("seed: seed.txt", "seed: /dev/zero"), None, "report.yaml:6:9: source.seed '/dev/zero' is outside the edition"),
    (None, "seed.txt",
     "report.yaml:6:9: source.seed 'seed.txt' is outside the edition folder (it leads to '/dev/zero')"),
    (None, "errata.yaml", "errata.yaml: the file is outside the edition folder (it leads to '/dev/zero')"),
])
def test_row5_a_device_is_never_read(edit_report: tuple[str, str] | None, link: str | None, fragment: str,
                                     tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if edit_report:
        edit(tiny / "report.yaml", *edit_report)
    if link:
        (tiny / link).unlink(missing_ok=True)
        (tiny / link).symlink_to("/dev/zero")
    with recording_opens() as opened:
        text = check(tiny, capsys)
    assert_has(text, fragment)
    assert "/dev/zero" not in opened


@pytest.mark.parametrize("name, fragment", [
    ("report.yaml", "report.yaml: the file is larger than the limit of 16 MiB (16,777,216 bytes)"),
    (SECTION, "report.yaml:49:5: section file 'sections/01-first.yaml' is larger than the limit of 16 MiB "
              "(16,777,216 bytes)"),
    ("seed.txt", "report.yaml:6:9: source.seed 'seed.txt' is larger than the limit of 16 MiB (16,777,216 bytes)"),
    ("errata.yaml", "errata.yaml: the file is larger than the limit of 16 MiB (16,777,216 bytes)"),
])
def test_row5_one_size_cap_for_every_file(name: str, fragment: str, tiny: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert LIMITS.max_bytes == 16 * MIB
    path = tiny / name
    with open(path, "ab") as handle:  # sparse: one byte over the cap costs no disk
        handle.truncate(16 * MIB + 1)
    assert_has(check(tiny, capsys), fragment)


def test_row5_a_folder_is_not_a_file(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").mkdir()
    edit(tiny / "report.yaml", "seed: seed.txt", "seed: sections")
    assert_has(check(tiny, capsys), "report.yaml:6:9: source.seed 'sections' is a folder, not a file",
               "errata.yaml: the file is a folder, not a file")


# ---------------------------------------------------------------- row 6: one safe loader, no repr()

BOMB = """- &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
- &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
- &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
- &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
- &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
- &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
- &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_row6_an_alias_bomb_in_errata_is_refused_at_its_first_anchor(
        backend: str, tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text(BOMB, encoding="utf-8")
    assert_has(check(tiny, capsys), "errata.yaml:1:3: anchors and aliases (&name, *name) are not allowed",
               "expected every value written out in full")


@pytest.mark.parametrize("where", ["errata.yaml", SECTION, "report.yaml"])
def test_row6_tags_are_refused_in_every_file(where: str, tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny / where
    if where == "errata.yaml":
        path.write_text("- !!python/object:os.system {pledge: 1}\n", encoding="utf-8")
        fragment = "errata.yaml:1:3: YAML tags (!name, !!type) are not allowed"
    elif where == SECTION:
        edit(path, "title: 第一", "title: !!binary 5LiA")
        fragment = "01-first.yaml:2:8: YAML tags (!name, !!type) are not allowed"
    else:
        edit(path, "number: 1", "number: !!int 1")
        fragment = "report.yaml:10:11: YAML tags (!name, !!type) are not allowed"
    assert_has(check(tiny, capsys), fragment)


def test_row6_user_data_is_never_repr_d(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text('- pledge: "x\\e[2Jy"\n  seed: "a\'b"\n  correction: c\n  kind: "ty\\e[31mpo"\n'
                                      "  reason: r\n- [1, 2]\n", encoding="utf-8")
    text = check(tiny, capsys)
    assert_has(text, "errata.yaml:1:11: erratum 1: pledge contains an escape character (\\x1b, U+001B)",
               "errata.yaml:4:9: erratum 1: kind contains an escape character (\\x1b, U+001B)",
               "errata.yaml:6:3: erratum 2 is not a mapping")
    assert "\x1b" not in text and "{'" not in text and "Erratum(" not in text and "['" not in text


# ---------------------------------------------------------------- row 7: errata errors located, all at once

def test_row7_an_errata_syntax_error_is_located_in_plain_words(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = "".join(f"- pledge: 1\n  seed: a{n}\n  correction: b\n  kind: ocr\n  reason: r\n" for n in range(4))
    (tiny / "errata.yaml").write_text(good + '- pledge: 1\n  seed: "unclosed\n', encoding="utf-8")
    text = check(tiny, capsys)
    assert_has(text, "errata.yaml:22:9: YAML syntax error: the quotation mark opened here is never closed")
    assert "<unicode string>" not in text and 'in "' not in text and "scanning" not in text


def column_of(line: str, fragment: str) -> int:
    """The 1-based column at which `fragment` starts in `line`."""
    return line.index(fragment) + 1


def test_row7_every_errata_problem_is_reported_at_once(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["- {pledge: 1, seed: a, correction: b, kind: typo, reason: r}",
             "- {pledge: 1, seed: a, correction: b, kind: ocr}",
             "- {pledge: 1, seed: a, correction: b, kind: ocr, reason: r, count: 0}",
             "- {pledge: one, seed: a, correction: b, kind: ocr, reason: r, colour: red}"]
    (tiny / "errata.yaml").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    edit(tiny / SECTION, "status: in_progress", "status: done")
    text = check(tiny, capsys)
    assert_has(text, "6 problems",
               f"errata.yaml:1:{column_of(lines[0], 'typo')}: erratum 1: kind 'typo' is not one of ocr, "
               "source-typo, uncertain",
               "errata.yaml:2:3: erratum 2 has no 'reason'",
               f"errata.yaml:3:{column_of(lines[2], '0}')}: erratum 3: count is 0 (expected a whole number from 1 up)",
               f"errata.yaml:4:{column_of(lines[3], 'one')}: erratum 4: pledge 'one' is not a pledge number",
               f"errata.yaml:4:{column_of(lines[3], 'colour')}: unknown key 'colour' in erratum 4",
               "01-first.yaml:10:13: pledge 2: unknown status 'done'")


# ---------------------------------------------------------------- row 8: depth, and no dependency on libyaml

@pytest.mark.parametrize("where", ["errata.yaml", SECTION, "report.yaml"])
def test_row8_nesting_1000_deep_is_a_located_error(backend: str, where: str, tiny: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / where).write_text("[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    text = check(tiny, capsys)
    assert_has(text, f"{Path(where).name}:1:33: the values are nested more than 32 levels deep (the limit)")
    assert "RecursionError" not in text


def test_row8_block_nesting_1000_deep_is_a_located_error(backend: str, tiny: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text("".join(" " * n + f"k{n}:\n" for n in range(1000)), encoding="utf-8")
    assert_has(check(tiny, capsys), "errata.yaml:33:33: the values are nested more than 32 levels deep")


def test_row8_every_file_is_read_without_the_c_parser(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], tiny: Path) -> None:
    """With PyYAML's C extension taken away, the bundled edition checks clean and a broken one is reported
    at the same place with the same words."""
    edit(tiny / SECTION, "status: in_progress", "status: done")
    with_c = check(tiny, capsys)
    for name in [n for n in dir(yaml) if n.startswith("C") and ("Loader" in n or "Parser" in n)]:
        monkeypatch.delattr(yaml, name)
    assert yaml_backend() == "python"
    assert render.main(["check"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert check(tiny, capsys) == with_c


# ---------------------------------------------------------------- row 9: bounded values

@pytest.mark.parametrize("rel, old, new, fragment", [
    (SECTION, "  - no: 2", "  - no: " + "1" * 5000,
     "01-first.yaml:9:9: the pledge number 'no' has 5,000 digits, more than the limit of 9"),
    ("report.yaml", "number: 1", "number: " + "7" * 4301,
     "report.yaml:10:11: edition.number has 4,301 digits, more than the limit of 9"),
    ("report.yaml", "value: 2371}", "value: " + "9" * 309 + "}",
     "report.yaml:46:38: point value has 309 digits, more than the limit of 15"),
    ("report.yaml", "source: 2\n", "source: " + "2" * 5000 + "\n",
     "report.yaml:42:13: figure source '22222"),
])
def test_row9_numbers_are_bounded(rel: str, old: str, new: str, fragment: str, tiny: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / rel, old, new)
    text = check(tiny, capsys)
    assert_has(text, fragment)
    assert "int_max_str_digits" not in text and "Exceeds the limit" not in text


def test_row9_numbers_in_errata_and_claims_are_bounded(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = f"- {{pledge: 1, seed: a, correction: b, kind: ocr, reason: r, count: {'3' * 5000}}}"
    (tiny / "errata.yaml").write_text(line + "\n", encoding="utf-8")
    text = check(tiny, capsys)
    assert_has(text, f"errata.yaml:1:{column_of(line, '333')}: erratum 1: count has 5,000 digits, more than the "
               "limit of 9")
    (tiny / "errata.yaml").unlink()
    huge = "1" * 5000
    for old, new in [("- ○達成が3項目（約75%）", f"- ○達成が{huge}項目（約75%）"),
                     ("text: ○達成が3項目（約75%）", f"text: ○達成が{huge}項目（約75%）")]:
        edit(tiny / "report.yaml", old, new)
    text = check(tiny, capsys)
    assert_has(text, "report.yaml:21:5: a number in the claim '○達成が1111", "has 5,000 digits, more than the limit of 9")


def test_row9_a_long_decimal_in_a_change_claim_is_bounded(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Decimal arithmetic with the default 28 digits would fail on a 40-place claim: the claim is refused first."""
    places = "0" * 39 + "1"
    for old in ("- 約3億円削減しました。", "text: 約3億円削減しました。"):
        edit(tiny / "report.yaml", old, old.replace("約3億円", f"約3.{places}億円"))
    assert_has(check(tiny, capsys), "report.yaml:25:5: a number in the claim '約3.000", "has 41 digits, more "
               "than the limit of 15")


# ---------------------------------------------------------------- row 12: claims, capped and parsed linearly

def test_row12_a_40_kb_claim_hits_the_text_cap(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = "1" * 40_000
    edit(tiny / "report.yaml", "text: ○達成が3項目（約75%）", f"text: {long}")
    assert_has(check(tiny, capsys), "report.yaml:22:11: claim text is 40,000 characters long, more than the "
               "limit of 10,000 characters for one text")


def test_row12_an_adversarial_claim_under_the_cap_is_read_to_its_end(tiny: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """9,990 digits with no 項目 after them: the old patterns retried the run from every digit (quadratic);
    these can start a number only where a digit run starts, and the claim is reported, not hung on."""
    claim = "1" * 9_990 + "項目です"
    for old in ("- ○達成が3項目（約75%）", "text: ○達成が3項目（約75%）"):
        edit(tiny / "report.yaml", old, old.replace("○達成が3項目（約75%）", claim))
    assert_has(check(tiny, capsys), "report.yaml:21:5: cannot read a count from the claim '1111")


def test_row12_the_claim_patterns_cannot_start_inside_a_digit_run() -> None:
    """What makes a search linear: a match can start only at the first digit of a run, so a long run is tried
    once, not once per digit. Matching from inside a run (which the old patterns did) finds nothing."""
    assert _COUNT_CLAIM.match("112項目（約75%）", 0) is not None
    assert _COUNT_CLAIM.match("112項目（約75%）", 1) is None
    assert _CHANGE_CLAIM.match("1,234.5億円削減", 0)[2] == "1,234.5"  # type: ignore[index]
    for start in (1, 2, 6):  # after a digit, after the comma, after the point
        assert _CHANGE_CLAIM.match("1,234.5億円削減", start) is None
    assert _COUNT_CLAIM.search("3項目（約 75%）")[3] == "75"  # type: ignore[index]  # 約 and spaces: one way only


# ---------------------------------------------------------------- row 18 (content side): control characters

@pytest.mark.parametrize("rel, old, new, fragment", [
    ("report.yaml", "title: 『テスト計画』", 'title: "『テスト\\t計画』"',
     "report.yaml:12:10: edition.title contains a tab (\\t, U+0009)"),
    ("report.yaml", "title: 『テスト計画』", "title: |\n    『テスト\n    計画』",
     "report.yaml:12:10: edition.title contains a line break (\\n, U+000A)"),
    ("report.yaml", "subtitle: 成果報告書", 'subtitle: "成果\\u0007報告書"',
     "report.yaml:13:13: edition.subtitle contains a control character (\\x07, U+0007)"),
    (SECTION, "title: 最初の公約を実現します。", 'title: "最初の\\n公約"',
     "01-first.yaml:6:12: pledge 1: title contains a line break (\\n, U+000A)"),
    (SECTION, "bullet: 平成30年度に実施", "bullet: 平成30年度に\t実施",
     "01-first.yaml:8:24: a tab character"),
])
def test_row18_control_characters_in_texts_are_refused_at_their_place(
        rel: str, old: str, new: str, fragment: str, tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / rel, old, new)
    text = check(tiny, capsys)
    assert_has(text, fragment)
    assert "\t" not in text and "\x07" not in text


# ---------------------------------------------------------------- row 19: errata against the seed

ERRATUM = "- pledge: {pledge}\n  seed: {seed}\n  correction: 訂正\n  kind: ocr\n  reason: test\n"


@pytest.mark.parametrize("pledge, seed, fragment", [
    ("9999", "流鏝馬", "erratum 51 (pledge 9999): the seed has no pledge 9999 (expected a pledge number of the "
                       "seed (1 to 170) or preface)"),
    ("95", "どこにもない語", "erratum 51 (pledge 95): the excerpt 'どこにもない語' occurs 0 times in pledge 95 of the seed"),
    ("preface", "どこにもない語", "erratum 51 (pledge preface): the excerpt 'どこにもない語' occurs 0 times in the seed's preface"),
])
def test_row19_an_erratum_must_fit_the_seed(pledge: str, seed: str, fragment: str, bundled: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    errata = bundled / "errata.yaml"
    lines = errata.read_text(encoding="utf-8").count("\n")
    with open(errata, "a", encoding="utf-8") as handle:
        handle.write(ERRATUM.format(pledge=pledge, seed=seed))
    text = check(bundled, capsys)
    line, column = (lines + 1, 11) if pledge == "9999" else (lines + 2, 9)
    assert_has(text, f"errata.yaml:{line}:{column}: ", fragment)


def test_row19_a_count_that_does_not_match_is_located(bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    errata = bundled / "errata.yaml"
    text = errata.read_text(encoding="utf-8")
    assert "  count: 2\n" in text
    errata.write_text(text.replace("  count: 2\n", "  count: 3\n", 1), encoding="utf-8")
    assert_has(check(bundled, capsys), "occurs 2 times in pledge", "(expected 3 (count: 3)")


def test_row19_errata_need_a_seed_that_parses(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "errata.yaml").write_text(ERRATUM.format(pledge=1, seed="実施"), encoding="utf-8")
    assert_has(check(tiny, capsys), "seed.txt: the seed cannot be read as a report, so errata.yaml cannot be "
               "checked against it: no sections found")


# ---------------------------------------------------------------- row 21: line:column in characters

def test_row21_a_nul_is_located_by_line_and_column(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, "title: 最初の公約を実現します。", "title: 最初の\x00公約を実現します。")
    text = check(tiny, capsys)
    assert_has(text, "01-first.yaml:6:15: the file contains a NUL character (\\x00, U+0000)")
    assert "position" not in text and "\x00" not in text


def test_row21_a_pasted_line_separator_shifts_no_line(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, "title: 最初の公約を実現します。", "title: 最初の\u2028公約を\u2029実現します。")
    edit(tiny / SECTION, "status: in_progress", "status: done")
    text = check(tiny, capsys)
    assert_has(text, "01-first.yaml:6:15: the file contains a line separator (\\u2028, U+2028)",
               "01-first.yaml:6:19: the file contains a paragraph separator (\\u2029, U+2029)",
               "01-first.yaml:10:13: pledge 2: unknown status 'done'")  # not line 12
    assert "\u2028" not in text and "\u2029" not in text


def test_row21_an_encoding_error_column_counts_characters(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / SECTION).write_bytes("title: 第一 と二".encode() + b"\xff\xfe rest\npledges: []\n")  # byte 21, character 13
    text = check(tiny, capsys)
    assert_has(text, "01-first.yaml:1:13: the file is not UTF-8 (byte 0xff; 1 more such bytes in the file)")


def test_row21_terminal_escape_codes_are_never_echoed(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / "report.yaml", "  - sections/02-second.yaml", "  - \"sections/\\e]0;pwned\\a\\e[2J.yaml\"")
    edit(tiny / SECTION, "status: in_progress", "status: \x1b[31mdone")
    text = check(tiny, capsys)
    assert_has(text, "report.yaml:50:5: a section file name contains an escape character (\\x1b, U+001B)",
               "01-first.yaml:10:13: the file contains an escape character (\\x1b, U+001B), which terminals read "
               "as a command", "2 problems")  # the status with the refused character is not reported again
    assert "\x1b" not in text and "\x07" not in text
    # a control character in the path given on the command line
    text = check(tiny / "sections" / "x\x1b[2J", capsys)
    assert_has(text, "x\\x1b[2J: there is no such edition folder")
    assert "\x1b" not in text


# ---------------------------------------------------------------- row 22: plain wording

def test_row22_a_misspelled_key_gets_a_plain_guess(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, "- bullet: 平成30年度に実施", "- bulet: 平成30年度に実施")
    text = check(tiny, capsys)
    assert_has(text, "01-first.yaml:8:9: pledge 1: unknown key 'bulet' in a body item; did you mean 'bullet'? "
               "(expected one of bullet, link, para, subheading, truncated)")
    assert "expected did you mean" not in text and "needs exactly one of" not in text


@pytest.mark.parametrize("old, new, where", [
    ("    status: in_progress", "    status：in_progress", "01-first.yaml:10:11"),   # a key in the middle
    ("      - bullet: 平成30年度に実施", "      - bullet：平成30年度に実施", "01-first.yaml:8:15"),  # a list item
    ("title: 第一", "title：第一", "01-first.yaml:2:6"),   # the first line: YAML fails on the next one
])
def test_row22_a_full_width_colon_gets_a_hint(backend: str, old: str, new: str, where: str, tiny: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, old, new)
    text = check(tiny, capsys)
    assert re.search(rf"{where}: (pledge \d: )?a full-width colon '：' after '[a-z]+' \(expected a half-width "
                     "colon and a space", text), text
    assert not re.search(r"simple key|could not find|mapping values|<block|not allowed (here|in this)", text)


@pytest.mark.parametrize("old, new, fragment", [
    ("    status: in_progress", "   status: in_progress",
     "01-first.yaml:10:4: YAML syntax error: the indentation does not line up: this line is indented by 3 "
     "spaces, the line above by 2"),
    ("    title: 二つ目の公約に取り組みます。", "      title: 二つ目の公約に取り組みます。",
     "01-first.yaml:11:7: YAML syntax error: the indentation does not line up: this line is indented by 6 "
     "spaces, the line above by 4"),
    ("  - no: 2", " - no: 2", "01-first.yaml:9:2: YAML syntax error: the indentation does not line up: this line "
                              "is indented by 1 space, the line above by 6"),
])
def test_row22_an_indentation_mistake_gets_a_hint(backend: str, old: str, new: str, fragment: str, tiny: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, old, new)
    text = check(tiny, capsys)
    assert_has(text, fragment)
    assert not re.search(r"block end|block mapping|block collection|expected key|indicator|in this context", text)


@pytest.mark.parametrize("written, status", [("◯", Status.ACHIEVED), ("達成", Status.ACHIEVED),
                                             ("取組中", Status.IN_PROGRESS), ("未達成", Status.NOT_ACHIEVED)])
def test_row22_japanese_status_marks_and_words_are_accepted(written: str, status: Status, tiny: Path) -> None:
    sections = tiny / "sections" / "02-second.yaml"
    edit(sections, "    status: achieved", f"    status: {written}")
    report = load_report(tiny)
    assert report.pledge(4).status is status  # type: ignore[union-attr]


def test_row22_schema_md_documents_every_accepted_status() -> None:
    schema = (ROOT / "content" / "SCHEMA.md").read_text(encoding="utf-8")
    section = schema[schema.index("### Status"):]
    for written in [*STATUS_MARKS, *STATUS_WORDS, *(s.value for s in Status)]:
        assert written in section, f"content/SCHEMA.md does not list the status {written!r}"
    assert "U+25EF" in section


# ---------------------------------------------------------------- row 23: both places, the item, the editions

def test_row23_a_duplicate_number_names_both_places(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / "sections" / "02-second.yaml", "  - no: 3", "  - no: 1")
    text = check(tiny, capsys)
    assert re.search(r"02-second\.yaml:4:5: pledge 1: pledge number 1 is used twice: first at \S*sections/"
                     r"01-first\.yaml:4:5 \(section '第一'\)", text), text


def test_row23_pledge_zero_and_order_name_the_other_place(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(tiny / SECTION, "  - no: 1", "  - no: 0")
    text = check(tiny, capsys)
    assert_has(text, "01-first.yaml:4:9: the pledge number 'no' is 0 (expected a whole number from 1 up)")
    assert "pledge 0:" not in text
    assert "comes after pledge 0" not in text
    edit(tiny / SECTION, "  - no: 0", "  - no: 3")
    edit(tiny / "sections" / "02-second.yaml", "  - no: 3", "  - no: 1")
    text = check(tiny, capsys)
    assert re.search(r"01-first\.yaml:9:5: pledge 2: pledge 2 comes after pledge 3 \(at \S*01-first\.yaml:4:5\)",
                     text), text


@pytest.mark.parametrize("typo, guess", [("content/editions/kamakura-2012", "kamakura-2021"),
                                         ("content/editions/kamakura", "kamakura-2021")])
def test_row23_a_path_typo_lists_the_editions(typo: str, guess: str, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = check(typo, capsys)
    assert_has(text, f"{typo}: there is no such edition folder or file; did you mean '{guess}'?",
               "the bundled editions in content/editions: kamakura-2021")


def test_row23_a_folder_of_editions_lists_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("north-2022", "south-2022"):
        shutil.copytree(TINY, tmp_path / "editions" / name)
    text = check(tmp_path / "editions" / "nort-2022", capsys)
    assert_has(text, "did you mean 'north-2022'?", "editions: north-2022, south-2022")
    assert_has(check(tmp_path / "editions", capsys), "the folder has no report.yaml",
               "editions: north-2022, south-2022")


def test_row23_each_body_item_carries_its_own_place() -> None:
    """The glyph preflight can name the exact item: every body item, title and paragraph has its origin."""
    report = load_report(TINY)
    bullet = report.pledge(1).body[0]  # type: ignore[union-attr]
    assert (bullet.origin.path.name, bullet.origin.line, bullet.origin.column) == ("01-first.yaml", 8, 9)
    link = report.pledge(2).body[-1]  # type: ignore[union-attr]
    assert (link.origin.line, link.origin.column) == (16, 9)
    assert [(o.line, o.column) for o in report.preface_origins] == [(15, 5), (16, 5), (17, 5), (18, 5), (19, 5)]
    assert [(s.title_origin.line, s.title_origin.column) for s in report.sections] == [(2, 8), (2, 8)]
