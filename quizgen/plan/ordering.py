"""Options that are quantities of one kind, in ascending order, with fair key positions.

Haladyna, Downing & Rodriguez (2002), guideline 21: place choices in numerical order.
Ordered, an option's position follows from the values drawn: the key is the k-th
option when k distractors lie below the answer. So the planner does not shuffle such
a question; it chooses k first, balancing the keys of all ordered questions of the
quiz over the positions (each gets the least used position it can reach), and then
draws k distractors from below the answer and the rest from above, the fact's own
first and answers of its kind when its own cannot reach that position. Versions keep
each question's options, so an ordered question's key letter is the same in every
version; across the quiz's questions the letters are even.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.model import Fact
from quizgen.plan.distractors import DistractorPool
from quizgen.quantities import Measure, measure, order_key

MAX_SPAN = 1000
"""Largest ratio between the options' figures a pool answer may bring (OPT-KIND's limit)."""
POOL_SAMPLE = 4
"""Pool answers looked at per needed distractor: enough to find some on either side,
few enough that a kind of 50,000 answers costs no more than one of ten."""


@dataclass(frozen=True)
class Candidates:
    """A fact whose options can be ordered, and the distractors on either side of it."""

    fact: Fact
    own_below: tuple[str, ...]
    own_above: tuple[str, ...]
    pool_below: tuple[str, ...]
    pool_above: tuple[str, ...]

    def reachable(self, needed: int, own_only: bool) -> list[int]:
        """The key positions (0 = first) some draw of ``needed`` distractors gives."""
        below = len(self.own_below) + (0 if own_only else len(self.pool_below))
        above = len(self.own_above) + (0 if own_only else len(self.pool_above))
        return [k for k in range(needed + 1) if k <= below and needed - k <= above]


def candidates(fact: Fact, pool: DistractorPool, needed: int,
               rng: random.Random) -> Candidates | None:
    """The fact's ordered candidates, or None when its options are not all one quantity.

    The fact's own usable distractors must all measure the same dimension as its
    answer. Answers of its kind are sampled (a bounded number) only when its own cannot
    put the key in every position, and kept only when they read like the answer (the
    same hedge, a size within ``MAX_SPAN``) and neither repeat nor overlap an option.
    """
    answer = measure(fact.answer)
    if answer is None:
        return None
    used = {pool.normalized(text) for text in (fact.answer, *fact.accept)}
    taken: list[Measure] = [answer]
    own: list[str] = []
    for text in fact.distractors:
        key, stated = pool.normalized(text), measure(text)
        if key in used:
            continue
        if stated is None or stated.dimension != answer.dimension:
            return None
        used.add(key)
        taken.append(stated)
        own.append(text)
    mark = order_key(fact.answer)
    below = sum(order_key(text) < mark for text in own)
    extra: list[str] = []
    if min(below, len(own) - below) < needed:
        answers = pool.answers(fact.kind)
        size = min(len(answers), POOL_SAMPLE * (needed + 1) + len(used))
        for index in rng.sample(range(len(answers)), size):
            key, text = answers[index]
            stated = measure(text)
            if (key in used or stated is None or not _fits(stated, answer, taken)
                    or any(stated.overlaps(other) for other in taken)):
                continue
            used.add(key)
            taken.append(stated)
            extra.append(text)
    if len(own) + len(extra) < needed:
        return None
    return Candidates(fact,
                      tuple(t for t in own if order_key(t) < mark),
                      tuple(t for t in own if order_key(t) > mark),
                      tuple(t for t in extra if order_key(t) < mark),
                      tuple(t for t in extra if order_key(t) > mark))


def _fits(stated: Measure, answer: Measure, taken: Sequence[Measure]) -> bool:
    """Whether a pool answer reads like the answer: one dimension and hedge, a like size."""
    if stated.dimension != answer.dimension or stated.style != answer.style:
        return False
    values = [m.value for m in (*taken, stated)]
    if min(values) <= 0:
        return stated.value == answer.value
    return max(values) / min(values) <= MAX_SPAN


def key_targets(items: Sequence[Candidates], needed: int, rng: random.Random) -> list[int]:
    """A key position for each item, spreading the keys as evenly as the items allow.

    Each position may take ``len(items) // positions`` keys (a random few one more).
    An item reaches a run of positions, so filling the positions in turn, each with the
    waiting items whose run ends soonest (earliest deadline first), places every item
    whenever any assignment within those capacities exists. Among items whose runs end
    together, those whose own distractors reach the position go first, so answers of
    other facts are drawn only where balance needs them. An item left over takes its
    least used reachable position, and single keys then move to even out the rest.
    """
    positions = needed + 1
    base, extra = divmod(len(items), positions)
    bonus = set(rng.sample(range(positions), extra))
    capacity = [base + (k in bonus) for k in range(positions)]
    tiebreak = [rng.random() for _ in items]
    own = [set(item.reachable(needed, own_only=True)) for item in items]
    runs = [item.reachable(needed, own_only=False) for item in items]
    targets: dict[int, int] = {}
    waiting = sorted(range(len(items)), key=lambda index: runs[index][0])
    for position in range(positions):
        eligible = [index for index in waiting if runs[index][0] <= position <= runs[index][-1]]
        eligible.sort(key=lambda index: (runs[index][-1], position not in own[index],
                                         tiebreak[index]))
        for index in eligible[:capacity[position]]:
            targets[index] = position
        waiting = [index for index in waiting if index not in targets]
    load = [0] * positions
    for position in targets.values():
        load[position] += 1
    for index in waiting:
        best = min(runs[index], key=lambda k: (load[k], k not in own[index], k))
        targets[index] = best
        load[best] += 1
    _even_out(targets, runs, load)
    return [targets[index] for index in range(len(items))]


def _even_out(targets: dict[int, int], runs: list[list[int]], load: list[int]) -> None:
    """Move single keys to a position used at least two times less, until none can move.

    Capacities fixed up front can be wrong when some items reach few positions; each
    move lowers the sum of squared loads, so this ends, and at its end no key sits two
    above a position it could take instead.
    """
    moved = True
    while moved:
        moved = False
        for index, position in targets.items():
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
    chosen = rng.sample(list(own), min(count, len(own)))
    return chosen + rng.sample(list(extra), count - len(chosen))


def in_order(options: Sequence[str]) -> list[str]:
    """``options`` in ascending order of the quantity each states."""
    return sorted(options, key=order_key)
