"""The import directions of the pipeline: content → charts → layout → render.py, with fonts as a leaf.

Imports are read with `ast` from every module of every package, so a new module cannot slip past.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("content", "fonts", "charts", "layout")

# package → top-level names it must never import
FORBIDDEN = {
    "content": {"fonts", "charts", "layout", "render", "reportlab", "matplotlib"},
    "fonts": {"content", "charts", "layout", "render", "reportlab", "matplotlib"},
    "charts": {"layout", "render", "reportlab"},
    "layout": {"render"},
}


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_import_directions(package: str) -> None:
    files = modules(package)
    assert files, f"{package}/ has no modules"
    bad = [f"{path.relative_to(ROOT)} imports {name}"
           for path in files for name in sorted(imported_names(path) & FORBIDDEN[package])]
    assert not bad, "\n".join(bad)


def test_composer_core_is_pure() -> None:
    bad = [str(p.relative_to(ROOT)) for p in modules("layout/compose") if "reportlab" in imported_names(p)]
    assert not bad, f"the composer core must not import ReportLab: {bad}"


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of the modules a file imports (from-imports name their module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_layout_comes_before_its_output_stage() -> None:
    """layout/output/ turns the one layout into each profile's file: the layout never imports it, and it
    never draws with ReportLab itself (it edits the laid-out PDF with pikepdf)."""
    layout = [p for p in modules("layout") if "output" not in p.relative_to(ROOT / "layout").parts]
    bad = [f"{p.relative_to(ROOT)} imports {m}" for p in layout for m in sorted(imported_modules(p))
           if m == "layout.output" or m.startswith("layout.output.")]
    bad += [f"{p.relative_to(ROOT)} imports reportlab" for p in modules("layout/output")
            if "reportlab" in imported_names(p)]
    assert modules("layout/output") and not bad, "\n".join(bad)


def test_nothing_imports_render() -> None:
    """Only the tests drive the CLI; no stage may import it."""
    files = [p for pkg in PACKAGES for p in modules(pkg)]
    assert not [p for p in files if "render" in imported_names(p)]


def test_every_module_opens_with_a_docstring() -> None:
    missing = [str(p.relative_to(ROOT)) for pkg in PACKAGES for p in modules(pkg)
               if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    missing += [] if ast.get_docstring(ast.parse((ROOT / "render.py").read_text(encoding="utf-8"))) else ["render.py"]
    assert not missing, f"modules without a docstring: {missing}"


def test_the_check_catches_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "m.py"
    bad.write_text('"""x"""\nfrom layout.story import build_story\nimport reportlab.pdfgen\n', encoding="utf-8")
    assert imported_names(bad) & FORBIDDEN["content"] == {"layout", "reportlab"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycle() -> None:
    """No cycle among seika's modules, counting every import: inside functions and under TYPE_CHECKING too."""
    files = [p for pkg in PACKAGES for p in modules(pkg)] + [ROOT / "render.py"]
    names = {_module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for imported in imported_modules(path):
            while imported and imported not in names:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_the_booklet_parts_are_one_module_each() -> None:
    parts = {p.stem for p in (ROOT / "layout" / "parts").glob("*.py")}
    assert {"cover", "highlights", "charts_page", "contents", "opener", "pledge", "status_index",
            "colophon"} <= parts
