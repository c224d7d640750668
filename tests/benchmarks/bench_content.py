"""Benchmark: load + check of an edition at 1×, 10× and 100× its size (synthetic copies).

In: an edition folder (default: the bundled one). Out: a table on stdout with the number of pledges,
the time of load + check (best of --repeat runs, imports excluded), the time per pledge, and the peak
memory that tracemalloc saw during one load + check. Each copy restates the preface's counts (the total
and every claim per status) for its size, as a real edition of that size would state them, so it passes
`check` with every claim confirmed; the benchmark stops if one does not. Not a test: run it by hand and
record the numbers.

    python tests/benchmarks/bench_content.py [EDITION] [--scales 1,10,100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from content.checks import check_report  # noqa: E402
from content.loader import DEFAULT_EDITION, load_report, resolve_index  # noqa: E402


class _Dumper(yaml.SafeDumper):
    """Writes repeated objects out in full: seika refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _raw(path: Path) -> object:
    """YAML as plain strings (BaseLoader), so keys such as `no` stay text."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _times(text: str, scale: int) -> str:
    """The text with its first count of pledges (the digits before 項目) multiplied by `scale`."""
    return re.sub(r"(?<!\d)(\d+)(?=項目)", lambda m: str(int(m[1]) * scale), text, count=1)


def make_copy(edition: Path, scale: int, dest: Path) -> Path:
    """A copy of the edition with every pledge repeated `scale` times, renumbered, the counts restated."""
    index = resolve_index(edition)
    shutil.copytree(index.parent, dest)
    report = _raw(index)
    renumber: dict[str, int] = {}
    next_no = 1
    for rel in report["sections"]:
        section = _raw(index.parent / rel)
        pledges = []
        for pledge in section["pledges"]:
            for copy in range(scale):
                clone = dict(pledge, no=str(next_no))
                if copy == 0:
                    renumber[pledge["no"]] = next_no
                pledges.append(clone)
                next_no += 1
        section["pledges"] = pledges
        (dest / rel).write_text(_dump(section), encoding="utf-8")
    # The preface states the total and each count per status, and every claim is one of its sentences
    # (check requires that): restate them for the synthetic counts, which are the originals × scale, as an
    # editor would write them for an edition of this size. The percentages stay true, so they stay as written.
    total = next_no - 1
    claims = report.get("claims", [])
    restated = {claim["text"]: _times(claim["text"], scale) for claim in claims if "status" in claim}
    for claim in claims:
        claim["text"] = restated.get(claim["text"], claim["text"])
    preface = []
    for line in report.get("preface", []):
        # the stated total first (「掲げた170項目」), then the claims inside the same paragraph
        line = re.sub(rf"(?<![\d,]){total // scale}(?=項目のうち)", str(total), line)
        for old, new in restated.items():
            line = line.replace(old, new)
        preface.append(line)
    report["preface"] = preface
    for figure in report.get("figures", []):
        if figure["source"] != "preface":
            figure["source"] = str(renumber[figure["source"]])
    (dest / index.name).write_text(_dump(report), encoding="utf-8")
    return dest


def measure(edition: Path, repeat: int) -> tuple[int, float, float]:
    """(pledges, best seconds of load + check, peak MiB)."""
    best = float("inf")
    pledges = 0
    for _ in range(repeat):
        start = time.perf_counter()
        report = load_report(edition)
        problems, summary = check_report(report)
        best = min(best, time.perf_counter() - start)
        if problems or len(summary.confirmed) != len(report.claims) + len(report.figures):
            sys.exit(f"the synthetic edition {edition} does not pass check: "
                     + "; ".join(p.message for p in problems[:3]))
        pledges = len(report.pledges)
    tracemalloc.start()
    check_report(load_report(edition))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return pledges, best, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", nargs="?", default=str(DEFAULT_EDITION))
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'pledges':>8} {'load+check s':>13} {'µs/pledge':>10} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            edition = make_copy(Path(args.edition), scale, Path(tmp) / f"x{scale}")
            pledges, seconds, peak = measure(edition, args.repeat)
            print(f"{pledges:>8} {seconds:>13.3f} {seconds / pledges * 1e6:>10.1f} {peak:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
