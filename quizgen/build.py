"""Build the chosen formats from one bank: every file, rendered as the caller asks.

No I/O, like the writers it calls: the caller writes the files in one all-or-nothing
step, so a build that fails part-way changes nothing. Files are rendered as they are
iterated, so only one writer's files are in memory at a time (a 50,000-fact quiz
prints to about 100 MB of Markdown and HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from quizgen import writers
from quizgen.outputs import OutputFile
from quizgen.writers.base import DECK_STAGE, PLAN_STAGE, BuildJob, Writer

if TYPE_CHECKING:
    from quizgen.lint import Finding

PLAN = "plan"
"""The shared stage of the formats that print a quiz (``Writer.needs``)."""

BUILD_STAGES = (DECK_STAGE, PLAN_STAGE)
"""The stages a ``BuildJob`` reports, in order, to its ``on_stage`` callback."""
LINT_STAGE = "linting"
LINT_STAGES = (PLAN_STAGE, LINT_STAGE, DECK_STAGE)
"""The stages of a build behind the lint gate: the quiz is planned first, to be linted."""


def gate_findings(job: BuildJob, formats: Sequence[Writer],
                  on_lint: Callable[[], None] = lambda: None) -> list[Finding]:
    """The lint gate: the rules on the facts, and on the quiz the formats print, if any.

    The quiz is planned once, here, and the formats render that same plan; ``on_lint``
    is called when linting starts (after planning).
    """
    from quizgen.lint import lint_bank

    needs_plan = any(PLAN in writer.needs for writer in formats)
    plan = job.plan if needs_plan else None
    on_lint()
    return lint_bank(job.bank, plan)


def build_files(job: BuildJob, formats: Sequence[Writer] | None = None) -> Iterator[OutputFile]:
    """Every file of ``formats`` (default: every registered format) for ``job``.

    The shared stages the formats need are computed first (the deck before the plan,
    so the deck's manifest is gone before planning starts), then each format renders.
    Raises the planner's SettingsError or DataError when the quiz cannot be planned.
    """
    chosen = writers.formats() if formats is None else tuple(formats)
    job.prepare({stage for writer in chosen for stage in writer.needs})
    yield from writers.render(job, chosen)
