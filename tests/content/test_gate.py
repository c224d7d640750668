"""The input gate on its own: both YAML backends agree, the caps fire and name their limit, names from
untrusted data are confined without opening anything, and messages never carry a raw control character."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from content.gate import LIMITS, Gate, MappingNode, Node, ScalarNode, SequenceNode, parse_yaml, shown
from content.loader import DEFAULT_EDITION
from content.problems import Problem

# Broken YAML that volunteers write, and some that attackers write: both backends must say the same.
BROKEN = {
    "fw-colon-mid": "title: 第一\npledges:\n  - no: 1\n    status：achieved\n    title: x\n",
    "fw-colon-last": "title: 第一\npledges:\n  - no: 1\n    title: x\n    status：achieved\n",
    "fw-colon-top": "title：第一\npledges: []\n",
    "indent-less": "title: 第一\npledges:\n  - no: 1\n    status: achieved\n   title: x\n",
    "indent-more": "title: 第一\npledges:\n  - no: 1\n    status: achieved\n     title: x\n",
    "indent-item": "title: 第一\npledges:\n  - no: 1\n    status: achieved\n - no: 2\n",
    "colon-in-value": "title: 時間: 10時\n",
    "unclosed-quote": 'title: "第一\npledges: []\n',
    "unclosed-single": "title: '第一\npledges: []\n",
    "flow-unclosed": "title: [a, b\npledges: []\n",
    "flow-map-unclosed": "title: {a: b\npledges: []\n",
    "at-sign": "title: @x\n",
    "backtick": "title: `x\n",
    "escape": 'title: "a\\qb"\n',
    "hex-escape": 'title: "a\\xZZ"\n',
    "dash-in-value": "title: - x\n",
    "seq-after-map": "title: 第一\n- a\n",
    "two-docs": "a: 1\n---\nb: 2\n",
    "tab-in-flow": "a: [1,\t2]\n",
    "tab-indent": "a:\n\tb: 1\n",
    "tag": "a: !foo x\n",
    "anchor": "a: &x 1\nb: *x\n",
    "alias-only": "a: *x\n",
    "deep-flow": "[" * 100 + "]" * 100 + "\n",
    "deep-block": "".join(" " * n + f"k{n}:\n" for n in range(100)),
    "empty": "# nothing\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "bad-directive": "%FOO bar\n---\na: 1\n",
    "question-key": "? a\n: b\n",  # valid YAML: an explicit key
}
VALID = {"question-key"}


def file_of(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in dir(yaml) if n.startswith("C") and ("Loader" in n or "Parser" in n)]:
        monkeypatch.delattr(yaml, name)


def shape(node: Node | None) -> object:
    """A node tree as plain data: kind, value, style and position of every node."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column, node.start_mark.index)
    if isinstance(node, ScalarNode):
        return ("scalar", node.value, node.style, where)
    if isinstance(node, SequenceNode):
        return ("list", where, [shape(n) for n in node.value])  # type: ignore[union-attr]
    assert isinstance(node, MappingNode)
    return ("map", where, [(shape(k), shape(v)) for k, v in node.value])  # type: ignore[union-attr]


def read_all(tmp_path: Path, texts: dict[str, str]) -> dict[str, tuple[object, list[str]]]:
    gate = Gate(tmp_path)
    out = {}
    for name, text in texts.items():
        node, _, problems = gate.read_yaml(file_of(tmp_path, name, text).name)
        out[name] = (shape(node), [str(p) for p in problems])
    return out


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="this PyYAML has no libyaml to compare with")
def test_both_backends_read_broken_yaml_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_c = read_all(tmp_path, BROKEN)
    without_c(monkeypatch)
    assert read_all(tmp_path, BROKEN) == with_c
    jargon = ("<block", "block end", "simple key", "in this context", "not allowed here", "<unicode string>",
              "scanning", "parsing a", "indicator", "expected key")
    for name, (_, problems) in with_c.items():
        assert bool(problems) == (name not in VALID), f"{name}: {problems}"
        assert not [p for p in problems for j in jargon if j in p], f"{name}: {problems}"


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="this PyYAML has no libyaml to compare with")
def test_both_backends_build_the_same_tree_for_the_bundled_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = Gate(DEFAULT_EDITION)
    names = [p.relative_to(DEFAULT_EDITION).as_posix() for p in sorted(DEFAULT_EDITION.rglob("*.yaml"))]
    with_c = {n: shape(gate.read_yaml(n)[0]) for n in names}
    without_c(monkeypatch)
    assert {n: shape(gate.read_yaml(n)[0]) for n in names} == with_c
    assert len(names) == 10 and all(with_c.values())


def test_the_value_cap_fires_and_names_its_limit(tmp_path: Path) -> None:
    path = file_of(tmp_path, "many", "[" + "0," * LIMITS.max_nodes + "0]\n")
    node, _, problems = Gate(tmp_path).read_yaml(path.name)
    assert node is None and [str(p) for p in problems] == [
        f"{path}:1:{2 * LIMITS.max_nodes}: the file has more than 250,000 values (the limit for one file) "
        "(expected a smaller file; split the sections into more files)"]


def test_plain_nulls_and_quoted_text(tmp_path: Path) -> None:
    path = file_of(tmp_path, "n", "a:\nb: ~\nc: ''\nd: null\ne: 'null'\n")
    node, _, problems = Gate(tmp_path).read_yaml(path.name)
    assert not problems and isinstance(node, MappingNode)
    nulls = {k.value: v.is_null for k, v in node.value}  # type: ignore[union-attr]
    assert nulls == {"a": True, "b": True, "c": False, "d": True, "e": False}


@pytest.mark.parametrize("name", ["../x.txt", "/etc/passwd", "a/../../x.txt", "", "a\x00b", "a/../../../etc"])
def test_a_name_from_anywhere_is_confined_without_opening(name: str, tmp_path: Path) -> None:
    """The entry for names read from untrusted data (a PDF's attachment names, a diff's inputs)."""
    root = tmp_path / "edition"
    root.mkdir()
    path, real, problems = Gate(root).locate(name, what="attachment")
    assert path is None and real is None and len(problems) == 1
    assert "outside the edition folder" in problems[0].message or "is not a file name" in problems[0].message


def test_a_name_inside_is_located_where_it_really_is(tmp_path: Path) -> None:
    root = tmp_path / "edition"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b.txt").write_text("x", encoding="utf-8")
    (root / "link.txt").symlink_to(Path("a") / "b.txt")
    (root / "out.txt").symlink_to(tmp_path)
    gate = Gate(root)
    assert gate.locate("a/./b.txt")[:2] == (root / "a" / "b.txt", Path(os.path.realpath(root / "a" / "b.txt")))
    assert gate.locate("link.txt")[0] == root / "a" / "b.txt"
    assert gate.locate("out.txt")[0] is None


def test_read_checks_before_it_opens(tmp_path: Path) -> None:
    """A FIFO is refused from its stat alone: no open() could block the read (done in-process here, with no
    reader on the other end, so an open would hang the test run rather than pass)."""
    os.mkfifo(tmp_path / "pipe")
    file, problems = Gate(tmp_path).read("pipe", what="the seed")
    assert file is None and problems[0].message == "the file is a FIFO (named pipe), not a regular file"


def test_messages_never_carry_a_raw_control_character(tmp_path: Path) -> None:
    assert shown("a\x1b[2Jb\u2028c\td") == "'a\\x1b[2Jb\\u2028c\\td'"
    assert shown("x" * 100, 10) == "'" + "x" * 10 + "…'"
    problem = Problem(tmp_path / "e\x1b[31m.yaml", 3, 4, "text \x07 here", "more \u202e")
    line = str(problem)
    assert "e\\x1b[31m.yaml:3:4: text \\x07 here (expected more \\u202e)" in line
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u202e" for ch in line)


def test_a_bom_is_dropped_and_columns_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nb: \x00\n")
    node, file, problems = Gate(tmp_path).read_yaml("b.yaml")
    assert [(p.line, p.column) for p in problems] == [(2, 4)] and file is not None and file.text[0] == "a"
    assert parse_yaml(file)[1] == []  # the NUL was replaced: the rest of the file is still read
