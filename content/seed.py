"""Content stage: the seed parser and the errata that turn the OCR'd seed into the content's text.

In: the seed (markdown OCR'd from the original PDF, as received) and `errata.yaml`. Out: a `SeedReport`, a
small frozen tree (source title, preface lines, sections → pledges → body items) whose text has all
passed through `content.normalise.normalise`, and, with `apply_errata`, the same tree repaired. The section
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from content.model import STATUS_MARKS
from content.normalise import join_lines, normalise

__all__ = ["SeedItem", "SeedPledge", "SeedSection", "SeedReport", "Erratum", "ERRATUM_KINDS",
           "parse_seed", "load_errata", "apply_errata", "preface_paragraphs"]

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


@dataclass(frozen=True)
class Erratum:
    """One repair: in `pledge` (a number or "preface"), `seed` (normalised) occurs `count` times → `correction`."""

    pledge: int | str
    seed: str
    correction: str
    kind: str
    reason: str
    count: int = 1
    keep: bool = False
    index: int = 0  # 1-based position in errata.yaml, for messages

    def __str__(self) -> str:
        return f"erratum #{self.index} (pledge {self.pledge}, seed {self.seed!r})"


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
                raise ValueError(f"seed line {where}: expected pledge {self.expected}, found {text[:20]!r}")
            rest = text[len(number):]
            mark = rest[:1]
            if mark == "0":  # the OCR read ○ as the digit 0 (pledges 3–10: "30…" is pledge 3 ○)
                mark = "○"
            elif mark not in STATUS_MARKS:
                raise ValueError(f"seed line {where}: pledge {self.expected} has no status mark: {text[:20]!r}")
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
            raise ValueError(f"seed line {where}: unrecognised heading {text[:30]!r}")
        return True

    def body_line(self, raw: str, after_blank: bool, after_break: bool, where: int) -> None:
        if self.pledge is None:
            if self.sections:
                raise ValueError(f"seed line {where}: text before the first pledge of a section")
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
    """Parse the seed's markdown into a `SeedReport`. Deterministic; raises ValueError on an unknown shape.

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
        raise ValueError("seed: no sections found")
    sections = tuple(SeedSection(t, tuple(p)) for t, p in b.sections)
    return SeedReport(b.title, tuple(b.preface), sections, tuple(b.preface_lines))


# ---------------------------------------------------------------- errata

_ERRATUM_KEYS = {"pledge", "seed", "correction", "kind", "reason", "count", "keep"}


# libyaml's safe loader where PyYAML has it (the same documents, about ten times faster)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_errata(path: str | Path) -> list[Erratum]:
    """Read errata.yaml: a list of mappings with pledge, seed, correction, kind, reason, [count], [keep]."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: errata must be a list")
    out: list[Erratum] = []
    for n, entry in enumerate(data, start=1):
        where = f"{path}: erratum #{n}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: not a mapping")
        unknown = set(entry) - _ERRATUM_KEYS
        missing = {"pledge", "seed", "correction", "kind", "reason"} - set(entry)
        if unknown or missing:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        pledge, seed, correction = entry["pledge"], entry["seed"], entry["correction"]
        count, keep = entry.get("count", 1), entry.get("keep", False)
        if not (pledge == "preface" or (isinstance(pledge, int) and not isinstance(pledge, bool) and pledge > 0)):
            raise ValueError(f"{where}: pledge must be a pledge number or 'preface', not {pledge!r}")
        if not isinstance(seed, str) or not seed or not isinstance(correction, str):
            raise ValueError(f"{where}: seed must be non-empty text and correction text")
        if entry["kind"] not in ERRATUM_KINDS:
            raise ValueError(f"{where}: kind {entry['kind']!r} is not one of {ERRATUM_KINDS}")
        if not isinstance(entry["reason"], str) or not entry["reason"].strip():
            raise ValueError(f"{where}: reason is required")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1 or not isinstance(keep, bool):
            raise ValueError(f"{where}: count must be a positive integer and keep a boolean")
        if keep != (correction == seed):
            raise ValueError(f"{where}: keep: true exactly when the correction equals the seed")
        out.append(Erratum(pledge, seed, correction, entry["kind"], entry["reason"], count, keep, n))
    return out


def _fix_item(item: SeedItem, e: Erratum) -> SeedItem | None:
    if e.correction == "" and item.text == e.seed:
        return None
    return replace(item, text=item.text.replace(e.seed, e.correction))


def apply_errata(report: SeedReport, errata: Iterable[Erratum]) -> SeedReport:
    """Apply the errata in order. Each excerpt must occur exactly `count` times in its pledge (title and body
    texts) or in the preface at the moment it is applied; otherwise ValueError names the erratum. A deletion
    ("" correction) whose excerpt is a whole body item or preface line removes it. Preface errata apply to the
    seed's preface lines, before `join_lines` makes paragraphs of them."""
    preface = list(report.preface)
    where = list(report.preface_lines) or [0] * len(preface)
    pledges = {p.no: p for p in report.pledges}
    for e in errata:
        if e.pledge == "preface":
            found = sum(par.count(e.seed) for par in preface)
        elif e.pledge in pledges:
            p = pledges[e.pledge]
            found = p.title.count(e.seed) + sum(item.text.count(e.seed) for item in p.body)
        else:
            raise ValueError(f"{e}: there is no pledge {e.pledge}")
        if found != e.count:
            raise ValueError(f"{e}: the excerpt occurs {found} times, expected {e.count}")
        if e.keep:
            continue
        if e.pledge == "preface":
            kept = [(par, n) for par, n in zip(preface, where) if e.correction or par != e.seed]
            preface = [par.replace(e.seed, e.correction) for par, _ in kept]
            where = [n for _, n in kept]
            continue
        p = pledges[e.pledge]
        body = tuple(fixed for item in p.body if (fixed := _fix_item(item, e)) is not None)
        pledges[e.pledge] = replace(p, title=p.title.replace(e.seed, e.correction), body=body)
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
        raise ValueError(f"the preface paragraphs end before preface line {line + 1} ({lines[line][:20]!r}): "
                         "that line and any after it are in no paragraph")
    text = paragraphs[k]
    if line == len(lines):
        raise ValueError(f"preface paragraph {k + 1} goes on after the last preface line at character {at + 1} "
                         f"({text[at:at + 20]!r}): that text is in no line")
    same = len(os.path.commonprefix([text[at:], lines[line]]))
    raise ValueError(f"preface paragraph {k + 1} parts from preface line {line + 1} ({lines[line][:20]!r}) at "
                     f"character {at + same + 1}: the paragraph reads {text[at + same:at + same + 12]!r}, the line "
                     f"{lines[line][same:same + 12]!r}; a line is lost, repeated, moved or changed")
