"""Layout stage, composer: Japanese line composition (JLREQ, horizontal text).  In: paragraph
text, font metrics, a measure.  Out: justified lines of positioned glyphs (pure Python, no
ReportLab).

Public API::

    compose_paragraph(text, metrics, measure, *, first_indent=0.0) -> Paragraph
    Metrics (protocol: size, advance(ch)), PlaceholderMetrics
    Paragraph, Line, Glyph, Adjustment, ComposeWarning
    split_lines(...), keep_heading(...)             # widow/orphan control (widows.py)

Modules: classes (JLREQ App. A classes and roles), units (unbreakable spans), rules (kinsoku and
break opportunities), spacing (Table 1 aki, glyph boxes), adjust (Tables 3 and 6), compose (line
breaking and positioning), result (output types), widows (page splits), benchmark.
"""
from .compose import compose_paragraph
from .metrics import Metrics, PlaceholderMetrics
from .result import Adjustment, ComposeWarning, Glyph, Line, Paragraph
from .widows import break_allowed, keep_heading, split_lines

__all__ = ["compose_paragraph", "Metrics", "PlaceholderMetrics", "Adjustment", "ComposeWarning",
           "Glyph", "Line", "Paragraph", "break_allowed", "split_lines", "keep_heading"]
