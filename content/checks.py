"""Content stage: rules across records, run on a loaded `Report`.

In: a `Report` from `content.loader`. Out: a list of `Problem`s (empty when the edition is sound) and a
`Summary` of what was confirmed. The rules: pledge numbers unique and ascending (so each pledge is in exactly
one section); the seed's checksum; every stated claim re-derived from the data (status counts and rounded
percentages, changes in figures within the stated rounding), with the numbers parsed out of the source's own
sentences so that the comparison is not circular; every figure value present in its source text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import yaml

from content.model import Claim, Figure, Report, Status
from content.problems import Problem
from content.seed import load_errata

_COUNT_CLAIM = re.compile(r"(\d+)項目[（(]\s*(約)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_CHANGE_CLAIM = re.compile(r"(約)?(\d[\d,]*(?:\.\d+)?)(億円|万円|千円|円|人|件|t|%)(削減|減少|増加|減|増)")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}\b|\d{3}\D)")


def stated_phrase(claim: Claim) -> str | None:
    """The number phrase of a claim as the source states it ("約108億円削減", "130項目（約76%）")."""
    m = (_COUNT_CLAIM if claim.status is not None else _CHANGE_CLAIM).search(claim.text)
    return m[0] if m else None


def figure_change(figure: Figure) -> tuple[Decimal, Decimal, Decimal]:
    """(first, last, last − first) of a figure's first series."""
    points = figure.series[0].points
    return points[0].value, points[-1].value, points[-1].value - points[0].value


def percent(count: int, total: int) -> Decimal:
    """count/total as a whole percentage, rounded half up (as the source rounds 76%)."""
    return _rounded(Decimal(count) * 100 / Decimal(total), "0") if total else Decimal(0)


@dataclass
class Summary:
    """What `check_report` confirmed, for the CLI's report."""

    pledges: int = 0
    sections: list[tuple[str, int]] = field(default_factory=list)
    counts: dict[Status, int] = field(default_factory=dict)
    confirmed: list[str] = field(default_factory=list)


def _problem(claim_or_fig: Claim | Figure, message: str, expected: str | None = None,
             pledge: int | None = None) -> Problem:
    o = claim_or_fig.origin
    return Problem(o.path, o.line or None, o.column or None, message, expected, pledge)


def _rounded(value: Decimal, like: str) -> Decimal:
    """`value` rounded half-up to as many decimals as the stated number `like` has."""
    places = len(like.split(".")[1]) if "." in like else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits(text: str) -> str:
    """The text with thousands separators between digits removed, so 176,242 reads as 176242."""
    return _GROUPED.sub("", text)


def figure_source_text(report: Report, figure: Figure) -> str | None:
    """The text a figure's values must occur in: the preface, or the title and results of its pledge."""
    if figure.source == "preface":
        return "\n".join(report.preface)
    pledge = report.pledge(int(figure.source))
    if pledge is None:
        return None
    return "\n".join([pledge.title, *(item.text for item in pledge.body)])


def check_report(report: Report) -> tuple[list[Problem], Summary]:
    """Run every cross-record rule. Returns (problems, summary)."""
    problems: list[Problem] = []
    summary = Summary()
    pledges = report.pledges
    summary.pledges = len(pledges)
    summary.sections = [(s.title, len(s.pledges)) for s in report.sections]
    counts = Counter(p.status for p in pledges)
    summary.counts = {status: counts.get(status, 0) for status in Status}

    seen: dict[int, str] = {}
    previous = 0
    for p in pledges:
        o = p.origin
        if p.no in seen:
            problems.append(Problem(o.path, o.line, o.column, f"pledge number {p.no} is used twice "
                                    f"(also in section {seen[p.no]})", "each number once", p.no))
        elif p.no <= previous:
            problems.append(Problem(o.path, o.line, o.column, f"pledge {p.no} comes after pledge {previous}",
                                    "numbers in ascending order across the sections", p.no))
        seen.setdefault(p.no, p.section)
        previous = max(previous, p.no)
    titles = Counter(s.title for s in report.sections)
    for s in report.sections:
        if titles[s.title] > 1:
            problems.append(Problem(s.path, s.origin.line, s.origin.column, f"section title '{s.title}' is used "
                                    "by more than one section file", "each section title once"))

    _check_seed(report, problems)
    _check_errata(report, problems)
    for claim in report.claims:
        if not any(claim.text in paragraph for paragraph in report.preface):  # inside one paragraph
            o = claim.origin
            problems.append(Problem(o.path, o.line or None, o.column or None,
                                    f"the claim '{claim.text}' does not occur in the preface",
                                    "a sentence copied from the preface, which the booklet prints"))
    figures = {f.id: f for f in report.figures}
    for f in report.figures:
        _check_figure(report, f, problems, summary)
    total = len(pledges)
    for claim in report.claims:
        if claim.status is not None:
            _check_count_claim(claim, counts[claim.status], total, problems, summary)
        elif claim.figure is not None:
            figure = figures.get(claim.figure)
            if figure is None:
                problems.append(_problem(claim, f"claim names figure '{claim.figure}', which does not exist",
                                         "one of " + ", ".join(figures) if figures else "a figure id"))
            else:
                _check_change_claim(claim, figure, problems, summary)
    return problems, summary


def _check_seed(report: Report, problems: list[Problem]) -> None:
    src = report.source
    try:
        digest = hashlib.sha256(src.seed.read_bytes()).hexdigest()
    except OSError:
        problems.append(Problem(src.origin.path, src.origin.line, src.origin.column,
                                f"the seed file {src.seed} cannot be read", "the vendored source file"))
        return
    if digest != src.seed_sha256:
        problems.append(Problem(src.origin.path, src.origin.line, src.origin.column,
                                f"the seed's sha256 is {digest}, not the recorded one",
                                f"{src.seed_sha256}; the seed must not change"))


def _check_errata(report: Report, problems: list[Problem]) -> None:
    """errata.yaml must load: the colophon counts it and archivists trace the content through it."""
    path = report.root / "errata.yaml"
    if not path.exists():
        return
    try:
        load_errata(path)
    except (ValueError, OSError, yaml.YAMLError) as err:
        problems.append(Problem(path, None, None, f"errata.yaml cannot be read: {err}",
                                "entries as content/SCHEMA.md describes"))


def _check_figure(report: Report, figure: Figure, problems: list[Problem], summary: Summary) -> None:
    if not figure.series or any(len(s.points) < 1 for s in figure.series):
        problems.append(_problem(figure, f"figure '{figure.id}' has no values", "series with points"))
        return
    text = figure_source_text(report, figure)
    if text is None:
        problems.append(_problem(figure, f"figure '{figure.id}' names pledge {figure.source} as its source, "
                                 "which does not exist", "preface or an existing pledge number"))
        return
    plain = _digits(text)
    where = "the preface" if figure.source == "preface" else f"pledge {figure.source}"
    missing = False
    for series in figure.series:
        for point in series.points:
            number = re.escape(format(point.value, "f"))
            if not re.search(rf"(?<![\d.]){number}(?![\d]|\.\d)", plain):
                o = point.origin
                problems.append(Problem(o.path, o.line, o.column,
                                        f"figure '{figure.id}': {series.name} {point.value} ({point.as_of}) "
                                        f"does not occur in {where}", f"a value stated in {where}",
                                        figure.source if isinstance(figure.source, int) else None))
                missing = True
            if point.as_of not in text:
                o = point.origin
                problems.append(Problem(o.path, o.line, o.column,
                                        f"figure '{figure.id}': as-of label '{point.as_of}' does not occur in "
                                        f"{where}", f"a date label as {where} writes it"))
                missing = True
    if not missing:
        values = sum(len(s.points) for s in figure.series)
        summary.confirmed.append(f"figure {figure.label}: {values} values found in {where}")


def _check_count_claim(claim: Claim, count: int, total: int, problems: list[Problem],
                       summary: Summary) -> None:
    assert claim.status is not None
    m = _COUNT_CLAIM.search(claim.text)
    if m is None:
        problems.append(_problem(claim, f"cannot read a count from the claim '{claim.text}'",
                                 "a sentence with '<n>項目(約<p>%)'"))
        return
    stated, percent_text = int(m[1]), m[3]
    computed_pct = _rounded(Decimal(count) * 100 / Decimal(total), percent_text) if total else Decimal(0)
    ok = True
    if stated != count:
        problems.append(_problem(claim, f"the claim '{claim.text}' states {stated} pledges "
                                 f"{claim.status.value}, but the section files mark {count}",
                                 f"{stated} {claim.status.value} pledges as the sentence states; "
                                 "check the statuses or the sentence"))
        ok = False
    if computed_pct != Decimal(percent_text):
        problems.append(_problem(claim, f"the claim '{claim.text}' states {percent_text}%, but "
                                 f"{count}/{total} rounds to {computed_pct}%", f"{computed_pct}%"))
        ok = False
    if ok:
        summary.confirmed.append(f"{claim.text} = {count}/{total} ({computed_pct}%)")


def _check_change_claim(claim: Claim, figure: Figure, problems: list[Problem], summary: Summary) -> None:
    m = _CHANGE_CLAIM.search(claim.text)
    if m is None:
        problems.append(_problem(claim, f"cannot read a change from the claim '{claim.text}'",
                                 "a sentence such as '約108億円削減'"))
        return
    approx, number, unit, direction = bool(m[1]), m[2].replace(",", ""), m[3], m[4]
    points = figure.series[0].points
    if len(points) < 2:
        problems.append(_problem(claim, f"figure '{figure.id}' has fewer than two values to compare",
                                 "a first and a last value"))
        return
    change = points[-1].value - points[0].value
    stated = Decimal(number) * (-1 if direction in ("削減", "減少", "減") else 1)
    if unit != figure.unit:
        problems.append(_problem(claim, f"the claim '{claim.text}' is in {unit}, but figure '{figure.id}' is in "
                                 f"{figure.unit}", figure.unit))
        return
    # 約 allows half a unit of the last stated digit; otherwise the stated precision must match exactly.
    step = Decimal(1).scaleb(-(len(number.split(".")[1]) if "." in number else 0))
    tolerance = step / 2 if approx else Decimal(0)
    if (abs(change - stated) > tolerance) if approx else (_rounded(change, number) != stated):
        problems.append(_problem(claim, f"the claim '{claim.text}' states {stated:+}{unit}, but "
                                 f"{figure.label} went from {points[0].value} to {points[-1].value} "
                                 f"({change:+}{unit})",
                                 f"{change:+}{unit}" + (" within ±" + str(tolerance) if approx else "")))
        return
    summary.confirmed.append(f"{claim.text} ≈ {figure.label} {points[0].value} → {points[-1].value} "
                             f"({change:+}{unit})")
