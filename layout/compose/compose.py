"""Layout stage, composer: paragraph composition.  In: a paragraph's text, font metrics, the
measure in pt and the first-line indent.  Out: a :class:`~layout.compose.result.Paragraph` —
justified lines of positioned glyphs, plus warnings.

Line breaking is greedy with lookahead.  From a line start, every legal break (see
:mod:`layout.compose.rules`) is tried in order while the line's *minimum* width (every Table 3
reduction applied) still fits; the last one that fits wins.  So a line is pushed in (追い込み,
reduced) whenever that is possible, and otherwise the prohibited characters are pushed out
(追い出し) to the next line and the shorter line is expanded (Table 6) — reduction is preferred
to expansion (reference §4.1, fig. 2_33 ③).  Every line but the last is justified to the
measure; the last is flush left, reduced only if it is slightly too long.

Last resort: when the text from a break to the next legal break cannot fit any line (a word or
URL longer than the measure), the line is filled and broken at the character level instead,
preferring a position that respects kinsoku, and a ``forced-break`` warning is returned.  A
line never exceeds the measure (within 1e-6 pt) unless a single glyph is wider (``overflow``).

The extracted text of the lines, concatenated, is the input: spacing is positioning only.
Spaces at a break stay on the line they end, at zero width (see :mod:`layout.compose.rules`),
except that a run of U+3000 keeps its width when the line fits with it unreduced (T12).
"""
from __future__ import annotations

from .adjust import Plan, plan_expansion, plan_reduction
from .classes import IDEO_SPACE, INSEPARABLE, MIDDLE_DOT, SPACES, WORD_SPACE, resolve_classes
from .metrics import Metrics
from .result import Adjustment, ComposeWarning, Glyph, Line, Paragraph
from .rules import break_opportunities, no_end, no_start
from .spacing import EXPAND_CAP, Q, STEP_SPACE, GapSpec, end_aki, gap_spec, glyph_box
from .units import find_units

TOL = 1e-6  # pt
_NO_GAP = GapSpec(0.0, (), 0, 0.0)
_CANON_DASH = {"―": "—"}


class _Prepared:
    """Per-character data of one paragraph: classes, boxes and the gaps between neighbours."""

    def __init__(self, text: str, metrics: Metrics, line_end_half: bool) -> None:
        em = self.em = float(metrics.size)
        self.text = text
        n = len(text)
        units = find_units(text)
        cls, attached = resolve_classes(text, units)
        self.cls, self.attached = cls, attached
        self.brk = break_opportunities(text, cls, attached, units)
        self.adv = [metrics.advance(ch) for ch in text]
        boxes = [glyph_box(c, a, em) for c, a in zip(cls, self.adv)]
        self.box = [b[0] for b in boxes]
        self.trim = [b[1] for b in boxes]
        self.spec: list[GapSpec] = []
        self.space: list[float] = []       # word-space width inside gap i (pt)
        self.gnat: list[float] = []        # natural gap i, between text[i] and text[i+1] (pt)
        self.gcap: list[float] = []        # total reduction capacity of gap i (pt)
        for i in range(n - 1):
            if attached[i + 1]:
                spec = _NO_GAP
            else:
                same = (cls[i] == cls[i + 1] == INSEPARABLE and
                        _CANON_DASH.get(text[i], text[i]) == _CANON_DASH.get(text[i + 1],
                                                                             text[i + 1]))
                spec = gap_spec(cls[i], cls[i + 1], same)
            sp = self.adv[i + 1] if cls[i + 1] == WORD_SPACE else 0.0
            self.spec.append(spec)
            self.space.append(sp)
            self.gnat.append(spec.natural * em + sp)
            self.gcap.append(sum(cap for _, cap in spec.reduce) * em + 0.25 * sp)
        ends = [end_aki(c, line_end_half) for c in cls]
        self.endaki = [a * em for a, _ in ends]
        self.endstep = [s for _, s in ends]


class _Composer:
    def __init__(self, text: str, metrics: Metrics, measure: float, first_indent: float,
                 line_end_half: bool) -> None:
        self.p = _Prepared(text, metrics, line_end_half)
        self.n = len(text)
        self.measure = measure
        self.first_indent = first_indent
        self.memo: dict[int, int | None] = {}
        self.warnings: list[ComposeWarning] = []

    def indent(self, s: int) -> float:
        return self.first_indent if s == 0 else 0.0

    def best_break(self, s: int) -> int | None:
        """The furthest legal break after *s* whose line fits with every reduction applied."""
        if s in self.memo:
            return self.memo[s]
        p, limit = self.p, self.measure + TOL
        width, cap = self.indent(s), 0.0
        low = 0.0
        best = None
        for j in range(s, self.n):
            if j > s:
                width += p.gnat[j - 1]
                cap += p.gcap[j - 1]
            width += p.box[j]
            if j == s or p.cls[j] not in SPACES:
                # minimum width of a line ending at j (trailing spaces hung; a final ・ keeps its ¼ after)
                low = width - cap + (p.endaki[j] if p.cls[j] == MIDDLE_DOT else 0.0)
            if low > limit:
                break
            if p.brk[j + 1]:
                best = j + 1
        self.memo[s] = best
        return best

    def forced_break(self, s: int) -> int:
        """Character-level break: the furthest fitting position, kinsoku-clean if possible."""
        p, limit = self.p, self.measure + TOL
        width, cap = self.indent(s), 0.0
        any_pos = nice = None
        for j in range(s, self.n):
            if j > s:
                width += p.gnat[j - 1]
                cap += p.gcap[j - 1]
            width += p.box[j]
            kept = p.endaki[j] if p.cls[j] == MIDDLE_DOT else 0.0  # a final ・ keeps its ¼ after
            if width - cap + kept > limit and p.cls[j] not in SPACES:
                break
            i = j + 1
            if i == self.n or (not p.attached[i] and p.cls[i] not in SPACES):
                any_pos = i
                if i == self.n or not (no_start(p.text[i], p.cls[i]) or
                                       no_end(p.text[j], p.cls[j])):
                    nice = i
        end = nice or any_pos
        if end is None:  # a single glyph wider than the measure
            end = s + 1
            while end < self.n and p.attached[end]:
                end += 1
        return end

    def compose(self) -> list[Line]:
        lines: list[Line] = []
        s = 0
        while s < self.n:
            e = self.best_break(s)
            forced = e is None
            if e is None:
                e = self.forced_break(s)
            elif e < self.n and self.best_break(e) is None:
                f = self.forced_break(s)
                if f > e:
                    e, forced = f, True
            if forced:
                self.warnings.append(ComposeWarning(
                    "forced-break", e, len(lines),
                    f"no legal break fits the measure; broke {self.p.text[max(s, e - 8):e]!r}|"
                    f"{self.p.text[e:e + 8]!r} at the character level"))
            lines.append(self.layout(s, e, len(lines)))
            s = e
        return lines

    def natural(self, s: int, c: int) -> float:
        p = self.p
        return (self.indent(s) + sum(p.box[s:c + 1]) + sum(p.gnat[s:c]) + p.endaki[c])

    def layout(self, s: int, e: int, number: int) -> Line:
        """Position text[s:e] as one line (justified unless it ends the paragraph)."""
        p, em, last = self.p, self.p.em, e == self.n
        c = e - 1
        while c > s and p.cls[c] in SPACES:
            c -= 1
        if c < e - 1 and all(p.cls[j] == IDEO_SPACE for j in range(c + 1, e)) and \
                self.natural(s, e - 1) <= self.measure + TOL:
            c = e - 1  # T12: a U+3000 that fits unreduced keeps its em
        natural = self.natural(s, c)
        cont: list[tuple[int, object, float]] = []
        grow: list[tuple[int, object, float]] = []
        fallback: list[object] = []
        final_dot = p.cls[c] == MIDDLE_DOT and c > s and p.spec[c - 1].dot_before > 0
        for j in range(s, c):
            spec = p.spec[j]
            comps = spec.reduce[:-1] if final_dot and j == c - 1 else spec.reduce
            cont += [(step, (j, k), cap * em) for k, (step, cap) in enumerate(comps)]
            if p.space[j]:
                cont.append((STEP_SPACE, (j, "s"), 0.25 * p.space[j]))
            step = spec.expand_step
            if step:
                cap = 0.5 * p.space[j] if step == 1 else EXPAND_CAP.get(step, 0.0) * em
                grow.append((step, j, cap))
            if not p.attached[j + 1]:
                fallback.append(j)
        discrete: list[tuple[int, object, float]] = []
        if p.endaki[c] > 0:
            # A line-final ・ keeps the ¼ after it (the blank half of its 1-em glyph, so the glyph never
            # passes the measure); only the ¼ before it is removed at this step.
            if final_dot:
                discrete.append((p.endstep[c], "end", Q * em))
            elif p.cls[c] != MIDDLE_DOT:
                discrete.append((p.endstep[c], "end", p.endaki[c]))
        excess = natural - self.measure
        plan = Plan()
        if excess > TOL:
            plan = plan_reduction(excess, cont, discrete)
            if plan.overflow > TOL:
                self.warnings.append(ComposeWarning(
                    "overflow", s, number, f"line {p.text[s:e]!r} exceeds the measure by "
                    f"{plan.overflow:.3f} pt"))
        short = plan.giveback if excess > TOL else -excess
        if not last and short > TOL:
            plan = plan_expansion(short, grow, fallback, plan)
            if plan.shortfall > TOL:
                self.warnings.append(ComposeWarning(
                    "underfull", s, number, f"line {p.text[s:e]!r} cannot be justified; "
                    f"{plan.shortfall:.3f} pt short"))
        return self.place(s, e, c, natural, plan, last)

    def place(self, s: int, e: int, c: int, natural: float, plan: Plan, last: bool) -> Line:
        p = self.p
        red = [0.0] * max(c - s, 0)
        space_red = [0.0] * max(c - s, 0)
        for (j, k), amount in plan.reduce.items():
            red[j - s] += amount
            if k == "s":
                space_red[j - s] += amount
        end_kept = p.endaki[c]
        reduced = sum(plan.reduce.values())
        if "end" in plan.discrete:
            if p.cls[c] == MIDDLE_DOT:
                if c > s and p.spec[c - 1].dot_before > 0:
                    red[c - 1 - s] += Q * p.em
                    reduced += Q * p.em
            else:
                reduced += end_kept
                end_kept = 0.0
        glyphs: list[Glyph] = []
        x = self.indent(s)
        for j in range(s, c + 1):
            if j > s:
                g = p.gnat[j - 1] - red[j - 1 - s] + plan.expand.get(j - 1, 0.0)
                if p.cls[j] == WORD_SPACE:  # the space's own part is the end of the gap
                    own = p.space[j - 1] - space_red[j - 1 - s] + plan.expand.get(j - 1, 0.0)
                    glyphs.append(Glyph(p.text[j], x + g - own, own, x + g - own, p.adv[j],
                                        p.cls[j]))
                    x += g
                    continue
                x += g
            glyphs.append(Glyph(p.text[j], x, p.box[j], x - p.trim[j], p.adv[j], p.cls[j]))
            x += p.box[j]
        width = x + end_kept
        for j in range(c + 1, e):  # spaces hung at the line end: zero width
            glyphs.append(Glyph(p.text[j], width, 0.0, width, p.adv[j], p.cls[j]))
        adjustment = Adjustment(reduced, sum(plan.expand.values()), tuple(plan.steps))
        return Line(tuple(glyphs), s, e, self.indent(s), natural, width, end_kept, last,
                    adjustment)


def compose_paragraph(text: str, metrics: Metrics, measure: float, *,
                      first_indent: float = 0.0, line_end_half: bool = False) -> Paragraph:
    """Compose *text* into justified lines of *measure* pt (JLREQ, horizontal, very strict).

    *first_indent* (pt) is left blank before the first line; a paragraph-initial 「 is set flush
    after it (pattern ① of §3.1.5 with a 1-em indent).  *line_end_half* keeps the JLREQ-preferred
    ½ aki after a line-final 」、。 (default: solid, see :mod:`layout.compose.spacing`)."""
    if not measure > 0 or not metrics.size > 0:
        raise ValueError(f"measure and font size must be positive (got {measure}, {metrics.size})")
    composer = _Composer(text, metrics, float(measure), float(first_indent), line_end_half)
    lines = composer.compose()
    return Paragraph(text, float(measure), tuple(lines), tuple(composer.warnings))
