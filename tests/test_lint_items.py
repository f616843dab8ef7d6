"""The rules for items with exactly one right answer: overlap, cues between items, cloze
context, stems that define the key; each on a flawed item and a near-miss sound one."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.lint import RULES_BY_ID, lint_bank
from quizgen.lint.context import unanchored_clozes
from quizgen.lint.independence import option_cues
from quizgen.lint.overlap import overlap_reason
from quizgen.lint.stems import stem_names_key
from quizgen.model import Bank, DeckInfo, Fact, Position, Topic
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizSettings, QuizVersion
from quizgen.text.quantities import measure, ordered
from tests.helpers import REPO
from tests.test_lint import findings, make_fact

ITEM_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("OPT-OVERLAP",  # nested open bounds: "more than 3%" is true whenever "more than 1%" is
     {"answer": "more than 3%", "kind": "percent",
      "distractors": ("more than 1%", "exactly 0%", "less than 0%")},
     {"answer": "more than 3%", "kind": "percent",
      "distractors": ("less than 1%", "1% to 2%", "2% to 3%")}),
    ("OPT-OVERLAP",  # overlapping ranges
     {"answer": "10-20%", "kind": "percent", "distractors": ("15-25%", "30-40%", "50-60%")},
     {"answer": "10-20%", "kind": "percent", "distractors": ("21-25%", "30-40%", "50-60%")}),
    ("OPT-OVERLAP",  # a range holding a point option
     {"answer": "17%", "kind": "percent", "distractors": ("8%", "15-20%", "30%")},
     {"answer": "17%", "kind": "percent", "distractors": ("8%", "18-20%", "30%")}),
    ("OPT-OVERLAP",  # 'about' is a figure give or take a twentieth
     {"answer": "about 2,000 chips", "kind": "count",
      "distractors": ("about 2,150 chips", "about 5,000 chips", "about 8,000 chips")},
     {"answer": "about 2,000 chips", "kind": "count",
      "distractors": ("about 2,500 chips", "about 5,000 chips", "about 8,000 chips")}),
    ("OPT-OVERLAP",  # an option that holds another as a part
     {"question": "Where did the mission control teams work?", "answer": "Houston",
      "kind": "city", "distractors": ("Houston and Cape Canaveral", "Pasadena", "Moscow")},
     {"question": "Where did the mission control teams work?", "answer": "Houston",
      "kind": "city", "distractors": ("Cape Canaveral and Pasadena", "Huntsville", "Moscow")}),
    ("STEM-GIVES-ANSWER",
     {"question": "What goal, AI that matches human skills across many jobs, is pursued?",
      "answer": "artificial general intelligence", "kind": "goal",
      "distractors": ("artificial narrow intelligence", "artificial quantum intelligence",
                      "artificial emotional intelligence")},
     {"question": "What goal, matching human skills across many jobs, is pursued?",
      "answer": "artificial general intelligence", "kind": "goal",
      "distractors": ("artificial narrow intelligence", "artificial quantum intelligence",
                      "artificial emotional intelligence")}),
    ("STEM-GIVES-ANSWER",  # key words in another order and another form
     {"question": "Which model, one built to reason, did they release?",
      "answer": "a reasoning model", "kind": "model-type",
      "distractors": ("an image model", "a speech model", "a code model")},
     {"question": "Which kind of system did they release?",
      "answer": "a reasoning model", "kind": "model-type",
      "distractors": ("an image model", "a speech model", "a code model")}),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), ITEM_CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(ITEM_CASES)])
def test_item_rule_flags_the_flaw_and_passes_the_near_miss(
    rule_id: str, bad: dict[str, Any], good: dict[str, Any]
) -> None:
    flawed = findings(rule_id, make_fact(**bad))
    assert len(flawed) == 1, flawed
    assert flawed[0].severity == RULES_BY_ID[rule_id].severity
    assert findings(rule_id, make_fact(**good)) == []


def test_overlap_points_at_each_option_with_the_option_it_overlaps() -> None:
    fact = make_fact(answer="more than 3%", kind="percent",
                     distractors=("more than 1%", "more than 6%", "under 2%"))
    result = findings("OPT-OVERLAP", fact)
    assert [(f.line, f.column, f.severity) for f in result] == [
        (6, 19, "error"), (6, 32, "error"), (6, 49, "error")]
    assert result[0].message == (
        "option 'more than 1%' overlaps 'more than 3%': open bounds in one direction nest, so "
        "a value beyond both makes both true; give options that cannot both be right")
    assert result[2].message.startswith("option 'under 2%' overlaps 'more than 1%': an open "
                                        "bound takes in the other figure")


@pytest.mark.parametrize(("first", "second", "overlap"), [
    ("over $250 billion", "over $1 trillion", True),
    ("fewer than 10", "under 20", True),
    ("at least 5", "up to 5", True),
    ("at least 5", "under 5", False),
    ("nearly 10,000", "nearly 1,000", False),
    ("nearly 10,000", "10,000", False),
    ("almost 10,000", "9,600", True),
    ("up to $500 billion", "$200 billion", True),
    ("three years", "36 months", True),  # one amount in two units
    ("three years", "3 years", True),  # OPT-DUPLICATE compares digits only
    ("3 years", "3 Years", False),  # the same words: OPT-DUPLICATE's
    ("2020s", "2023", True),
    ("January 2025", "2025", True),
    ("one-third", "one-half", False),
    ("$5 million", "5 million", False),  # different dimensions never overlap
    ("GPT-4", "GPT-4 Turbo", False),  # a longer name, not a list holding the shorter
    ("Alibaba and Tencent", "Tencent and Baidu", False),
    ("Alibaba", "Alibaba, Tencent and Baidu", True),
])
def test_overlap_between_two_options(first: str, second: str, overlap: bool) -> None:
    assert (overlap_reason(first, second) is not None) is overlap
    assert (overlap_reason(second, first) is not None) is overlap


def test_quantities_of_one_dimension_sort_others_do_not() -> None:
    assert ordered(["a single week", "a single hour", "a single quarter", "a single day"]) == [
        "a single hour", "a single day", "a single week", "a single quarter"]
    assert ordered(["tens of billions", "hundreds of thousands", "several trillion"]) == [
        "hundreds of thousands", "tens of billions", "several trillion"]
    assert ordered(["two-thirds", "one-fifth", "nine-tenths"]) == [
        "one-fifth", "two-thirds", "nine-tenths"]
    assert ordered(["March 2025", "June 2024", "January 2025"]) == [
        "June 2024", "January 2025", "March 2025"]
    assert ordered(["$5.6 billion", "$56 million", "$5,600,000"]) == [
        "$5,600,000", "$56 million", "$5.6 billion"]
    assert ordered(["17%", "$5 million", "8%"]) is None
    assert ordered(["GPT-4", "GPT-3.5", "GPT-2"]) is None
    assert measure("a reasoning model") is None and measure("an hour") is not None


def bank_of(*facts: Fact, title: str = "Test", topic: str = "The Moon") -> Bank:
    return Bank(DeckInfo("test", title), (Topic("moon", topic),), facts, {}, Path("facts.yaml"))


def fact_at(fact_id: str, line: int, **changes: Any) -> Fact:
    fields = {"question": Position(line + 1, 15), "answer": Position(line + 2, 13),
              "distractors.0": Position(line + 3, 19), "distractors.1": Position(line + 3, 32),
              "distractors.2": Position(line + 3, 49), "explanation": Position(line + 4, 18),
              "cloze": Position(line + 5, 12), "distractors": Position(line + 3, 18)}
    return make_fact(id=fact_id, position=Position(line, 5), field_positions=fields, **changes)


FUND = fact_at("fund", 10, question="Which hedge fund did the founder start?",
               answer="High-Flyer", kind="company",
               distractors=("Ubiquant", "Minghong", "Lingjun Quant"))


def test_an_option_holding_another_questions_key_is_a_cue() -> None:
    began = fact_at("began", 20, question="What did the start-up begin as?",
                    answer="High-Flyer's AI research department", kind="unit",
                    distractors=("Alibaba's cloud division", "a Tsinghua lab",
                                 "a Baidu institute"))
    [finding] = [f for f in lint_bank(bank_of(FUND, began)) if f.rule == "IND-OPTION-CUE"]
    assert (finding.fact, finding.line, finding.column, finding.severity) == (
        "began", 22, 13, "warning")
    assert finding.message == (
        "option 'High-Flyer's AI research department' contains 'High-Flyer', the key of "
        "'fund' (line 10): printed in the same quiz it answers that question")


def test_a_distractor_that_is_another_key_of_its_kind_is_the_pool_not_a_cue() -> None:
    rival = fact_at("rival", 20, question="Which fund rivalled it?", answer="Ubiquant",
                    kind="company", distractors=("High-Flyer", "Minghong", "Lingjun Quant"))
    assert [f for f in lint_bank(bank_of(FUND, rival)) if f.rule == "IND-OPTION-CUE"] == []
    other_kind = fact_at("city", 30, question="Where was it?", answer="Hangzhou", kind="city",
                         distractors=("High-Flyer", "Beijing", "Shenzhen"))
    result = [f.fact for f in lint_bank(bank_of(FUND, other_kind))
              if f.rule == "IND-OPTION-CUE"]
    assert result == ["city"]


def test_a_key_inside_an_explanation_is_an_info_and_a_bare_year_is_not_one() -> None:
    founder = fact_at("founder", 20, question="Who founded it?", answer="Liang Wenfeng",
                      explanation="He co-founded the hedge fund High-Flyer in 2015.")
    year = fact_at("year", 30, question="When was it founded?", answer="2015", kind="year",
                   distractors=("2016", "2019", "2021"), explanation="It began in 2015.")
    [finding] = [f for f in lint_bank(bank_of(FUND, founder, year))
                 if f.rule == "IND-OPTION-CUE"]
    assert (finding.fact, finding.line, finding.severity) == ("founder", 24, "info")
    assert finding.message.startswith("the explanation contains 'High-Flyer', the key of "
                                      "'fund' (line 10): shown after this question")


def test_the_planned_quiz_is_checked_for_cues_in_the_options_it_drew() -> None:
    unit = fact_at("unit", 20, question="What did it begin as?", answer="a research lab",
                   kind="unit", distractors=("a trading desk",))
    drawn = ("a trading desk", "High-Flyer's AI research department", "a research lab")
    plan = QuizPlan("Test", 1, "build", QuizSettings(options=3), (QuizVersion("A", (
        PlannedQuestion(FUND, ("Ubiquant", "High-Flyer", "Minghong"), 1),
        PlannedQuestion(unit, drawn, 2))),))
    [finding] = findings("IND-OPTION-CUE", FUND, unit, plan=plan)
    assert (finding.fact, finding.line, finding.column) == ("unit", 23, 18)
    assert finding.message.endswith("(options as drawn for the planned quiz)")
    assert findings("IND-OPTION-CUE", FUND, unit) == []


@pytest.mark.parametrize(("cloze", "flagged"), [
    ("Concern over the possibility of {{c1::a bubble}} is rising as analysts reevaluate "
     "the economics of AI.", True),
    ("Concern over {{c1::a bubble}} rose as Nvidia shares fell.", False),  # a name
    ("Concern over {{c1::a bubble}} grew during the Moon landing.", False),  # a topic term
    ("The partnership would spend up to {{c1::$500 billion}} over four years.", True),
    ("It landed in {{c1::1969}} after a four-day flight from Florida.", True),  # pronoun
    ("This was {{c1::Apollo 11}}, the mission of Neil Armstrong.", True),
    ("{{c1::Neil Armstrong}} stepped out first, then {{c2::Buzz Aldrin}}.", True),
    ("Armstrong stepped onto the surface in {{c1::1969}}.", False),  # a name opens it
])
def test_a_cloze_must_name_what_it_is_about(cloze: str, flagged: bool) -> None:
    card = fact_at("card", 20, cloze=cloze)
    names = fact_at("names", 30, explanation="Buzz Aldrin followed Armstrong, watched by "
                                             "Nvidia engineers.")
    result = list(unanchored_clozes(bank_of(card, names)))
    assert [hit.fact.id for hit in result if hit.fact] == (["card"] if flagged else [])


def test_a_capitalised_first_word_written_in_lower_case_elsewhere_is_no_name() -> None:
    card = fact_at("card", 20, cloze="Concern over {{c1::a bubble}} grew.")
    capital = fact_at("other", 30, explanation="Investors voiced Concern in capitals.")
    assert len(list(unanchored_clozes(bank_of(card, capital)))) == 0
    lower = fact_at("lower", 40, explanation="Investors voiced concern, Concern said.")
    assert len(list(unanchored_clozes(bank_of(card, capital, lower)))) == 1


def test_cloze_context_findings_point_at_the_cloze() -> None:
    card = fact_at("card", 20, cloze="It cost {{c1::$355 million}} to fly.")
    [finding] = [f for f in lint_bank(bank_of(card)) if f.rule == "CLOZE-CONTEXT"]
    assert (finding.line, finding.column, finding.severity) == (25, 12, "warning")
    assert finding.message == ("the cloze opens with 'It', which points outside the card: name "
                               "what 'It' stands for, so the card stands alone")


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
FIGURE = st.builds(lambda hedge, number, unit: f"{hedge}{number}{unit}",
                   st.sampled_from(["", "about ", "more than ", "under ", "nearly ", "up to ",
                                    "at least ", "just over "]),
                   st.one_of(st.integers(0, 10**9).map(str), st.sampled_from(
                       ["three", "a single", "twenty-five", "1.5", "10-20", "5 to 7"])),
                   st.sampled_from(["", "%", " million", " years", " days", " chips",
                                    " billion dollars"]))


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, FIGURE), st.one_of(TEXT, FIGURE))
def test_overlap_is_symmetric_and_never_crashes(first: str, second: str) -> None:
    assert (overlap_reason(first, second) is None) == (overlap_reason(second, first) is None)
    assert overlap_reason(first, first) is None  # the same option is OPT-DUPLICATE's


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXT, FIGURE), min_size=1, max_size=5))
def test_ordering_is_a_permutation_of_the_options_or_nothing(options: list[str]) -> None:
    result = ordered(options)
    assert result is None or sorted(result) == sorted(options)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT, st.lists(st.one_of(TEXT, FIGURE), max_size=4), TEXT, TEXT,
       st.one_of(st.none(), TEXT), TEXT)
def test_no_new_rule_crashes_on_odd_text(
    question: str, answer: str, distractors: list[str], explanation: str, title: str,
    cloze: str | None, topic: str,
) -> None:
    facts = (make_fact(question=question or "?", answer=answer or "a",
                       distractors=tuple(distractors), explanation=explanation, cloze=cloze),
             make_fact(id="other", answer=question or "b", explanation=answer, cloze=question))
    bank = bank_of(*facts, title=title, topic=topic)
    for finding in lint_bank(bank):
        assert finding.rule in RULES_BY_ID and finding.line >= 1
    hits = [*option_cues(bank), *unanchored_clozes(bank), *stem_names_key(facts[0])]
    assert all(hit.message for hit in hits)


def _imports(package: Path) -> dict[str, set[str]]:
    """Every quizgen module and the quizgen modules it imports (anywhere in its body)."""
    modules = {".".join(path.relative_to(package.parent).with_suffix("").parts)
               .removesuffix(".__init__"): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    graph[name].add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names)
        graph[name] = {target for target in graph[name] if target in modules} - {name}
    return graph


def test_no_module_of_quizgen_imports_itself_round_a_cycle() -> None:
    graph = _imports(REPO / "quizgen")
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for target in sorted(graph[node]):
                if target == start:
                    cycles.append(path)
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    assert cycles == []
    assert "quizgen.lint.planned" in graph["quizgen.lint.core"]
    assert "quizgen.lint.core" not in graph["quizgen.lint.planned"]


def test_questions_in_numerical_order_count_once_for_key_positions() -> None:
    facts = [make_fact(id=f"figure-{n}", answer=f"{n + 1}%", kind="percent",
                       distractors=tuple(f"{m + 1}%" for m in range(4) if m != n))
             for n in range(4)]
    questions = tuple(PlannedQuestion(fact, ("1%", "2%", "3%", "4%"), n, ordered=True)
                      for n, fact in enumerate(facts))
    versions = tuple(QuizVersion(chr(65 + n), questions) for n in range(26))
    plan = QuizPlan("Test", 1, "build", QuizSettings(versions=26), versions)
    assert findings("QUIZ-KEY-POSITION", *facts, plan=plan) == []
    piled = tuple(PlannedQuestion(fact, question.options, 0, ordered=True)
                  for fact, question in zip(facts * 3, questions * 3, strict=True))
    skewed = QuizPlan("Test", 1, "build", QuizSettings(versions=26),
                      tuple(QuizVersion(chr(65 + n), piled) for n in range(26)))
    [finding] = findings("QUIZ-KEY-POSITION", *facts, plan=skewed)
    assert "A 4, B 0, C 0, D 0" in finding.message  # each fact once, not 26 times
    assert "the 4 questions in numerical order, keyed alike in every version, counted once" \
        in finding.message
