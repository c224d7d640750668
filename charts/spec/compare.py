"""Charts stage (specs): the comparison charts (debt 市債残高, funds 基金, population 総人口) as plain data.

In: the report and a figure id; the figure's first series gives the values at its as-of dates. Out: a frozen
`CompareSpec` with every number and label the chart prints: the values as the report writes them, the change
from the first to the last value (−107.7億円), zero-based axis ticks and the source note. Every number comes
from the report; nothing is written in here. In kamakura-2021: debt 799.5 → 691.8 億円 (−107.7億円), funds
100.6 → 102.3 億円 (+1.7億円), population 176,242 → 177,053人 (+811人). Drawn by `charts.draw.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

from charts.spec.labels import figure_by_id, nice_ticks, number, signed, source_note, tick_label
from content.checks import figure_change
from content.model import Report


@dataclass(frozen=True)
class CompareSpec:
    """Everything one comparison chart shows."""

    chart_id: str
    title: str                        # 市債残高（一般会計と特別会計の合計）
    unit_label: str                   # （億円）
    categories: tuple[str, ...]       # the as-of labels
    values: tuple[float, ...]
    value_labels: tuple[str, ...]     # 799.5億円
    change_label: str                 # −107.7億円
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    note: str                         # 出典: 成果報告書 冒頭

    def texts(self) -> tuple[str, ...]:
        return (self.title, self.unit_label, *self.categories, *self.value_labels, self.change_label,
                *self.tick_labels, self.note)


def compare_spec(report: Report, figure_id: str) -> CompareSpec:
    """The spec of the figure with this id, from its first series."""
    figure = figure_by_id(report, figure_id)
    points = figure.series[0].points
    _, _, change = figure_change(figure)
    values = tuple(float(p.value) for p in points)
    ticks = nice_ticks(max(max(values), 0.0) * 1.05)
    title = f"{figure.label}（{figure.basis}）" if figure.basis else figure.label
    return CompareSpec(
        chart_id=figure_id, title=title, unit_label=f"（{figure.unit}）",
        categories=tuple(p.as_of for p in points), values=values,
        value_labels=tuple(f"{number(p.value)}{figure.unit}" for p in points),
        change_label=signed(change, figure.unit), ticks=ticks,
        tick_labels=tuple(tick_label(t) for t in ticks), note=source_note(report, figure))
