"""Plan a quiz: select facts, draw distractors and shuffle, all from one seeded RNG.

The plan is the single source every quiz writer renders, so a quiz, its key and the
answers CSV can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.model import Fact

DEFAULT_SEED = 2025
"""Seed used when none is given, so an unchanged rebuild reproduces every file."""

MAX_VERSIONS = 26
"""One version per letter A to Z."""

OPTION_COUNTS = (3, 4, 5)
"""How many options a question may have."""


@dataclass(frozen=True)
class QuizSettings:
    """What the teacher asked for."""

    count: int | None = None
    """Questions per version; ``None`` means every selected fact."""
    versions: int = 1
    """How many versions (A, B, ...), 1 to 26."""
    options: int = 4
    """Options per question, the answer included: 3, 4 or 5."""
    seed: int = DEFAULT_SEED
    topics: tuple[str, ...] = ()
    """Topic ids to draw from; empty means all topics."""
    title: str | None = None
    """Quiz title; ``None`` means the deck title."""


@dataclass(frozen=True)
class PlannedQuestion:
    """One question as printed: the fact, its options in order, and the key's index."""

    fact: Fact
    options: tuple[str, ...]
    key: int
    """Index into ``options`` of the correct answer: ``options[key] == fact.answer``."""

    @property
    def key_letter(self) -> str:
        """The key as printed: ``A`` for index 0."""
        return option_letter(self.key)


@dataclass(frozen=True)
class QuizVersion:
    """One version of the quiz: the same questions as the others, in its own order."""

    letter: str
    questions: tuple[PlannedQuestion, ...]


@dataclass(frozen=True)
class QuizPlan:
    """Every version of one build, drawn once."""

    title: str
    seed: int
    build_id: str
    """Short hash of the facts file content and the settings, printed on every page."""
    settings: QuizSettings
    versions: tuple[QuizVersion, ...]


def option_letter(index: int) -> str:
    """The letter of the option (or version) at a 0-based index: 0 is ``A``."""
    return chr(ord("A") + index)
