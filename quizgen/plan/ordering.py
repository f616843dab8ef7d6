"""Options that are quantities of one kind, in ascending order, with fair key positions.

Haladyna, Downing & Rodriguez (2002), guideline 21: place choices in numerical order.
Ordered, an option's position follows from the values drawn: the key is the k-th
option when k distractors lie below the answer. So the planner does not shuffle such
a question; it chooses k first, spreading the keys of all ordered questions of the
quiz evenly over the positions, and then draws k distractors from below the answer
and the rest from above. A fact's own distractors come first; answers of its kind
are looked at only for the facts whose own cannot reach a free position. Versions
keep each question's options, so an ordered question's key letter is the same in
every version; across the quiz's questions the letters are even.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from quizgen.model import Fact
from quizgen.plan.distractors import DistractorPool
from quizgen.text.quantities import Measure

MAX_SPAN = 1000
"""Largest ratio between the options' figures a pool answer may bring (OPT-KIND's limit)."""
POOL_SAMPLE = 4
"""Pool answers looked at per needed distractor: enough to find some on either side,
few enough that a kind of 50,000 answers costs no more than one of ten."""


def draw_ordered_questions(facts: Sequence[Fact], pool: DistractorPool, needed: int,
                           rng: random.Random) -> dict[int, tuple[str, ...]]:
    """The distractors of each fact (by index) whose options can be put in order.

    Each position takes an even share of the keys, filled earliest deadline first by
    the positions each fact's own distractors reach. Only the facts that cannot be
    placed so (and then those in the places they could take) look at answers of their
    kind, and the shares are filled again; single keys finally move to even out what
    the shares got wrong. Facts not returned are drawn and shuffled as usual.
    """
    items: dict[int, Candidates] = {}
    widened: set[int] = set()
    for index, fact in enumerate(facts):
        item = own_candidates(fact, pool)
        if item is not None and not item.reachable(needed):  # too few of its own
            item = with_pool(item, pool, needed, rng)
            widened.add(index)
        if item is not None:
            items[index] = item
    positions = needed + 1
    base, extra = divmod(len(items), positions)
    bonus = set(rng.sample(range(positions), extra))
    shares = [base + (k in bonus) for k in range(positions)]
    tiebreak = {index: rng.random() for index in items}
    own = {index: item.own_reach(needed) for index, item in items.items()}
    runs = {index: item.reachable(needed) for index, item in items.items()}
    while True:
        targets: dict[int, int] = {}
        _fill(runs, own, list(shares), tiebreak, targets)
        left = [index for index in items if index not in targets]
        fresh = [index for index in left if index not in widened]
        if left and not fresh:
            reach = {position for index in left for position in runs[index]}
            fresh = [index for index, position in targets.items()
                     if position in reach and index not in widened]
        if not fresh:
            break
        for index in fresh:
            wider = with_pool(items[index], pool, needed, rng)
            assert wider is not None  # it had enough distractors of its own
            items[index], runs[index] = wider, wider.reachable(needed)
            widened.add(index)
    load = [0] * positions
    for position in targets.values():
        load[position] += 1
    for index in left:
        best = min(runs[index], key=lambda k: (load[k], k not in own[index], k))
        targets[index] = best
        load[best] += 1
    _even_out(targets, runs, load)
    return {index: draw_ordered(items[index], needed, targets[index], rng)
            for index in sorted(items)}


@dataclass(frozen=True, slots=True)
class Candidates:
    """A fact whose options can be ordered, and the distractors on either side of it.

    Slotted, with no set of the options' normalised forms (``with_pool`` works it out
    again): the 30,000 candidates of a 50,000-fact bank held 18 MiB of sets at the peak
    of planning, and each set was read once. (A named tuple is made in half the time,
    but a 50,000-fact ``quiz`` then peaked 3 MiB higher, at 157 against 154 MiB.)
    """

    fact: Fact
    own_below: tuple[str, ...]
    own_above: tuple[str, ...]
    pool_below: tuple[str, ...] = ()
    pool_above: tuple[str, ...] = ()

    def reachable(self, needed: int) -> tuple[int, ...]:
        """The key positions (0 = first) some draw of ``needed`` distractors gives."""
        return _run(len(self.own_below) + len(self.pool_below),
                    len(self.own_above) + len(self.pool_above), needed)

    def own_reach(self, needed: int) -> tuple[int, ...]:
        """The key positions the fact's own distractors alone can give."""
        return _run(len(self.own_below), len(self.own_above), needed)


@functools.lru_cache(maxsize=1024)
def _run(below: int, above: int, needed: int) -> tuple[int, ...]:
    """Positions k with k distractors available below the answer and the rest above.

    Remembered: a few counts recur for every fact (a twentieth of planning at 50,000).
    """
    return tuple(k for k in range(needed + 1) if k <= below and needed - k <= above)


def own_candidates(fact: Fact, pool: DistractorPool) -> Candidates | None:
    """The fact's own distractors either side of its answer, if they can be ordered.

    None when the answer and its usable distractors are not all quantities of one
    dimension.
    """
    answer = pool.measure(fact.answer)
    if answer is None:
        return None
    used = {pool.normalized(text) for text in (fact.answer, *fact.accept)}
    own: list[str] = []
    for text in fact.distractors:
        key, stated = pool.normalized(text), pool.measure(text)
        if key in used:
            continue
        if stated is None or stated.dimension != answer.dimension:
            return None
        used.add(key)
        own.append(text)
    mark = pool.order_key(fact.answer)
    return Candidates(fact, tuple(text for text in own if pool.order_key(text) < mark),
                      tuple(text for text in own if pool.order_key(text) >= mark))


def with_pool(item: Candidates, pool: DistractorPool, needed: int,
              rng: random.Random) -> Candidates | None:
    """``item`` (as ``own_candidates`` made it) with answers of its kind that reach more positions.

    None when even then it has fewer than ``needed`` distractors. A bounded sample is
    looked at, and an answer kept only when it reads like the answer (the same hedge, a
    size within ``MAX_SPAN``) and neither repeats nor overlaps an option.
    """
    fact = item.fact
    assert not item.pool_below and not item.pool_above  # widened once at most
    answer = pool.measure(fact.answer)
    assert answer is not None  # own_candidates made ``item``
    taken = _Taken(answer)
    for text in (*item.own_below, *item.own_above):
        stated = pool.measure(text)
        assert stated is not None
        taken.add(stated)
    # What ``own_candidates`` kept: the answer's and accepted forms, and its own ones.
    used = {pool.normalized(text)
            for text in (fact.answer, *fact.accept, *item.own_below, *item.own_above)}
    mark = pool.order_key(fact.answer)
    below, above = list(item.own_below), list(item.own_above)
    answers = pool.answers(fact.kind)
    count = len(answers)
    size = min(count, POOL_SAMPLE * (needed + 1) + len(used))
    start = rng.randrange(count) if answers else 0
    # A run of the pool from a random start: one draw instead of ``size``, and answers
    # of one kind sit in facts.yaml order, not sorted by value. Methods are looked up
    # once: this loop runs some 400,000 times at 50,000 facts.
    measure, admits, order_key = pool.measure, taken.admits, pool.order_key
    for step in range(start, start + size):
        if len(below) >= needed and len(above) >= needed:
            break  # every position is reachable: more would never be drawn
        key, text = answers[step if step < count else step - count]
        if key in used:
            continue
        stated = measure(text)
        if stated is None or not admits(stated):
            continue
        used.add(key)
        taken.add(stated)
        (below if order_key(text) < mark else above).append(text)
    if len(below) + len(above) < needed:
        return None
    return Candidates(item.fact, item.own_below, item.own_above,
                      pool_below=tuple(below[len(item.own_below):]),
                      pool_above=tuple(above[len(item.own_above):]))


class _Taken:
    """The options a question has so far, indexed for the checks a pool answer must pass."""

    def __init__(self, answer: Measure) -> None:
        self.answer = answer
        self.closed: list[tuple[Decimal, Decimal]] = []
        """Options true on a closed, bounded interval (a figure, a range, a year)."""
        self.open: list[Measure] = []
        """Options with an open or missing end ("more than 3%", "up to $5")."""
        self.least = self.most = answer.value
        self.add(answer)

    def add(self, stated: Measure) -> None:
        """Count ``stated`` among the options."""
        if _closed(stated):
            self.closed.append((stated.low, stated.high))  # type: ignore[arg-type]
        else:
            self.open.append(stated)
        value = stated.value  # min and max, as the builtins pick, without calling them
        self.least = value if value < self.least else self.least
        self.most = value if value > self.most else self.most

    def admits(self, stated: Measure) -> bool:
        """Whether a pool answer may join the options.

        It must read like the answer (one dimension and hedge, a like size), and neither
        repeat nor overlap an option. Loops rather than ``any``: a fact that looks at
        the pool runs this some ten times over some ten options (a fifth of planning).
        """
        if stated.dimension != self.answer.dimension or stated.style != self.answer.style:
            return False
        value = stated.value
        least = value if value < self.least else self.least
        most = value if value > self.most else self.most
        if least <= 0 or most / least > MAX_SPAN:
            return False
        for other in self.open:
            if stated.overlaps(other):
                return False
        if _closed(stated):
            low, high = stated.low, stated.high
            for a, b in self.closed:  # noqa: SIM110 (a loop: no generator to run)
                if a <= high and low <= b:  # type: ignore[operator]
                    return False
            return True
        return not any(stated.overlaps(Measure(stated.dimension, a, a, b))
                       for a, b in self.closed)


def _closed(stated: Measure) -> bool:
    return (stated.low is not None and stated.high is not None
            and not stated.low_open and not stated.high_open)


def _fill(runs: dict[int, tuple[int, ...]], own: dict[int, tuple[int, ...]], capacity: list[int],
          tiebreak: dict[int, float], targets: dict[int, int]) -> None:
    """Fill the positions in turn, each with the waiting items whose run ends soonest.

    An item reaches a run of positions, so this (earliest deadline first) places every
    item whenever the capacities allow it at all. Among runs ending together, items
    whose own distractors reach the position go first. ``capacity`` is used up.
    """
    waiting = [index for index, run in runs.items() if run]
    for position in range(len(capacity)):
        eligible = [index for index in waiting if runs[index][0] <= position <= runs[index][-1]]
        eligible.sort(key=lambda index: (runs[index][-1], position not in own[index],
                                         tiebreak[index]))
        for index in eligible[:capacity[position]]:
            targets[index] = position
        capacity[position] -= min(capacity[position], len(eligible))
        waiting = [index for index in waiting if index not in targets]


def _even_out(targets: dict[int, int], runs: dict[int, tuple[int, ...]],
              load: list[int]) -> None:
    """Move single keys to a position used at least two times less, until none can move.

    Shares fixed up front can be wrong when some items reach few positions; each move
    lowers the sum of squared loads, so this ends, and at its end no key sits two above
    a position its fact could take instead.
    """
    moved = True
    while moved:
        moved = False
        for index in sorted(targets):
            position = targets[index]
            if load[position] < min(load) + 2:
                continue
            better = min(runs[index], key=lambda k: (load[k], k))
            if load[better] + 1 < load[position]:
                targets[index] = better
                load[position] -= 1
                load[better] += 1
                moved = True


def draw_ordered(item: Candidates, needed: int, target: int,
                 rng: random.Random) -> tuple[str, ...]:
    """``target`` distractors below the answer and the rest above, own ones first."""
    below = _take(item.own_below, item.pool_below, target, rng)
    above = _take(item.own_above, item.pool_above, needed - target, rng)
    return (*below, *above)


def _take(own: Sequence[str], extra: Sequence[str], count: int,
          rng: random.Random) -> list[str]:
    chosen = rng.sample(own, min(count, len(own)))
    return chosen + rng.sample(extra, count - len(chosen))


def in_order(options: Sequence[str], pool: DistractorPool) -> list[str]:
    """``options`` in ascending order of the quantity each states (``pool`` remembers them)."""
    return sorted(options, key=pool.order_key)
