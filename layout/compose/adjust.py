"""Layout stage, composer: line adjustment (JLREQ §3.8).  In: how much a line is too long or too
short, and its adjustable places with their Table 3 / Table 6 steps.  Out: the amount taken from
or added to each place, and the steps used.

Steps run in order and each is finished before the next starts; within a step every place
changes by the same amount (one font size per paragraph, so "in proportion to the character
size" is "equal"), limited by its capacity — a water fill.

Reduction (:func:`plan_reduction`).  Continuous steps (1, 4, 5, 6) may stop part-way.  Discrete
steps (2 and 3: the line-end ½ after 」。、 and the ¼ before a line-final ・) are all or nothing
(½=0).  A discrete step is taken only if the earlier steps cannot absorb the excess; once taken,
the remaining excess is re-spread over the continuous steps from step 1.  If a discrete step
overshoots, the line becomes short by the overshoot, and the caller expands (justified lines) or
leaves it flush left (last line).

Expansion (:func:`plan_expansion`).  Steps 1–3 are capped; step 4 adds the same amount to every
place of steps 1–4 ("equalize" in §3.8.4 (d) is read as equal *added* space; the reference notes
the ambiguity).  Ours, beyond JLREQ: when a line has no place of steps 1–4 (a single Latin word,
a forced break), the remainder is spread over all of the line's gaps (letter-spacing); when it
has no gap at all, the rest is reported as ``shortfall`` and the line stays flush left.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Hashable

Key = Hashable
TOL = 1e-9


def water_fill(caps: list[float], amount: float) -> list[float]:
    """Split *amount* equally over places whose share is capped by *caps* (amount ≤ sum(caps))."""
    out = [0.0] * len(caps)
    left, remaining = amount, len(caps)
    for idx in sorted(range(len(caps)), key=caps.__getitem__):
        take = min(caps[idx], left / remaining)
        out[idx] = take
        left -= take
        remaining -= 1
    return out


@dataclass
class Plan:
    """Amounts per place key (pt), discrete items taken, and what could not be done."""

    reduce: dict[Key, float] = field(default_factory=lambda: defaultdict(float))
    expand: dict[Key, float] = field(default_factory=lambda: defaultdict(float))
    discrete: list[Key] = field(default_factory=list)
    steps: list[tuple[str, int, float]] = field(default_factory=list)  # (kind, step, per place)
    overflow: float = 0.0   # excess left after every reduction
    giveback: float = 0.0   # a discrete step overshot by this much
    shortfall: float = 0.0  # expansion that found no place


def plan_reduction(excess: float, continuous: list[tuple[int, Key, float]],
                   discrete: list[tuple[int, Key, float]]) -> Plan:
    """Reduce a line by *excess* pt.  continuous: (step, key, capacity); discrete: (step, key,
    amount)."""
    plan = Plan()
    by_step: dict[int, list[tuple[Key, float]]] = defaultdict(list)
    for step, key, cap in continuous:
        if cap > TOL:
            by_step[step].append((key, cap))
    disc_steps: dict[int, list[tuple[Key, float]]] = defaultdict(list)
    for step, key, amount in discrete:
        disc_steps[step].append((key, amount))
    taken = cum = 0.0
    for step in sorted(set(by_step) | set(disc_steps)):
        if cum + taken >= excess - TOL:
            break
        for key, amount in disc_steps.get(step, ()):
            plan.discrete.append(key)
            plan.steps.append(("reduce", step, amount))
            taken += amount
        cum += sum(cap for _, cap in by_step.get(step, ()))
    left = excess - taken
    if left < 0:
        plan.giveback = -left
        return plan
    for step in sorted(by_step):
        if left <= TOL:
            break
        left -= _spread(by_step[step], left, plan.reduce, plan.steps, "reduce", step)
    plan.overflow = max(left, 0.0)
    return plan


def _spread(places: list[tuple[Key, float]], wanted: float, into: dict, steps: list,  # type: ignore[type-arg]
            kind: str, step: int) -> float:
    """One adjustment step: spread up to `wanted` pt over its places (equally, within each capacity),
    record each place's share in `into` and the step in `steps`; returns the amount taken."""
    caps = [cap for _, cap in places]
    amount = min(wanted, sum(caps))
    shares = water_fill(caps, amount)
    for (key, _), share in zip(places, shares):
        into[key] += share
    steps.append((kind, step, max(shares)))
    return amount


def plan_expansion(amount: float, places: list[tuple[int, Key, float]], fallback: list[Key],
                   plan: Plan | None = None) -> Plan:
    """Expand a line by *amount* pt over places (step 1–4, key, capacity; step 4 uncapped)."""
    plan = plan or Plan()
    left = amount
    by_step: dict[int, list[tuple[Key, float]]] = defaultdict(list)
    for step, key, cap in places:
        by_step[step].append((key, cap))
    for step in (1, 2, 3):
        if left <= TOL or not by_step.get(step):
            continue
        left -= _spread(by_step[step], left, plan.expand, plan.steps, "expand", step)
    if left > TOL:
        keys = [key for _, key, _ in places] or list(fallback)
        if keys:
            share = left / len(keys)
            for key in keys:
                plan.expand[key] += share
            plan.steps.append(("expand", 4 if places else 5, share))
        else:
            plan.shortfall = left
    return plan
