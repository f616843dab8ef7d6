"""Rules for facts as flashcards: short answers, no lists, no yes/no, nothing that rots."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.errors import WARNING
from quizgen.lint.core import Hit, quoted
from quizgen.lint.words import folded, normalized, remembered, tokens
from quizgen.model import Fact
from quizgen.text import CLOZE_DELETION, FUNCTION_WORDS, stem, word_set

ANSWER_WORDS_INFO = 5
ANSWER_WORDS_WARNING = 15
LIST_ITEMS = 3
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?|;\s*|\s+(?:and|or|&)\s+", re.IGNORECASE)
_AUXILIARIES = word_set(
    "is are was were am do does did can could will would should shall has have had may "
    "might must isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't "
    "wouldn't shouldn't hasn't haven't hadn't"
)
_YES_NO = frozenset({"yes", "no", "true", "false"})
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PERIODS = ("week", "weekend", "month", "year", "quarter", "decade", "spring", "summer",
            "autumn", "fall", "winter", "night")
_PERIOD = f"(?:{'|'.join(_PERIODS)})"
_RELATIVE_TIME = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|recently|currently|nowadays|right now"
    rf"|at the moment|this (?:morning|afternoon|evening|{_PERIOD})"
    rf"|(?:last|next|past|coming|previous) (?:few )?{_PERIOD}s?"
    rf"|(?:on|last|next|this|coming) {_DAY}|(?:earlier|later|so far) this {_PERIOD}"
    rf"|(?:\w+ )?(?:days|weeks|months|years) ago)\b",
    re.IGNORECASE,
)
_RELATIVE_TIME_WORDS = ("day", "this", "last ", "next ", "past ", "coming ", "previous ",
                        "ago", "tomorrow", "tonight", "recently", "currently", "right now",
                        "moment")
"""Every match of _RELATIVE_TIME holds one of these: every weekday and yesterday, today
and nowadays end in "day"; a period follows "this", or one of the next five words and a
space; "days ago" and the like hold "ago"; the rest are words of the pattern. Text holding
none of them need not be searched. No bare period ("year", "week"): questions ask "what
year", and a tenth of the texts went on to the full search (0.4 s at 50,000 facts)."""
_SHORT_WORDS = word_set("a an the of in on at to for by as and or is it its be")
_DIGIT = re.compile(r"\d")
"""A digit as ``normalize_option`` finds figures (any Unicode decimal digit)."""


def long_answer(fact: Fact) -> Iterator[Hit]:
    """Answers over 5 words (info) and over 15 (warning): one card, one small fact."""
    count = len(fact.answer.split())
    if count > ANSWER_WORDS_WARNING:
        yield Hit(f"the answer has {count} words (over {ANSWER_WORDS_WARNING}): a learner "
                  "cannot recall it word for word; split the fact", "answer", severity=WARNING)
    elif count > ANSWER_WORDS_INFO:
        yield Hit(f"the answer has {count} words (over {ANSWER_WORDS_INFO}): shorter answers "
                  "are recalled, and graded, more reliably", "answer")


def list_answer(fact: Fact) -> Iterator[Hit]:
    """An answer that enumerates three or more items: a set is hard to memorise as one."""
    items = [item for item in _LIST_SEPARATOR.split(folded(fact.answer)) if item.strip()]
    if len(items) >= LIST_ITEMS:
        yield Hit(f"the answer lists {len(items)} items: make one fact per item, or a cloze "
                  "with one deletion each", "answer")


def yes_no_question(fact: Fact) -> Iterator[Hit]:
    """A question answered by yes or no: half the answers are right by guessing."""
    first_word = (folded(fact.question).split(maxsplit=1) or [""])[0].casefold()
    asks_yes_no = first_word in _AUXILIARIES and " or " not in fact.question
    if normalized(fact.answer) in _YES_NO or asks_yes_no:  # normalized: its tokens, joined
        yield Hit("yes/no question: a guess is right half the time; ask what, who, when or "
                  "how much instead", "question")


def relative_time(fact: Fact) -> Iterator[Hit]:
    """Words like 'last week' or 'on Monday' that stop being true as the card ages."""
    fields = [("question", fact.question), ("answer", fact.answer)]
    if fact.cloze:
        fields.append(("cloze", fact.cloze))
    for field, text in fields:
        match = _relative_time_in(folded(text))
        if match:
            yield Hit(f"{quoted(match.group(0))} is relative to when the article appeared: "
                      "the card will be wrong a year from now; give the date", field)


def _relative_time_in(text: str) -> re.Match[str] | None:
    """The first relative time expression in ``text``: a quick word check, then the search.

    On ASCII text re.IGNORECASE compares letters as ``str.lower`` folds them, so a
    match implies one of the words in the lowered text; other text (where it also
    folds the long s and the Kelvin sign to ``s`` and ``k``) is always searched.
    """
    if text.isascii():
        lowered = text.lower()
        for word in _RELATIVE_TIME_WORDS:  # a loop, not any() over a generator: half the time
            if word in lowered:
                break
        else:
            return None
    return _RELATIVE_TIME.search(text)


@remembered
def _terms(text: str) -> frozenset[str]:
    """Words and numbers that carry the content of ``text``."""
    return frozenset(stem(token) for token in tokens(text)
                     if token not in _SHORT_WORDS and token not in FUNCTION_WORDS)


@remembered
def _probes(terms: frozenset[str]) -> tuple[str, ...]:
    """What ``_may_hold`` looks for in a text that holds all of ``terms``: see there."""
    return tuple(term[:-1] if _DIGIT.search(term) is None else term[0] for term in terms)


def _may_hold(terms: frozenset[str], text: str) -> bool:
    """False when some of ``terms`` cannot be among ``_terms(text)``: a quick test.

    ``stem`` keeps a word, drops its last letter or turns ``ies`` into ``y``, so a term
    minus its last letter starts the token it came from. A token without a digit is
    untouched by ``normalize_option`` but for case and the punctuation around it, so it
    stands in the case-folded text. Figures are rewritten (``1,000`` -> ``1000``), but
    every character of a rewritten figure is one of the text's, so a term with a digit
    needs at least its first character there (a question with no digit holds no
    year). A substring test per term saves normalising and stemming the whole
    question: most answers are not in their question.
    """
    plain = folded(text).casefold()
    for probe in _probes(terms):  # noqa: SIM110 (a loop: no generator to run)
        if probe not in plain:
            return False
    return True


def answer_given_away(fact: Fact) -> Iterator[Hit]:
    """Every word of the answer already in the question, or in the cloze around a deletion."""
    answer = _terms(fact.answer)
    if answer and _may_hold(answer, fact.question) and answer <= _terms(fact.question):
        yield Hit(f"the question already contains the answer {quoted(fact.answer)}: the card "
                  "answers itself", "question")
    if fact.cloze:
        shown = CLOZE_DELETION.sub(" ", fact.cloze)
        for deletion in CLOZE_DELETION.finditer(fact.cloze):
            hidden = _terms(deletion.group(2))
            if hidden and _may_hold(hidden, shown) and hidden <= _terms(shown):
                yield Hit(f"the cloze shows {quoted(deletion.group(2))} outside its deletion: "
                          "the card answers itself", "cloze")
