"""Rules about a planned quiz as a whole: where the keys sit and how long they are."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterator

from quizgen.lint.core import Hit
from quizgen.lint.words import folded
from quizgen.model import Fact
from quizgen.planner import PlannedQuestion, QuizPlan, option_letter
from quizgen.stats import uniformity_p_value

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


def _distinct_questions(plan: QuizPlan) -> list[PlannedQuestion]:
    """Each fact's question once: versions reorder options, never change them."""
    seen: dict[str, PlannedQuestion] = {}
    for version in plan.versions:
        for question in version.questions:
            seen.setdefault(question.fact.id, question)
    return list(seen.values())


def as_planned(plan: QuizPlan) -> list[tuple[Fact, Fact]]:
    """Each fact whose planned distractors differ from its own, paired with a copy using them.

    The copy's distractor positions point at the fact's own entry for a distractor it
    wrote, and at its ``distractors`` list (or the fact) for one drawn from another fact.
    """
    pairs = []
    for question in _distinct_questions(plan):
        fact = question.fact
        drawn = tuple(option for index, option in enumerate(question.options)
                      if index != question.key)
        if sorted(drawn) == sorted(fact.distractors):
            continue
        positions = {key: where for key, where in fact.field_positions.items()
                     if not key.startswith("distractors.")}
        for index, text in enumerate(drawn):
            own = fact.distractors.index(text) if text in fact.distractors else None
            positions[f"distractors.{index}"] = fact.where(
                "distractors" if own is None else f"distractors.{own}")
        pairs.append((fact, dataclasses.replace(fact, distractors=drawn,
                                                field_positions=positions)))
    return pairs


def _key_uniquely_longest(question: PlannedQuestion) -> bool:
    lengths = [len(folded(option)) for option in question.options]
    key = lengths[question.key]
    return sum(1 for length in lengths if length >= key) == 1


def keys_longest_too_often(plan: QuizPlan) -> Iterator[Hit]:
    """The key is the longest option in more questions than chance allows."""
    questions = [q for q in _distinct_questions(plan) if len(q.options) > 1]
    if not questions:
        return
    longest = [q for q in questions if _key_uniquely_longest(q)]
    chance = sum(1 / len(q.options) for q in questions) / len(questions)
    allowed = binomial_quantile(len(questions), chance)
    if len(longest) > allowed:
        ids = ", ".join(q.fact.id for q in longest[:MAX_LISTED])
        more = f" and {len(longest) - MAX_LISTED} more" if len(longest) > MAX_LISTED else ""
        yield Hit(f"the key is the longest option in {len(longest)} of {len(questions)} "
                  f"questions, where chance gives at most {allowed} (binomial 95th percentile): "
                  f"'pick the longest' beats the quiz; shorten the keys of {ids}{more}")


def key_positions_uneven(plan: QuizPlan) -> Iterator[Hit]:
    """Keys unevenly spread over the option letters across all versions (chi-square)."""
    by_size: dict[int, Counter[int]] = {}
    for version in plan.versions:
        for question in version.questions:
            by_size.setdefault(len(question.options), Counter())[question.key] += 1
    for size in sorted(by_size):
        counts = [by_size[size][index] for index in range(size)]
        p_value = uniformity_p_value(counts)
        if p_value < SIGNIFICANCE:
            spread = ", ".join(f"{option_letter(i)} {count}" for i, count in enumerate(counts))
            yield Hit(f"across {len(plan.versions)} versions the keys of {size}-option "
                      f"questions fall on {spread} (chi-square p = {p_value:.3f}): students "
                      "who guess one letter gain")
