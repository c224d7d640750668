"""seika's command line: load → check → (later stages) for one edition.

In: argv (the command, build by default when none is named), and the environment only for SEIKA_DEBUG
(SOURCE_DATE_EPOCH is removed for the run: every date comes from the edition). Out: an exit code from one
table for every command (`EXIT_CODES`: 0 ok, 1 a finding, 2 bad input or an unreadable/damaged file or an
output that cannot be written, 3 an internal error, 130 Ctrl-C, 128 + N on SIGTERM/SIGHUP), the
command's report on stdout/stderr, never a traceback for anything a user can cause, and the output file.

Output (`plan_output`, `write_output`): every target is checked before the slow stages (layout) run: a
folder, a place that cannot be written, the edition's own files and seika's own package (code and data)
are refused. A regular file is written to `.NAME.seika-XXXXXXXX.tmp` beside it (locked while it is being
written), verified there (a PDF's preflight), and renamed into place; temp files of the same target that a
killed run left are removed. A character device (/dev/null) or a FIFO with a reader is written in place,
as cp does; a FIFO without a reader, a socket or a block device is refused.

The glyph preflight (`texts_to_set`) covers every string the booklet draws: the content's strings in each
font role that sets them, the charts' labels and seika's own words (`LABELS`); a control character in any
of the content's strings is refused at its file:line:column (`control_problems`).
Nothing imports this module; it is the top of the pipeline content → charts → layout → render.py.
`check` and `export-json` load none of matplotlib, ReportLab, svglib or pikepdf: the stages that need them
are imported by the commands that run them (build, preflight).
"""

from __future__ import annotations

import sys

try:  # a Ctrl-C while seika's modules load is reported like one at any later stage
    import argparse
    import contextlib
    import errno
    import os
    import re
    import secrets
    import signal
    import stat
    import threading
    import time
    import unicodedata
    from dataclasses import dataclass
    from pathlib import Path
    from typing import Callable, Iterator, Sequence, TextIO

    from content.checks import check_report
    from content.gate import REFUSED_IN_TEXT, describe_char, replacement_hint
    from content.loader import load_report, resolve_index
    from content.model import BodyKind, Origin, Report, Status
    from content.problems import ContentError, Problem, display_path, printable
    from fonts.coverage import find_missing
    from fonts.manifest import LATIN_ROLES, FontError, read_manifest
    from layout.geometry import GEOMETRIES
    from layout.output.profiles import PROFILES
    from layout.styles import STYLES
except KeyboardInterrupt:
    sys.stderr.write("seika: interrupted\n")
    raise SystemExit(130) from None

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
COMMANDS = ("build", "check", "preflight", "export-json")
DEFAULT_PAPER = "a4"

EXIT_CODES = """\
exit codes (every command):
  0    ok
  1    a finding: the preflight found problems (a build does not write that PDF)
  2    bad input: the edition's problems (each at its file:line:column), an unreadable or damaged file,
       or an output that cannot be written (a folder, a read-only place, a path seika refuses)
  3    an internal error of seika's: a short message and a request to report it
       (SEIKA_DEBUG=1 also prints the traceback)
  130  interrupted by Ctrl-C (one line; no partial file is left)
  143  stopped by SIGTERM (129: SIGHUP); the temporary file is removed
"""

OUTPUT_RULES = """\
output (-o FILE, and the default out/ files):
  Default names: out/<edition>-<profile>.pdf at A4, out/<edition>-<paper>-<profile>.pdf otherwise.
  A regular file is written as .NAME.seika-XXXXXXXX.tmp beside it and renamed into place when complete
  (and, for a PDF, when its preflight passes); such files left by a killed run are removed on the next.
  A character device (-o /dev/null) or a FIFO that a process reads is written in place, as cp does;
  a FIFO with no reader, a socket or a block device is refused, and so are a folder, the edition's own
  files and anything inside seika's own package (content/, charts/, layout/, fonts/, render.py);
  out/ at the repository root is fine. Problems with the output are found before the layout runs.
  SOURCE_DATE_EPOCH has no effect: every date comes from edition.release_date, so identical input
  gives identical bytes (and /ID).
"""


EXAMPLES = (
    ("", "build the bundled edition: out/kamakura-2021-{print,screen,archive}.pdf"),
    ("--profile print", "the same command (build is the default): only the print (入稿) PDF"),
    ("build --paper b5", "out/kamakura-2021-b5-{print,screen,archive}.pdf"),
    ("build --profile screen -o /tmp/booklet.pdf", ""),
    ("preflight out/kamakura-2021-print.pdf --profile print", ""),
    ("check", "validate the bundled edition and print a summary"),
    ("check content/editions/kamakura-2021", ""),
    ("export-json > report.json", "the validated report as JSON (schema: content/schema/)"),
    ("export-json -o out/kamakura-2021.json", ""),
)


def _examples(run: str) -> str:
    lines = [f"{run} {args}".strip() for args, _ in EXAMPLES]
    width = max(len(line) for line, (_, what) in zip(lines, EXAMPLES) if what) + 2
    body = "\n".join(f"  {line.ljust(width)}{what}".rstrip() for line, (_, what) in zip(lines, EXAMPLES))
    return (f"examples:\n{body}\n\nCONTENT is an edition folder or its report.yaml; it defaults to the bundled "
            f"edition\n(content/editions/kamakura-2021).\n\n{EXIT_CODES}\n{OUTPUT_RULES}")


def _prog() -> str:
    """The command's name as it was run: `seika` from the installed script, `render.py` from the source."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("-c", "__main__.py") else "seika"


def _parser(prog: str) -> argparse.ArgumentParser:
    run = f"python {prog}" if prog.endswith(".py") else prog
    kw = {"epilog": _examples(run), "formatter_class": argparse.RawDescriptionHelpFormatter}
    parser = argparse.ArgumentParser(prog=prog, description="seika: typeset a status-tracked report written in YAML.",
                                     **kw)  # type: ignore[arg-type]
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", help="typeset the booklet PDF (the default command)", **kw)  # type: ignore[arg-type]
    build.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    build.add_argument("--paper", choices=sorted(GEOMETRIES), default=DEFAULT_PAPER,
                       help="trim size: a4 (default), b5 (JIS B5, 182×257 mm) or a5")
    build.add_argument("--profile", choices=[*PROFILES, "all"], default="all",
                       help="print (入稿 PDF/X-1a), screen, archive (PDF/A-3b), or all (default)")
    build.add_argument("-o", "--output", metavar="FILE",
                       help="the PDF to write, with one --profile (default: out/<edition>[-<paper>]-<profile>.pdf)")
    check_pdf = sub.add_parser("preflight", help="check a produced PDF against its profile's rules", **kw)  # type: ignore[arg-type]
    check_pdf.add_argument("pdf", metavar="FILE.pdf")
    check_pdf.add_argument("--profile", choices=list(PROFILES), default="print")
    check = sub.add_parser("check", help="validate an edition and print a summary", **kw)  # type: ignore[arg-type]
    check.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    export = sub.add_parser("export-json", help="write the validated report as JSON", **kw)  # type: ignore[arg-type]
    export.add_argument("content", nargs="?", metavar="CONTENT", help="edition folder or report.yaml")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    return parser


def parse_args(argv: Sequence[str], prog: str = "render.py") -> argparse.Namespace:
    """The arguments, with `build` as the command when the first one names none (`--profile print`, or an
    edition folder); `-h`/`--help` alone gives the overview of every command."""
    import difflib

    argv = list(argv)
    first = argv[0] if argv else ""
    mistyped = (first and not first.startswith("-") and not os.path.exists(first)
                and difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6))
    if not mistyped and first not in (*COMMANDS, "-h", "--help"):  # argparse names the commands otherwise
        argv = ["build", *argv]
    return _parser(prog).parse_args(argv)


def default_output(report: Report, paper: str, profile: str) -> Path:
    """out/<edition>-<profile>.pdf at A4, out/<edition>-<paper>-<profile>.pdf for another paper, so a B5 build
    never replaces the A4 files."""
    stem = report.edition.id if paper == DEFAULT_PAPER else f"{report.edition.id}-{paper}"
    return Path("out") / f"{stem}-{profile}.pdf"


# --- what the booklet draws, for the glyph preflight -----------------------------------------------------

# seika's own words on the pages, by the font role that sets them (layout/parts/*, layout/document.py): part
# headings and running heads, the contents' and colophon's labels, the legend, the 「メモ」 pages, the
# cover's and highlights' computed lines, the figure references, dates (令和8年（2026年）11月27日　第1版),
# page numbers and figures. tests/test_glyph_coverage.py checks that every character painted in the built
# PDFs is one of these or of the content's strings in the same role.
LABELS: dict[str, tuple[str, ...]] = {
    "gothic_bold": ("目次", "成果のあらまし", "主な数値の推移", "主な数値の変化", "取組中・未達成の項目一覧",
                    "凡例", "メモ", "掲げた項目の自己評価", "項目中項目を達成", "項目（%）", "図",
                    "0123456789", "+−±.,%", "…"),
    "gothic": ("目次", "成果のあらまし", "主な数値の推移", "取組中・未達成の項目一覧", "奥付", "発行日", "報告者", "原典",
               "対象期間", "書体", "本文", "令和元年（年）月日　第版", "原典を光学文字認識で読み取った際の誤りを修正し",
               "原典の誤記を訂正し", "、ました（正誤表は保存用PDFに添付）。",
               "各項目の番号の下に、その評価（達成・取組中・未達成）を記しています。", "項目（　）", "（図・、ページ）",
               "→", "0123456789", "+−±.,%", "…"),
    "mincho": ("項目　", "0123456789"),  # the status index's counts
}

def is_control(ch: str) -> bool:
    """A character that is never printed, by the input gate's rule for text values (content.gate): the C0
    and C1 controls (tab and line ends too), DEL, the line and paragraph separators, the bidirectional
    controls."""
    return REFUSED_IN_TEXT.fullmatch(ch) is not None


def shown(text: str, limit: int = 300) -> str:
    """Text as a message may show it: control characters escaped (\\t, \\x1b, \\u2028), at most `limit` long."""
    out = printable(text)
    return out if len(out) <= limit else out[:limit] + "…"


@dataclass(frozen=True)
class Drawn:
    """One of the content's strings as the booklet prints it: where it is (`place`, for the glyph messages),
    the font role that sets it and the text; the YAML file and the keys that lead to its value there, the
    name of the field, and the pledge it belongs to."""

    place: str
    role: str
    text: str
    path: Path
    keys: tuple[str | int, ...]
    what: str
    pledge: int | None = None


# the style (layout/styles.py) each kind of result is set in (layout/parts/pledge.py)
_ITEM_STYLES = {BodyKind.SUBHEADING: "subheading", BodyKind.BULLET: "body", BodyKind.PARA: "body",
                BodyKind.LINK: "link"}


def drawn_texts(report: Report) -> list[Drawn]:
    """Every string of the content that the booklet prints, once per font role that prints it."""
    out: list[Drawn] = []
    index, ed, src = report.index_path, report.edition, report.source
    where = display_path(index)

    def add(roles: tuple[str, ...], text: str, path: Path, keys: tuple[str | int, ...], what: str,
            place: str | None = None, pledge: int | None = None) -> None:
        if text:
            out.extend(Drawn(place or f"{where}: {what}", role, text, path, keys, what, pledge) for role in roles)

    def style(*names: str) -> tuple[str, ...]:  # the font roles of the layout's styles (layout/styles.py)
        return tuple(dict.fromkeys(STYLES[name].role for name in names))

    bold, plain = ("gothic_bold",), ("gothic",)  # what the parts draw with draw_text, by role
    colophon = style("small")                   # the colophon's rows; its title row is style "title"
    add(colophon, src.title, index, ("source", "title"), "source.title", place=where)  # 原典
    add(bold + colophon, src.issuer, index, ("source", "issuer"), "source.issuer", place=where)  # cover; 報告者
    add(bold + style("title"), ed.title, index, ("edition", "title"), "edition.title")  # cover; colophon title
    add(bold + style("title"), ed.subtitle, index, ("edition", "subtitle"), "edition.subtitle")
    add(plain + colophon, ed.period, index, ("edition", "period"), "edition.period")  # cover; 対象期間
    col = ed.colophon
    add(colophon, col.publisher, index, ("edition", "colophon", "publisher"), "edition.colophon.publisher")
    if col.office is not None:
        for name in ("name", "address", "url"):
            add(colophon, getattr(col.office, name), index, ("edition", "colophon", "office", name),
                f"edition.colophon.office.{name}")
    add(colophon, col.printer, index, ("edition", "colophon", "printer"), "edition.colophon.printer")
    for i, paragraph in enumerate(report.preface):
        add(style("body"), paragraph, index, ("preface", i), f"preface paragraph {i + 1}", place=f"{where}: preface")
    for i, figure in enumerate(report.figures):
        place = f"{display_path(figure.origin.path)}:{figure.origin.line}: figure {figure.id}"
        keys: tuple[str | int, ...] = ("figures", i)
        add(bold + plain, figure.label, index, (*keys, "label"), f"figure {figure.id}: label", place)
        add(bold + plain, figure.unit, index, (*keys, "unit"), f"figure {figure.id}: unit", place)
        add(plain, figure.basis, index, (*keys, "basis"), f"figure {figure.id}: basis", place)
        add(plain, figure.as_of, index, (*keys, "as_of"), f"figure {figure.id}: as_of", place)
        for j, series in enumerate(figure.series):
            add(plain, series.name, index, (*keys, "series", j, "name"), f"figure {figure.id}: series name", place)
            for k, point in enumerate(series.points):
                add(plain, point.as_of, index, (*keys, "series", j, "points", k, "as_of"),
                    f"figure {figure.id}: as_of", place)
    for section in report.sections:
        # the opener's band (bold), the status index's group title, the contents and the running heads
        add(bold + style("title", "index", "head"), section.title, section.path, ("title",), "section title",
            place=display_path(section.path))
        for i, p in enumerate(section.pledges):
            place = f"{display_path(p.origin.path)}:{p.origin.line}:{p.origin.column}: pledge {p.no}"
            # the pledge block; the indexes, when it has no short title
            add(style("title", "index"), p.title, p.origin.path, ("pledges", i, "title"), "title", place, p.no)
            add(style("index"), p.short_title or "", p.origin.path, ("pledges", i, "short_title"), "short_title",
                place, p.no)
            for j, item in enumerate(p.body):
                keys = ("pledges", i, "body", j, *((item.kind.value, "text") if item.kind is BodyKind.LINK
                                                   else (item.kind.value,)))
                add(style(_ITEM_STYLES[item.kind]), item.text, p.origin.path, keys, item.kind.value, place,
                    p.no)
    return out


def texts_to_set(report: Report) -> list[tuple[str, str, str]]:
    """Every string the booklet draws, as (place, font role, text) for the glyph preflight: the content's
    strings in each role that sets them, the charts' labels, the status labels and seika's own words."""
    out = [(d.place, d.role, d.text) for d in drawn_texts(report)]
    out += [("fixed label", role, f"【{status.label}】{status.mark}{status.label}")
            for status in Status for role in ("gothic_bold", "gothic", "mincho")]
    out += [("the colophon's labels", "gothic", label) for label, _ in report.edition.colophon.entries()]
    fonts, licence = read_manifest()
    families = "・".join(dict.fromkeys(f.family for f in fonts.values()))
    out.append(("the colophon's fonts", "gothic", f"{families}（{licence.name}）"))
    out += [("fixed label", role, text) for role, texts in LABELS.items() for text in texts]
    from charts.spec import chart_texts  # the charts' labels from the content, without drawing them

    try:
        labels = chart_texts(report)
    except ValueError as err:  # a figure the charts cannot draw (a missing series, no values)
        raise ContentError([Problem(report.index_path, None, None,
                                    f"the charts cannot use the figures: {shown(str(err))}",
                                    "figures shaped as content/SCHEMA.md describes")]) from None
    # a chart sets its titles and values in Gothic Bold, the rest in Gothic
    out += [(f"chart {chart_id}", role, text) for chart_id, text in labels for role in ("gothic", "gothic_bold")]
    # Latin words, URLs and digits-with-letters runs are set in each role's proportional Latin face: its
    # ASCII characters are checked in that face too (a superset of what the composer sets in it).
    out += [(place, LATIN_ROLES[role], latin) for place, role, text in out if role in LATIN_ROLES
            for latin in [" ".join("".join(ch if ch.isascii() else " " for ch in text).split())] if latin]
    return out


def _position(nodes: dict[Path, object], root: Path, path: Path,
              keys: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """The 1-based line and column of the value that `keys` lead to in a YAML file of the edition, read
    through the input gate (of the deepest node found on the way when the file has changed since it was
    loaded; none when it cannot be read)."""
    from content.gate import Gate, MappingNode, SequenceNode

    if path not in nodes:
        nodes[path] = Gate(root).read_yaml(path)[0]
    node = nodes[path]
    if node is None:
        return None, None
    for key in keys:
        child = None
        if isinstance(node, MappingNode):
            child = next((value for k, value in node.value if getattr(k, "value", None) == key), None)
        elif isinstance(node, SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
    mark = node.start_mark  # type: ignore[attr-defined]
    return mark.line + 1, mark.column + 1


def control_problems(report: Report) -> list[Problem]:
    """A control character in a string that the booklet prints, located at its value's file:line:column and
    worded as the input gate words it. The gate refuses these in every text it reads; this is the same rule
    for the strings as the booklet receives them, whatever made them."""
    problems: list[Problem] = []
    nodes: dict[Path, object] = {}
    seen: set[tuple[Path, tuple[str | int, ...]]] = set()
    for d in drawn_texts(report):
        if (d.path, d.keys) in seen:
            continue
        seen.add((d.path, d.keys))
        bad = [(i, ch) for i, ch in enumerate(d.text, 1) if is_control(ch)]
        if not bad:
            continue
        line, column = _position(nodes, report.root, d.path, d.keys)
        found = ", ".join(f"{describe_char(ch)} at character {i}" for i, ch in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        problems.append(Problem(d.path, line, column, f"{d.what} contains {found}{more}",
                                f"the text on one line: {replacement_hint(bad[0][1])}", d.pledge))
    return problems


def preflight_glyphs(report: Report) -> list[Problem]:
    """The glyph-coverage preflight: every character the fonts lack, all at once; one message per character
    and set of places, naming every font role that lacks it there (control characters are reported by
    `control_problems`, with their place)."""
    merged: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for m in find_missing(texts_to_set(report)):
        if not is_control(m.char):
            merged.setdefault((m.char, m.places), []).append(m.role)
    problems = []
    for (ch, places), roles in merged.items():
        where = ", ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
        fonts = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + f" or {roles[-1]}"
        name = unicodedata.name(ch, "unnamed character")
        problems.append(Problem(None, None, None, f"{where}: U+{ord(ch):04X} {name} ({ch}) is not in the {fonts} font",
                                "a character the fonts have" + ("; for ✕ write × (U+00D7)" if ch == "\u2715" else "")))
    return problems


def load_checked(content: str | None) -> tuple[Report, list[str]]:
    """Load and check an edition, then refuse control characters and run the glyph preflight; raise
    ContentError with every problem."""
    report = load_report(content)
    problems, summary = check_report(report)
    if problems:
        raise ContentError(problems)
    problems = control_problems(report) + preflight_glyphs(report)
    if problems:
        raise ContentError(problems)
    lines = [f"{summary.pledges} pledges in {len(summary.sections)} sections: "
             + " ".join(f"{s.mark}{summary.counts[s]}" for s in Status)]
    lines += [f"  {i}. {title} ({n})" for i, (title, n) in enumerate(summary.sections, 1)]
    lines += [f"  confirmed: {c}" for c in summary.confirmed]
    return report, lines


# --- output ------------------------------------------------------------------------------------------------

class OutputError(Exception):
    """An output that cannot or must not be written: the path as the user named it, why, and what would do."""

    def __init__(self, path: Path | str, reason: str, expected: str | None = None) -> None:
        self.path, self.reason, self.expected = str(path), reason, expected
        super().__init__(f"{path}: {reason}")

    def __str__(self) -> str:
        shown_path = display_path(Path(self.path)) if self.path else "the output"
        text = f"cannot write {shown(shown_path)}: {self.reason}"
        return text + (f" (expected {self.expected})" if self.expected else "")


@dataclass
class Target:
    """A checked output: the path as named, its kind ("file" | "device" | "fifo"), for a file the resolved
    path that the temp file is renamed onto, and for a FIFO the descriptor opened on it when it was checked
    (so the reader found then is the one written to; `close` releases it if nothing is written)."""

    named: str
    kind: str
    path: Path
    fd: int | None = None

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)


TEMP_SUFFIX = ".tmp"
_NAME_MAX = 160  # bytes of the target's name kept in a temp file's name (the file system allows 255)
FOLDER_HINT = "a file name such as out/booklet.pdf"


def _temp_prefix(name: str) -> str:
    stem = name.encode("utf-8")[:_NAME_MAX].decode("utf-8", "ignore")
    return f".{stem}.seika-"


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(_temp_prefix(name)) + r"[0-9a-f]{8}" + re.escape(TEMP_SUFFIX))


def protected_roots() -> list[Path]:
    """seika's own code and data, which no output may be written into: the packages content, charts, layout
    and fonts (code, fonts, the ICC profile, the bundled editions, the schema) and render.py itself. The
    repository's out/ folder is not inside any of them."""
    import importlib.util

    roots = [Path(__file__).resolve()]
    for name in ("content", "charts", "layout", "fonts"):
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            roots.append(Path(location).resolve())
    return roots


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: report it where it is written
        return Path(os.path.abspath(path))


def plan_output(named: Path | str, source_files: Sequence[Path] = ()) -> Target:
    """Check an output before any slow work: raise OutputError for a folder, a place that cannot be written,
    the edition's own files, seika's own package, a socket or a block device. Removes stale temp files of
    the same target (`remove_stale_temps`). Creates nothing that stays."""
    text = str(named)
    if not text:
        raise OutputError(text, "no file name given", FOLDER_HINT)
    if text.endswith(("/", os.sep)):  # Path() would drop the separator and write a file of that name
        raise OutputError(text, "is a folder", FOLDER_HINT)
    path = Path(text)
    target = _resolved(path)
    if any(target == _resolved(s) for s in source_files):
        raise OutputError(text, "refusing to overwrite a source file", "an output path outside the edition's files")
    for root in protected_roots():
        if target == root or target.is_relative_to(root):
            inside = display_path(root) + os.sep if root.is_dir() else display_path(root)
            raise OutputError(text, f"it is inside seika's own files ({shown(inside)})",
                              "an output path outside seika's package, such as out/booklet.pdf")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as err:  # a component is a file, a symlink loop, no permission to look
        raise OutputError(text, err.strerror or str(err)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(text, "is a folder", FOLDER_HINT)
    if st is not None and stat.S_ISCHR(st.st_mode):
        if not os.access(path, os.W_OK):
            raise OutputError(text, "the device cannot be written (permission denied)")
        return Target(text, "device", path)
    if st is not None and stat.S_ISFIFO(st.st_mode):
        return Target(text, "fifo", path, _open_fifo(text, path))
    if st is not None and stat.S_ISSOCK(st.st_mode):
        raise OutputError(text, "is a socket", "a regular file, a character device such as /dev/null or a FIFO")
    if st is not None and stat.S_ISBLK(st.st_mode):
        raise OutputError(text, "is a block device (a disk); seika does not write over one",
                          "a regular file, a character device such as /dev/null or a FIFO")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(text, "is not a regular file")
    parent = target.parent
    if parent.is_dir():
        _probe(text, parent, target.name)
        remove_stale_temps(parent, target.name)
    else:
        ancestor = parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise OutputError(text, f"{shown(display_path(ancestor))} is not a folder")
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise OutputError(text, f"the folder {shown(display_path(ancestor))} is read-only or not writable")
    return Target(text, "file", target)


def _open_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Create this target's temp file (mode 0600, never following a symlink), locked for as long as the
    returned descriptor is open, so that no other run takes it for a stale one."""
    import fcntl

    for _ in range(100):
        tmp = folder / f"{_temp_prefix(name)}{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd, tmp
    raise OSError(errno.EEXIST, "no free temporary file name", str(folder / name))


def _probe(named: str, folder: Path, name: str) -> None:
    """Create and remove a temp file where the output will go: a read-only folder, a full quota or missing
    permissions are found now, not after the layout."""
    try:
        fd, tmp = _open_temp(folder, name)
    except OSError as err:
        raise OutputError(named, f"the folder cannot be written ({err.strerror or err})") from None
    try:
        tmp.unlink(missing_ok=True)  # while it is still locked, so no other run takes it for a stale one
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, name: str) -> list[Path]:
    """Remove the temp files of this target that a killed seika run left in `folder`: only files whose name
    is exactly `.NAME.seika-XXXXXXXX.tmp`, regular files (not symlinks) owned by this user, and not locked
    by a run that is still writing them. Returns what was removed."""
    import fcntl

    pattern = _temp_pattern(name)
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if pattern.fullmatch(n)]
    except OSError:
        return removed
    for entry in names:
        path = folder / entry
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_CLOEXEC", 0))
        except OSError:  # a symlink (O_NOFOLLOW), gone already, or not ours to open
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # a run that is writing it holds the lock
                continue
            now = os.lstat(path)
            if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _open_fifo(named: str, path: Path) -> int:
    """Open a FIFO for writing without blocking: one that no process reads is an error at once, not a hang.
    The descriptor is then made blocking, so that the writes wait for the reader as cp's do."""
    import fcntl

    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OutputError(named, "no process is reading the FIFO",
                              "a reader on the FIFO first, for example cat FIFO > booklet.pdf") from None
        raise OutputError(named, f"the FIFO cannot be written ({err.strerror or err})") from None
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return fd


def _write_in_place(target: Target, data: bytes) -> None:
    """Write to a character device or a FIFO as cp does: opened for writing (a FIFO when it was checked),
    never created or replaced."""
    try:
        fd = target.fd if target.fd is not None else os.open(target.path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise OutputError(target.named, err.strerror or str(err)) from None
    target.fd = None
    try:
        _write_all(fd, data)
    except OSError as err:
        raise OutputError(target.named, err.strerror or str(err)) from None
    finally:
        os.close(fd)


def write_output(target: Target, data: bytes, verify: Callable[[Path], bool] | None = None) -> bool:
    """Write `data` to a planned target. A file: written to its locked temp file beside it, synced, verified
    there, and renamed into place (keeping an existing file's mode); the temp file is removed on any failure,
    Ctrl-C or SIGTERM. A device or FIFO: verified in a temp file in the system's temp folder, then written
    in place. Returns False, writing nothing, when `verify` rejects the data."""
    import tempfile

    if target.kind == "file":
        folder, name = target.path.parent, target.path.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(target.named, err.strerror or str(err)) from None
    else:
        if verify is None:
            _write_in_place(target, data)
            return True
        folder, name = Path(tempfile.gettempdir()), target.path.name or "output"
        remove_stale_temps(folder, name)
    try:
        fd, tmp = _open_temp(folder, name)
    except OSError as err:
        raise OutputError(target.named, f"the folder cannot be written ({err.strerror or err})") from None
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if target.kind == "file":
                try:
                    mode = stat.S_IMODE(os.stat(target.path).st_mode)
                except FileNotFoundError:
                    umask = os.umask(0)
                    os.umask(umask)
                    mode = 0o666 & ~umask  # an output is an ordinary file (the temp file was made 0600)
                os.fchmod(fd, mode)
        except OSError as err:  # a full disk, a quota
            raise OutputError(target.named, err.strerror or str(err)) from None
        if verify is not None and not verify(tmp):
            return False
        if target.kind == "file":
            try:
                os.replace(tmp, target.path)
            except OSError as err:
                raise OutputError(target.named, err.strerror or str(err)) from None
        else:
            _write_in_place(target, data)
        return True
    finally:
        try:
            tmp.unlink(missing_ok=True)  # gone already after the rename
        finally:
            os.close(fd)


def write_atomically(path: Path | str, data: bytes, source_files: Sequence[Path] = (),
                     verify: Callable[[Path], bool] | None = None) -> bool:
    """`plan_output` then `write_output`: for a caller that has no slow work between the two."""
    return write_output(plan_output(path, source_files), data, verify)


# --- the commands ------------------------------------------------------------------------------------------

def print_notes(report: Report) -> list[str]:
    """What a print shop would ask about that is not a fault of the file: the preflight report's notes."""
    notes = []
    if not report.edition.colophon.publisher:
        notes.append("the colophon (奥付) names no 発行者: edition.colophon.publisher is empty, so it is left "
                     "out; fill it in if the print shop needs the publisher on the booklet")
    return notes


def _build(report: Report, paper: str, profiles: list[str], output: str | None) -> int:
    """Check every output first, lay the booklet out once, emit each profile from that layout, preflight
    each output in its temp file, and rename only the clean ones into place; one progress line per stage on
    stderr."""
    targets: dict[str, Target] = {}
    try:
        for name in profiles:
            targets[name] = plan_output(output or default_output(report, paper, name), report.edition_files)
        return _lay_out_and_write(report, paper, targets)
    finally:
        for target in targets.values():
            target.close()


def _lay_out_and_write(report: Report, paper: str, targets: dict[str, Target]) -> int:
    from layout.document import layout_booklet
    from layout.output.emit import emit
    from layout.output.preflight import Finding, preflight, report_text

    status = EXIT_OK
    started = time.perf_counter()
    laid = layout_booklet(report, paper)
    print(f"seika: layout: {laid.pages} pages, {paper} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    for warning in laid.warnings:
        print(f"seika: warning: {warning}", file=sys.stderr)
    for name, target in targets.items():
        started = time.perf_counter()
        data = emit(laid, report, PROFILES[name])
        findings: list[Finding] = []

        def verify(tmp: Path) -> bool:
            findings.extend(preflight(tmp, name))
            return not findings

        if write_output(target, data, verify):
            print(f"seika: {name}: emit + finish + preflight ok ({time.perf_counter() - started:.2f} s); wrote "
                  f"{shown(display_path(Path(target.named)))} ({len(data) / 1024:.0f} KiB)", file=sys.stderr)
            for note in print_notes(report) if PROFILES[name].pdfx else []:
                print(f"seika: {name}: note: {note}", file=sys.stderr)
        else:
            print(report_text(Path(target.named), name, findings), file=sys.stderr)
            print(f"seika: {shown(display_path(Path(target.named)))} was not written: the preflight found problems",
                  file=sys.stderr)
            status = EXIT_FINDINGS
    return status


def _preflight(path: str, profile: str) -> int:
    try:
        st = os.stat(path)
    except OSError as err:
        print(f"seika: cannot read {shown(path)}: {err.strerror or err}", file=sys.stderr)
        return EXIT_INPUT
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        print(f"seika: cannot read {shown(path)}: it is {what} (expected a PDF file)", file=sys.stderr)
        return EXIT_INPUT
    from layout.output.preflight import UnreadablePdf, preflight, report_text

    try:
        findings = preflight(Path(path), profile)
    except UnreadablePdf as err:
        print(f"seika: {shown(str(err))}", file=sys.stderr)
        return EXIT_INPUT
    print(report_text(Path(path), profile, findings))
    return EXIT_FINDINGS if findings else EXIT_OK


def _report_problems(err: ContentError, content: str | None, stream: TextIO) -> None:
    where = display_path(resolve_index(content))
    count = len(err.problems)
    print(f"seika: {count} problem{'s' if count != 1 else ''} (edition {shown(where)}):", file=stream)
    for problem in err.problems:
        print(f"  {problem}", file=stream)


def _run(args: argparse.Namespace) -> int:
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
            print(f"seika: load + check {shown(display_path(resolve_index(content)))}: {len(report.pledges)} "
                  f"pledges ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
            profiles = list(PROFILES) if args.profile == "all" else [args.profile]
            return _build(report, args.paper, profiles, args.output)
        if command == "check":
            print(f"seika: {shown(display_path(resolve_index(content)))}: ok")
            for line in lines:
                print(line)
        elif command == "export-json":
            from content.export import dumps_report

            target = plan_output(args.output, report.edition_files) if args.output else None
            text = dumps_report(report)
            if target is not None:
                try:
                    write_output(target, text.encode("utf-8"))
                finally:
                    target.close()
                print(f"seika: wrote {shown(args.output)}", file=sys.stderr)
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
    except ContentError as err:
        _report_problems(err, content, sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every temp file is removed on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Terminated` for the run (in the main thread; the previous handlers after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {n: signal.signal(getattr(signal, n), _terminate) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), signal.SIG_DFL if handler is None else handler)


@contextlib.contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """ReportLab and matplotlib read SOURCE_DATE_EPOCH (and crash on a value that is not a number); seika's
    dates come from the edition, so the variable is removed for the run and restored after."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the interpreter's final flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (`EXIT_CODES`). argparse exits 0 for --help, 2 for a usage error."""
    try:
        with _signals(), _without_source_date_epoch():
            try:
                args = parse_args(sys.argv[1:] if argv is None else argv, _prog())
                return _run(args)
            except OutputError as err:
                print(f"seika: {err}", file=sys.stderr)
                return EXIT_INPUT
            except FontError as err:
                print(f"seika: {shown(str(err))}", file=sys.stderr)
                return EXIT_INPUT
            except BrokenPipeError:  # the reader of stdout went away (`seika export-json | head`)
                _quiet_stdout()
                print("seika: cannot write stdout: the reading process closed the pipe", file=sys.stderr)
                return EXIT_INPUT
            except OSError as err:  # a file that cannot be read: no permission, an I/O error
                print(f"seika: cannot read or write {shown(str(err.filename or 'a file'))}: {err.strerror or err}",
                      file=sys.stderr)
                return EXIT_INPUT
    except KeyboardInterrupt:
        print("seika: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as stop:
        print(f"seika: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr)
        return 128 + stop.signum
    except Exception as err:  # a fault of seika's, never of the input
        if os.environ.get("SEIKA_DEBUG"):
            import traceback

            traceback.print_exc()
        print(f"seika: internal error: {type(err).__name__}: {shown(str(err))}", file=sys.stderr)
        print("seika: this is a bug in seika, not a problem with your edition: please report it with the command "
              "you ran and this message (SEIKA_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
