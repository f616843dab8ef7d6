"""The Anki deck as a format: ``<deck id>.apkg`` and the manifest of its note times."""

from __future__ import annotations

from collections.abc import Iterable

from quizgen.outputs import OutputFile
from quizgen.writers.base import BuildJob, Format


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return job.deck.files


FORMAT = Format(
    "anki",
    "The Anki deck (Basic and Cloze notes, stable GUIDs) and its manifest of note times",
    ("{deck}.apkg", "{deck}.manifest.json"),
    _render,
    group="anki",
    needs=("deck",),
)
