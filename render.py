"""seika's command line: load → check → (later stages) for one edition.

In: argv. Out: an exit code (0 success, 2 bad input with every problem listed as
`path:line:column: pledge N: what is wrong (expected …)`, never a traceback for a user error),
and the command's output on stdout or in the file named by -o (written to a temp file, then renamed).
Nothing imports this module; it is the top of the pipeline content → charts → layout → render.py.
`check` and `export-json` load none of matplotlib, ReportLab, svglib or pikepdf: the stages that need them
are imported by the commands that run them (build, preflight).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence, TextIO

from content.checks import check_report
from content.loader import load_report, resolve_index
from content.model import Report, Status
from content.problems import ContentError, Problem, display_path
from fonts.coverage import find_missing
from fonts.manifest import LATIN_ROLES, FontError
from layout.geometry import GEOMETRIES
from layout.output.profiles import PROFILES

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

EXAMPLES = """\
examples:
  python render.py                            build the bundled edition: out/kamakura-2021-{print,screen,archive}.pdf
  python render.py build --profile print      only the print (入稿) PDF
  python render.py build --paper b5 --profile screen -o out/b5.pdf
  python render.py preflight out/kamakura-2021-print.pdf --profile print
  python render.py check                      validate the bundled edition and print a summary
  python render.py check content/editions/kamakura-2021
  python render.py export-json > report.json  the validated report as JSON (schema: content/schema/)
  python render.py export-json -o out/kamakura-2021.json

CONTENT is an edition folder or its report.yaml; it defaults to the bundled edition
(content/editions/kamakura-2021). Exit codes: 0 ok; 1 the preflight found problems (the PDF is not
written); 2 bad input (every problem is listed with its file, line and pledge) or an unreadable PDF; 3 an
internal error of seika's (please report it).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="render.py", description="seika: typeset a status-tracked report written in YAML.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", help="typeset the booklet PDF (the default command)",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    build.add_argument("--paper", choices=sorted(GEOMETRIES), default="a4",
                       help="trim size: a4 (default), b5 (JIS B5, 182×257 mm) or a5")
    build.add_argument("--profile", choices=[*PROFILES, "all"], default="all",
                       help="print (入稿 PDF/X-1a), screen, archive (PDF/A-3b), or all (default)")
    build.add_argument("-o", "--output", metavar="FILE",
                       help="the PDF to write, with one --profile (default: out/<edition>-<profile>.pdf)")
    check_pdf = sub.add_parser("preflight", help="check a produced PDF against its profile's rules",
                               epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    check_pdf.add_argument("pdf", metavar="FILE.pdf")
    check_pdf.add_argument("--profile", choices=list(PROFILES), default="print")
    check = sub.add_parser("check", help="validate an edition and print a summary",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    export = sub.add_parser("export-json", help="write the validated report as JSON",
                            epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    return parser


def texts_to_set(report: Report) -> list[tuple[str, str, str]]:
    """Every string of the content that will be set, as (place, font role, text) for the glyph preflight."""
    index = display_path(report.index_path)
    ed = report.edition
    out: list[tuple[str, str, str]] = [(index, "gothic_bold", report.source.title),
                                       (index, "gothic_bold", report.source.issuer)]
    out += [(f"{index}: edition.{name}", "gothic_bold", text)
            for name, text in (("title", ed.title), ("subtitle", ed.subtitle), ("period", ed.period)) if text]
    out += [(f"{index}: edition.colophon ({label})", "gothic", text) for label, text in ed.colophon.entries()]
    out += [(f"{display_path(report.index_path)}: preface", "mincho", text) for text in report.preface]
    out += [("fixed label", "gothic_bold", f"【{status.label}】{status.mark}") for status in Status]
    for section in report.sections:
        out.append((display_path(section.path), "gothic_bold", section.title))
        for p in section.pledges:
            place = f"{display_path(p.origin.path)}:{p.origin.line}:{p.origin.column}: pledge {p.no}"
            out.append((place, "gothic_bold", p.title))
            if p.short_title:
                out.append((place, "gothic", p.short_title))
            for item in p.body:
                out.append((place, "gothic" if item.kind.value == "subheading" else "mincho", item.text))
    from charts.spec import chart_texts  # the charts' labels from the content, without drawing them

    try:
        labels = chart_texts(report)
    except ValueError as err:  # a figure the charts cannot draw (a missing series, no values)
        raise ContentError([Problem(report.index_path, None, None, f"the charts cannot use the figures: {err}",
                                    "figures shaped as content/SCHEMA.md describes")]) from None
    out += [(f"chart {chart_id}", "gothic", text) for chart_id, text in labels]
    for figure in report.figures:
        place = f"{display_path(figure.origin.path)}:{figure.origin.line}: figure {figure.id}"
        out += [(place, "gothic", t) for t in (figure.label, figure.unit, figure.basis, figure.as_of)]
        out += [(place, "gothic", s.name) for s in figure.series]
        out += [(place, "gothic", pt.as_of) for s in figure.series for pt in s.points]
    # Latin words, URLs and digits-with-letters runs are set in each role's proportional Latin face: its
    # ASCII characters are checked in that face too (a superset of what the composer sets in it).
    out += [(place, LATIN_ROLES[role], latin) for place, role, text in out if role in LATIN_ROLES
            for latin in [" ".join("".join(ch if ch.isascii() else " " for ch in text).split())] if latin]
    return out


def preflight_glyphs(report: Report) -> list[Problem]:
    """The glyph-coverage preflight: every character the fonts lack, all at once."""
    return [Problem(None, None, None, str(m), "a character the font has; for ✕ use × (U+00D7)")
            for m in find_missing(texts_to_set(report))]


def load_checked(content: str | None) -> tuple[Report, list[str]]:
    """Load and check an edition, then run the glyph preflight; raise ContentError with every problem."""
    report = load_report(content)
    problems, summary = check_report(report)
    if problems:
        raise ContentError(problems)
    problems = preflight_glyphs(report)
    if problems:
        raise ContentError(problems)
    lines = [f"{summary.pledges} pledges in {len(summary.sections)} sections: "
             + " ".join(f"{s.mark}{summary.counts[s]}" for s in Status)]
    lines += [f"  {i}. {title} ({n})" for i, (title, n) in enumerate(summary.sections, 1)]
    lines += [f"  confirmed: {c}" for c in summary.confirmed]
    return report, lines


def write_atomically(path: Path | str, data: bytes, source_files: Sequence[Path] = (),
                     verify: Callable[[Path], bool] | None = None) -> bool:
    """Write data to a temp file beside `path`, optionally verify it there, then rename it into place.
    Never overwrites a source file; a file that fails `verify` is removed and nothing is renamed."""
    if str(path).endswith(("/", os.sep)):  # Path() would drop the separator and write a file of that name
        raise ContentError([Problem(Path(path), None, None, "is a folder", "a file name such as out/booklet.pdf")])
    path = Path(path)
    target = path.resolve()
    if any(target == s.resolve() for s in source_files):
        raise ContentError([Problem(path, None, None, "refusing to overwrite a source file",
                                    "an output path outside the edition's files")])
    if target.is_dir():
        raise ContentError([Problem(path, None, None, "is a folder", "a file name such as out/booklet.pdf")])
    import tempfile  # only the commands that write import it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:  # report the file the user named, not our temporary one
        raise OSError(err.errno, err.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; an output is an ordinary file
        if verify is not None and not verify(Path(tmp)):
            Path(tmp).unlink(missing_ok=True)
            return False
        os.replace(tmp, target)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_notes(report: Report) -> list[str]:
    """What a print shop would ask about that is not a fault of the file: the preflight report's notes."""
    notes = []
    if not report.edition.colophon.publisher:
        notes.append("the colophon (奥付) names no 発行者: edition.colophon.publisher is empty, so it is left "
                     "out; fill it in if the print shop needs the publisher on the booklet")
    return notes


def _build(report: Report, paper: str, profiles: list[str], output: str | None) -> int:
    """Lay the booklet out once, emit each profile from that layout, preflight each output in its temp
    file, and rename only the clean ones into place; one progress line per stage on stderr."""
    from layout.document import LayoutPassError, layout_booklet
    from layout.output.emit import emit
    from layout.output.preflight import Finding, preflight, report_text

    status = EXIT_OK
    started = time.perf_counter()
    try:
        laid = layout_booklet(report, paper)
    except LayoutPassError as err:  # a fault of seika's, not of the edition
        print(f"seika: internal error: {err}. Please report it with the edition that causes it.", file=sys.stderr)
        return EXIT_INTERNAL
    print(f"seika: layout: {laid.pages} pages, {paper} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    for warning in laid.warnings:
        print(f"seika: warning: {warning}", file=sys.stderr)
    for name in profiles:
        started = time.perf_counter()
        data = emit(laid, report, PROFILES[name])
        target: Path | str = output if output else Path("out") / f"{report.edition.id}-{name}.pdf"
        findings: list[Finding] = []

        def verify(tmp: Path) -> bool:
            findings.extend(preflight(tmp, name))
            return not findings

        if write_atomically(target, data, report.edition_files, verify):
            print(f"seika: {name}: emit + finish + preflight ok ({time.perf_counter() - started:.2f} s); wrote "
                  f"{display_path(target)} ({len(data) / 1024:.0f} KiB)", file=sys.stderr)
            for note in print_notes(report) if PROFILES[name].pdfx else []:
                print(f"seika: {name}: note: {note}", file=sys.stderr)
        else:
            print(report_text(Path(target), name, findings), file=sys.stderr)
            print(f"seika: {display_path(target)} was not written: the preflight found problems", file=sys.stderr)
            status = EXIT_FINDINGS
    return status


def _preflight(path: str, profile: str) -> int:
    from layout.output.preflight import UnreadablePdf, preflight, report_text

    try:
        findings = preflight(Path(path), profile)
    except UnreadablePdf as err:
        print(f"seika: {err}", file=sys.stderr)
        return EXIT_INPUT
    print(report_text(Path(path), profile, findings))
    return EXIT_FINDINGS if findings else EXIT_OK


def _report_problems(err: ContentError, content: str | None, stream: TextIO) -> None:
    where = display_path(resolve_index(content))
    count = len(err.problems)
    print(f"seika: {count} problem{'s' if count != 1 else ''} (edition {where}):", file=stream)
    for problem in err.problems:
        print(f"  {problem}", file=stream)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["build", *(argv or [])])
    command = args.command
    if command == "preflight":
        return _preflight(args.pdf, args.profile)
    content = getattr(args, "content", None)
    if command == "build" and args.output and args.profile == "all":
        print("seika: -o writes one PDF: choose it with --profile print|screen|archive", file=sys.stderr)
        return EXIT_INPUT
    try:
        started = time.perf_counter()
        report, lines = load_checked(content)
        if command == "build":
            print(f"seika: load + check {display_path(resolve_index(content))}: {len(report.pledges)} pledges "
                  f"({time.perf_counter() - started:.2f} s)", file=sys.stderr)
            profiles = list(PROFILES) if args.profile == "all" else [args.profile]
            return _build(report, args.paper, profiles, args.output)
        if command == "check":
            print(f"seika: {display_path(resolve_index(content))}: ok")
            for line in lines:
                print(line)
        elif command == "export-json":
            from content.export import dumps_report

            text = dumps_report(report)
            if args.output:
                write_atomically(args.output, text.encode("utf-8"), report.edition_files)
                print(f"seika: wrote {args.output}", file=sys.stderr)
            else:
                sys.stdout.write(text)
    except ContentError as err:
        _report_problems(err, content, sys.stderr)
        return EXIT_INPUT
    except FontError as err:
        print(f"seika: {err}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as err:  # the output cannot be written: no space, no permission, a read-only folder
        print(f"seika: cannot write {err.filename or 'the output'}: {err.strerror or err}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
