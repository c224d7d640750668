"""Charts stage: figures of the report, as plain-data specs and as deterministic SVG drawn with matplotlib.

In: a validated `content.model.Report` (and, to draw, the palette as data and a size). Out: (chart id, label)
pairs for the glyph preflight (`chart_texts`, from `charts.spec`, which never imports matplotlib) and SVG
drawings for the layout stage (`build_charts`, from `charts.draw`, imported on first use so that importing
this package loads no matplotlib). Never imports layout or ReportLab.

Sub-packages, in pipeline order: `spec/` (content → frozen specs and their labels, pure Python) and `draw/`
(specs → matplotlib figures → SVG, with the theme, the export rules and the cache).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from charts.spec import chart_texts

if TYPE_CHECKING:
    from charts.draw import build_charts

__all__ = ["build_charts", "chart_texts"]


def __getattr__(name: str) -> Any:
    """`charts.build_charts`, imported from `charts.draw` (and so matplotlib) only when first asked for."""
    if name == "build_charts":
        from charts.draw import build_charts

        return build_charts
    raise AttributeError(f"module 'charts' has no attribute {name!r}")
