"""Rules about a planned quiz as a whole: where the keys sit and how long they are."""

from __future__ import annotations

import math
from collections.abc import Iterator

from quizgen.lint.core import Hit
from quizgen.lint.planned import PlannedQuiz
from quizgen.lint.stats import uniformity_p_value
from quizgen.plan.planner import option_letter

SIGNIFICANCE = 0.05
PERCENTILE = 0.95
MAX_LISTED = 5


def binomial_quantile(trials: int, probability: float, level: float = PERCENTILE) -> int:
    """The smallest ``k`` with P(X <= k) >= ``level`` for X ~ Binomial(trials, probability)."""
    if trials <= 0 or probability <= 0:
        return 0
    if probability >= 1:
        return trials
    log_p, log_q = math.log(probability), math.log1p(-probability)
    cumulative = 0.0
    for k in range(trials + 1):
        cumulative += math.exp(math.lgamma(trials + 1) - math.lgamma(k + 1)
                               - math.lgamma(trials - k + 1) + k * log_p + (trials - k) * log_q)
        if cumulative >= level:
            return k
    return trials


def keys_longest_too_often(quiz: PlannedQuiz) -> Iterator[Hit]:
    """The key is the longest option in more questions than chance allows."""
    size, keyed, chance = quiz.length_sample
    allowed = binomial_quantile(size, chance)
    if size and len(keyed) > allowed:
        ids = ", ".join(q.fact.id for q in keyed[:MAX_LISTED])
        more = f" and {len(keyed) - MAX_LISTED} more" if len(keyed) > MAX_LISTED else ""
        yield Hit(f"the key is the longest option in {len(keyed)} of the {size} questions "
                  f"that have one longest option, where chance gives at most {allowed} "
                  "(binomial 95th percentile): 'pick the longest' beats the quiz; shorten the "
                  f"keys of {ids}{more}")


def keys_rarely_longest(quiz: PlannedQuiz) -> Iterator[Hit]:
    """The key is the longest option in fewer questions than chance allows."""
    size, keyed, chance = quiz.length_sample
    expected = binomial_quantile(size, chance, 1 - PERCENTILE)
    if size and len(keyed) < expected:
        yield Hit(f"the key is the longest option in only {len(keyed)} of the {size} "
                  f"questions that have one longest option, where chance gives at least "
                  f"{expected} (binomial 5th percentile): 'never the longest' rules an option "
                  "out; let some keys be the longest")


def key_positions_uneven(quiz: PlannedQuiz) -> Iterator[Hit]:
    """Keys unevenly spread over the option letters across all versions (chi-square).

    A question whose options are in ascending order has one key letter in every version:
    it is one draw, not one per version, so it counts once (the planner spreads those
    keys evenly over the letters).
    """
    keys = quiz.keys.copy()
    fixed = [question for question in quiz.questions if question.ordered]
    keys.update((len(question.options), question.key) for question in fixed)
    once = (f"; the {len(fixed)} questions in numerical order, keyed alike in every version, "
            "counted once" if fixed and quiz.versions > 1 else "")
    for size in sorted({size for size, _ in keys}):
        counts = [keys[size, index] for index in range(size)]
        p_value = uniformity_p_value(counts)
        if p_value < SIGNIFICANCE:
            spread = ", ".join(f"{option_letter(i)} {count}" for i, count in enumerate(counts))
            yield Hit(f"across {quiz.versions} versions the keys of {size}-option "
                      f"questions fall on {spread} (chi-square p = {p_value:.3f}{once}): "
                      "students who guess one letter gain (a fair shuffle does this 1 time in "
                      "20: try another --seed)")
