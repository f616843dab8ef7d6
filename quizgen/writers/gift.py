r"""Moodle's GIFT text format: ``<deck id>.gift.txt``, for Question bank -> Import -> GIFT.

A ``$CATEGORY:`` line per topic, then one question per fact::

    ::fact-id::[html]<p>Question?</p>{
    =right answer#<p>Correct.</p>
    ~wrong answer#<p>Not this one\: ...</p>
    ####<p>explanation</p><div class\="source">...</div>
    }

Every text is HTML-escaped (so ``<script>`` shows as text), then every GIFT special
character (``~ = # { } :`` and backslash) is backslash-escaped wherever it stands.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator

from quizgen.outputs import OutputFile, encoded
from quizgen.plan.planner import PlannedQuestion
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.classroom import (
    CORRECT_HTML,
    Feedback,
    category_path,
    moodle_number,
    one_line,
    penalty_fraction,
    questions_by_topic,
    wrong_feedback_html,
)

FILE = "{deck}.gift.txt"

_SPECIAL = tuple((char, "\\" + char) for char in "\\~=#{}:")
"""Each special character and its escape, the backslash first."""


def gift_escape(text: str) -> str:
    """Backslash-escape GIFT's special characters: ``~ = # { } :`` and backslash."""
    for char, escaped in _SPECIAL:
        if char in text:
            text = text.replace(char, escaped)
    return text


_PLAIN = re.compile(r"(?!%)[^\s&<>\\~=#{}:]+(?: [^\s&<>\\~=#{}:]+)*")
"""Text ``gift_html`` gives back as it is: words one space apart, nothing to escape."""


def gift_html(text: str) -> str:
    """User text as one line of GIFT ``[html]`` text that shows exactly as written.

    A leading ``%`` becomes ``&#37;``: after ``=`` or ``~`` GIFT would read ``%50%`` as
    a grade, and GIFT has no escape for it.
    """
    if _PLAIN.fullmatch(text):  # most text: no new string (they took 18 MiB kept a build)
        return text
    escaped = html.escape(one_line(text), quote=False)
    if escaped.startswith("%"):
        escaped = "&#37;" + escaped[1:]
    return gift_escape(escaped)


_CORRECT = "#" + gift_escape(CORRECT_HTML)


def gift_question(question: PlannedQuestion, feedback: str, penalty: bool) -> str:
    """One multiple-choice question with its name, options, feedback and general feedback."""
    fact = question.fact
    wrong = f"%{moodle_number(penalty_fraction(len(question.options)))}%" if penalty else ""
    wrong_feedback = "#" + gift_escape(wrong_feedback_html(question))
    lines = [f"::{gift_escape(fact.id)}::[html]<p>{gift_html(fact.question)}</p>{{"]
    for index, option in enumerate(question.options):
        if index == question.key:
            lines.append(f"={gift_html(option)}{_CORRECT}")
        else:
            lines.append(f"~{wrong}{gift_html(option)}{wrong_feedback}")
    lines.append(f"####{gift_escape(feedback)}")
    lines.append("}")
    return "\n".join(lines)


def gift_lines(job: BuildJob) -> Iterator[str]:
    """The GIFT file's blocks: a comment, then each topic's category and questions."""
    bank, plan, feedback = job.bank, job.plan, Feedback(job.bank)
    yield (f"// {one_line(plan.title)}: build {plan.build_id}, seed {plan.seed}, "
           f"written by quizgen. Moodle: Question bank > Import > GIFT format.")
    for group in questions_by_topic(bank, plan):
        yield f"$CATEGORY: {category_path(bank, group.topic)}"
        for question in group.questions:
            general = "".join(feedback.html(question.fact).splitlines())
            yield gift_question(question, general, job.output.penalty)


def gift_pieces(job: BuildJob) -> Iterator[bytes]:
    """The GIFT file in UTF-8 pieces, blocks a blank line apart, as ``build`` streams it."""
    return encoded((f"\n{block}\n" if number else f"{block}\n")
                   for number, block in enumerate(gift_lines(job)))


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return [OutputFile.streamed(FILE.format(deck=job.bank.deck.id),
                                functools.partial(gift_pieces, job))]


FORMAT = Format(
    "gift",
    "Moodle GIFT text: a category per topic, one named question per fact with feedback",
    (FILE,),
    _render,
)
