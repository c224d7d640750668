"""Layout stage, composer: throughput benchmark.  In: a text file (one paragraph per non-empty
line), a measure in em.  Out: characters per second composing it, printed (not a test).

    python -m layout.compose.benchmark [PATH] [--measure-em 40] [--size 10] [--repeat 5]

Uses the reference's placeholder metrics; reports the best of *repeat* runs, the line count and
the number of warnings (forced breaks of over-long OCR'd URLs and the like).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from .compose import compose_paragraph
from .metrics import PlaceholderMetrics

DEFAULT_SEED = Path("content/editions/kamakura-2021/seed/000_7cc8ce592ec62522.txt")


def run(paragraphs: list[str], measure: float, size: float) -> tuple[float, int, int]:
    """(seconds, lines, warnings) for one pass over *paragraphs*."""
    metrics = PlaceholderMetrics(size)
    start = time.perf_counter()
    lines = warnings = 0
    for text in paragraphs:
        para = compose_paragraph(text, metrics, measure)
        lines += len(para.lines)
        warnings += len(para.warnings)
    return time.perf_counter() - start, lines, warnings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--measure-em", type=float, default=40.0)
    ap.add_argument("--size", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    paragraphs = [ln for ln in args.path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    chars = sum(map(len, paragraphs))
    best = min(run(paragraphs, args.measure_em * args.size, args.size)
               for _ in range(max(1, args.repeat)))
    seconds, lines, warnings = best
    print(f"{chars} chars, {len(paragraphs)} paragraphs -> {lines} lines, {warnings} warnings; "
          f"{seconds:.3f} s, {chars / seconds:,.0f} chars/s at {args.measure_em:g} em")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
