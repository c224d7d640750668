"""Content stage: the typed, frozen model of a report.

In: nothing (pure data definitions). Out: the dataclasses that `content.loader` builds from YAML and
that every later stage (charts, layout, render.py) reads. Every node keeps the place it came from
(`Origin`: file, line, column) so that checks and later stages can point at the line a volunteer wrote.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Origin:
    """Where a node was written: a file and a 1-based line and column."""

    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NOWHERE = Origin(Path("<none>"), 0, 0)


class Status(enum.Enum):
    """A pledge's status. The values are the words used in YAML and JSON."""

    ACHIEVED = "achieved"
    IN_PROGRESS = "in_progress"
    NOT_ACHIEVED = "not_achieved"

    @property
    def mark(self) -> str:
        """The status as the conventional mark (× is U+00D7, which the fonts carry)."""
        return {"achieved": "○", "in_progress": "△", "not_achieved": "×"}[self.value]

    @property
    def label(self) -> str:
        """The status in words, as the booklet prints it."""
        return {"achieved": "達成", "in_progress": "取組中", "not_achieved": "未達成"}[self.value]


# Marks accepted on input for each status (○ U+25CB, 〇 U+3007, ◯ U+25EF, △, × U+00D7, ✕ U+2715, ☓ U+2613,
# ✖ U+2716). ◯ LARGE CIRCLE is what Japanese input methods often give for まる.
STATUS_MARKS: dict[str, Status] = {
    "○": Status.ACHIEVED,
    "〇": Status.ACHIEVED,
    "\u25ef": Status.ACHIEVED,
    "△": Status.IN_PROGRESS,
    "×": Status.NOT_ACHIEVED,
    "✕": Status.NOT_ACHIEVED,
    "☓": Status.NOT_ACHIEVED,
    "✖": Status.NOT_ACHIEVED,
}


# Words accepted on input besides the YAML words: the labels the booklet prints (Status.label).
STATUS_WORDS: dict[str, Status] = {status.label: status for status in Status}


class BodyKind(enum.Enum):
    """The kinds of result item under a pledge."""

    BULLET = "bullet"
    SUBHEADING = "subheading"
    PARA = "para"
    LINK = "link"


@dataclass(frozen=True)
class BodyItem:
    """One result item: a bullet, a year sub-heading, a paragraph, or a link (text + url)."""

    kind: BodyKind
    text: str
    url: str | None = None
    truncated: bool = False
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Pledge:
    """One pledge: its number, status, title (the pledge itself) and results in source order."""

    no: int
    status: Status
    title: str
    body: tuple[BodyItem, ...] = ()
    short_title: str | None = None
    section: str = ""
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Section:
    """One policy section, as one YAML file."""

    title: str
    pledges: tuple[Pledge, ...]
    path: Path
    origin: Origin = NOWHERE
    title_origin: Origin = NOWHERE  # where the title's text is written


@dataclass(frozen=True)
class Source:
    """What the seed itself states about the report: nothing more is recorded here."""

    title: str
    issuer: str
    seed: Path
    seed_sha256: str
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Office:
    """発行所, the publishing office: its name, and optionally its postal address and web address."""

    name: str
    address: str = ""     # the postal address as it is to be printed, 〒 and postcode included if wanted
    url: str = ""         # an http:// or https:// address
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Colophon:
    """The editor-supplied fields of the 奥付. Every field is optional; "" (or None for the office) means
    not given, and what is not given is left out of the booklet, never filled in from elsewhere
    (`Source.issuer` is the reporter the seed names, not the publisher)."""

    publisher: str = ""   # 発行者
    office: Office | None = None  # 発行所
    printer: str = ""     # 印刷所
    origin: Origin = NOWHERE

    @property
    def is_empty(self) -> bool:
        """True when the editor supplied none of the fields."""
        return not (self.publisher or self.office or self.printer)

    def entries(self) -> tuple[tuple[str, str], ...]:
        """The given fields as (label, text) in the order a 奥付 prints them; absent fields are left out.
        Labels: 発行者, 発行所, 所在地 (the office's address), URL (the office's web address), 印刷所."""
        out: list[tuple[str, str]] = []
        if self.publisher:
            out.append(("発行者", self.publisher))
        if self.office is not None:
            out.append(("発行所", self.office.name))
            if self.office.address:
                out.append(("所在地", self.office.address))
            if self.office.url:
                out.append(("URL", self.office.url))
        if self.printer:
            out.append(("印刷所", self.printer))
        return tuple(out)


@dataclass(frozen=True)
class Edition:
    """This edition's own data, filled in by its editor. Dates stay as written (ISO 8601 text)."""

    id: str
    number: int
    release_date: str
    title: str = ""       # the title as the booklet prints it (cover, colophon, metadata)
    subtitle: str = ""
    period: str = ""      # the period the report covers, in the editor's words
    colophon: Colophon = Colophon()  # 発行者・発行所・印刷所 for the 奥付; empty when the editor gave none
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Point:
    """One value of a figure series at one as-of label."""

    as_of: str
    value: Decimal
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Series:
    """A named run of points inside a figure (one for debt; 定員, 受入, 待機児童数 for childcare)."""

    name: str
    points: tuple[Point, ...]
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Figure:
    """A figure of the report: unit, basis, where it is stated (preface or a pledge) and its series."""

    id: str
    label: str
    unit: str
    basis: str
    source: str | int  # "preface" or a pledge number
    series: tuple[Series, ...]
    as_of: str = ""
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Claim:
    """A headline sentence of the source. Either a status count or a change in a figure."""

    text: str
    status: Status | None = None
    figure: str | None = None
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Erratum:
    """One repair of errata.yaml: in `pledge` (a number or "preface"), `seed` (normalised) occurs `count`
    times → `correction`. `index` is its 1-based position in errata.yaml; the origins are where the entry,
    its `pledge:` value and its `seed:` value are written."""

    pledge: int | str
    seed: str
    correction: str
    kind: str
    reason: str
    count: int = 1
    keep: bool = False
    index: int = 0
    origin: Origin = NOWHERE
    pledge_origin: Origin = NOWHERE
    seed_origin: Origin = NOWHERE

    def __str__(self) -> str:
        return f"erratum {self.index} (pledge {self.pledge})"


@dataclass(frozen=True)
class Report:
    """The whole edition as loaded and validated."""

    schema_version: int
    source: Source
    edition: Edition
    preface: tuple[str, ...]  # the paragraphs of the opening text, in order
    claims: tuple[Claim, ...]
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]
    root: Path
    index_path: Path
    files: tuple[Path, ...] = field(default=())
    errata: tuple[Erratum, ...] = ()  # errata.yaml's entries, in order (empty when there is no errata.yaml)
    seed_text: str = ""               # the seed as read through content.gate (UTF-8, BOM removed)
    seed_digest: str = ""             # the sha256 of the seed's bytes as read
    preface_origins: tuple[Origin, ...] = ()  # where each preface paragraph is written

    @property
    def pledges(self) -> tuple[Pledge, ...]:
        """All pledges in printed order."""
        return tuple(p for s in self.sections for p in s.pledges)

    @property
    def edition_files(self) -> tuple[Path, ...]:
        """Every file of the edition that seika reads: index, sections, errata, seed and its checksums.
        None of them may ever be written by seika. The loader has read each one that exists through
        content.gate (confined to the edition folder, a regular file, under the size cap)."""
        extra = (self.root / "errata.yaml", self.source.seed, self.source.seed.parent / "SHA256SUMS")
        return tuple(dict.fromkeys([*self.files, *extra]))

    def pledge(self, no: int) -> Pledge | None:
        """The pledge with this number, if any."""
        for p in self.pledges:
            if p.no == no:
                return p
        return None
