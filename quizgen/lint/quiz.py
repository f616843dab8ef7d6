"""Rules about a planned quiz as a whole: where the keys sit and how long they are."""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from quizgen.lint.core import Hit
from quizgen.lint.stats import uniformity_p_value
from quizgen.lint.words import folded
from quizgen.model import Fact
from quizgen.plan.planner import PlannedQuestion, QuizPlan, option_letter

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


@dataclass(frozen=True)
class PlannedQuiz:
    """A planned quiz as the rules read it: every version, and each fact's question once."""

    plan: QuizPlan
    questions: tuple[PlannedQuestion, ...]
    """Each fact's question once (from the first version): versions reorder options only."""

    @classmethod
    def of(cls, plan: QuizPlan) -> PlannedQuiz:
        """Index ``plan`` once, however many rules read it.

        Every version asks the same questions, so the first one holds them all.
        """
        seen: dict[str, PlannedQuestion] = {}
        for question in plan.versions[0].questions if plan.versions else ():
            seen.setdefault(question.fact.id, question)
        return cls(plan, tuple(seen.values()))

    @functools.cached_property
    def length_sample(self) -> tuple[int, list[PlannedQuestion], float]:
        """Questions with one longest option; those whose key it is; the chance of that.

        Were keys placed without regard to length, the key would be the longest option in
        each such question with probability 1 / options.
        """
        longest = [(question, _longest_option(question)) for question in self.questions
                   if len(question.options) > 1]
        sample = [(question, index) for question, index in longest if index is not None]
        keyed = [question for question, index in sample if index == question.key]
        chance = (sum(1 / len(question.options) for question, _ in sample) / len(sample)
                  if sample else 0.0)
        return len(sample), keyed, chance


def as_planned(quiz: PlannedQuiz) -> list[tuple[Fact, Fact]]:
    """Each fact whose planned distractors differ from its own, paired with a copy using them.

    The copy's distractor positions point at the fact's own entry for a distractor it
    wrote, and at its ``distractors`` list (or the fact) for one drawn from another fact.
    """
    pairs = []
    for question in quiz.questions:
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


def _longest_option(question: PlannedQuestion) -> int | None:
    """Index of the option longer than every other, or None when the longest tie."""
    lengths = [len(folded(option)) for option in question.options]
    longest = max(lengths)
    return lengths.index(longest) if lengths.count(longest) == 1 else None


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
    """Keys unevenly spread over the option letters across all versions (chi-square)."""
    keys = Counter((len(question.options), question.key)
                   for version in quiz.plan.versions for question in version.questions)
    for size in sorted({size for size, _ in keys}):
        counts = [keys[size, index] for index in range(size)]
        p_value = uniformity_p_value(counts)
        if p_value < SIGNIFICANCE:
            spread = ", ".join(f"{option_letter(i)} {count}" for i, count in enumerate(counts))
            yield Hit(f"across {len(quiz.plan.versions)} versions the keys of {size}-option "
                      f"questions fall on {spread} (chi-square p = {p_value:.3f}): students "
                      "who guess one letter gain (a fair shuffle does this 1 time in 20: "
                      "try another --seed)")
