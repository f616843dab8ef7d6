"""The registry of output formats: the one place that names them.

Adding a format is one module that defines a ``Format`` (its name, description, file
patterns and render function) and one line in ``_BUILTIN`` below. A format's module is
imported when the format is first asked for, and writer modules import their heavy
dependencies inside ``render``, so naming the formats stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizgen.model import Bank
    from quizgen.outputs import OutputFile
    from quizgen.plan.planner import QuizPlan
    from quizgen.writers.base import BuildJob, Writer

_BUILTIN: tuple[tuple[str, str], ...] = (
    ("anki", "anki_deck"),
    ("quiz-md", "quiz_markdown"),
    ("key-md", "key_markdown"),
    ("print-html", "print_html"),
    ("sheet", "sheet"),
    ("answers-csv", "answers_csv"),
    ("practice", "practice"),
    ("moodle-xml", "moodle_xml"),
    ("gift", "gift"),
    ("qti", "qti"),
    ("anki-tsv", "anki_tsv"),
)
"""Every built-in format in build order: its name, and the module here whose ``FORMAT`` it is.

Checking ``--format`` names imports no writer, and ``build --format anki`` imports the
Anki writer alone (importing all eleven took 30-40 ms)."""

_registry: dict[str, Writer | str] = dict(_BUILTIN)
"""Each format by name: its Writer, or until first asked for, the module that defines it."""


def names() -> tuple[str, ...]:
    """Every registered format's name, in build order (importing no writer module)."""
    return tuple(_registry)


def formats() -> tuple[Writer, ...]:
    """Every registered format, in build order."""
    return tuple(get(name) for name in _registry)


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
    writer = _registry[name]
    if isinstance(writer, str):
        found: Writer = importlib.import_module(f"{__name__}.{writer}").FORMAT
        if found.name != name:
            raise ValueError(f"{__name__}.{writer} defines format {found.name!r}, "
                             f"registered as {name!r}")
        writer = _registry[name] = found
    return writer


def in_group(group: str) -> tuple[Writer, ...]:
    """The formats a command other than ``build`` writes (``quiz``: the quiz files)."""
    return tuple(writer for writer in formats() if writer.group == group)


def render(job: BuildJob, writers: Sequence[Writer] | None = None) -> Iterator[OutputFile]:
    """Every file of ``writers`` (default: all), one writer's files at a time.

    Each writer runs only when its files are asked for, so a caller that writes files
    as they come holds one writer's output at a time.
    """
    for writer in formats() if writers is None else writers:
        yield from writer.render(job)


def quiz_outputs(plan: QuizPlan, bank: Bank) -> Iterable[OutputFile]:
    """Every file of the ``quiz`` group for one plan: quizzes, keys, print HTML, CSV."""
    from quizgen.writers.base import BuildJob

    return render(BuildJob.of_plan(bank, plan), in_group("quiz"))
