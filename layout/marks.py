"""Layout stage: printer's marks: Japanese double トンボ (corner marks) and centre marks.

In: a canvas whose origin is the trim's lower-left corner, the trim size, and the bleed. Out: the marks drawn
in registration colour (C=M=Y=K=100%), all outside the BleedBox:

    at each corner, for each direction, two parallel lines 3 mm apart: one on the trim line and one on the
    bleed line (内トンボ and 外トンボ), running outwards from the bleed edge;
    on each side, a centre mark: a line on the centre axis and a cross bar, outside the bleed.

             │ │                        ┼
      ───────┘ │  (bleed)          ─────┼─────
      ─────────┘  (trim)
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from layout.geometry import MM

MARK_LENGTH = 10 * MM   # how far each corner line runs out from the bleed edge
MARK_WIDTH = 0.1 * MM   # hairline, as print shops expect
CENTRE_BAR = 10 * MM    # half length of a centre mark's cross bar
REGISTRATION = (1.0, 1.0, 1.0, 1.0)


def draw_marks(canv: Canvas, width: float, height: float, bleed: float) -> None:
    """Draw the corner and centre marks around a trim of width × height (origin at its lower left)."""
    canv.saveState()
    canv.setStrokeColorCMYK(*REGISTRATION)
    canv.setLineWidth(MARK_WIDTH)
    out = bleed + MARK_LENGTH
    for x_edge, x_sign in ((0.0, -1), (width, 1)):
        for y_edge, y_sign in ((0.0, -1), (height, 1)):
            for offset in (0.0, bleed):  # the trim line and the bleed line
                x = x_edge + x_sign * offset
                canv.line(x, y_edge + y_sign * bleed, x, y_edge + y_sign * out)          # vertical pair
                y = y_edge + y_sign * offset
                canv.line(x_edge + x_sign * bleed, y, x_edge + x_sign * out, y)          # horizontal pair
    cx, cy = width / 2, height / 2
    for y_edge, sign in ((0.0, -1), (height, 1)):                                        # top and bottom
        canv.line(cx, y_edge + sign * (bleed + 1 * MM), cx, y_edge + sign * out)
        bar = y_edge + sign * (bleed + MARK_LENGTH / 2)
        canv.line(cx - CENTRE_BAR, bar, cx + CENTRE_BAR, bar)
    for x_edge, sign in ((0.0, -1), (width, 1)):                                         # left and right
        canv.line(x_edge + sign * (bleed + 1 * MM), cy, x_edge + sign * out, cy)
        bar = x_edge + sign * (bleed + MARK_LENGTH / 2)
        canv.line(bar, cy - CENTRE_BAR, bar, cy + CENTRE_BAR)
    canv.restoreState()
