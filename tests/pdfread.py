"""Test helpers: read a produced PDF back into plain data, once, independent of the composer.

`parse_pdf(path)` returns a `ParsedPdf`: per page its boxes, fonts and annotation count, its content-stream
operators (and those of the form XObjects it paints) and its characters with positions, sizes and font
names; for the document its outline, links, page labels and metadata. Each part is read on first use and
kept, so the session fixtures in tests/conftest.py read every built PDF at most once and every test shares
that data (a PDF whose boxes alone are checked never has its text read).

Characters are found by interpreting the content streams (as tokenised by pikepdf/qpdf) with the PDF text
model: text and line matrices, the CTM, Tf/Tc/Tw/Tz/TL/Ts, the font's /Widths, /Descent and /ToUnicode
(for a Type0 font with /Identity-H: two-byte codes, its CIDFont's /W and /DW, and Tw never applied).
Their boxes follow pdfminer's (pdfplumber's) convention, so `x0`, `x1`, `top`, `bottom` (from the top of
the media box), `size` and `fontname` mean what they mean in pdfplumber, and a test checks that both
readers agree on the built PDFs (tests/layout/test_body_pdf.py). A page's text is pdfplumber's own text
extraction applied to those characters. pypdf reads the outline, the page labels and the link targets.

A line is the run of characters sharing one baseline inside the text frame; running heads and folios lie
outside the frame and are excluded by position. Nothing here imports the composer's character lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

import pikepdf
import pypdf
from pdfplumber.utils import chars_to_textmap

from layout.geometry import MM, PageGeometry

BLANKS = {" ", "\u3000"}
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]


# ------------------------------------------------------------------ the parsed data

class Char:
    """One painted character, in pdfplumber's terms: `top`/`bottom` measured down from the media box's
    top edge, `x0`/`x1` from its left edge, `size` the box height (the font size times the vertical scale),
    `fontname` the font's name (with its subset tag). Reads as `c.x0` or `c["x0"]`."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "doctop", "size", "fontname", "upright")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, doctop: float,
                 size: float, fontname: str, upright: bool) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.doctop, self.size, self.fontname, self.upright = doctop, size, fontname, upright

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def shifted(self, dx: float, dy: float) -> "Char":
        return Char(self.text, self.x0 - dx, self.x1 - dx, self.top - dy, self.bottom - dy, self.doctop - dy,
                    self.size, self.fontname, self.upright)

    def __repr__(self) -> str:
        return f"Char({self.text!r}, x0={self.x0:.2f}, top={self.top:.2f}, size={self.size:.2f}, {self.fontname})"


# A content-stream operator as (operands, operator), with plain-Python operands: numbers as int/float, names
# as '/Name', strings as bytes, arrays as tuples, dictionaries as dicts (a plain tuple: millions are made).
Instruction = tuple[tuple[Any, ...], str]


@dataclass(frozen=True)
class Form:
    """A form XObject in a page's resources: its name, BBox, Matrix, operators and colour spaces."""

    name: str
    bbox: Box
    matrix: Matrix
    ops: tuple[Instruction, ...]
    colour_spaces: dict[str, Any]  # its /ColorSpace resources, plain (e.g. ('/Separation', '/All', …))


@dataclass(frozen=True)
class FontInfo:
    resource: str           # the name in the page's /Font resources
    base_font: str          # /BaseFont with its slash, e.g. /AAAAAA+BIZUDMincho-Regular
    subtype: str            # e.g. /TrueType
    embedded: bool          # the descriptor has /FontFile2
    to_unicode: bool        # the font has /ToUnicode


@dataclass(frozen=True)
class OutlineEntry:
    level: int              # 0 for the top level
    title: str
    page: int               # 1-based
    top: float              # the destination's top, PDF coordinates (from the bottom)


@dataclass(frozen=True)
class Link:
    page: int               # 1-based page of the annotation
    rect: Box               # /Rect as written (x0, y0, x1, y1), PDF coordinates
    target: int | None      # 1-based target page of an internal link
    uri: str | None         # the URI of a web link


@dataclass(frozen=True)
class _Content:
    """What a page's content streams hold: its operators, its form XObjects and its characters."""

    ops: tuple[Instruction, ...]
    forms: dict[str, Form]
    chars: tuple[Char, ...]


@dataclass(frozen=True, eq=False)
class ParsedPage:
    pdf: "ParsedPdf" = field(repr=False)
    number: int             # 1-based
    mediabox: Box
    trimbox: Box | None
    bleedbox: Box | None
    xobjects: tuple[str, ...]  # the names of all the page's XObject resources
    colour_spaces: dict[str, Any]  # the page's /ColorSpace resources, plain (e.g. ('/Separation', '/All', …))
    fonts: tuple[FontInfo, ...] | None   # the page's /Font resources; None without a /Font entry
    annots: int | None      # number of annotations; None when the page has no /Annots

    @property
    def width(self) -> float:
        return self.mediabox[2] - self.mediabox[0]

    @property
    def height(self) -> float:
        return self.mediabox[3] - self.mediabox[1]

    @property
    def ops(self) -> tuple[Instruction, ...]:
        return self.pdf.content[self.number - 1].ops

    @property
    def forms(self) -> dict[str, Form]:
        """The form XObjects among the page's resources, by name."""
        return self.pdf.content[self.number - 1].forms

    @property
    def chars(self) -> tuple[Char, ...]:
        return self.pdf.content[self.number - 1].chars

    @cached_property
    def text(self) -> str:
        """The page's text as pdfplumber's `Page.extract_text()` makes it from these characters."""
        if not self.chars:
            return ""
        box = (0.0, 0.0, self.width, self.height)
        return chars_to_textmap(list(self.chars), layout_bbox=box, layout_width=self.width,
                                layout_height=self.height).as_string


class ParsedPdf:
    """One PDF read back, each part on first use and then kept: the pages' boxes, fonts and annotations
    (when made); their content streams and characters (`content`, one pass over every page); the outline,
    links, page labels and metadata (`document`, read by pypdf)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        pages = []
        with pikepdf.open(self.path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                obj = page.obj
                mediabox = _box(obj.MediaBox)
                if mediabox[:2] != (0.0, 0.0) or int(obj.get("/Rotate", 0)) % 360:
                    raise NotImplementedError(f"{path} page {number}: a media box off the origin or a rotated page")
                resources = obj.get("/Resources") or pikepdf.Dictionary()
                fonts = None if "/Font" not in resources else tuple(
                    FontInfo(str(name), str(font.get("/BaseFont")), str(font.get("/Subtype")),
                             "/FontFile2" in (([font] + list(font.get("/DescendantFonts", [])))[-1].get(
                                 "/FontDescriptor") or {}), "/ToUnicode" in font)
                    for name, font in resources.Font.items())
                pages.append(ParsedPage(
                    self, number, mediabox, _box(obj.TrimBox) if "/TrimBox" in obj else None,
                    _box(obj.BleedBox) if "/BleedBox" in obj else None,
                    tuple(str(name) for name in (resources.get("/XObject") or {}).keys()),
                    _colour_spaces(resources), fonts, len(obj.Annots) if "/Annots" in obj else None))
            self.lang = str(pdf.Root.Lang) if "/Lang" in pdf.Root else None
        self.pages: tuple[ParsedPage, ...] = tuple(pages)

    @cached_property
    def content(self) -> tuple[_Content, ...]:
        """Every page's operators, forms and characters (one pass over the file's content streams)."""
        return _read_content(self.path)

    @cached_property
    def document(self) -> tuple[tuple[OutlineEntry, ...], tuple[Link, ...], tuple[str, ...], dict[str, str]]:
        reader = pypdf.PdfReader(str(self.path))
        metadata = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
        return _outline(reader), _links(reader), tuple(reader.page_labels), metadata

    @property
    def outline(self) -> tuple[OutlineEntry, ...]:
        return self.document[0]

    @property
    def links(self) -> tuple[Link, ...]:
        return self.document[1]

    @property
    def page_labels(self) -> tuple[str, ...]:
        return self.document[2]

    @property
    def metadata(self) -> dict[str, str]:
        return self.document[3]


# ------------------------------------------------------------------ content streams

_NAME, _STRING, _ARRAY, _DICTIONARY = (pikepdf.ObjectType.name_, pikepdf.ObjectType.string,
                                       pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is float:
        return value
    if kind is Decimal:
        return float(value)
    if kind is pikepdf.Object:  # dispatch on the type code: isinstance on pikepdf's classes is slow
        code = value._type_code
        if code is _NAME:
            return str(value)
        if code is _STRING:
            return bytes(value)
        if code is _ARRAY:
            return tuple(_plain(v) for v in value)
        if code is _DICTIONARY:
            return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, pikepdf.Object):
        return repr(value)  # null, an operator, an indirect reference: not used by the tests
    return value


def instructions(owner: Any) -> tuple[Instruction, ...]:
    """The operators of a page or form XObject, with plain operands (inline images are kept as 'INLINE IMAGE')."""
    out: list[Instruction] = []
    plain, instruction = _plain, pikepdf.ContentStreamInstruction
    for item in pikepdf.parse_content_stream(owner):
        if type(item) is not instruction:
            out.append(((), "INLINE IMAGE"))
            continue
        out.append((tuple(map(plain, item.operands)), str(item.operator)))
    return tuple(out)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n (apply m first, then n), PDF row-vector convention."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _colour_spaces(resources: Any) -> dict[str, Any]:
    spaces = (resources.get("/ColorSpace") if resources is not None else None) or {}
    return {str(name): _plain(space) for name, space in spaces.items()}


def _box(value: Any) -> Box:
    """A rectangle as written (x0, y0, x1, y1): not normalised, so that a test sees an inverted box."""
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


# ------------------------------------------------------------------ fonts

_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", "replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries (1- or 2-byte codes) as code → text."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        hexes = _HEX.findall(block)
        for src, dst in zip(hexes[::2], hexes[1::2]):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo_code, hi_code = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for code, dst in zip(range(lo_code, hi_code + 1), _HEX.findall(rest)):
                    out[code] = _utf16(dst)
            else:
                start = bytes.fromhex(rest[1:-1].decode())
                for offset in range(hi_code - lo_code + 1):
                    value = int.from_bytes(start, "big") + offset
                    out[lo_code + offset] = value.to_bytes(len(start), "big").decode("utf-16-be", "replace")
    return out


@dataclass(frozen=True)
class _Font:
    """What text extraction needs of a simple (single-byte) font or of a Type0 font with two-byte codes
    (Identity-H, as seika's CID-keyed faces)."""

    name: str
    widths: dict[int, float]   # code → width in glyph space (1/1000 em)
    missing_width: float
    descent: float             # glyph space, ≤ 0
    to_unicode: dict[int, str]
    two_byte: bool = False     # a Type0 font with /Identity-H: every code is two bytes

    def codes(self, string: bytes) -> Iterable[int]:
        if not self.two_byte:
            return string
        return (string[i] << 8 | string[i + 1] for i in range(0, len(string) - 1, 2))

    def width(self, code: int) -> float:
        return self.widths.get(code, self.missing_width)

    def text(self, code: int) -> str:
        return self.to_unicode.get(code, f"(cid:{code})")


def cid_widths(w: Any) -> dict[int, float]:
    """A CIDFont's /W: [c [w1 w2 …]] and [c_first c_last w] entries."""
    out: dict[int, float] = {}
    items, i = list(w or []), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            out.update({first + n: float(v) for n, v in enumerate(items[i + 1])})
            i += 2
        else:
            out.update({c: float(items[i + 2]) for c in range(first, int(items[i + 1]) + 1)})
            i += 3
    return out


def _load_font(font: pikepdf.Dictionary) -> _Font:
    if str(font.get("/Subtype")) == "/Type0":
        if str(font.get("/Encoding")) != "/Identity-H":
            raise NotImplementedError(f"tests/pdfread.py reads Type0 fonts with /Identity-H only, not "
                                      f"{font.get('/Encoding')}")
        cid = font.DescendantFonts[0]
        descriptor = cid.get("/FontDescriptor") or pikepdf.Dictionary()
        name = str(descriptor.get("/FontName") or font.get("/BaseFont") or "unknown").lstrip("/")
        to_unicode = parse_to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
        return _Font(name, cid_widths(cid.get("/W")), float(cid.get("/DW", 1000)),
                     -abs(float(descriptor.get("/Descent", 0))), to_unicode, two_byte=True)
    if str(font.get("/Subtype")) == "/Type3":
        raise NotImplementedError(f"tests/pdfread.py reads simple and Type0 fonts only, not {font.get('/Subtype')}")
    descriptor = font.get("/FontDescriptor") or pikepdf.Dictionary()
    first = int(font.get("/FirstChar", 0))
    widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths") or [])}
    descent = float(descriptor.get("/Descent", 0))
    name = str(descriptor.get("/FontName") or font.get("/BaseFont") or "unknown").lstrip("/")
    to_unicode = parse_to_unicode(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else {}
    return _Font(name, widths, float(descriptor.get("/MissingWidth", 0)), -abs(descent), to_unicode)


# ------------------------------------------------------------------ the text interpreter

@dataclass
class _TextState:
    font: _Font | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0        # Tz / 100
    leading: float = 0.0
    rise: float = 0.0

    def copy(self) -> "_TextState":
        return _TextState(self.font, self.size, self.char_space, self.word_space, self.scale, self.leading,
                          self.rise)


class _Interpreter:
    """Paints the text of a page and its form XObjects into Char objects (no clipping, as pdfminer)."""

    def __init__(self, page_height: float, doctop: float, fonts: dict[tuple[int, int], _Font]) -> None:
        self.height, self.doctop, self.fonts = page_height, doctop, fonts
        self.chars: list[Char] = []

    def font(self, resources: Any, name: str, local: dict[str, _Font]) -> _Font:
        if name not in local:
            obj = (resources.get("/Font") or {})[name]
            key = obj.objgen if obj.is_indirect else (id(obj), -1)
            if key not in self.fonts:
                self.fonts[key] = _load_font(obj)
            local[name] = self.fonts[key]
        return local[name]

    def run(self, ops: Iterable[Instruction], resources: Any, ctm: Matrix, ts: _TextState,
            form_ops: dict[tuple[int, int], tuple[Instruction, ...]], depth: int = 0) -> None:
        stack: list[tuple[Matrix, _TextState]] = []
        local: dict[str, _Font] = {}  # this stream's font resources, by name
        tm = tlm = IDENTITY
        for operands, op in ops:
            if op == "Tj" or op == "TJ":
                self.show(operands[0] if op == "TJ" else (operands[0],), ts, tm, ctm)
                tm = self.tm
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op == "Tf":
                ts.font, ts.size = self.font(resources, operands[0], local), float(operands[1])
            elif op == "TL":
                ts.leading = float(operands[0])
            elif op == "T*" or op == "'" or op == '"':
                if op == '"':
                    ts.word_space, ts.char_space = float(operands[0]), float(operands[1])
                tm = tlm = multiply((1, 0, 0, 1, 0, -ts.leading), tlm)
                if op != "T*":
                    self.show((operands[-1],), ts, tm, ctm)
                    tm = self.tm
            elif op == "Td" or op == "TD":
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    ts.leading = -ty
                tm = tlm = multiply((1, 0, 0, 1, tx, ty), tlm)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "q":
                stack.append((ctm, ts.copy()))
            elif op == "Q":
                if stack:
                    ctm, ts = stack.pop()
            elif op == "cm":
                ctm = multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == "Tc":
                ts.char_space = float(operands[0])
            elif op == "Tw":
                ts.word_space = float(operands[0])
            elif op == "Tz":
                ts.scale = float(operands[0]) / 100
            elif op == "Ts":
                ts.rise = float(operands[0])
            elif op == "Do" and depth < 8:
                xobj = (resources.get("/XObject") or {}).get(operands[0])
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    key = xobj.objgen
                    if key not in form_ops:
                        form_ops[key] = instructions(xobj)
                    matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
                    self.run(form_ops[key], xobj.get("/Resources") or resources,
                             multiply(matrix, ctm), ts.copy(), form_ops, depth + 1)  # type: ignore[arg-type]

    def show(self, items: Iterable[Any], ts: _TextState, tm: Matrix, ctm: Matrix) -> None:
        """Paint strings (and TJ adjustments) at the text matrix `tm`; leaves the advanced matrix in self.tm.
        A glyph's box is (0, descent + rise) – (advance, descent + rise + size) in text space, as pdfminer's."""
        font, size, scale = ts.font, ts.size, ts.scale
        if font is None:
            raise ValueError("text shown before Tf")
        low = font.descent / 1000 * size + ts.rise
        high = low + size
        a, b, c, d, e, f = multiply(tm, ctm)   # text space → page, advanced together with tm
        ta, tb, tc, td, te, tf = tm
        upright = a * d * scale > 0 and b * c <= 0
        height, doctop, chars = self.height, self.doctop, self.chars
        char_space, word_space = ts.char_space * scale, ts.word_space * scale
        for item in items:
            if not isinstance(item, bytes):
                tx = -float(item) / 1000 * size * scale
                e, f, te, tf = e + tx * a, f + tx * b, te + tx * ta, tf + tx * tb
                continue
            for code in font.codes(item):
                adv = font.width(code) / 1000 * size * scale
                xs = (e + c * low, e + c * high, e + a * adv + c * low, e + a * adv + c * high)
                ys = (f + d * low, f + d * high, f + b * adv + d * low, f + b * adv + d * high)
                y0, y1 = min(ys), max(ys)
                top = height - y1
                chars.append(Char(font.text(code), min(xs), max(xs), top, height - y0, doctop + top, y1 - y0,
                                  font.name, upright))
                tx = adv + char_space + (word_space if code == 32 and not font.two_byte else 0.0)
                e, f, te, tf = e + tx * a, f + tx * b, te + tx * ta, tf + tx * tb
        self.tm = (ta, tb, tc, td, te, tf)


# ------------------------------------------------------------------ the document

def _outline(reader: pypdf.PdfReader) -> tuple[OutlineEntry, ...]:
    out: list[OutlineEntry] = []

    def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append(OutlineEntry(level, item.title, reader.get_destination_page_number(item) + 1,
                                        float(item.top)))

    walk(reader.outline, 0)
    return tuple(out)


def _links(reader: pypdf.PdfReader) -> tuple[Link, ...]:
    out = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot and "/A" not in annot:
                continue
            rect = _box(annot["/Rect"])
            dest = annot.get("/Dest")
            if dest is None and annot["/A"].get("/S") == "/URI":
                out.append(Link(number, rect, None, str(annot["/A"]["/URI"])))
                continue
            if dest is None:
                dest = annot["/A"]["/D"]
            if isinstance(dest, str):  # a named destination (pypdf's names and strings are str)
                target = reader.get_destination_page_number(reader.named_destinations[str(dest)]) + 1
            else:
                target = reader.get_page_number(dest[0].get_object()) + 1
            out.append(Link(number, rect, target, None))
    return tuple(out)


def _read_content(path: Path) -> tuple[_Content, ...]:
    fonts: dict[tuple[int, int], _Font] = {}
    form_ops: dict[tuple[int, int], tuple[Instruction, ...]] = {}
    out = []
    doctop = 0.0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources") or pikepdf.Dictionary()
            height = float(page.obj.MediaBox[3])
            ops = instructions(page)
            forms = {}
            for name, xobj in (resources.get("/XObject") or {}).items():
                if xobj.get("/Subtype") == "/Form":
                    if xobj.objgen not in form_ops:
                        form_ops[xobj.objgen] = instructions(xobj)
                    forms[str(name)] = Form(str(name), _box(xobj.BBox),
                                            tuple(float(v) for v in xobj.get("/Matrix", IDENTITY)),  # type: ignore[arg-type]
                                            form_ops[xobj.objgen], _colour_spaces(xobj.get("/Resources")))
            reader = _Interpreter(height, doctop, fonts)
            reader.run(ops, resources, IDENTITY, _TextState(), form_ops)
            out.append(_Content(ops, forms, tuple(reader.chars)))
            doctop += height
    return tuple(out)


def parse_pdf(path: Path | str) -> ParsedPdf:
    """The PDF at `path`, read back: see the module docstring (each part is read on first use)."""
    return ParsedPdf(path)


# ------------------------------------------------------------------ lines, zones and texts from the parsed data

@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    size: float
    font: str


@dataclass(frozen=True)
class PdfLine:
    page: int          # 1-based
    baseline: float    # pdfplumber 'bottom' (from the top of the page)
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def visible(self) -> tuple[Glyph, ...]:
        return tuple(g for g in self.glyphs if g.text not in BLANKS)


def trim_chars(page: ParsedPage, slug: float) -> list[Char]:
    """The page's characters with coordinates measured from the trim's top-left corner (the media may
    extend past the trim by `slug` on every side, as in the print profile)."""
    return [c.shifted(slug, slug) for c in page.chars]


def chart_zones(pdf: ParsedPdf, slug: float = 0.0) -> dict[int, list[Box]]:
    """Per page, the boxes (x0, top, x1, bottom; trim coordinates from the top-left) where a chart form
    XObject (named chart-<id> by the layout) is painted: its BBox through the CTM at its `Do`."""
    zones: dict[int, list[Box]] = {}
    for page in pdf.pages:
        ctm: Matrix = IDENTITY
        stack: list[Matrix] = []
        for operands, op in page.ops:
            if op == "q":
                stack.append(ctm)
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == "Do" and "chart-" in operands[0]:
                x0, y0, x1, y1 = page.forms[operands[0]].bbox
                xs = [ctm[0] * x + ctm[2] * y + ctm[4] for x, y in ((x0, y0), (x1, y1))]
                ys = [ctm[1] * x + ctm[3] * y + ctm[5] for x, y in ((x0, y0), (x1, y1))]
                zones.setdefault(page.number, []).append((min(xs) - slug, page.height - max(ys) - slug,
                                                          max(xs) - slug, page.height - min(ys) - slug))
    return zones


@lru_cache(maxsize=16)
def read_lines(pdf: ParsedPdf, geometry: PageGeometry, slug: float = 0.0) -> tuple[PdfLine, ...]:
    """Every line of composed text inside the text frame, page by page, top to bottom (trim coordinates).
    Chart labels (inside the chart zones) are not composed text and are left out, and so is the page
    furniture outside the frame (running heads, folios, thumb tabs)."""
    top = geometry.top_mm * MM - 1
    bottom = geometry.height - geometry.bottom_mm * MM + 1
    zones = chart_zones(pdf, slug)
    lines: list[PdfLine] = []
    for page in pdf.pages:
        rows: dict[float, list[Char]] = {}
        for ch in trim_chars(page, slug):
            if any(x0 - 1 <= ch.x0 and ch.x1 <= x1 + 1 and top_ - 1 <= ch.top and ch.bottom <= bottom_ + 1
                   for x0, top_, x1, bottom_ in zones.get(page.number, [])):
                continue  # a chart's label, not composed text
            left = geometry.frame_left(page.number)
            inside = left - geometry.body_size * 1.5 <= ch.x0 and ch.x1 <= left + geometry.measure + geometry.body_size * 1.5
            if top <= ch.top and ch.bottom <= bottom and inside:  # thumb tabs lie outside, on the fore-edge
                rows.setdefault(round(ch.bottom, 1), []).append(ch)
        for baseline in sorted(rows):
            chars = sorted(rows[baseline], key=lambda c: c.x0)
            lines.append(PdfLine(page.number, baseline, tuple(
                Glyph(c.text, c.x0, c.x1, c.size, c.fontname) for c in chars)))
    return tuple(lines)


def page_texts(pdf: ParsedPdf) -> list[str]:
    """Each page's text, as pdfplumber extracts it."""
    return [page.text for page in pdf.pages]
