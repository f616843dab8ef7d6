"""A planned quiz as the lint rules read it: indexed once, whatever rules read it."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from quizgen.lint.words import folded
from quizgen.model import Bank, Fact
from quizgen.plan.planner import (
    KeyCounts,
    PlannedQuestion,
    QuizPlan,
    QuizSettings,
    QuizVersion,
    first_version_and_keys,
)


@dataclass(frozen=True)
class PlannedQuiz:
    """A planned quiz as the rules read it: each fact's question once, and where keys fall."""

    questions: tuple[PlannedQuestion, ...]
    """Each fact's question once (from the first version): versions reorder options only."""
    versions: int
    """How many versions the plan has."""
    keys: KeyCounts
    """Where the keys of the shuffled questions of every version fall."""

    @classmethod
    def of(cls, plan: QuizPlan) -> PlannedQuiz:
        """Index ``plan`` once, however many rules read it.

        Every version asks the same questions, so the first one holds them all.
        """
        keys: KeyCounts = Counter((len(question.options), question.key)
                                  for version in plan.versions
                                  for question in version.questions if not question.ordered)
        return cls._of(plan.versions[0] if plan.versions else None, len(plan.versions), keys)

    @classmethod
    def planned(cls, bank: Bank, settings: QuizSettings) -> PlannedQuiz:
        """The quiz ``plan_quiz(bank, settings)`` plans, read as ``of`` reads it.

        Only the first version is built (``first_version_and_keys``); the findings are
        those of ``of(plan_quiz(bank, settings))``. Raises what ``plan_quiz`` raises.
        """
        first, keys = first_version_and_keys(bank, settings)
        return cls._of(first, settings.versions, keys)

    @classmethod
    def _of(cls, first: QuizVersion | None, versions: int, keys: KeyCounts) -> PlannedQuiz:
        seen: dict[str, PlannedQuestion] = {}
        for question in first.questions if first is not None else ():
            seen.setdefault(question.fact.id, question)
        return cls(tuple(seen.values()), versions, keys)

    @functools.cached_property
    def length_sample(self) -> tuple[int, list[PlannedQuestion], float]:
        """Questions with one longest option; those whose key it is; the chance of that.

        Were keys placed without regard to length, the key would be the longest option in
        each such question with probability 1 / options.
        """
        longest = [(question, longest_option(question)) for question in self.questions
                   if len(question.options) > 1]
        sample = [(question, index) for question, index in longest if index is not None]
        keyed = [question for question, index in sample if index == question.key]
        chance = (sum(1 / len(question.options) for question, _ in sample) / len(sample)
                  if sample else 0.0)
        return len(sample), keyed, chance


def as_planned(quiz: PlannedQuiz) -> Iterator[tuple[Fact, Fact]]:
    """Each fact whose planned distractors differ from its own, paired with a copy using them.

    The copy's distractor positions point at the fact's own entry for a distractor it
    wrote, and at its ``distractors`` list (or the fact) for one drawn from another fact.
    The pairs are made one at a time, as they are read: held all at once, the copies
    were a third of lint's peak memory at 50,000 facts.
    """
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
        yield fact, dataclasses.replace(fact, distractors=drawn, field_positions=positions)


def longest_option(question: PlannedQuestion) -> int | None:
    """Index of the option longer than every other, or None when the longest tie."""
    lengths = [len(folded(option)) for option in question.options]
    longest = max(lengths)
    return lengths.index(longest) if lengths.count(longest) == 1 else None
