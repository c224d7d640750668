"""Charts stage, part 2 (drawing): every chart of a report drawn with matplotlib as deterministic SVG.

In: a validated `content.model.Report`, the palette roles as "#rrggbb" (from the layout stage, passed as data)
and a size in mm. Out: chart id → SVG text (`build_charts`), one chart per spec of `charts.spec`, drawn by
the module of its kind (`compare` for debt, funds and population; `childcare`; `status`) and exported by
`export`, every label measured and set as positioned runs with its 四分アキ (`runs`). Each chart is cached
by a sha256 of its plain-data spec, the colours and the size, so an unchanged chart is not drawn twice.
matplotlib runs with seika's own settings only (`seika_rc`): no matplotlibrc, TeX or math text from the
environment changes a chart.

Every chart is drawn exactly `width_mm` wide, so the layout places it at scale 1 and the theme's type sizes
(9 pt titles, 8 pt for all other text) are the printed sizes on every paper. `height_mm` is the least
height: a chart whose text needs more room at those sizes (the status chart's rows, a table under the
childcare bars) is drawn taller, and its SVG says how tall; nothing is ever drawn smaller to fit.
`MIN_WIDTH_MM` gives, per chart, the narrowest width at which its text fits without overlapping.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Any, Callable, Collection, Iterator, Mapping

import matplotlib
from matplotlib.figure import Figure

from charts.draw import childcare, compare, status
from charts.draw.export import cached, digest, to_svg
from charts.draw.theme import Theme, make_theme, rc_params
from charts.spec import ChartSpec, chart_specs
from content.model import Report

# chart id → the function drawing its spec
DRAW: dict[str, Callable[[Any, Theme], Figure]] = {
    "debt": compare.draw,
    "funds": compare.draw,
    "population": compare.draw,
    "childcare": childcare.draw,
    "status": status.draw,
}
# chart id → the narrowest width (mm) at which its text fits at the fixed type sizes without overlapping
MIN_WIDTH_MM: dict[str, float] = {
    "debt": compare.MIN_WIDTH_MM,
    "funds": compare.MIN_WIDTH_MM,
    "population": compare.MIN_WIDTH_MM,
    "childcare": childcare.MIN_WIDTH_MM,
    "status": status.MIN_WIDTH_MM,
}


@contextmanager
def seika_rc(theme: Theme) -> Iterator[None]:
    """matplotlib with seika's own settings and nothing from the environment: the rcParams start from
    matplotlib's built-in defaults (not from a matplotlibrc in the working folder, $MPLCONFIGDIR or
    ~/.config, nor from $MPLBACKEND), then take the theme's; TeX and math text are off, so a label is drawn
    as the characters it holds and no external program ever runs."""
    with matplotlib.rc_context():
        with warnings.catch_warnings():  # the defaults include a few deprecated keys
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(matplotlib.rcParamsDefault)
        matplotlib.rcParams.update(rc_params(theme))
        matplotlib.rcParams.update({"text.usetex": False, "text.parse_math": False, "backend": "svg"})
        yield


def build_charts(report: Report, colours: Mapping[str, str], *, width_mm: float,
                 height_mm: float, only: Collection[str] | None = None) -> dict[str, str]:
    """Chart id → SVG text for debt, funds, population, childcare and status (or the ids in `only`)."""
    theme = make_theme(colours, width_mm, height_mm)
    return {chart_id: _svg(chart_id, spec, theme) for chart_id, spec in chart_specs(report).items()
            if only is None or chart_id in only}


def _svg(chart_id: str, spec: ChartSpec, theme: Theme) -> str:
    def make() -> str:
        with seika_rc(theme):
            return to_svg(DRAW[chart_id](spec, theme), chart_id)

    return cached(digest(chart_id, spec, theme, matplotlib.__version__), make)
