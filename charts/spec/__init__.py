"""Charts stage, part 1 (specs): what every chart shows, as plain data, from the content alone.

In: a validated `content.model.Report`. Out: chart id → frozen spec (every number and label a chart will
print, and `texts()` listing them) for the charts the report has data for, in the order the booklet shows
them (`chart_specs`), and (chart id, label) pairs for the glyph preflight (`chart_texts`). Imports no
matplotlib and draws nothing: `check` and `export-json` use it without loading the drawing code. The specs
are drawn by `charts.draw`.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Protocol

from charts.spec import childcare, status
from charts.spec.compare import compare_spec
from content.model import Report


class ChartSpec(Protocol):
    """What every chart's spec is: plain, frozen data, and the labels it will print."""

    def texts(self) -> tuple[str, ...]: ...


# chart id → the function making its spec, in the order the booklet shows them
SPECS: dict[str, Callable[[Report], ChartSpec]] = {
    "debt": partial(compare_spec, figure_id="debt"),
    "funds": partial(compare_spec, figure_id="funds"),
    "population": partial(compare_spec, figure_id="population"),
    "childcare": childcare.spec,
    "status": status.spec,
}
ALWAYS = ("status",)  # charts drawn from the pledges, not from a figure


def chart_specs(report: Report) -> dict[str, ChartSpec]:
    """The spec (numbers and labels, no drawing) of every chart the report has data for: a figure chart
    when the report has a figure of that id, and the status chart always."""
    figures = {f.id for f in report.figures}
    return {chart_id: make(report) for chart_id, make in SPECS.items() if chart_id in ALWAYS or chart_id in figures}


def chart_texts(report: Report) -> list[tuple[str, str]]:
    """(chart id, label) for every string any chart prints, for the glyph preflight."""
    return [(chart_id, text) for chart_id, spec in chart_specs(report).items() for text in spec.texts()]


__all__ = ["SPECS", "ChartSpec", "chart_specs", "chart_texts"]
