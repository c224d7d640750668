"""Benchmark: the composer's throughput and the full build time of the bundled edition.

In: nothing (the bundled edition). Out: on stdout, characters composed per second (every title and
result of the edition, with the real font metrics, best of --repeat), the wall time of the default
`python render.py` (all three profiles) and of a screen build per paper size, each in a fresh process
(imports and font loading included), and the sizes of the files.
Not a test: run it by hand and record the numbers.

    python tests/benchmarks/bench_build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from content.loader import load_report  # noqa: E402
from layout.compose import compose_paragraph  # noqa: E402
from layout.geometry import page_geometry  # noqa: E402
from layout.typefaces import metrics  # noqa: E402


def composer_throughput(repeat: int) -> tuple[int, int, float]:
    """(characters, lines, best seconds) composing every title and result at the A4 body measure."""
    report = load_report()
    g = page_geometry("a4")
    body, title = metrics("mincho", g.body_size), metrics("gothic_bold", g.body_size)
    texts = [(title, p.title, g.measure) for p in report.pledges]
    texts += [(body, i.text, g.measure - g.body_size) for p in report.pledges for i in p.body]
    chars = sum(len(t) for _, t, _ in texts)
    best, lines = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        lines = sum(len(compose_paragraph(t, m, w).lines) for m, t, w in texts)
        best = min(best, time.perf_counter() - start)
    return chars, lines, best


def build_seconds(args: list[str], repeat: int, cwd: Path) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "render.py"), *args], check=True, capture_output=True, cwd=cwd)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chars, lines, seconds = composer_throughput(args.repeat)
    print(f"composer: {chars} characters, {lines} lines in {seconds:.3f} s = {chars / seconds:,.0f} chars/s")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        seconds = build_seconds([], args.repeat, cwd)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in sorted((cwd / "out").iterdir()))
        print(f"python render.py (3 profiles, A4): {seconds:.2f} s (fresh process, best of {args.repeat}); {sizes}")
        for paper in ("a4", "b5", "a5"):
            out = cwd / f"{paper}.pdf"
            seconds = build_seconds(["build", "--paper", paper, "--profile", "screen", "-o", str(out)], args.repeat, cwd)
            print(f"build {paper} screen: {seconds:.2f} s (fresh process, best of {args.repeat}), "
                  f"{out.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
