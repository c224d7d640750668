"""Shared fixtures: the bundled edition built once per test session, per paper size."""

from __future__ import annotations

from pathlib import Path

import pytest

import render
from content.loader import load_report
from content.model import Report


@pytest.fixture(scope="session")
def report() -> Report:
    return load_report()


@pytest.fixture(scope="session")
def build_pdf(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """build_pdf(paper, profile) → the path of the bundled edition's PDF (built once per pair)."""
    built: dict[tuple[str, str], Path] = {}

    def build(paper: str = "a4", profile: str = "screen") -> Path:
        if (paper, profile) not in built:
            path = tmp_path_factory.mktemp(f"pdf-{paper}-{profile}") / f"kamakura-2021-{paper}-{profile}.pdf"
            assert render.main(["build", "--paper", paper, "--profile", profile, "-o", str(path)]) == 0
            built[paper, profile] = path
        return built[paper, profile]

    return build


# Every booklet test runs on every profile at A4, and on the screen profile at every paper size.
BUILDS = [("a4", "screen"), ("b5", "screen"), ("a5", "screen"), ("a4", "print"), ("a4", "archive")]
