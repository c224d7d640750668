"""Test helpers for the charts: a report with one value changed, the lines of text an SVG prints (a label set
as positioned runs counts once, as its source text), and the runs of those labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

from charts.draw.runs import LABEL_ID
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


def _is_label(element: ET.Element) -> bool:
    return element.tag == f"{SVG_NS}g" and element.get("id", "").startswith(LABEL_ID.format(""))


def svg_texts(svg: str) -> list[str]:
    """Every printed line, in document order: the content of a <text> element, or for a label set as runs
    (a label group) its source text, once."""
    out: list[str] = []

    def walk(element: ET.Element) -> None:
        for child in element:
            if _is_label(child):
                out.append(child.get("aria-label", ""))
            elif child.tag == f"{SVG_NS}text":
                out.append("".join(child.itertext()))
            else:
                walk(child)

    walk(ET.fromstring(svg.encode("utf-8")))
    return out


def svg_label_runs(svg: str) -> list[tuple[str, list[tuple[float, str]]]]:
    """(source text, [(x, run text) …]) of every label group, the x from each run's translate()."""
    labels = []
    for group in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG_NS}g"):
        if _is_label(group):
            runs = []
            for text in group.iter(f"{SVG_NS}text"):
                move = re.search(r"translate\(([-\d.e]+)[ ,]", text.get("transform", ""))
                assert move, f"a run of {group.get('aria-label')!r} has no position"
                runs.append((float(move[1]), "".join(text.itertext())))
            labels.append((group.get("aria-label", ""), runs))
    return labels


def svg_text_styles(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [t.get("style", "") for t in root.iter(f"{SVG_NS}text")]
