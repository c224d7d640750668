"""Content stage: typed readers over the position-carrying nodes of one YAML file.

In: the node tree and the `InputFile` that `content.gate` read (the gate does every reading: confinement,
size, UTF-8, control characters, the one safe YAML loader). Out: typed values (text, bounded whole numbers,
exact decimals, dates, booleans, the keys of a mapping) and, for anything that is not what the schema
expects, a `Problem` located at the value's file:line:column. Nothing is typed by YAML 1.1's implicit
resolution: `Reader` types the raw scalar text itself, so `no:` stays a key, `2021-06-01` stays text and
`799.5` becomes a Decimal. Every text value is bounded (`LIMITS.max_text` characters) and free of control
characters, tabs and line breaks; whole numbers have at most `LIMITS.max_digits` digits and figure values
`LIMITS.max_figure_digits`, so no value can crash a later stage.
"""

from __future__ import annotations

import datetime
import difflib
import re
from decimal import Decimal
from pathlib import Path

from content.gate import (LIMITS, REFUSED_IN_TEXT, InputFile, MappingNode, Node, ScalarNode, SequenceNode,
                          describe_char, fullwidth_colon_key, fullwidth_colon_problem, replacement_hint, shown)
from content.model import Origin
from content.problems import Problem

__all__ = ["Reader", "Node", "ScalarNode", "SequenceNode", "MappingNode", "key_list"]

_INT = re.compile(r"[+]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def key_list(fields: dict[str, bool] | list[str]) -> str:
    """The allowed keys as a message lists them: "one of a, b, c"."""
    return "one of " + ", ".join(sorted(fields))


class Reader:
    """Typed access to the nodes of one file; every problem is recorded, never raised."""

    def __init__(self, file: InputFile | Path, problems: list[Problem]) -> None:
        self.file = file if isinstance(file, InputFile) else None
        self.path = file.path if isinstance(file, InputFile) else file
        self.problems = problems

    def origin(self, node: Node) -> Origin:
        return Origin(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: Node | None, message: str, expected: str | None = None,
              pledge: int | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        column = node.start_mark.column + 1 if node is not None else None
        self.problems.append(Problem(self.path, line, column, message, expected, pledge))

    def error_at(self, index: int, node: Node, message: str, expected: str | None = None,
                 pledge: int | None = None) -> None:
        """A problem at one character of the file (an index into its text), else at the node."""
        if self.file is None:
            self.error(node, message, expected, pledge)
            return
        line, column = self.file.line_column(index)
        self.problems.append(Problem(self.path, line, column, message, expected, pledge))

    def mapping(self, node: Node, fields: dict[str, bool], what: str,
                pledge: int | None = None) -> dict[str, Node] | None:
        """The keys of a mapping node. `fields` maps each allowed key to whether it is required."""
        if not isinstance(node, MappingNode):
            found = fullwidth_colon_key(node.value) if isinstance(node, ScalarNode) and node.style is None else None
            if found is not None and self.file is not None:  # "bullet：text" is one text to YAML, not a key
                line, column = self.file.line_column(node.start_mark.index + found[1])
                self.problems.append(fullwidth_colon_problem(self.path, line, column, found[0], pledge))
                return None
            self.error(node, f"{what} is not a mapping", "key: value lines", pledge)
            return None
        seen: dict[str, Node] = {}
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:  # type: ignore[union-attr]
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"a key in {what} is not plain text", "a key such as 'title'", pledge)
                continue
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark
                self.error(key_node, f"duplicate key {shown(key)} in {what} (first given on line "
                           f"{first.line + 1}, column {first.column + 1})", "each key once", pledge)
                continue
            seen[key] = key_node
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                guess = f"; did you mean '{close[0]}'?" if close else ""
                self.error(key_node, f"unknown key {shown(key)} in {what}{guess}", key_list(fields), pledge)
                continue
            out[key] = value_node
        for key, required in fields.items():
            if required and key not in out:
                self.error(node, f"{what} has no '{key}'", f"a '{key}:' line", pledge)
        return out

    def sequence(self, node: Node, what: str, pledge: int | None = None) -> list[Node] | None:
        if isinstance(node, ScalarNode) and node.is_null:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} is not a list", "a list of '- ' items", pledge)
            return None
        return list(node.value)  # type: ignore[arg-type]

    def text(self, node: Node, what: str, pledge: int | None = None, *, allow_empty: bool = False) -> str | None:
        """A text value: one line, at most `LIMITS.max_text` characters, no control characters."""
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            self.error(node, f"{what} is {kind}", "text", pledge)
            return None
        if self.file is not None and self.file.replaced_between(node.start_mark.index, node.end_mark.index):
            return None  # a refused character is in it: reported where it stands, once
        value = "" if node.is_null else node.value
        if not value.strip() and not allow_empty:
            self.error(node, f"{what} is empty", "text", pledge)
            return None
        if len(value) > LIMITS.max_text:
            self.error(node, f"{what} is {len(value):,} characters long, more than the limit of "
                       f"{LIMITS.max_text:,} characters for one text", f"at most {LIMITS.max_text:,} characters",
                       pledge)
            return None
        bad = REFUSED_IN_TEXT.search(value)
        if bad is not None:
            self._refused_char(node, bad[0], what, pledge)
            return None
        return value

    def _refused_char(self, node: ScalarNode, ch: str, what: str, pledge: int | None) -> None:
        message = f"{what} contains {describe_char(ch)}"
        expected = ("the text on one line: " if ch in "\t\n\r\u2028\u2029" else "") + replacement_hint(ch)
        if self.file is not None and node.style in (None, "'", '"'):  # where the character itself is written,
            start, end = node.start_mark.index, node.end_mark.index        # when it is written as itself
            at = self.file.text.find(ch, start, end)
            if at >= 0:
                self.error_at(at, node, message, expected, pledge)
                return
        self.error(node, message, expected, pledge)

    def integer(self, node: Node, what: str, pledge: int | None = None, *, minimum: int = 0) -> int | None:
        """A whole number of at most `LIMITS.max_digits` digits, at least `minimum`."""
        value = self.text(node, what, pledge)
        if value is None:
            return None
        digits = value.strip()
        if not _INT.fullmatch(digits):
            self.error(node, f"{what} is {shown(value)}, not a whole number", "a whole number such as 12", pledge)
            return None
        digits = digits.lstrip("+").lstrip("0") or "0"
        if len(digits) > LIMITS.max_digits:
            self.error(node, f"{what} has {len(digits):,} digits, more than the limit of {LIMITS.max_digits}",
                       f"a whole number of at most {LIMITS.max_digits} digits", pledge)
            return None
        number = int(digits)
        if number < minimum:
            self.error(node, f"{what} is {number}", f"a whole number from {minimum} up", pledge)
            return None
        return number

    def decimal(self, node: Node, what: str, pledge: int | None = None) -> Decimal | None:
        """An exact decimal of at most `LIMITS.max_figure_digits` digits."""
        value = self.text(node, what, pledge)
        if value is None:
            return None
        if not _DECIMAL.fullmatch(value.strip()):
            self.error(node, f"{what} is {shown(value)}, not a number",
                       "digits with an optional decimal point and no separators, such as 799.5 or 176242",
                       pledge)
            return None
        digits = sum(ch.isdigit() for ch in value.strip().lstrip("+-").lstrip("0"))
        if digits > LIMITS.max_figure_digits:
            self.error(node, f"{what} has {digits:,} digits, more than the limit of {LIMITS.max_figure_digits}",
                       f"a number of at most {LIMITS.max_figure_digits} digits before and after the point "
                       "together", pledge)
            return None
        return Decimal(value.strip())

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
            self.error(node, f"{what} is {shown(value)}, not a date", "a real date as YYYY-MM-DD, such as 2021-10-01")
            return None
        return value.strip()

    def boolean(self, node: Node, what: str, pledge: int | None = None) -> bool | None:
        value = self.text(node, what, pledge)
        if value is None:
            return None
        if value not in ("true", "false"):
            self.error(node, f"{what} is {shown(value)}", "true or false", pledge)
            return None
        return value == "true"
