"""The output profiles read back from the PDF: print (PDF/X-1a, boxes, トンボ, CMYK, no transparency or
annotations), screen (size, outline open, links), archive (PDF/A-3 identification, attachments, byte-identical
rebuilds, rebuild from the attachments alone), and the preflight on deliberately wrong PDFs."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

import render
from layout.geometry import MM
from layout.output.preflight import preflight
from tests.pdfread import ParsedPage, ParsedPdf, parse_pdf

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
TRIM_PT = {"a4": (595.28, 841.89), "b5": (515.91, 728.50), "a5": (419.53, 595.28)}
BLEED_PT = 8.50
REGISTRATION = [1.0, 1.0, 1.0, 1.0]


def test_three_profiles_make_one_draft_and_one_final_layout(build_pdf, second_build) -> None:  # type: ignore[no-untyped-def]
    """`build --profile all` lays the booklet out once (a draft and a final pass) and emits print, screen and
    archive from it: counted by layout.document.LAYOUT_PASSES around the session's A4 build, and around the
    bare command (the same three profiles)."""
    for profile in ("print", "screen", "archive"):
        assert build_pdf("a4", profile).is_file()
    assert build_pdf.passes["a4"] == {"draft": 1, "final": 1}
    assert second_build.code == 0 and second_build.passes == {"draft": 1, "final": 1}


def boxes(page: ParsedPage) -> tuple[list[float], list[float], list[float]]:
    assert page.trimbox is not None and page.bleedbox is not None, f"page {page.number}: no TrimBox or BleedBox"
    return list(page.mediabox), list(page.trimbox), list(page.bleedbox)


@pytest.mark.parametrize("paper", sorted(TRIM_PT))
def test_print_boxes_on_every_page(paper: str, parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = parsed_pdf(paper, "print")
    assert len(pdf.pages) % 4 == 0
    for page in pdf.pages:
        media, trim, bleed = boxes(page)
        w, h = TRIM_PT[paper]
        assert abs(trim[2] - trim[0] - w) <= 0.1 and abs(trim[3] - trim[1] - h) <= 0.1
        assert all(abs(b - (t - BLEED_PT if i < 2 else t + BLEED_PT)) <= 0.1
                   for i, (b, t) in enumerate(zip(bleed, trim)))
        assert media[0] <= bleed[0] - 10 * MM and media[2] >= bleed[2] + 10 * MM  # room for the marks


def is_registration_space(space: object) -> bool:
    """The registration colour space: a Separation of /All (every plate) with a DeviceCMYK alternate."""
    return isinstance(space, tuple) and space[:3] == ("/Separation", "/All", "/DeviceCMYK")


def mark_lines(page: ParsedPage) -> list[tuple[float, float, float, float]]:
    """Line segments stroked in registration colour, in page coordinates: C=M=Y=K=100% in DeviceCMYK, or
    tint 1 of the Separation /All."""
    lines, colour, ctm, stack, start = [], None, [1, 0, 0, 1, 0, 0], [], None
    space: object = "/DeviceCMYK"
    for operands, name in page.ops:
        if name == "q":
            stack.append((ctm, colour, space))
        elif name == "Q":
            ctm, colour, space = stack.pop()
        elif name == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            ctm = [a * ctm[0] + b * ctm[2], a * ctm[1] + b * ctm[3], c * ctm[0] + d * ctm[2],
                   c * ctm[1] + d * ctm[3], e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]]
        elif name == "K":
            colour, space = [float(v) for v in operands], "/DeviceCMYK"
        elif name == "CS":
            space, colour = page.colour_spaces.get(operands[0], operands[0]), None
        elif name in ("SC", "SCN"):
            tint = [float(v) for v in operands if isinstance(v, (int, float))]
            colour = REGISTRATION if is_registration_space(space) and tint == [1.0] else tint
        elif name == "m":
            start = (float(operands[0]) + ctm[4], float(operands[1]) + ctm[5])
        elif name == "l" and colour == REGISTRATION and start is not None:
            lines.append((*start, float(operands[0]) + ctm[4], float(operands[1]) + ctm[5]))
    return lines


def test_print_marks_double_tombo_and_centre_marks_outside_the_bleed(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = parsed_pdf("a4", "print")
    for number in (0, 1, len(pdf.pages) - 1):
        page = pdf.pages[number]
        _, trim, bleed = boxes(page)
        lines = mark_lines(page)
        for x0, y0, x1, y1 in lines:  # every mark lies outside the BleedBox (at most touching its edge)
            inside_x = bleed[0] + 0.01 < max(x0, x1) and min(x0, x1) < bleed[2] - 0.01
            inside_y = bleed[1] + 0.01 < max(y0, y1) and min(y0, y1) < bleed[3] - 0.01
            assert not (inside_x and inside_y), f"p{number + 1}: mark {x0, y0, x1, y1} inside the BleedBox"
        verticals = [ln for ln in lines if abs(ln[0] - ln[2]) < 0.01]
        horizontals = [ln for ln in lines if abs(ln[1] - ln[3]) < 0.01]
        for x_trim, x_sign in ((trim[0], -1), (trim[2], 1)):
            for y_edge, y_sign in ((bleed[1], -1), (bleed[3], 1)):
                pair = sorted({round(ln[0], 2) for ln in verticals
                               if abs(min(ln[1], ln[3]) - y_edge) < 0.5 or abs(max(ln[1], ln[3]) - y_edge) < 0.5
                               if -0.01 <= (ln[0] - x_trim) * x_sign <= 3 * MM + 0.01})
                assert len(pair) == 2 and abs(pair[1] - pair[0] - 3 * MM) < 0.05, f"corner {x_trim},{y_edge}"
        for y_trim, y_sign in ((trim[1], -1), (trim[3], 1)):
            for x_edge in (bleed[0], bleed[2]):
                pair = sorted({round(ln[1], 2) for ln in horizontals
                               if min(abs(ln[0] - x_edge), abs(ln[2] - x_edge)) < 0.5
                               if -0.01 <= (ln[1] - y_trim) * y_sign <= 3 * MM + 0.01})
                assert len(pair) == 2 and abs(pair[1] - pair[0] - 3 * MM) < 0.05
        cx, cy = (trim[0] + trim[2]) / 2, (trim[1] + trim[3]) / 2
        centre_v = [ln for ln in verticals if abs(ln[0] - cx) < 0.01]
        centre_h = [ln for ln in horizontals if abs(ln[1] - cy) < 0.01]
        assert len(centre_v) == 2 and len(centre_h) == 2  # one centre mark on each of the 4 sides


def content_streams(pdf: ParsedPdf):  # type: ignore[no-untyped-def]
    """(operators, colour space resources) of every page and of every form XObject a page's resources hold."""
    for page in pdf.pages:
        yield page.ops, page.colour_spaces
        for form in page.forms.values():
            yield form.ops, form.colour_spaces


def non_cmyk_paints(ops, spaces) -> list[str]:  # type: ignore[no-untyped-def]
    """Colour operators of one stream that are not DeviceCMYK: RGB and Gray always; a colour space chosen
    with cs/CS and painted with sc/scn/SC/SCN unless it is the registration Separation /All (the marks)."""
    found, fill, stroke, stack = [], None, None, []
    for operands, op in ops:
        if op == "q":
            stack.append((fill, stroke))
        elif op == "Q" and stack:
            fill, stroke = stack.pop()
        elif op in ("rg", "RG", "g", "G"):
            found.append(op)
        elif op in ("cs", "CS"):
            space = spaces.get(operands[0], operands[0])
            if not is_registration_space(space):
                found.append(f"{op} {operands[0]}")
            fill, stroke = (space, stroke) if op == "cs" else (fill, space)
        elif op in ("sc", "scn", "SC", "SCN") and not is_registration_space(fill if op in ("sc", "scn") else stroke):
            found.append(op)
    return found


def test_print_is_cmyk_opaque_without_annotations(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", "print")
    ops = [op for stream, _ in content_streams(parsed) for _, op in stream]
    assert not [bad for stream, spaces in content_streams(parsed) for bad in non_cmyk_paints(stream, spaces)]
    assert ops.count("k") + ops.count("K") > 100
    assert all(page.annots is None for page in parsed.pages)
    with pikepdf.open(parsed.path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert not any(k in obj and float(obj[k]) < 1 for k in ("/ca", "/CA"))
                assert "/SMask" not in obj
        assert "/Outlines" in pdf.Root  # the outline stays
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "JC200103"
        assert str(intent.RegistryName) == "http://www.color.org" and "/DestOutputProfile" not in intent
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-1a:2003" and info.Trapped == pikepdf.Name("/False")
        assert str(info.CreationDate).startswith("D:20261127") and pdf.pdf_version == "1.4"


def test_print_renders_in_ghostscript_and_passes_qpdf_check(build_pdf) -> None:  # type: ignore[no-untyped-def]
    path = build_pdf("a4", "print")
    gs = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(path)],
                        capture_output=True, text=True, timeout=300)
    assert gs.returncode == 0 and "Error" not in gs.stdout + gs.stderr, gs.stderr[-500:]
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=300)
    assert check.returncode == 0 and "No syntax or stream encoding errors found" in check.stdout, check.stdout[-500:]
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []


def test_screen_is_small_and_opens_on_the_outline(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_pdf("a4", "screen")
    assert parsed.path.stat().st_size <= 1_200_000
    with pikepdf.open(parsed.path) as pdf:
        assert pdf.Root.PageMode == "/UseOutlines" and "/Outlines" in pdf.Root
    ops = {op for stream, _ in content_streams(parsed) for _, op in stream}
    assert "k" not in ops and "rg" in ops  # RGB, no CMYK
    assert sum(page.annots or 0 for page in parsed.pages) > 200


def attachments(path: Path) -> dict[str, bytes]:
    with pikepdf.open(path) as pdf:
        specs = list(pdf.Root.AF)
        names = pdf.Root.Names.EmbeddedFiles.Names
        assert len(names) == 2 * len(specs)
        for spec in specs:
            assert str(spec.AFRelationship) in ("/Source", "/Data", "/Supplement")
            assert "/Subtype" in spec.EF.F
        return {str(spec.UF): spec.EF.F.read_bytes() for spec in specs}


def test_archive_identification_and_attachments(build_pdf) -> None:  # type: ignore[no-untyped-def]
    path = build_pdf("a4", "archive")
    with pikepdf.open(path) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert "/Encrypt" not in pdf.trailer
    files = attachments(path)
    manifest = json.loads(files["seika-build-manifest.json"])
    assert {"report.yaml", "errata.yaml", "seed/000_7cc8ce592ec62522.txt", "constraints.txt"} <= set(files)
    assert sum(1 for n in files if n.startswith("sections/")) == 8
    for name, digest in manifest["content"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert set(manifest["dependencies"]) >= {"reportlab", "matplotlib", "pyyaml", "fonttools", "pikepdf"}
    assert manifest["python"] and manifest["seika"] and len(manifest["fonts"]) >= 3
    assert f"reportlab=={manifest['dependencies']['reportlab']}" in files["constraints.txt"].decode()


def test_archive_is_byte_identical_and_rebuilds_from_its_attachments(build_pdf, second_build,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    first = build_pdf("a4", "archive")
    assert second_build.code == 0, second_build.stderr  # the bundled edition built again, in another folder
    again = second_build.path("archive")
    assert again.read_bytes() == first.read_bytes()
    edition = tmp_path / "extracted"
    for name, data in attachments(first).items():
        target = edition / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    rebuilt = tmp_path / "rebuilt.pdf"
    assert render.main(["build", str(edition), "--profile", "archive", "-o", str(rebuilt)]) == 0
    assert rebuilt.read_bytes() == first.read_bytes()


# ------------------------------------------------------------------ the preflight on deliberately wrong PDFs

@pytest.fixture(scope="module")
def good_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "tiny-print.pdf"
    assert render.main(["build", str(TINY), "--profile", "print", "-o", str(path)]) == 0
    return path


def spoil(good: Path, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as pdf:
        change(pdf)
        pdf.save(bad)
    return bad


def add_content(pdf: pikepdf.Pdf, code: bytes) -> None:
    page = pdf.pages[1]
    page.contents_add(pikepdf.Stream(pdf, code), prepend=False)


def _annotate(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120])]))


def _transparent(pdf: pikepdf.Pdf) -> None:
    gs = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5))
    pdf.pages[1].obj.Resources.ExtGState = pikepdf.Dictionary(GS9=gs)
    add_content(pdf, b"q /GS9 gs 0 0 0 1 k 100 100 50 50 re f Q")


def _unsubset(pdf: pikepdf.Pdf) -> None:
    for font in pdf.pages[1].obj.Resources.Font.values():
        font.BaseFont = pikepdf.Name("/" + str(font.BaseFont).split("+", 1)[1])


def _inline_transparency(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.Resources.ExtGState = pikepdf.Dictionary(GS8=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState,
                                                                                      CA=0.4))
    add_content(pdf, b"q /GS8 gs 0 0 0 1 K 100 100 m 200 200 l S Q")


def _icc_rgb(pdf: pikepdf.Pdf) -> None:
    icc = pikepdf.Stream(pdf, b"\0" * 128)
    icc.N = 3
    pdf.pages[1].obj.Resources.ColorSpace = pikepdf.Dictionary(CS7=pikepdf.Array([pikepdf.Name.ICCBased, icc]))
    add_content(pdf, b"q /CS7 cs 1 0 0 sc 100 100 50 50 re f Q")


SPOILERS = {
    "transparency written inline": (_inline_transparency, "透明効果なし"),
    "RGB through an ICC colour space": (_icc_rgb, "CMYK のみ"),
    "ink over 300% through sc": (lambda pdf: add_content(pdf, b"q /DeviceCMYK cs 1 1 1 1 sc 100 100 50 50 re f Q"),
                                 "総インキ量 300%"),
    "RGB colour": (lambda pdf: add_content(pdf, b"q 1 0 0 rg 100 100 50 50 re f Q"), "CMYK のみ"),
    "missing bleed": (lambda pdf: pdf.pages[2].obj.__delitem__("/BleedBox"), "仕上がり・塗り足し"),
    "font not subset": (_unsubset, "フォントのサブセット化"),
    "page count of 5": (lambda pdf: [pdf.pages.__delitem__(-1) for _ in range(len(pdf.pages) - 5)],
                        "ページ数（中綴じ）"),
    "transparency": (_transparent, "透明効果なし"),
    "annotation": (_annotate, "注釈なし"),
    "ink over 300%": (lambda pdf: add_content(pdf, b"q 1 1 1 0.5 k 100 100 50 50 re f Q"), "総インキ量 300%"),
    "missing OutputIntent": (lambda pdf: pdf.Root.__delitem__("/OutputIntents"), "出力インテント"),
}


def test_preflight_passes_a_good_print_pdf(good_print: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main(["preflight", str(good_print), "--profile", "print"]) == 0
    assert "合格" in capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(SPOILERS))
def test_preflight_reports_a_wrong_pdf(case: str, good_print: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    change, rule = SPOILERS[case]
    bad = spoil(good_print, tmp_path, change)
    assert render.main(["preflight", str(bad), "--profile", "print"]) == 1
    out = capsys.readouterr().out
    assert "不合格" in out and rule in out, out


def test_preflight_reports_a_font_that_is_not_embedded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(100, 100, "not embedded")
    canvas.save()
    assert render.main(["preflight", str(path), "--profile", "screen"]) == 1
    assert "Helvetica is not embedded" in capsys.readouterr().out


def test_preflight_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("not a pdf")
    assert render.main(["preflight", str(path)]) == 2
    assert "not a readable PDF" in capsys.readouterr().err


def test_build_does_not_rename_an_output_with_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from layout.output import preflight as module

    real = module.preflight
    monkeypatch.setattr(module, "preflight", lambda path, profile: real(path, profile) + [
        module.Finding("テスト", "a planted finding")])
    target = tmp_path / "out.pdf"
    assert render.main(["build", str(TINY), "--profile", "print", "-o", str(target)]) == 1
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert "a planted finding" in capsys.readouterr().err


def test_preflight_is_not_fooled_by_marks(good_print: Path) -> None:
    """The registration-colour marks (400%) lie outside the BleedBox, so they are exempt."""
    assert any(mark_lines(page) for page in parse_pdf(good_print).pages)
    assert preflight(good_print, "print") == []


def test_every_profile_has_the_same_pagination(parsed_pdf) -> None:  # type: ignore[no-untyped-def]
    pages = {name: [(e.title, e.page) for e in parsed_pdf("a4", name).outline]
             for name in ("print", "screen", "archive")}
    assert len(pages["screen"]) == 8 + 170 + 5  # sections, pledges, highlights, charts, contents, status index, colophon
    assert pages["print"] == pages["screen"] == pages["archive"]
    counts = {name: len(parsed_pdf("a4", name).pages) for name in pages}
    assert len(set(counts.values())) == 1 and counts["screen"] % 4 == 0


def test_preflight_encrypted_pdf_exits_2(good_print: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(good_print) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    assert render.main(["preflight", str(locked)]) == 2
    err = capsys.readouterr().err
    assert "encrypted" in err and "Traceback" not in err
