"""Content stage: the error type shared by the loader and the checks.

In: where something is wrong (file, line, column, pledge) and what was expected. Out: `Problem` lines in the
form `path:line:column: pledge N: what is wrong (expected …)`, and `ContentError`, which carries all of them
so that a volunteer sees every mistake at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path) -> str:
    """The path as a user should read it: relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


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
        return ": ".join(parts)


class ContentError(Exception):
    """The content cannot be used. `problems` holds every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
