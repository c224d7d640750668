"""Content stage: the seed parser and the errata that turn the OCR'd seed into the content's text.

In: the seed (markdown OCR'd from the original PDF, as received) and `errata.yaml`, read through
`content.gate` like every edition file. Out: a `SeedReport`, a small frozen tree (source title, preface
lines, sections → pledges → body items) whose text has all passed through `content.normalise.normalise`,
the errata as `Erratum`s located at their lines (`read_errata`, every problem of the file at once), and,
with `apply_errata`, the same tree repaired; `errata_problems` lists, located at the entry, every erratum
whose pledge the seed does not have or whose excerpt does not occur as often as it says. A seed whose shape
the parser does not know raises `SeedError`, which names the seed's line. The section
YAML files are generated from `apply_errata(parse_seed(seed), load_errata(errata))` and a test keeps the
two equal, so every character of the content can be traced to the seed, the normalisation or an erratum.
The preface is the one place where the content is not line for line: its paragraphs are the repaired
preface lines joined by `content.normalise.join_lines`, with the breaks between paragraphs chosen by the
editor; `preface_paragraphs` finds which lines each paragraph joins, or says where a paragraph departs from
the lines (a line lost, repeated, reordered or a character added).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from content.gate import Gate, shown
from content.model import STATUS_MARKS, Erratum, Origin
from content.normalise import join_lines, normalise
from content.problems import ContentError, Problem
from content.yamlnodes import Reader

__all__ = ["SeedItem", "SeedPledge", "SeedSection", "SeedReport", "Erratum", "ERRATUM_KINDS", "SeedError",
           "parse_seed", "read_errata", "load_errata", "apply_errata", "errata_problems", "preface_paragraphs"]

ERRATUM_KINDS = ("ocr", "source-typo", "uncertain")


@dataclass(frozen=True)
class SeedItem:
    """One result item: kind is bullet | subheading | para | link; a link has text (its label) and url."""

    kind: str
    text: str
    url: str | None = None
    truncated: bool = False


@dataclass(frozen=True)
class SeedPledge:
    """One pledge as the seed states it: number, status mark (○ △ ×), title and body items."""

    no: int
    mark: str
    title: str
    body: tuple[SeedItem, ...] = ()

    @property
    def status(self) -> str:
        """The status word used in YAML: achieved | in_progress | not_achieved."""
        return STATUS_MARKS[self.mark].value


@dataclass(frozen=True)
class SeedSection:
    """One policy section: its title (without ■) and its pledges."""

    title: str
    pledges: tuple[SeedPledge, ...]


@dataclass(frozen=True)
class SeedReport:
    """The parsed seed. `title` is the source title verbatim (not normalised); everything else is normalised.

    `preface` holds the preface line by line as the seed breaks it (one entry per non-blank line or bold
    block), and `preface_lines` the 1-based line of the seed file each entry starts on (same length)."""

    title: str
    preface: tuple[str, ...]
    sections: tuple[SeedSection, ...]
    preface_lines: tuple[int, ...] = ()

    @property
    def pledges(self) -> tuple[SeedPledge, ...]:
        """All pledges in source order."""
        return tuple(p for s in self.sections for p in s.pledges)


class SeedError(ValueError):
    """The seed has a shape the parser does not know; `line` is the seed's 1-based line (None: the whole seed)."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"seed line {line}: {message}" if line else f"seed: {message}")


# ---------------------------------------------------------------- parsing

_BULLET = re.compile(r"^(?:-\s+)?・\s*|^-\s+")
_AUTOLINK = re.compile(r"^<(https?://[^>\s]+)>$")
_MDLINK = re.compile(r"^\[(.+?)\]\((https?://[^)\s]+)\)$")
_TRAILING_AUTOLINK = re.compile(r"\s*<(https?://[^>\s]+)>$")
_SUBHEADING = re.compile(r"^（(?:平成|令和)(?:\d+|元)年度）$")
_CONTINUATION = re.compile(r"^■?\S+-\d+$")
# A bullet that ends with one of these is complete; otherwise a paragraph after a blank line continues it.
_CLOSED_ENDINGS = tuple("。．.！？!?）)」』】")
# The last item of a pledge that ends like this (an open clause, an adnominal) was cut off by the source.
_CUT_ENDINGS = tuple("、，,なのをにがはへやもてで")


def _unescape(text: str) -> str:
    """Undo markdown escapes (\\_ and \\\\_ → _, and the like) in a link label."""
    return re.sub(r"\\+([\\_*\[\]()#.!-])", r"\1", text)


def _is_heading(line: str) -> bool:
    return line.startswith("#") or line.startswith("**")


def _open_brackets(text: str) -> bool:
    return text.count("（") > text.count("）") or text.count("「") > text.count("」")


class _Builder:
    """Collects sections, pledges and items while the seed's lines are read in order."""

    def __init__(self) -> None:
        self.title = ""
        self.preface: list[str] = []
        self.preface_lines: list[int] = []
        self.sections: list[tuple[str, list[SeedPledge]]] = []
        self.pledge: tuple[int, str, str] | None = None
        self.items: list[SeedItem] = []
        self.expected = 1

    def close_pledge(self) -> None:
        if self.pledge is None:
            return
        items = self.items
        if items and items[-1].kind in ("bullet", "para"):
            last = items[-1]
            if last.text.endswith(_CUT_ENDINGS) or _open_brackets(last.text):
                items[-1] = replace(last, truncated=True)
        no, mark, title = self.pledge
        self.sections[-1][1].append(SeedPledge(no, mark, title, tuple(items)))
        self.pledge, self.items = None, []

    def heading(self, text: str, level1: bool, bold: bool, where: int) -> bool:
        """Handle a heading line; False when it is only a bold paragraph (e.g. the preface's sums)."""
        number = str(self.expected)
        if text[:1].isdigit() and self.sections:
            if not text.startswith(number):
                raise SeedError(where, f"expected pledge {self.expected}, found {shown(text, 20)}")
            rest = text[len(number):]
            mark = rest[:1]
            if mark == "0":  # the OCR read ○ as the digit 0 (pledges 3–10: "30…" is pledge 3 ○)
                mark = "○"
            elif mark not in STATUS_MARKS:
                raise SeedError(where, f"pledge {self.expected} has no status mark: {shown(text, 20)}")
            self.close_pledge()
            self.pledge = (self.expected, normalise(mark), normalise(rest[1:]))
            self.expected += 1
        elif _CONTINUATION.match(text):
            pass  # a page-continuation header such as ■まちづくり-2: not a section
        elif text.startswith("■"):
            self.close_pledge()
            self.sections.append((normalise(text[1:]), []))
        elif level1 and not self.title and not self.sections:
            self.title = text
        elif bold:
            return False
        else:
            raise SeedError(where, f"unrecognised heading {shown(text, 30)}")
        return True

    def body_line(self, raw: str, after_blank: bool, after_break: bool, where: int) -> None:
        if self.pledge is None:
            if self.sections:
                raise SeedError(where, "text before the first pledge of a section")
            self.preface.append(normalise(raw))
            self.preface_lines.append(where)
            return
        if auto := _AUTOLINK.match(raw):
            self.items.append(SeedItem("link", auto.group(1), auto.group(1)))
            return
        if md := _MDLINK.match(raw):
            self.items.append(SeedItem("link", _unescape(md.group(1)), md.group(2)))
            return
        bullet = _BULLET.match(raw)
        if bullet:
            text = raw[bullet.end():]
            trailing = _TRAILING_AUTOLINK.search(text)
            url = trailing.group(1) if trailing else None
            if trailing:
                text = text[:trailing.start()]
            self.items.append(SeedItem("bullet", normalise(text)))
            if url:
                self.items.append(SeedItem("link", url, url))
            return
        text = normalise(raw)
        previous = self.items[-1] if self.items else None
        if _SUBHEADING.match(text):
            self.items.append(SeedItem("subheading", text))
        elif previous and previous.kind == "bullet" and not after_break and (
                not after_blank or not previous.text.endswith(_CLOSED_ENDINGS)):
            # a bullet wrapped across a (blank) line by the PDF: join without a space
            self.items[-1] = replace(previous, text=normalise(previous.text + text))
        else:
            self.items.append(SeedItem("para", text))


def parse_seed(text: str) -> SeedReport:
    """Parse the seed's markdown into a `SeedReport`. Deterministic; raises SeedError on an unknown shape.

    Decisions: a heading (a line starting with # or **) is the source title, a section (■…), a
    page-continuation header (…-2, dropped) or the next pledge (its number must be the expected one, which
    disambiguates the OCR'd "0" read for ○: "100 発達…" is pledge 10); any other bold line is text. A
    heading continues over a hard break, a bold one until its closing **; the lines are joined without a
    space. In a pledge: "- ・", "・" or "- "
    start a bullet; a line that is only <url> or [label](url) is a link; （平成/令和N年度） alone is a
    subheading; other text is a para, except that it continues the previous bullet when that bullet is
    not closed (no final 。 or bracket) or when no blank line separates them. After a hard break a new item
    starts (the break separates a label from its list). A trailing <url> on a bullet becomes a link item.
    The last bullet/para of a pledge is marked truncated when it ends in an open clause (、 or a particle).
    """
    b = _Builder()
    lines = text.splitlines()
    i = 0
    after_blank = after_break = False
    while i < len(lines):
        raw, where = lines[i], i + 1
        i += 1
        if not raw.strip():
            after_blank, after_break = True, False
            continue
        if _is_heading(raw):
            level1 = raw.startswith("# ")
            bold_open = raw.lstrip("#").strip().startswith("**")
            parts = [raw]
            # a heading continues over a hard break, and a bold one until its closing **
            while i < len(lines) and lines[i].strip() and (
                    parts[-1].endswith("  ") or (bold_open and not parts[-1].rstrip().endswith("**"))):
                parts.append(lines[i])
                i += 1
            joined = "".join(p.lstrip("#").strip() if n == 0 else p.strip() for n, p in enumerate(parts))
            bold = raw.startswith("**") and parts[-1].rstrip().endswith("**")
            if b.heading(joined.replace("**", "").strip(), level1, bold, where):
                after_blank = after_break = False
                continue
            raw = "".join(p.strip() for p in parts)
        b.body_line(raw.strip(), after_blank, after_break, where)
        after_blank, after_break = False, raw.endswith("  ")
    b.close_pledge()
    if not b.sections:
        raise SeedError(None, "no sections found (no line starting with # ■ or **■)")
    sections = tuple(SeedSection(t, tuple(p)) for t, p in b.sections)
    return SeedReport(b.title, tuple(b.preface), sections, tuple(b.preface_lines))


# ---------------------------------------------------------------- errata

_ERRATUM_FIELDS = {"pledge": True, "seed": True, "correction": True, "kind": True, "reason": True,
                   "count": False, "keep": False}
ERRATA_NAME = "errata.yaml"


def read_errata(gate: Gate, problems: list[Problem], name: str = ERRATA_NAME) -> list[Erratum]:
    """Read errata.yaml (if the edition has one) through the gate: a list of mappings with pledge, seed,
    correction, kind, reason and optionally count and keep. Every problem is appended to `problems`,
    located at its line and column; only the sound entries are returned."""
    node, file, found = gate.read_yaml(name, what=name, missing_ok=True, empty_ok=True)
    problems += found
    if node is None or file is None:
        return []
    r = Reader(file, problems)
    out: list[Erratum] = []
    for n, item in enumerate(r.sequence(node, "errata.yaml") or [], start=1):
        what = f"erratum {n}"
        k = r.mapping(item, _ERRATUM_FIELDS, what)
        if k is None or any(f not in k for f, required in _ERRATUM_FIELDS.items() if required):
            continue
        raw = r.text(k["pledge"], f"{what}: pledge")
        pledge: int | str | None = None
        if raw == "preface":
            pledge = "preface"
        elif raw is not None and raw.strip().isascii() and raw.strip().isdigit():
            pledge = r.integer(k["pledge"], f"{what}: pledge", minimum=1)  # reports its own problems
        elif raw is not None:
            r.error(k["pledge"], f"{what}: pledge {shown(raw)} is not a pledge number",
                    "a pledge number such as 12, or preface")
        seed = r.text(k["seed"], f"{what}: seed")
        correction = r.text(k["correction"], f"{what}: correction", allow_empty=True)
        kind = r.text(k["kind"], f"{what}: kind")
        if kind is not None and kind not in ERRATUM_KINDS:
            r.error(k["kind"], f"{what}: kind {shown(kind)} is not one of {', '.join(ERRATUM_KINDS)}",
                    ", ".join(ERRATUM_KINDS))
            kind = None
        reason = r.text(k["reason"], f"{what}: reason")
        count = r.integer(k["count"], f"{what}: count", minimum=1) if "count" in k else 1
        keep = r.boolean(k["keep"], f"{what}: keep") if "keep" in k else False
        if None in (pledge, seed, correction, kind, reason, count, keep):
            continue
        if keep != (correction == seed):
            r.error(k.get("keep", k["correction"]), f"{what}: keep is {'true' if keep else 'false'}, but the "
                    f"correction {'differs from' if keep else 'equals'} the seed",
                    "keep: true exactly when the correction equals the seed (a hit checked and kept as it is)")
            continue
        out.append(Erratum(pledge, seed, correction, kind, reason, count, keep, n,  # type: ignore[arg-type]
                           origin=r.origin(item), pledge_origin=r.origin(k["pledge"]),
                           seed_origin=r.origin(k["seed"])))
    return out


def load_errata(path: str | Path) -> list[Erratum]:
    """Read one errata.yaml (the edition folder is its folder). Raises ContentError with every problem."""
    path = Path(path)
    problems: list[Problem] = []
    errata = read_errata(Gate(path.parent), problems, path.name)
    if problems:
        raise ContentError(problems)
    return errata


def _fix_item(item: SeedItem, e: Erratum) -> SeedItem | None:
    if e.correction == "" and item.text == e.seed:
        return None
    return replace(item, text=item.text.replace(e.seed, e.correction))


def apply_errata(report: SeedReport, errata: Iterable[Erratum]) -> SeedReport:
    """Apply the errata in order. Each excerpt must occur exactly `count` times in its pledge (title and body
    texts) or in the preface at the moment it is applied; otherwise ValueError names the erratum. A deletion
    ("" correction) whose excerpt is a whole body item or preface line removes it. Preface errata apply to the
    seed's preface lines, before `join_lines` makes paragraphs of them."""

    def refuse(e: Erratum, origin: Origin, message: str, expected: str) -> None:
        raise ValueError(f"{e}: {message} (expected {expected})")

    return _apply(report, errata, refuse)


def errata_problems(report: SeedReport, errata: Iterable[Erratum]) -> list[Problem]:
    """Every erratum that does not fit the seed, as a problem located at the entry: its pledge is not in the
    seed, or its excerpt does not occur `count` times there when it is applied. The others are applied in
    order, as `apply_errata` does, so a later erratum is checked against the text the earlier ones left."""
    problems: list[Problem] = []

    def record(e: Erratum, origin: Origin, message: str, expected: str) -> None:
        problems.append(Problem(origin.path, origin.line or None, origin.column or None, f"{e}: {message}",
                                expected, e.pledge if isinstance(e.pledge, int) else None))

    _apply(report, errata, record)
    return problems


def _apply(report: SeedReport, errata: Iterable[Erratum],
           refuse: Callable[[Erratum, Origin, str, str], None]) -> SeedReport:
    preface = list(report.preface)
    where = list(report.preface_lines) or [0] * len(preface)
    pledges = {p.no: p for p in report.pledges}
    for e in errata:
        if e.pledge == "preface":
            found = sum(par.count(e.seed) for par in preface)
            place = "the seed's preface"
        elif e.pledge in pledges:
            p = pledges[e.pledge]  # type: ignore[index]
            found = p.title.count(e.seed) + sum(item.text.count(e.seed) for item in p.body)
            place = f"pledge {e.pledge} of the seed"
        else:
            last = max(pledges) if pledges else 0
            refuse(e, e.pledge_origin, f"the seed has no pledge {e.pledge}",
                   f"a pledge number of the seed (1 to {last}) or preface")
            continue
        if found != e.count:
            refuse(e, e.seed_origin, f"the excerpt {shown(e.seed, 40)} occurs {found} "
                   f"time{'s' if found != 1 else ''} in {place}", f"{e.count} (count: {e.count}); the excerpt "
                   "as it stands in the seed after normalisation")
            continue
        if e.keep:
            continue
        if e.pledge == "preface":
            kept = [(par, n) for par, n in zip(preface, where) if e.correction or par != e.seed]
            preface = [par.replace(e.seed, e.correction) for par, _ in kept]
            where = [n for _, n in kept]
            continue
        p = pledges[e.pledge]  # type: ignore[index]
        body = tuple(fixed for item in p.body if (fixed := _fix_item(item, e)) is not None)
        pledges[e.pledge] = replace(p, title=p.title.replace(e.seed, e.correction), body=body)  # type: ignore[index]
    sections = tuple(replace(s, pledges=tuple(pledges[p.no] for p in s.pledges)) for s in report.sections)
    return replace(report, preface=tuple(preface), sections=sections,
                   preface_lines=tuple(where) if report.preface_lines else ())


# ---------------------------------------------------------------- the preface as paragraphs

def preface_paragraphs(lines: Sequence[str], paragraphs: Sequence[str]) -> tuple[range, ...]:
    """Which lines each paragraph joins: for paragraph k, the range of indices into `lines` such that
    ``join_lines(lines[r]) == paragraphs[k]``, the ranges consecutive and together covering every line once.

    Raises ValueError when the paragraphs are not the lines, in order, joined by `join_lines` and broken
    only between lines: a line lost, repeated or moved, a character added, changed or dropped, or a break
    inside a line. The message names the paragraph, the character and the preface line where they part.
    """
    reached = (-1, -1, 0)  # the furthest (line, paragraph, character) any split got to, for the message

    def note(line: int, k: int, at: int) -> None:
        nonlocal reached
        reached = max(reached, (line, k, at))

    def split(k: int, i: int) -> tuple[range, ...] | None:
        if k == len(paragraphs):
            if i == len(lines):
                return ()
            note(i, k, 0)
            return None
        text = paragraphs[k]
        for j in range(i + 1, len(lines) + 1):
            joined = join_lines(lines[i:j])
            if not text.startswith(joined):
                note(j - 1, k, len(join_lines(lines[i:j - 1])))
                return None
            if joined == text and (rest := split(k + 1, j)) is not None:
                return (range(i, j), *rest)
        note(len(lines), k, len(join_lines(lines[i:])))
        return None

    found = split(0, 0)
    if found is not None:
        return found
    line, k, at = reached
    if k == len(paragraphs):
        raise ValueError(f"the preface paragraphs end before preface line {line + 1} ({shown(lines[line], 20)}): "
                         "that line and any after it are in no paragraph")
    text = paragraphs[k]
    if line == len(lines):
        raise ValueError(f"preface paragraph {k + 1} goes on after the last preface line at character {at + 1} "
                         f"({shown(text[at:at + 20])}): that text is in no line")
    same = len(os.path.commonprefix([text[at:], lines[line]]))
    raise ValueError(f"preface paragraph {k + 1} parts from preface line {line + 1} ({shown(lines[line], 20)}) "
                     f"at character {at + same + 1}: the paragraph reads {shown(text[at + same:at + same + 12])}, "
                     f"the line {shown(lines[line][same:same + 12])}; a line is lost, repeated, moved or changed")
