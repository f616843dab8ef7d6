"""The ``quizgen`` command line: thin wrappers that call the library and report errors.

Heavy modules (yaml, genanki, markdown) are imported inside the commands that need
them, so ``quizgen --help`` starts in about the time it takes to import click.
"""

from __future__ import annotations

import click

from quizgen import __version__
from quizgen.cli.check import check, lint
from quizgen.cli.classroom import grade, scan
from quizgen.cli.make import anki, build, quiz
from quizgen.project.commands import add_article, init


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Turn curated, quote-verified facts into Anki decks and printable quizzes."""


for command in (check, anki, lint, quiz, build, init, add_article, grade, scan):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``quizgen`` console script (and ``python -m quizgen``)."""
    # The garbage-collector policy, in one place: a command is one short run that makes
    # millions of small acyclic objects (YAML nodes, facts, notes, options) and frees
    # them by reference counting; the cyclic collector would only rescan them again and
    # again. Library callers, and tests driving ``cli`` in-process, keep the default.
    import gc

    gc.disable()
    cli()
