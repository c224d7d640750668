"""Issue 12, rows 10 and 11: chart text is inert and matplotlib ignores the environment. A matplotlibrc in
the working folder or in $MPLCONFIGDIR (with text.usetex, another size and colours) changes no byte of the
charts and runs no latex; a label holding a matplotlib math expression between $ signs is drawn as the
characters it holds."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from content.loader import load_report
from charts.draw import build_charts
from layout.figures import chart_colours
r = load_report()
svgs = build_charts(r, chart_colours(), width_mm=120, height_mm=70)
print(hashlib.sha256("".join(svgs[k] for k in sorted(svgs)).encode()).hexdigest())
"""
HOSTILE_RC = "text.usetex: True\nfont.size: 30\naxes.facecolor: red\ntext.color: green\nlines.linewidth: 9\n"


def charts_digest(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_an_ambient_matplotlibrc_changes_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MPL")}
    base = charts_digest(clean, {**env, "MPLCONFIGDIR": str(clean / "cfg")})
    assert base.returncode == 0, base.stderr
    hostile = tmp_path / "hostile"
    (hostile / "cfg").mkdir(parents=True)
    (hostile / "matplotlibrc").write_text(HOSTILE_RC, encoding="utf-8")
    (hostile / "cfg" / "matplotlibrc").write_text(HOSTILE_RC, encoding="utf-8")
    for extra in ({"MPLCONFIGDIR": str(hostile / "cfg")}, {"MPLCONFIGDIR": str(hostile / "cfg"), "MPLBACKEND": "pdf"}):
        run = charts_digest(hostile, {**env, **extra})
        assert run.returncode == 0, run.stderr  # without the isolation: "latex could not be found"
        assert "latex" not in run.stderr.lower()
        assert run.stdout == base.stdout


def test_math_text_in_a_label_is_drawn_as_its_characters() -> None:
    """A section title such as 「予算$\\frac{1}{0}$」 (which crashed the build when matplotlib parsed it as
    math text) is drawn as those characters, each one a glyph of the label."""
    from matplotlib.figure import Figure

    from charts.draw import seika_rc
    from charts.draw.export import to_svg
    from charts.draw.theme import make_theme
    from layout.figures import chart_colours

    label = "予算$\\frac{1}{0}$"
    with seika_rc(make_theme(chart_colours(), 120, 70)):
        fig = Figure(figsize=(3, 1))
        fig.text(0.1, 0.5, label)
        svg = to_svg(fig, "probe")
    drawn = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert html.unescape(drawn) == label
