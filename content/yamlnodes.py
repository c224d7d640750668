"""Content stage: safe YAML reading down to position-carrying nodes, and typed readers over them.

In: the bytes of one YAML file. Out: PyYAML's composed node tree (every node keeps its line and column),
or `Problem`s for what cannot be read: a missing, empty or non-UTF-8 file, tab indentation, a syntax error,
anchors and aliases (refused at once, so an alias bomb stops before it grows), more than one document.
Values are never typed by YAML 1.1's implicit resolution: `Reader` types the raw scalar text itself,
so `no:` stays a key, `2021-06-01` stays text and `799.5` becomes a Decimal.
"""

from __future__ import annotations

import datetime
import difflib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from content.model import Origin
from content.problems import Problem

NULL_TAG = "tag:yaml.org,2002:null"
MAX_BYTES = 16 * 1024 * 1024


# libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.M)  # a line that is neither blank nor a comment
_TAB_INDENT = re.compile(r"^ *\t", re.M)  # a tab inside a line's indentation


class _AnchorRefused(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


def read_yaml(path: Path) -> tuple[Node | None, list[Problem]]:
    """Read one YAML file into a node tree. Returns (node, problems); node is None when unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, None, None, "file not found", "an existing YAML file")]
    except IsADirectoryError:
        return None, [Problem(path, None, None, "is a folder, not a file", "a YAML file")]
    except OSError as exc:
        return None, [Problem(path, None, None, f"cannot be read: {exc.strerror}")]
    if len(data) > MAX_BYTES:
        return None, [Problem(path, None, None, f"file is too large ({len(data)} bytes)",
                              f"at most {MAX_BYTES} bytes")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(path, line, column, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                              "UTF-8 text; save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _CONTENT_LINE.search(text):
        return None, [Problem(path, 1, 1, "the file is empty", "YAML content")]
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - (text.rfind("\n", 0, tab.start()) + 1)
        return None, [Problem(path, line, column, "a tab is used for indentation",
                              "spaces; YAML does not allow tabs for indentation")]
    try:
        # Anchors and aliases are refused from the event stream, which never expands an alias,
        # so an alias bomb stops at its first anchor before anything grows.
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _AnchorRefused(event.start_mark)
        node = yaml.compose(text, Loader=_LOADER)
    except _AnchorRefused as exc:
        return None, [Problem(path, exc.mark.line + 1, exc.mark.column + 1,
                              "anchors and aliases (&name, *name) are not allowed",
                              "every value written out in full")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            what = f"{exc.context}, {exc.problem}"
        if "expected a single document" in (exc.context or ""):
            what = "more than one YAML document (---) in the file"
        return None, [Problem(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                              f"YAML syntax error: {what}", "valid YAML; check the indentation and quotes")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, None, f"YAML error: {exc}", "valid YAML")]
    if node is None:
        return None, [Problem(path, 1, 1, "the file is empty", "YAML content")]
    return node, []


_INT = re.compile(r"[+]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class Reader:
    """Typed access to the nodes of one file; every problem is recorded, never raised."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def origin(self, node: Node) -> Origin:
        return Origin(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: Node | None, message: str, expected: str | None = None,
              pledge: int | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        column = node.start_mark.column + 1 if node is not None else None
        self.problems.append(Problem(self.path, line, column, message, expected, pledge))

    def mapping(self, node: Node, fields: dict[str, bool], what: str,
                pledge: int | None = None) -> dict[str, Node] | None:
        """The keys of a mapping node. `fields` maps each allowed key to whether it is required."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} is not a mapping", "key: value lines", pledge)
            return None
        seen: dict[str, Node] = {}
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} is not plain text", "a key such as 'title'", pledge)
                continue
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.error(key_node, f"duplicate key '{key}' in {what} (first given on line {first})",
                           "each key once", pledge)
                continue
            seen[key] = key_node
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "one of " + ", ".join(sorted(fields))
                self.error(key_node, f"unknown key '{key}' in {what}", hint, pledge)
                continue
            out[key] = value_node
        for key, required in fields.items():
            if required and key not in out:
                self.error(node, f"{what} has no '{key}'", f"a '{key}:' line", pledge)
        return out

    def sequence(self, node: Node, what: str, pledge: int | None = None) -> list[Node] | None:
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} is not a list", "a list of '- ' items", pledge)
            return None
        return list(node.value)

    def text(self, node: Node, what: str, pledge: int | None = None, *, allow_empty: bool = False) -> str | None:
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            self.error(node, f"{what} is {kind}", "text", pledge)
            return None
        value = "" if node.tag == NULL_TAG and node.style is None else node.value
        if not value.strip() and not allow_empty:
            self.error(node, f"{what} is empty", "text", pledge)
            return None
        return value

    def integer(self, node: Node, what: str, pledge: int | None = None) -> int | None:
        value = self.text(node, what, pledge)
        if value is None:
            return None
        if not _INT.fullmatch(value.strip()):
            self.error(node, f"{what} is '{value}', not a whole number", "a whole number such as 12", pledge)
            return None
        return int(value)

    def decimal(self, node: Node, what: str, pledge: int | None = None) -> Decimal | None:
        value = self.text(node, what, pledge)
        if value is None:
            return None
        if not _DECIMAL.fullmatch(value.strip()):
            self.error(node, f"{what} is '{value}', not a number",
                       "digits with an optional decimal point and no separators, such as 799.5 or 176242",
                       pledge)
            return None
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already excludes these
            self.error(node, f"{what} is '{value}', not a number", "a decimal number", pledge)
            return None

    def date(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        match = _DATE.fullmatch(value.strip())
        try:
            valid = match is not None and datetime.date(int(match[1]), int(match[2]), int(match[3])) is not None
        except ValueError:  # 2021-02-30 and the like
            valid = False
        if not valid:
            self.error(node, f"{what} is '{value}', not a date", "a real date as YYYY-MM-DD, such as 2021-10-01")
            return None
        return value.strip()

    def boolean(self, node: Node, what: str, pledge: int | None = None) -> bool | None:
        value = self.text(node, what, pledge)
        if value is None:
            return None
        if value not in ("true", "false"):
            self.error(node, f"{what} is '{value}'", "true or false", pledge)
            return None
        return value == "true"
