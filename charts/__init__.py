"""Charts stage: figures of the report, as plain-data specs and as deterministic SVG drawn with matplotlib.

In: a validated `content.model.Report` (and, to draw, the palette as data and a size). Out: (chart id, label)
pairs for the glyph preflight (`charts.spec.chart_texts`, which never imports matplotlib) and SVG drawings
for the layout stage (`charts.draw.build_charts`). Importing this package loads no matplotlib. Never imports
layout or ReportLab.

Sub-packages, in pipeline order: `spec/` (content → frozen specs and their labels, and each label's runs
with their 四分アキ, pure Python) and `draw/` (specs → matplotlib figures → SVG, with the theme, the labels
set as positioned runs, the export rules and the cache).
"""
