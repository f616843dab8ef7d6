"""The quiz a student answers, in Markdown: ``quiz-A.md``, ``quiz-B.md``, ..."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizVersion, option_letter
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.blocks import HEADER, QUESTION, SECTION, Block, inline, join_blocks

INSTRUCTIONS = "Choose the one best answer to each question."
"""On screen there is nothing to circle: the print HTML says how to mark paper."""


def quiz_file_name(letter: str, suffix: str = "md") -> str:
    """``quiz-A.md`` for version A."""
    return f"quiz-{letter}.{suffix}"


def quiz_blocks(plan: QuizPlan, version: QuizVersion, bank: Bank) -> list[Block]:
    """The quiz of one version: heading, name lines, then questions under topic headings."""
    return list(each_quiz_block(plan, version, bank))


def each_quiz_block(plan: QuizPlan, version: QuizVersion, bank: Bank,
                    option_markdown: Callable[[str], str] = inline) -> Iterator[Block]:
    """``quiz_blocks`` one block at a time; ``option_markdown`` as in ``question_markdown``."""
    yield quiz_header(plan, version)
    for topic, number, question in numbered_questions(version):
        if topic is not None:
            yield section_block(bank, topic)
        yield Block(QUESTION, question_markdown(number, question, option_markdown))


def quiz_header(plan: QuizPlan, version: QuizVersion) -> Block:
    """Title, version badge text, name lines and instructions."""
    count = len(version.questions)
    noun = "question" if count == 1 else "questions"
    return Block(HEADER, f"# {inline(plan.title)}\n\n"
                         f"**Version {version.letter}** · {count} {noun} · build {plan.build_id}"
                         "\n\n"
                         "Name: ______________________________\n\n"
                         "Date: ______________________________\n\n"
                         "Class: _____________________________\n\n"
                         f"{INSTRUCTIONS}")


def section_block(bank: Bank, topic: str) -> Block:
    """The heading of a topic's questions: its description."""
    return Block(SECTION, f"## {inline(bank.topic(topic).description)}")


def numbered_questions(
    version: QuizVersion,
) -> Iterator[tuple[str | None, int, PlannedQuestion]]:
    """Each question with its number, and its topic id where it opens a topic section."""
    topic = None
    for number, question in enumerate(version.questions, start=1):
        opens = question.fact.topic if question.fact.topic != topic else None
        topic = question.fact.topic
        yield opens, number, question


def question_markdown(number: int, question: PlannedQuestion,
                      option_markdown: Callable[[str], str] = inline) -> str:
    """One numbered question and its lettered options, one per line.

    ``option_markdown`` is ``inline`` or one that gives the same text (``remembered_inline``).
    """
    options = "\n".join(
        f"- {option_letter(index)}. {option_markdown(option)}"
        for index, option in enumerate(question.options)
    )
    return f"**{number}.** {inline(question.fact.question)}\n\n{options}"


def remembered_inline() -> Callable[[str], str]:
    """``inline``, working out each distinct text once: for the options of a plan.

    Options are mostly other facts' answers, so they recur from question to question and
    from version to version: a 50,000-question quiz in 3 versions shows 600,000 options
    but 8,597 distinct ones. Rendering each once took the three ``quiz-V.md`` files from
    2.8 to 1.7 s of CPU (10.4 to 6.6 s at 200,000), for a table of some 0.6 MiB while they
    are written. A question's own text is not remembered: each is distinct. Each call
    gives a new table, let go with the function.
    """
    return functools.cache(inline)


def quiz_markdown(plan: QuizPlan, version: QuizVersion, bank: Bank) -> str:
    """The whole ``quiz-V.md`` of ``version`` as one text."""
    return join_blocks(quiz_blocks(plan, version, bank))


def markdown_bytes(blocks: Iterable[Block]) -> Iterator[bytes]:
    """The document ``join_blocks`` makes of ``blocks``, in UTF-8 pieces as blocks come.

    A 50,000-question quiz or key is 6-8 MB of UTF-8: as one ``str`` (four bytes a
    character once an emoji is in it) beside its list of blocks and its encoding, it
    took some 40 MB at once.
    """
    from quizgen.outputs import encoded

    def texts() -> Iterator[str]:
        separator = ""
        for block in blocks:
            yield separator + block.markdown
            separator = "\n\n"
        yield "\n"

    return encoded(texts())


def write_quiz_markdown(plan: QuizPlan, bank: Bank) -> Iterator[OutputFile]:
    """``quiz-V.md`` for every version of the plan, each rendered as it is written."""
    from functools import partial

    option_markdown = remembered_inline()  # shared by the versions, let go with their files
    for version in plan.versions:
        yield OutputFile.streamed(quiz_file_name(version.letter),
                                  partial(quiz_markdown_bytes, plan, version, bank,
                                          option_markdown))


def quiz_markdown_bytes(plan: QuizPlan, version: QuizVersion, bank: Bank,
                        option_markdown: Callable[[str], str] = inline) -> Iterator[bytes]:
    """``quiz_markdown`` in UTF-8, in pieces."""
    return markdown_bytes(each_quiz_block(plan, version, bank, option_markdown))


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return write_quiz_markdown(job.plan, job.bank)


FORMAT = Format(
    'quiz-md',
    'The quiz of each version in Markdown, to read on screen or print',
    ('quiz-{version}.md',),
    _render,
    group="quiz",
)
