"""Options that are quantities print in ascending order, with keys spread evenly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.lint.planned import PlannedQuiz
from quizgen.lint.quiz import key_positions_uneven
from quizgen.lint.stats import uniformity_p_value
from quizgen.load.facts import load_bank
from quizgen.model import Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.text.quantities import ordered
from quizgen.writers import quiz_outputs
from tests.helpers import REPO


def numeric_fact(index: int, below: int, above: int, unit: str = "%") -> Fact:
    """A fact whose answer has ``below`` distractors under it and ``above`` over it."""
    answer = 100 * (below + 1)
    distractors = tuple(f"{100 * n}{unit}" for n in range(1, below + 1)) + tuple(
        f"{answer + 100 * n}{unit}" for n in range(1, above + 1))
    return Fact(id=f"fact-{index}", topic="t", question=f"How much, {index}?",
                answer=f"{answer}{unit}", kind=f"kind-{index}", explanation="Because.",
                sources=(Source("a", "q", Position(1, 1)),), distractors=distractors,
                position=Position(index + 1, 5))


def bank_of(facts: list[Fact]) -> Bank:
    return Bank(DeckInfo("t", "T"), (Topic("t", "T"),), tuple(facts), {}, Path("facts.yaml"))


def key_counts(bank: Bank, options: int, seed: int) -> Counter[int]:
    plan = plan_quiz(bank, QuizSettings(versions=2, options=options, seed=seed))
    for version in plan.versions:
        for question in version.questions:
            assert question.ordered and list(question.options) == ordered(
                list(question.options))
            assert question.options[question.key] == question.fact.answer
    first, second = ({q.fact.id: q.options for q in version.questions}
                     for version in plan.versions)
    assert first == second  # one order, so one key, in every version
    return Counter(question.key for question in plan.versions[0].questions)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from([3, 4, 5]),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=40))
def test_ordered_items_that_can_reach_every_position_spread_their_keys_evenly(
    seed: int, options: int, extra: list[tuple[int, int]]
) -> None:
    needed = options - 1
    bank = bank_of([numeric_fact(i, needed + b, needed + a) for i, (b, a) in enumerate(extra)])
    counts = key_counts(bank, options, seed)
    spread = [counts[k] for k in range(options)]
    assert max(spread) - min(spread) <= 1


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32),
       st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(
           lambda pair: sum(pair) >= 3), min_size=4, max_size=40))
def test_ordered_items_get_the_most_even_spread_their_distractors_allow(
    seed: int, layout: list[tuple[int, int]]
) -> None:
    """Whatever side of the answer the distractors lie, no position gets two keys more
    than another position that some waiting item could have taken instead."""
    bank = bank_of([numeric_fact(i, b, a) for i, (b, a) in enumerate(layout)])
    plan = plan_quiz(bank, QuizSettings(seed=seed))
    counts = Counter(q.key for q in plan.versions[0].questions)
    for question in plan.versions[0].questions:
        below, above = layout[int(question.fact.id.split("-")[1])]
        reachable = [k for k in range(4) if k <= below and 3 - k <= above]
        assert question.key in reachable
        assert all(counts[question.key] <= counts[k] + 1 for k in reachable)


def test_ordered_items_alone_give_uniform_key_positions_over_many_seeds() -> None:
    bank = bank_of([numeric_fact(i, 3 + i % 3, 3 + i % 2) for i in range(13)])
    totals: Counter[int] = Counter()
    per_fact: dict[str, set[int]] = {}
    for seed in range(300):
        plan = plan_quiz(bank, QuizSettings(seed=seed))
        for question in plan.versions[0].questions:
            totals[question.key] += 1
            per_fact.setdefault(question.fact.id, set()).add(question.key)
    assert uniformity_p_value([totals[k] for k in range(4)]) > 0.05
    assert all(keys == {0, 1, 2, 3} for keys in per_fact.values())  # no fact stuck


def test_the_shipped_facts_print_numbers_in_order_and_keys_pass_at_26_versions() -> None:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=26))
    assert list(key_positions_uneven(PlannedQuiz.of(plan))) == []
    numeric = [q for q in plan.versions[0].questions if q.ordered]
    assert len(numeric) >= 10
    files = {file.name: file.data.decode() for file in
             quiz_outputs(plan_quiz(bank, QuizSettings(versions=1)), bank)}
    for question in numeric:
        options = list(question.options)
        assert options == ordered(options)
        printed = "\n".join(f"- {chr(65 + i)}. {option}" for i, option in enumerate(options))
        assert printed in files["quiz-A.md"]
        assert ",".join(options) in files["answers.csv"].replace('"', "")


def test_options_that_are_not_one_quantity_are_still_shuffled() -> None:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=26))
    text = {q.fact.id for q in plan.versions[0].questions if not q.ordered}
    orders: dict[str, set[tuple[str, ...]]] = {}
    for version in plan.versions:
        for question in version.questions:
            if question.fact.id in text:
                orders.setdefault(question.fact.id, set()).add(question.options)
    assert all(len(seen) > 1 for seen in orders.values())
