"""Output stage: printer's marks: Japanese double トンボ (corner marks) and centre marks, as PDF operators.

In: the trim size and the bleed, in points. Out: content-stream operators that draw the marks in
registration colour in trim coordinates (the origin at the trim's lower-left corner), all outside the
BleedBox. The registration colour is the Separation /All at tint 1 (it prints on every plate: the colour
space resource `REGISTRATION_SPACE`, which emit adds to every page (`layout.output.prepress`), with a tint
transform t → C=M=Y=K=t for viewers and proofs), never DeviceCMYK 400%:

    at each corner, for each direction, two parallel lines 3 mm apart: one on the trim line and one on the
    bleed line (内トンボ and 外トンボ), running outwards from the bleed edge;
    on each side, a centre mark: a line on the centre axis and a cross bar, outside the bleed.

             │ │                        ┼
      ───────┘ │  (bleed)          ─────┼─────
      ─────────┘  (trim)
"""

from __future__ import annotations

from layout.geometry import MM

MARK_LENGTH = 10 * MM   # how far each corner line runs out from the bleed edge
MARK_WIDTH = 0.1 * MM   # hairline, as print shops expect
CENTRE_BAR = 10 * MM    # half length of a centre mark's cross bar
REGISTRATION_SPACE = "/SeikaAll"   # the page's /ColorSpace resource: [/Separation /All /DeviceCMYK fn]
REGISTRATION_ALTERNATE = (1.0, 1.0, 1.0, 1.0)  # what the tint transform gives at tint 1


def _n(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def mark_lines(width: float, height: float, bleed: float) -> list[tuple[float, float, float, float]]:
    """The corner and centre marks around a trim of width × height, as line segments (x1, y1, x2, y2)."""
    lines = []
    out = bleed + MARK_LENGTH
    for x_edge, x_sign in ((0.0, -1), (width, 1)):
        for y_edge, y_sign in ((0.0, -1), (height, 1)):
            for offset in (0.0, bleed):  # the trim line and the bleed line
                x = x_edge + x_sign * offset
                lines.append((x, y_edge + y_sign * bleed, x, y_edge + y_sign * out))          # vertical pair
                y = y_edge + y_sign * offset
                lines.append((x_edge + x_sign * bleed, y, x_edge + x_sign * out, y))          # horizontal pair
    cx, cy = width / 2, height / 2
    for y_edge, sign in ((0.0, -1), (height, 1)):                                            # top and bottom
        lines.append((cx, y_edge + sign * (bleed + 1 * MM), cx, y_edge + sign * out))
        bar = y_edge + sign * (bleed + MARK_LENGTH / 2)
        lines.append((cx - CENTRE_BAR, bar, cx + CENTRE_BAR, bar))
    for x_edge, sign in ((0.0, -1), (width, 1)):                                             # left and right
        lines.append((x_edge + sign * (bleed + 1 * MM), cy, x_edge + sign * out, cy))
        bar = x_edge + sign * (bleed + MARK_LENGTH / 2)
        lines.append((bar, cy - CENTRE_BAR, bar, cy + CENTRE_BAR))
    return lines


def marks_operators(width: float, height: float, bleed: float) -> bytes:
    """The marks as a balanced (q … Q) piece of content stream."""
    ops = ["q", f"{REGISTRATION_SPACE} CS 1 SCN", f"{_n(MARK_WIDTH)} w", "[] 0 d"]
    ops += [f"{_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l S" for x1, y1, x2, y2 in mark_lines(width, height, bleed)]
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode("ascii")

