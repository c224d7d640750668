"""Charts stage: figures of the report drawn with matplotlib as deterministic SVG.

In: a validated `content.model.Report`. Out: SVG drawings for the layout stage. Never imports layout or ReportLab.
"""

from charts.build import build_charts, chart_texts

__all__ = ["build_charts", "chart_texts"]
