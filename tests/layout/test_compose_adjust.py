"""Line adjustment (Tables 3 and 6): step order, equal shares, all-or-nothing line-end steps."""
from __future__ import annotations

import pytest

from layout.compose.adjust import plan_expansion, plan_reduction, water_fill

from .compose_util import assert_positions, compose


def test_water_fill_equal_shares_capped() -> None:
    assert water_fill([0.5, 0.5], 0.5) == pytest.approx([0.25, 0.25])
    assert water_fill([0.1, 0.5, 0.5], 0.7) == pytest.approx([0.1, 0.3, 0.3])
    assert water_fill([], 0.0) == []


def test_reduction_runs_steps_in_order_and_stops_early() -> None:
    cont = [(5, "a", 0.5), (5, "b", 0.5), (1, "s", 0.1), (6, "l", 0.125)]
    plan = plan_reduction(0.3, cont, [])
    assert plan.reduce["s"] == pytest.approx(0.1)                  # step 1 first, in full
    assert plan.reduce["a"] == plan.reduce["b"] == pytest.approx(0.1)
    assert "l" not in plan.reduce                                   # step 6 never reached
    assert [s[1] for s in plan.steps] == [1, 5]


def test_discrete_step_only_when_earlier_steps_fall_short() -> None:
    cont = [(1, "s", 0.2), (5, "a", 0.5)]
    disc = [(2, "end", 0.5)]
    assert plan_reduction(0.15, cont, disc).discrete == []          # step 1 is enough
    plan = plan_reduction(0.3, cont, disc)                          # step 1 is not: take the ½
    assert plan.discrete == ["end"] and plan.giveback == pytest.approx(0.2)
    assert not plan.reduce
    plan = plan_reduction(0.9, cont, disc)                          # ½, then step 1 and step 5
    assert plan.discrete == ["end"]
    assert plan.reduce["s"] == pytest.approx(0.2) and plan.reduce["a"] == pytest.approx(0.2)


def test_reduction_reports_overflow() -> None:
    assert plan_reduction(1.0, [(5, "a", 0.5)], []).overflow == pytest.approx(0.5)


def test_expansion_steps_then_equal_step_4() -> None:
    places = [(2, "l", 0.25), (3, "j1", 0.25), (3, "j2", 0.25), (4, "c", float("inf"))]
    plan = plan_expansion(0.5, places, [])
    assert plan.expand == {"l": pytest.approx(0.25), "j1": pytest.approx(0.125),
                           "j2": pytest.approx(0.125)}
    plan = plan_expansion(1.15, places, [])
    assert plan.expand["c"] == pytest.approx(0.1)                   # step 4: 0.4 over 4 places
    assert plan.expand["l"] == pytest.approx(0.35) and plan.expand["j1"] == pytest.approx(0.35)
    assert plan.steps[-1] == ("expand", 4, pytest.approx(0.1))


def test_expansion_fallback_and_shortfall() -> None:
    plan = plan_expansion(1.0, [], ["g1", "g2"])
    assert plan.expand == {"g1": 0.5, "g2": 0.5} and plan.steps == [("expand", 5, 0.5)]
    assert plan_expansion(1.0, [], []).shortfall == 1.0


def test_line_final_middle_dot_loses_only_the_quarter_before_it_at_step_3() -> None:
    # Ours (documented in spacing.py): the ¼ after a line-final ・ is the blank half of its 1-em glyph and
    # stays, so the glyph never passes the measure; step 3 removes only the ¼ before it.
    line = compose("あいうえお・かき", 5.75).lines[0]
    assert line.adjustment.steps == (("reduce", 3, pytest.approx(0.25)),)
    assert_positions(line, list(zip("あいうえお・", [0, 1, 2, 3, 4, 5.0])))
    assert line.end_aki == pytest.approx(0.25) and line.width == pytest.approx(5.75)


def test_line_final_middle_dot_that_cannot_fit_moves_with_its_neighbour() -> None:
    line = compose("あいうえお・かき", 5.5).lines[0]
    assert line.text == "あいうえ" and line.width == pytest.approx(5.5)


def test_word_spaces_are_reduced_first() -> None:
    # 'ab cd ef' = 3 + 2/3 em; at 3.5 em step 1 takes ⅓→¼ from both spaces (1/12 each)
    line = compose("ab cd ef gh", 3.5).lines[0]
    assert line.text == "ab cd ef "
    assert line.adjustment.steps == (("reduce", 1, pytest.approx(1 / 12)),)
    assert_positions(line, [("a", 0), ("b", 0.5), (" ", 1.0), ("c", 1.25), ("d", 1.75),
                            (" ", 2.25), ("e", 2.5), ("f", 3.0), (" ", 3.5)])


def test_half_after_full_stop_is_never_reduced_in_mid_line() -> None:
    # 、 gives up its ½ at step 5; 。 keeps its ½ in mid-line, so お is pushed out instead.
    assert compose("あいう、えおかき", 5.5).lines[0].text == "あいう、えお"
    assert compose("あいう。えおかき", 5.5).lines[0].text == "あいう。え"
