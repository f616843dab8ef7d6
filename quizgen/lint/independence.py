"""Rules that compare facts: no question may give away another question's answer.

IND-ANSWER-ELSEWHERE reads each question (the stem); IND-OPTION-CUE reads what else
a quiz prints beside it: the options and the explanation. Keys are indexed by their
token sequence, and their lengths by their first token; each text is then scanned
once, trying at each token only the lengths of the keys that begin with it, so the
cost grows with the total length of the texts, not with the square of the number of
facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet

from quizgen.errors import INFO
from quizgen.lint.core import Hit, options_of, quoted
from quizgen.lint.planned import PlannedQuiz
from quizgen.lint.shared import shared
from quizgen.lint.words import normalize_once, tokens
from quizgen.model import Bank, Fact
from quizgen.text import FUNCTION_WORDS, word_set

MAX_LISTED = 3
_TOO_COMMON = word_set("a an the of in on at to for by as and or is it its be us")


def _is_distinctive(answer: tuple[str, ...]) -> bool:
    """Whether finding these tokens in a text really points at the answer."""
    meaningful = [t for t in answer if t not in _TOO_COMMON and t not in FUNCTION_WORDS]
    return bool(meaningful) and (len(answer) > 1 or len(answer[0]) > 2 or
                                 any(c.isdigit() for c in answer[0]))


class KeyIndex:
    """Where each fact's key (its answer and accepted phrasings) occurs inside texts."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = facts
        self._owners: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.bare_figures: set[int] = set()
        """Facts whose answer is one token holding a digit (``2023``, ``17%``)."""
        # _is_distinctive by key, worked out once a key: keys recur (a year is the
        # answer of hundreds of facts).
        distinctive: dict[tuple[str, ...], bool] = {}
        for index, fact in enumerate(facts):
            answer_tokens = tokens(fact.answer)
            if len(answer_tokens) == 1 and any(c.isdigit() for c in answer_tokens[0]):
                self.bare_figures.add(index)
            for text in (fact.answer, *fact.accept) if fact.accept else (fact.answer,):
                answer = tokens(text)
                if not answer:
                    continue
                is_key = distinctive.get(answer)
                if is_key is None:
                    is_key = distinctive[answer] = _is_distinctive(answer)
                if is_key:
                    owners = self._owners[answer]
                    # Facts come in index order, so this fact can only be the last owner
                    # (a test of the last, where 'in' read a year's hundreds of owners).
                    if not owners or owners[-1] != index:
                        owners.append(index)
        self._sizes: dict[str, set[int]] = defaultdict(set)
        for answer in self._owners:
            self._sizes[answer[0]].add(len(answer))
        self._firsts = frozenset(self._sizes)
        """The first token of every key: a text holding none of them holds no key."""
        self._option_cues: dict[tuple[str, str], frozenset[int]] = {}

    def found_in(self, text: str) -> set[int]:
        """Indices of the facts whose key occurs in ``text`` as a whole-token phrase.

        For questions and explanations, read once a fact: their tokens are not
        remembered (nor their normalised text), which would only push options out of
        the cache.
        """
        words = normalize_once(text).split()
        if self._firsts.isdisjoint(words):
            return set()
        return self.found_in_tokens(tuple(words))

    def found_in_tokens(self, words: tuple[str, ...]) -> set[int]:
        """``found_in`` for text already split into ``tokens``."""
        found: set[int] = set()
        if self._firsts.isdisjoint(words):
            return found  # one set operation in C rejects most texts (a third of lint's scans)
        for start, token in enumerate(words):
            # A slice cut short by the text's end can only equal a key that is also
            # tried at its own, shorter length: it finds nothing new.
            for size in self._sizes.get(token, ()):
                found.update(self._owners.get(words[start:start + size], ()))
        return found

    def cues_in_option(self, text: str, kind: str) -> frozenset[int]:
        """The facts whose key occurs in option ``text`` of a fact of ``kind``, less the pool's.

        An option that is exactly the key of facts of its own kind is the pool at work,
        not a cue, so those facts are left out. Remembered by text and kind: options
        repeat across facts (years, amounts, names), and a year is the key of hundreds
        of facts, whose indices were gathered into a set for every option that year
        (IND-OPTION-CUE was a third of lint at 50,000 facts); keyed by the text, not its
        tokens, a repeated option costs one look-up.
        """
        found = self._option_cues.get((text, kind))
        if found is None:
            words = tokens(text)
            found = self._option_cues[text, kind] = frozenset(
                self.found_in_tokens(words) - self.owners_of_kind(words, kind))
        return found

    def owners_of_kind(self, words: tuple[str, ...], kind: str) -> frozenset[int]:
        """The facts of ``kind`` whose key is exactly these tokens.

        Not remembered here: ``cues_in_option``, its one caller, remembers its results.
        """
        return frozenset(owner for owner in self._owners.get(words, ())
                         if self.facts[owner].kind == kind)


def bank_index(bank: Bank) -> KeyIndex:
    """The index of the bank's keys, built once per lint run for both rules that read it."""
    return shared(("key-index", id(bank.facts)), lambda: KeyIndex(bank.facts))


def answers_in_other_questions(bank: Bank) -> Iterator[Hit]:
    """A question that contains another fact's answer (or accepted phrasing) verbatim."""
    check = answers_in_question(bank)
    for position, fact in enumerate(bank.facts):
        yield from check(position, fact)


def answers_in_question(bank: Bank) -> Callable[[int, Fact], Iterator[Hit]]:
    """``answers_in_other_questions`` for the fact at one index of the bank."""
    index = bank_index(bank)

    def check(position: int, fact: Fact) -> Iterator[Hit]:
        revealed = index.found_in(fact.question) - {position}
        if revealed:
            yield _question_hit(fact, [bank.facts[owner] for owner in sorted(revealed)])

    return check


def _question_hit(fact: Fact, revealed: list[Fact]) -> Hit:
    return Hit(f"the question contains {_listed(revealed, 'answer to')}: in one quiz it gives "
               "the other question away", "question", fact)


def _listed(revealed: list[Fact], role: str) -> str:
    shown = [f"{quoted(other.answer)}, the {role} '{other.id}' (line {other.position.line})"
             for other in revealed[:MAX_LISTED]]
    more = len(revealed) - MAX_LISTED
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def option_cues(bank: Bank) -> Iterator[Hit]:
    """An option of one fact that contains another fact's key; in an explanation, an info."""
    check = cues_in_fact(bank)
    for position, fact in enumerate(bank.facts):
        yield from check(position, fact)


def cues_in_fact(bank: Bank) -> Callable[[int, Fact], Iterator[Hit]]:
    """``option_cues`` for the fact at one index of the bank."""
    index = bank_index(bank)

    def check(position: int, fact: Fact) -> Iterator[Hit]:
        return _cues(index, position, fact, (*options_of(fact), ("explanation", fact.explanation)))

    return check


def planned_option_cues(bank: Bank, quiz: PlannedQuiz) -> Iterator[Hit]:
    """The same, for the options the plan drew from other facts, against the quiz's keys.

    A fact's own options were read against every fact's key by ``option_cues``.
    """
    facts = [question.fact for question in quiz.questions]
    cues: Callable[[str, str], AbstractSet[int]] | None = None
    for position, question in enumerate(quiz.questions):
        fact = question.fact
        for number, option in enumerate(question.options):
            if number == question.key or option in fact.distractors:
                continue
            if cues is None:
                cues = _quiz_cues(bank, facts)
            for hit in _revealing(facts, position, fact, "distractors", option,
                                  cues(option, fact.kind)):
                yield Hit(f"{hit.message} (options as drawn for the planned quiz)", hit.field,
                          hit.fact)


def _quiz_cues(bank: Bank, facts: Sequence[Fact]) -> Callable[[str, str], AbstractSet[int]]:
    """``KeyIndex(facts).cues_in_option`` for the facts of a quiz planned from ``bank``.

    The quiz holds the bank's facts in its own order, so the bank's index answers for
    it, its facts renumbered in the quiz's order and those left out of the quiz dropped.
    Building a second index over every fact was a twentieth of lint; a renumbered copy
    of the bank's, with a second cache of option cues, was 18 MiB of lint's peak memory
    at 50,000 facts, and the bank's cache already holds most options' cues.
    """
    numbers = {id(fact): number for number, fact in enumerate(facts)}
    # Each bank fact's number in the quiz, -1 for a fact the quiz leaves out.
    in_quiz = [numbers.pop(id(fact), -1) for fact in bank.facts]
    if numbers:
        return KeyIndex(facts).cues_in_option  # a plan of other facts
    index = bank_index(bank)

    def cues(text: str, kind: str) -> AbstractSet[int]:
        found = index.cues_in_option(text, kind)
        return {in_quiz[owner] for owner in found if in_quiz[owner] >= 0} if found else found

    return cues


def _cues(index: KeyIndex, position: int, fact: Fact,
          texts: Iterable[tuple[str, str]]) -> Iterator[Hit]:
    for field, text in texts:
        found: AbstractSet[int]
        if field == "explanation":
            found = index.found_in(text)
            # A bare year or figure in an explanation dates or sizes something else far
            # more often than it answers another question.
            found = found - index.bare_figures
        else:
            # A distractor that is another fact's key of the same kind is the pool at
            # work (a plausible wrong answer), not a cue: only a key inside it is.
            found = index.cues_in_option(text, fact.kind)
        yield from _revealing(index.facts, position, fact, field, text, found)


def _revealing(facts: Sequence[Fact], position: int, fact: Fact, field: str, text: str,
               found: AbstractSet[int]) -> Iterator[Hit]:
    """The hit for ``text`` of the fact at ``position`` holding the keys of ``found``, if any."""
    if position in found:
        found = found - {position}
    if not found:
        return
    revealed = _listed([facts[other] for other in sorted(found)], "key of")
    if field == "explanation":
        # Students read an explanation only after answering (in the key, on a card's
        # back, on a practice page): worth a look, not a flaw of the quiz itself.
        yield Hit(f"the explanation contains {revealed}: shown after this question, it "
                  "answers that one", field, fact, severity=INFO)
    else:
        yield Hit(f"option {quoted(text)} contains {revealed}: printed in the same quiz "
                  "it answers that question", field, fact)
