"""Moodle XML, read back by moodle-xml-parser and lxml: questions, grades, feedback, ids."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from moodle_xml_parser.parser import parse_bytes

from quizgen.writers.base import BuildJob
from quizgen.writers.moodle_xml import CLOZE_CATEGORY
from tests.exports import ESCAPING, PROJECTS, first_version, job_for, one_line, render, shown_text

GAP = re.compile(r"\{1:SHORTANSWER:((?:\\.|[^\\}])*)\}")
"""An embedded short answer as Moodle reads it: backslash escapes, up to the closing brace."""


def parsed(directory: Path, **output: bool) -> tuple[dict[str, list[Any]], Any, BuildJob]:
    job = job_for(directory, **output)
    data = render(job, "moodle-xml")
    return parse_bytes(data), etree.fromstring(data), job


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_fact_is_one_multichoice_question_in_plan_order(name: str) -> None:
    questions, root, job = parsed(PROJECTS[name])
    plan = first_version(job.plan)
    multichoice = {q.name: q for q in questions["multichoice"]}
    assert sorted(multichoice) == sorted(plan)
    for fact_id, (options, key) in plan.items():
        question = multichoice[fact_id]
        assert question.single
        # the parser decodes the HTML: its text is what a student reads
        assert [o.answer for o in question.options] == [one_line(o) for o in options]
        assert [o.score_fraction for o in question.options] == [
            100.0 if index == key else 0.0 for index in range(len(options))]
        assert question.options[key].feedback == "<p>Correct.</p>"
        for index, option in enumerate(question.options):
            if index != key:
                assert option.feedback == f"<p>Not this one: the answer is {options[key]}.</p>"
    ids = [element.text for element in root.iter("idnumber")]
    assert len(ids) == len(set(ids))
    assert set(plan) <= set(ids)


def test_general_feedback_holds_the_explanation_and_each_quoted_source() -> None:
    questions, root, job = parsed(ESCAPING)
    bank = job.bank
    assert all(q.general_feedback for q in questions["multichoice"])
    facts = {fact.id: fact for fact in bank.facts}
    for question in root.iter("question"):
        if question.get("type") != "multichoice":
            continue
        fact = facts[question.findtext("idnumber") or ""]
        shown = shown_text(question.findtext("generalfeedback/text") or "")
        assert one_line(fact.explanation) in shown
        for source in fact.sources:
            assert one_line(source.quote) in shown
            assert bank.articles[source.article].citation() in shown


def test_escaped_text_shows_as_written_and_nothing_as_markup() -> None:
    _, root, job = parsed(ESCAPING)
    facts = {fact.id: fact for fact in job.bank.facts}
    seen = 0
    for question in root.iter("question"):
        if question.get("type") != "multichoice":
            continue
        fact = facts[question.findtext("idnumber") or ""]
        assert shown_text(question.findtext("questiontext/text") or "") == one_line(fact.question)
        answers = [shown_text(a.findtext("text") or "") for a in question.iter("answer")]
        assert one_line(fact.answer) in answers
        seen += 1
    assert seen == len(facts)


def test_categories_are_course_deck_topic_and_numeric_options_keep_their_order() -> None:
    _, root, job = parsed(ESCAPING)
    bank = job.bank
    paths = [q.findtext("category/text") for q in root.iter("question")
             if q.get("type") == "category"]
    title = bank.deck.title.replace("/", "//")
    expected = [f"$course$/{title}/{bank.topic(topic).description.replace('/', '//')}"
                for topic in ("markup", "gift")]
    assert [p for p in paths if not p.endswith(f"/{CLOZE_CATEGORY}")] == expected
    assert f"{expected[0]}/{CLOZE_CATEGORY}" in paths
    shuffle = {q.findtext("idnumber"): q.findtext("shuffleanswers")
               for q in root.iter("question") if q.get("type") == "multichoice"}
    assert shuffle == {"dollar-amounts": "false", "script-tag": "true", "non-ascii": "true",
                       "gift-specials": "true"}


def test_cloze_facts_become_embedded_answers_unless_no_cloze() -> None:
    questions, _root, job = parsed(PROJECTS["tiny"])
    cloze_facts = [f for f in job.bank.facts if f.cloze]
    assert len(questions["cloze"]) == len(cloze_facts) > 0
    for question, fact in zip(questions["cloze"], cloze_facts, strict=True):
        assert question.name == f"{fact.id} (cloze)"
        assert [gap.sub_type for gap in question.gaps] == ["SHORTANSWER"]
        assert question.gaps[0].options[0].score == 100
    without, root_without, _ = parsed(PROJECTS["tiny"], cloze=False)
    assert without["cloze"] == []
    assert len(without["multichoice"]) == len(questions["multichoice"])
    assert not any(q.get("type") == "cloze" for q in root_without.iter("question"))


def test_cloze_gaps_escape_moodles_special_characters() -> None:
    _, root, _job = parsed(ESCAPING)
    clozes = {q.findtext("idnumber"): q.findtext("questiontext/text") or ""
              for q in root.iter("question") if q.get("type") == "cloze"}
    assert sorted(clozes) == ["gift-specials.cloze", "script-tag.cloze"]
    gaps = GAP.findall(clozes["gift-specials.cloze"])
    assert [re.sub(r"\\(.)", r"\1", gap) for gap in gaps] == ["=~ = # { } :"]
    around = GAP.sub("___", clozes["script-tag.cloze"])
    assert shown_text(around) == "The page printed ___ & <i>more</i> as text."
    answer = re.sub(r"\\(.)", r"\1", GAP.findall(clozes["script-tag.cloze"])[0])
    assert html.unescape(answer) == "=<b>bold</b>"


def test_penalty_makes_wrong_options_cost_what_guessing_gains() -> None:
    questions, _, _ = parsed(PROJECTS["tiny"], penalty=True)
    for question in questions["multichoice"]:
        fractions = sorted(o.score_fraction for o in question.options)
        assert fractions == [-33.33333] * 3 + [100.0]


def test_feedback_cites_in_the_anki_cards_words() -> None:
    from quizgen.anki.notes import escape, sources_html
    from quizgen.writers.classroom import Feedback

    bank = job_for(ESCAPING).bank
    feedback = Feedback(bank)
    for fact in bank.facts:
        assert feedback.html(fact) == (f'<p class="explanation">{escape(fact.explanation)}</p>\n'
                                       f"{sources_html(bank, fact)}")
