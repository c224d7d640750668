"""Content stage: rules across records, run on a loaded `Report`.

In: a `Report` from `content.loader`. Out: a list of `Problem`s (empty when the edition is sound) and a
`Summary` of what was confirmed. The rules: pledge numbers unique and ascending (so each pledge is in exactly
one section; a repeated or out-of-order number names the other place too); the seed's checksum; the errata
against the seed (each erratum's pledge exists in the seed and its excerpt occurs there as often as it says,
so what the colophon and the manifest count is what was applied); every stated claim re-derived from the
data (status counts and rounded percentages, changes in figures within the stated rounding), with the numbers
parsed out of the source's own sentences so that the comparison is not circular; every figure value present
in its source text. The claim patterns can only start a number where a digit run starts, so parsing is
linear in the claim's length; a number in a claim has at most `LIMITS.max_figure_digits` digits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from content.gate import LIMITS, shown
from content.model import Claim, Figure, Origin, Pledge, Report, Status
from content.problems import Problem, display_path
from content.seed import SeedError, errata_problems, parse_seed

# Each pattern can start a number only where a run of digits (and separators) starts, and no two adjacent
# parts can match the same characters, so a search is linear in the text however long it is.
_COUNT_CLAIM = re.compile(r"(?<!\d)(\d+)項目[（(]\s*(?:(約)\s*)?(\d+(?:\.\d+)?)\s*[%％]")
_CHANGE_CLAIM = re.compile(r"(約)?(?<![\d,.])(\d[\d,]*(?:\.\d+)?)(億円|万円|千円|円|人|件|t|%)(削減|減少|増加|減|増)")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}\b|\d{3}\D)")
# Enough digits for any difference and rounding of numbers of at most LIMITS.max_figure_digits digits.
_EXACT = Context(prec=4 * LIMITS.max_figure_digits + 4)


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

    seen: dict[int, Pledge] = {}
    previous: Pledge | None = None  # the highest-numbered pledge so far
    for p in pledges:
        o = p.origin
        if p.no in seen:
            problems.append(Problem(o.path, o.line, o.column, f"pledge number {p.no} is used twice: first at "
                                    f"{_place(seen[p.no].origin)} (section {shown(seen[p.no].section)})",
                                    "each number once", p.no))
        elif previous is not None and p.no < previous.no:
            problems.append(Problem(o.path, o.line, o.column, f"pledge {p.no} comes after pledge {previous.no} "
                                    f"(at {_place(previous.origin)})",
                                    "numbers in ascending order across the sections", p.no))
        seen.setdefault(p.no, p)
        if previous is None or p.no > previous.no:
            previous = p
    first_title: dict[str, Origin] = {}
    for s in report.sections:
        o = s.title_origin if s.title_origin.line else s.origin
        if s.title in first_title:
            problems.append(Problem(o.path, o.line, o.column, f"section title {shown(s.title)} is used by more "
                                    f"than one section file: first at {_place(first_title[s.title])}",
                                    "each section title once"))
        first_title.setdefault(s.title, o)

    _check_seed(report, problems)
    _check_errata(report, problems)
    for claim in report.claims:
        if not any(claim.text in paragraph for paragraph in report.preface):  # inside one paragraph
            o = claim.origin
            problems.append(Problem(o.path, o.line or None, o.column or None,
                                    f"the claim {shown(claim.text)} does not occur in the preface",
                                    "a sentence copied from the preface, which the booklet prints"))
    figures = {f.id: f for f in report.figures}
    for f in report.figures:
        _check_figure(report, f, problems, summary)
    total = len(pledges)
    with localcontext(_EXACT):
        for claim in report.claims:
            if claim.status is not None:
                _check_count_claim(claim, counts[claim.status], total, problems, summary)
            elif claim.figure is not None:
                figure = figures.get(claim.figure)
                if figure is None:
                    problems.append(_problem(claim, f"claim names figure {shown(claim.figure)}, which does not "
                                             "exist", "one of " + ", ".join(figures) if figures else "a figure id"))
                else:
                    _check_change_claim(claim, figure, problems, summary)
    return problems, summary


def _place(origin: Origin) -> str:
    """file:line:column of another place, for a message that names two."""
    return f"{display_path(origin.path)}:{origin.line}:{origin.column}"


def _check_seed(report: Report, problems: list[Problem]) -> None:
    """The seed as the loader read it (through the gate) must be the one whose sha256 report.yaml records."""
    src = report.source
    if report.seed_digest != src.seed_sha256:
        problems.append(Problem(src.origin.path, src.origin.line, src.origin.column,
                                f"the seed's sha256 is {report.seed_digest}, not the recorded one",
                                f"{src.seed_sha256}; the seed must not change"))


def _check_errata(report: Report, problems: list[Problem]) -> None:
    """The errata must fit the seed: the colophon counts them and archivists trace the content through
    them, so an erratum for a pledge the seed does not have, or whose excerpt does not occur, is a problem."""
    if not report.errata:
        return
    try:
        seed = parse_seed(report.seed_text)
    except SeedError as err:
        problems.append(Problem(report.source.seed, err.line, None, "the seed cannot be read as a report, so "
                                f"errata.yaml cannot be checked against it: {err.message}",
                                "a seed with ■ section headings and numbered pledges marked ○ △ ×, as "
                                "content/seed.py reads it; or no errata.yaml"))
        return
    problems += errata_problems(seed, report.errata)


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


def _too_long(claim: Claim, number: str, problems: list[Problem], limit: int = LIMITS.max_figure_digits) -> bool:
    """A number in a claim with more digits than `limit`: a problem, so that nothing computes with it."""
    digits = sum(ch.isdigit() for ch in number)
    if digits <= limit:
        return False
    problems.append(_problem(claim, f"a number in the claim {shown(claim.text)} has {digits:,} digits, more than "
                             f"the limit of {limit}", f"a number of at most {limit} digits"))
    return True


def _check_count_claim(claim: Claim, count: int, total: int, problems: list[Problem],
                       summary: Summary) -> None:
    assert claim.status is not None
    m = _COUNT_CLAIM.search(claim.text)
    if m is None:
        problems.append(_problem(claim, f"cannot read a count from the claim {shown(claim.text)}",
                                 "a sentence with '<n>項目(約<p>%)'"))
        return
    if _too_long(claim, m[1], problems, LIMITS.max_digits) or _too_long(claim, m[3], problems):
        return
    stated, percent_text = int(m[1]), m[3]
    computed_pct = _rounded(Decimal(count) * 100 / Decimal(total), percent_text) if total else Decimal(0)
    ok = True
    if stated != count:
        problems.append(_problem(claim, f"the claim {shown(claim.text)} states {stated} pledges "
                                 f"{claim.status.value}, but the section files mark {count}",
                                 f"{stated} {claim.status.value} pledges as the sentence states; "
                                 "check the statuses or the sentence"))
        ok = False
    if computed_pct != Decimal(percent_text):
        problems.append(_problem(claim, f"the claim {shown(claim.text)} states {percent_text}%, but "
                                 f"{count}/{total} rounds to {computed_pct}%", f"{computed_pct}%"))
        ok = False
    if ok:
        summary.confirmed.append(f"{claim.text} = {count}/{total} ({computed_pct}%)")


def _check_change_claim(claim: Claim, figure: Figure, problems: list[Problem], summary: Summary) -> None:
    m = _CHANGE_CLAIM.search(claim.text)
    if m is None:
        problems.append(_problem(claim, f"cannot read a change from the claim {shown(claim.text)}",
                                 "a sentence such as '約108億円削減'"))
        return
    approx, number, unit, direction = bool(m[1]), m[2].replace(",", ""), m[3], m[4]
    if _too_long(claim, number, problems):
        return
    points = figure.series[0].points
    if len(points) < 2:
        problems.append(_problem(claim, f"figure '{figure.id}' has fewer than two values to compare",
                                 "a first and a last value"))
        return
    change = points[-1].value - points[0].value
    stated = Decimal(number) * (-1 if direction in ("削減", "減少", "減") else 1)
    if unit != figure.unit:
        problems.append(_problem(claim, f"the claim {shown(claim.text)} is in {unit}, but figure '{figure.id}' is in "
                                 f"{figure.unit}", figure.unit))
        return
    # 約 allows half a unit of the last stated digit; otherwise the stated precision must match exactly.
    step = Decimal(1).scaleb(-(len(number.split(".")[1]) if "." in number else 0))
    tolerance = step / 2 if approx else Decimal(0)
    if (abs(change - stated) > tolerance) if approx else (_rounded(change, number) != stated):
        problems.append(_problem(claim, f"the claim {shown(claim.text)} states {stated:+}{unit}, but "
                                 f"{figure.label} went from {points[0].value} to {points[-1].value} "
                                 f"({change:+}{unit})",
                                 f"{change:+}{unit}" + (" within ±" + str(tolerance) if approx else "")))
        return
    summary.confirmed.append(f"{claim.text} ≈ {figure.label} {points[0].value} → {points[-1].value} "
                             f"({change:+}{unit})")
