"""What grading produces: the marks, the item figures and flags, for writers to show."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.grade.answers import AnswerKey
from quizgen.grade.flags import FLAGS, Flag
from quizgen.grade.responses import Responses
from quizgen.grade.scoring import StudentScore
from quizgen.grade.stats import ClassStats, ItemStats
from quizgen.model import Bank


@dataclass(frozen=True)
class FactInfo:
    """Where a graded fact lives, so the report sends the curator to it."""

    question: str
    path: str
    line: int


@dataclass(frozen=True)
class Grading:
    """One class graded against one build's key."""

    key: AnswerKey
    responses: Responses
    formula: bool
    """Scores are formula scores (right - wrong/(k-1)), not number right."""
    scores: tuple[StudentScore, ...]
    items: tuple[ItemStats, ...]
    flags: dict[str, tuple[Flag, ...]]
    """Flags by fact id; unflagged facts are absent."""
    summary: ClassStats

    def ordered_items(self) -> list[ItemStats]:
        """Items by their most urgent flag (``FLAGS`` order), unflagged last; then quiz order."""
        def rank(item: ItemStats) -> int:
            flags = self.flags.get(item.fact_id, ())
            return min((FLAGS.index(flag.name) for flag in flags), default=len(FLAGS))

        return sorted(self.items, key=rank)

    def flagged(self) -> list[tuple[ItemStats, tuple[Flag, ...]]]:
        """The flagged items with their flags, most urgent first."""
        return [(item, self.flags[item.fact_id]) for item in self.ordered_items()
                if item.fact_id in self.flags]


def fact_info(bank: Bank) -> dict[str, FactInfo]:
    """Each fact's question and the line where it starts in the facts file."""
    path = str(bank.facts_path)
    return {fact.id: FactInfo(fact.question, path, fact.position.line) for fact in bank.facts}
