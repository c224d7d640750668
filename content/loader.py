"""Content stage: YAML files → the frozen `Report` model.

In: an edition folder (or its `report.yaml`), which names its section files in order, its seed, and
optionally errata.yaml. Every one of them, and the seed's SHA256SUMS, is read through `content.gate` (confined
to the edition folder, a regular file under the size cap, strict UTF-8, one safe YAML loader). Out: a
`Report` (the errata, the seed's text and its sha256 included), or a `ContentError` listing every problem in
every file, each as `path:line:column: pledge N: what (expected …)`. Only structure and types are checked
here; rules across records (unique numbers, stated counts, figures in their source text, the errata against
the seed) live in `content.checks`.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
from pathlib import Path

from content.gate import LIMITS, Gate, InputFile, shown
from content.model import (STATUS_MARKS, STATUS_WORDS, BodyItem, BodyKind, Claim, Colophon, Edition, Figure,
                           Office, Origin, Point, Pledge, Report, Section, Series, Source, Status)
from content.problems import ContentError, Problem, display_path
from content.seed import read_errata
from content.yamlnodes import MappingNode, Node, Reader, ScalarNode

SCHEMA_VERSION = 1
INDEX_NAME = "report.yaml"
DEFAULT_EDITION = Path(__file__).resolve().parent / "editions" / "kamakura-2021"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(?:[/?#]\S*)?")  # unambiguous: linear on any input
_PLEDGE_NUMBER = re.compile(r"[0-9]{1,%d}" % LIMITS.max_digits)

_INDEX_FIELDS = {"schema_version": True, "source": True, "edition": True, "preface": True,
                 "claims": False, "figures": False, "sections": True}
_SOURCE_FIELDS = {"title": True, "issuer": True, "seed": True, "seed_sha256": True}
_EDITION_FIELDS = {"id": True, "number": True, "release_date": True, "title": True, "subtitle": False,
                   "period": False, "colophon": False}
_COLOPHON_FIELDS = {"publisher": False, "office": False, "printer": False}
_OFFICE_FIELDS = {"name": False, "address": False, "url": False}  # name is required once anything is given
_CLAIM_FIELDS = {"text": True, "status": False, "figure": False}
_FIGURE_FIELDS = {"id": True, "label": True, "unit": True, "basis": True, "source": True, "series": True,
                  "as_of": False}
_SERIES_FIELDS = {"name": True, "points": True}
_POINT_FIELDS = {"as_of": True, "value": True}
_SECTION_FIELDS = {"title": True, "pledges": True}
_PLEDGE_FIELDS = {"no": True, "status": True, "title": True, "body": False, "short_title": False}
_ITEM_KEYS = {kind.value: kind for kind in BodyKind}
_ITEM_FIELDS = {**{k: False for k in _ITEM_KEYS}, "truncated": False}
_LINK_FIELDS = {"text": True, "url": True}
_STATUS_EXPECTED = "achieved, in_progress or not_achieved; or 達成, 取組中, 未達成; or the marks ○ △ ×"


def resolve_index(content: Path | str | None) -> Path:
    """The report.yaml for a CONTENT argument: an edition folder, its report.yaml, or None (the bundled one)."""
    path = Path(content) if content is not None else DEFAULT_EDITION
    return path / INDEX_NAME if path.is_dir() else path


def parse_status(value: str) -> Status | None:
    """A status from its word (achieved, 達成, …) or its mark (○ ◯ 〇 △ × ✕ …); None when it is neither."""
    value = value.strip()
    if value in STATUS_MARKS:
        return STATUS_MARKS[value]
    if value in STATUS_WORDS:
        return STATUS_WORDS[value]
    try:
        return Status(value)
    except ValueError:
        return None


def load_report(content: Path | str | None = None) -> Report:
    """Load an edition. Raises ContentError with every problem found, across all of its files."""
    # Loading builds many small acyclic objects; the cyclic collector only costs time here (about a third
    # at 17,000 pledges), so it is paused for the duration and restored as it was.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_report(resolve_index(content))
    finally:
        if was_enabled:
            gc.enable()


def _load_report(index: Path) -> Report:
    problems: list[Problem] = []
    gate = Gate(index.parent)
    node, index_file, found = gate.read_yaml(index.name, what="report.yaml", missing_ok=True)
    problems += found
    if index_file is None and not found:
        raise ContentError([_no_edition(index)])
    if node is None or index_file is None:
        raise ContentError(problems)
    r = Reader(index_file, problems)
    keys = r.mapping(node, _INDEX_FIELDS, "report.yaml")
    if keys is None:
        raise ContentError(problems)
    version = r.integer(keys["schema_version"], "schema_version") if "schema_version" in keys else None
    if version is not None and version != SCHEMA_VERSION:
        r.error(keys["schema_version"], f"schema_version {version} is not supported", str(SCHEMA_VERSION))
    source, seed_name, seed_at = _source(r, keys["source"]) if "source" in keys else (None, None, None)
    edition = _edition(r, keys["edition"]) if "edition" in keys else None
    preface, preface_origins = _preface(r, keys["preface"]) if "preface" in keys else ((), ())
    claims = tuple(_claims(r, keys["claims"])) if "claims" in keys else ()
    figures = tuple(_figures(r, keys["figures"])) if "figures" in keys else ()
    sections: list[Section] = []
    files = [index_file.path]
    seen: dict[Path, Origin] = {index_file.real: Origin(index_file.path, 0, 0)}
    for entry in (r.sequence(keys["sections"], "sections") or []) if "sections" in keys else []:
        rel = r.text(entry, "a section file name")
        if rel is None:
            continue
        where = r.origin(entry)
        node, file, found = gate.read_yaml(rel, what="section file", named_at=where)
        problems += found
        if file is None:
            continue
        if file.real in seen:
            first = seen[file.real]
            also = f" (first on line {first.line})" if first.line else " (it is report.yaml itself)"
            r.error(entry, f"section file {shown(rel)} is listed twice{also}", "each section file once")
            continue
        seen[file.real] = where
        files.append(file.path)
        section = _section(file, node, problems) if node is not None else None
        if section is not None:
            sections.append(section)
    seed_text = seed_digest = ""
    if seed_name is not None:
        seed, found = gate.read(seed_name, what="source.seed", named_at=seed_at)
        problems += found
        if seed is not None:
            seed_text, seed_digest = seed.text, hashlib.sha256(seed.data).hexdigest()
            if source is not None:
                source = Source(title=source.title, issuer=source.issuer, seed=seed.path,
                                seed_sha256=source.seed_sha256, origin=source.origin)
            # the seed's checksums are an edition file too (the archive PDF attaches them): through the gate
            sums = os.path.relpath(seed.real.parent / "SHA256SUMS", gate.real_root)
            problems += gate.read(sums, what="SHA256SUMS", missing_ok=True)[1]
    errata = read_errata(gate, problems)
    if problems or source is None or edition is None:
        raise ContentError(_in_file_order(problems))
    return Report(schema_version=SCHEMA_VERSION, source=source, edition=edition, preface=preface,
                  claims=claims, figures=figures, sections=tuple(sections), root=index.parent,
                  index_path=index_file.path, files=tuple(files), errata=tuple(errata), seed_text=seed_text,
                  seed_digest=seed_digest, preface_origins=preface_origins)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """The problems grouped by file (in the order the files were read), each file's by line and column."""
    order: dict[Path | None, int] = {}
    for p in problems:
        order.setdefault(p.path, len(order))
    return sorted(problems, key=lambda p: (order[p.path], p.line or 0, p.column or 0))


def _editions_in(folder: Path) -> list[str]:
    """The names of the edition folders (those with a report.yaml) directly inside `folder`."""
    try:
        return sorted(entry.name for entry in os.scandir(folder)
                      if entry.is_dir() and os.path.isfile(os.path.join(entry.path, INDEX_NAME)))
    except OSError:
        return []


def _no_edition(index: Path) -> Problem:
    """There is no report.yaml where the user pointed: say so, and list the editions there are."""
    named = index.parent if index.name == INDEX_NAME else index
    folder = named.parent if not named.is_dir() else named
    beside = _editions_in(folder)
    bundled = _editions_in(DEFAULT_EDITION.parent)
    message = ("the folder has no report.yaml" if named.is_dir() else "there is no such edition folder or file")
    close = difflib.get_close_matches(named.name, beside + bundled, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {shown(close[0])}?"
    lists = []
    if beside and folder.resolve() != DEFAULT_EDITION.parent.resolve():
        lists.append(f"the editions in {display_path(folder) or '.'}: " + ", ".join(beside))
    if bundled:
        lists.append(f"the bundled editions in {display_path(DEFAULT_EDITION.parent)}: " + ", ".join(bundled))
    expected = "an edition folder (one with a report.yaml) or its report.yaml"
    return Problem(named, None, None, message, expected + ("; " + "; ".join(lists) if lists else ""))


def _source(r: Reader, node: Node) -> tuple[Source | None, str | None, Origin | None]:
    """source: → (the Source, the seed's name as written, where it is written); the seed is read by the
    caller, through the gate."""
    k = r.mapping(node, _SOURCE_FIELDS, "source")
    if k is None:
        return None, None, None
    seed = r.text(k["seed"], "source.seed") if "seed" in k else None
    seed_at = r.origin(k["seed"]) if "seed" in k else None
    if len(k) < len(_SOURCE_FIELDS):
        return None, seed, seed_at
    title, issuer = r.text(k["title"], "source.title"), r.text(k["issuer"], "source.issuer")
    digest = r.text(k["seed_sha256"], "source.seed_sha256")
    if digest is not None and not _SHA256.fullmatch(digest):
        r.error(k["seed_sha256"], "source.seed_sha256 is not a sha256", "64 lowercase hex digits")
        digest = None
    if None in (title, issuer, seed, digest):
        return None, seed, seed_at
    return (Source(title=title, issuer=issuer, seed=r.path.parent / seed, seed_sha256=digest,  # type: ignore[arg-type]
                   origin=r.origin(node)), seed, seed_at)


def _edition(r: Reader, node: Node) -> Edition | None:
    k = r.mapping(node, _EDITION_FIELDS, "edition")
    if k is None or any(f not in k for f, required in _EDITION_FIELDS.items() if required):
        return None
    ident = r.text(k["id"], "edition.id")
    if ident is not None and not _ID.fullmatch(ident):
        r.error(k["id"], f"edition.id {shown(ident)} is not a plain id", "lowercase letters, digits and -, "
                "such as kamakura-2021")
        ident = None
    number = r.integer(k["number"], "edition.number", minimum=1)
    date = r.date(k["release_date"], "edition.release_date")
    title = r.text(k["title"], "edition.title")
    subtitle = r.text(k["subtitle"], "edition.subtitle") if "subtitle" in k else ""
    period = r.text(k["period"], "edition.period") if "period" in k else ""
    colophon = _colophon(r, k["colophon"]) if "colophon" in k else Colophon()
    if None in (ident, number, date, title, subtitle, period, colophon):
        return None
    return Edition(id=ident, number=number, release_date=date, title=title, subtitle=subtitle,  # type: ignore[arg-type]
                   period=period, colophon=colophon, origin=r.origin(node))  # type: ignore[arg-type]


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.is_null  # plain: "" or ~ or null


def _optional_text(r: Reader, node: Node, what: str) -> str | None:
    """An optional text field of the colophon: "" when it is left blank (not given), None on a wrong type."""
    value = r.text(node, what, allow_empty=True)
    return None if value is None else value.strip()


def _colophon(r: Reader, node: Node) -> Colophon | None:
    """edition.colophon: 発行者, 発行所 (name, address, url) and 印刷所, all optional; blank means not given."""
    if _is_null(node):
        return Colophon(origin=r.origin(node))
    k = r.mapping(node, _COLOPHON_FIELDS, "edition.colophon")
    if k is None:
        return None
    publisher = _optional_text(r, k["publisher"], "edition.colophon.publisher") if "publisher" in k else ""
    printer = _optional_text(r, k["printer"], "edition.colophon.printer") if "printer" in k else ""
    office: Office | None = None
    office_ok = True
    if "office" in k and not _is_null(k["office"]):
        ok = r.mapping(k["office"], _OFFICE_FIELDS, "edition.colophon.office")
        if ok is None:
            office_ok = False
        else:
            fields = {f: _optional_text(r, ok[f], f"edition.colophon.office.{f}") if f in ok else ""
                      for f in _OFFICE_FIELDS}
            url = fields["url"]
            if fields["name"] == "" and (fields["address"] or url):
                r.error(ok.get("name", k["office"]), "edition.colophon.office has an address or URL but no name",
                        "name: the publishing office (発行所) the address belongs to")
                office_ok = False
            if url and not _WEB_ADDRESS.fullmatch(url):
                r.error(ok["url"], f"edition.colophon.office.url {shown(url)} is not a web address",
                        "http:// or https:// and a host, such as https://example.jp/")
                fields["url"] = None
            if None in fields.values():
                office_ok = False
            elif office_ok and fields["name"]:
                office = Office(name=fields["name"], address=fields["address"] or "", url=fields["url"] or "",
                                origin=r.origin(k["office"]))
    if publisher is None or printer is None or not office_ok:
        return None
    return Colophon(publisher=publisher, office=office, printer=printer, origin=r.origin(node))


def _preface(r: Reader, node: Node) -> tuple[tuple[str, ...], tuple[Origin, ...]]:
    """The preface's paragraphs and where each is written."""
    texts, origins = [], []
    for item in r.sequence(node, "preface") or []:
        text = r.text(item, "a preface paragraph")
        if text is not None:
            texts.append(text)
            origins.append(r.origin(item))
    return tuple(texts), tuple(origins)


def _claims(r: Reader, node: Node) -> list[Claim]:
    out = []
    for item in r.sequence(node, "claims") or []:
        k = r.mapping(item, _CLAIM_FIELDS, "a claim")
        if k is None or "text" not in k:
            continue
        text = r.text(k["text"], "claim text")
        status = figure = None
        if ("status" in k) == ("figure" in k):
            r.error(item, "a claim needs exactly one of 'status' or 'figure'",
                    "status: achieved (a count claim) or figure: debt (a change claim)")
            continue
        if "status" in k:
            raw = r.text(k["status"], "claim status")
            status = parse_status(raw) if raw is not None else None
            if raw is not None and status is None:
                r.error(k["status"], f"unknown status {shown(raw)}", _STATUS_EXPECTED)
                continue
        else:
            figure = r.text(k["figure"], "claim figure")
        if text is not None:
            out.append(Claim(text=text, status=status, figure=figure, origin=r.origin(item)))
    return out


def _figures(r: Reader, node: Node) -> list[Figure]:
    out = []
    for item in r.sequence(node, "figures") or []:
        k = r.mapping(item, _FIGURE_FIELDS, "a figure")
        if k is None or any(f not in k for f, req in _FIGURE_FIELDS.items() if req):
            continue
        fid = r.text(k["id"], "figure id")
        label, unit = r.text(k["label"], "figure label"), r.text(k["unit"], "figure unit")
        basis = r.text(k["basis"], "figure basis")
        as_of = r.text(k["as_of"], "figure as_of") if "as_of" in k else ""
        raw_source = r.text(k["source"], "figure source")
        source: str | int | None = None
        if raw_source is not None:
            if raw_source == "preface":
                source = "preface"
            elif _PLEDGE_NUMBER.fullmatch(raw_source):
                source = int(raw_source)
            else:
                r.error(k["source"], f"figure source {shown(raw_source)} is neither 'preface' nor a pledge number",
                        f"preface or a pledge number (at most {LIMITS.max_digits} digits) such as 2")
        series = []
        for s in r.sequence(k["series"], "figure series") or []:
            sk = r.mapping(s, _SERIES_FIELDS, "a series")
            if sk is None or len(sk) < 2:
                continue
            name = r.text(sk["name"], "series name")
            points = []
            for p in r.sequence(sk["points"], "series points") or []:
                pk = r.mapping(p, _POINT_FIELDS, "a point")
                if pk is None or len(pk) < 2:
                    continue
                when, value = r.text(pk["as_of"], "point as_of"), r.decimal(pk["value"], "point value")
                if when is not None and value is not None:
                    points.append(Point(as_of=when, value=value, origin=r.origin(p)))
            if name is not None:
                series.append(Series(name=name, points=tuple(points), origin=r.origin(s)))
        if None not in (fid, label, unit, basis, source, as_of):
            out.append(Figure(id=fid, label=label, unit=unit, basis=basis, source=source,  # type: ignore[arg-type]
                              series=tuple(series), as_of=as_of or "", origin=r.origin(item)))
    return out


def _section(file: InputFile, node: Node, problems: list[Problem]) -> Section | None:
    r = Reader(file, problems)
    k = r.mapping(node, _SECTION_FIELDS, "a section file")
    if k is None or len(k) < 2:
        return None
    title = r.text(k["title"], "section title")
    pledges = [p for p in (_pledge(r, n, title or "") for n in r.sequence(k["pledges"], "pledges") or [])
               if p is not None]
    if title is None:
        return None
    return Section(title=title, pledges=tuple(pledges), path=r.path, origin=r.origin(node),
                   title_origin=r.origin(k["title"]))


def _pledge(r: Reader, node: Node, section: str) -> Pledge | None:
    no = None
    if isinstance(node, MappingNode):  # find the number first, for messages
        for key_node, value_node in node.value:  # type: ignore[union-attr]
            if isinstance(key_node, ScalarNode) and key_node.value == "no" and isinstance(value_node, ScalarNode):
                no = (int(value_node.value) or None) if _PLEDGE_NUMBER.fullmatch(value_node.value) else None
    k = r.mapping(node, _PLEDGE_FIELDS, "a pledge", no)
    if k is None:
        return None
    number = r.integer(k["no"], "the pledge number 'no'", no, minimum=1) if "no" in k else None
    raw_status = r.text(k["status"], "status", no) if "status" in k else None
    status = parse_status(raw_status) if raw_status is not None else None
    if raw_status is not None and status is None:
        r.error(k["status"], f"unknown status {shown(raw_status)}", _STATUS_EXPECTED, no)
    title = r.text(k["title"], "title", no) if "title" in k else None
    short = r.text(k["short_title"], "short_title", no) if "short_title" in k else None
    body = _body(r, k["body"], no) if "body" in k else ()
    if number is None or status is None or title is None or body is None:
        return None
    return Pledge(no=number, status=status, title=title, body=body, short_title=short, section=section,
                  origin=r.origin(node))


def _body(r: Reader, node: Node, no: int | None) -> tuple[BodyItem, ...] | None:
    items = r.sequence(node, "body", no)
    if items is None:
        return None
    out: list[BodyItem] = []
    ok = True
    for item in items:
        k = r.mapping(item, _ITEM_FIELDS, "a body item", no)
        if k is None:
            ok = False
            continue
        kinds = [key for key in k if key in _ITEM_KEYS]
        if not kinds and len(k) < len(item.value):  # type: ignore[arg-type]
            ok = False  # its key is unknown, and that problem is already reported with a guess
            continue
        if len(kinds) != 1:
            r.error(item, "a body item needs exactly one of bullet, subheading, para or link",
                    "a line such as '- bullet: …'", no)
            ok = False
            continue
        kind = _ITEM_KEYS[kinds[0]]
        truncated = bool(r.boolean(k["truncated"], "truncated", no)) if "truncated" in k else False
        if kind is BodyKind.LINK:
            lk = r.mapping(k["link"], _LINK_FIELDS, "a link", no)
            if lk is None or len(lk) < 2:
                ok = False
                continue
            text, url = r.text(lk["text"], "link text", no), r.text(lk["url"], "link url", no)
            if url is not None and not re.match(r"https?://\S+$", url):
                r.error(lk["url"], f"link url {shown(url)} is not a web address", "http:// or https://…", no)
                url = None
            if text is None or url is None:
                ok = False
                continue
            out.append(BodyItem(kind, text, url, truncated, r.origin(item)))
        else:
            text = r.text(k[kind.value], kind.value, no)
            if text is None:
                ok = False
                continue
            out.append(BodyItem(kind, text, None, truncated, r.origin(item)))
    return tuple(out) if ok else None
