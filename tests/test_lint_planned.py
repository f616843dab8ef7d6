"""Lint's lean reading of a plan: only the first version built, the same findings."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.lint import lint_bank, lint_project
from quizgen.lint.planned import PlannedQuiz
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizSettings, plan_quiz, shuffle, shuffled_position
from tests.helpers import DATA, REPO, TINY


@pytest.fixture(scope="module")
def shipped() -> Bank:
    return load_bank(REPO / "facts.yaml", REPO / "corpus")


@pytest.fixture(scope="module")
def flawed() -> Bank:
    return load_bank(DATA / "lint" / "flawed.yaml", TINY / "corpus")


@given(st.integers(1, 9), st.data(), st.integers(0, 2**32))
def test_shuffled_position_follows_one_item_through_shuffle_and_draws_alike(
        size: int, data: st.DataObject, seed: int) -> None:
    start = data.draw(st.integers(0, size - 1))
    items, followed, tracked = list(range(size)), random.Random(seed), random.Random(seed)
    shuffle(items, followed.getrandbits)
    assert shuffled_position(size, start, tracked.getrandbits) == items.index(start)
    assert tracked.getstate() == followed.getstate()  # later draws stay the same


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 26), st.sampled_from([3, 4, 5]), st.integers(0, 2**32))
def test_planned_reads_the_plan_as_of_reads_plan_quiz(
        shipped: Bank, versions: int, options: int, seed: int) -> None:
    quiz = QuizSettings(versions=versions, options=options, seed=seed)
    lean, whole = PlannedQuiz.planned(shipped, quiz), PlannedQuiz.of(plan_quiz(shipped, quiz))
    assert lean == whole
    assert sum(lean.keys.values()) == versions * sum(not q.ordered for q in lean.questions)


@pytest.mark.parametrize("quiz", [
    QuizSettings(versions=26), QuizSettings(versions=3, seed=7),
    QuizSettings(versions=2, options=3, count=3, seed=3),
])
def test_lint_project_finds_what_lint_bank_finds_on_the_whole_plan(
        shipped: Bank, flawed: Bank, quiz: QuizSettings) -> None:
    for bank in (shipped, flawed):
        assert lint_project(bank, quiz) == lint_bank(bank, plan_quiz(bank, quiz))


def test_key_positions_are_counted_in_every_version_when_they_are_uneven(flawed: Bank) -> None:
    quiz = QuizSettings(versions=26, options=3, seed=33)  # a seed whose keys fall unevenly
    found = [f for f in lint_project(flawed, quiz) if f.rule == "QUIZ-KEY-POSITION"]
    assert [f.message for f in found] == [
        "across 26 versions the keys of 3-option questions fall on A 43, B 17, C 44 "
        "(chi-square p = 0.001): students who guess one letter gain (a fair shuffle does "
        "this 1 time in 20: try another --seed)"]
    assert found == [f for f in lint_bank(flawed, plan_quiz(flawed, quiz))
                     if f.rule == "QUIZ-KEY-POSITION"]


def test_the_bank_index_read_in_quiz_order_finds_what_an_index_of_the_quiz_finds(
        shipped: Bank) -> None:
    from quizgen.lint.independence import KeyIndex, _quiz_cues

    facts = [question.fact for question in PlannedQuiz.planned(
        shipped, QuizSettings(count=40, seed=5)).questions]
    assert len(facts) < len(shipped.facts)  # some facts left out, the rest reordered
    texts = {text for fact in shipped.facts for text in (fact.answer, *fact.distractors)}
    kinds = {fact.kind for fact in shipped.facts}
    lean, built = _quiz_cues(shipped, facts), KeyIndex(facts).cues_in_option
    found = [(text, kind, set(built(text, kind))) for text in sorted(texts) for kind in kinds]
    assert any(cues for _, _, cues in found)  # the comparison is not of empty sets alone
    assert [(text, kind, set(lean(text, kind))) for text, kind, _ in found] == found
