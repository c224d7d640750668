"""Test helpers for the charts: a report with one value changed, and the text of an SVG's <text> elements."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

from content.model import Report

SVG_NS = "{http://www.w3.org/2000/svg}"
SIZE = {"width_mm": 80.0, "height_mm": 55.0}


def with_value(report: Report, figure_id: str, series: int, point: int, value: str) -> Report:
    """A copy of the report in which one point of one figure has another value."""
    figures = []
    for f in report.figures:
        if f.id == figure_id:
            s = f.series[series]
            points = tuple(replace(p, value=Decimal(value)) if i == point else p for i, p in enumerate(s.points))
            f = replace(f, series=tuple(replace(s, points=points) if i == series else x
                                        for i, x in enumerate(f.series)))
        figures.append(f)
    return replace(report, figures=tuple(figures))


def svg_texts(svg: str) -> list[str]:
    """The content of every <text> element, in document order (one per printed line)."""
    root = ET.fromstring(svg.encode("utf-8"))
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def svg_text_styles(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [t.get("style", "") for t in root.iter(f"{SVG_NS}text")]
