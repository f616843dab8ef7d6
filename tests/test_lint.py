"""quizgen lint: each rule on a small flawed item and a sound one, the runner, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cli import cli
from quizgen.errors import Problem
from quizgen.lint import (
    RULES,
    RULES_BY_ID,
    Finding,
    lint_bank,
    lint_project,
    rules_markdown,
)
from quizgen.lint.core import BankRule, FactRule, PlanRule
from quizgen.lint.quiz import binomial_quantile
from quizgen.lint.words import indefinite_article, quantity
from quizgen.load.facts import load_bank
from quizgen.model import Bank, DeckInfo, Fact, Position, Source, Topic
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizSettings, QuizVersion
from tests.helpers import DATA, TINY

LINT = DATA / "lint"


def make_fact(**changes: Any) -> Fact:
    """A sound fact (no rule fires on it) with ``changes`` applied."""
    fields: dict[str, Any] = {
        "id": "moonwalker", "topic": "moon", "kind": "person",
        "question": "Who was the first person to step onto the Moon?",
        "answer": "Neil Armstrong",
        "distractors": ("Buzz Aldrin", "Michael Collins", "Yuri Gagarin"),
        "explanation": "Armstrong stepped out first.",
        "sources": (Source("moon-landing", "Neil Armstrong was the first", Position(9, 16)),),
        "position": Position(3, 5),
        "field_positions": {"question": Position(4, 15), "answer": Position(5, 13),
                            "distractors.0": Position(6, 19), "distractors.1": Position(6, 32),
                            "distractors.2": Position(6, 49), "cloze": Position(7, 12)},
    }
    fields.update(changes)
    return Fact(**fields)


def make_bank(*facts: Fact) -> Bank:
    return Bank(DeckInfo("test", "Test"), (Topic("moon", "The Moon"),), facts, {},
                Path("facts.yaml"))


def findings(rule_id: str, *facts: Fact, plan: QuizPlan | None = None) -> list[Finding]:
    """What ``rule_id`` reports on ``facts`` when the whole linter runs."""
    return [f for f in lint_bank(make_bank(*facts), plan) if f.rule == rule_id]


# Each fact rule: a flawed variant of the sound fact, and a sound variant that is close to
# the flaw without having it (so the rule is shown to tell the two apart).
FACT_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("OPT-DUPLICATE",
     {"answer": "$5.6 million", "kind": "money",
      "distractors": ("$56 million", "$56,000,000", "$560 million")},
     {"answer": "$5.6 million", "kind": "money",
      "distractors": ("$56 million", "$5.6 billion", "$560 million")}),
    ("OPT-ACCEPTED",
     {"answer": "Neil Armstrong", "accept": ("Armstrong",),
      "distractors": ("Buzz Aldrin", "ARMSTRONG", "Yuri Gagarin")},
     {"answer": "Neil Armstrong", "accept": ("Armstrong",),
      "distractors": ("Buzz Aldrin", "Louis Armstrong", "Yuri Gagarin")}),
    ("OPT-ALL-NONE",
     {"distractors": ("Buzz Aldrin", "Michael Collins", "All of the above")},
     {"distractors": ("Buzz Aldrin", "Michael Collins", "Alan Shepard")}),
    ("OPT-ALL-NONE",
     {"distractors": ("Buzz Aldrin", "Michael Collins", "Both A and B")},
     {"distractors": ("Buzz Aldrin", "Michael Collins", "Both Aldrin and Collins")}),
    ("OPT-ALL-NONE",
     {"distractors": ("Buzz Aldrin", "Michael Collins", "options B or C")},
     {"distractors": ("Buzz Aldrin", "Michael Collins", "Neither of them")}),
    ("OPT-ABSOLUTE",
     {"question": "What did the senator say about the mission's cost?",
      "answer": "It was a bargain", "kind": "quote",
      "distractors": ("It was always too high", "It was a scandal", "It was a secret")},
     {"question": "What did the senator say about the mission's cost?",
      "answer": "It was a bargain", "kind": "quote",
      "distractors": ("It was too high", "It was a scandal", "It was a secret")}),
    ("OPT-KIND",
     {"distractors": ("Buzz Aldrin", "1969", "Yuri Gagarin")},
     {"distractors": ("Buzz Aldrin", "Alan Shepard", "Yuri Gagarin")}),
    ("OPT-KIND",
     {"answer": "17%", "kind": "percent", "distractors": ("8%", "20 to 25%", "a quarter")},
     {"answer": "17%", "kind": "percent", "distractors": ("8%", "20 to 25%", "30-35%")}),
    ("OPT-KIND",
     {"answer": "$355 million", "kind": "money",
      "distractors": ("$35 million", "35%", "$3.5 billion")},
     {"answer": "$355 million", "kind": "money",
      "distractors": ("$35 million", "$35 billion", "$3.5 billion")}),
    ("OPT-KIND",
     {"answer": "$355 million", "kind": "money",
      "distractors": ("$35 million", "$3.5 billion", "$3")},
     {"answer": "$355 million", "kind": "money",
      "distractors": ("$35 million", "$3.5 billion", "$35 billion")}),
    ("LEN-KEY-LONGEST",
     {"answer": "Neil A. Armstrong"},
     {"answer": "Neil A. Armstrong",
      "distractors": ("Buzz Aldrin", "Michael Collins Jr.", "Yuri Gagarin")}),
    ("STEM-CUE-WORD",
     {"question": "Which rover landed in Jezero Crater?", "answer": "Perseverance rover",
      "kind": "spacecraft", "distractors": ("Curiosity", "Opportunity", "Spirit")},
     {"question": "Which rover landed in Jezero Crater?", "answer": "Perseverance rover",
      "kind": "spacecraft",
      "distractors": ("Curiosity rover", "Opportunity rover", "Spirit rover")}),
    ("STEM-ARTICLE",
     {"question": "Neil Armstrong was the commander of Apollo 11 and by training an",
      "answer": "engineer", "kind": "job",
      "distractors": ("astronomer", "physician", "officer")},
     {"question": "Neil Armstrong was the commander of Apollo 11 and by training an",
      "answer": "engineer", "kind": "job",
      "distractors": ("astronomer", "optician", "officer")}),
    ("STEM-NEGATIVE",
     {"question": "Who was not aboard Apollo 11?", "answer": "Yuri Gagarin",
      "distractors": ("Buzz Aldrin", "Michael Collins", "Neil Armstrong")},
     {"question": "Who was NOT aboard Apollo 11?", "answer": "Yuri Gagarin",
      "distractors": ("Buzz Aldrin", "Michael Collins", "Neil Armstrong")}),
    ("STEM-NEGATIVE",
     {"question": "Who didn\u2019t walk on the Moon in 1969?"},
     {"question": "Who stayed in orbit in 1969?"}),
    ("STEM-WHICH-TRUE",
     {"question": "Which of the following statements about Apollo 11 is true?",
      "answer": "It landed in 1969", "kind": "claim",
      "distractors": ("It landed in 1959", "It landed in 1979", "It landed in 1989")},
     {"question": "Which of the following crew members stayed in orbit?",
      "answer": "Michael Collins", "distractors": ("Buzz Aldrin", "Neil Armstrong",
                                                   "Yuri Gagarin")}),
    ("STEM-LONG",
     {"question": "On a summer day in 1969, after a journey of several days from Florida, "
                  "with the whole world watching on television and listening on the radio, "
                  "who was the first person to step out of the lunar module onto the Moon?"},
     {"question": "Watched by the whole world in 1969, who was the first person to step "
                  "out of the lunar module onto the Moon?"}),
    ("FC-ANSWER-LONG",
     {"answer": "Neil Armstrong, the commander, with Buzz Aldrin following later",
      "distractors": ()},
     {"answer": "Neil Armstrong, the commander", "distractors": ()}),
    ("FC-ANSWER-LIST",
     {"question": "Who flew on Apollo 11?", "answer": "Armstrong, Aldrin and Collins",
      "distractors": ()},
     {"question": "Who flew on Apollo 11 and stayed in orbit?", "answer": "Michael Collins",
      "distractors": ()}),
    ("FC-YES-NO",
     {"question": "Was Neil Armstrong the first person on the Moon?", "answer": "Yes",
      "distractors": ("No",)},
     {"question": "Was Neil Armstrong or Buzz Aldrin the first person on the Moon?",
      "answer": "Neil Armstrong", "distractors": ("Buzz Aldrin",)}),
    ("FC-RELATIVE-TIME",
     {"question": "Who stepped onto the Moon on Monday?"},
     {"question": "Who stepped onto the Moon on 21 July 1969?"}),
    ("FC-RELATIVE-TIME",
     {"cloze": "{{c1::Neil Armstrong}} stepped onto the Moon yesterday."},
     {"cloze": "{{c1::Neil Armstrong}} stepped onto the Moon in 1969."}),
    ("FC-ANSWER-GIVEN",
     {"question": "Which Apollo mission, Apollo 11, first landed on the Moon?",
      "answer": "Apollo 11", "kind": "mission",
      "distractors": ("Apollo 8", "Apollo 12", "Apollo 13")},
     {"question": "Which Apollo mission first landed on the Moon?",
      "answer": "Apollo 11", "kind": "mission",
      "distractors": ("Apollo 8", "Apollo 12", "Apollo 13")}),
    ("FC-ANSWER-GIVEN",
     {"cloze": "{{c1::Armstrong}} stepped out first; Armstrong was the commander."},
     {"cloze": "{{c1::Armstrong}} stepped out first; Aldrin followed."}),
    ("YAML-COMMENT",  # the loader records what a same-line comment cut; see test_loader.py
     {"explanation": "Armstrong stepped out", "comment_cuts": (("explanation", "1 of 2."),)},
     {"explanation": "Armstrong stepped out #1 of 2."}),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), FACT_CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(FACT_CASES)])
def test_rule_flags_the_flawed_item_and_passes_the_sound_one(
    rule_id: str, bad: dict[str, Any], good: dict[str, Any]
) -> None:
    flawed = findings(rule_id, make_fact(**bad))
    assert len(flawed) == 1, flawed
    assert flawed[0].fact == "moonwalker"
    assert flawed[0].severity == RULES_BY_ID[rule_id].severity
    assert findings(rule_id, make_fact(**good)) == []


def test_the_sound_fact_raises_no_finding_at_all() -> None:
    assert lint_bank(make_bank(make_fact())) == []


def test_every_rule_has_a_bad_and_a_good_example_here() -> None:
    from tests.test_lint_items import ITEM_CASES

    cases = {case[0] for case in FACT_CASES + ITEM_CASES}
    tested = cases | {
        "IND-ANSWER-ELSEWHERE", "QUIZ-KEY-LONGEST", "QUIZ-KEY-RARELY-LONGEST",
        "QUIZ-KEY-POSITION", "IND-OPTION-CUE", "CLOZE-CONTEXT",  # in test_lint_items
        "LINT-IGNORE-UNKNOWN", "LINT-IGNORE-UNUSED"}
    assert tested == set(RULES_BY_ID)
    assert cases == {rule.id for rule in RULES if isinstance(rule, FactRule)}


def test_findings_point_at_the_offending_field() -> None:
    fact = make_fact(distractors=("Buzz Aldrin", "Yuri Gagarin", "buzz aldrin"))
    [finding] = findings("OPT-DUPLICATE", fact)
    assert str(finding) == ("facts.yaml:6:49: error: [OPT-DUPLICATE] option 'buzz aldrin' "
                            "repeats 'Buzz Aldrin': two options that say the same thing are "
                            "both wrong, or both right")


def test_key_length_warns_from_1_3x_and_is_an_error_above_1_5x() -> None:
    three = ("abcdefghij", "abcdefghij", "abcdefghij")
    severities = {
        length: [f.severity for f in findings(
            "LEN-KEY-LONGEST", make_fact(answer="k" * length, distractors=three))]
        for length in (12, 13, 15, 16)
    }
    assert severities == {12: [], 13: ["warning"], 15: ["warning"], 16: ["error"]}


def test_key_length_needs_the_key_to_be_uniquely_longest() -> None:
    fact = make_fact(answer="k" * 20, distractors=("d" * 20, "d" * 5, "d" * 5))
    assert findings("LEN-KEY-LONGEST", fact) == []


def test_answer_length_is_info_over_5_words_and_warning_over_15() -> None:
    def severity(words: int) -> list[str]:
        answer = " ".join(["word"] * words)
        return [f.severity for f in findings("FC-ANSWER-LONG", make_fact(
            question="Which words?", answer=answer, distractors=()))]

    assert [severity(n) for n in (5, 6, 15, 16)] == [[], ["info"], ["info"], ["warning"]]


def test_numbers_compare_across_formats_but_bounds_stay_distinct() -> None:
    assert quantity("$5,600,000") == quantity("$5.6 million")
    assert quantity("about 17%") == quantity("17 percent")
    assert quantity("more than 100 chips") != quantity("100 chips")
    assert quantity("17\u201318 %") == quantity("17-18%") != quantity("17%")
    fact = make_fact(answer="100 chips", kind="count",
                     distractors=("more than 100 chips", "fewer than 100 chips", "1,000 chips"))
    assert findings("OPT-DUPLICATE", fact) == []


@pytest.mark.parametrize(("text", "article"), [
    ("engineer", "an"), ("physician", "a"), ("hour", "an"), ("university", "a"),
    ("FBI agent", "an"), ("NASA engineer", "a"), ("8-hour flight", "an"), ("$5 fee", "a"),
])
def test_indefinite_article_follows_the_sound(text: str, article: str) -> None:
    assert indefinite_article(text) == article


def other(fact_id: str, question: str, answer: str, line: int) -> Fact:
    return make_fact(id=fact_id, question=question, answer=answer, distractors=(),
                     position=Position(line, 5), field_positions={"question": Position(line, 15)})


def test_a_question_that_contains_another_facts_answer_is_flagged_once() -> None:
    facts = [
        other("crater", "In which crater did Perseverance land?", "Jezero Crater", 10),
        other("rover", "Which rover landed in Jezero Crater in 2021?", "Perseverance", 20),
        other("helicopter", "Which helicopter flew first on another planet?", "Ingenuity", 30),
    ]
    result = findings("IND-ANSWER-ELSEWHERE", *facts)
    assert [(f.fact, f.line) for f in result] == [("crater", 10), ("rover", 20)]
    assert "'Perseverance', the answer to 'rover' (line 20)" in result[0].message
    assert "'Jezero Crater', the answer to 'crater' (line 10)" in result[1].message


def test_answers_that_begin_alike_are_each_found_up_to_the_questions_end() -> None:
    facts = [other("program", "Which programme flew to the Moon?", "Apollo", 10),
             other("module", "Which lander flew on Apollo 11?", "Apollo 11 lunar module", 20),
             other("flight", "Which flight landed first?", "Apollo 11", 30),
             other("crew", "Who flew Apollo 11?", "Armstrong", 40)]
    result = findings("IND-ANSWER-ELSEWHERE", *facts)
    assert [f.fact for f in result] == ["module", "crew"]
    for finding in result:
        assert finding.message.startswith("the question contains 'Apollo', the answer to "
                                          "'program' (line 10); 'Apollo 11', the answer to "
                                          "'flight' (line 30): ")


def test_answers_hidden_inside_longer_words_do_not_count() -> None:
    facts = [other("module", "What was the command module called?", "Columbia", 10),
             other("river", "Which river flows past Columbian towns?", "Magdalena", 20),
             other("orbit", "Who stayed in orbit?", "Michael Collins", 30)]
    assert findings("IND-ANSWER-ELSEWHERE", *facts) == []


def test_independence_finds_the_one_giveaway_among_20000_facts() -> None:
    facts = [other(f"fact-{n}", f"What is item {n} of the catalogue number {n + 7}?",
                   f"widget {n}", n) for n in range(20_000)]
    facts.append(other("giveaway", "Which part follows widget 19999 in the catalogue?",
                       "sprocket", 99_999))
    result = findings("IND-ANSWER-ELSEWHERE", *facts)
    assert [f.fact for f in result] == ["giveaway"]


def planned(keys: list[int], options: tuple[str, ...] | list[tuple[str, ...]],
            versions: int = 1) -> QuizPlan:
    """A plan whose question i shows its answer at ``keys[i]``, then the other options.

    ``options`` gives each question's (answer, distractor, ...), or one tuple for all.
    """
    per_question = options if isinstance(options, list) else [options] * len(keys)
    questions = []
    for n, (key, (answer, *wrong)) in enumerate(zip(keys, per_question, strict=True)):
        wrong.insert(key, answer)
        questions.append(PlannedQuestion(make_fact(id=f"fact-{n}", answer=answer),
                                         tuple(wrong), key))
    version = tuple(questions)
    return QuizPlan("Test", 1, "build", QuizSettings(versions=versions),
                    tuple(QuizVersion(chr(65 + n), version) for n in range(versions)))


def test_key_positions_piled_on_one_letter_are_flagged() -> None:
    skewed = planned([0] * 12 + [1, 2, 3] * 4, ("Neil Armstrong", "Buzz Aldrin",
                                               "Michael Collins", "Yuri Gagarin"))
    [finding] = findings("QUIZ-KEY-POSITION", plan=skewed)
    assert finding.message.startswith("across 1 versions the keys of 4-option questions fall "
                                      "on A 12, B 4, C 4, D 4 (chi-square p = 0.0")
    assert (finding.line, finding.column, finding.fact) == (1, 1, "")
    even = planned([0, 1, 2, 3] * 6, ("Neil Armstrong", "Buzz Aldrin", "Michael Collins",
                                      "Yuri Gagarin"))
    assert findings("QUIZ-KEY-POSITION", plan=even) == []


LONG_KEY: tuple[str, ...] = ("Neil Armstrong", "Aldrin", "Collins", "Gagarin")
SHORT_KEY: tuple[str, ...] = ("Armstrong", "Buzz Aldrin", "Michael Collins", "Yuri Gagarin")


def test_key_longest_more_often_than_chance_is_flagged() -> None:
    always = planned([0, 1, 2, 3] * 5, LONG_KEY)
    [finding] = findings("QUIZ-KEY-LONGEST", plan=always)
    assert finding.message.startswith(
        "the key is the longest option in 20 of the 20 questions that have one longest "
        "option, where chance gives at most 8 (binomial 95th percentile)")
    by_chance = planned([0, 1, 2, 3] * 5, [LONG_KEY] * 5 + [SHORT_KEY] * 15)
    assert findings("QUIZ-KEY-LONGEST", plan=by_chance) == []


def test_key_almost_never_longest_is_flagged_too() -> None:
    never = planned([0, 1, 2, 3] * 5, SHORT_KEY)
    [finding] = findings("QUIZ-KEY-RARELY-LONGEST", plan=never)
    assert finding.message.startswith(
        "the key is the longest option in only 0 of the 20 questions that have one longest "
        "option, where chance gives at least 2 (binomial 5th percentile)")
    by_chance = planned([0, 1, 2, 3] * 5, [LONG_KEY] * 5 + [SHORT_KEY] * 15)
    assert findings("QUIZ-KEY-RARELY-LONGEST", plan=by_chance) == []


def test_questions_whose_longest_options_tie_do_not_count() -> None:
    tied = planned([0, 1, 2, 3] * 5, ("2023", "2016", "2019", "2021"))
    assert findings("QUIZ-KEY-RARELY-LONGEST", plan=tied) == []


def test_binomial_quantile_matches_known_values() -> None:
    # Binomial(20, 0.25): P(X <= 7) = 0.898, P(X <= 8) = 0.959.
    assert binomial_quantile(20, 0.25) == 8
    assert binomial_quantile(1, 0.25) == 1
    assert binomial_quantile(40_000, 0.25) in range(10_140, 10_150)


def test_a_fact_ignore_silences_only_that_rule_on_that_fact() -> None:
    flawed = {"distractors": ("Buzz Aldrin", "Michael Collins", "All of the above")}
    ignored = make_fact(lint_ignore=("OPT-ALL-NONE",), **flawed)
    assert findings("OPT-ALL-NONE", ignored) == []
    assert len(findings("OPT-ALL-NONE", ignored, make_fact(id="other", **flawed))) == 1


def test_stale_and_misspelt_ignores_are_reported() -> None:
    fact = make_fact(lint_ignore=("OPT-ALL-NONE", "OPT-DUPLCATE", "QUIZ-KEY-POSITION"))
    result = lint_bank(make_bank(fact))
    assert [(f.rule, f.severity, f.message) for f in result] == [
        ("LINT-IGNORE-UNKNOWN", "warning",
         "'OPT-DUPLCATE' is not a lint rule (did you mean 'OPT-DUPLICATE'?)"),
        ("LINT-IGNORE-UNKNOWN", "warning", "QUIZ-KEY-POSITION is about the whole quiz, so a "
                                           "fact cannot ignore it; use --disable "
                                           "QUIZ-KEY-POSITION"),
        ("LINT-IGNORE-UNUSED", "info",
         "OPT-ALL-NONE finds nothing in this fact any more: remove the ignore"),
    ]
    assert lint_bank(make_bank(fact), disabled=["OPT-ALL-NONE", "LINT-IGNORE-UNKNOWN"]) == []


def test_disabling_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown lint rule 'NOPE'"):
        lint_bank(make_bank(make_fact()), disabled=["NOPE"])


def test_every_rule_is_documented_in_the_registry() -> None:
    table = rules_markdown()
    for rule in RULES:
        assert rule.rationale.endswith(".") and rule.source
        assert f"| `{rule.id}` | {rule.severity}" in table
    kinds = {type(rule) for rule in RULES}
    assert {FactRule, BankRule, PlanRule} <= kinds


def test_the_tiny_project_lints_clean_through_a_real_plan() -> None:
    bank = load_bank(TINY / "facts.yaml", TINY / "corpus")
    assert lint_project(bank) == []


@pytest.fixture
def lint_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``quizgen lint`` on the flawed fixture from its directory, as a user would."""
    monkeypatch.chdir(LINT)

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, ["lint", "--facts", "flawed.yaml",
                                        "--corpus", str(TINY / "corpus"), *args])

    return run


def test_cli_reports_every_flaw_of_the_fixture_with_exit_1(lint_cli: Callable[..., Result]) -> None:
    result = lint_cli()
    expected = (LINT / "flawed.expected").read_text()
    assert result.exit_code == 1
    assert result.stdout == expected
    assert result.stderr == "lint: 4 errors, 4 warnings, 1 info in 4 facts.\n"


def test_cli_json_has_the_same_findings(lint_cli: Callable[..., Result]) -> None:
    result = lint_cli("--format", "json")
    document = json.loads(result.stdout)
    assert document["counts"] == {"error": 4, "warning": 4, "info": 1}
    first = document["findings"][0]
    assert first == {"path": "flawed.yaml", "line": 13, "column": 13, "severity": "error",
                     "rule": "LEN-KEY-LONGEST", "fact": "moonwalker",
                     "message": first["message"]}


def test_cli_passes_on_warnings_unless_strict(lint_cli: Callable[..., Result]) -> None:
    errors = ("LEN-KEY-LONGEST", "OPT-DUPLICATE", "OPT-ALL-NONE")
    disable = [arg for rule in errors for arg in ("--disable", rule)]
    assert lint_cli(*disable).exit_code == 0
    assert lint_cli(*disable, "--strict").exit_code == 1


def test_cli_refuses_an_unknown_rule_as_a_usage_error(lint_cli: Callable[..., Result]) -> None:
    result = lint_cli("--disable", "OPT-DUPLICAT")
    assert result.exit_code == 2
    assert "unknown rule 'OPT-DUPLICAT' (did you mean 'OPT-DUPLICATE'?)" in result.stderr


def test_cli_lists_every_rule() -> None:
    result = CliRunner().invoke(cli, ["lint", "--list-rules"])
    assert result.exit_code == 0
    listed = [line.split(" ")[0] for line in result.stdout.splitlines()
              if line and not line.startswith(" ")]
    assert listed == [rule.id for rule in RULES]


def test_findings_sort_by_position_then_rule() -> None:
    fact = make_fact(answer="$355 million", kind="money",
                     distractors=("$35 million", "$3.5 billion", "none of the above"))
    result = lint_bank(make_bank(fact))
    assert [(f.column, f.rule) for f in result] == [(49, "OPT-ALL-NONE"), (49, "OPT-KIND")]
    assert all(isinstance(f, Problem) for f in result)


def plan_of(fact: Fact, options: tuple[str, ...]) -> QuizPlan:
    question = PlannedQuestion(fact, options, options.index(fact.answer))
    return QuizPlan("Test", 1, "build", QuizSettings(options=len(options)),
                    (QuizVersion("A", (question,)),))


def test_option_rules_also_check_the_distractors_the_plan_drew() -> None:
    fact = make_fact(answer="Neil A. Armstrong",
                     distractors=("Buzz Aldrin", "Michael Collins Jr.", "Yuri Gagarin"))
    assert findings("LEN-KEY-LONGEST", fact) == []
    plan = plan_of(fact, ("Yuri Gagarin", "Neil A. Armstrong", "Buzz Aldrin"))
    [finding] = findings("LEN-KEY-LONGEST", fact, plan=plan)
    assert (finding.line, finding.column) == (5, 13)
    assert finding.message.endswith("(options as drawn for the planned quiz)")


def test_a_drawn_distractor_is_located_at_the_facts_distractor_list() -> None:
    fact = make_fact(distractors=("Buzz Aldrin",),
                     field_positions={"distractors": Position(6, 19),
                                      "distractors.0": Position(6, 20)})
    plan = plan_of(fact, ("Buzz Aldrin", "Neil Armstrong", "1969"))
    [finding] = findings("OPT-KIND", fact, plan=plan)
    assert (finding.line, finding.column) == (6, 19)
    assert finding.message.startswith("option '1969' is a year among text options")


def test_a_finding_on_the_facts_own_options_is_not_repeated_for_the_plan() -> None:
    fact = make_fact(distractors=("Buzz Aldrin", "1969", "Yuri Gagarin"))
    plan = plan_of(fact, ("1969", "Neil Armstrong", "Yuri Gagarin"))
    assert len(findings("OPT-KIND", fact, plan=plan)) == 1


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(["", "$", "€"]))
def test_a_number_written_with_and_without_separators_is_a_duplicate(
    value: int, currency: str
) -> None:
    fact = make_fact(answer=f"{currency}{value + 1:,}", kind="amount",
                     distractors=(f"{currency}{value:,}", f"{currency}{value}",
                                  f"{currency}{value + 2}"))
    [finding] = findings("OPT-DUPLICATE", fact)
    assert (finding.line, finding.column) == (6, 32)


def test_the_report_does_not_depend_on_the_hash_seed() -> None:
    command = [sys.executable, "-m", "quizgen", "lint", "--facts", "flawed.yaml",
               "--corpus", str(TINY / "corpus"), "--format", "json"]
    outputs = {
        subprocess.run(command, cwd=LINT, capture_output=True, text=True, check=False,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and '"counts"' in outputs.pop()


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1), st.text(min_size=1), st.lists(st.text(min_size=1), max_size=4),
       st.one_of(st.none(), st.text()))
def test_any_text_lints_without_crashing(
    question: str, answer: str, distractors: list[str], cloze: str | None
) -> None:
    fact = make_fact(question=question, answer=answer, distractors=tuple(distractors),
                     cloze=cloze)
    for finding in lint_bank(make_bank(fact)):
        assert finding.fact == "moonwalker" and finding.line >= 1


def test_cli_reports_a_quiz_that_cannot_be_planned_as_data_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(TINY)
    result = CliRunner().invoke(cli, ["lint", "--options", "5"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "facts.yaml:14:18: error: fact 'first-moonwalker' has 3 usable distractors but "
        "--options 5 needs 4: add distractors to it, or more facts of kind 'person'")
    assert result.stderr.endswith("3 problems found.\n")


def test_cli_reports_facts_that_do_not_load_without_linting(tmp_path: Path) -> None:
    broken = tmp_path / "facts.yaml"
    broken.write_text((LINT / "flawed.yaml").read_text().replace("topic: mars", "topic: mras"))
    result = CliRunner().invoke(cli, ["lint", "--facts", str(broken),
                                      "--corpus", str(TINY / "corpus")])
    assert result.exit_code == 1
    assert result.stdout == "" and "lint:" not in result.stderr
    assert "topic 'mras' is not defined under 'topics' (did you mean 'mars'?)" in result.stderr
    assert "Traceback" not in result.output


def test_check_prints_lint_warnings_and_fails_on_them_only_when_strict(
    tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text().replace(
        "question: In which crater did the Perseverance rover land?",
        "question: In which crater did the Perseverance rover land last year?"))
    monkeypatch.chdir(tiny_dir)
    relaxed = CliRunner().invoke(cli, ["check"])
    assert relaxed.exit_code == 0, relaxed.output
    assert relaxed.stdout.startswith("facts.yaml: 5 facts")
    assert relaxed.stderr.splitlines() == [
        "facts.yaml:43:15: warning: [FC-RELATIVE-TIME] 'last year' is relative to when the "
        "article appeared: the card will be wrong a year from now; give the date",
        "lint: 0 errors, 1 warning, 0 info in 5 facts.",
    ]
    assert CliRunner().invoke(cli, ["check", "--strict"]).exit_code == 1


def test_check_fails_on_lint_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(LINT)
    result = CliRunner().invoke(cli, ["check", "--facts", "flawed.yaml",
                                      "--corpus", str(TINY / "corpus")])
    assert result.exit_code == 1
    # check lints the quiz `quizgen build` prints (3 versions), whose keys happen to
    # bunch on D: the same findings as `quizgen lint --versions 3`
    linted = CliRunner().invoke(cli, ["lint", "--facts", "flawed.yaml", "--versions", "3",
                                      "--corpus", str(TINY / "corpus")])
    assert "[QUIZ-KEY-POSITION] across 3 versions" in linted.stdout
    assert result.stderr.splitlines() == [
        *linted.stdout.splitlines(), "lint: 4 errors, 5 warnings, 1 info in 4 facts."]
