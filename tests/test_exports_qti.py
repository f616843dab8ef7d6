"""Canvas QTI: the zip unpacked and its XML read with lxml; text2qti's Markdown as the oracle."""

from __future__ import annotations

import functools
import html
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from quizgen.writers.qti import QtiError, markdown_literal, qti_zip
from tests.exports import ESCAPING, PROJECTS, first_version, job_for, one_line, render, shown_text

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def unpack(directory: Path) -> tuple[etree._Element, etree._Element, Any]:
    """The package's manifest and its one assessment, as lxml trees, and the build job."""
    job = job_for(directory)
    with zipfile.ZipFile(io.BytesIO(render(job, "qti"))) as archive:
        assert archive.testzip() is None
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        hrefs = [file.get("href") for file in manifest.iter(f"{CP}file")]
        assert hrefs and all(href in archive.namelist() for href in hrefs)
        assessments = [href for href in hrefs if not href.endswith("assessment_meta.xml")]
        assert len(assessments) == 1
        assessment = etree.fromstring(archive.read(assessments[0]))
    return manifest, assessment, job


def mattext(element: etree._Element) -> str:
    """What Canvas shows of a ``<mattext texttype="text/html">``: its HTML as text."""
    return shown_text(element.findtext(f".//{QTI}mattext") or "")


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_items_correct_responses_and_feedback_match_the_plan(name: str) -> None:
    _, assessment, job = unpack(PROJECTS[name])
    plan = first_version(job.plan)
    facts = {fact.id: fact for fact in job.bank.facts}
    items = list(assessment.iter(f"{QTI}item"))
    assert [item.get("title") for item in items] == [q.fact.id for q in _by_topic(job)]
    for item in items:
        options, key = plan[item.get("title")]
        fact = facts[item.get("title")]
        fields = {field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
                  for field in item.iter(f"{QTI}qtimetadatafield")}
        assert fields["question_type"] == "multiple_choice_question"
        assert fields["points_possible"] == "1"
        assert mattext(item.find(f"{QTI}presentation/{QTI}material")) == one_line(fact.question)
        labels = list(item.iter(f"{QTI}response_label"))
        assert [mattext(label) for label in labels] == [one_line(o) for o in options]
        correct = [v.text for v in item.iter(f"{QTI}varequal")]
        assert correct == [labels[key].get("ident")]
        feedback = mattext(item.find(f"{QTI}itemfeedback"))
        assert one_line(fact.explanation) in feedback
        for source in fact.sources:
            assert one_line(source.quote) in feedback
            assert job.bank.articles[source.article].citation() in feedback


def _by_topic(job: Any) -> list[Any]:
    from quizgen.writers.classroom import questions_by_topic

    return [q for group in questions_by_topic(job.bank, job.plan) for q in group.questions]


def test_the_quiz_is_titled_and_dated_by_its_inputs_not_the_clock() -> None:
    manifest, assessment, job = unpack(ESCAPING)
    assert assessment.find(f"{QTI}assessment").get("title") == job.bank.deck.title
    dates = [d.text for d in manifest.iter("{http://www.imsglobal.org/xsd/imsmd_v1p2}dateTime")]
    assert dates == ["2025-01-29"]
    assert render(job, "qti") == render(job_for(ESCAPING), "qti")


_MARKUP = st.sampled_from([*"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ 1aé", "--", "...", "<<", ">>",
                           "$$", "\\$", "&amp;", "&#37;", "\\num{5}", "1. ", "* ", "# ", "~~~",
                           "```", "http://x.y", "<!--", "-->", "[^1]", "{: .x}"])
_TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
                  st.lists(_MARKUP, max_size=25).map("".join))
"""Any text facts.yaml can hold on a line (YAML refuses control characters), and text
made of what Markdown, smarty, LaTeX and text2qti read as markup."""


@functools.cache
def text2qti_markdown() -> Any:
    from text2qti.config import Config
    from text2qti.markdown import Markdown

    return Markdown(Config())


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_escaped_text_renders_as_itself_through_text2qtis_own_markdown(text: str) -> None:
    """The lookup quizgen gives text2qti (qti.literal_markdown) is what python-markdown says."""
    line = one_line(text)
    if not line:
        return
    markdown = text2qti_markdown()
    escaped = html.escape(line, quote=False)
    assert markdown.md_to_html(markdown_literal(line)) == f"<p>{escaped}</p>"
    assert markdown.md_to_html(markdown_literal(line), strip_p_tags=True) == escaped


def test_a_quiz_parsed_in_parts_is_the_package_text2qti_makes_of_it_whole() -> None:
    job = job_for(PROJECTS["tiny"])
    whole = qti_zip(job, size=len(job.plan.versions[0].questions))
    assert qti_zip(job, size=2) == whole == qti_zip(job, size=1)
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        quiz = next(name for name in archive.namelist() if name.endswith("_meta.xml"))
        meta = etree.fromstring(archive.read(quiz))
    assert float(meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}points_possible")) == 5


def test_two_facts_asking_the_same_question_are_named(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("In which crater did the Perseverance rover land?",
                                  "Who was the first person to step onto the Moon?"),
                     encoding="utf-8")
    with pytest.raises(QtiError, match="facts 'first-moonwalker' and "
                                       "'perseverance-landing-site' ask the same question"):
        qti_zip(job_for(tiny_dir))
