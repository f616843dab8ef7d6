"""Build everything from one bank: the Anki deck, its manifest, and the quiz files.

No I/O, like the writers it calls: it returns every file, and the caller writes them in
one all-or-nothing step, so a build that fails part-way changes nothing. Quiz files
are rendered as the caller asks for them, so only one writer's files are in memory at
a time (a 50,000-fact quiz prints to about 100 MB of Markdown and HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quizgen.anki.deck import DeckChanges, anki_outputs, apkg_name
from quizgen.anki.manifest import Manifest
from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizPlan, QuizSettings, plan_quiz
from quizgen.writers import quiz_outputs

BUILD_STAGES = ("building Anki notes", "planning quizzes")
"""The stages ``build_outputs`` reports, in order, to its ``on_stage`` callback."""


@dataclass(frozen=True)
class BuildResult:
    """One build: the deck's files, and the quiz plan its quiz files are rendered from."""

    deck_files: tuple[OutputFile, ...]
    """The ``.apkg`` and its manifest."""
    deck_changes: DeckChanges
    """What the deck build changed (the manifest itself is not kept: at 50,000 facts
    it would hold ~60 MB through the rendering of the quizzes)."""
    plan: QuizPlan
    bank: Bank

    def files(self) -> Iterator[OutputFile]:
        """The deck and its manifest, then every quiz file, rendered as they are iterated."""
        yield from self.deck_files
        yield from quiz_outputs(self.plan, self.bank)


def build_outputs(
    bank: Bank,
    settings: QuizSettings,
    *,
    previous: Manifest | None,
    subdecks: bool,
    now: int,
    on_stage: Callable[[str], None] = lambda stage: None,
) -> BuildResult:
    """Build the deck (as ``quizgen anki``) and the quizzes (as ``quizgen quiz``).

    ``previous`` and ``now`` stamp the deck's notes exactly as in ``anki_outputs``;
    ``on_stage`` is called with each of ``BUILD_STAGES`` as it starts. Raises the
    planner's SettingsError or DataError when the quiz cannot be planned.
    """
    notes_stage, plan_stage = BUILD_STAGES
    on_stage(notes_stage)
    deck = anki_outputs(bank, apkg_name=apkg_name(bank), previous=previous,
                        subdecks=subdecks, now=now)
    deck_files, deck_changes = deck.files, deck.summary
    del deck  # let the manifest go before the quiz is planned
    on_stage(plan_stage)
    plan = plan_quiz(bank, settings)
    return BuildResult(deck_files, deck_changes, plan, bank)
