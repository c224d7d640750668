"""Output stage: seika's own preflight of a produced PDF against its profile's rules.

In: a PDF file and a profile name. Out: a list of `Finding`s (empty = pass) and a report a print-shop
operator can read. No free validator checks PDF/X, so this check is ours; it is not a certified validator.
Rules, all profiles: fonts embedded and subset, each subset tag derived from the subset's glyphs (never
ReportLab's AAAAAA+, AAAAAB+ … default sequence) with /FontName equal to /BaseFont; each face one CID-keyed
font (Type0, Identity-H, a ToUnicode entry for every CID, one CIDFontType2 Adobe-Identity whose
CIDToGIDMap names glyphs of its program and whose /W are their advances); no empty /Trans; an XMP
packet, where there is one, in step with the Info dictionary (pdf:Trapped, the PDF/X version). Print:
TrimBox and BleedBox on every page with 3 mm of bleed, MediaBox around them, page count a multiple of 4, no
RGB or Gray colour operators and no spot colour (the registration colour Separation /All, with a DeviceCMYK
alternate, counts as CMYK), no transparency, no annotations, every colour painted inside the BleedBox at
most 300% total ink, overprint on K100 text and strokes (with /OPM 1) and on nothing but K100 (white least
of all), every mark outside the BleedBox in the registration colour /All, an XMP packet, PDF/X
identification and its OutputIntent; archive: PDF/A identification, the sRGB OutputIntent, attachments with
/AF and AFRelationship whose sha256 match the embedded build manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from layout.geometry import MM
from layout.output import ttsubset
from layout.output.prepress import font_program, reportlab_tag, split_tag, subset_tag

INK_LIMIT = 300.0
BLEED_PT = 3 * MM
RGB_OPS = {"rg", "RG"}
GRAY_OPS = {"g", "G"}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}
_CMAP_BLOCK = re.compile(rb"beginbf(char|range)(.*?)endbf(?:char|range)", re.S)
_CMAP_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


class UnreadablePdf(Exception):
    """The file is not a PDF that can be opened."""


@dataclass(frozen=True)
class Finding:
    rule: str      # short Japanese label of the rule
    detail: str    # what was found, where

    def __str__(self) -> str:
        return f"✗ {self.rule}: {self.detail}"


def _page_fonts(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Dictionary]]:
    """Every font the pages and their forms name, each once, with the first page that names it."""
    out: list[tuple[str, pikepdf.Dictionary]] = []
    seen: set[tuple[int, int]] = set()

    def visit(resources: pikepdf.Dictionary, where: str) -> None:
        for font in (resources.get("/Font") or {}).values():
            key = font.objgen if font.is_indirect else (id(font), -1)
            if key not in seen:
                seen.add(key)
                out.append((where, font))
        for xobj in (resources.get("/XObject") or {}).values():
            if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                visit(xobj.Resources, where)

    for number, page in enumerate(pdf.pages, 1):
        if "/Resources" in page.obj:
            visit(page.obj.Resources, f"p{number}")
    return out


def _fonts(pdf: pikepdf.Pdf) -> list[Finding]:
    """Every font embedded and subset, its subset tag derived from its glyphs (`prepress.subset_tag`: never
    ReportLab's AAAAAA+, AAAAAB+ …, which repeat in every build), /FontName equal to /BaseFont, and no two
    different subsets under one name."""
    out: list[Finding] = []
    programs: dict[str, bytes] = {}   # tagged name → its font program
    for where, font in _page_fonts(pdf):
        base = str(font.get("/BaseFont", "?"))
        found = font_program(font)
        if font.get("/Subtype") == "/Type3":
            out.append(Finding("フォント埋め込み", f"{where}: Type3 font {base}"))
            continue
        if found is None:
            out.append(Finding("フォント埋め込み", f"{where}: font {base} is not embedded"))
            continue
        parts = split_tag(base)
        if parts is None:
            out.append(Finding("フォントのサブセット化", f"{where}: font {base} is not a subset"))
            continue
        descriptor, program = found
        tag, name = parts
        font_name = str(descriptor.get("/FontName", ""))
        if font_name != base and not base.startswith(font_name + "-"):  # a Type0 may add its CMap's name
            out.append(Finding("フォントのサブセット名", f"{where}: /BaseFont {base} but /FontName {font_name}"))
        if reportlab_tag(tag):
            out.append(Finding("フォントのサブセット名", f"{where}: font {base} has ReportLab's default subset "
                                                      "tag, the same in every build (a merged file can collide)"))
        elif tag not in {subset_tag(name, program, attempt) for attempt in range(4)}:
            out.append(Finding("フォントのサブセット名", f"{where}: font {base}: the tag is not derived from its glyphs"))
        if programs.setdefault(base, program) != program:
            out.append(Finding("フォントのサブセット名", f"{where}: two different subsets are both named {base}"))
    return out


def _cid_widths(cidfont: pikepdf.Dictionary) -> dict[int, float]:
    """A CIDFont's /W as CID → width: [c [w1 w2 …]] and [c_first c_last w] entries."""
    out: dict[int, float] = {}
    items, i = list(cidfont.get("/W") or []), 0
    while i + 1 < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            out.update({first + n: float(w) for n, w in enumerate(items[i + 1])})
            i += 2
        else:
            out.update({cid: float(items[i + 2]) for cid in range(first, int(items[i + 1]) + 1)})
            i += 3
    return out


def _unicode_codes(cmap: bytes) -> set[int]:
    """The codes a ToUnicode CMap maps (bfchar and bfrange)."""
    out: set[int] = set()
    for kind, block in _CMAP_BLOCK.findall(cmap):
        hexes = [int(h, 16) for h in _CMAP_HEX.findall(re.sub(rb"\[[^\]]*\]", b"<0>", block))]
        if kind == b"char":
            out.update(hexes[::2])
        else:
            for low, high in zip(hexes[::3], hexes[1::3]):
                out.update(range(low, high + 1))
    return out


def _cid_font(font: pikepdf.Dictionary) -> list[str]:
    """What is wrong with one font as a CID-keyed face (see `_cid_fonts`)."""
    if font.get("/Subtype") != "/Type0":
        return [f"a {font.get('/Subtype')} font, not Type0 (each face one CID-keyed font)"]
    problems = []
    if font.get("/Encoding") != "/Identity-H":
        problems.append(f"encoding {font.get('/Encoding')}, not /Identity-H")
    if "/ToUnicode" not in font:
        problems.append("no ToUnicode")
    descendants = list(font.get("/DescendantFonts") or [])
    cid = descendants[0] if len(descendants) == 1 else None
    if cid is None or cid.get("/Subtype") != "/CIDFontType2":
        return problems + ["not one CIDFontType2 descendant"]
    info = cid.get("/CIDSystemInfo") or {}
    if (str(info.get("/Registry", "")), str(info.get("/Ordering", ""))) != ("Adobe", "Identity"):
        problems.append("CIDSystemInfo is not Adobe-Identity")
    to_gid = cid.get("/CIDToGIDMap")
    found = font_program(font)
    if to_gid is None or found is None:
        return problems + ["no /CIDToGIDMap" if to_gid is None else "no embedded program"]
    try:
        program = ttsubset.Font(found[1])
    except (ValueError, struct.error) as exc:
        return problems + [f"the embedded program is not a TrueType font ({exc})"]
    widths, default = _cid_widths(cid), float(cid.get("/DW", 1000))
    if not isinstance(cid.get("/DW", 1000), int):
        problems.append(f"/DW {cid.DW} is not an integer (ISO 32000; poppler then takes 1000)")
    if isinstance(to_gid, pikepdf.Stream):
        data = to_gid.read_bytes()
        gids = {n: int.from_bytes(data[2 * n:2 * n + 2], "big") for n in range(len(data) // 2)}
    else:   # /Identity: the CIDs the widths name
        gids = {n: n for n in widths}
    lacking = sorted(n for n, gid in gids.items() if gid >= program.glyphs)
    if lacking:
        problems.append(f"{len(lacking)} CID(s) map to glyphs the program lacks (CID {lacking[0]} → {gids[lacking[0]]})")
    scale = 1000 / program.units_per_em
    wrong = [n for n, gid in gids.items() if gid < program.glyphs
             and abs(widths.get(n, default) - program.advances[gid] * scale) > 0.01]
    if wrong:
        n = wrong[0]
        problems.append(f"the widths (/W, /DW) of {len(wrong)} CID(s) differ from their glyphs' advances (CID {n}: "
                        f"{widths.get(n, default)}, its glyph {program.advances[gids[n]] * scale:.4f})")
    if "/ToUnicode" in font:
        unmapped = sorted(set(gids) - {0} - _unicode_codes(font.ToUnicode.read_bytes()))
        if unmapped:
            problems.append(f"{len(unmapped)} CID(s) have no ToUnicode entry (CID {unmapped[0]})")
    return problems


def _cid_fonts(pdf: pikepdf.Pdf) -> list[Finding]:
    """Each face embedded once, as one CID-keyed font (what InDesign and LuaTeX write, and what a Japanese
    入稿 checker expects): Type0 with /Identity-H and a ToUnicode map for every CID, over one CIDFontType2
    (Adobe-Identity) whose /CIDToGIDMap names glyphs its embedded program has and whose /W and /DW are
    those glyphs' advance widths."""
    out: list[Finding] = []
    faces: dict[str, set[str]] = {}
    for where, font in _page_fonts(pdf):
        base = str(font.get("/BaseFont", "?"))
        parts = split_tag(base)
        faces.setdefault(parts[1] if parts else base, set()).add(base)
        out += [Finding("CID フォント", f"{where}: font {base}: {problem}") for problem in _cid_font(font)]
    for face, names in sorted(faces.items()):
        if len(names) > 1:
            out.append(Finding("CID フォント", f"{face} is embedded {len(names)} times ({', '.join(sorted(names))}), "
                                             "not as one font"))
    return out


def _trans(pdf: pikepdf.Pdf) -> list[Finding]:
    """No empty /Trans (page transition) dictionary: ReportLab writes one on every page; it means nothing."""
    pages = [str(number) for number, page in enumerate(pdf.pages, 1)
             if isinstance(page.obj.get("/Trans"), pikepdf.Dictionary) and not len(page.obj.Trans.keys())]
    if not pages:
        return []
    listed = ", ".join(pages[:10]) + (" …" if len(pages) > 10 else "")
    return [Finding("空の /Trans なし", f"{len(pages)} page(s) carry an empty /Trans dictionary: p{listed}")]


_XMP_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdf": "http://ns.adobe.com/pdf/1.3/",
           "pdfxid": "http://www.npes.org/pdfx/ns/id/", "pdfx": "http://ns.adobe.com/pdfx/1.3/"}


def xmp_properties(xmp: bytes) -> dict[str, str]:
    """The simple properties of an XMP packet, as {"prefix:Name": value} for the namespaces of `_XMP_NS`,
    written as elements or as attributes of rdf:Description. Raises ValueError when it is not XML."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(xmp.decode("utf-8").split("?>", 1)[-1].rsplit("<?xpacket", 1)[0])
    except (ET.ParseError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    prefixes = {uri: prefix for prefix, uri in _XMP_NS.items()}
    out: dict[str, str] = {}
    for description in root.iter(f"{{{_XMP_NS['rdf']}}}Description"):
        items = [(key, value) for key, value in description.attrib.items()]
        items += [(child.tag, (child.text or "").strip()) for child in description if not len(child)]
        for key, value in items:
            if key.startswith("{"):
                uri, local = key[1:].split("}", 1)
                if uri in prefixes:
                    out[f"{prefixes[uri]}:{local}"] = value
    return out


def _xmp_in_step(pdf: pikepdf.Pdf, required: bool) -> list[Finding]:
    """The XMP says what the Info dictionary says: pdf:Trapped as /Trapped, pdfxid:GTS_PDFXVersion (and
    pdfx:GTS_PDFXVersion where written) as /GTS_PDFXVersion. `required`: the file must have XMP (print)."""
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return [Finding("XMP メタデータ", "no XMP metadata stream")] if required else []
    try:
        props = xmp_properties(meta.read_bytes())
    except ValueError as exc:
        return [Finding("XMP メタデータ", f"the XMP is not well-formed XML ({exc})")]
    info = pdf.trailer.get("/Info", {})
    out = []
    trapped = str(info.get("/Trapped", ""))[1:] or None
    if props.get("pdf:Trapped") != trapped:
        out.append(Finding("XMP と Info の一致", f"pdf:Trapped is {props.get('pdf:Trapped')!r} in the XMP but "
                                               f"/Trapped is {trapped!r} in Info"))
    version = str(info["/GTS_PDFXVersion"]) if "/GTS_PDFXVersion" in info else None
    if props.get("pdfxid:GTS_PDFXVersion") != version:
        out.append(Finding("XMP と Info の一致", f"pdfxid:GTS_PDFXVersion is {props.get('pdfxid:GTS_PDFXVersion')!r} "
                                               f"in the XMP but /GTS_PDFXVersion is {version!r} in Info"))
    if "pdfx:GTS_PDFXVersion" in props and props["pdfx:GTS_PDFXVersion"] != version:
        out.append(Finding("XMP と Info の一致", f"pdfx:GTS_PDFXVersion is {props['pdfx:GTS_PDFXVersion']!r} in "
                                               f"the XMP but /GTS_PDFXVersion is {version!r} in Info"))
    return out


def _boxes(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            out.append(Finding("仕上がり・塗り足し", f"p{number}: TrimBox or BleedBox missing"))
            continue
        trim = [float(v) for v in obj.TrimBox]
        bleed = [float(v) for v in obj.BleedBox]
        media = [float(v) for v in obj.MediaBox]
        expect = [trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT]
        if any(abs(a - b) > 0.1 for a, b in zip(bleed, expect)):
            out.append(Finding("塗り足し 3 mm", f"p{number}: BleedBox {bleed} is not the TrimBox plus 3 mm"))
        if not (media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]):
            out.append(Finding("用紙サイズ", f"p{number}: MediaBox does not contain the BleedBox"))
    if len(pdf.pages) % 4:
        out.append(Finding("ページ数（中綴じ）", f"{len(pdf.pages)} pages is not a multiple of 4"))
    return out


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _inside(point: tuple[float, float], box: list[float]) -> bool:
    """Strictly inside the box: a mark that only touches the BleedBox edge is outside it."""
    return box[0] + 0.01 < point[0] < box[2] - 0.01 and box[1] + 0.01 < point[1] < box[3] - 0.01


def _overlaps(path: list[tuple[float, float]], box: list[float]) -> bool:
    """Whether a path's bounding box overlaps the inside of the box (not merely its edge)."""
    if not path:
        return False
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    return min(xs) < box[2] - 0.01 and max(xs) > box[0] + 0.01 and min(ys) < box[3] - 0.01 and max(ys) > box[1] + 0.01 \
        or any(_inside(p, box) for p in path)


# Every operator but the text positioning ones: enough to follow each colour, the overprint flags, the CTM,
# every path and every text show. Text positions need following only where a fill over the ink limit is
# set, so only such a stream is parsed whole (text positions too).
_NO_TEXT = "q Q cm rg RG g G k K cs CS sc scn SC SCN gs Tr BT ET Do m l re c v y S s f F f* B B* b b* sh n BI"
# Inside a text object, these change what its text shows are painted with: a stream that does so is parsed whole.
_TEXT_STATE = {"rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN", "gs", "Tr"}
K100 = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class _Paint:
    """One of the two current colours (fill or stroke): what it prints as, for the rules."""

    space: str = "Gray"       # the colour-space family: Gray, RGB, CMYK, Spot, Pattern, unknown
    ink: float = 100.0        # total ink, %
    k100: bool = False        # DeviceCMYK 0 0 0 1
    white: bool = False       # no ink at all (paper white)
    registration: bool = False  # the Separation /All
    label: str = "DeviceGray 0"
    separation: tuple[str, object] | None = None  # (colorant, tint transform) of a Separation space


@dataclass
class _State:
    """The graphics state the rules follow, saved by q and restored by Q."""

    ctm: list[float]
    fill: _Paint
    stroke: _Paint
    op: bool = False          # overprint of fills and text (/op)
    OP: bool = False          # overprint of strokes (/OP)
    opm: int = 0
    text_mode: int = 0

    def copy(self) -> "_State":  # a _Paint is never changed, only replaced, so it is shared
        return _State(self.ctm, self.fill, self.stroke, self.op, self.OP, self.opm, self.text_mode)


def _cmyk_paint(values: list[float]) -> _Paint:
    label = "DeviceCMYK " + " ".join(f"{v:g}" for v in values)
    return _Paint("CMYK", sum(values) * 100, all(abs(a - b) < 1e-6 for a, b in zip(values, K100)),
                  all(abs(v) < 1e-6 for v in values), False, label)


def _separation_paint(colorant: str, function: object, tint: float) -> _Paint:
    """A Separation colour at a tint: /All prints on every plate (400% at tint 1); another colorant is
    counted through its DeviceCMYK tint transform where that is a Type 2 function, else as one ink."""
    if colorant == "/All":
        return _Paint("CMYK", 400 * tint, False, tint == 0, True, f"Separation /All {tint:g}", (colorant, function))
    if colorant == "/None":   # paints nothing
        return _Paint("CMYK", 0.0, False, True, False, "Separation /None", (colorant, function))
    ink = 100 * tint
    if isinstance(function, pikepdf.Dictionary) and int(function.get("/FunctionType", 0)) == 2:
        c0 = [float(v) for v in function.get("/C0", [0])]
        c1 = [float(v) for v in function.get("/C1", [1])]
        n = float(function.get("/N", 1))
        ink = sum(a + tint ** n * (b - a) for a, b in zip(c0, c1)) * 100
    return _Paint("CMYK", ink, False, tint == 0, False, f"Separation {colorant} {tint:g}", (colorant, function))


def _space_paint(operand: object, resources: object) -> _Paint:
    """The initial colour of a colour space set by cs/CS (a device name or a named resource)."""
    family = _space_family(operand, resources)
    space = ((resources.get("/ColorSpace") or {}) if hasattr(resources, "get") else {}).get(str(operand))  # type: ignore[union-attr]
    if family == "CMYK" and isinstance(space, pikepdf.Array) and str(space[0]) == "/Separation":
        return _separation_paint(str(space[1]), space[3], 1.0)
    if family == "CMYK":
        return _cmyk_paint([0.0, 0.0, 0.0, 1.0])
    return _Paint(family, 0.0, False, False, False, f"{operand} ({family})")


class _Tally:
    """Findings of one kind in one stream, counted, so that a file missing overprint everywhere gives one
    line per page and rule, not one per text show."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = {}

    def add(self, rule: str, what: str) -> None:
        self.counts[rule, what] = self.counts.get((rule, what), 0) + 1

    def findings(self, where: str) -> list[Finding]:
        return [Finding(rule, f"{where}: {what}" + (f" ({n}×)" if n > 1 else ""))
                for (rule, what), n in self.counts.items()]


OVERPRINT = "オーバープリント（K100 のみ）"
_INSTRUCTION = pikepdf.ContentStreamInstruction
_DEVICE_OPS = RGB_OPS | GRAY_OPS
REGISTRATION = "トンボのレジストレーション色 /All"


def _colours(pdf: pikepdf.Pdf, print_rules: bool) -> list[Finding]:
    """RGB/Gray operators, the total ink of CMYK colours painted inside the BleedBox, overprint (set on
    K100 text and strokes, on nothing else, never without /OPM 1) and the marks outside the BleedBox in the
    registration colour /All. Each stream is first parsed without its text shows and positions, checking each
    text object's state at its BT; a stream that sets a fill over the ink limit, changes a text object's
    colour or graphics state inside it, or starts a text object in a state that would be a finding, is parsed
    again whole, so that every text show is checked. The findings are exactly those of a whole parse."""
    out: list[Finding] = []

    def run(stream_owner: pikepdf.Object, state: _State, box: list[float] | None, where: str,
            whole: bool = False) -> None:
        stack: list[_State] = []
        state = state.copy()
        start = state.copy()
        path: list[tuple[float, float]] = []
        text_ctm = state.ctm
        resources = stream_owner.get("/Resources") or {}
        mark = len(out)
        tally = _Tally()
        try:
            instructions = pikepdf.parse_content_stream(stream_owner, "" if whole else _NO_TEXT)
        except pikepdf.PdfError as exc:
            out.append(Finding("内容ストリーム", f"{where}: cannot be parsed ({exc})"))
            return
        limited = not whole and box is not None
        in_text = escalate = False
        for item in instructions:
            if (limited and state.fill.ink > INK_LIMIT) or escalate:
                # text may be painted over the limit, or with a state set inside its text object, or a text
                # object may be wrongly overprinted: parse the stream whole, text shows included, instead
                del out[mark:]
                run(stream_owner, start, box, where, whole=True)
                return
            if type(item) is not _INSTRUCTION:   # an inline image
                if print_rules and state.op:
                    tally.add(OVERPRINT, "an inline image overprints")
                continue
            operands, name = item.operands, str(item.operator)
            if not whole and in_text and name in _TEXT_STATE:
                escalate = True
                continue
            if name in TEXT_OPS:  # the most frequent operators first (in a whole parse)
                if print_rules and state.text_mode != 3:
                    if state.text_mode in (0, 2, 4, 6) and (state.op or state.fill.k100) and not (
                            state.op and state.fill.k100 and state.opm == 1):
                        _check_overprint(tally, "text", state.fill, state.op, state.opm, required=True)
                    if state.text_mode in (1, 2, 5, 6):
                        _check_overprint(tally, "outlined text", state.stroke, state.OP, state.opm, required=True)
                if box is not None and state.fill.ink > INK_LIMIT and _inside((text_ctm[4], text_ctm[5]), box):
                    out.append(Finding("総インキ量 300%", f"{where}: text painted at {state.fill.ink:.0f}%"))
                continue
            if name == "q":
                stack.append(state.copy())
            elif name == "Q" and stack:
                state = stack.pop()
            elif name == "cm":
                state.ctm = _multiply([float(v) for v in operands], state.ctm)
            elif print_rules and name in _DEVICE_OPS:
                kind = "RGB" if name in RGB_OPS else "Gray"
                out.append(Finding("CMYK のみ", f"{where}: {kind} colour operator {name} {list(map(float, operands))}"))
                setattr(state, "stroke" if name.isupper() else "fill", _Paint(kind, 0.0, label=f"{kind} {name}"))
            elif name in ("cs", "CS"):
                paint = _space_paint(operands[0], resources)
                setattr(state, "stroke" if name == "CS" else "fill", paint)
                if print_rules and paint.space != "CMYK":
                    out.append(Finding("CMYK のみ", f"{where}: colour space {operands[0]} ({paint.space})"))
            elif name in ("sc", "scn", "SC", "SCN"):
                current = state.stroke if name.isupper() else state.fill
                if current.separation is not None and len(operands) == 1:
                    paint = _separation_paint(*current.separation, float(operands[0]))  # type: ignore[arg-type]
                elif current.space == "CMYK" and len(operands) == 4:
                    paint = _cmyk_paint([float(v) for v in operands])
                else:
                    paint = current
                setattr(state, "stroke" if name.isupper() else "fill", paint)
            elif name in ("k", "K"):
                setattr(state, "stroke" if name == "K" else "fill", _cmyk_paint([float(v) for v in operands]))
            elif name == "gs":
                params = (resources.get("/ExtGState") or {}).get(str(operands[0]))
                if params is None:
                    out.append(Finding("内容ストリーム", f"{where}: ExtGState {operands[0]} is not in the resources"))
                    continue
                if "/OP" in params:
                    state.OP = bool(params.OP)
                    state.op = bool(params.OP)
                if "/op" in params:
                    state.op = bool(params.op)
                if "/OPM" in params:
                    state.opm = int(params.OPM)
            elif name == "Tr":
                state.text_mode = int(operands[0])
            elif name in ("m", "l"):
                path.append(_point(operands[0], operands[1], state.ctm))
            elif name == "re":
                x, y, w, h = (float(v) for v in operands)
                path += [_point(x, y, state.ctm), _point(x + w, y + h, state.ctm)]
            elif name in ("c", "v", "y"):
                path.append(_point(operands[-2], operands[-1], state.ctm))
            elif name == "BT":
                text_ctm = state.ctm
                in_text = True
                if not whole and print_rules and state.text_mode != 3:
                    # the state a text object starts with is the state of its shows, unless it changes inside
                    # (then the stream is parsed whole): check it once here, and where it would be a finding,
                    # parse whole so that only real text shows are reported
                    probe = _Tally()
                    if state.text_mode in (0, 2, 4, 6):
                        _check_overprint(probe, "text", state.fill, state.op, state.opm, required=True)
                    if state.text_mode in (1, 2, 5, 6):
                        _check_overprint(probe, "outlined text", state.stroke, state.OP, state.opm, required=True)
                    escalate = bool(probe.counts)
            elif name == "ET":
                in_text = False
            elif name in ("Td", "TD"):
                text_ctm = _multiply([1, 0, 0, 1, float(operands[0]), float(operands[1])], text_ctm)
            elif name == "Tm":
                text_ctm = _multiply([float(v) for v in operands], state.ctm)
            elif name in PAINT_OPS or name == "n":
                if name != "n" and print_rules:
                    strokes = name in ("S", "s", "B", "B*", "b", "b*")
                    fills = name not in ("S", "s")
                    if name == "sh":
                        if state.op:
                            tally.add(OVERPRINT, "a shading overprints")
                    else:
                        if strokes:
                            _check_overprint(tally, "stroke", state.stroke, state.OP, state.opm, required=True)
                        if fills:
                            _check_overprint(tally, "fill", state.fill, state.op, state.opm, required=False)
                    if box is not None and path and not _overlaps(path, box):
                        paints = ([state.stroke] if strokes else []) + ([state.fill] if fills and name != "sh" else [])
                        for paint in paints:
                            if not paint.registration:
                                tally.add(REGISTRATION, f"a mark outside the BleedBox painted in {paint.label}, "
                                                        "not in the registration colour [/Separation /All]")
                if name != "n" and box is not None:
                    ink = state.stroke.ink if name in ("S", "s") else max(
                        state.fill.ink, state.stroke.ink if name.lower().startswith("b") else 0)
                    if ink > INK_LIMIT and _overlaps(path, box):
                        out.append(Finding("総インキ量 300%", f"{where}: colour of {ink:.0f}% painted inside the BleedBox"))
                path = []
            elif name == "Do" and print_rules:
                xobj = (resources.get("/XObject") or {}).get(str(operands[0]))
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    matrix = [float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    inner = state.copy()
                    inner.ctm = _multiply(matrix, state.ctm)
                    run(xobj, inner, box, where + f" {operands[0]}")
                elif xobj is not None and xobj.get("/Subtype") == "/Image":
                    space = str(xobj.get("/ColorSpace", ""))
                    if "RGB" in space or "Gray" in space:
                        out.append(Finding("CMYK のみ", f"{where}: image {operands[0]} in {space}"))
                    if state.op:
                        tally.add(OVERPRINT, f"image {operands[0]} overprints")
        out.extend(tally.findings(where))

    for number, page in enumerate(pdf.pages, 1):
        box = [float(v) for v in page.obj.BleedBox] if "/BleedBox" in page.obj else None
        run(page.obj, _State([1, 0, 0, 1, 0, 0], _Paint(), _Paint()), box if print_rules else None, f"p{number}")
    return out


def _check_overprint(tally: _Tally, what: str, paint: _Paint, overprint: bool, opm: int, required: bool) -> None:
    """K100 overprints (with /OPM 1, without which the zero C, M and Y knock out anyway); nothing else does,
    and white least of all (it would vanish). `required`: K100 text and strokes must overprint."""
    if overprint and not paint.k100:
        kind = "white (0 0 0 0), which then vanishes," if paint.white and paint.space == "CMYK" else paint.label
        tally.add(OVERPRINT, f"{what} in {kind} overprints (only K100 may)")
    elif overprint and opm != 1:
        tally.add(OVERPRINT, f"K100 {what} overprints with /OPM {opm} (the zero C, M, Y knock out; use /OPM 1)")
    elif required and paint.k100 and not overprint:
        tally.add(OVERPRINT, f"K100 {what} knocks out (no overprint set)")


def _space_family(name: object, resources: object) -> str:
    """RGB, CMYK, Gray, Spot or Pattern for a colour-space operand (a device name or a named resource).
    A Separation of /All (the registration colour), /None or a process colorant, with the alternate space
    DeviceCMYK, counts as CMYK (PDF/X-1a allows it); any other Separation or a DeviceN is a spot colour, an
    extra plate that seika's process-colour booklet never asks for."""
    text = str(name)
    device = {"/DeviceRGB": "RGB", "/CalRGB": "RGB", "/DeviceCMYK": "CMYK", "/DeviceGray": "Gray",
              "/CalGray": "Gray", "/Lab": "RGB", "/Pattern": "Pattern"}
    if text in device:
        return device[text]
    space = ((resources.get("/ColorSpace") or {}) if hasattr(resources, "get") else {}).get(text)  # type: ignore[union-attr]
    if space is None:
        return "unknown"
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(int(space[1].get("/N", 0)), "unknown")
        if kind == "/Separation" and len(space) > 2:
            process = str(space[1]) in ("/All", "/None", "/Cyan", "/Magenta", "/Yellow", "/Black")
            return "CMYK" if process and str(space[2]) == "/DeviceCMYK" else "Spot"
        if kind == "/DeviceN":
            return "Spot"
        if kind == "/Indexed":
            return _space_family(space[1], resources)
        return device.get(kind, "unknown")
    return device.get(str(space), "unknown")


def _point(x: object, y: object, m: list[float]) -> tuple[float, float]:
    fx, fy = float(x), float(y)  # type: ignore[arg-type]
    return (m[0] * fx + m[2] * fy + m[4], m[1] * fx + m[3] * fy + m[5])


def _dictionaries(pdf: pikepdf.Pdf):  # type: ignore[no-untyped-def]
    """Every dictionary in the file, indirect or written inline inside another object (an ExtGState
    in a Resources dictionary, an image's stream dictionary), each once."""
    seen: set[tuple[int, int]] = set()
    stack = list(pdf.objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            yield obj
            stack += [v for k, v in obj.items() if k != "/Parent" and _inline_container(v)]
        elif isinstance(obj, pikepdf.Array):
            stack += [v for v in obj if _inline_container(v)]


def _inline_container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and not value.is_indirect


def _transparency(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for obj in _dictionaries(pdf):
        for key in ("/CA", "/ca"):
            if key in obj and float(obj[key]) < 1:
                out.append(Finding("透明効果なし", f"{key} {float(obj[key])} in an ExtGState"))
        if "/SMask" in obj and str(obj.SMask) != "/None":
            out.append(Finding("透明効果なし", "a soft mask (SMask)"))
        if "/BM" in obj and str(obj.BM) not in ("/Normal", "/Compatible"):
            out.append(Finding("透明効果なし", f"blend mode {obj.BM}"))
        if obj.get("/S") == "/Transparency":
            out.append(Finding("透明効果なし", "a transparency group"))
    return out


def _pdfx(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    info = pdf.trailer.get("/Info", {})
    if str(info.get("/GTS_PDFXVersion", "")) != "PDF/X-1a:2003":
        out.append(Finding("PDF/X 識別", "GTS_PDFXVersion is not PDF/X-1a:2003"))
    if str(info.get("/Trapped", "")) not in ("/False", "/True"):
        out.append(Finding("PDF/X 識別", "/Trapped is not set"))
    if "/Title" not in info:
        out.append(Finding("PDF/X 識別", "no /Title"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        out.append(Finding("出力インテント", "no PDF/X OutputIntent"))
    elif str(intents[0].get("/OutputConditionIdentifier", "")) == "":
        out.append(Finding("出力インテント", "OutputIntent without an OutputConditionIdentifier"))
    for number, page in enumerate(pdf.pages, 1):
        if len(page.obj.get("/Annots", [])):
            out.append(Finding("注釈なし", f"p{number}: {len(page.obj.Annots)} annotation(s)"))
    return out


def _pdfa(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    meta = pdf.Root.get("/Metadata")
    xmp = meta.read_bytes().decode("utf-8", "replace") if meta is not None else ""
    if "<pdfaid:part>3</pdfaid:part>" not in xmp:
        out.append(Finding("PDF/A 識別", "XMP has no pdfaid:part 3"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if not intents or "/DestOutputProfile" not in intents[0]:
        out.append(Finding("出力インテント", "no PDF/A OutputIntent with an ICC profile"))
    if "/Encrypt" in pdf.trailer:
        out.append(Finding("暗号化なし", "the file is encrypted"))
    if "/JavaScript" in (pdf.Root.get("/Names") or {}) or "/OpenAction" in pdf.Root:
        out.append(Finding("JavaScript なし", "JavaScript or an open action is present"))
    af = {str(spec.F): spec for spec in pdf.Root.get("/AF", [])}
    if not af:
        return out + [Finding("添付ファイル", "no /AF attachments")]
    files = {}
    for name, spec in af.items():
        if "/AFRelationship" not in spec:
            out.append(Finding("添付ファイル", f"{name} has no AFRelationship"))
        files[name] = spec.EF.F.read_bytes()
    manifest_data = files.get("seika-build-manifest.json")
    if manifest_data is None:
        return out + [Finding("ビルド記録", "no seika-build-manifest.json attachment")]
    manifest = json.loads(manifest_data)
    for name, digest in manifest.get("content", {}).items():
        if name not in files:
            out.append(Finding("添付ファイル", f"{name} is in the manifest but not attached"))
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            out.append(Finding("添付ファイル", f"{name}: sha256 differs from the manifest"))
    return out


def preflight(path: Path, profile: str) -> list[Finding]:
    """Check a PDF against a profile's rules. Raises UnreadablePdf when it cannot be opened."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise UnreadablePdf(f"{path}: the PDF is encrypted with a password; a print or archive PDF must "
                            "not be encrypted") from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UnreadablePdf(f"{path}: not a readable PDF ({exc})") from None
    with pdf:
        findings = _fonts(pdf) + _cid_fonts(pdf) + _trans(pdf) + _xmp_in_step(pdf, required=profile == "print")
        if profile == "print":
            findings += _boxes(pdf) + _colours(pdf, True) + _transparency(pdf) + _pdfx(pdf)
        elif profile == "archive":
            findings += _pdfa(pdf)
        return findings


def report_text(path: Path, profile: str, findings: list[Finding]) -> str:
    """The preflight report: one line per finding, and a verdict, in Japanese and English."""
    head = f"プリフライト {path.name}（{profile}）"
    if not findings:
        return f"{head}: 合格 — no findings (checked by seika's own preflight, not a certified validator)"
    lines = [f"{head}: 不合格 — {len(findings)} finding(s)"]
    lines += [f"  {f}" for f in findings[:200]]
    if len(findings) > 200:
        lines.append(f"  … and {len(findings) - 200} more")
    return "\n".join(lines)
