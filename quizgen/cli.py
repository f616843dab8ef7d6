"""The ``quizgen`` command line: thin wrappers that call the library and report errors.

Heavy modules (yaml, genanki, markdown) are imported inside the commands that need
them, so ``quizgen --help`` starts in about the time it takes to import click.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizgen import __version__
from quizgen.errors import DataError, QuizgenError

if TYPE_CHECKING:
    from quizgen.model import Bank

F = TypeVar("F", bound=Callable[..., Any])


def input_options(command: F) -> F:
    """The ``--facts`` and ``--corpus`` options every command shares."""
    command = click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=Path("corpus"),
        show_default=True,
        help="Directory of articles, one <slug>.md each.",
    )(command)
    command = click.option(
        "--facts",
        type=click.Path(path_type=Path),
        default=Path("facts.yaml"),
        show_default=True,
        help="The curated facts file.",
    )(command)
    return command


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn quizgen's errors into messages on stderr and exit status 1, never a traceback."""
    try:
        yield
    except DataError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
        sys.exit(1)
    except QuizgenError as error:
        click.echo(f"quizgen: error: {error}", err=True)
        sys.exit(1)


def load(facts: Path, corpus: Path) -> Bank:
    """Load and verify the facts and corpus (every problem reported at once)."""
    from quizgen.loader import load_bank

    return load_bank(facts, corpus)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Turn curated, quote-verified facts into Anki decks and printable quizzes."""


@cli.command()
@input_options
def check(facts: Path, corpus: Path) -> None:
    """Validate the facts and corpus, verify every quote, and summarise coverage."""
    with reported_errors():
        bank = load(facts, corpus)
        from quizgen.summary import coverage_summary

        click.echo(coverage_summary(bank))


@cli.command()
@input_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Deck file to write [default: decks/<deck id>.apkg]; its manifest goes beside it.",
)
@click.option("--subdecks", is_flag=True, help="Put each topic in its own subdeck.")
def anki(facts: Path, corpus: Path, output: Path | None, subdecks: bool) -> None:
    """Write the Anki deck and its manifest, and report which facts changed."""
    with reported_errors():
        bank = load(facts, corpus)
        import time

        from quizgen.anki import anki_outputs, change_report, manifest_name
        from quizgen.manifest import load_manifest
        from quizgen.outputs import write_outputs

        output = output or Path("decks") / f"{bank.deck.id}.apkg"
        previous = load_manifest(output.parent / manifest_name(output.name))
        build = anki_outputs(
            bank, apkg_name=output.name, previous=previous, subdecks=subdecks, now=int(time.time())
        )
        write_outputs(build.files, output.parent)
        click.echo(change_report(build, output))


def main() -> None:
    """Entry point of the ``quizgen`` console script."""
    cli()
