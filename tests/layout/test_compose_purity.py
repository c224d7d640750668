"""The composer is pure Python: stdlib and its own modules only, no ReportLab."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import layout.compose

PACKAGE = Path(layout.compose.__file__).parent


def test_composer_imports_only_stdlib() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and doc.startswith("Layout stage, composer:"), path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", (path.name, name)
