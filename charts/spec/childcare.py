"""Charts stage (specs): the childcare chart (保育所等の定員・受入・待機児童数) as plain data.

In: the report's figure 'childcare': every series but the last are bars (定員, 受入), the last (待機児童数) is
a line on its own right axis. Out: a frozen `ChildcareSpec` with every number and label the chart prints:
values as the report writes them (2,371), the as-of dates as the report writes them (the drawing breaks
them to its width) and cut after 年 where the title states the day (`short_dates`, for narrow charts),
zero-based ticks for both axes and the source note. Raises ValueError when the series are not on the same
dates. Drawn by `charts.draw.childcare`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charts.spec.labels import figure_by_id, nice_ticks, number, source_note, tick_label
from content.model import Report

CHART_ID = "childcare"


@dataclass(frozen=True)
class ChildcareSpec:
    """Everything the childcare chart shows."""

    title: str
    unit_label: str                            # （人）
    categories: tuple[str, ...]                # as-of labels (平成29年4月1日)
    short_categories: tuple[str, ...]          # 平成29年 when every date is on 4月1日 and the title says so
    bar_names: tuple[str, ...]
    bars: tuple[tuple[float, ...], ...]
    bar_labels: tuple[tuple[str, ...], ...]
    line_name: str                             # 待機児童数（右軸）, in the legend
    line_series: str                           # 待機児童数, heading its row in a table
    line: tuple[float, ...]
    line_labels: tuple[str, ...]
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    line_ticks: tuple[float, ...]
    line_tick_labels: tuple[str, ...]
    note: str

    def texts(self) -> tuple[str, ...]:
        return (self.title, self.unit_label, *self.categories, *self.short_categories, *self.bar_names,
                *(t for labels in self.bar_labels for t in labels), self.line_name, self.line_series,
                *self.line_labels,
                *self.tick_labels, *self.line_tick_labels, self.note)


def short_dates(dates: tuple[str, ...], title: str) -> tuple[str, ...]:
    """The dates cut after 年 when they all fall on the same day of the year and the title states it
    (各年4月1日現在: 平成29年4月1日 → 平成29年); otherwise the dates as they are."""
    heads, tails = zip(*(d.partition("年")[::2] for d in dates)) if dates else ((), ())
    tail = tails[0] if tails else ""
    if (re.fullmatch(r"[0-9０-９]+月[0-9０-９]+日", tail) and all(t == tail for t in tails)
            and all("年" in d for d in dates) and tail in title):
        return tuple(f"{h}年" for h in heads)
    return dates


def spec(report: Report) -> ChildcareSpec:
    """Numbers and labels of figure 'childcare'; raises ValueError if its series are not on the same dates."""
    figure = figure_by_id(report, CHART_ID)
    if len(figure.series) < 2:
        raise ValueError(f"figure '{CHART_ID}' needs bar series and a line series, not {len(figure.series)}")
    *bar_series, line_series = figure.series
    dates = tuple(p.as_of for p in bar_series[0].points)
    for s in figure.series:
        if tuple(p.as_of for p in s.points) != dates:
            raise ValueError(f"figure '{CHART_ID}': series {s.name} is not on the dates of {bar_series[0].name}")
    bars = tuple(tuple(float(p.value) for p in s.points) for s in bar_series)
    line = tuple(float(p.value) for p in line_series.points)
    ticks = nice_ticks(max(max(b) for b in bars) * 1.05)
    line_ticks = nice_ticks(max(line) * 1.15)
    title = f"{figure.label}（{figure.basis}）" if figure.basis else figure.label
    return ChildcareSpec(
        title=title, unit_label=f"（{figure.unit}）", categories=dates,
        short_categories=short_dates(dates, title),
        bar_names=tuple(s.name for s in bar_series), bars=bars,
        bar_labels=tuple(tuple(number(p.value) for p in s.points) for s in bar_series),
        line_name=f"{line_series.name}（右軸）", line_series=line_series.name, line=line,
        line_labels=tuple(number(p.value) for p in line_series.points),
        ticks=ticks, tick_labels=tuple(tick_label(t) for t in ticks),
        line_ticks=line_ticks, line_tick_labels=tuple(tick_label(t) for t in line_ticks),
        note=source_note(report, figure))
