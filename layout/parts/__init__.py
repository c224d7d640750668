"""Layout stage: the booklet's parts, one module each, in reading order.

In: a validated `Report`, a `layout.setter.Setter` and `page_of(key)` (the page of a destination, 0 on the
first layout pass). Out: rows and flowables for each part: `cover` (表1) · `highlights` (the KPI spread's
first page) · `charts_page` (主な数値の推移, and the figures placed after the pledges that cite them) ·
`contents` · `opener` (a section's first block) · `pledge` (one pledge block) · `status_index` · `colophon`
(奥付, on 表4) · `common` (rows, marks, floats and the padding page that the parts share). Every number a part
prints is computed from the data; every size comes from `layout.styles`.
"""
