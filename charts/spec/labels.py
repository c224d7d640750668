"""Charts stage (specs): the label formats every chart shares: numbers, signed changes, axis ticks, notes.

In: the report's figures and plain values (Decimal as the report writes them, floats for axes). Out: the
strings the charts print (2,371; 799.5; −107.7億円; 出典: 成果報告書 冒頭) and the tick values of a
zero-based axis. Pure Python: no matplotlib, so the glyph preflight can list every label without drawing.
"""

from __future__ import annotations

import math
from decimal import Decimal

from content.model import Figure as ReportFigure
from content.model import Report

MINUS = "\u2212"  # a true minus sign for printed changes


def figure_by_id(report: Report, figure_id: str) -> ReportFigure:
    """The report's figure with this id; ValueError naming the ids there are when it is missing."""
    for figure in report.figures:
        if figure.id == figure_id:
            if not figure.series or not all(s.points for s in figure.series):
                raise ValueError(f"figure '{figure_id}' has no values to chart")
            return figure
    raise ValueError(f"the report has no figure '{figure_id}' (it has {', '.join(f.id for f in report.figures)})")


def number(value: Decimal) -> str:
    """A value as the report writes it: thousands grouped, decimals as given (2,371; 799.5)."""
    return format(value, ",")


def signed(value: Decimal, unit: str) -> str:
    """A change with its sign and unit (−107.7億円, +811人); the minus is U+2212."""
    sign = MINUS if value < 0 else "+" if value > 0 else "±"
    return f"{sign}{number(abs(value))}{unit}"


def source_note(report: Report, figure: ReportFigure) -> str:
    """Where a figure is stated: 出典: 成果報告書 冒頭, or 出典: 成果報告書 公約2."""
    where = "冒頭" if figure.source == "preface" else f"公約{figure.source}"
    return f"出典: {report_name(report)} {where}"


def report_name(report: Report) -> str:
    """The report's short name for notes (the edition's subtitle, else the source's title)."""
    return report.edition.subtitle or report.source.title


def nice_ticks(top: float, count: int = 5) -> tuple[float, ...]:
    """Ticks from 0 in a 1-2-2.5-5 step, at most about `count` steps, none above `top`."""
    if top <= 0:
        return (0.0,)
    raw = top / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(magnitude * f for f in (1, 2, 2.5, 5, 10) if magnitude * f >= raw)
    return tuple(round(step * k, 9) for k in range(int(top / step + 1e-9) + 1))


def tick_label(value: float) -> str:
    """A tick value as text, grouped like the data (0, 200, 2,000, 150,000)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
