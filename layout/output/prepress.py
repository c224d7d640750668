"""Output stage: prepress objects a print shop's preflight asks about, added to or fixed in the laid-out PDF.

In: an open pikepdf `Pdf` in emit. Out: the same `Pdf` with
- `add_overprint_states`: the four ExtGStates that `layout.output.colour` names for the overprint of K100
  (/op for fills and text, /OP for strokes, /OPM 1), added to the resources of a page or form that uses them;
- `add_registration_space`: the registration colour of the トンボ, [/Separation /All /DeviceCMYK f] with the
  Type 2 function f(t) = C=M=Y=K=t, as the colour space resource `layout.output.marks.REGISTRATION_SPACE`;
- `retag_subsets`: each embedded font subset named with a tag derived from its font program (the glyphs it
  holds) and the font's name (`subset_tag`), instead of ReportLab's AAAAAA+, AAAAAB+ … (the same in every
  build, so two builds merged by a shop could collide), in /BaseFont, /FontName and the ToUnicode CMap;
- `drop_empty_trans`: no empty /Trans (page transition) dictionary, which ReportLab writes on every page.
The preflight (`layout.output.preflight`) checks each of these with `subset_tag` and `reportlab_tag`.
"""

from __future__ import annotations

import hashlib
import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from layout.output.colour import OVERPRINT_STATES
from layout.output.marks import REGISTRATION_ALTERNATE, REGISTRATION_SPACE

_TAGGED = re.compile(r"^/([A-Z]{6})\+(.+)$")
_REPORTLAB_LETTERS = frozenset("ABCDEFGIJK")  # ReportLab's SUBSETN: the subset number's digits 0–9 as letters
FONT_FILES = ("/FontFile2", "/FontFile", "/FontFile3")


def reportlab_tag(tag: str) -> bool:
    """Whether a tag belongs to ReportLab's default sequence (AAAAAA, AAAAAB … the subset number in the
    letters A–K without H); `subset_tag` never makes one."""
    return len(tag) == 6 and set(tag) <= _REPORTLAB_LETTERS


def subset_tag(font_name: str, program: bytes, attempt: int = 0) -> str:
    """Six uppercase letters from sha256 of the font's name (without a tag) and its embedded program: the
    same for the same subset, different for a different one. `attempt` > 0 gives the next tag of the same
    font, for the rare case of two different subsets of one font whose first tags collide in one file.
    Tags of ReportLab's default sequence are skipped, so a derived tag never looks like one."""
    salt = 0
    found = -1
    while True:
        digest = hashlib.sha256(b"seika subset tag\0" + font_name.encode("utf-8") + b"\0"
                                + salt.to_bytes(4, "big") + program).digest()
        value = int.from_bytes(digest[:16], "big")
        letters = []
        for _ in range(6):
            value, rest = divmod(value, 26)
            letters.append(chr(ord("A") + rest))
        tag = "".join(letters)
        salt += 1
        if reportlab_tag(tag):
            continue
        found += 1
        if found == attempt:
            return tag


def split_tag(base_font: str) -> tuple[str, str] | None:
    """(tag, name) of a subset font's /BaseFont such as /AAAAAA+BIZUDMincho-Regular; None if untagged."""
    match = _TAGGED.match(base_font)
    return (match[1], match[2]) if match else None


def font_program(font: pikepdf.Dictionary) -> tuple[pikepdf.Dictionary, bytes] | None:
    """A font's descriptor (its own or its descendant's) and the decoded bytes of its embedded program."""
    for candidate in [font] + list(font.get("/DescendantFonts", [])):
        descriptor = candidate.get("/FontDescriptor")
        if descriptor is None:
            continue
        for key in FONT_FILES:
            if key in descriptor:
                return descriptor, descriptor[key].read_bytes()
    return None


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
            and "/BaseFont" in obj and obj.get("/Subtype") != "/CIDFontType2" and obj.get("/Subtype") != "/CIDFontType0"]


def retag_subsets(pdf: pikepdf.Pdf) -> dict[str, str]:
    """Rename every embedded subset font by its derived tag; returns old → new /BaseFont (without the slash)."""
    renamed: dict[str, str] = {}
    taken: dict[str, bytes] = {}          # new BaseFont → the program that has it
    for font in sorted(_fonts(pdf), key=lambda f: f.objgen):
        parts = split_tag(str(font.BaseFont))
        found = font_program(font)
        if parts is None or found is None:
            continue
        descriptor, program = found
        old = str(font.BaseFont)[1:]
        attempt = 0
        while True:
            new = f"{subset_tag(parts[1], program, attempt)}+{parts[1]}"
            if taken.setdefault(new, program) == program:
                break
            attempt += 1
        renamed[old] = new
        font.BaseFont = Name("/" + new)
        for holder in font.get("/DescendantFonts", []):
            if "/BaseFont" in holder and str(holder.BaseFont)[1:].startswith(old):
                holder.BaseFont = Name("/" + new + str(holder.BaseFont)[1 + len(old):])
        if str(descriptor.get("/FontName", ""))[1:] == old:
            descriptor.FontName = Name("/" + new)
        if "/ToUnicode" in font:
            cmap = font.ToUnicode.read_bytes()
            if old.encode("ascii") in cmap:
                font.ToUnicode.write(cmap.replace(old.encode("ascii"), new.encode("ascii")))
    return renamed


def drop_empty_trans(pdf: pikepdf.Pdf) -> int:
    """Delete every page's empty /Trans dictionary; returns how many were dropped."""
    dropped = 0
    for page in pdf.pages:
        trans = page.obj.get("/Trans")
        if trans is not None and isinstance(trans, pikepdf.Dictionary) and len(trans.keys()) == 0:
            del page.obj["/Trans"]
            dropped += 1
    return dropped


class Prepress:
    """The shared objects of one PDF: the four overprint ExtGStates and the registration colour space, each
    made once (indirect) and added by name to the resources that use them."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self._states: dict[str, pikepdf.Object] = {}
        self._registration: pikepdf.Object | None = None

    def state(self, name: str) -> pikepdf.Object:
        if name not in self._states:
            fill, stroke = next(key for key, value in OVERPRINT_STATES.items() if value == name)
            self._states[name] = self.pdf.make_indirect(Dictionary(
                Type=Name.ExtGState, OP=stroke, op=fill, OPM=1))
        return self._states[name]

    def add_overprint_states(self, owner: pikepdf.Object, stream: bytes) -> None:
        """Add to `owner`'s resources the overprint ExtGStates its content `stream` names."""
        used = [name for name in OVERPRINT_STATES.values() if name.encode("ascii") + b" gs" in stream]
        if not used:
            return
        if "/Resources" not in owner:
            raise ValueError("a content stream without its own /Resources cannot be given ExtGStates")
        resources = owner.Resources
        states = resources.get("/ExtGState")
        if states is None:
            resources.ExtGState = states = Dictionary()
        for name in used:
            if name in states and states[name].objgen != self.state(name).objgen:
                raise ValueError(f"the layout already has an ExtGState named {name}")
            states[name] = self.state(name)

    def registration(self) -> pikepdf.Object:
        if self._registration is None:
            function = self.pdf.make_indirect(Dictionary(
                FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]),
                C1=Array(list(REGISTRATION_ALTERNATE)), N=1))
            self._registration = self.pdf.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK,
                                                               function]))
        return self._registration

    def add_registration_space(self, page: pikepdf.Object) -> None:
        """Add the registration colour space to a page's resources (the marks are drawn with it)."""
        resources = page.get("/Resources")
        if resources is None:
            page.Resources = resources = Dictionary()
        spaces = resources.get("/ColorSpace")
        if spaces is None:
            resources.ColorSpace = spaces = Dictionary()
        if REGISTRATION_SPACE in spaces and spaces[REGISTRATION_SPACE].objgen != self.registration().objgen:
            raise ValueError(f"the layout already has a colour space named {REGISTRATION_SPACE}")
        spaces[REGISTRATION_SPACE] = self.registration()
