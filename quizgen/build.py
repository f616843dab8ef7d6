"""Build the chosen formats from one bank: every file, rendered as the caller asks.

No I/O, like the writers it calls: the caller writes the files in one all-or-nothing
step, so a build that fails part-way changes nothing. Most files are streamed
(``OutputFile.streamed``): rendered piece by piece as the caller writes them, so no
file is ever whole in memory (a 50,000-fact build writes some 400 MB).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from quizgen import writers
from quizgen.outputs import OutputFile
from quizgen.writers.base import DECK, DECK_STAGE, PLAN, PLAN_STAGE, BuildJob, Writer

if TYPE_CHECKING:
    from quizgen.lint import Finding

BUILD_STAGES = (DECK_STAGE, PLAN_STAGE)
"""The stages a ``BuildJob`` reports, in order, to its ``on_stage`` callback."""
LINT_STAGE = "linting"
LINT_STAGES = (DECK_STAGE, PLAN_STAGE, LINT_STAGE)
"""The stages of a build behind the lint gate: the deck, then the quiz linted with the facts."""


def gate_findings(job: BuildJob, formats: Sequence[Writer],
                  on_lint: Callable[[], None] = lambda: None) -> list[Finding]:
    """The lint gate: the rules on the facts, and on the quiz the formats print, if any.

    The shared stages the formats need are computed here, before linting: the deck
    first, as ``build_files`` would (building it beside the plan raised a 50,000-fact
    build's peak memory by 38 MiB, a tenth of the whole). The quiz is planned once,
    here, and the formats render that same plan; ``on_lint`` is called when linting
    starts (after planning).
    """
    from quizgen.lint import lint_bank

    job.prepare(needed_stages(formats))
    plan = job.plan if job.has(PLAN) else None
    on_lint()
    findings = lint_bank(job.bank, plan)
    # Lint leaves no cycles, but a full collection empties the interpreter's free lists
    # (tuples, lists, dicts) it filled, so that the arenas they held can be returned: at
    # 50,000 facts, 4 MiB back before the formats render, and a build's peak 2.5 MiB
    # lower (156.4-156.8 MiB rather than 158.5-159.4 in two pairs of runs). A small
    # bank has little to give back, and the collection costs the shipped build 30 ms.
    if len(job.bank.facts) >= COLLECT_FACTS:
        gc.collect()
    return findings


COLLECT_FACTS = 5_000
"""Banks this large have the free lists lint filled emptied before the formats render."""


def needed_stages(formats: Sequence[Writer]) -> set[str]:
    """The shared stages (``Writer.needs``) that ``formats`` render from."""
    return {stage for writer in formats for stage in writer.needs}


def build_files(job: BuildJob, formats: Sequence[Writer] | None = None) -> Iterator[OutputFile]:
    """Every file of ``formats`` (default: every registered format) for ``job``.

    The shared stages the formats need are computed first (the deck before the plan,
    so the deck's manifest is gone before planning starts), then each format renders;
    the deck's files are let go once the last format that needs the deck has yielded
    them (the caller has written them by the time it asks for the next file).
    Raises the planner's SettingsError or DataError when the quiz cannot be planned.
    """
    chosen = writers.formats() if formats is None else tuple(formats)
    job.prepare(needed_stages(chosen))
    for index, writer in enumerate(chosen):
        yield from writers.render(job, [writer])
        if DECK in writer.needs and DECK not in needed_stages(chosen[index + 1:]):
            job.drop_deck_files()  # written: 11 MB at 50,000 facts
