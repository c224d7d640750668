"""Output stage: one CID-keyed font per face instead of ReportLab's simple TrueType subsets.

In: an open pikepdf `Pdf` as ReportLab wrote it: each TrueType face embedded as simple fonts of at most 256
glyphs each (/F1+0, /F1+1 …, one ToUnicode each), every text show a one-byte string in one of them, and
each face's file among the vendored fonts (`fonts.manifest`). Out: the same `Pdf` where each face is one
Type0 font (/Encoding /Identity-H, one ToUnicode CMap) over one CIDFontType2 (/CIDSystemInfo
Adobe-Identity-0, /DW and /W, a /CIDToGIDMap stream) whose embedded program (`layout.output.ttsubset`)
holds the glyphs the face draws and no other, named by a tag derived from that program
(`prepress.subset_tag`); every string shown in the face is rewritten to two-byte CIDs and every Tf to the
one font (`layout.output.textshows`), with every other byte of the content streams unchanged. This is how
InDesign and LuaTeX embed Japanese faces, and what a Japanese 入稿 checker expects.

CIDs are given per face, one per character drawn, in code point order (CID 0 is .notdef): the same text
gives the same font, and two characters that share a glyph keep a CID and a ToUnicode entry each (the
CIDToGIDMap points both at the glyph), so extraction stays exact. Each CID's width is its glyph's advance
in the font's hmtx, which must equal the simple font's /Widths entry (ReportLab's, to four decimals), so
every glyph stays where it was laid out. Word spacing (Tw) applies to the one-byte code 32 only, so a space
shown under a non-zero Tw is refused rather than moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from fonts.manifest import load_fonts
from layout.output import ttsubset
from layout.output.prepress import split_tag, subset_tag
from layout.output.textshows import Shows, scan, splice

ObjGen = tuple[int, int]
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_DESCRIPTOR_KEYS = ("/Ascent", "/CapHeight", "/Descent", "/Flags", "/FontBBox", "/ItalicAngle", "/StemV")


@dataclass
class _Simple:
    """One simple TrueType subset as ReportLab wrote it: its resource name, code → character and width,
    and the codes shown in it."""

    font: pikepdf.Dictionary
    name: str                      # ReportLab's /Name, e.g. F1+0
    to_unicode: dict[int, str]
    widths: dict[int, float]
    used: set[int] = field(default_factory=set)


@dataclass
class _Face:
    """One TrueType face: its subsets, the characters it draws and the CID font that replaces them."""

    name: str                      # PostScript name, e.g. BIZUDMincho-Regular
    subsets: dict[ObjGen, _Simple] = field(default_factory=dict)
    resource: str = ""             # the Type0 font's resource name, e.g. F1
    font: pikepdf.Object | None = None
    codes: dict[ObjGen, list[bytes]] = field(default_factory=dict)   # subset → code → its CID, as hex


@dataclass
class _Owner:
    """A content stream and the font resources it names."""

    stream: pikepdf.Stream
    fonts: pikepdf.Dictionary
    data: bytes = b""
    shows: Shows | None = None


def _to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar entries (ReportLab writes only those) as code → text."""
    if b"beginbfrange" in data:
        raise ValueError("a ToUnicode CMap with bfrange entries: not one ReportLab wrote")
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        hexes = _HEX.findall(block)
        for src, dst in zip(hexes[::2], hexes[1::2]):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return out


@lru_cache(maxsize=None)
def _vendored_by_name() -> dict[str, Path]:
    """The vendored font files by PostScript name."""
    return {ttsubset.postscript_name(font.path): font.path for font in load_fonts().values()}


def _faces(pdf: pikepdf.Pdf) -> dict[str, _Face]:
    """Every embedded simple TrueType subset, by face."""
    faces: dict[str, _Face] = {}
    for obj in pdf.objects:
        if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
                and obj.get("/Subtype") == "/TrueType"):
            continue
        parts = split_tag(str(obj.get("/BaseFont", "")))
        if parts is None or "/FontFile2" not in obj.get("/FontDescriptor", {}) or "/ToUnicode" not in obj:
            raise ValueError(f"the TrueType font {obj.get('/BaseFont')} is not an embedded subset with a "
                             "ToUnicode map, as ReportLab writes them")
        first = int(obj.get("/FirstChar", 0))
        widths = {first + n: float(w) for n, w in enumerate(obj.get("/Widths", []))}
        simple = _Simple(obj, str(obj.get("/Name", ""))[1:], _to_unicode(obj.ToUnicode.read_bytes()), widths)
        faces.setdefault(parts[1], _Face(parts[1])).subsets[obj.objgen] = simple
    for face in faces.values():
        prefixes = {simple.name.split("+")[0] for simple in face.subsets.values()}
        if len(prefixes) != 1 or "" in prefixes:
            raise ValueError(f"{face.name}: its subsets are not named /Fn+k as ReportLab names them")
        face.resource = prefixes.pop()
    return faces


def _resources(page: pikepdf.Object) -> pikepdf.Object | None:
    """A page's resources, its own or inherited from its page tree."""
    node = page
    while node is not None and "/Resources" not in node:
        node = node.get("/Parent")
    return None if node is None else node.Resources


def _owners(pdf: pikepdf.Pdf, targets: set[ObjGen]) -> list[_Owner]:
    """Every content stream that names one of the `targets` fonts: pages, forms and tiling patterns, each
    once. Anything else that names one (a Type3 font's glyphs, say) is refused."""
    out: list[_Owner] = []
    seen: set[ObjGen] = set()

    def names_target(resources: pikepdf.Object | None) -> pikepdf.Object | None:
        fonts = None if resources is None else resources.get("/Font")
        return fonts if fonts is not None and any(f.objgen in targets for f in fonts.values()) else None

    def add(stream: pikepdf.Stream, fonts: pikepdf.Object) -> None:
        if stream.objgen not in seen:
            seen.add(stream.objgen)
            out.append(_Owner(stream, fonts))

    for page in pdf.pages:
        fonts = names_target(_resources(page.obj))
        if fonts is not None:
            page.contents_coalesce()
            add(page.obj.Contents, fonts)
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) or obj.get("/Type") in ("/Page", "/Pages"):
            continue
        fonts = names_target(obj.get("/Resources"))
        if fonts is None:
            continue
        if not isinstance(obj, pikepdf.Stream) or not (obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1):
            raise ValueError(f"object {obj.objgen} names a TrueType subset but is not a page, form or pattern")
        add(obj, fonts)
    return out


def _scan(owner: _Owner, subsets: dict[ObjGen, _Simple]) -> None:
    """Read one stream's shows and note the codes it shows in each subset."""
    owner.data = owner.stream.read_bytes()
    owner.shows = scan(owner.data)
    local = {str(name)[1:]: font.objgen for name, font in owner.fonts.items()}
    spaced = any(value != 0 for value in owner.shows.word_spacing)
    for _, _, font, shown in owner.shows.strings:
        if font is None:
            raise ValueError(f"a string is shown before any Tf in {owner.stream.objgen}")
        if font not in local:
            raise ValueError(f"the font /{font} is shown but not in the resources of {owner.stream.objgen}")
        simple = subsets.get(local[font])
        if simple is not None:
            simple.used.update(shown)
            if spaced and 32 in shown:
                raise ValueError(f"word spacing (Tw) on a space of {simple.font.BaseFont}: a CID font would "
                                 "not apply it")


def _cids(face: _Face) -> dict[str, int]:
    """Each character the face draws → its CID (code point order, from 1)."""
    chars = set()
    for simple in face.subsets.values():
        for code in simple.used:
            text = simple.to_unicode.get(code)
            if text is None or len(text) != 1:
                raise ValueError(f"{face.name}: code {code} of /{simple.name} stands for {text!r}, not one character")
            chars.add(text)
    return {ch: cid for cid, ch in enumerate(sorted(chars), 1)}


def _widths(widths: list[float]) -> tuple[int, Array]:
    """/DW and /W: runs [first [w …]] of the CIDs (from 0, .notdef) with another width. /DW is an integer
    (ISO 32000; poppler reads a real /DW as 1000): the commonest whole width, or 1000 where none is whole."""
    whole = [int(width) for width in widths if width == int(width)]
    default = max(sorted(set(whole)), key=whole.count) if whole else 1000
    out, run_start, run = Array(), None, []
    for cid, width in enumerate(widths + [default]):
        if width != default:
            run_start = cid if run_start is None else run_start
            run.append(_number(width))
        elif run_start is not None:
            out.extend([run_start, Array(run)])
            run_start, run = None, []
    return default, out


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _cmap(name: str, cids: dict[str, int]) -> bytes:
    """The ToUnicode CMap: one bfchar entry per CID."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             f"/CMapName /{name} def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(cids.items(), key=lambda item: item[1])
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, cid in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def _build(pdf: pikepdf.Pdf, face: _Face) -> None:
    """The face's Type0 font, its CIDFont and subset, and the CID of each code of each simple subset."""
    path = _vendored_by_name().get(face.name)
    if path is None:
        raise ValueError(f"{face.name} is not one of the vendored fonts (fonts/manifest.json)")
    font = ttsubset.load(path)
    cids = _cids(face)
    glyph_of = font.best_cmap({ord(ch) for ch in cids})
    lacking = sorted(ch for ch in cids if ord(ch) not in glyph_of)
    if lacking:
        raise ValueError(f"{face.name} has no glyph for {', '.join(f'U+{ord(ch):04X}' for ch in lacking)}")
    widths = [round(font.advances[0] * 1000 / font.units_per_em, 4)]           # CID 0: .notdef
    for ch in sorted(cids, key=cids.__getitem__):
        widths.append(round(font.advances[glyph_of[ord(ch)]] * 1000 / font.units_per_em, 4))
    for simple in face.subsets.values():
        for code in simple.used:
            laid = simple.widths.get(code)
            if laid is None or abs(laid - widths[cids[simple.to_unicode[code]]]) > 1e-4:
                raise ValueError(f"{face.name}: /{simple.name} code {code} was laid out {laid} wide, its glyph is "
                                 f"{widths[cids[simple.to_unicode[code]]]}")
    program, gids = ttsubset.subset(font, sorted({glyph_of[ord(ch)] for ch in cids}))
    cid_to_gid = bytearray(2 * (len(cids) + 1))
    for ch, cid in cids.items():
        cid_to_gid[2 * cid:2 * cid + 2] = gids[glyph_of[ord(ch)]].to_bytes(2, "big")
    base = f"{subset_tag(face.name, program)}+{face.name}"
    model = next(iter(face.subsets.values())).font.FontDescriptor
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/" + base))
    for key in _DESCRIPTOR_KEYS:
        if key in model:
            descriptor[key] = model[key]
    file = Stream(pdf, program)
    file.Length1 = len(program)
    descriptor.FontFile2 = pdf.make_indirect(file)
    default, w = _widths(widths)
    cidfont = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + base),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=default, W=w,
        CIDToGIDMap=pdf.make_indirect(Stream(pdf, bytes(cid_to_gid)))))
    face.font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + base), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cidfont]), ToUnicode=pdf.make_indirect(Stream(pdf, _cmap(base, cids)))))
    for objgen, simple in face.subsets.items():
        face.codes[objgen] = [f"{cids[simple.to_unicode[code]]:04X}".encode("ascii") if code in simple.used
                              else b"" for code in range(256)]


def _rewrite(owner: _Owner, faces: dict[ObjGen, _Face]) -> None:
    """One stream with each Tf of a face naming its Type0 font, and each string shown in it as CIDs."""
    assert owner.shows is not None
    local = {str(name)[1:]: font.objgen for name, font in owner.fonts.items()}
    edits = []
    for start, end, name in owner.shows.fonts:
        face = faces.get(local.get(name, (0, 0)))
        if face is not None and face.font is not None:
            edits.append((start, end, b"/" + face.resource.encode("latin-1")))
    tables = {name: faces[objgen].codes[objgen] for name, objgen in local.items() if objgen in faces}
    for start, end, font, shown in owner.shows.strings:
        codes = tables.get(font)  # type: ignore[arg-type]
        if codes is not None:
            edits.append((start, end, b"<" + b"".join(map(codes.__getitem__, shown)) + b">"))
    if edits:
        owner.stream.write(splice(owner.data, edits))


def _replace_resources(owners: list[_Owner], faces: dict[ObjGen, _Face]) -> None:
    """In every font resource dictionary, each face's subsets replaced by its one Type0 font, or dropped
    where no stream names the face."""
    for owner in owners:
        fonts = owner.fonts
        for name, font in list(fonts.items()):
            if font.objgen not in faces:
                continue
            face = faces[font.objgen]
            del fonts[name]
            if face.font is None:
                continue
            new = "/" + face.resource
            if new in fonts and fonts[new].objgen != face.font.objgen:
                raise ValueError(f"the resource name {new} is taken by another font")
            fonts[new] = face.font


def to_cid_fonts(pdf: pikepdf.Pdf) -> dict[str, str]:
    """Replace every face's simple TrueType subsets by one CID-keyed font; returns face → new /BaseFont."""
    faces = _faces(pdf)
    if not faces:
        return {}
    subsets = {objgen: simple for face in faces.values() for objgen, simple in face.subsets.items()}
    owners = _owners(pdf, set(subsets))
    for owner in owners:
        _scan(owner, subsets)
    named = set()
    for owner in owners:
        local = {str(name)[1:]: font.objgen for name, font in owner.fonts.items()}
        named.update(local.get(name) for _, _, name in owner.shows.fonts)  # type: ignore[union-attr]
    by_subset: dict[ObjGen, _Face] = {}
    for name in sorted(faces):
        face = faces[name]
        if named & set(face.subsets) or any(simple.used for simple in face.subsets.values()):
            _build(pdf, face)
        by_subset.update((objgen, face) for objgen in face.subsets)
    for owner in owners:
        _rewrite(owner, by_subset)
    _replace_resources(owners, by_subset)
    return {face.name: str(face.font.BaseFont)[1:] for face in faces.values() if face.font is not None}
