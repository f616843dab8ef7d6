"""Shared by the classroom-export tests: render one format, and read HTML as a person sees it."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from quizgen import writers
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizPlan, QuizSettings
from quizgen.writers.base import BuildJob, OutputSettings
from tests.helpers import DATA, TINY

ESCAPING = DATA / "escaping"
"""Facts whose every field holds markup of some consumer: <script>, &, GIFT's ~ = # { } :,
backslashes, quotes, Markdown, LaTeX dollars and non-ASCII. Reusable by any writer's tests."""
PROJECTS = {"tiny": TINY, "escaping": ESCAPING}


def load(directory: Path) -> Bank:
    """The bank of a test project directory (facts.yaml and corpus/)."""
    return load_bank(directory / "facts.yaml", directory / "corpus")


def job_for(directory: Path, **output: bool) -> BuildJob:
    """A build job of one version, as ``quizgen build --versions 1`` makes it."""
    return BuildJob(load(directory), QuizSettings(versions=1), OutputSettings(**output))


def render(job: BuildJob, name: str) -> bytes:
    """The one file the format ``name`` writes for ``job``."""
    files = list(writers.get(name).render(job))
    assert len(files) == 1
    return files[0].data


def first_version(plan: QuizPlan) -> dict[str, tuple[tuple[str, ...], int]]:
    """Each fact id of version A with its options in order and the key's index."""
    return {q.fact.id: (q.options, q.key) for q in plan.versions[0].questions}


def one_line(text: str) -> str:
    return " ".join(text.split())


def shown_text(fragment: str) -> str:
    """What a browser shows of an HTML fragment: its text, entities decoded, space folded.

    Fails if the fragment holds any element but p and div (a ``<script>`` or ``<b>`` from
    user text would be markup, not text).
    """
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    tags = {element.tag for element in root.iter()} - {"div", "p"}
    assert not tags, f"user text became markup: {tags} in {fragment!r}"
    return one_line(root.text_content())
