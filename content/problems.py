"""Content stage: the error type shared by the gate, the loader and the checks.

In: where something is wrong (file, line, column, pledge) and what was expected. Out: `Problem` lines in the
form `path:line:column: pledge N: what is wrong (expected …)`, with the column counted in characters and
every control character of the line shown escaped (a file name or a value can never send a terminal an
escape code), and `ContentError`, which carries all of them so that a volunteer sees every mistake at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Control characters, line and paragraph separators, bidirectional controls and lone surrogates (from file
# names that are not UTF-8): what a message must never print as it is. content.gate escapes the same set.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match[0]
    return _SHORT.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str) -> str:
    """The text with every control character (and lone surrogate) written as an escape (\\x1b, \\u2028)."""
    return _UNPRINTABLE.sub(_escape, text)


def display_path(path: Path | str) -> str:
    """The path as a user should read it: relative to the working directory when it lies below it, with
    control characters escaped."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return printable(str(path))
    return printable(str(path) if rel.startswith("..") else rel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located as precisely as the input allows."""

    path: Path | None
    line: int | None
    column: int | None
    message: str
    expected: str | None = None
    pledge: int | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            where = display_path(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            parts.append(where)
        if self.pledge is not None:
            parts.append(f"pledge {self.pledge}")
        text = self.message
        if self.expected:
            text += f" (expected {self.expected})"
        parts.append(text)
        return printable(": ".join(parts))


class ContentError(Exception):
    """The content cannot be used. `problems` holds every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
