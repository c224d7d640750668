"""Charts stage: every label the charts will print, from the content alone (interim: re-exported).

In: a validated `content.model.Report`. Out: (chart id, label) pairs for the glyph preflight.
"""

from charts.build import chart_texts

__all__ = ["chart_texts"]
