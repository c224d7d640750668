"""Charts stage: interim alias of `charts.draw.export` for the layout stage's `check_svg` import.

In: SVG text and a chart id. Out: `check_svg` (no transparency, no raster image), as `charts.draw.export`
defines it. Kept so that `layout.figures` (`from charts.export import check_svg`) works unchanged; remove
it once that import names `charts.draw.export`.
"""

from charts.draw.export import check_svg, clear_cache

__all__ = ["check_svg", "clear_cache"]
