"""Canvas QTI: the zip unpacked and its XML read with lxml; text2qti's Markdown as the oracle."""

from __future__ import annotations

import functools
import gc
import html
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from quizgen.writers import qti
from quizgen.writers.qti import QtiError, literal_xml, markdown_literal, qti_zip
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
    xml = literal_xml(line)
    assert markdown.md_to_html_xml(markdown_literal(line)) == f"&lt;p&gt;{xml}&lt;/p&gt;"
    assert markdown.md_to_html_xml(markdown_literal(line), strip_p_tags=True) == xml


@contextmanager
def _unchanged_markdown(known: dict[str, str]) -> Iterator[None]:
    yield


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_the_package_is_the_one_text2qti_makes_with_its_own_markdown(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pins text2qti's behaviour that ``literal_markdown`` relies on: every string it
    renders goes through ``text2qti.quiz.Markdown(config).md_to_html_xml``, and the
    lookup gives what python-markdown gives. A text2qti that rendered through another
    method would make a different package here."""
    import markdown

    job = job_for(PROJECTS[name])
    converted: list[str] = []
    convert = markdown.Markdown.convert

    def counted(self: markdown.Markdown, source: str) -> str:
        converted.append(source)
        return str(convert(self, source))

    monkeypatch.setattr(markdown.Markdown, "convert", counted)
    fast = qti_zip(job, size=3)
    assert converted == [], "python-markdown rendered strings quizgen escaped"
    monkeypatch.setattr(qti, "literal_markdown", _unchanged_markdown)
    assert qti_zip(job, size=3) == fast
    assert len(converted) >= 6 * len(job.plan.versions[0].questions)  # text, feedback, 4 options


def test_a_parsed_part_leaves_no_reference_cycle_for_the_collector() -> None:
    """The command line runs with the cyclic collector off: each part must be freed by
    reference counting alone once ``_parse_parts`` is done with it, so parsing the quiz
    in four parts leaves no more for the collector than parsing it whole."""
    job = job_for(PROJECTS["escaping"])
    questions = len(job.plan.versions[0].questions)
    assert questions == 4

    def garbage(size: int) -> int:
        gc.collect()
        with tempfile.TemporaryFile() as items:
            qti._parse_parts(job, size, items)
        return gc.collect()

    was = gc.isenabled()
    gc.disable()
    try:
        garbage(questions)  # the first run also leaves what imports and caches make once
        assert garbage(1) == garbage(questions)
    finally:
        if was:
            gc.enable()


def test_two_facts_asking_the_same_question_are_named(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("In which crater did the Perseverance rover land?",
                                  "Who was the first person to step onto the Moon?"),
                     encoding="utf-8")
    with pytest.raises(QtiError, match="facts 'first-moonwalker' and "
                                       "'perseverance-landing-site' ask the same question"):
        qti_zip(job_for(tiny_dir))
