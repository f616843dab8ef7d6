"""What the commands share: the input options, error reporting, loading, the output lock."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizgen.defaults import (
    OPTION_COUNTS,
    OUT_DIR,
)

if TYPE_CHECKING:
    from quizgen.anki.manifest import Manifest
    from quizgen.model import Bank
    from quizgen.outputs import OutputDir

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


def option_count(help_text: str = "Options per question, the answer included.") -> Callable[[F], F]:
    """The one ``--options`` of every command that plans a quiz: 3, 4 or 5, default 4."""
    return click.option("--options", "options", type=click.Choice(OPTION_COUNTS), default=4,
                        show_default=True, help=help_text)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn quizgen's errors into messages on stderr and exit status 1, never a traceback."""
    from quizgen.errors import DataError, QuizgenError

    try:
        yield
    except DataError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
        if error.hint:
            click.echo(error.hint, err=True)
        sys.exit(1)
    except QuizgenError as error:
        click.echo(f"quizgen: error: {error}", err=True)
        sys.exit(1)


def load(facts: Path, corpus: Path) -> Bank:
    """Load and verify the facts and corpus (every problem reported at once)."""
    from quizgen.load.facts import load_bank

    return load_bank(facts, corpus)


def previous_manifest(apkg_path: Path, given: Path | None = None) -> Manifest | None:
    """The manifest of the last build of this deck, warning when there is none.

    ``given`` (``--manifest``) must exist; else the manifest beside ``apkg_path``, else
    the one in the default ``decks/`` (a build into another directory still continues
    the committed deck).
    """
    from quizgen.anki.deck import manifest_name
    from quizgen.anki.manifest import load_manifest
    from quizgen.errors import QuizgenError

    name = manifest_name(apkg_path.name)
    if given is not None:
        previous = load_manifest(given)
        if previous is None:
            raise QuizgenError(f"{given}: no such manifest (--manifest)")
        return previous
    beside = apkg_path.parent / name
    default = Path(OUT_DIR) / name
    candidates = [beside] if default.resolve() == beside.resolve() else [beside, default]
    for path in candidates:
        if (previous := load_manifest(path)) is not None:
            return previous
    if apkg_path.exists():
        click.echo(
            f"warning: {beside} is missing, so every note is stamped as changed: "
            "importing this deck updates every note, overwriting students' own edits",
            err=True,
        )
    else:
        looked = " or ".join(str(path) for path in candidates)
        click.echo(
            f"warning: no previous manifest ({looked} not found), so every note is stamped "
            "as new: right for a deck no student has imported yet; if students imported an "
            "earlier build, importing this one overwrites their own edits of every note "
            "(pass that build's manifest with --manifest PATH)",
            err=True,
        )
    return None


def manifest_option(command: F) -> F:
    """The ``--manifest`` option of the commands that build the deck."""
    return click.option(
        "--manifest", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="The previous build's manifest [default: beside the deck, else in decks/].",
    )(command)


def build_time() -> int:
    """The time stamped on changed notes: ``SOURCE_DATE_EPOCH`` when set, else now.

    See reproducible-builds.org: two builds with one SOURCE_DATE_EPOCH are identical.
    """
    import os
    import time

    from quizgen.errors import QuizgenError

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return int(time.time())
    if not value.isascii() or not value.isdigit() or int(value) > MAX_EPOCH:
        raise QuizgenError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (at most "
                           f"{MAX_EPOCH}), not {value!r}")
    return int(value)


MAX_EPOCH = 253402300799
"""9999-12-31 23:59:59 UTC: the latest time a manifest or SOURCE_DATE_EPOCH may give."""


@contextmanager
def output_dir(path: Path) -> Iterator[OutputDir]:
    """``path`` locked for this build; says so when it waits, and what it repaired."""
    from quizgen.outputs import locked_output_dir

    def waiting() -> None:
        click.echo(f"waiting for another quizgen build into {path}/ to finish ...", err=True)

    with locked_output_dir(path, on_wait=waiting) as directory:
        if directory.repaired:
            click.echo(f"repaired {path}/: put in place the last {len(directory.repaired)} "
                       "files of a build that was interrupted", err=True)
        yield directory
