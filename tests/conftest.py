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
    """build_pdf(paper) → the path of the bundled edition's PDF at that paper size (built once)."""
    built: dict[str, Path] = {}

    def build(paper: str = "a4") -> Path:
        if paper not in built:
            path = tmp_path_factory.mktemp(f"pdf-{paper}") / f"kamakura-2021-{paper}.pdf"
            assert render.main(["build", "--paper", paper, "-o", str(path)]) == 0
            built[paper] = path
        return built[paper]

    return build
