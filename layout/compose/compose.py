"""Layout stage, composer: paragraph composition.  In: a paragraph's text, font metrics (with an
optional proportional Latin face), the measure in pt, the first-line indent, an adjustment policy and
the shortest last line.  Out: a :class:`~layout.compose.result.Paragraph` — justified lines of
positioned glyphs, each with the face it is set in, plus warnings.

Line breaking is greedy with lookahead.  From a line start, every legal break (see
:mod:`layout.compose.rules`) is tried in order while the line's *minimum* width (every reduction the
policy allows, :mod:`layout.compose.policy`) still fits; the last one that fits wins.  So a line is
pushed in (追い込み, reduced) whenever the policy allows it, and otherwise the prohibited characters
are pushed out (追い出し) to the next line and the shorter line is expanded (Table 6) — reduction is
preferred to expansion (reference §4.1, fig. 2_33 ③).  A break inside a word (a katakana run, a Latin
word at its hyphen) is taken only when no whole-word break fits within the policy's ``max_push``.
A last line shorter than *min_last* characters (a runt) takes characters from the line before
(:meth:`_Composer.lengthen_last`).  Every line but the last is justified to the measure, except a
line that holds a URL, which is set flush left; the last is flush left, reduced only if it is
slightly too long.

**Faces.**  When the metrics carry a ``latin`` face, Latin words, URLs and runs of digits with
letters are measured and set in it (:func:`latin_faces`); numbers alone stay in the main face.  A
comma or decimal point between two digits is set in a quarter em (``GROUP_MARK_EM``; the ink of the
fonts' half-width comma is narrower), so 「2,371」 reads as one number.

Last resort: when the text from a break to the next legal break cannot fit any line (a word or
URL longer than the measure), the line is filled and broken at the character level instead,
preferring a position that respects kinsoku, and a ``forced-break`` warning is returned.  A
line never exceeds the measure (within 1e-6 pt) unless a single glyph is wider (``overflow``).

The extracted text of the lines, concatenated, is the input: spacing is positioning only.
Spaces at a break stay on the line they end, at zero width (see :mod:`layout.compose.rules`),
except that a run of U+3000 after a line-final ？ or ！ keeps its width when the line fits with it
unreduced (T12); a U+3000 between words (「イン　レジデンス」) hangs like any space, and the line is
justified without it.
"""
from __future__ import annotations

from .adjust import Plan, plan_expansion, plan_reduction
from .classes import (DIVIDING, IDEO_SPACE, INSEPARABLE, KATAKANA, LATIN, MIDDLE_DOT, NUMERAL, PROLONGED,
                      SMALL_KANA, SPACES, WESTERN, WORD_SPACE, resolve_classes)
from .metrics import Metrics
from .policy import DEFAULT_POLICY, Policy, policy as get_policy
from .result import Adjustment, ComposeWarning, Glyph, Line, Paragraph
from .rules import break_opportunities, no_end, no_start
from .spacing import (EXPAND_CAP, Q, STEP_END_DOT, STEP_MID_DOT, STEP_SPACE, GapSpec, end_aki,
                      gap_spec, glyph_box)
from .units import Span, find_units

TOL = 1e-6  # pt
_NO_GAP = GapSpec(0.0, (), 0, 0.0)
_CANON_DASH = {"―": "—"}
_KANA_WORD = frozenset({KATAKANA, PROLONGED, SMALL_KANA})
_GROUP_MARKS = ",."
LINE_COST = 10.0  # total fit: the cost of one more line (100 × 0.32² em of adjustment per place)
GROUP_MARK_EM = 0.25  # the set width of a digit-group comma or decimal point (its ink is < 0.24 em)


def _is_katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f"


def latin_faces(text: str, cls: list[int], units: list[Span]) -> list[bool]:
    """Which characters are set in the proportional Latin face: every character of a URL, and of each
    run of ASCII Western characters (letters, digits and the punctuation that resolved to them) that
    holds a letter, with the word spaces between two such runs.  Numbers stay in the fixed-pitch face
    (half-width figures, aligned in tables), also before a unit (58,607t: only the t is proportional);
    digits inside a word (ETC2.0, 5G) are set with it."""
    n = len(text)
    face = [False] * n
    for start, end, kind in units:
        if kind == "url":
            face[start:end] = [True] * (end - start)
    i = 0
    while i < n:
        if text[i].isascii() and cls[i] in WESTERN:
            j = i
            while j < n and text[j].isascii() and cls[j] in WESTERN:
                j += 1
            if any(ch.isalpha() for ch in text[i:j]):
                # a number followed by a unit (58,607t, 12km) keeps its figures in the fixed-pitch face
                # beside every other number; a word that mixes them (ETC2.0, 5G, COVID-19) is one word
                k = i
                while k < j and (text[k].isdigit() or (text[k] in _GROUP_MARKS and k > i)):
                    k += 1
                start = k if k > i and text[k:j].isalpha() else i
                face[start:j] = [True] * (j - start)
            i = j
        else:
            i += 1
    for i in range(1, n - 1):
        if text[i] == " " and face[i - 1]:
            j = i
            while j < n and text[j] == " ":
                j += 1
            if j < n and face[j]:
                face[i:j] = [True] * (j - i)
    return face


class _Prepared:
    """Per-character data of one paragraph: classes, faces, boxes, the gaps between neighbours and
    what the policy lets each gap give or take."""

    def __init__(self, text: str, metrics: Metrics, line_end_half: bool, pol: Policy) -> None:
        em = self.em = float(metrics.size)
        self.text = text
        self.policy = pol
        n = len(text)
        units = find_units(text)
        cls, attached = resolve_classes(text, units)
        self.cls, self.attached = cls, attached
        self.brk = break_opportunities(text, cls, attached, units)
        latin = getattr(metrics, "latin", None)
        self.face = latin_faces(text, cls, units) if latin is not None else [False] * n
        self.adv = [latin.advance(ch) if f else metrics.advance(ch)  # type: ignore[union-attr]
                    for ch, f in zip(text, self.face)]
        self.url = bytearray(n + 1)
        for start, end, kind in units:
            if kind == "url":
                self.url[start:end] = b"\x01" * (end - start)
        boxes = [glyph_box(c, a, em) for c, a in zip(cls, self.adv)]
        for i in range(1, n - 1):  # a digit-group comma or decimal point is set in a quarter em
            if text[i] in _GROUP_MARKS and cls[i] == NUMERAL and not self.url[i] and \
                    text[i - 1].isdigit() and text[i + 1].isdigit():
                boxes[i] = (min(self.adv[i], GROUP_MARK_EM * em), 0.0)
        self.box = [b[0] for b in boxes]
        self.trim = [b[1] for b in boxes]
        # a break before i falls inside a word: a katakana run, or a Latin word at its hyphen
        self.inword = [False] * (n + 1)
        for i in range(1, n):
            a, b = cls[i - 1], cls[i]
            if (a in _KANA_WORD and b in _KANA_WORD and _is_katakana(text[i - 1]) and
                    _is_katakana(text[i])) or (a == LATIN and b == LATIN and not self.url[i]):
                self.inword[i] = True
        self.spec: list[GapSpec] = []
        self.red: list[tuple[tuple[int, float], ...]] = []  # (step, capacity em) the policy allows
        self.space: list[float] = []       # word-space width inside gap i (pt)
        self.gnat: list[float] = []        # natural gap i, between text[i] and text[i+1] (pt)
        self.gcap: list[float] = []        # total reduction capacity of gap i (pt)
        self.grows: list[int] = []         # 1 if the policy may expand gap i
        space_cap = 0.25 if STEP_SPACE in pol.reduce_steps else 0.0
        for i in range(n - 1):
            if attached[i + 1]:
                spec = _NO_GAP
            else:
                same = (cls[i] == cls[i + 1] == INSEPARABLE and
                        _CANON_DASH.get(text[i], text[i]) == _CANON_DASH.get(text[i + 1],
                                                                             text[i + 1]))
                spec = gap_spec(cls[i], cls[i + 1], same)
            red = tuple((step, c) for step, c in
                        ((step, pol.reduce_cap(step, cap)) for step, cap in spec.reduce) if c > 0)
            sp = self.adv[i + 1] if cls[i + 1] == WORD_SPACE else 0.0
            self.spec.append(spec)
            self.red.append(red)
            self.space.append(sp)
            self.gnat.append(spec.natural * em + sp)
            self.gcap.append(sum(cap for _, cap in red) * em + space_cap * sp)
            self.grows.append(int(spec.expand_step == 4 or spec.expand_step in pol.expand_steps))
        ends = [end_aki(c, line_end_half) for c in cls]
        self.endaki = [a * em for a, _ in ends]
        self.endstep = [s if s in pol.reduce_steps else 0 for _, s in ends]


class _Composer:
    def __init__(self, text: str, metrics: Metrics, measure: float, first_indent: float,
                 line_end_half: bool, pol: Policy, min_last: int, justify: bool) -> None:
        self.p = _Prepared(text, metrics, line_end_half, pol)
        self.n = len(text)
        self.measure = measure
        self.first_indent = first_indent
        self.min_last = min_last
        self.justify = justify
        self.memo: dict[int, int | None] = {}
        self.fits_memo: dict[int, list[tuple[int, float, int, int]]] = {}
        self.warnings: list[ComposeWarning] = []

    def indent(self, s: int) -> float:
        return self.first_indent if s == 0 else 0.0

    def fitting_breaks(self, s: int) -> list[tuple[int, float, int, int]]:
        """Every legal break after *s* whose line fits the measure with the policy's reductions, as
        (break, the line's natural width in pt up to its last visible glyph, the number of places the
        policy may expand, the number of places it may reduce)."""
        cached = self.fits_memo.get(s)
        if cached is not None:
            return cached
        p, limit = self.p, self.measure + TOL
        width, cap = self.indent(s), 0.0
        low = natural = 0.0
        places = counted = reducible = rcounted = 0
        out = []
        for j in range(s, self.n):
            if j > s:
                width += p.gnat[j - 1]
                cap += p.gcap[j - 1]
                places += p.grows[j - 1]
                reducible += p.gcap[j - 1] > 0
            width += p.box[j]
            if j == s or p.cls[j] not in SPACES:
                # minimum width of a line ending at j (trailing spaces hung; a final ・ keeps its ¼ after)
                low = width - cap + (p.endaki[j] if p.cls[j] == MIDDLE_DOT else 0.0)
                natural = width + p.endaki[j]
                counted, rcounted = places, reducible
            if low > limit:
                break
            if p.brk[j + 1]:
                out.append((j + 1, natural, counted, rcounted))
        self.fits_memo[s] = out
        return out

    def best_break(self, s: int) -> int | None:
        """The furthest fitting break after *s* that does not split a word (a katakana run, a Latin
        word at its hyphen), unless keeping the word whole leaves more than the policy's
        ``max_push`` em to spread over the line; then the furthest fitting break."""
        if s in self.memo:
            return self.memo[s]
        fits = self.fitting_breaks(s)
        best = None
        if fits:
            best = fits[-1][0]
            if best < self.n and self.p.inword[best]:
                # a ragged line is not expanded, so it may stay shorter: twice the slack, any places
                slack = self.p.policy.max_push * self.p.em * (1 if self.justify else 2)
                whole = [e for e, nat, places, _ in fits if (e == self.n or not self.p.inword[e]) and
                         (places or not self.justify) and self.measure - nat <= slack + TOL]
                if whole:
                    best = whole[-1]
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

    def line_cost(self, s: int, e: int, natural: float, places: int, reducible: int) -> float:
        """The badness of a line text[s:e] for the total-fit breaker: ``LINE_COST`` (so a paragraph
        never takes an extra line to save less than that) + 100 × (the adjustment per place, in em)²,
        so one line spaced out by 0.2 em costs as much as four by 0.1 em; a break inside a word adds 2
        (as much as 0.14 em per place), a runt last line 1,000, a line that cannot be justified 10,000."""
        p, em = self.p, self.p.em
        if e == self.n:
            runt = self.visible(s, e) < self.min_last and s > 0
            return LINE_COST + (1000.0 if runt else 0.0)
        cost = LINE_COST + (2.0 if p.inword[e] else 0.0)
        if any(p.url[s:e]):  # flush left: only a mild preference for full lines
            return cost + 10.0 * ((self.measure - natural) / self.measure) ** 2
        d = self.measure - natural
        if d > TOL:
            if not places:
                return cost + 10000.0
            return cost + 100.0 * (d / (places * em)) ** 2
        if d < -TOL:
            return cost + 100.0 * (-d / (max(reducible, 1) * em)) ** 2
        return cost

    def total_fit(self) -> list[tuple[int, int]] | None:
        """The breaks that minimise the paragraph's summed line cost (:meth:`line_cost`) over the legal
        breaks whose lines fit the policy, looking at the breaks within ``window`` em of each line's
        furthest one (a bounded Knuth–Plass over JLREQ's break opportunities).  None when some line
        has no fitting break (the greedy breaker then forces one and warns)."""
        window = self.p.policy.window * self.p.em
        best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
        order = [0]
        seen = {0}
        k = 0
        while k < len(order):
            s = order[k]
            k += 1
            fits = self.fitting_breaks(s)
            if not fits:
                return None
            furthest = fits[-1][1]
            base = best[s][0]
            for e, natural, places, reducible in fits:
                if e != self.n and natural < furthest - window and natural < self.measure - window:
                    continue
                cost = base + self.line_cost(s, e, natural, places, reducible)
                old = best.get(e)  # on a tie, the later start: earlier lines stay full, as greedy sets them
                if old is None or cost < old[0] - 1e-9 or (cost <= old[0] + 1e-9 and s > old[1]):
                    best[e] = (cost, s)
                if e not in seen and e != self.n:
                    seen.add(e)
                    order.append(e)
            order[k:] = sorted(order[k:])
        if self.n not in best:
            return None
        spans, e = [], self.n
        while e > 0:
            s = best[e][1]
            spans.append((s, e))
            e = s
        return spans[::-1]

    def breaks(self) -> list[tuple[int, int]]:
        """The lines as (start, end): total fit for justified text (:meth:`total_fit`), else greedy
        with lookahead, then the last line lengthened."""
        if self.justify and self.p.policy.window > 0 and self.n:
            spans_fit = self.total_fit()
            if spans_fit is not None:
                last = spans_fit[-1]
                if len(spans_fit) > 1 and self.visible(*last) < self.min_last:
                    return self.lengthen_last(spans_fit)
                return spans_fit
        spans: list[tuple[int, int]] = []
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
                    "forced-break", e, len(spans),
                    f"no legal break fits the measure; broke {self.p.text[max(s, e - 8):e]!r}|"
                    f"{self.p.text[e:e + 8]!r} at the character level"))
            spans.append((s, e))
            s = e
        return self.lengthen_last(spans)

    def visible(self, s: int, e: int) -> int:
        return sum(1 for j in range(s, e) if self.p.cls[j] not in SPACES)

    def lengthen_last(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A runt (a last line shorter than ``min_last`` characters, punctuation included) takes
        characters from the line before: that line breaks at the latest earlier legal break that
        leaves the last line long enough and still fitting, and is expanded within the policy.
        A break inside a word is used only if no other will do.  If none exists, a ``runt`` warning."""
        if len(spans) < 2 or self.visible(*spans[-1]) >= self.min_last:
            return spans
        (s, e), n = spans[-2], self.n
        p = self.p
        candidates = [b for b in range(e - 1, s, -1)
                      if p.brk[b] and self.visible(b, n) >= self.min_last and
                      self.visible(s, b) >= self.min_last]
        fitting = [b for b in candidates if any(e == n for e, *_ in self.fitting_breaks(b))]
        whole = [b for b in fitting if not p.inword[b]]
        choice = (whole or fitting or [None])[0]
        if choice is None:
            self.warnings.append(ComposeWarning(
                "runt", spans[-1][0], len(spans) - 1,
                f"the last line {p.text[spans[-1][0]:]!r} is shorter than {self.min_last} characters "
                f"and no earlier break of the line before can lengthen it"))
            return spans
        return spans[:-2] + [(s, choice), (choice, n)]

    def compose(self) -> list[Line]:
        return [self.layout(s, e, number) for number, (s, e) in enumerate(self.breaks())]

    def natural(self, s: int, c: int) -> float:
        p = self.p
        return (self.indent(s) + sum(p.box[s:c + 1]) + sum(p.gnat[s:c]) + p.endaki[c])

    def layout(self, s: int, e: int, number: int) -> Line:
        """Position text[s:e] as one line (justified unless it ends the paragraph or holds a URL)."""
        p, em, last = self.p, self.p.em, e == self.n
        flush = last or not self.justify or any(p.url[s:e])
        pol = p.policy
        c = e - 1
        while c > s and p.cls[c] in SPACES:
            c -= 1
        if c < e - 1 and p.cls[c] == DIVIDING and all(p.cls[j] == IDEO_SPACE for j in range(c + 1, e)) \
                and self.natural(s, e - 1) <= self.measure + TOL:
            c = e - 1  # T12: the U+3000 after a line-end ？！ that fits unreduced keeps its em
        natural = self.natural(s, c)
        cont: list[tuple[int, object, float]] = []
        grow: list[tuple[int, object, float]] = []
        fallback: list[object] = []
        final_dot = p.cls[c] == MIDDLE_DOT and c > s and p.spec[c - 1].dot_before > 0
        space_cap = 0.25 if STEP_SPACE in pol.reduce_steps else 0.0
        for j in range(s, c):
            comps = p.red[j]
            if final_dot and j == c - 1 and comps and comps[-1][0] == STEP_MID_DOT:
                comps = comps[:-1]  # the ¼ before a line-final ・ goes at its own (discrete) step
            cont += [(step, (j, k), cap * em) for k, (step, cap) in enumerate(comps)]
            if p.space[j] and space_cap:
                cont.append((STEP_SPACE, (j, "s"), space_cap * p.space[j]))
            step = p.spec[j].expand_step
            if step and (step == 4 or step in pol.expand_steps):
                cap = 0.5 * p.space[j] if step == 1 else EXPAND_CAP.get(step, 0.0) * em
                grow.append((step, j, cap))
            if not p.attached[j + 1] and not (p.cls[j] in WESTERN and p.cls[j + 1] in WESTERN):
                fallback.append(j)
        discrete: list[tuple[int, object, float]] = []
        if p.endaki[c] > 0 and p.endstep[c]:
            # A line-final ・ keeps the ¼ after it (the blank half of its 1-em glyph, so the glyph never
            # passes the measure); only the ¼ before it is removed at this step.
            if final_dot and p.endstep[c] == STEP_END_DOT:
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
        if not flush and short > TOL:
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
                                        p.cls[j], int(p.face[j])))
                    x += g
                    continue
                x += g
            glyphs.append(Glyph(p.text[j], x, p.box[j], x - p.trim[j], p.adv[j], p.cls[j],
                                int(p.face[j])))
            x += p.box[j]
        width = x + end_kept
        for j in range(c + 1, e):  # spaces hung at the line end: zero width
            glyphs.append(Glyph(p.text[j], width, 0.0, width, p.adv[j], p.cls[j],
                                int(p.face[j])))
        adjustment = Adjustment(reduced, sum(plan.expand.values()), tuple(plan.steps))
        return Line(tuple(glyphs), s, e, self.indent(s), natural, width, end_kept, last,
                    adjustment)


def compose_paragraph(text: str, metrics: Metrics, measure: float, *,
                      first_indent: float = 0.0, line_end_half: bool = False,
                      policy: str | Policy = DEFAULT_POLICY, min_last: int = 1,
                      justify: bool = True) -> Paragraph:
    """Compose *text* into justified lines of *measure* pt (JLREQ, horizontal, very strict).

    *first_indent* (pt) is left blank before the first line; a paragraph-initial 「 is set flush
    after it (pattern ① of §3.1.5 with a 1-em indent).  *line_end_half* keeps the JLREQ-preferred
    ½ aki after a line-final 」、。 (default: solid, see :mod:`layout.compose.spacing`).  *policy*
    names the adjustment policy (:mod:`layout.compose.policy`; default ``book``).  *min_last* is the
    shortest last line, in characters with punctuation (a shorter one is a runt, see
    :meth:`_Composer.lengthen_last`).  With ``justify=False`` every line is set flush left (ragged
    right: headings, labels and table cells), never expanded, and words are kept whole more readily."""
    if not measure > 0 or not metrics.size > 0:
        raise ValueError(f"measure and font size must be positive (got {measure}, {metrics.size})")
    composer = _Composer(text, metrics, float(measure), float(first_indent), line_end_half,
                         get_policy(policy), int(min_last), bool(justify))
    lines = composer.compose()
    return Paragraph(text, float(measure), tuple(lines), tuple(composer.warnings))
