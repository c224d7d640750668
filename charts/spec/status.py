"""Charts stage (specs): the status chart (○△× counts per section) as plain data.

In: the report's sections and their pledges' statuses. Out: a frozen `StatusSpec`: the counts per section
and status (in the enum's order), the section titles (as the report writes them: the drawing breaks them
to its width), the legend (○ 達成, △ 取組中, × 未達成; × is U+00D7), every segment's label (○25, empty for
a zero count) and the source note. Drawn by `charts.draw.status`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from charts.spec.labels import report_name
from content.model import Report, Status

CHART_ID = "status"


@dataclass(frozen=True)
class StatusSpec:
    """Everything the status chart shows."""

    title: str                              # 分野別の自己評価（全170項目）
    sections: tuple[str, ...]               # section titles
    statuses: tuple[str, ...]               # Status values, in the enum's order
    legend: tuple[str, ...]                 # ○ 達成, △ 取組中, × 未達成
    counts: tuple[tuple[int, ...], ...]     # per section, per status
    segment_labels: tuple[tuple[str, ...], ...]   # ○25 (empty where the count is 0)
    note: str

    def texts(self) -> tuple[str, ...]:
        return (self.title, *self.sections, *self.legend,
                *(t for row in self.segment_labels for t in row if t), self.note)


def spec(report: Report) -> StatusSpec:
    """Counts of each status per section, in the sections' printed order."""
    statuses = tuple(Status)
    counts = tuple(tuple(Counter(p.status for p in s.pledges).get(st, 0) for st in statuses)
                   for s in report.sections)
    total = sum(map(sum, counts))
    return StatusSpec(
        title=f"分野別の自己評価（全{total}項目）",
        sections=tuple(s.title for s in report.sections),
        statuses=tuple(st.value for st in statuses),
        legend=tuple(f"{st.mark} {st.label}" for st in statuses),
        counts=counts,
        segment_labels=tuple(tuple(f"{st.mark}{c}" if c else "" for st, c in zip(statuses, row))
                             for row in counts),
        note=f"出典: {report_name(report)} 各項目の自己評価")
