"""The registry of output formats: the one place that names them.

Adding a format is one module that defines a ``Format`` (its name, description, file
patterns and render function) and one line in ``_BUILTIN`` below. Writer modules
import their heavy dependencies inside ``render``, so listing formats stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizPlan
from quizgen.writers import (
    anki_deck,
    anki_tsv,
    answers_csv,
    gift,
    key_markdown,
    moodle_xml,
    practice,
    print_html,
    qti,
    quiz_markdown,
    sheet,
)
from quizgen.writers.base import BuildJob, Writer

_BUILTIN: tuple[Writer, ...] = (
    anki_deck.FORMAT,
    quiz_markdown.FORMAT,
    key_markdown.FORMAT,
    print_html.FORMAT,
    sheet.FORMAT,
    answers_csv.FORMAT,
    practice.FORMAT,
    moodle_xml.FORMAT,
    gift.FORMAT,
    qti.FORMAT,
    anki_tsv.FORMAT,
)

_registry: dict[str, Writer] = {writer.name: writer for writer in _BUILTIN}


def formats() -> tuple[Writer, ...]:
    """Every registered format, in build order."""
    return tuple(_registry.values())


def register(writer: Writer) -> None:
    """Add a format (a plug-in, or a test's toy format); its name must be new."""
    if writer.name in _registry:
        raise ValueError(f"a format named {writer.name!r} is registered already")
    _registry[writer.name] = writer


def unregister(name: str) -> None:
    """Remove a format added with ``register``."""
    del _registry[name]


def get(name: str) -> Writer:
    """The format named ``name``; KeyError if there is none."""
    return _registry[name]


def in_group(group: str) -> tuple[Writer, ...]:
    """The formats a command other than ``build`` writes (``quiz``: the quiz files)."""
    return tuple(writer for writer in _registry.values() if writer.group == group)


def render(job: BuildJob, writers: Sequence[Writer] | None = None) -> Iterator[OutputFile]:
    """Every file of ``writers`` (default: all), one writer's files at a time.

    Each writer runs only when its files are asked for, so a caller that writes files
    as they come holds one writer's output at a time.
    """
    for writer in formats() if writers is None else writers:
        yield from writer.render(job)


def quiz_outputs(plan: QuizPlan, bank: Bank) -> Iterable[OutputFile]:
    """Every file of the ``quiz`` group for one plan: quizzes, keys, print HTML, CSV."""
    return render(BuildJob.of_plan(bank, plan), in_group("quiz"))
