"""The one rule that compares facts: no question may give away another fact's answer.

Answers are indexed by their token sequence, and their lengths by their first token;
each question is then scanned once, trying at each token only the lengths of the
answers that begin with it, so the cost grows with the total length of the questions,
not with the square of the number of facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from quizgen.lint.core import Hit, quoted
from quizgen.lint.words import tokens
from quizgen.model import Fact
from quizgen.text import FUNCTION_WORDS, word_set

MAX_LISTED = 3
_TOO_COMMON = word_set("a an the of in on at to for by as and or is it its be us")


def _is_distinctive(answer: tuple[str, ...]) -> bool:
    """Whether finding these tokens in a question really points at the answer."""
    meaningful = [t for t in answer if t not in _TOO_COMMON and t not in FUNCTION_WORDS]
    return bool(meaningful) and (len(answer) > 1 or len(answer[0]) > 2 or
                                 any(c.isdigit() for c in answer[0]))


def answers_in_other_questions(facts: Sequence[Fact]) -> Iterator[Hit]:
    """A question that contains another fact's answer (or accepted phrasing) verbatim."""
    owners: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, fact in enumerate(facts):
        for text in dict.fromkeys((fact.answer, *fact.accept)):
            answer = tokens(text)
            if answer and _is_distinctive(answer) and index not in owners[answer]:
                owners[answer].append(index)
    sizes: dict[str, set[int]] = defaultdict(set)
    for answer in owners:
        sizes[answer[0]].add(len(answer))
    for index, fact in enumerate(facts):
        question = tokens(fact.question)
        revealed: set[int] = set()
        for start, token in enumerate(question):
            # A slice cut short by the question's end can only equal an answer that is
            # also tried at its own, shorter length: it finds nothing new.
            for size in sizes.get(token, ()):
                revealed.update(owners.get(question[start:start + size], ()))
        revealed.discard(index)
        if revealed:
            yield _hit(fact, [facts[owner] for owner in sorted(revealed)])


def _hit(fact: Fact, revealed: list[Fact]) -> Hit:
    shown = [f"{quoted(other.answer)}, the answer to '{other.id}' (line {other.position.line})"
             for other in revealed[:MAX_LISTED]]
    more = len(revealed) - MAX_LISTED
    listed = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    return Hit(f"the question contains {listed}: in one quiz it gives the other question away",
               "question", fact)
