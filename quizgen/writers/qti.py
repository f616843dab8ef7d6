"""A Canvas quiz as a QTI 1.2 package: ``<deck id>.qti.zip``, built with text2qti.

quizgen writes the quiz in text2qti's plain-text format (one question per fact, the
first version's option order, 1 point each, the explanation and sources as feedback)
and text2qti parses it and writes the QTI XML Canvas imports (Settings -> Import course
content -> QTI .zip file). text2qti reads text as Markdown (with LaTeX between ``$``),
so every user text is escaped to mean itself: each Markdown punctuation character and
``$`` backslash-escaped, ``&`` and ``<`` as character references, on one line.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from quizgen.errors import QuizgenError
from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.classroom import one_line, questions_by_topic, source_texts

FILE = "{deck}.qti.zip"

MARKDOWN_PUNCTUATION = "!\"#'()*+-.>[\\]_`{|}$"
"""What python-markdown (with text2qti's extensions) lets a backslash escape, plus ``$``,
which text2qti reads as LaTeX and unescapes itself."""
_LITERAL = (("\\", "\\\\"), *((char, "\\" + char) for char in MARKDOWN_PUNCTUATION if char != "\\"),
            ("&", "&amp;"), ("<", "&lt;"))
"""Replacements in order, the backslash first (``str.replace`` in turn is 5x faster here
than ``str.translate`` with a table, which looks up every character in a dict)."""
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class QtiError(QuizgenError):
    """text2qti refused the quiz (for instance two facts ask the very same question)."""


class LiteralTexts:
    """Escapes user text for text2qti, remembering the HTML each escaped string stands for."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        """Each escaped string given out, to the HTML text2qti's Markdown makes of it."""

    def __call__(self, text: str) -> str:
        """``text`` as one line of text2qti Markdown that renders exactly as written."""
        line = one_line(text)
        literal = markdown_literal(line)
        self.html[literal] = html.escape(line, quote=False)
        return literal


def markdown_literal(text: str) -> str:
    """Text (one line) as text2qti Markdown meaning itself: punctuation escaped, no markup."""
    for char, escaped in _LITERAL:
        if char in text:
            text = text.replace(char, escaped)
    return text


def quiz_text(job: BuildJob, literal: LiteralTexts) -> str:
    """The whole quiz in text2qti's format: title, options, then every question."""
    plan = job.plan
    lines = [
        f"Quiz title: {one_line(plan.title)}",
        f"Quiz description: {literal(f'Build {plan.build_id}, seed {plan.seed}.')}",
        "Shuffle answers: false",
        "Show correct answers: true",
        "",
    ]
    number = 0
    for group in questions_by_topic(job.bank, plan):
        for question in group.questions:
            number += 1
            lines += [*question_lines(job, literal, number, question), ""]
    return "\n".join(lines)


def question_lines(job: BuildJob, literal: LiteralTexts, number: int,
                   question: PlannedQuestion) -> list[str]:
    """One question: its fact id as title, 1 point, text, feedback, lettered options."""
    fact = question.fact
    sources = " ".join(f"Source: {text}" for text in source_texts(job.bank, fact))
    lines = [
        f"Title: {fact.id}",
        "Points: 1",
        f"{number}.  {literal(fact.question)}",
        f"... {literal(f'{fact.explanation} {sources}')}",
    ]
    for index, option in enumerate(question.options):
        mark = "*" if index == question.key else ""
        lines.append(f"{mark}{chr(ord('a') + index)})  {literal(option)}")
    return lines


@contextmanager
def literal_markdown(known: dict[str, str]) -> Iterator[None]:
    """Have text2qti render the strings quizgen escaped without running python-markdown.

    python-markdown takes ~1 ms per string here, and a 50,000-fact quiz has 350,000
    strings (6 minutes). ``markdown_literal`` text always renders as ``<p>``, the
    HTML-escaped text, ``</p>`` (tests/test_exports_qti.py checks this against
    text2qti's own Markdown for arbitrary text), so each string quizgen wrote is looked
    up in ``known`` instead; any other string still goes through python-markdown.
    """
    import text2qti.quiz

    original: Callable[..., Any] = text2qti.quiz.Markdown

    class LiteralMarkdown(original):  # type: ignore[misc,valid-type]
        def md_to_html(self, markdown_string: str, strip_p_tags: bool = False) -> str:
            escaped = known.get(markdown_string)
            if escaped is None:
                return str(super().md_to_html(markdown_string, strip_p_tags))
            return escaped if strip_p_tags else f"<p>{escaped}</p>"

    text2qti.quiz.Markdown = LiteralMarkdown
    try:
        yield
    finally:
        text2qti.quiz.Markdown = original


def qti_zip(text: str, known: dict[str, str], date: str) -> bytes:
    """The QTI package text2qti makes of ``text``, dated ``date``, zipped in fixed order.

    text2qti dates the manifest today and stamps each zip entry with the current time;
    here the manifest is made again with ``date`` and the entries get the 1980 date, so
    a rebuild gives identical bytes.
    """
    import text2qti.quiz
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.xml_imsmanifest import imsmanifest

    try:
        with literal_markdown(known):
            qti = QTI(text2qti.quiz.Quiz(text, config=Config(), source_name="quiz"))
    except Text2qtiError as error:
        raise QtiError(f"text2qti cannot build the Canvas quiz: {error}") from None
    folder = qti.assessment_identifier
    manifest = imsmanifest(manifest_identifier=qti.manifest_identifier,
                           assessment_identifier=folder,
                           dependency_identifier=qti.dependency_identifier,
                           images=qti.quiz.images, date=date)
    entries = [
        ("imsmanifest.xml", manifest),
        ("non_cc_assessments/", ""),
        (f"{folder}/assessment_meta.xml", qti.assessment_meta),
        (f"{folder}/{folder}.xml", qti.assessment),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.create_system = 3
            info.external_attr = (0o40755 if name.endswith("/") else 0o644) << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buffer.getvalue()


def _render(job: BuildJob) -> Iterable[OutputFile]:
    literal = LiteralTexts()
    text = quiz_text(job, literal)
    data = qti_zip(text, literal.html, manifest_date(job.bank))
    return [OutputFile(FILE.format(deck=job.bank.deck.id), data)]


def manifest_date(bank: Bank) -> str:
    """The package's date: the newest article's publication date (the inputs', not today's)."""
    dates = [article.published for article in bank.articles.values() if article.published]
    return str(max(dates)) if dates else "1980-01-01"


FORMAT = Format(
    "qti",
    "A Canvas quiz (QTI 1.2 zip, made with text2qti): version A, 1 point per question",
    (FILE,),
    _render,
)
