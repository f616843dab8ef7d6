"""Rules about the question (the stem): cues to the key, negatives, vagueness, length."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.lint.core import Hit, options_of, quoted
from quizgen.lint.words import (
    content_words,
    folded,
    indefinite_article,
    may_share_content_words,
)
from quizgen.model import Fact

MAX_STEM_WORDS = 35
_TRAILING_ARTICLE = re.compile(r"\b(an?)[\s_.…:?-]*$", re.IGNORECASE)
_AFTER_ARTICLE = "_.:?-" + "".join(char for char in map(chr, range(128)) if char.isspace())
r"""What may follow the article in ASCII text (``\s`` is ``str.isspace``)."""
_ARTICLE_ENDS = ("a", "A", "n", "N")
"""How ASCII text ends, less what may follow the article, if the pattern matches it."""
_NEGATIVE = re.compile(r"\b(?:not|except|cannot)\b|\b\w+n't\b", re.IGNORECASE)
_WHICH_IS_TRUE = re.compile(
    r"\bwhich\s+(?:one\s+)?(?:of\s+(?:the\s+following|these|those|the\s+statements)|statement"
    r"|option|answer)s?\b[^?]*\b(?:true|false|correct|incorrect|accurate|inaccurate|right|"
    r"wrong)\b",
    re.IGNORECASE,
)


def cue_words(fact: Fact) -> Iterator[Hit]:
    """A content word shared by the stem and the key but by no distractor (a clang cue)."""
    if not fact.distractors:
        return
    key = content_words(fact.answer)
    if not key or not may_share_content_words(key, fact.question):
        return
    shared = content_words(fact.question) & key
    if not shared:
        return
    for distractor in fact.distractors:
        shared -= content_words(distractor)
    if shared:
        listed = ", ".join(quoted(word) for word in sorted(shared))
        yield Hit(f"{listed} appears in the question and the key but in no distractor: "
                  "students match the word and find the key", "answer")


def article_agreement(fact: Fact) -> Iterator[Hit]:
    """A stem ending in 'a' or 'an' that some option does not agree with."""
    question = folded(fact.question)
    if question.isascii() and question.rstrip(_AFTER_ARTICLE)[-1:] not in _ARTICLE_ENDS:
        return  # the quick test: the search reads every position of the question
    match = _TRAILING_ARTICLE.search(question)
    if match is None:
        return
    article = match.group(1).casefold()
    for field, text in options_of(fact):
        if indefinite_article(text) != article:
            yield Hit(f"the question ends in {quoted(article)} but option {quoted(text)} needs "
                      f"{quoted(indefinite_article(text))}: grammar rules options in or out; "
                      "end the stem before the article", field)


def lower_case_negatives(fact: Fact) -> Iterator[Hit]:
    """NOT or EXCEPT in a stem, not written in capitals where a reader would miss it."""
    question = folded(fact.question)
    if question.isascii():  # on ASCII, re.IGNORECASE folds as str.lower: a match needs one
        lowered = question.lower()
        if "not" not in lowered and "except" not in lowered and "n't" not in lowered:
            return
    for match in _NEGATIVE.finditer(question):
        word = match.group(0)
        if word != word.upper():
            capitals = "NOT" if word.casefold().endswith("n't") else word.upper()
            yield Hit(f"negative stem: {quoted(word)} is easy to miss; ask positively, or write "
                      f"{quoted(capitals)} in capitals", "question")
            return


def which_is_true(fact: Fact) -> Iterator[Hit]:
    """'Which of the following is true?': the stem holds no question on its own."""
    question = folded(fact.question)
    if question.isascii() and "which" not in question.lower():
        return  # no match without the word (re.IGNORECASE folds ASCII as str.lower does)
    if _WHICH_IS_TRUE.search(question):
        yield Hit("'which of the following is true' style stem: put the central idea in the "
                  "question so it can be answered with the options covered", "question")


def long_stem(fact: Fact) -> Iterator[Hit]:
    """A stem of more than 35 words: reading time that measures nothing."""
    count = len(fact.question.split())
    if count > MAX_STEM_WORDS:
        yield Hit(f"the question has {count} words (over {MAX_STEM_WORDS}): cut what does not "
                  "help answer it", "question")


_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_SUFFIXES = ("ing", "ed", "ly")


def _root(word: str) -> str:
    """A word with a common inflection cut (``reasoning`` -> ``reason``), for matching."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _spelled_out(acronym: str, words: list[str]) -> set[str]:
    """The words of ``words`` whose initials, in order, spell ``acronym`` with gaps allowed.

    ``AI`` spells out ``artificial`` and ``intelligence`` in "artificial general
    intelligence": a stem that says "AI" names two of the key's three words.
    """
    letters = acronym.rstrip("s").casefold()
    matched: set[str] = set()
    position = 0
    for word in words:
        if position < len(letters) and word[:1] == letters[position]:
            matched.add(word)
            position += 1
    return matched if position == len(letters) else set()


def stem_names_key(fact: Fact) -> Iterator[Hit]:
    """The stem holds most of the key's content words, in any order: it defines the key.

    Unlike STEM-CUE-WORD this counts words the distractors share as well: a stem that
    paraphrases the key ("AI that matches human skills" for "artificial general
    intelligence") answers itself even when every option repeats those words.
    """
    key_words = sorted(content_words(fact.answer))
    if len(key_words) < 2:
        return
    stem_words = {_root(word) for word in content_words(fact.question)}
    named = {word for word in key_words if _root(word) in stem_words}
    for acronym in _ACRONYM.findall(folded(fact.question)):
        named |= _spelled_out(acronym, [w for w in key_words if w not in named])
    whole = len(named) == len(key_words) and _given_whole(fact)
    if len(named) < 2 or 2 * len(named) < len(key_words) or whole:
        return
    listed = ", ".join(quoted(word) for word in sorted(named))
    yield Hit(f"the question already names {listed} of the key {quoted(fact.answer)} (in any "
              "order): it defines or paraphrases the answer; describe the thing without the "
              "key's words", "question")


def _given_whole(fact: Fact) -> bool:
    """Whether the key stands in the stem word for word: FC-ANSWER-GIVEN reports that."""
    return content_words(fact.answer) <= content_words(fact.question)
