"""Output stage: one laid-out booklet → the finished PDF of one profile, without laying it out again.

In: `LaidOut` from `layout.document.layout_booklet` (profile-neutral: palette RGB, trim-sized pages in trim
coordinates, full-bleed artwork already run BLEED past the trim, every link and destination), the `Report`
and a `Profile`. Out: that profile's PDF bytes. What a profile may change, and nothing else:
- the colour model: print maps every colour operator to its palette CMYK (`layout.output.colour`), with
  K100 overprinting (ExtGStates from `layout.output.prepress`);
- the page boxes: print puts the trim on a larger media (the slug) with TrimBox and BleedBox, moving the
  page content and the outline's destinations by the slug;
- the marks: print draws the トンボ around the trim (`layout.output.marks`) in the registration colour, the
  Separation /All;
- the links: a profile without links loses its annotations (the outline stays);
- the source text of spaced runs: a PDF 1.4 profile turns the /ActualText spans into bare spans;
- the finishing (`layout.output.finish`) and the way the file is saved.
In every profile each face's simple TrueType subsets become one CID-keyed font (`layout.output.cidfonts`),
the font subsets are named by tags derived from their glyphs and the empty /Trans dictionaries are dropped
(`layout.output.prepress`).
The pagination, the text and its positions on the trim are the layout's, the same in every profile.
"""

from __future__ import annotations

import io
from functools import lru_cache

import pikepdf
from pikepdf import Array, Name

from content.model import Report
from layout.document import LaidOut
from layout.geometry import BLEED
from layout.marked import strip_actual_text
from layout.output.cidfonts import to_cid_fonts
from layout.output.colour import rgb_to_cmyk
from layout.output.finish import finish
from layout.output.marks import marks_operators
from layout.output.prepress import Prepress, drop_empty_trans, retag_subsets
from layout.output.profiles import Profile


def _forms(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> list[pikepdf.Stream]:
    """The form XObjects reachable from a resource dictionary, each once."""
    out = []
    for xobj in (resources.get("/XObject") or {}).values():
        if xobj.get("/Subtype") != "/Form" or xobj.objgen in seen:
            continue
        seen.add(xobj.objgen)
        out.append(xobj)
        if "/Resources" in xobj:
            out += _forms(xobj.Resources, seen)
    return out


def _to_cmyk(pdf: pikepdf.Pdf, prepress: Prepress, overprint: bool) -> None:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        page.contents_coalesce()
        stream = page.obj.Contents
        data = rgb_to_cmyk(stream.read_bytes(), f"page {number}", overprint)
        stream.write(data)
        prepress.add_overprint_states(page.obj, data)
        for form in _forms(page.obj.get("/Resources") or {}, seen):
            data = rgb_to_cmyk(form.read_bytes(), f"page {number} form", overprint, form=True)
            form.write(data)
            prepress.add_overprint_states(form, data)


def _strip_actual_text(pdf: pikepdf.Pdf) -> None:
    """Reduce every /ActualText span to a bare `/Span BMC` (PDF 1.4 has no /ActualText in marked content)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        page.contents_coalesce()
        streams = [page.obj.Contents] + _forms(page.obj.get("/Resources") or {}, seen)
        for stream in streams:
            data = stream.read_bytes()
            stripped = strip_actual_text(data)
            if stripped != data:
                stream.write(stripped)


def _shift_dest(dest: pikepdf.Object, dx: float, dy: float) -> None:
    """Move an explicit /XYZ destination [page /XYZ left top zoom] by (dx, dy)."""
    if isinstance(dest, Array) and len(dest) >= 4 and dest[1] == Name.XYZ:
        left, top = dest[2], dest[3]
        if left is not None:
            dest[2] = float(left) + dx
        if top is not None:
            dest[3] = float(top) + dy


def _outline_items(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    items, stack = [], []
    outlines = pdf.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        stack.append(outlines.First)
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if item.objgen in seen:
            continue
        seen.add(item.objgen)
        items.append(item)
        if "/First" in item:
            stack.append(item.First)
        if "/Next" in item:
            stack.append(item.Next)
    return items


def _place_on_media(pdf: pikepdf.Pdf, laid: LaidOut, profile: Profile, prepress: Prepress) -> None:
    """Put each trim-sized page on the profile's media: the slug on every side, TrimBox and BleedBox, the
    content and the outline's destinations moved by the slug, and the marks around the trim."""
    if profile.bleed > BLEED + 1e-6:
        raise ValueError(f"profile {profile.name} asks for {profile.bleed_mm} mm of bleed; the layout draws "
                         f"{BLEED / (72 / 25.4):.1f} mm")
    if profile.links:  # link rectangles are in trim coordinates and are not moved with the page
        raise ValueError(f"profile {profile.name}: a slug and links together are not supported")
    g, slug, bleed = laid.geometry, profile.slug, profile.bleed
    move = f"q 1 0 0 1 {slug:.4f} {slug:.4f} cm\n".encode("ascii")
    marks = marks_operators(g.width, g.height, bleed) if profile.marks else b""
    for page in pdf.pages:
        page.contents_coalesce()
        stream = page.obj.Contents
        stream.write(move + stream.read_bytes() + b"\nQ\n" + (move + marks + b"Q\n" if marks else b""))
        page.obj.MediaBox = Array([0, 0, g.width + 2 * slug, g.height + 2 * slug])
        page.obj.TrimBox = Array([slug, slug, slug + g.width, slug + g.height])
        page.obj.BleedBox = Array([slug - bleed, slug - bleed, slug + g.width + bleed, slug + g.height + bleed])
        if marks:
            prepress.add_registration_space(page.obj)
    for item in _outline_items(pdf):
        if "/Dest" in item:
            _shift_dest(item.Dest, slug, slug)
        elif "/A" in item and item.A.get("/S") == Name.GoTo:
            _shift_dest(item.A.D, slug, slug)


@lru_cache(maxsize=2)
def _cid_keyed(layout_pdf: bytes) -> bytes:
    """The laid-out PDF with each face as one CID-keyed font: profile-neutral, so made once per layout and
    shared by every profile emitted from it."""
    with pikepdf.open(io.BytesIO(layout_pdf)) as pdf:
        to_cid_fonts(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def emit(laid: LaidOut, report: Report, profile: Profile) -> bytes:
    """The finished PDF of `profile`, made from the one layout."""
    with pikepdf.open(io.BytesIO(_cid_keyed(laid.pdf))) as pdf:
        prepress = Prepress(pdf)
        if profile.overprint and not profile.cmyk:
            raise ValueError(f"profile {profile.name}: overprint needs the CMYK colour model")
        if not profile.actual_text:
            _strip_actual_text(pdf)
        if profile.cmyk:
            _to_cmyk(pdf, prepress, profile.overprint)
        if not profile.links:
            for page in pdf.pages:
                if "/Annots" in page.obj:
                    del page.obj["/Annots"]
        if profile.slug or profile.marks:
            _place_on_media(pdf, laid, profile, prepress)
        retag_subsets(pdf)
        drop_empty_trans(pdf)
        finish(pdf, report, profile)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, force_version=profile.pdf_version,
                 object_stream_mode=(pikepdf.ObjectStreamMode.generate if profile.object_streams
                                     else pikepdf.ObjectStreamMode.disable))
        return out.getvalue()
