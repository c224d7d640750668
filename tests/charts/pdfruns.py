"""Test helpers: the text the chart forms of a built PDF show, one text-showing operator at a time.

In: a PDF path. Out: a `Shown` per Tj/TJ/'/" inside a chart-<id> form XObject (or a form it paints): its
text (through the font's ToUnicode), font, effective size, its origin and advance on the page (the font's
widths, Tc, Tw, Tz and TJ adjustments through the text matrix and the CTM: the page's at the form's `Do`,
the form's /Matrix and every `cm` inside it) and the /ActualText of the marked-content span around it;
and `mark_problems`, every marked-content span in a chart form that is not balanced inside one text
object and one q/Q level. Simple (single-byte) fonts and Type0 fonts (two-byte codes, /W) are read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(a: Matrix, b: Matrix) -> Matrix:
    """a × b, PDF's row-vector convention (a applies first)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def floats(operands: object) -> Matrix:
    return tuple(float(v) for v in operands)  # type: ignore[attr-defined, return-value]


@dataclass(frozen=True)
class Shown:
    """One text-showing operator inside a chart form."""

    chart: str
    page: int
    text: str
    font: str
    size: float         # effective: Tf size × |text matrix × CTM| along the glyphs' vertical
    width_scale: float  # the same along the baseline (equal to `size` unless something squeezes the text)
    x: float            # the origin on the page
    y: float            # the baseline's height on the page
    advance: float      # along the baseline, on the page
    span: str | None    # the /ActualText of the innermost span around it; None outside every span
    text_object: int    # the number of its BT … ET in its form (shows of one label share it)
    moved: bool         # set at a position of its own (a Tm, Td, TD, T* or BT since the show before), not
                        # just continuing it (as a show does after a font subset change)


def to_unicode(font: pikepdf.Dictionary) -> dict[bytes, str]:
    """The font's ToUnicode CMap (bfchar and bfrange) as code → text."""
    table: dict[bytes, str] = {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[bytes.fromhex(src)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width = len(lo) // 2
            start, end, first = int(lo, 16), int(hi, 16), int(dst, 16)
            for code in range(start, end + 1):
                table[code.to_bytes(width, "big")] = chr(first + code - start)
    return table


@dataclass(frozen=True)
class _Font:
    name: str
    code_bytes: int
    widths: dict[int, float]   # code → width in 1/1000 em
    default: float
    unicode: dict[bytes, str]

    def codes(self, data: bytes) -> list[bytes]:
        n = self.code_bytes
        return [data[i:i + n] for i in range(0, len(data), n)]


def _font(font: pikepdf.Dictionary) -> _Font:
    name = str(font.BaseFont)
    if font.get("/Subtype") == "/Type0":
        cid = font.DescendantFonts[0]
        widths: dict[int, float] = {}
        w = list(cid.get("/W") or [])
        i = 0
        while i < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], pikepdf.Array):
                widths.update({first + k: float(v) for k, v in enumerate(w[i + 1])})
                i += 2
            else:
                widths.update({c: float(w[i + 2]) for c in range(first, int(w[i + 1]) + 1)})
                i += 3
        return _Font(name, 2, widths, float(cid.get("/DW", 1000)), to_unicode(font))
    first = int(font.get("/FirstChar", 0))
    widths = {first + k: float(v) for k, v in enumerate(font.get("/Widths") or [])}
    missing = float((font.get("/FontDescriptor") or {}).get("/MissingWidth", 0))
    return _Font(name, 1, widths, missing, to_unicode(font))


def _actual_text(operands: list[object]) -> str | None:
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) and "/ActualText" in operands[1]:
        raw = bytes(operands[1].ActualText)
        return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return None


def _shows(stream: pikepdf.Object, resources: pikepdf.Dictionary, ctm: Matrix, chart: str,
           page: int) -> Iterator[Shown]:
    stack: list[Matrix] = []
    spans: list[str | None] = []
    tm = tlm = IDENTITY
    size = leading = char_space = word_space = 0.0
    scale = 1.0
    font: _Font | None = None
    fonts = resources.get("/Font") or {}
    loaded: dict[str, _Font] = {}
    text_object = 0
    moved = True
    for operands, op in pikepdf.parse_content_stream(stream):
        name = str(op)
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            ctm = stack.pop()
        elif name == "cm":
            ctm = mul(floats(operands), ctm)
        elif name == "BT":
            tm = tlm = IDENTITY
            text_object += 1
            moved = True
        elif name in ("BDC", "BMC"):
            spans.append(_actual_text(list(operands)) if name == "BDC" else None)
        elif name == "EMC":
            spans.pop()
        elif name == "Tf":
            key = str(operands[0])
            if key not in loaded:
                loaded[key] = _font(fonts[key])
            font, size = loaded[key], float(operands[1])
        elif name == "TL":
            leading = float(operands[0])
        elif name == "Tc":
            char_space = float(operands[0])
        elif name == "Tw":
            word_space = float(operands[0])
        elif name == "Tz":
            scale = float(operands[0]) / 100
        elif name == "Tm":
            tm = tlm = floats(operands)
            moved = True
        elif name in ("Td", "TD"):
            if name == "TD":
                leading = -float(operands[1])
            tm = tlm = mul((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])), tlm)
            moved = True
        elif name in ("T*", "'", '"'):
            if name == '"':
                word_space, char_space = float(operands[0]), float(operands[1])
            tm = tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            moved = True
        if name in ("Tj", "TJ", "'", '"'):
            assert font is not None, f"chart {chart}: text shown before a font is set"
            items = list(operands[0]) if name == "TJ" else [operands[-1]]
            text, dx = "", 0.0
            for item in items:
                if isinstance(item, pikepdf.String):
                    for code in font.codes(bytes(item)):
                        text += font.unicode.get(code, "\ufffd")
                        glyph = font.widths.get(int.from_bytes(code, "big"), font.default) / 1000 * size
                        dx += (glyph + char_space + (word_space if code == b" " else 0.0)) * scale
                else:
                    dx -= float(item) / 1000 * size * scale
            m = mul(tm, ctm)
            yield Shown(chart, page, text, font.name, size * math.hypot(m[2], m[3]), size * math.hypot(m[0], m[1]),
                        m[4], m[5], dx * math.hypot(m[0], m[1]), spans[-1] if spans else None, text_object,
                        moved)
            tm = mul((1.0, 0.0, 0.0, 1.0, dx, 0.0), tm)
            moved = False
        elif name == "Do":
            xobject = (resources.get("/XObject") or {})[str(operands[0])]
            if xobject.get("/Subtype") == "/Form":
                inner = mul(floats(xobject.get("/Matrix", IDENTITY)), ctm)
                match = re.search(r"chart-(\w+)", str(operands[0]))
                yield from _shows(xobject, xobject.get("/Resources", resources), inner,
                                  match[1] if match else chart, page)


def runs(shows: list[Shown]) -> list[Shown]:
    """The shows joined into runs: a show that continues the one before it (same text object, no positioning
    between them, as after a font subset change) is part of its run."""
    out: list[Shown] = []
    for s in shows:
        last = out[-1] if out else None
        if last and not s.moved and (last.page, last.chart, last.text_object) == (s.page, s.chart, s.text_object):
            out[-1] = Shown(last.chart, last.page, last.text + s.text, last.font, last.size, last.width_scale,
                            last.x, last.y, last.advance + s.advance, last.span, last.text_object, last.moved)
        else:
            out.append(s)
    return out


def chart_shows(path: Path) -> list[Shown]:
    """Every text-showing operator drawn inside a chart-<id> form anywhere in the PDF, in stream order."""
    shows: list[Shown] = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            shows += [s for s in _shows(page.obj, page.obj.Resources, IDENTITY, "", number) if s.chart]
    return shows


def chart_forms(path: Path) -> list[tuple[str, bytes, list[str]]]:
    """(name, decoded content, its operators) of every chart-<id> form XObject of every page, once each."""
    seen: set[tuple[int, int]] = set()
    forms = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for name, xobject in (page.obj.Resources.get("/XObject") or {}).items():
                if "chart-" in str(name) and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    forms.append((str(name), xobject.read_bytes(),
                                  [str(op) for _, op in pikepdf.parse_content_stream(xobject)]))
    return forms


def mark_problems(name: str, operators: list[str]) -> list[str]:
    """Every marked-content span of a form's content that opens and closes at different q/Q depths or on
    different sides of a BT/ET, or is left open at the end (or closes one never opened)."""
    problems: list[str] = []
    depth, in_text = 0, False
    opened: list[tuple[int, bool]] = []
    for operator in operators:
        if operator == "q":
            depth += 1
        elif operator == "Q":
            depth -= 1
            if opened and depth < opened[-1][0]:
                problems.append(f"{name}: a Q closes the q a span opened in")
        elif operator == "BT":
            in_text = True
        elif operator == "ET":
            if opened and opened[-1][1]:
                problems.append(f"{name}: an ET ends the text object a span opened in")
            in_text = False
        elif operator in ("BDC", "BMC"):
            opened.append((depth, in_text))
        elif operator == "EMC":
            if not opened:
                problems.append(f"{name}: an EMC closes no span")
                continue
            start = opened.pop()
            if start != (depth, in_text):
                problems.append(f"{name}: a span opened at q depth {start[0]} (in text: {start[1]}) closes at "
                                f"{depth} (in text: {in_text})")
    if opened:
        problems.append(f"{name}: {len(opened)} span(s) left open")
    return problems
