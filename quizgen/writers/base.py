"""The Writer protocol: what every output format declares, and the build job it renders.

A format is a name, a one-line description, the file names it writes (patterns over
the deck id and the version letters) and a pure function from a ``BuildJob`` to file
contents. The job computes what formats share (the quiz plan, the Anki deck) once, on
first use, so a build of one format plans nothing it does not print.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from quizgen.model import Bank
from quizgen.outputs import OutputFile

if TYPE_CHECKING:
    from quizgen.anki.deck import DeckChanges
    from quizgen.anki.manifest import Manifest
    from quizgen.plan.planner import QuizPlan, QuizSettings


@dataclass(frozen=True)
class OutputSettings:
    """How the formats render, beyond what the quiz plan fixes."""

    subdecks: bool = False
    """Put each topic in its own Anki subdeck."""
    penalty: bool = False
    """Moodle and GIFT: a wrong option scores -100/(options - 1) rather than 0."""
    cloze: bool = True
    """Moodle XML: also write each cloze sentence as an embedded-answers question."""
    cards: str = "both"
    """Anki notes per fact: ``basic``, ``cloze`` (basic for a fact without cloze) or both."""
    paper: str = "a4"
    """The paper the print formats are laid out for: ``a4`` or ``letter``."""
    id_digits: int = 8
    """Columns of the answer sheet's student-number grid (0: no grid)."""


@dataclass(frozen=True)
class DeckResult:
    """The Anki deck's files and what changed since the previous manifest."""

    files: tuple[OutputFile, ...]
    changes: DeckChanges


@dataclass(frozen=True, eq=False)
class BuildJob:
    """Everything a format may render from: the bank, the settings, and shared stages.

    ``plan`` and ``deck`` are computed on first use and then shared by every format;
    ``on_stage`` is told as each one starts (the build's progress bar listens).
    """

    bank: Bank
    settings: QuizSettings
    output: OutputSettings = field(default_factory=OutputSettings)
    previous: Manifest | None = None
    """The previous build's deck manifest: unchanged notes keep its times."""
    now: int = 0
    """Unix time stamped on notes whose content changed."""
    on_stage: Callable[[str], None] = field(default=lambda stage: None, repr=False)

    @cached_property
    def plan(self) -> QuizPlan:
        """The quiz plan every quiz format renders: one seeded draw."""
        from quizgen.plan.planner import plan_quiz

        self.on_stage(PLAN_STAGE)
        return plan_quiz(self.bank, self.settings)

    @cached_property
    def deck(self) -> DeckResult:
        """The Anki package and its manifest (the manifest object itself is not kept)."""
        from quizgen.anki.deck import anki_outputs, apkg_name

        self.on_stage(DECK_STAGE)
        build = anki_outputs(self.bank, apkg_name=apkg_name(self.bank),
                             previous=self.previous, subdecks=self.output.subdecks,
                             now=self.now, cards=self.output.cards)
        return DeckResult(build.files, build.summary)

    @classmethod
    def of_plan(cls, bank: Bank, plan: QuizPlan) -> BuildJob:
        """A job whose quiz is already planned (for rendering one plan's quiz files)."""
        job = cls(bank, plan.settings)
        job.__dict__["plan"] = plan
        return job

    def drop_deck_files(self) -> None:
        """Let the deck's files go, once written; its ``changes`` stay, for the report.

        ``build_files`` calls this after the last format that renders the deck.
        """
        if self.has("deck"):
            self.__dict__["deck"] = DeckResult((), self.deck.changes)

    def has(self, stage: str) -> bool:
        """Whether the shared stage ``"plan"`` or ``"deck"`` was computed by some format."""
        return stage in self.__dict__

    def prepare(self, stages: Iterable[str]) -> None:
        """Compute the shared stages among ``stages``, the deck first.

        Building the deck before planning lets its manifest go before the plan is made.
        """
        for stage in STAGES:
            if stage in stages:
                getattr(self, stage)


DECK_STAGE = "building Anki notes"
PLAN_STAGE = "planning quizzes"
DECK = "deck"
"""The shared stage of the Anki deck's format (``Writer.needs``)."""
PLAN = "plan"
"""The shared stage of the formats that print a quiz (``Writer.needs``)."""
STAGES = (DECK, PLAN)
"""The shared stages, in the order ``prepare`` computes them."""


class Writer(Protocol):
    """One output format: declared files and a pure render function."""

    @property
    def name(self) -> str:
        """The ``--format`` name, e.g. ``print-html``."""
        ...

    @property
    def description(self) -> str:
        """One line for ``quizgen build --list-formats``."""
        ...

    @property
    def files(self) -> tuple[str, ...]:
        """File name patterns: ``{deck}`` is the deck id, ``{version}`` each version letter."""
        ...

    @property
    def group(self) -> str:
        """Which command writes it besides ``build``: ``anki``, ``quiz`` or ``export``."""
        ...

    @property
    def needs(self) -> tuple[str, ...]:
        """The shared stages it renders from: ``"deck"``, ``"plan"`` or both."""
        ...

    def render(self, job: BuildJob) -> Iterable[OutputFile]:
        """Every file of this format for ``job``: exactly the names ``files`` declares."""
        ...


@dataclass(frozen=True)
class Format:
    """A Writer made of its declarations and a render function."""

    name: str
    description: str
    files: tuple[str, ...]
    render_files: Callable[[BuildJob], Iterable[OutputFile]]
    group: str = "export"
    needs: tuple[str, ...] = ("plan",)

    def render(self, job: BuildJob) -> Iterable[OutputFile]:
        """Every file of this format for ``job``."""
        return self.render_files(job)


def file_names(writer: Writer, job: BuildJob) -> list[str]:
    """The files ``writer`` declares for ``job``: patterns expanded per deck and version."""
    names: list[str] = []
    for pattern in writer.files:
        if "{version}" in pattern:
            letters = [version.letter for version in job.plan.versions]
        else:
            letters = [""]
        names += [pattern.format(deck=job.bank.deck.id, version=letter) for letter in letters]
    return names


def defer_import(name: str) -> None:
    """Let ``import name`` succeed without loading module ``name`` until it is used.

    For a module that a format's library imports at its top but that quizgen's use of
    the library never needs: a stand-in goes into ``sys.modules``, and the first
    attribute read from it (``bespon.loads``, ``from urllib.request import x``)
    imports the real module and answers from it, so code that does use the module
    gets what a plain import gives. Does nothing if ``name`` is imported already.

    Hand-written because the stdlib's ``importlib.util.LazyLoader`` does not defer
    here: the library's own ``import name`` statement reads the module's ``__spec__``,
    and that loads a lazy module at once (Python 3.11). The stand-in's ``__spec__``
    is None, and its PEP 562 ``__getattr__`` sees only the other attributes.
    """
    if name in sys.modules:
        return
    parent, _, child = name.rpartition(".")
    stand_in = types.ModuleType(name, f"{name}, imported on first use (defer_import)")

    def load(attribute: str) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    vars(stand_in)["__getattr__"] = load
    sys.modules[name] = stand_in
    if parent:
        setattr(importlib.import_module(parent), child, stand_in)
