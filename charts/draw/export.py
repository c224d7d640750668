"""Charts stage (drawing): deterministic SVG export, and the cache of exported charts by data hash.

In: a drawn matplotlib `Figure` and the chart's id. Out: SVG text that is byte-identical for the same input:
a fixed `svg.hashsalt` (so clip-path and marker ids do not change), no date in the metadata, text kept as
text (`svg.fonttype = 'none'`, so the layout can map the fonts), every text bound to a vendored font, and
every label with a 四分アキ written as positioned runs (`charts.draw.runs`, whose canvas exports it).
The export refuses transparency and embedded images, which the print pipeline cannot carry.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from typing import Callable

import matplotlib
from matplotlib.figure import Figure

from charts.draw.runs import RunsCanvasSVG
from charts.draw.theme import bind_fonts

HASH_SALT = "seika-charts"
SVG_RC = {"svg.hashsalt": HASH_SALT, "svg.fonttype": "none", "svg.image_inline": True}
METADATA: dict[str, str | None] = {"Date": None}
CACHE_SIZE = 64

_OPACITY = re.compile(r"(?<![\w-])((?:fill-|stroke-)?opacity)\s*[:=]\s*[\"']?\s*([0-9.eE+-]+)")
_cache: OrderedDict[str, str] = OrderedDict()


def to_svg(fig: Figure, chart_id: str) -> str:
    """The figure as SVG text; raises ValueError if it carries transparency or a raster image."""
    bind_fonts(fig)
    RunsCanvasSVG(fig)  # the figure's canvas from now on: its labels are written as positioned runs
    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", metadata=METADATA)
    svg = buffer.getvalue().decode("utf-8")
    check_svg(svg, chart_id)
    return svg


def check_svg(svg: str, chart_id: str) -> None:
    """Raise ValueError naming the chart if the SVG has an opacity below 1 or an <image>."""
    for prop, value in _OPACITY.findall(svg):
        if float(value) < 1:
            raise ValueError(f"chart {chart_id}: {prop} {value} is below 1; the charts use no transparency")
    if "<image" in svg:
        raise ValueError(f"chart {chart_id}: contains a raster <image>; the charts must stay vector")


def digest(*parts: object) -> str:
    """A sha256 over the reprs of frozen, plain-data inputs (specs, themes, ids)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def cached(key: str, make: Callable[[], str]) -> str:
    """The SVG stored under `key`, made on first use; keeps the most recent CACHE_SIZE charts."""
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    svg = make()
    _cache[key] = svg
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return svg


def clear_cache() -> None:
    """Forget every exported chart (tests use it to time or compare a fresh build)."""
    _cache.clear()
