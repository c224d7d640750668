"""`check` and `export-json` load none of the heavy packages (matplotlib, ReportLab, svglib, pikepdf), and the
glyph preflight they run still checks the charts' labels and still reads no font's cmap.

Each command runs in a fresh interpreter (the test process has imported everything already), which then
reports the names in its `sys.modules`.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "reportlab", "svglib", "pikepdf")
EDITION = ROOT / "content" / "editions" / "kamakura-2021"
MARK = "loaded modules: "

PROBE = f"""\
import json, sys
import render
rc = render.main(sys.argv[1:])
names = ("fontTools", *{HEAVY!r})
print({MARK!r} + json.dumps(sorted(n for n in names if n in sys.modules)), file=sys.stderr)
sys.exit(rc)
"""


def run_cli(*argv: str) -> tuple[int, list[str], str]:
    """Run `render.main(argv)` in a fresh interpreter: its exit code, the packages of interest it loaded, and
    its stderr without the report line."""
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    marks = [line for line in proc.stderr.splitlines() if line.startswith(MARK)]
    assert len(marks) == 1, proc.stderr
    rest = "\n".join(line for line in proc.stderr.splitlines() if not line.startswith(MARK))
    return proc.returncode, json.loads(marks[0][len(MARK):]), rest


@pytest.mark.parametrize("argv", [["check"], ["export-json"], ["check", str(EDITION)]], ids=" ".join)
def test_check_and_export_json_load_no_heavy_package(argv: list[str]) -> None:
    code, loaded, err = run_cli(*argv)
    assert code == 0, err
    assert not [name for name in loaded if name in HEAVY], f"`{' '.join(argv)}` imported {loaded}"


def test_check_reads_the_coverage_table_not_the_cmaps() -> None:
    """With the shipped table fresh, the glyph preflight never imports fontTools."""
    code, loaded, err = run_cli("check")
    assert code == 0, err
    assert "fontTools" not in loaded


def test_a_chart_label_the_fonts_lack_still_stops_check(tmp_path: Path) -> None:
    """The edition's subtitle is printed only in the charts' source notes (出典: …): a character the fonts lack
    there is found through the charts' specs, without drawing them and without matplotlib."""
    copy = tmp_path / "edition"
    shutil.copytree(EDITION, copy)
    index = copy / "report.yaml"
    text = index.read_text(encoding="utf-8")
    assert "  subtitle: 成果報告書\n" in text
    index.write_text(text.replace("  subtitle: 成果報告書\n", "  subtitle: 成果報告書𠮷\n"), encoding="utf-8")
    code, loaded, err = run_cli("check", str(copy))
    assert code == 2, err
    assert "chart debt" in err and "chart status" in err and "U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7 (𠮷)" in err
    assert "Traceback" not in err
    assert not [name for name in loaded if name in HEAVY]


def test_chart_labels_load_no_matplotlib_and_drawing_does() -> None:
    """`import charts` and the labels of `charts.spec` load no matplotlib; `charts.draw` does."""
    code = ("import sys\nimport charts\nfrom charts.spec import chart_texts\nfrom content.loader import load_report\n"
            "texts = chart_texts(load_report())\n"
            "before = 'matplotlib' in sys.modules\n"
            "from charts.draw import build_charts\n"
            "print(len(texts), before, 'matplotlib' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    count, before, after = proc.stdout.split()
    assert int(count) > 50 and before == "False" and after == "True"


def test_chart_specs_never_import_the_drawing_code() -> None:
    """Read statically, so an import in any function of `charts/spec/` is caught too."""
    files = sorted((ROOT / "charts" / "spec").rglob("*.py"))
    assert files, "charts/spec/ has no modules"
    bad = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                    if n.split(".")[0] in {*HEAVY, "cycler", "numpy"} or n == "charts.draw" or n.startswith("charts.draw.")]
    assert not bad, "\n".join(bad)
