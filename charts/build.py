"""Charts stage: the public entry points: every chart of a report as SVG text, and every label for the preflight.

In: a validated `content.model.Report`, the palette roles as "#rrggbb" (from the layout stage, passed as data)
and a size in mm. Out: chart id → SVG text (`build_charts`), and (chart id, label) pairs (`chart_texts`) so
that the glyph preflight can check every character before anything is drawn. Each chart is cached by a
sha256 of its plain-data spec, the colours and the size, so an unchanged chart is not drawn twice.
"""

from __future__ import annotations

from types import ModuleType
from typing import Collection, Mapping, Protocol

import matplotlib

from charts import childcare, debt, funds, population, status
from charts.export import cached, digest, to_svg
from charts.theme import Theme, make_theme, rc_params
from content.model import Report

# chart id → module with `spec(report)` and `draw(spec, theme)`, in the order the booklet shows them
CHARTS: dict[str, ModuleType] = {
    "debt": debt,
    "funds": funds,
    "population": population,
    "childcare": childcare,
    "status": status,
}


class ChartSpec(Protocol):
    """What every chart module's `spec` returns: plain, frozen data and the labels it will print."""

    def texts(self) -> tuple[str, ...]: ...


def chart_specs(report: Report) -> dict[str, ChartSpec]:
    """The spec (numbers and labels, no drawing) of every chart the report has data for: a figure chart
    when the report has a figure of that id, and the status chart always."""
    figures = {f.id for f in report.figures}
    return {chart_id: module.spec(report) for chart_id, module in CHARTS.items()
            if chart_id == "status" or chart_id in figures}


def chart_texts(report: Report) -> list[tuple[str, str]]:
    """(chart id, label) for every string any chart prints, for the glyph preflight."""
    return [(chart_id, text) for chart_id, spec in chart_specs(report).items() for text in spec.texts()]


def build_charts(report: Report, colours: Mapping[str, str], *, width_mm: float,
                 height_mm: float, only: Collection[str] | None = None) -> dict[str, str]:
    """Chart id → SVG text for debt, funds, population, childcare and status (or the ids in `only`)."""
    theme = make_theme(colours, width_mm, height_mm)
    return {chart_id: _svg(chart_id, spec, theme) for chart_id, spec in chart_specs(report).items()
            if only is None or chart_id in only}


def _svg(chart_id: str, spec: ChartSpec, theme: Theme) -> str:
    def make() -> str:
        with matplotlib.rc_context(rc_params(theme)):
            return to_svg(CHARTS[chart_id].draw(spec, theme), chart_id)

    return cached(digest(chart_id, spec, theme, matplotlib.__version__), make)
