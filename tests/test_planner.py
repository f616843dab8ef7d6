"""The quiz plan: selection, distractor draw, shuffles, fair keys and settings errors."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from quizgen.errors import DataError
from quizgen.lint.stats import chi_square_p_value, uniformity_p_value
from quizgen.load.facts import load_bank
from quizgen.model import Article, Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.plan.distractors import DistractorPool, draw_distractors
from quizgen.plan.planner import (
    DEFAULT_SEED,
    QuizPlan,
    QuizSettings,
    SettingsError,
    build_id,
    plan_quiz,
    shuffle,
)
from quizgen.text import normalize_option
from tests.helpers import DATA

QUIZ = DATA / "quiz"


@pytest.fixture(scope="module")
def kitchen() -> Bank:
    return load_bank(QUIZ / "facts.yaml", QUIZ / "corpus")


def make_fact(fact_id: str, answer: str, kind: str = "thing", *, topic: str = "general",
              distractors: tuple[str, ...] = (), accept: tuple[str, ...] = (),
              line: int = 1) -> Fact:
    return Fact(id=fact_id, topic=topic, question=f"Question {fact_id}?", answer=answer,
                kind=kind, explanation=f"Because {answer}.",
                sources=(Source("article", "quote", Position(line + 1, 5)),),
                accept=accept, distractors=distractors, position=Position(line, 5))


def make_bank(facts: list[Fact], topics: tuple[str, ...] = ("general",)) -> Bank:
    article = Article(slug="article", title="An Article", body="quote", path=Path("a.md"))
    return Bank(deck=DeckInfo("test", "Test Deck"),
                topics=tuple(Topic(t, t.title()) for t in topics),
                facts=tuple(facts), articles={"article": article},
                facts_path=Path("facts.yaml"))


def large_bank(size: int) -> Bank:
    """``size`` facts of one kind, each with three hand-picked distractors."""
    return make_bank([
        make_fact(f"fact-{i}", f"answer {i}", distractors=(f"w{i}a", f"w{i}b", f"w{i}c"))
        for i in range(size)
    ])


def test_every_question_offers_the_answer_once_at_its_key(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings(versions=5))
    for version in plan.versions:
        for question in version.questions:
            fact = question.fact
            assert question.options[question.key] == fact.answer
            normalized = [normalize_option(option) for option in question.options]
            assert len(set(normalized)) == len(normalized) == 4
            wrong = {normalize_option(t) for t in (fact.answer, *fact.accept)}
            assert sum(option in wrong for option in normalized) == 1


def test_versions_ask_the_same_questions_with_the_same_options_in_new_orders(
    kitchen: Bank,
) -> None:
    plan = plan_quiz(kitchen, QuizSettings(versions=4))
    assert [v.letter for v in plan.versions] == ["A", "B", "C", "D"]
    option_sets = [
        {q.fact.id: frozenset(q.options) for q in version.questions} for version in plan.versions
    ]
    assert all(sets == option_sets[0] for sets in option_sets)
    orders = {tuple(q.fact.id for q in version.questions) for version in plan.versions}
    assert len(orders) > 1


def test_questions_stay_in_their_topic_sections(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings(versions=3))
    for version in plan.versions:
        topics = [q.fact.topic for q in version.questions]
        assert topics == sorted(topics, key=["baking", "boiling"].index)


def test_hand_picked_distractors_are_sampled_when_more_than_needed(kitchen: Bank) -> None:
    seen: set[str] = set()
    for seed in range(20):
        plan = plan_quiz(kitchen, QuizSettings(seed=seed, topics=("baking",)))
        question = next(q for q in plan.versions[0].questions if q.fact.id == "yeast-gas")
        wrong = set(question.options) - {"carbon dioxide"}
        assert wrong < {"oxygen", "nitrogen", "hydrogen", "water vapour"}
        seen |= wrong
    assert seen == {"oxygen", "nitrogen", "hydrogen", "water vapour"}


def test_too_few_distractors_are_filled_from_answers_of_the_same_kind(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings())
    by_id = {q.fact.id: q for q in plan.versions[0].questions}
    assert set(by_id["gluten-stretch"].options) == {"gluten", "starch", "carbon dioxide", "salt"}
    temperatures = {"about 27 °C", "230 °C", "100 °C", "about 70 °C"}
    assert set(by_id["pressure-cooker"].options) - {"about 120 °C"} < temperatures
    assert "about 7 °C" in by_id["proof-temperature"].options


def test_fill_skips_accepted_phrasings_and_number_format_duplicates() -> None:
    target = make_fact("flour", "1,000 grams", "weight", accept=("1 kilogram",),
                       distractors=("500 grams", "500  Grams"))
    others = [
        make_fact("a", "1000 grams", "weight"), make_fact("b", "1 KILOGRAM", "weight"),
        make_fact("c", "500 grams", "weight"), make_fact("d", "2,000 grams", "weight"),
        make_fact("e", "2000 grams", "weight"), make_fact("f", "3 kilograms", "length"),
    ]
    pool = DistractorPool([target, *others])
    for seed in range(30):
        # The only distinct wrong weights: 1000 grams is the answer, 1 KILOGRAM is
        # accepted, 2000 grams repeats 2,000 grams, and 3 kilograms is another kind.
        assert draw_distractors(target, pool, 3, random.Random(seed)) == (
            "500 grams", "2,000 grams")


def test_draw_returns_fewer_only_when_the_kind_runs_out() -> None:
    facts = [make_fact(f"f{i}", f"answer {i}", "colour") for i in range(4)]
    pool = DistractorPool(facts)
    assert len(draw_distractors(facts[0], pool, 3, random.Random(1))) == 3
    assert len(draw_distractors(facts[0], pool, 4, random.Random(1))) == 3


def test_draw_from_a_large_pool_never_repeats_or_offers_the_answer() -> None:
    facts = [make_fact(f"f{i}", f"answer {i % 500}", "same") for i in range(5_000)]
    pool = DistractorPool(facts)
    rng = random.Random(7)
    for fact in facts[:200]:
        drawn = draw_distractors(fact, pool, 4, rng)
        keys = [normalize_option(d) for d in drawn]
        assert len(keys) == len(set(keys)) == 4
        assert normalize_option(fact.answer) not in keys


def test_not_enough_options_names_each_fact_and_its_line(kitchen: Bank) -> None:
    with pytest.raises(DataError) as raised:
        plan_quiz(kitchen, QuizSettings(options=5))
    located = [(p.path, p.line, p.column) for p in raised.value.problems]
    facts_yaml = str(QUIZ / "facts.yaml")
    assert located == [(facts_yaml, line, 18) for line in (38, 48, 58, 118)]
    assert raised.value.problems[2].message == (
        "fact 'gluten-stretch' has 3 usable distractors but --options 5 needs 4: "
        "add distractors to it, or more facts of kind 'substance'")


def test_a_fact_without_distractors_is_located_at_the_fact() -> None:
    bank = make_bank([make_fact("lonely", "x", "unique", line=12)])
    with pytest.raises(DataError) as raised:
        plan_quiz(bank, QuizSettings())
    assert str(raised.value) == (
        "facts.yaml:12:5: error: fact 'lonely' has 0 usable distractors but --options 4 "
        "needs 3: add distractors to it, or more facts of kind 'unique'")


def test_topic_and_count_select_a_random_subset_in_topic_order(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings(topics=("boiling",), count=3, versions=2))
    ids = [{q.fact.id for q in version.questions} for version in plan.versions]
    assert ids[0] == ids[1] and len(ids[0]) == 3
    assert {q.fact.topic for q in plan.versions[0].questions} == {"boiling"}
    subsets = {
        frozenset(q.fact.id for q in plan_quiz(kitchen, QuizSettings(count=3, seed=s))
                  .versions[0].questions)
        for s in range(10)
    }
    assert len(subsets) > 1


@pytest.mark.parametrize(("settings", "option", "message"), [
    (QuizSettings(count=13), "--count",
     "13 questions asked for, but there are only 12 facts in the facts file"),
    (QuizSettings(count=7, topics=("baking",)), "--count",
     "7 questions asked for, but there are only 6 facts in the chosen topics"),
    (QuizSettings(count=0), "--count", "0 questions asked for; a quiz needs at least 1"),
    (QuizSettings(versions=27), "--versions", "27 versions asked for; choose 1 to 26 (A to Z)"),
    (QuizSettings(options=6), "--options", "6 options asked for; choose 3, 4, 5"),
    (QuizSettings(topics=("bakeing",)), "--topic",
     "unknown topic 'bakeing' (did you mean 'baking'?); topics are baking, boiling"),
])
def test_impossible_settings_are_refused(
    kitchen: Bank, settings: QuizSettings, option: str, message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        plan_quiz(kitchen, settings)
    assert (raised.value.option, str(raised.value)) == (option, message)


def test_same_seed_same_plan_and_other_seed_other_orders(kitchen: Bank) -> None:
    settings = QuizSettings(versions=3)
    assert plan_quiz(kitchen, settings) == plan_quiz(kitchen, settings)
    other = plan_quiz(kitchen, QuizSettings(versions=3, seed=DEFAULT_SEED + 1))
    assert keys_of(other) != keys_of(plan_quiz(kitchen, settings))


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 9, 17, 64, 1000])
def test_shuffle_draws_exactly_as_random_shuffle(size: int) -> None:
    for seed in range(25):
        ours, theirs = random.Random(seed), random.Random(seed)
        items, expected = list(range(size)), list(range(size))
        shuffle(items, ours.getrandbits)
        theirs.shuffle(expected)
        assert items == expected
        assert ours.getstate() == theirs.getstate()


def test_build_id_follows_content_and_settings(kitchen: Bank) -> None:
    plan = plan_quiz(kitchen, QuizSettings())
    assert len(plan.build_id) == 8 and plan.build_id == build_id(kitchen, QuizSettings())
    assert build_id(kitchen, QuizSettings(versions=2)) != plan.build_id
    edited = Bank(kitchen.deck, kitchen.topics,
                  (make_fact("extra", "x"), *kitchen.facts), kitchen.articles,
                  kitchen.facts_path)
    assert build_id(edited, QuizSettings()) != plan.build_id


def keys_of(plan: QuizPlan) -> list[list[tuple[str, int]]]:
    return [[(q.fact.id, q.key) for q in version.questions] for version in plan.versions]


def key_p_value(bank: Bank, settings: QuizSettings) -> float:
    """Chi-square p-value that the key letters of every version are uniform."""
    plan = plan_quiz(bank, settings)
    counts = Counter(q.key for version in plan.versions for q in version.questions)
    return uniformity_p_value([counts[i] for i in range(settings.options)])


def test_key_letters_pass_chi_square_over_a_large_bank_and_26_versions() -> None:
    assert key_p_value(large_bank(2_000), QuizSettings(versions=26)) >= 0.05


@pytest.mark.parametrize("options", [3, 4, 5])
def test_key_letters_look_fair_across_seeds(options: int) -> None:
    """A fair draw gives uniform p-values: about 1 seed in 20 below 0.05, mean near 0.5."""
    bank = large_bank(300)
    p_values = [key_p_value(bank, QuizSettings(versions=26, options=options, seed=seed))
                for seed in range(20)]
    assert sum(p < 0.05 for p in p_values) <= 4
    assert 0.3 <= sum(p_values) / len(p_values) <= 0.7


def test_uniformity_test_detects_a_slight_bias() -> None:
    rng = random.Random(3)
    biased = Counter(min(rng.randrange(4), rng.randrange(4)) if rng.random() < 0.05
                     else rng.randrange(4) for _ in range(52_000))
    assert uniformity_p_value([biased[i] for i in range(4)]) < 0.05


@pytest.mark.parametrize(("statistic", "df", "expected"), [
    (3.841459, 1, 0.05), (7.814728, 3, 0.05), (11.344867, 3, 0.01),
    (37.652484, 25, 0.05), (2.0, 2, 0.367879), (0.5, 4, 0.973501), (150.0, 4, 1.98e-31),
])
def test_chi_square_p_value_matches_tables(statistic: float, df: int, expected: float) -> None:
    assert chi_square_p_value(statistic, df) == pytest.approx(expected, rel=1e-3)
