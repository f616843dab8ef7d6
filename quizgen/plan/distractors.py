"""Draw wrong options for a fact: its own distractors first, then answers of its kind.

Options are compared with ``normalize_option`` (case, space, punctuation and number
format folded), so "1,000" and "1000" never both appear and no accepted phrasing of the
answer is ever offered as wrong.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from decimal import Decimal

from quizgen.model import Fact
from quizgen.text import normalize_option
from quizgen.text.quantities import Measure, measure, measured_order_key


class DistractorPool:
    """The distinct answers of a bank's facts, grouped by kind; built once, in one pass."""

    def __init__(self, facts: Iterable[Fact], keys: dict[str, str] | None = None) -> None:
        """Pool the answers of ``facts``.

        ``keys`` is a ``normalize_option`` cache to share (``Bank.option_keys``, which the
        loader has filled); without it the pool keeps its own.
        """
        self._normalized: dict[str, str] = {} if keys is None else keys
        self._measures: dict[str, Measure | None] = {}
        self._order_keys: dict[str, tuple[Decimal, Decimal, str]] = {}
        by_kind: dict[str, dict[str, str]] = {}
        for fact in facts:
            answers = by_kind.setdefault(fact.kind, {})
            answers.setdefault(self.normalized(fact.answer), fact.answer)
        self._answers = {kind: list(answers.items()) for kind, answers in by_kind.items()}

    def answers(self, kind: str) -> list[tuple[str, str]]:
        """``(normalized, text)`` of every distinct answer of ``kind``, in facts.yaml order."""
        return self._answers.get(kind, [])

    def normalized(self, text: str) -> str:
        """``normalize_option(text)``, worked out once per distinct text (see ``keys``).

        A fact's answer is normalized for the pool and again for its own draw, and a
        hand-picked distractor is often another fact's answer.
        """
        key = self._normalized.get(text)
        if key is None:
            key = self._normalized[text] = normalize_option(text)
        return key

    def measure(self, text: str) -> Measure | None:
        """``measure(text)``, worked out once per distinct text while the pool lives.

        Ordered questions look at a run of pool answers each: at 50,000 facts the amounts
        outnumber ``measure``'s own cache, and parsing them again was a third of planning.
        """
        try:
            return self._measures[text]
        except KeyError:
            stated = self._measures[text] = measure(text)
            return stated

    def order_key(self, text: str) -> tuple[Decimal, Decimal, str]:
        """``order_key(text)``, remembered like ``measure``; ValueError for no quantity."""
        key = self._order_keys.get(text)
        if key is None:  # from the pool's measure: ``measure``'s own cache has let it go
            key = self._order_keys[text] = measured_order_key(text, self.measure(text))
        return key


def draw_distractors(
    fact: Fact, pool: DistractorPool, needed: int, rng: random.Random
) -> tuple[str, ...]:
    """Up to ``needed`` distinct wrong options for ``fact``; fewer only when none are left.

    The fact's own distractors come first (a random sample when it has more than
    needed); the rest are sampled from the answers of other facts of the same kind.
    Never returns the answer, an accepted phrasing, or two options that normalize alike.
    Costs O(needed + own distractors + accepted phrasings), whatever the pool's size.
    """
    used = {pool.normalized(text) for text in (fact.answer, *fact.accept)}
    own: list[str] = []
    for text in fact.distractors:
        key = pool.normalized(text)
        if key not in used:
            used.add(key)
            own.append(text)
    if len(own) >= needed:
        return tuple(rng.sample(own, needed))
    candidates = pool.answers(fact.kind)
    missing = needed - len(own)
    # Each normalized form occurs at most once in the pool, so at most len(used)
    # candidates can be rejected: sampling that many extra indices always suffices.
    picks = rng.sample(range(len(candidates)), min(len(candidates), missing + len(used)))
    filled: list[str] = []
    for index in picks:
        key, text = candidates[index]
        if key not in used:
            used.add(key)
            filled.append(text)
            if len(filled) == missing:
                break
    return (*own, *filled)
