"""Shared fixtures: the bundled edition built once per test session per paper size (all three profiles from
one layout), and each built PDF parsed once per session (tests/pdfread.py)."""

from __future__ import annotations

import contextlib
import io
import os
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

import render
from content.loader import load_report
from content.model import Report
from tests.pdfread import ParsedPdf, parse_pdf

# Every booklet test runs on every profile at A4, and on the screen profile at every paper size; the print
# profile's boxes are checked at every paper size. A paper is built once, with all its profiles.
BUILDS = [("a4", "screen"), ("b5", "screen"), ("a5", "screen"), ("a4", "print"), ("a4", "archive")]


def build_all_profiles(folder: Path, argv: list[str]) -> tuple[int, str, dict[str, int]]:
    """Run `render.main(argv)` with `folder` as the working folder (it writes out/<edition>-<profile>.pdf
    there), restoring the working folder afterwards. Returns the exit code, what it printed on stderr, and
    the layout passes it made, by kind (layout.document.LAYOUT_PASSES before/after)."""
    from layout.document import LAYOUT_PASSES

    before = Counter(LAYOUT_PASSES)
    cwd = os.getcwd()
    err = io.StringIO()
    os.chdir(folder)
    try:
        with contextlib.redirect_stderr(err):
            code = render.main(argv)
    finally:
        os.chdir(cwd)
    passes = {kind: n - before[kind] for kind, n in LAYOUT_PASSES.items() if n != before[kind]}
    return code, err.getvalue(), passes


class Builds:
    """The bundled edition built per paper size on first use: one `render.py build --paper P --profile all`
    call per paper, in a folder of its own (out/<edition>-<profile>.pdf at A4, out/<edition>-<paper>-<profile>.pdf
    at B5 and A5)."""

    def __init__(self, factory: pytest.TempPathFactory, edition_id: str) -> None:
        self.factory, self.edition_id = factory, edition_id
        self.folders: dict[str, Path] = {}
        self.passes: dict[str, dict[str, int]] = {}   # paper → layout passes of its build
        self.stderr: dict[str, str] = {}

    def __call__(self, paper: str = "a4", profile: str = "screen") -> Path:
        if paper not in self.folders:
            folder = self.factory.mktemp(f"build-{paper}")
            code, err, passes = build_all_profiles(folder, ["build", "--paper", paper, "--profile", "all"])
            assert code == 0, err
            self.folders[paper], self.passes[paper], self.stderr[paper] = folder, passes, err
        stem = self.edition_id if paper == "a4" else f"{self.edition_id}-{paper}"  # render.default_output
        path = self.folders[paper] / "out" / f"{stem}-{profile}.pdf"
        assert path.is_file(), f"{path} was not built"
        return path


@pytest.fixture(scope="session")
def report() -> Report:
    return load_report()


@pytest.fixture(scope="session")
def build_pdf(tmp_path_factory: pytest.TempPathFactory, report: Report) -> Builds:
    """build_pdf(paper, profile) → the path of the bundled edition's PDF (each paper built once, all profiles)."""
    return Builds(tmp_path_factory, report.edition.id)


@pytest.fixture(scope="session")
def parsed_pdf(build_pdf: Builds) -> Callable[..., ParsedPdf]:
    """parsed_pdf(paper, profile) → that PDF read back once per session (tests/pdfread.py)."""
    cache: dict[tuple[str, str], ParsedPdf] = {}

    def parsed(paper: str = "a4", profile: str = "screen") -> ParsedPdf:
        if (paper, profile) not in cache:
            cache[paper, profile] = parse_pdf(build_pdf(paper, profile))
        return cache[paper, profile]

    return parsed


class SecondBuild:
    """The bare command (`render.main([])`, the same as `render.py build`: all three profiles at A4) run in a
    folder of its own: its exit code, stderr, layout passes and files."""

    def __init__(self, folder: Path, edition_id: str) -> None:
        self.folder, self.edition_id = folder, edition_id
        self.code, self.stderr, self.passes = build_all_profiles(folder, [])

    def path(self, profile: str) -> Path:
        return self.folder / "out" / f"{self.edition_id}-{profile}.pdf"


@pytest.fixture(scope="session")
def second_build(tmp_path_factory: pytest.TempPathFactory, report: Report) -> SecondBuild:
    """The bundled edition built a second time in this session, by the bare command: for the tests of that
    command and of byte-identical rebuilds."""
    return SecondBuild(tmp_path_factory.mktemp("second-build"), report.edition.id)
