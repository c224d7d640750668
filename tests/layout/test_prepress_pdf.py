"""Prepress, read back from the built PDFs: overprint on K100 text and rules only (print), the トンボ in the
registration colour Separation /All, font subset tags derived from the glyphs (different for different
subsets, equal across identical builds), one CID-keyed font per face (pdffonts: CID TrueType, Identity-H;
/W equal to the glyphs' advances; each CID the vendored glyph of its ToUnicode character; no glyph the
face does not draw), no empty /Trans, the XMP in step with the Info dictionary; and the preflight catching
a deliberately wrong PDF for each of these rules.

The overprint walk here is the tests' own (it does not reuse the preflight's): it follows q/Q, the colours,
the ExtGState in force and form XObjects (which inherit the caller's state) through every print content
stream, and classifies each text show, stroke and fill by its colour and the overprint flag that applies.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont

import render
from fonts.manifest import load_fonts
from layout.output.preflight import preflight, xmp_properties
from tests.pdfread import ParsedPdf, cid_widths, parse_to_unicode

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
K100 = (0.0, 0.0, 0.0, 1.0)
WHITE = (0.0, 0.0, 0.0, 0.0)
TEXT_SHOWS = {"Tj", "TJ", "'", '"'}
STROKES = {"S", "s"}
FILLS = {"f", "F", "f*"}
BOTH = {"B", "B*", "b", "b*"}
TAG = re.compile(r"^/([A-Z]{6})\+(.+)$")
REPORTLAB_TAGS = {"AAAAAA", "AAAAAB", "AAAAAC", "AAAAAD", "AAAAAE", "AAAAAF"}


# ------------------------------------------------------------------ reading the print file's graphics state

def ext_gstates(pdf: pikepdf.Pdf) -> list[dict[str, dict[str, Any]]]:
    """Per page, its ExtGState resources and those of its forms (by form name), as {name: {key: value}}."""
    out = []
    for page in pdf.pages:
        resources = page.obj.get("/Resources") or {}
        states = {"": {str(k): {str(kk): vv for kk, vv in v.items()} for k, v in (resources.get("/ExtGState") or {}).items()}}
        for name, xobj in (resources.get("/XObject") or {}).items():
            form_res = xobj.get("/Resources") or {}
            states[str(name)] = {str(k): {str(kk): vv for kk, vv in v.items()}
                                 for k, v in (form_res.get("/ExtGState") or {}).items()}
        out.append(states)
    return out


def overprint_walk(parsed: ParsedPdf, states: list[dict[str, dict[str, Any]]]) -> Counter:
    """Counts of (what, colour class, overprinting) over every print content stream: what is text, stroke or
    fill; the colour class is K100, white, registration (/All), or other."""
    counts: Counter = Counter()

    def colour_class(colour: Any) -> str:
        if colour == "registration":
            return "registration"
        if colour == K100:
            return "K100"
        if colour == WHITE:
            return "white"
        return "other"

    def walk(ops: Any, gstates: dict[str, Any], forms: dict[str, Any] | None, state: dict[str, Any]) -> None:
        stack = []
        state = dict(state)
        for operands, op in ops:
            if op == "q":
                stack.append(dict(state))
            elif op == "Q":
                state = stack.pop()
            elif op in ("k", "K"):
                state["fill" if op == "k" else "stroke"] = tuple(float(v) for v in operands)
            elif op in ("CS", "cs"):
                state["stroke" if op == "CS" else "fill"] = ("space", operands[0])
            elif op in ("SCN", "scn", "SC", "sc"):
                key = "stroke" if op.isupper() else "fill"
                if state[key] == ("space", "/SeikaAll") and operands == (1,):
                    state[key] = "registration"
            elif op == "gs":
                params = gstates[operands[0]]
                if "/OP" in params:
                    state["OP"] = state["op"] = bool(params["/OP"])
                if "/op" in params:
                    state["op"] = bool(params["/op"])
                if "/OPM" in params:
                    state["OPM"] = int(params["/OPM"])
            elif op in TEXT_SHOWS:
                counts["text", colour_class(state["fill"]), state["op"]] += 1
            elif op in STROKES | BOTH:
                counts["stroke", colour_class(state["stroke"]), state["OP"]] += 1
            if op in FILLS | BOTH:
                counts["fill", colour_class(state["fill"]), state["op"]] += 1
            if (state["op"] or state["OP"]) and state["OPM"] != 1 and op in TEXT_SHOWS | STROKES | FILLS | BOTH:
                counts["overprint without OPM 1"] += 1
            if op == "Do" and forms is not None and operands[0] in forms:
                walk(forms[operands[0]].ops, states_here[operands[0]], None, state)

    for page, states_here in zip(parsed.pages, states):
        start = {"fill": None, "stroke": None, "op": False, "OP": False, "OPM": 0}
        walk(page.ops, states_here[""], page.forms, start)
    return counts


@pytest.fixture(scope="module")
def print_overprint(parsed_pdf) -> Counter:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", "print")
    with pikepdf.open(parsed.path) as pdf:
        states = ext_gstates(pdf)
    return overprint_walk(parsed, states)


def test_k100_text_and_rules_overprint(print_overprint: Counter) -> None:
    counts = print_overprint
    print("\noverprint counts (what, colour, overprinting):", dict(sorted(counts.items(), key=str)))
    assert counts["text", "K100", True] > 20_000 and counts["text", "K100", False] == 0
    assert counts["stroke", "K100", True] > 300 and counts["stroke", "K100", False] == 0
    assert counts["overprint without OPM 1"] == 0


def test_nothing_but_k100_overprints(print_overprint: Counter) -> None:
    """No other colour overprints, white least of all; the marks (/All) and the colours knock out."""
    overprinting = {key: n for key, n in print_overprint.items() if len(key) == 3 and key[2] and key[1] != "K100"}
    assert overprinting == {}
    assert print_overprint["text", "white", False] > 0           # white text on colour: knocks out
    assert print_overprint["stroke", "registration", False] > 1000
    assert print_overprint["stroke", "other", False] > 100 and print_overprint["fill", "other", False] > 10


@pytest.mark.parametrize("profile", ["screen", "archive"])
def test_screen_and_archive_do_not_overprint(profile: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(build_pdf("a4", profile)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert not any(bool(obj.get(key, False)) for key in ("/OP", "/op"))
                assert "/SeikaAll" not in obj


# ------------------------------------------------------------------ the registration colour

def test_marks_are_in_the_registration_colour_all(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", "print")
    with pikepdf.open(parsed.path) as pdf:
        for page in pdf.pages:
            space = page.obj.Resources.ColorSpace.SeikaAll
            assert [str(v) for v in space[:3]] == ["/Separation", "/All", "/DeviceCMYK"]
            function = space[3]
            assert int(function.FunctionType) == 2 and float(function.N) == 1
            assert [float(v) for v in function.C0] == [0, 0, 0, 0] and [float(v) for v in function.C1] == [1, 1, 1, 1]
    for page in parsed.pages:
        ops = [(operands, op) for operands, op in page.ops]
        assert (("/SeikaAll",), "CS") in ops and ((1,), "SCN") in ops
        assert not any(op in ("k", "K") and tuple(map(float, operands)) == (1.0, 1.0, 1.0, 1.0)
                       for operands, op in page.ops)  # DeviceCMYK 400% nowhere
        strokes, colour, stack = 0, None, []
        for operands, op in page.ops:
            if op == "q":
                stack.append(colour)
            elif op == "Q":
                colour = stack.pop()
            elif op == "CS":
                colour = operands[0]
            elif op == "K":
                colour = None
            elif op == "S" and colour == "/SeikaAll":
                strokes += 1
        assert strokes == 4 * 2 * 2 + 4 * 2, f"p{page.number}: {strokes} strokes in /All"


# ------------------------------------------------------------------ subset tags

def descriptor(font: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """A font's descriptor: its own (a simple font) or its CIDFont's (a Type0 font)."""
    return font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor


def subsets(path: Path) -> dict[str, tuple[str, bytes]]:
    """Every embedded subset font by its /BaseFont (no slash): its tag and its font program; and checks
    that /FontName, the CIDFont's /BaseFont and the ToUnicode CMap carry the same name."""
    out = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and (
                    "/FontDescriptor" in obj or "/DescendantFonts" in obj) and obj.get("/Subtype") != "/CIDFontType2":
                base = str(obj.BaseFont)
                match = TAG.match(base)
                assert match, f"{base} is not a subset"
                assert str(descriptor(obj).FontName) == base
                for cid in obj.get("/DescendantFonts", []):
                    assert str(cid.BaseFont) == base
                cmap = obj.ToUnicode.read_bytes()
                assert f"/CMapName {base}".encode() in cmap and b"AAAAA" not in cmap
                assert base[1:] not in out
                out[base[1:]] = (match[1], descriptor(obj).FontFile2.read_bytes())
    return out


@pytest.fixture(scope="module")
def tiny_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fixture edition's print PDF: other content, so other subsets of the same fonts."""
    path = tmp_path_factory.mktemp("tiny-prepress") / "tiny-print.pdf"
    assert render.main(["build", str(TINY), "--profile", "print", "-o", str(path)]) == 0
    return path


def test_subset_tags_are_derived_not_reportlab_defaults(build_pdf) -> None:  # type: ignore[no-untyped-def]
    fonts = subsets(build_pdf("a4", "print"))
    print("\nsubsets:", sorted(fonts))
    tags = [tag for tag, _ in fonts.values()]
    assert len(fonts) >= 3 and not set(tags) & REPORTLAB_TAGS
    assert len(set(tags)) == len(tags)
    faces = Counter(base.split("+", 1)[1] for base in fonts)
    assert set(faces) <= set(vendored_faces()) and set(faces.values()) == {1}  # one CID-keyed font per face


# ------------------------------------------------------------------ one CID-keyed font per face

@lru_cache(maxsize=None)
def vendored_faces() -> dict[str, TTFont]:
    """The vendored fonts by PostScript name (read with fontTools, independently of the subsetter)."""
    fonts = [TTFont(font.path, lazy=True) for font in load_fonts().values()]
    return {font["name"].getDebugName(6): font for font in fonts}


def type0_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [f for f in pdf.objects if isinstance(f, pikepdf.Dictionary) and f.get("/Subtype") == "/Type0"]


@pytest.mark.parametrize("profile", ["print", "screen", "archive"])
def test_pdffonts_lists_one_cid_truetype_font_per_face(profile: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    listing = subprocess.run(["pdffonts", str(build_pdf("a4", profile))], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    print(f"\npdffonts {profile}:\n" + "\n".join(listing))
    rows = [line.split() for line in listing]
    faces = [row[0].split("+", 1)[1] for row in rows]
    assert len(rows) >= 3 and len(set(faces)) == len(faces) and set(faces) <= set(vendored_faces())
    for row in rows:
        assert row[1:6] == ["CID", "TrueType", "Identity-H", "yes", "yes"] and row[6] == "yes"  # emb sub uni


def cid_font(font: pikepdf.Dictionary) -> tuple[TTFont, dict[int, int], dict[int, float], dict[int, str]]:
    """A Type0 font's embedded program, its CID → GID map, CID → width (/W, /DW) and CID → text."""
    cid = font.DescendantFonts[0]
    program = TTFont(io.BytesIO(cid.FontDescriptor.FontFile2.read_bytes()))
    data = cid.CIDToGIDMap.read_bytes()
    gids = {n: int.from_bytes(data[2 * n:2 * n + 2], "big") for n in range(len(data) // 2)}
    widths = {n: cid_widths(cid.W).get(n, float(cid.DW)) for n in gids}
    return program, gids, widths, parse_to_unicode(font.ToUnicode.read_bytes())


def test_cid_widths_match_the_glyphs(build_pdf) -> None:  # type: ignore[no-untyped-def]
    """Each CIDFont's widths (/W, /DW) are the advance widths of the glyphs its CIDToGIDMap names in the
    embedded program, and each CID from 1 has one ToUnicode character; CID 0 is .notdef."""
    with pikepdf.open(build_pdf("a4", "print")) as pdf:
        fonts = type0_fonts(pdf)
        assert len(fonts) >= 3
        for font in fonts:
            cid = font.DescendantFonts[0]
            assert cid.Subtype == "/CIDFontType2" and font.Encoding == "/Identity-H"
            assert [str(cid.CIDSystemInfo.Registry), str(cid.CIDSystemInfo.Ordering)] == ["Adobe", "Identity"]
            program, gids, widths, text = cid_font(font)
            order, hmtx, upem = program.getGlyphOrder(), program["hmtx"], program["head"].unitsPerEm
            assert gids[0] == 0 and len(set(gids.values())) <= len(order)
            for n, gid in gids.items():
                assert 0 <= gid < len(order) and (gid == 0) == (n == 0)
                assert widths[n] == pytest.approx(hmtx[order[gid]][0] * 1000 / upem, abs=1e-4), (font.BaseFont, n)
            assert sorted(text) == list(range(1, len(gids))) and all(len(t) == 1 for t in text.values())


def test_cid_glyphs_are_the_vendored_glyphs_of_their_characters(build_pdf) -> None:  # type: ignore[no-untyped-def]
    """Through the CIDToGIDMap, each CID draws the outline and advance that the vendored font has for the
    CID's ToUnicode character (composites compared by their resolved coordinates); the program holds no
    glyph beyond these, .notdef and their components."""
    with pikepdf.open(build_pdf("a4", "print")) as pdf:
        for font in type0_fonts(pdf):
            program, gids, _, text = cid_font(font)
            source = vendored_faces()[str(font.BaseFont).split("+", 1)[1]]
            cmap, glyf, hmtx = source.getBestCmap(), source["glyf"], source["hmtx"]
            sub_order, sub_glyf, sub_hmtx = program.getGlyphOrder(), program["glyf"], program["hmtx"]
            for n, ch in text.items():
                ours, theirs = sub_order[gids[n]], cmap[ord(ch)]
                assert sub_hmtx[ours] == hmtx[theirs], (font.BaseFont, ch)
                a = sub_glyf[ours].getCoordinates(sub_glyf)
                b = glyf[theirs].getCoordinates(glyf)
                assert (list(a[0]), a[1], list(a[2])) == (list(b[0]), b[1], list(b[2])), (font.BaseFont, ch)
            drawn = {sub_order[g] for g in gids.values()}
            components = {c for g in drawn for c in sub_glyf[g].getComponentNames(sub_glyf)}
            assert set(sub_order) == drawn | components


def test_each_face_holds_the_characters_it_draws_and_no_other(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    """The characters painted in each font (read back from the content) are exactly its ToUnicode map's."""
    parsed = parsed_pdf("a4", "screen")
    drawn: dict[str, set[str]] = {}
    for page in parsed.pages:
        for char in page.chars:
            drawn.setdefault(char.fontname, set()).add(char.text)
    with pikepdf.open(parsed.path) as pdf:
        mapped = {str(f.DescendantFonts[0].FontDescriptor.FontName)[1:]: set(parse_to_unicode(f.ToUnicode.read_bytes()).values())
                  for f in type0_fonts(pdf)}
    assert drawn == mapped


def test_subset_tags_differ_between_different_subsets(build_pdf, tiny_print: Path) -> None:  # type: ignore[no-untyped-def]
    """The Mincho subsets of the A4 booklet and of the tiny edition hold other glyphs, so other tags; a tag
    is equal only where the font program is."""
    a4 = subsets(build_pdf("a4", "print"))
    tiny = subsets(tiny_print)
    pairs = [(a, t) for a in a4.values() for t in tiny.values()]
    mincho = [(a4[a][0], tiny[t][0]) for a in a4 for t in tiny if a.endswith("Mincho-Regular") and t.endswith("Mincho-Regular")]
    assert mincho and all(x != y for x, y in mincho)
    assert all((a[0] == t[0]) == (a[1] == t[1]) for a, t in pairs)


def test_subset_tags_are_equal_across_identical_builds(build_pdf, second_build) -> None:  # type: ignore[no-untyped-def]
    first = {profile: subsets(build_pdf("a4", profile)) for profile in ("print", "screen", "archive")}
    again = subsets(second_build.path("print"))
    assert first["print"] == again
    assert set(first["print"]) == set(first["screen"]) == set(first["archive"])  # one layout, the same subsets
    assert build_pdf("a4", "print").read_bytes() == second_build.path("print").read_bytes()
    assert build_pdf("a4", "screen").read_bytes() == second_build.path("screen").read_bytes()


# ------------------------------------------------------------------ /Trans and the XMP

@pytest.mark.parametrize("profile", ["print", "screen", "archive"])
def test_no_empty_trans(profile: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(build_pdf("a4", profile)) as pdf:
        assert not [n for n, page in enumerate(pdf.pages, 1) if "/Trans" in page.obj]


def test_print_xmp_in_step_with_info(build_pdf) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(build_pdf("a4", "print")) as pdf:
        props = xmp_properties(pdf.Root.Metadata.read_bytes())
        meta = pdf.open_metadata()  # pikepdf's own XMP reader agrees
        info = pdf.trailer.Info
        assert props["pdf:Trapped"] == "False" == str(info.Trapped)[1:] == meta["pdf:Trapped"]
        assert props["pdfxid:GTS_PDFXVersion"] == "PDF/X-1a:2003" == str(info.GTS_PDFXVersion)
        assert props["pdfx:GTS_PDFXVersion"] == "PDF/X-1a:2003"
        assert meta["pdf:Producer"] == str(info.Producer)


def test_archive_keeps_its_pdfa_identification(build_pdf) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(build_pdf("a4", "archive")) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        props = xmp_properties(xmp.encode("utf-8"))
        assert props["pdf:Trapped"] == str(pdf.trailer.Info.Trapped)[1:]
        assert "pdfxid:GTS_PDFXVersion" not in props and "/GTS_PDFXVersion" not in pdf.trailer.Info


@pytest.mark.parametrize("profile", ["print", "screen", "archive"])
def test_the_preflight_passes_every_output(profile: str, build_pdf) -> None:  # type: ignore[no-untyped-def]
    assert preflight(build_pdf("a4", profile), profile) == []


# ------------------------------------------------------------------ the preflight on deliberately wrong PDFs

def spoil(good: Path, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as pdf:
        change(pdf)
        pdf.save(bad)
    return bad


def _draw(pdf: pikepdf.Pdf, code: bytes, **states: pikepdf.Dictionary) -> None:
    page = pdf.pages[1]
    existing = page.obj.Resources.get("/ExtGState") or pikepdf.Dictionary()
    for name, state in states.items():
        existing[f"/{name}"] = pdf.make_indirect(state)
    page.obj.Resources.ExtGState = existing
    page.contents_add(pikepdf.Stream(pdf, code), prepend=False)


def _overprint(**flags: Any) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, **flags)


def _colour_overprints(pdf: pikepdf.Pdf) -> None:
    _draw(pdf, b"q /Bad gs 1 0.65 0 0 k 100 100 50 50 re f Q", Bad=_overprint(OP=True, op=True, OPM=1))


def _white_overprints(pdf: pikepdf.Pdf) -> None:
    _draw(pdf, b"q /Bad gs 0 0 0 0 k 100 100 50 50 re f Q", Bad=_overprint(op=True, OP=False, OPM=1))


def _stroke_overprints_through_op(pdf: pikepdf.Pdf) -> None:
    """/OP alone sets both flags: a CUD-orange stroke then overprints."""
    _draw(pdf, b"q /Bad gs 0 0.4 1 0 K 100 100 m 200 100 l S Q", Bad=_overprint(OP=True, OPM=1))


def _k100_opm0(pdf: pikepdf.Pdf) -> None:
    _draw(pdf, b"q /Bad gs 0 0 0 1 K 100 100 m 200 100 l S Q", Bad=_overprint(OP=True, op=True, OPM=0))


def _text_knocks_out(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for state in (page.obj.Resources.get("/ExtGState") or {}).values():
            state.op = False


def _text_turns_k100_inside_its_text_object(pdf: pikepdf.Pdf) -> None:
    """A text object that starts in a colour that knocks out, as it should, and turns K100 inside it."""
    font = next(iter(pdf.pages[1].obj.Resources.Font.keys()))
    _draw(pdf, b"q /Ko gs 0 0 1 0 k BT " + font.encode() + b" 10 Tf 100 100 Td 0 0 0 1 k (a) Tj ET Q",
          Ko=_overprint(OP=False, op=False))


def _rule_knocks_out(pdf: pikepdf.Pdf) -> None:
    _draw(pdf, b"q /Ko gs 0 0 0 1 K 100 100 m 200 100 l S Q", Ko=_overprint(OP=False, op=False))


def _marks_in_cmyk_400(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[1]
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    assert b"/SeikaAll CS 1 SCN" in data
    page.obj.Contents.write(data.replace(b"/SeikaAll CS 1 SCN", b"1 1 1 1 K"))


def _marks_in_a_spot_colour(pdf: pikepdf.Pdf) -> None:
    spaces = pdf.pages[1].obj.Resources.ColorSpace
    spaces.SeikaAll = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Registration"),
                                     pikepdf.Name.DeviceCMYK, spaces.SeikaAll[3]])


def _reportlab_tags(pdf: pikepdf.Pdf) -> None:
    for n, font in enumerate(sorted(pdf.pages[1].obj.Resources.Font.values(), key=lambda f: f.objgen)):
        name = "/" + "AAAAA" + "ABCDEFG"[n] + "+" + str(font.BaseFont).split("+", 1)[1]
        font.BaseFont = pikepdf.Name(name)
        descriptor(font).FontName = pikepdf.Name(name)


def _made_up_tag(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[1].obj.Resources.Font.values()))
    name = "/QWERTY+" + str(font.BaseFont).split("+", 1)[1]
    font.BaseFont = descriptor(font).FontName = pikepdf.Name(name)


def _font_name_differs(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[1].obj.Resources.Font.values()))
    descriptor(font).FontName = pikepdf.Name("/" + str(font.BaseFont).split("+", 1)[1])


def _type0_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return sorted(pdf.pages[1].obj.Resources.Font.values(), key=lambda f: f.objgen)


def _no_cid_to_gid_map(pdf: pikepdf.Pdf) -> None:
    del _type0_fonts(pdf)[0].DescendantFonts[0]["/CIDToGIDMap"]


def _not_identity_h(pdf: pikepdf.Pdf) -> None:
    _type0_fonts(pdf)[0].Encoding = pikepdf.Name("/WinAnsiEncoding")


def _a_simple_truetype_font(pdf: pikepdf.Pdf) -> None:
    """The face's program embedded once more as a simple TrueType font, as ReportLab writes them."""
    font = _type0_fonts(pdf)[0]
    pdf.pages[1].obj.Resources.Font["/F9+0"] = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=font.BaseFont, FirstChar=0, LastChar=0,
        Widths=[1000], FontDescriptor=font.DescendantFonts[0].FontDescriptor, ToUnicode=font.ToUnicode))


def _widths_not_the_glyphs(pdf: pikepdf.Pdf) -> None:
    _type0_fonts(pdf)[0].DescendantFonts[0].DW = 900


def _real_default_width(pdf: pikepdf.Pdf) -> None:
    _type0_fonts(pdf)[0].DescendantFonts[0].DW = 1000.5


def _cid_without_to_unicode(pdf: pikepdf.Pdf) -> None:
    font = _type0_fonts(pdf)[0]
    cmap = font.ToUnicode.read_bytes()
    entry = re.search(rb"\n(<0001> <[0-9A-F]+>)\n", cmap)
    assert entry is not None
    font.ToUnicode.write(cmap.replace(entry.group(0), b"\n").replace(b"\n100 beginbfchar", b"\n99 beginbfchar", 1))


def _cid_of_a_glyph_the_program_lacks(pdf: pikepdf.Pdf) -> None:
    cid = _type0_fonts(pdf)[0].DescendantFonts[0]
    data = bytearray(cid.CIDToGIDMap.read_bytes())
    data[2:4] = b"\xff\xff"
    cid.CIDToGIDMap.write(bytes(data))


def _face_embedded_twice(pdf: pikepdf.Pdf) -> None:
    font = _type0_fonts(pdf)[0]
    copy = pdf.make_indirect(pikepdf.Dictionary(
        {key: value for key, value in font.items()}))
    copy.BaseFont = pikepdf.Name("/QWERTY+" + str(font.BaseFont).split("+", 1)[1])
    pdf.pages[1].obj.Resources.Font = pikepdf.Dictionary(
        {**{key: value for key, value in pdf.pages[1].obj.Resources.Font.items()}, "/Copy": copy})


def _empty_trans(pdf: pikepdf.Pdf) -> None:
    pdf.pages[2].obj.Trans = pikepdf.Dictionary()


def _xmp_trapped(pdf: pikepdf.Pdf) -> None:
    pdf.trailer.Info.Trapped = pikepdf.Name("/True")  # the XMP still says False


def _xmp_without_pdfx(pdf: pikepdf.Pdf) -> None:
    xmp = pdf.Root.Metadata.read_bytes()
    pdf.Root.Metadata.write(re.sub(rb"<pdfxid:GTS_PDFXVersion>[^<]*</pdfxid:GTS_PDFXVersion>", b"", xmp))


def _xmp_missing(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Metadata"]


SPOILERS = {
    "a colour overprints": (_colour_overprints, "オーバープリント", "DeviceCMYK 1 0.65 0 0 overprints"),
    "white overprints": (_white_overprints, "オーバープリント", "white (0 0 0 0)"),
    "/OP alone makes a colour stroke overprint": (_stroke_overprints_through_op, "オーバープリント",
                                                  "stroke in DeviceCMYK 0 0.4 1 0 overprints"),
    "overprint with /OPM 0": (_k100_opm0, "オーバープリント", "/OPM 0"),
    "K100 text knocks out": (_text_knocks_out, "オーバープリント", "K100 text knocks out"),
    "K100 set inside a text object knocks out": (_text_turns_k100_inside_its_text_object, "オーバープリント",
                                                 "K100 text knocks out"),
    "a K100 rule knocks out": (_rule_knocks_out, "オーバープリント", "K100 stroke knocks out"),
    "marks in DeviceCMYK 400%": (_marks_in_cmyk_400, "トンボのレジストレーション色 /All", "DeviceCMYK 1 1 1 1"),
    "marks in a spot colour": (_marks_in_a_spot_colour, "CMYK のみ", "/SeikaAll (Spot)"),
    "ReportLab's default subset tags": (_reportlab_tags, "フォントのサブセット名", "ReportLab's default subset tag"),
    "a tag not derived from the glyphs": (_made_up_tag, "フォントのサブセット名", "not derived from its glyphs"),
    "/FontName differs from /BaseFont": (_font_name_differs, "フォントのサブセット名", "but /FontName"),
    "a CIDFont without CIDToGIDMap": (_no_cid_to_gid_map, "CID フォント", "no /CIDToGIDMap"),
    "a Type0 font not in Identity-H": (_not_identity_h, "CID フォント", "not /Identity-H"),
    "a face embedded twice": (_face_embedded_twice, "CID フォント", "is embedded 2 times"),
    "a simple TrueType font": (_a_simple_truetype_font, "CID フォント", "a /TrueType font, not Type0"),
    "widths that are not the glyphs'": (_widths_not_the_glyphs, "CID フォント", "differ from their glyphs' advances"),
    "a /DW that is not an integer": (_real_default_width, "CID フォント", "/DW 1000.5 is not an integer"),
    "a CID without ToUnicode": (_cid_without_to_unicode, "CID フォント", "have no ToUnicode entry (CID 1)"),
    "a CID of a glyph the program lacks": (_cid_of_a_glyph_the_program_lacks, "CID フォント",
                                           "map to glyphs the program lacks (CID 1 → 65535)"),
    "an empty /Trans": (_empty_trans, "空の /Trans なし", "1 page(s) carry an empty /Trans dictionary: p3"),
    "XMP Trapped out of step": (_xmp_trapped, "XMP と Info の一致", "pdf:Trapped is 'False' in the XMP but /Trapped is 'True'"),
    "XMP without the PDF/X version": (_xmp_without_pdfx, "XMP と Info の一致", "pdfxid:GTS_PDFXVersion is None"),
    "no XMP in the print file": (_xmp_missing, "XMP メタデータ", "no XMP metadata stream"),
}


def test_the_tiny_print_pdf_passes(tiny_print: Path) -> None:
    assert preflight(tiny_print, "print") == []


@pytest.mark.parametrize("case", sorted(SPOILERS))
def test_the_preflight_catches_a_wrong_pdf(case: str, tiny_print: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    change, rule, detail = SPOILERS[case]
    bad = spoil(tiny_print, tmp_path, change)
    assert render.main(["preflight", str(bad), "--profile", "print"]) == 1
    out = capsys.readouterr().out
    assert "不合格" in out and rule in out and detail in out, out


@pytest.mark.parametrize("profile", ["screen", "archive"])
def test_the_tag_trans_and_cid_rules_hold_in_every_profile(profile: str, tiny_print: Path, tmp_path: Path) -> None:
    bad = spoil(tiny_print, tmp_path, lambda pdf: (_reportlab_tags(pdf), _empty_trans(pdf), _not_identity_h(pdf)))
    rules = {finding.rule for finding in preflight(bad, profile)}
    assert {"フォントのサブセット名", "空の /Trans なし", "CID フォント"} <= rules
