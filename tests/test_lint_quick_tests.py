"""Lint's quick tests never turn away a text the full test would accept."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.lint.cards import _RELATIVE_TIME, _may_hold, _relative_time_in, _terms
from quizgen.lint.options import _amounts, _kind_and_amount
from quizgen.lint.words import quantity

_TIME_WORDS = st.sampled_from([
    "last", "next", "past", "coming", "previous", "few", "this", "on", "earlier", "later",
    "so", "far", "week", "weeks", "year", "years", "month", "night", "Monday", "FRIDAY",
    "days", "ago", "yesterday", "Today", "tonight", "recently", "right", "now", "at", "the",
    "moment", "nowadays", "what", "entry", "two", "-", ",", "'"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TIME_WORDS, max_size=8).map(" ".join)
       | st.text(st.characters(max_codepoint=127), max_size=30))
@example("What year entry does record AAA-AAB of the ledger list?")
@example("Two WEEKS AGO")
def test_relative_time_quick_words_turn_away_no_match(text: str) -> None:
    found = _relative_time_in(text)
    expected = _RELATIVE_TIME.search(text)
    assert (found and found.span()) == (expected and expected.span())


_FIGURE_WORDS = st.sampled_from([
    "1,000", "1000", "5.60", "5.6", "$5.6", "17%", "17", "2023", "in", "million", "chips",
    "chip", "companies", "company", "the", "of", "U.S.", "-", "'", "€3", "1,", "a1b"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_FIGURE_WORDS, min_size=1, max_size=4).map(" ".join),
       st.lists(_FIGURE_WORDS, max_size=8).map(" ".join) | st.text(max_size=30))
@example("1,000 chips", "How many chips: 1000?")
@example("$5.60", "It cost $5.6.")
@example("1000 chips", "Were 1,000 chips sold?")
def test_answer_quick_test_turns_away_no_question_that_holds_the_answer(
        answer: str, question: str) -> None:
    terms = _terms(answer)
    if terms and terms <= _terms(question):
        assert _may_hold(terms, question)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FIGURE_WORDS, min_size=1, max_size=3).map(" ".join))
def test_remembered_amount_is_the_kind_amount_and_its_logarithm(text: str) -> None:
    import math
    from decimal import Decimal

    from quizgen.text.quantities import Quantity, option_kind

    amount = quantity(text) or Quantity(Decimal(0), "")
    log = math.log10(amount.value) if amount.value > 0 else None
    assert _kind_and_amount(text) == (option_kind(text), amount, log)
    assert _amounts([("answer", text)]) == [("answer", text, amount, log)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", "an", "AN", "n", "banana", "is", "_", "...", "?",
                                 ":", "-", "\x1c", "\t", "\n", " "]), max_size=6).map("".join)
       | st.text(st.characters(max_codepoint=127), max_size=20))
@example("The first is a ___?")
@example("Name an\x1c")
def test_article_quick_test_turns_away_no_stem_the_pattern_matches(text: str) -> None:
    from quizgen.lint.stems import _AFTER_ARTICLE, _ARTICLE_ENDS, _TRAILING_ARTICLE

    if _TRAILING_ARTICLE.search(text):
        assert text.rstrip(_AFTER_ARTICLE)[-1:] in _ARTICLE_ENDS


_OPTIONS = st.sampled_from([
    "17%", "17-18%", "more than 17%", "under 18%", "about 17%", "18%", "$5.6 million",
    "$5,600,000", "$6 million", "2023", "2020s", "January 2023", "1,000", "1000 chips",
    "3 days", "a week", "Paris", "Lyon", "Paris and Lyon", "Paris, Lyon", "both Paris and Lyon",
    "Nice", "", "between 10 and 20", "10 to 20", "15", "nearly 10,000", "20-30"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_OPTIONS, min_size=1, max_size=5))
@example(["17%", "17-18%"])
@example(["Paris", "Paris and Lyon"])
@example(["10 to 20", "15"])
@example(["10 to 20", "20-30"])
def test_options_held_apart_have_no_overlapping_pair(texts: list[str]) -> None:
    from quizgen.lint.overlap import _apart, _read, _reason

    reads = [_read(text) for text in texts]
    if _apart(reads):
        assert all(_reason(first, second) is None
                   for number, second in enumerate(reads) for first in reads[:number])
