"""The planner's written-out draws make exactly the draws ``random`` makes."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from quizgen.plan.draws import first_positions, shuffle, shuffle_draws, shuffled_position


@given(st.integers(0, 300), st.integers(0, 2**32))
def test_shuffle_is_random_shuffle_draw_for_draw(size: int, seed: int) -> None:
    ours, theirs = list(range(size)), list(range(size))
    mine, stdlib = random.Random(seed), random.Random(seed)
    shuffle(ours, mine.getrandbits)
    stdlib.shuffle(theirs)
    assert ours == theirs
    assert mine.getstate() == stdlib.getstate()


@given(st.integers(0, 600), st.integers(0, 2**32))
def test_shuffle_draws_leave_the_generator_where_shuffle_leaves_it(size: int, seed: int) -> None:
    drawn, shuffled = random.Random(seed), random.Random(seed)
    shuffle_draws(size, drawn.getrandbits)
    shuffle(list(range(size)), shuffled.getrandbits)
    assert drawn.getstate() == shuffled.getstate()


@given(st.integers(1, 6), st.integers(0, 40), st.integers(0, 2**32))
def test_first_positions_tally_one_walk_per_shuffle(size: int, count: int, seed: int) -> None:
    tallied, walked = random.Random(seed), random.Random(seed)
    expected = [0] * size
    for _ in range(count):
        expected[shuffled_position(size, 0, walked.getrandbits)] += 1
    assert first_positions(size, count, tallied.getrandbits) == expected
    assert tallied.getstate() == walked.getstate()
