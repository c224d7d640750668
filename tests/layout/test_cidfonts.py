"""The CID-keyed rewrite on its own: the content-stream lexer (`layout.output.textshows`) on constructed
streams, and `layout.output.cidfonts` on small PDFs that ReportLab writes here, with a vendored Japanese face
spread over several 256-glyph subsets and a proportional Latin face with composite glyphs (DejaVu Sans, as
matplotlib ships it, standing in for a face not yet vendored): one Type0 font per face, every glyph where it
was and every character extracted as before, every other operator kept, and the cases it refuses.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportLabTTFont
from reportlab.pdfgen.canvas import Canvas

from fonts.manifest import load_fonts
from layout.output import cidfonts, ttsubset
from layout.output.preflight import _cid_fonts
from layout.output.textshows import literal, scan, splice
from tests.pdfread import parse_to_unicode

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
STREAM = (b"q BT /F1+0 12 Tf (a\\(b\\)\\\\c\\101) Tj [(x) -250 <41 42>] TJ "
          b"/Span <</ActualText <FEFF0041>>> BDC (y(z)w) Tj EMC 0 0 (s) \" ET Q "
          b"%not (shown) Tj\n/Tj /Fq q BI /W 1 /H 1 /BPC 8 /CS /G ID \x28Tj) EI Q "
          b"/F#322 5 Tf (t) ' ")


# ------------------------------------------------------------------ the lexer

def test_scan_finds_every_font_and_every_shown_string() -> None:
    shows = scan(STREAM)
    assert [name for _, _, name in shows.fonts] == ["F1+0", "F22"]
    assert [(font, data) for _, _, font, data in shows.strings] == [
        ("F1+0", b"a(b)\\cA"), ("F1+0", b"x"), ("F1+0", b"AB"), ("F1+0", b"y(z)w"), ("F1+0", b"s"),
        ("F22", b"t")]   # not the ActualText, the comment, the names or the inline image's data
    assert [STREAM[start:end] for start, end, _, _ in shows.strings][:3] == [b"(a\\(b\\)\\\\c\\101)", b"(x)",
                                                                           b"<41 42>"]
    assert shows.word_spacing == {0.0}


def test_the_font_follows_q_and_Q() -> None:
    shows = scan(b"BT /A 1 Tf ET q BT /B 1 Tf (b) Tj ET Q BT (a) Tj ET")
    assert [(font, data) for _, _, font, data in shows.strings] == [("B", b"b"), ("A", b"a")]


def test_literal_escapes() -> None:
    assert literal(b"\\n\\r\\t\\b\\f\\(\\)\\\\\\0\\01\\101\\1012\\\nz\\q") == b"\n\r\t\b\f()\\\x00\x01AA2zq"


def test_splice_keeps_every_other_byte() -> None:
    shows = scan(STREAM)
    edits = [(start, end, b"<0001>") for start, end, _, _ in shows.strings]
    out = splice(STREAM, edits)
    again = scan(out)
    assert [data for _, _, _, data in again.strings] == [b"\x00\x01"] * 6
    assert out.replace(b"<0001>", b"") == splice(STREAM, [(s, e, b"") for s, e, _ in edits])


def test_word_spacing_is_found() -> None:
    assert scan(b"BT /A 1 Tf 2.5 Tw (a b) Tj 1 0 (c d) \" ET").word_spacing == {2.5, 1.0}


# ------------------------------------------------------------------ the rewrite of a ReportLab PDF

def _mincho_text() -> str:
    """About 380 characters the vendored Mincho has: two of ReportLab's 256-glyph subsets and more."""
    font = ttsubset.load(load_fonts()["mincho"].path)
    kana = [chr(c) for c in range(0x3041, 0x3097)]
    kanji = sorted(chr(c) for c in font.best_cmap(set(range(0x4E00, 0x5200))))[:300]
    return "".join(kana + kanji)


def _canvas(out: io.BytesIO) -> Canvas:
    """A ReportLab canvas with the two test faces registered, starting in Mincho (no Helvetica, as seika's)."""
    for name, path in (("TestMincho", load_fonts()["mincho"].path), ("TestDejaVu", DEJAVU)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(ReportLabTTFont(name, str(path)))
    return Canvas(out, pagesize=(600, 800), invariant=1, initialFontName="TestMincho")


def _reportlab_pdf() -> bytes:
    out = io.BytesIO()
    canvas = _canvas(out)
    canvas.beginForm("label")
    canvas.setFont("TestDejaVu", 9)
    canvas.drawString(10, 10, "Café résumé — form")
    canvas.endForm()
    text = _mincho_text()
    canvas.setFont("TestMincho", 10)
    for row in range(0, len(text), 40):
        canvas.drawString(20, 760 - row // 2, text[row:row + 40])
    canvas.saveState()
    canvas.setFont("TestDejaVu", 11)
    canvas.drawString(20, 300, "Proportional Latin: Wimbledon, 2,371 ÅÉÎÕÜ ﬁ (é)")
    canvas.restoreState()
    canvas.drawString(20, 280, "あいう")
    canvas.doForm("label")
    canvas.showPage()
    canvas.setFont("TestMincho", 10)
    canvas.drawString(20, 700, text[:30])
    canvas.doForm("label")
    canvas.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:   # a TJ and a marked-content span, as seika draws
        page = pdf.pages[0]
        page.contents_coalesce()
        name = next(str(k) for k, f in page.obj.Resources.Font.items() if str(f.BaseFont).endswith("DejaVuSans")
                    and str(k).endswith("+0"))
        page.obj.Contents.write(page.obj.Contents.read_bytes() + (
            f"\nBT /Span <</ActualText <FEFF00410042>>> BDC 1 0 0 1 20 200 Tm {name} 10 Tf "
            "[(A) -120 (B)] TJ EMC ET\n").encode())
        saved = io.BytesIO()
        pdf.save(saved)
        return saved.getvalue()


@pytest.fixture()
def dejavu_vendored(monkeypatch: pytest.MonkeyPatch) -> None:
    faces = dict(cidfonts._vendored_by_name())
    faces[ttsubset.postscript_name(DEJAVU)] = DEJAVU
    monkeypatch.setattr(cidfonts, "_vendored_by_name", lambda: faces)


def _converted(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        cidfonts.to_cid_fonts(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _chars(data: bytes) -> list[tuple[str, float, float, float, str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(c["text"], round(c["x0"], 4), round(c["x1"], 4), round(c["top"], 4), c["fontname"].split("+")[1])
                for page in pdf.pages for c in page.chars]


def _operators(data: bytes) -> list[list[tuple[str, str]]]:
    """Per page and form, each operator with its operands, the Tf font and shown strings left out."""
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        owners = [page.obj for page in pdf.pages] + [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                                                     and o.get("/Subtype") == "/Form"]
        for owner in owners:
            rows = []
            for op in pikepdf.parse_content_stream(owner):
                kept = [] if str(op.operator) in ("Tj", "TJ", "'", '"', "Tf") else list(op.operands)
                rows.append((str(op.operator), pikepdf.unparse_content_stream([(kept, pikepdf.Operator("n"))])
                             .decode("latin-1")))
            out.append(rows)
    return out


def _assert_same_glyphs(font: pikepdf.Dictionary, path: Path) -> None:
    """Each CID draws the source font's glyph for its ToUnicode character (composites resolved)."""
    source = FontToolsFont(path)
    cmap, glyf, hmtx = source.getBestCmap(), source["glyf"], source["hmtx"]
    cid = font.DescendantFonts[0]
    program = FontToolsFont(io.BytesIO(cid.FontDescriptor.FontFile2.read_bytes()))
    order, sub_glyf = program.getGlyphOrder(), program["glyf"]
    to_gid = cid.CIDToGIDMap.read_bytes()
    text = parse_to_unicode(font.ToUnicode.read_bytes())
    composites = 0
    for n, ch in text.items():
        ours = order[int.from_bytes(to_gid[2 * n:2 * n + 2], "big")]
        composites += sub_glyf[ours].isComposite()
        assert program["hmtx"][ours] == hmtx[cmap[ord(ch)]]
        a, b = sub_glyf[ours].getCoordinates(sub_glyf), glyf[cmap[ord(ch)]].getCoordinates(glyf)
        assert (list(a[0]), a[1], list(a[2])) == (list(b[0]), b[1], list(b[2])), ch
    assert composites


def test_each_face_becomes_one_cid_font_with_the_same_text_in_the_same_places(dejavu_vendored: None) -> None:
    before = _reportlab_pdf()
    after = _converted(before)
    with pikepdf.open(io.BytesIO(before)) as pdf:
        simple = {str(f.BaseFont) for f in pdf.objects if isinstance(f, pikepdf.Dictionary)
                  and f.get("/Subtype") == "/TrueType"}
        assert sum(1 for name in simple if name.endswith("Mincho-Regular")) >= 2   # several subsets
    with pikepdf.open(io.BytesIO(after)) as pdf:
        fonts = [f for f in pdf.objects if isinstance(f, pikepdf.Dictionary) and f.get("/Type") == "/Font"
                 and f.get("/Subtype") != "/CIDFontType2"]
        assert sorted(str(f.BaseFont).split("+")[1] for f in fonts) == ["BIZUDMincho-Regular", "DejaVuSans"]
        assert all(f.Subtype == "/Type0" and f.Encoding == "/Identity-H" for f in fonts)
        assert _cid_fonts(pdf) == []
        dejavu = next(f for f in fonts if str(f.BaseFont).endswith("DejaVuSans"))
        widths = dejavu.DescendantFonts[0].W
        assert any(isinstance(w, pikepdf.Array) and any(float(v) != int(float(v)) for v in w) for w in widths)
        _assert_same_glyphs(dejavu, DEJAVU)
    assert _chars(after) == _chars(before)
    assert "".join(c[0] for c in _chars(after)).count("Café résumé — form") == 2
    assert _operators(after) == _operators(before)
    assert _converted(before) == after     # identical input, identical bytes


def test_word_spacing_on_a_space_is_refused(dejavu_vendored: None) -> None:
    out = io.BytesIO()
    canvas = _canvas(out)
    text = canvas.beginText(20, 700)
    text.setFont("TestDejaVu", 10)
    text.setWordSpace(3)
    text.textLine("two words")
    canvas.drawText(text)
    canvas.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf, pytest.raises(ValueError, match="word spacing"):
        cidfonts.to_cid_fonts(pdf)


def test_a_face_that_is_not_vendored_is_refused() -> None:
    out = io.BytesIO()
    canvas = _canvas(out)
    canvas.setFont("TestDejaVu", 10)
    canvas.drawString(20, 700, "DejaVu")
    canvas.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf, pytest.raises(ValueError, match="not one of the vendored"):
        cidfonts.to_cid_fonts(pdf)
