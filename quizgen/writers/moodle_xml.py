"""Moodle's question-bank XML: ``<deck id>.moodle.xml``, for Question bank -> Import.

One category per topic (``$course$/<deck title>/<topic>``) holding a ``multichoice``
question per fact, and, unless ``--no-cloze``, a ``Cloze`` subcategory holding each
cloze sentence as an "embedded answers" question. Every question's ``<idnumber>`` is
its fact id, so a teacher can tell a re-imported question from the old one. The XML
is made by lxml (which escapes every text node), never by concatenation; HTML texts
go in CDATA sections so the file stays readable.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from quizgen.outputs import OutputFile
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.classroom import (
    CORRECT_HTML,
    Feedback,
    category_path,
    moodle_number,
    one_line,
    ordered_options,
    penalty_fraction,
    questions_by_topic,
    wrong_feedback_html,
)

if TYPE_CHECKING:
    from quizgen.model import Bank, Fact, Topic
    from quizgen.plan.planner import PlannedQuestion

FILE = "{deck}.moodle.xml"
CLOZE_CATEGORY = "Cloze"
"""The subcategory of each topic that holds its embedded-answers questions."""
RETRY_PENALTY = "0.3333333"
"""Moodle's default penalty per wrong try in interactive mode (not the wrong-option grade)."""

_CLOZE_SPECIAL = re.compile(r'([}#~/"\\*])')
"""Characters an embedded answer escapes with a backslash (``*`` is a short-answer wildcard)."""


class _Question:
    """One ``<question>`` element made once and refilled for each question of its shape.

    Building some 30 elements per question from Python is most of the cost of a large
    bank; refilling one tree's texts and letting lxml serialise it (in C) is not.
    """

    def __init__(self, kind: str, leaves: Iterable[tuple[str, str]], answers: int = 0) -> None:
        from lxml import etree

        self.etree: Any = etree
        self.root = etree.Element("question", type=kind)
        self.texts: dict[str, Any] = {}
        for tag, mode in leaves:
            if mode == "leaf":
                self.texts[tag] = etree.SubElement(self.root, tag)
            else:
                self.texts[tag] = self._text_holder(self.root, tag, html_format=mode == "html")
        self.answers = []
        for _ in range(answers):
            answer = etree.SubElement(self.root, "answer", fraction="0", format="html")
            text = etree.SubElement(answer, "text")
            feedback = self._text_holder(answer, "feedback", html_format=True)
            self.answers.append((answer, text, feedback))

    def _text_holder(self, parent: Any, tag: str, *, html_format: bool) -> Any:
        element = self.etree.SubElement(parent, tag, format="html") if html_format \
            else self.etree.SubElement(parent, tag)
        return self.etree.SubElement(element, "text")

    def set(self, tag: str, text: str, *, cdata: bool = False) -> None:
        """Set the text of a leaf, or of a ``<tag><text>`` holder (HTML in CDATA)."""
        self.texts[tag].text = self.etree.CDATA(text) if cdata else text

    def set_answer(self, index: int, fraction: str, text: str, feedback: str) -> None:
        """Fill the ``index``-th ``<answer>``: its grade, HTML text and feedback."""
        answer, answer_text, answer_feedback = self.answers[index]
        answer.set("fraction", fraction)
        answer_text.text = self.etree.CDATA(text)
        answer_feedback.text = self.etree.CDATA(feedback)

    def xml(self) -> bytes:
        """The element as indented UTF-8 XML (no declaration: it goes inside ``<quiz>``)."""
        return bytes(self.etree.tostring(self.root, encoding="UTF-8", pretty_print=True))


def _category_question() -> _Question:
    return _Question("category", [("category", "text"), ("info", "html")])


def _multichoice_question(options: int) -> _Question:
    element = _Question("multichoice", [
        ("name", "text"), ("questiontext", "html"), ("generalfeedback", "html"),
        ("defaultgrade", "leaf"), ("penalty", "leaf"), ("hidden", "leaf"), ("idnumber", "leaf"),
        ("single", "leaf"), ("shuffleanswers", "leaf"), ("answernumbering", "leaf"),
    ], answers=options)
    # What every multichoice question says alike, set once rather than per question.
    for tag, text in (("defaultgrade", "1"), ("penalty", RETRY_PENALTY), ("hidden", "0"),
                      ("single", "true"), ("answernumbering", "abc")):
        element.set(tag, text)
    return element


def _cloze_question() -> _Question:
    element = _Question("cloze", [
        ("name", "text"), ("questiontext", "html"), ("generalfeedback", "html"),
        ("penalty", "leaf"), ("hidden", "leaf"), ("idnumber", "leaf"),
    ])
    element.set("penalty", RETRY_PENALTY)
    element.set("hidden", "0")
    return element


_PLAIN = re.compile(r"[^\s&<>]+(?: [^\s&<>]+)*")
"""Text ``_escape_html`` gives back as it is: words one space apart, nothing to escape."""


def _escape_html(text: str) -> str:
    """One line of user text as HTML that shows it as written."""
    if _PLAIN.fullmatch(text):  # most text: no new string made (nor kept, as a cache did)
        return text
    return html.escape(one_line(text), quote=False)



def category_xml(element: _Question, path: str, info: str) -> bytes:
    """A ``category`` pseudo-question: the questions after it go into ``path``."""
    element.set("category", path)
    element.set("info", info, cdata=True)
    return element.xml()


def multichoice_xml(element: _Question, general: str, question: PlannedQuestion,
                    penalty: bool) -> bytes:
    """A ``multichoice`` question: one right option (fraction 100), the plan's order.

    ``element`` comes from ``_multichoice_question`` (which set what every question
    shares); ``general`` is the fact's feedback HTML (``Feedback.html``).
    """
    fact = question.fact
    element.set("name", fact.id)
    element.set("questiontext", f"<p>{_escape_html(fact.question)}</p>", cdata=True)
    element.set("generalfeedback", general, cdata=True)
    element.set("idnumber", fact.id)
    element.set("shuffleanswers", "false" if ordered_options(question) else "true")
    wrong = moodle_number(penalty_fraction(len(question.options)) if penalty else 0)
    wrong_feedback = wrong_feedback_html(question)
    for index, option in enumerate(question.options):
        if index == question.key:
            element.set_answer(index, "100", _escape_html(option), CORRECT_HTML)
        else:
            element.set_answer(index, wrong, _escape_html(option), wrong_feedback)
    return element.xml()


def cloze_text(fact: Fact) -> str:
    """The cloze sentence as Moodle embedded answers: ``{1:SHORTANSWER:=answer}`` per gap.

    Text outside the gaps is HTML with ``{`` and ``}`` as character references, so it
    cannot be read as a gap; inside a gap Moodle's special characters are escaped. A
    gap whose answer is the fact's answer also accepts the fact's other phrasings.
    """
    from quizgen.text import CLOZE_DELETION

    assert fact.cloze is not None
    sentence = one_line(fact.cloze)
    parts: list[str] = []
    last = 0
    for match in CLOZE_DELETION.finditer(sentence):
        parts.append(_outside_gap(sentence[last:match.start()]))
        answer = match.group(2)
        answers = [answer, *(fact.accept if answer == fact.answer else ())]
        parts.append("{1:SHORTANSWER:" + "~".join(f"={_gap_answer(a)}" for a in answers) + "}")
        last = match.end()
    parts.append(_outside_gap(sentence[last:]))
    return f"<p>{''.join(parts)}</p>"


def _outside_gap(text: str) -> str:
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _gap_answer(text: str) -> str:
    return _CLOZE_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def cloze_idnumber(fact: Fact) -> str:
    """The cloze question's idnumber: ``<fact id>.cloze`` (a fact id never holds a dot)."""
    return f"{fact.id}.cloze"


def _topic_info(bank: Bank, topic: Topic) -> str:
    return f"<p>{_escape_html(topic.description)} ({_escape_html(bank.deck.title)})</p>"


def cloze_xml(element: _Question, general: str, fact: Fact) -> bytes:
    """A ``cloze`` (embedded answers) question from the fact's cloze sentence.

    ``element`` comes from ``_cloze_question``; ``general`` is the fact's feedback HTML.
    """
    element.set("name", f"{fact.id} (cloze)")
    element.set("questiontext", cloze_text(fact), cdata=True)
    element.set("generalfeedback", general, cdata=True)
    element.set("idnumber", cloze_idnumber(fact))
    return element.xml()


def question_xml(job: BuildJob) -> Iterator[bytes]:
    """Every ``<question>`` of the file in order: each topic's category, then its questions."""
    from quizgen.anki.notes import has_cloze_deletion

    bank, penalty, feedback = job.bank, job.output.penalty, Feedback(job.bank)
    category, cloze_element = _category_question(), _cloze_question()
    multichoice = _multichoice_question(job.plan.settings.options)
    for group in questions_by_topic(bank, job.plan):
        yield category_xml(category, category_path(bank, group.topic),
                           _topic_info(bank, group.topic))
        clozes: list[tuple[Fact, str]] = []  # each with its multichoice question's feedback
        for question in group.questions:
            fact, general = question.fact, feedback.html(question.fact)
            yield multichoice_xml(multichoice, general, question, penalty)
            if job.output.cloze and fact.cloze is not None and has_cloze_deletion(fact.cloze):
                clozes.append((fact, general))
        if clozes:
            yield category_xml(category, category_path(bank, group.topic, CLOZE_CATEGORY),
                               _topic_info(bank, group.topic))
            for fact, general in clozes:
                yield cloze_xml(cloze_element, general, fact)


def moodle_xml(job: BuildJob) -> bytes:
    """The whole question bank as Moodle XML bytes (UTF-8, with its declaration)."""
    return b"".join(moodle_pieces(job))


def moodle_pieces(job: BuildJob) -> Iterator[bytes]:
    """The Moodle XML file in pieces, question by question, as ``build`` streams it.

    A 50,000-fact bank is some 90 MB of XML, never held whole.
    """
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    yield from question_xml(job)
    yield b"</quiz>\n"


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return [OutputFile.streamed(FILE.format(deck=job.bank.deck.id),
                               functools.partial(moodle_pieces, job))]


FORMAT = Format(
    "moodle-xml",
    "Moodle question-bank XML: a category per topic, multichoice and cloze questions",
    (FILE,),
    _render,
)
