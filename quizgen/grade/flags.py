"""Flags: the items a curator should look at, each with a one-line reason.

Thresholds follow classical item analysis: a key the top 27% reject, negative
discrimination, p above 0.95 or below 0.20, and distractors chosen by fewer than 5% of
students, which Rodriguez (2005) counts as non-functioning.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.grade.stats import TOP_SHARE, ItemStats

CHECK_KEY = "check-key"
NEGATIVE_DISCRIMINATION = "negative-discrimination"
TOO_HARD = "too-hard"
TOO_EASY = "too-easy"
DEAD_DISTRACTOR = "dead-distractor"
FLAGS = (CHECK_KEY, NEGATIVE_DISCRIMINATION, TOO_HARD, TOO_EASY, DEAD_DISTRACTOR)
"""Every flag, most urgent first: the report's order."""

TOO_EASY_P = 0.95
TOO_HARD_P = 0.20
DEAD_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to look at an item."""

    name: str
    reason: str
    """One line, with the figures behind the flag."""


def is_dead(count: int, n: int) -> bool:
    """Whether a distractor chosen by ``count`` of ``n`` students is non-functioning."""
    return n > 0 and count < DEAD_SHARE * n


def flags_for(item: ItemStats) -> tuple[Flag, ...]:
    """The item's flags, in ``FLAGS`` order (none for an item nobody was asked)."""
    if item.p is None:
        return ()
    flags = []
    key = item.options[0]
    rivals = [index for index in range(1, len(item.options))
              if item.top_counts[index] > item.top_counts[0]]
    if rivals:
        rival = max(rivals, key=lambda index: item.top_counts[index])
        flags.append(Flag(CHECK_KEY, (
            f"the top {TOP_SHARE:.0%} chose {_quoted(item.options[rival])} "
            f"({item.top_counts[rival]} of {item.top_n}) more than the key {_quoted(key)} "
            f"({item.top_counts[0]}): is the key right?")))
    if item.discrimination is not None and item.discrimination < 0:
        flags.append(Flag(NEGATIVE_DISCRIMINATION, (
            f"discrimination {item.discrimination:.2f}: students who did worse on the rest "
            "of the quiz got it right more often")))
    chance = 1 / len(item.options)
    if item.p < TOO_HARD_P:
        flags.append(Flag(TOO_HARD, (
            f"p = {item.p:.2f}, below {TOO_HARD_P:.2f} (blind guessing among "
            f"{len(item.options)} options gets {chance:.2f}): is it taught, clear, keyed "
            "right?")))
    if item.p > TOO_EASY_P:
        flags.append(Flag(TOO_EASY, (
            f"p = {item.p:.2f}, above {TOO_EASY_P:.2f}: nearly everyone got it right, so "
            "it tells students apart little")))
    dead = [index for index in range(1, len(item.options)) if is_dead(item.counts[index], item.n)]
    if dead:
        named = ", ".join(f"{_quoted(item.options[index])} ({item.counts[index]})"
                          for index in dead)
        flags.append(Flag(DEAD_DISTRACTOR, (
            f"chosen by fewer than {DEAD_SHARE:.0%} of {item.n} students: {named}; "
            "replace with a mistake students really make")))
    return tuple(flags)


def _quoted(text: str, limit: int = 40) -> str:
    return f"'{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}'"
