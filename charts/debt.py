"""Charts stage: the 市債残高 chart, drawn from the report's figure 'debt' by `charts.compare`.

In: the report (its figure 'debt': values, as-of labels, unit, basis, source) and a `Theme`. Out: a
`CompareSpec` and a matplotlib Figure. Every number comes from the report; nothing is written in here.
In kamakura-2021: 平成29年度末 799.5 → 令和2年度末 691.8 億円, printed change −107.7億円.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.compare import CompareSpec, compare_spec, draw_compare
from charts.theme import Theme
from content.model import Report

CHART_ID = "debt"


def spec(report: Report) -> CompareSpec:
    return compare_spec(report, CHART_ID)


def draw(chart: CompareSpec, theme: Theme) -> Figure:
    return draw_compare(chart, theme)
