"""Helpers for the composer tests: compose with the reference's placeholder metrics (part 6) and
compare glyph positions in em."""
from __future__ import annotations

from layout.compose import Line, Paragraph, PlaceholderMetrics, compose_paragraph
from layout.compose.rules import no_end, no_start
from layout.compose.units import find_units

EM_TOL = 1e-6
PT_TOL = 0.01
SPACE_CHARS = " \u3000"


def compose(text: str, measure_em: float, *, size: float = 1.0, full: bool = False,
            indent_em: float = 0.0, line_end_half: bool = False, policy: str = "jlreq-table3",
            min_last: int = 1, justify: bool = True) -> Paragraph:
    """Compose with placeholder metrics at *size* pt; *full*: 1-em 「」、。・ glyphs.  The reference
    cases are JLREQ Table 3 cases, so *policy* defaults to ``jlreq-table3`` here (the booklet's
    default is ``book``)."""
    metrics = PlaceholderMetrics(size, fullwidth_punct=full)
    return compose_paragraph(text, metrics, measure_em * size, first_indent=indent_em * size,
                             line_end_half=line_end_half, policy=policy, min_last=min_last, justify=justify)


def holds_url(para: Paragraph, line: Line) -> bool:
    """Does the line hold part of a URL?  Such a line is set flush left, never justified."""
    return any(u.start < line.end and line.start < u.end for u in find_units(para.text) if u.kind == "url")


def texts(para: Paragraph) -> list[str]:
    return [line.text for line in para.lines]


def positions(line: Line, size: float = 1.0) -> list[tuple[str, float]]:
    return [(g.char, g.x / size) for g in line.glyphs]


def assert_positions(line: Line, expected: list[tuple[str, float]], size: float = 1.0) -> None:
    got = positions(line, size)
    assert [c for c, _ in got] == [c for c, _ in expected], (got, expected)
    for (c, x), (_, want) in zip(got, expected):
        assert abs(x - want) <= EM_TOL, f"{c!r} at {x} em, expected {want} em; line {got}"


def visible(line: Line) -> str:
    return line.text.rstrip(SPACE_CHARS)


def check_invariants(para: Paragraph, measure: float) -> None:
    """Round trip, never wider than the measure, justified non-last lines, kinsoku except at
    forced breaks."""
    assert "".join(texts(para)) == para.text
    forced = {w.index for w in para.warnings if w.kind == "forced-break"}
    underfull = {w.line for w in para.warnings if w.kind == "underfull"}
    for k, line in enumerate(para.lines):
        if holds_url(para, line):
            assert line.adjustment.expanded == 0, (line.text, line.adjustment)
            underfull.add(k)
        assert line.width <= measure + PT_TOL, (line.text, line.width, measure)
        for g in line.glyphs:
            assert g.x + g.width <= measure + PT_TOL, (line.text, g)
        if not line.last and k not in underfull:
            assert abs(line.width - measure) <= PT_TOL, (line.text, line.width, measure)
        if k and line.start not in forced:
            g = line.glyphs[0]
            assert not no_start(g.char, g.cls), f"line starts with {g.char!r}: {texts(para)}"
        if not line.last and line.end not in forced:
            vis = [g for g in line.glyphs if g.char not in SPACE_CHARS]
            assert vis and not no_end(vis[-1].char, vis[-1].cls), \
                f"line ends with {vis[-1].char!r}: {texts(para)}"
