"""Benchmark: paired build and check ratios, the composer's throughput and the build time per paper size.

In: nothing (the bundled edition, the render.py of this checkout, the running Python). Out: on stdout,
- the paired ratios of issue 9, as whole-process wall time of fresh processes, the median of --pairs
  interleaved pairs (each pair runs both sides back to back, alternating which goes first), each with the
  seconds of both sides (the median of each side), the ratio (the median of the per-pair ratios, with
  their range), the target and whether it is met:
  - 3 profiles (`render.py build --profile all`, into out/ of a temporary folder) against one screen build
    (`render.py build --profile screen -o X.pdf`); target ≤ 1.25×;
  - `render.py check` against a process that imports yaml and loads the edition
    (`python -c "import yaml; from content.loader import load_report; load_report()"`, from the repository
    root); target ≤ 1.5×; the plain `python -c "import yaml"` is timed in the same rounds and shown beside it;
- the composer's throughput: characters composed per second (every title and result of the edition, with the
  real font metrics, best of --repeat, in this process);
- the wall time of a screen build per paper size (fresh process, best of --repeat) and the file's size.
A command that fails (for example a preflight that refuses a PDF) is reported with its stderr's last line and
its timings are marked invalid; the script then exits 1. Not a test: run it by hand and record the numbers,
on a machine that is otherwise idle if they are to mean anything.

    python tests/benchmarks/bench_build.py [--pairs 5] [--repeat 1] [--no-profiles] [--no-check]
                                           [--no-composer] [--no-papers]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "render.py"
sys.path.insert(0, str(ROOT))

PROFILES_TARGET = 1.25
CHECK_TARGET = 1.5
LOAD = "import yaml; from content.loader import load_report; load_report()"


@dataclass
class Command:
    """One side of a pair: a command line, the folder it runs in, and what its runs measured."""

    label: str
    argv: list[str]
    cwd: Path
    seconds: list[float] = field(default_factory=list)
    failure: str | None = None  # the first failure: exit status and the last line of stderr

    def run(self) -> float:
        start = time.perf_counter()
        done = subprocess.run(self.argv, cwd=self.cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0 and self.failure is None:
            last = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            self.failure = f"exit {done.returncode}: {last}"
        self.seconds.append(elapsed)
        return elapsed

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def interleaved(commands: list[Command], pairs: int) -> list[float]:
    """Run the commands `pairs` times, forwards in even rounds and backwards in odd ones.

    Returns the per-round ratios of the first command to the second."""
    ratios = []
    for round_ in range(pairs):
        order = commands if round_ % 2 == 0 else commands[::-1]
        times = {id(c): c.run() for c in order}
        ratios.append(times[id(commands[0])] / times[id(commands[1])])
    return ratios


def report_ratio(name: str, a: Command, b: Command, ratios: list[float], target: float) -> bool:
    """Print one paired ratio; True when it is valid and meets the target."""
    ratio = statistics.median(ratios)
    invalid = [c for c in (a, b) if c.failure]
    verdict = "INVALID (a command failed)" if invalid else ("met" if ratio <= target else "NOT met")
    print(f"{name}: {ratio:.2f}× (median of {len(ratios)} per-pair ratios, range {min(ratios):.2f}–"
          f"{max(ratios):.2f}); target ≤ {target:.2f}×: {verdict}")
    for c in (a, b):
        runs = " ".join(f"{s:.2f}" for s in c.seconds)
        print(f"  {c.label}: {c.median:.2f} s median (runs: {runs})")
    for c in invalid:
        print(f"  ! {c.label} failed: {c.failure}")
    return not invalid and ratio <= target


def paired_profiles(pairs: int, tmp: Path) -> bool:
    """3 profiles against one screen build, A4; returns False when a build failed."""
    every = Command("3 profiles  `render.py build --profile all`",
                    [sys.executable, str(RENDER), "build", "--profile", "all"], tmp)
    screen = Command("1 screen    `render.py build --profile screen -o screen.pdf`",
                     [sys.executable, str(RENDER), "build", "--profile", "screen", "-o", str(tmp / "screen.pdf")],
                     tmp)
    ratios = interleaved([every, screen], pairs)
    report_ratio("3 profiles / 1 screen build", every, screen, ratios, PROFILES_TARGET)
    written = sorted((tmp / "out").glob("*.pdf")) if (tmp / "out").is_dir() else []
    sizes = ", ".join(f"out/{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in written)
    print(f"  wrote {sizes or 'nothing'}")
    return every.failure is None and screen.failure is None


def paired_check(pairs: int) -> bool:
    """`render.py check` against import yaml + load (and plain import yaml), from the repository root."""
    check = Command("check        `render.py check`", [sys.executable, str(RENDER), "check"], ROOT)
    load = Command("yaml + load  `python -c \"" + LOAD + "\"`", [sys.executable, "-c", LOAD], ROOT)
    plain = Command("import yaml  `python -c \"import yaml\"`", [sys.executable, "-c", "import yaml"], ROOT)
    for c in (check, load, plain):  # one untimed run each, so that no side pays for writing bytecode
        c.run()
        c.seconds.clear()
    ratios = interleaved([check, load, plain], pairs)
    report_ratio("check / (import yaml + load the edition)", check, load, ratios, CHECK_TARGET)
    runs = " ".join(f"{s:.2f}" for s in plain.seconds)
    print(f"  {plain.label}: {plain.median:.2f} s median (runs: {runs}); check is "
          f"{statistics.median(a / b for a, b in zip(check.seconds, plain.seconds)):.2f}× it (for information)")
    if plain.failure:
        print(f"  ! {plain.label} failed: {plain.failure}")
    return all(c.failure is None for c in (check, load, plain))


def composer_throughput(repeat: int) -> tuple[int, int, float]:
    """(characters, lines, best seconds) composing every title and result at the A4 body measure."""
    from content.loader import load_report
    from layout.compose import compose_paragraph
    from layout.geometry import page_geometry
    from layout.typefaces import metrics

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


def per_paper(repeat: int, tmp: Path) -> bool:
    """A screen build per paper size, best of `repeat`; returns False when a build failed."""
    ok = True
    for paper in ("a4", "b5", "a5"):
        out = tmp / f"{paper}.pdf"
        build = Command(paper, [sys.executable, str(RENDER), "build", "--paper", paper, "--profile", "screen",
                                "-o", str(out)], tmp)
        for _ in range(repeat):
            build.run()
        size = f"{out.stat().st_size / 1024:.0f} KiB" if out.exists() else "no file"
        print(f"build {paper} screen: {min(build.seconds):.2f} s (fresh process, best of {repeat}), {size}"
              + (f"; ! failed: {build.failure}" if build.failure else ""))
        ok = ok and build.failure is None
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="interleaved pairs per ratio (default 5)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each per-paper build and of the composer (at least 3), best kept; default 1")
    parser.add_argument("--no-profiles", action="store_true", help="skip the 3 profiles / screen ratio")
    parser.add_argument("--no-check", action="store_true", help="skip the check / import yaml + load ratio")
    parser.add_argument("--no-composer", action="store_true", help="skip the composer's throughput")
    parser.add_argument("--no-papers", action="store_true", help="skip the build time per paper size")
    args = parser.parse_args()
    if args.pairs < 1 or args.repeat < 1:
        parser.error("--pairs and --repeat must be at least 1")
    ok = True
    print(f"paired ratios: whole-process wall time, fresh processes, median of {args.pairs} interleaved "
          f"pair(s), {sys.executable}")
    if not args.no_profiles:
        with tempfile.TemporaryDirectory() as tmp:
            ok = paired_profiles(args.pairs, Path(tmp)) and ok
    if not args.no_check:
        ok = paired_check(args.pairs) and ok
    if not args.no_composer:
        chars, lines, seconds = composer_throughput(max(3, args.repeat))
        print(f"composer: {chars} characters, {lines} lines in {seconds:.3f} s = {chars / seconds:,.0f} chars/s "
              f"(best of {max(3, args.repeat)})")
    if not args.no_papers:
        with tempfile.TemporaryDirectory() as tmp:
            ok = per_paper(args.repeat, Path(tmp)) and ok
    if not ok:
        print("some command failed: the timings marked above are not valid measurements")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
