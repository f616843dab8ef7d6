"""Lint's shortcuts give exactly what the plain code they stand in for gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizgen.lint import RULES
from quizgen.lint.context import _Capitals, _opens
from quizgen.lint.core import BankRule
from quizgen.lint.words import normalized
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.text import normalize_option
from tests.helpers import DATA, REPO, TINY


@pytest.fixture(scope="module", params=["flawed", "shipped"])
def bank(request: pytest.FixtureRequest) -> Bank:
    if request.param == "shipped":
        return load_bank(REPO / "facts.yaml", REPO / "corpus")
    return load_bank(DATA / "lint" / "flawed.yaml", TINY / "corpus")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40)
       | st.text(max_size=20))
@example("All of the above.")
@example("U.S. e-mail: 1,000.50 (about)")
@example("\x1c\x7f_%$.")
def test_normalized_is_normalize_option(text: str) -> None:
    assert normalized.__wrapped__(text) == normalize_option(text)


def test_bank_rules_asked_fact_by_fact_find_what_they_find_on_the_bank(bank: Bank) -> None:
    for rule in RULES:
        if isinstance(rule, BankRule) and rule.each_fact is not None:
            check = rule.each_fact(bank)
            each = [hit for position, fact in enumerate(bank.facts)
                    for hit in check(position, fact)]
            assert each == list(rule.check(bank)), rule.id


def _capitals_text_by_text(bank: Bank, openers: set[str]) -> tuple[set[str], set[str]]:
    """What _Capitals found when it searched each text on its own."""
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, openers))) + r")\b",
                         re.IGNORECASE)
    mid: set[str] = set()
    lower: set[str] = set()
    for fact in bank.facts:
        for text in (fact.question, fact.answer, fact.explanation, fact.cloze or "",
                     *(source.quote for source in fact.sources)):
            for match in pattern.finditer(text):
                word = match.group(0)
                if word[:1].islower():
                    lower.add(word.casefold())
                elif not _opens(text, match.start()):
                    mid.add(word.casefold())
    return mid, lower


def test_capitals_scanned_together_are_those_scanned_text_by_text(bank: Bank) -> None:
    openers = {"Mars", "The", "Neil", "Armstrong", "Moon", "NASA", "Apollo", "DeepSeek", "In",
               "Nvidia", "China", "It"}
    capitals = _Capitals(bank, openers)
    assert (capitals.mid_capital, capitals.lower) == _capitals_text_by_text(bank, openers)


_WORDS = st.sampled_from(["not", "NoT", "except", "EXCEPT", "cannot", "can't", "won'T", "n't",
                          "which", "WHICH", "of", "the", "following", "is", "true", "a", "-",
                          "?", "'", "notable", "whichever", "K", "s", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=8).map(" ".join) | st.text(st.characters(max_codepoint=127)))
def test_stem_regexes_match_only_where_their_quick_word_test_lets_them(text: str) -> None:
    from quizgen.lint.stems import _NEGATIVE, _WHICH_IS_TRUE

    lowered = text.lower()
    if _NEGATIVE.search(text):
        assert "not" in lowered or "except" in lowered or "n't" in lowered
    if _WHICH_IS_TRUE.search(text):
        assert "which" in lowered


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["U.S", "S", "us", "The", "the", "Them", "x", "_", " ", ".",
                                 "-", "\n", "'", "9"]), max_size=12).map("".join),
       st.sets(st.sampled_from(["U.S", "S", "The", "Them", "X"]), min_size=1))
def test_quick_capital_search_finds_what_the_case_blind_search_finds(
        text: str, openers: set[str]) -> None:
    from quizgen.lint.context import _quick_matches

    words = "|".join(sorted(map(re.escape, openers)))
    slow = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    quick = re.compile(rf"(?:{words.lower()})\b")
    assert list(_quick_matches(quick, text)) == [m.span() for m in slow.finditer(text)]
