"""A Canvas quiz as a QTI 1.2 package: ``<deck id>.qti.zip``, built with text2qti.

quizgen writes the quiz in text2qti's plain-text format (one question per fact, the
first version's option order, 1 point each, the explanation and sources as feedback)
and text2qti parses it and writes the QTI XML Canvas imports (Settings -> Import course
content -> QTI .zip file). text2qti reads text as Markdown (with LaTeX between ``$``),
so every user text is escaped to mean itself: each Markdown punctuation character and
``$`` backslash-escaped, ``&`` and ``<`` as character references, on one line.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from quizgen.errors import QuizgenError
from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion
from quizgen.writers.base import BuildJob, Format, defer_import
from quizgen.writers.classroom import Feedback, one_line, questions_by_topic

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
    """Escapes user text for text2qti, remembering the XML each escaped string stands for."""

    def __init__(self) -> None:
        self.xml: dict[str, str] = {}
        """Each escaped string given out, to what text2qti's ``md_to_html_xml`` makes of it
        with ``strip_p_tags`` (the HTML without its ``<p>``, escaped again for XML)."""
        self._lasting: dict[str, str] = {}
        """The entries of ``xml`` every part needs: the header's."""
        self._options: dict[str, tuple[str, str]] = {}
        """Each option text seen, to its escaped string and XML: distractors are other
        facts' answers, so a 50,000-question quiz has 200,000 options but few distinct
        ones (3,679 of 20,000 in the 5,000-fact benchmark bank)."""

    def __call__(self, text: str) -> str:
        """``text`` as one line of text2qti Markdown that renders exactly as written."""
        line = one_line(text)
        literal = markdown_literal(line)
        self.xml[literal] = literal_xml(line)
        return literal

    def lasting(self, text: str) -> str:
        """``self(text)`` for the header every part repeats: kept by ``new_part``."""
        literal = self(text)
        self._lasting[literal] = self.xml[literal]
        return literal

    def new_part(self) -> None:
        """Forget the strings of the part text2qti has parsed, keeping the header's."""
        self.xml.clear()
        self.xml.update(self._lasting)

    def option(self, text: str) -> str:
        """``self(text)`` for an option, each distinct text escaped once per quiz."""
        made = self._options.get(text)
        if made is None:
            literal = self(text)
            self._options[text] = (literal, self.xml[literal])
            return literal
        self.xml[made[0]] = made[1]
        return made[0]


def markdown_literal(text: str) -> str:
    """Text (one line) as text2qti Markdown meaning itself: punctuation escaped, no markup."""
    for char, escaped in _LITERAL:
        if char in text:
            text = text.replace(char, escaped)
    return text


def literal_xml(line: str) -> str:
    """What text2qti puts in its XML for ``markdown_literal(line)``, ``<p>`` tags stripped.

    Its Markdown renders the escaped line as the HTML-escaped line, and ``xml_escape``
    escapes that HTML's ``& < >`` once more, so each ``& < >`` of the line ends up
    escaped twice (tests/test_exports_qti.py checks this against text2qti itself).
    """
    for char, escaped in _XML_OF_LITERAL:
        if char in line:
            line = line.replace(char, escaped)
    return line


_XML_OF_LITERAL = (("&", "&amp;amp;"), ("<", "&amp;lt;"), (">", "&amp;gt;"))
"""``&`` first: the others' replacements start with one."""


_ENCODED = 1 << 16
"""Characters of a part's XML encoded at a time."""
CHUNK = 100
"""Questions text2qti parses at a time. It holds a whole quiz's objects and XML in
memory (1.1 GB more than the rest of the build at 50,000 questions), so the quiz is
parsed in parts and each part's items go into the one assessment as they come. A part
of 100 rather than 500 raises the build's memory by 5 MiB less, at no cost in time
(7.3 s against 7.9 s of CPU for the package at 50,000 facts)."""


def quiz_header(job: BuildJob, literal: LiteralTexts) -> list[str]:
    """The quiz's title and settings in text2qti's format: the first lines of every part."""
    plan = job.plan
    return [
        f"Quiz title: {one_line(plan.title)}",
        f"Quiz description: {literal.lasting(f'Build {plan.build_id}, seed {plan.seed}.')}",
        "Shuffle answers: false",
        "Show correct answers: true",
        "",
    ]


def quiz_parts(job: BuildJob, literal: LiteralTexts, size: int = CHUNK) -> Iterator[str]:
    """The quiz in text2qti's format, ``size`` questions a part, each with the header.

    Raises QtiError when two facts ask the same question, which text2qti refuses.
    """
    header, feedback = quiz_header(job, literal), Feedback(job.bank)
    asked: dict[str, str] = {}
    lines: list[str] = []
    count = 0
    for group in questions_by_topic(job.bank, job.plan):
        for question in group.questions:
            fact = question.fact
            line = one_line(fact.question)
            # Keyed by the fact's own string when it is one line already: a new string
            # per question was 5 MiB more at 50,000 facts by the last part.
            if (first := asked.setdefault(fact.question if line == fact.question else line,
                                          fact.id)) != fact.id:
                raise QtiError(f"facts '{first}' and '{fact.id}' ask the same question; "
                               "a Canvas quiz (text2qti) needs every question to differ")
            count += 1
            lines += [*question_lines(feedback, literal, count, question), ""]
            if count % size == 0:
                yield "\n".join([*header, *lines])
                lines = []
    if lines or not count:
        yield "\n".join([*header, *lines])


def question_lines(feedback: Feedback, literal: LiteralTexts, number: int,
                   question: PlannedQuestion) -> list[str]:
    """One question: its fact id as title, text, feedback, lettered options (1 point)."""
    fact = question.fact
    sources = " ".join(f"Source: {text}" for text in feedback.texts(fact))
    # No "Points: 1" line: 1 is text2qti's default, and a line fewer per question is
    # 14% less of its parsing (it matches every line against 30 patterns).
    lines = [
        f"Title: {fact.id}",
        f"{number}.  {literal(fact.question)}",
        f"... {literal(f'{fact.explanation} {sources}')}",
    ]
    for index, option in enumerate(question.options):
        mark = "*" if index == question.key else ""
        lines.append(f"{mark}{_LETTERS[index]})  {literal.option(option)}")
    return lines


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@contextmanager
def literal_markdown(known: dict[str, str]) -> Iterator[None]:
    """Have text2qti render the strings quizgen escaped without running python-markdown.

    python-markdown takes ~1 ms per string here, and a 50,000-fact quiz has 350,000
    strings (6 minutes). ``markdown_literal`` text always renders as ``<p>``, the
    HTML-escaped text, ``</p>``, which text2qti then escapes for XML: that is
    ``literal_xml`` (tests/test_exports_qti.py checks it against text2qti's own
    Markdown for arbitrary text), so each string quizgen wrote is looked up in ``known``
    instead; any other string still goes through python-markdown. The hook is
    ``Markdown.md_to_html_xml``, the one method text2qti 0.8's questions, choices and
    feedback call (a test checks the package is the one unpatched text2qti makes).
    Every quiz made meanwhile shares one Markdown converter.
    """
    import text2qti.quiz

    original: Callable[..., Any] = text2qti.quiz.Markdown

    class LiteralMarkdown(original):  # type: ignore[misc,valid-type]
        def md_to_html_xml(self, markdown_string: str, strip_p_tags: bool = False) -> str:
            xml = known.get(markdown_string)
            if xml is None:
                return str(super().md_to_html_xml(markdown_string, strip_p_tags))
            return xml if strip_p_tags else f"&lt;p&gt;{xml}&lt;/p&gt;"

    shared: list[Any] = []

    def one_markdown(config: Any) -> Any:
        # Each quiz part would make its own, compiling python-markdown's patterns anew.
        if not shared:
            shared.append(LiteralMarkdown(config))
        return shared[0]

    text2qti.quiz.Markdown = one_markdown
    try:
        yield
    finally:
        text2qti.quiz.Markdown = original


_DIGEST = 64
"""Bytes of a text2qti question hash (blake2b's)."""


@dataclass
class _Parsed:
    """What the one assessment needs from the parts text2qti parsed."""

    digests: list[bytearray] = field(default_factory=lambda: [bytearray() for _ in range(256)])
    """Every question's hash, from which text2qti names the quiz, in one buffer per first
    byte (``sorted_digests``): as 50,000 bytes objects in a list they were 5 MiB."""

    def add_digest(self, digest: bytes) -> None:
        """Keep one question's hash (text2qti's blake2b digest)."""
        assert len(digest) == _DIGEST
        self.digests[digest[0]] += digest

    def sorted_digests(self) -> Iterator[bytes]:
        """Every hash kept, in ascending order, as text2qti hashes them into the quiz's name."""
        for bucket in self.digests:
            yield from sorted(bytes(bucket[start:start + _DIGEST])
                              for start in range(0, len(bucket), _DIGEST))
    points: float = 0
    settings: dict[str, str] = field(default_factory=dict)
    """The quiz-level XML text2qti made of the header every part repeats."""


def _parse_parts(job: BuildJob, size: int, items: IO[bytes]) -> _Parsed:
    """Parse the quiz part by part with text2qti, writing each part's ``<item>``s to ``items``."""
    import text2qti.quiz
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.xml_assessment import AFTER_ITEMS, BEFORE_ITEMS, assessment

    parsed, literal, config = _Parsed(), LiteralTexts(), Config()
    with literal_markdown(literal.xml):
        for text in quiz_parts(job, literal, size):
            try:
                quiz = text2qti.quiz.Quiz(text, config=config, source_name="quiz")
            except Text2qtiError as error:
                raise QtiError(f"text2qti cannot build the Canvas quiz: {error}") from None
            literal.new_part()
            for question in quiz.questions_and_delims:
                parsed.add_digest(question.hash_digest)
            parsed.points += quiz.points_possible
            head = BEFORE_ITEMS.format(assessment_identifier="", title=quiz.title_xml)
            xml = assessment(quiz=quiz, assessment_identifier="", title_xml=quiz.title_xml)
            assert xml.startswith(head) and xml.endswith(AFTER_ITEMS)
            # Encoded a slice at a time: the part's whole XML encoded at once was one
            # more copy of it (2 MB a part) at the writer's peak.
            end = len(xml) - len(AFTER_ITEMS)
            for start in range(len(head), end, _ENCODED):
                items.write(xml[start:min(start + _ENCODED, end)].encode("utf-8"))
            parsed.settings = {
                "title_xml": quiz.title_xml, "description_html_xml": quiz.description_html_xml,
                "shuffle_answers": quiz.shuffle_answers_xml,
                "show_correct_answers": quiz.show_correct_answers_xml,
                "one_question_at_a_time": quiz.one_question_at_a_time_xml,
                "cant_go_back": quiz.cant_go_back_xml}
            # Each question points back at its quiz, and the command line runs with the
            # cyclic collector off: emptying the quiz's list breaks the only cycles, so
            # the part is freed here by reference counting (a test checks none is left),
            # where a gc.collect per part cost 7% of the package's time.
            quiz.questions_and_delims.clear()
            del quiz, xml
    return parsed


def qti_zip(job: BuildJob, size: int = CHUNK) -> bytes:
    """The QTI package text2qti makes of the quiz, in fixed order with fixed dates.

    Each part of ``size`` questions is parsed by text2qti and rendered with its own
    assessment template; the items between its fixed head and tail are spooled to a
    temporary file, then written into the one assessment, whose identifier is text2qti's
    own (a hash of every question's), so any ``size`` gives the same package. The
    manifest is dated by the inputs (``manifest_date``) rather than today, and the zip
    entries by 1980, so a rebuild gives identical bytes.
    """
    return b"".join(qti_zip_pieces(job, size))


PIECE = 1 << 20
"""Bytes of the package read back at a time (``qti_zip_pieces``)."""


def qti_zip_pieces(job: BuildJob, size: int = CHUNK) -> Iterator[bytes]:
    """``qti_zip(job, size)`` in pieces, as ``build`` streams it to disk.

    The package is written to a temporary file and read back: made in memory, it and
    its copy took 40 MB at 50,000 facts, the peak of the whole build.
    """
    import tempfile

    with tempfile.TemporaryFile() as package:
        _write_package(job, size, package)
        package.seek(0)
        while piece := package.read(PIECE):
            yield piece


def _write_package(job: BuildJob, size: int, package: IO[bytes]) -> None:
    """Write ``qti_zip``'s package into the open file ``package``."""
    import hashlib
    import shutil
    import tempfile

    # text2qti.config imports bespon to read ~/.text2qti.bespon, which quizgen never
    # loads (it passes a Config of defaults): 115 ms of compiling bespon's patterns.
    defer_import("bespon")
    from text2qti.xml_assessment import AFTER_ITEMS, BEFORE_ITEMS
    from text2qti.xml_assessment_meta import assessment_meta
    from text2qti.xml_imsmanifest import imsmanifest

    with tempfile.TemporaryFile() as items:
        parsed = _parse_parts(job, size, items)
        quiz_hash = hashlib.blake2b()
        for digest in parsed.sorted_digests():
            quiz_hash.update(digest)
        ids = {kind: f"text2qti_{kind}_{quiz_hash.hexdigest()[:64]}"
               for kind in ("manifest", "assessment", "dependency", "assignment",
                            "assignment-group")}
        folder = ids["assessment"]
        manifest = imsmanifest(manifest_identifier=ids["manifest"], assessment_identifier=folder,
                               dependency_identifier=ids["dependency"], images={},
                               date=manifest_date(job.bank))
        meta = assessment_meta(
            assessment_identifier=folder, assignment_identifier=ids["assignment"],
            assignment_group_identifier=ids["assignment-group"], points_possible=parsed.points,
            **parsed.settings)
        with zipfile.ZipFile(package, "w") as archive:
            for name, data in [("imsmanifest.xml", manifest), ("non_cc_assessments/", ""),
                               (f"{folder}/assessment_meta.xml", meta)]:
                archive.writestr(_entry(name), data)
            with archive.open(_entry(f"{folder}/{folder}.xml"), "w") as entry:
                title = parsed.settings["title_xml"]
                entry.write(BEFORE_ITEMS.format(assessment_identifier=folder,
                                                title=title).encode("utf-8"))
                items.seek(0)
                shutil.copyfileobj(items, entry, 1 << 20)
                entry.write(AFTER_ITEMS.encode("utf-8"))


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated 1980, deflated, with Unix permissions: the same bytes anywhere."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.create_system = 3
    info.external_attr = (0o40755 if name.endswith("/") else 0o644) << 16
    info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
    # Level 1: a third of level 6's time on 200 MB of repetitive XML, for a few % in size.
    # ZipFile.open(info, "w") reads the level from the entry (compress_level from 3.13).
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
    return info


def _render(job: BuildJob) -> Iterable[OutputFile]:
    from functools import partial

    return [OutputFile.streamed(FILE.format(deck=job.bank.deck.id), partial(qti_zip_pieces, job))]


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
