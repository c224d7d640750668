"""Charts stage: the 基金 chart, drawn from the report's figure 'funds' by `charts.compare`.

In: the report (its figure 'funds': values, as-of labels, unit, basis, source) and a `Theme`. Out: a
`CompareSpec` and a matplotlib Figure. Every number comes from the report; nothing is written in here.
In kamakura-2021: 平成29年度末 100.6 → 令和2年度末 102.3 億円, printed change +1.7億円.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.compare import CompareSpec, compare_spec, draw_compare
from charts.theme import Theme
from content.model import Report

CHART_ID = "funds"


def spec(report: Report) -> CompareSpec:
    return compare_spec(report, CHART_ID)


def draw(chart: CompareSpec, theme: Theme) -> Figure:
    return draw_compare(chart, theme)
