"""Layout stage, composer: line-adjustment policies, as data.  In: a policy name.  Out: a
:class:`Policy` — which Table 3 reduction steps a line may use, how far a ½ aki may shrink, which
Table 6 expansion steps it may use, and the shortest last line of a paragraph.

Two policies (JLREQ §3.8.3 gives three conventions; reference §4.2 and §4.3):

* ``jlreq-table3`` — JLREQ's own method (Table 3): every reducible aki to 0, in the order word
  space, line-end ½, line-final ・, mid-line ・, mid-line ½ (before 「（, after 」）、), J↔Western ¼ → ⅛;
  expansion by Table 6 steps 1–4.
* ``book`` (the default) — the method seen in books (Table 5): word spaces ⅓ → ¼, the line-end ½
  (only with ``line_end_half``), then the mid-line ½ before 「（ and after 」）、 down to a **quarter
  em** and no further.  The ・ aki (mid-line and line end) and the Japanese–Western ¼ are never
  reduced.  The J↔Western ¼ is not expanded either (Table 6 step 2 is skipped "if the Table 5
  reduction method is used", reference §4.3), so expansion goes between characters: word spaces
  (step 1), J→J and the other step-3 places, then step 4 equally over those places.
  A line that needs more reduction than this allows is pushed out (追い出し) by the line breaker.

Both policies keep a word whole — a katakana run (ネウボラ), a Latin word at its hyphen — by breaking
before it, as long as that leaves at most ``max_push`` (3 em) to spread over the line; a longer word
near the line end is split at a legal place instead.  Numbers, number + counter and Latin words
without a hyphen are never split at all (:mod:`layout.compose.units`, :mod:`layout.compose.rules`).

Step numbers are the composer's Table 3 numbering (:mod:`layout.compose.spacing`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .spacing import (STEP_END_DOT, STEP_END_HALF, STEP_LATIN, STEP_MID_DOT, STEP_MID_HALF,
                      STEP_SPACE)


@dataclass(frozen=True)
class Policy:
    """What a line may do to fit the measure."""

    name: str
    reduce_steps: frozenset[int]   # Table 3 steps (composer numbering) that may reduce
    half_floor: float              # em left of a mid-line ½ aki at full reduction (0 = solid)
    expand_steps: frozenset[int]   # Table 6 steps 1–3 that may expand; step 4 spreads over their places
    max_push: float = 3.0          # em a line may be left short to keep a word whole (then expanded)
    window: float = 4.0            # total fit: breaks up to this many em before a line's furthest are tried

    def reduce_cap(self, step: int, cap: float) -> float:
        """The reduction capacity (em) this policy allows for a Table 3 component of *cap* em."""
        if step not in self.reduce_steps:
            return 0.0
        if step == STEP_MID_HALF:
            return min(cap, 0.5 - self.half_floor)
        return cap


POLICIES: dict[str, Policy] = {
    "jlreq-table3": Policy(
        "jlreq-table3",
        reduce_steps=frozenset({STEP_SPACE, STEP_END_HALF, STEP_END_DOT, STEP_MID_DOT, STEP_MID_HALF,
                                STEP_LATIN}),
        half_floor=0.0,
        expand_steps=frozenset({1, 2, 3}),
        window=0.0,   # greedy: JLREQ's "reduction before expansion", line by line (fig. 2_33 ③)
    ),
    "book": Policy(
        "book",
        reduce_steps=frozenset({STEP_SPACE, STEP_END_HALF, STEP_MID_HALF}),
        half_floor=0.25,
        expand_steps=frozenset({1, 3}),
    ),
}
DEFAULT_POLICY = "book"


def policy(name: str | Policy) -> Policy:
    """The policy called *name* (a :class:`Policy` is returned as it is)."""
    if isinstance(name, Policy):
        return name
    try:
        return POLICIES[name]
    except KeyError:
        raise ValueError(f"unknown composition policy {name!r}; expected one of "
                         f"{', '.join(sorted(POLICIES))}") from None
