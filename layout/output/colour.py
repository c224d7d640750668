"""Output stage: the palette's RGB → its CMYK, inside content streams, for the print profile, with the
overprint of K100 set as the colours change.

In: a content stream as the layout wrote it (ReportLab's operators; every colour is one palette entry's RGB,
set with `r g b rg|RG`, or a grey level with `v g|G`, each on a line of its own). Out: the same stream with
each such line replaced by that entry's CMYK (`c m y k k|K`), byte for byte elsewhere: text objects and
their strings are never touched. A colour that is no palette entry raises `ValueError`: the layout drew
something print could not reproduce exactly (an internal error).

Overprint (`rgb_to_cmyk(..., overprint=True)`): K100 (C=M=Y=0, K=100%: the palette's text and rules) is
printed over what lies under it (スミノセ), and every other colour knocks out. The overprint flags are part of
the graphics state, like the colours: each colour line that changes whether the fill or the stroke colour is
K100 is preceded by `/<name> gs`, naming one of the four ExtGStates of `OVERPRINT_STATES` (fill × stroke
overprint, each with /OPM 1), and the flags follow q/Q as the colours do. A form XObject inherits the
caller's state, which this stream-by-stream pass does not know, so its first colour line always sets the
state (a colour it inherits stays knockout until the form sets one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from layout.palette import PALETTE

_NUM = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
# ReportLab writes each colour operator on a line of its own ("0 .352941 1 rg"), outside text objects, and
# escapes every control byte inside strings, so a line always starts at a token boundary. A colour operator
# written any other way stays RGB, and the print preflight then refuses the file.
_COLOUR = rb"^[ \t]*" + _NUM + rb"[ \t]+(?:" + _NUM + rb"[ \t]+" + _NUM + rb"[ \t]+(rg|RG)|(g|G))[ \t]*$"
_COLOUR_LINE = re.compile(_COLOUR, re.M)
# For the overprint pass, q and Q must be followed too: a second scan finds each q or Q byte, and keeps those
# that stand alone as a token (whitespace on both sides) outside a string. ReportLab escapes "(", ")" and
# "\\" and every control byte inside a string, so a string never spans lines and ends at the first unescaped
# ")": a token lies inside one when its line up to it, without its complete strings, still holds a "(".
# (Two plain scans merged by position are faster than one scan of an alternation.)
_Q = re.compile(rb"[qQ]")
_STRING = re.compile(rb"\((?:[^\\()\n]|\\.)*\)")
_WHITE = frozenset(b" \t\r\n\f\0")


def _q_tokens(stream: bytes) -> list[tuple[int, bool]]:
    """(position, is q) of every q and Q operator in the stream."""
    out = []
    end = len(stream)
    for match in _Q.finditer(stream):
        at = match.start()
        if (at and stream[at - 1] not in _WHITE) or (at + 1 < end and stream[at + 1] not in _WHITE):
            continue
        line = stream[stream.rfind(b"\n", 0, at) + 1:at]
        if b"(" in line and b"(" in _STRING.sub(b"", line):
            continue
        out.append((at, stream[at] == 0x71))
    return out


K100 = (0, 0, 0, 100)
# (fill overprints, stroke overprints) → the ExtGState resource name; emit adds each as
# << /Type /ExtGState /op fill /OP stroke /OPM 1 >> to every page and form that uses it.
OVERPRINT_STATES: dict[tuple[bool, bool], str] = {
    (False, False): "/SeikaKO", (True, False): "/SeikaOPf", (False, True): "/SeikaOPs", (True, True): "/SeikaOP"}
_GS = {state: name.encode("ascii") + b" gs\n" for state, name in OVERPRINT_STATES.items()}


@lru_cache(maxsize=1)
def _cmyk_by_rgb() -> dict[tuple[int, int, int], tuple[bytes, bool]]:
    """"c m y k" operands, and whether they are K100, by RGB 0–255; roles that share an RGB must share
    their CMYK too."""
    table: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for role, swatch in PALETTE.items():
        if table.setdefault(swatch.rgb, swatch.cmyk) != swatch.cmyk:
            raise ValueError(f"palette role {role} shares its RGB {swatch.rgb} with another CMYK")
    return {rgb: (b" ".join(_number(v / 100) for v in cmyk), cmyk == K100) for rgb, cmyk in table.items()}


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text or "0").encode("ascii")


def _operands(rgb: tuple[float, float, float], stream_name: str) -> tuple[bytes, bool]:
    key = tuple(round(v * 255) for v in rgb)
    try:
        return _cmyk_by_rgb()[key]  # type: ignore[index]
    except KeyError:
        raise ValueError(f"{stream_name}: colour RGB {key} is not a palette entry, so it has no CMYK") from None


def _convert(match: re.Match[bytes], stream_name: str) -> tuple[bytes, bool, bool]:
    """A colour line's CMYK line, whether it is K100, and whether it sets the stroke colour."""
    if match.group(4) is not None:  # r g b rg|RG
        rgb = (float(match.group(1)), float(match.group(2)), float(match.group(3)))
        stroke = match.group(4) == b"RG"
    else:                           # v g|G
        grey = float(match.group(1))
        rgb = (grey, grey, grey)
        stroke = match.group(5) == b"G"
    operands, k100 = _operands(rgb, stream_name)
    return operands + (b" K" if stroke else b" k"), k100, stroke


def rgb_to_cmyk(stream: bytes, stream_name: str = "content stream", overprint: bool = False,
                form: bool = False) -> bytes:
    """The stream with every RGB and grey colour operator line replaced by the palette entry's CMYK; with
    `overprint`, each change of K100-ness also sets the matching ExtGState of `OVERPRINT_STATES` (`form`:
    the stream is a form XObject's, whose inherited state is unknown, so its first colour sets it)."""
    if not overprint:
        return _COLOUR_LINE.sub(lambda m: _convert(m, stream_name)[0], stream)
    desired = [False, False]                                # (fill, stroke) colour is K100
    written: tuple[bool, bool] | None = None if form else (False, False)  # the flags in force
    stack: list[tuple[bool, bool, tuple[bool, bool] | None]] = []
    colours = list(_COLOUR_LINE.finditer(stream))
    events = sorted([(m.start(), 0, m) for m in colours] + [(at, 1, q) for at, q in _q_tokens(stream)],
                    key=lambda e: e[0])
    pieces, last = [], 0
    for at, kind, what in events:
        if kind:                                            # q or Q
            if what:
                stack.append((desired[0], desired[1], written))
            elif stack:
                desired[0], desired[1], written = stack.pop()
            continue
        line, k100, stroke = _convert(what, stream_name)  # type: ignore[arg-type]
        desired[stroke] = k100
        state = (desired[0], desired[1])
        pieces.append(stream[last:at])
        if state != written:
            written = state
            pieces.append(_GS[state])
        pieces.append(line)
        last = what.end()  # type: ignore[union-attr]
    pieces.append(stream[last:])
    return b"".join(pieces)
