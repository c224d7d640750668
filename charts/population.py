"""Charts stage: the 総人口 chart, drawn from the report's figure 'population' by `charts.compare`.

In: the report (its figure 'population': values, as-of labels, unit, basis, source) and a `Theme`. Out: a
`CompareSpec` and a matplotlib Figure. Every number comes from the report; nothing is written in here.
In kamakura-2021: 平成29年 176,242 → 令和2年 177,053人, printed change +811人. The axis
starts at zero, so the 0.5% change is not exaggerated; the printed change says how large it is.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from charts.compare import CompareSpec, compare_spec, draw_compare
from charts.theme import Theme
from content.model import Report

CHART_ID = "population"


def spec(report: Report) -> CompareSpec:
    return compare_spec(report, CHART_ID)


def draw(chart: CompareSpec, theme: Theme) -> Figure:
    return draw_compare(chart, theme)
