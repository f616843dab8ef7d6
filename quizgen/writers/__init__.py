"""Quiz writers: each is a pure function from a plan to files, listed in one registry.

Adding an output format is one module with a ``write_*(plan, bank)`` function and
one line in ``QUIZ_WRITERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizPlan
from quizgen.writers.answers_csv import write_answers_csv
from quizgen.writers.key_markdown import write_key_markdown
from quizgen.writers.print_html import write_print_html
from quizgen.writers.quiz_markdown import write_quiz_markdown

QuizWriter = Callable[[QuizPlan, Bank], Iterable[OutputFile]]
"""Renders every version of a plan; the bank supplies topic names and article citations."""

QUIZ_WRITERS: tuple[QuizWriter, ...] = (
    write_quiz_markdown,
    write_key_markdown,
    write_print_html,
    write_answers_csv,
)


def quiz_outputs(plan: QuizPlan, bank: Bank) -> Iterator[OutputFile]:
    """Every file of the quiz build, from every registered writer, in a stable order.

    Each writer runs only when its files are asked for, so a caller that writes files
    as they come holds one writer's output at a time.
    """
    for writer in QUIZ_WRITERS:
        yield from writer(plan, bank)
