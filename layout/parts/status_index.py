"""Layout stage, parts: 取組中・未達成の項目一覧, the status index (back matter).

In: the `Report`, a `Setter` and `page_of`. Out: rows: the part heading, then for each section that has
pledges in progress or not achieved, its number badge and title, and its entries (number badge, status
icon, title on up to two lines, page), 取組中 before 未達成. A group of up to three entries is never split
across pages, and a group's heading stays with its first entry.
"""

from __future__ import annotations

from typing import Callable

from content.model import Report, Status
from layout.flowables import Row
from layout.indexes import Entry, index_rows
from layout.palette import section_role
from layout.parts.common import heading_rows, index_style, text_row, with_draw
from layout.parts.contents import STATUS_INDEX_TITLE
from layout.setter import STATUS_TERM, Setter, status_counts, text_baseline
from layout.styles import GRID

KEEP_TOGETHER = 3
STATUSES = (Status.IN_PROGRESS, Status.NOT_ACHIEVED)


def status_index_rows(setter: Setter, report: Report, page_of: Callable[[str], int]) -> list[Row]:
    rows = heading_rows(setter, STATUS_INDEX_TITLE, "status-index", "status index")
    counts = "　".join(f"{STATUS_TERM[s]} {status_counts(report.pledges)[s]}項目" for s in STATUSES)
    rows.append(text_row(setter, counts, "body"))
    style = index_style(setter, lines=2)
    body = setter.g.body_size
    for number, section in enumerate(report.sections, 1):
        pledges = [p for s in STATUSES for p in section.pledges if p.status is s]
        if not pledges:
            continue
        rows += setter.space(GRID["block"], break_after=True)
        role = section_role(number)
        size = setter.size("body")
        head = text_row(setter, section.title, "title", x=body * 3.2)

        def badge(canv, y, n=number, role=role, h=head.height):  # type: ignore[no-untyped-def]
            setter.badge(canv, f"{n:02d}", 0, text_baseline(y, h, size), body * 2.6, role)

        rows.append(with_draw(head, badge))
        entries = [Entry(str(p.no), p.short_title or p.title, f"pledge-{p.no}", p.status, badge=role)
                   for p in pledges]
        group = index_rows(entries, style, setter.g.measure, page_of, keep_together=KEEP_TOGETHER)
        rows += group
    return rows
