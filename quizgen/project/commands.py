"""The commands of a teacher's first hour: ``quizgen init`` and ``quizgen add-article``.

Thin, like the rest of the command line: each calls one library function
(``quizgen.project.starter``, ``quizgen.project.articles``) and prints what it did. The
command line registers them; they report errors themselves rather than import it back.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


@contextmanager
def reported_errors() -> Iterator[None]:
    """A QuizgenError as ``quizgen: error: ...`` on stderr and exit status 1, as cli does."""
    from quizgen.errors import QuizgenError

    try:
        yield
    except QuizgenError as error:
        click.echo(f"quizgen: error: {error}", err=True)
        sys.exit(1)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(directory: Path) -> None:
    """Start a quiz project in DIRECTORY (default: here), overwriting nothing.

    Writes a commented facts.yaml with one example fact, the article it quotes in
    corpus/, an empty decks/, a .gitignore and a README. `quizgen build` works at once.
    """
    from quizgen.project.starter import init_project
    from quizgen.report import init_report

    with reported_errors():
        project = init_project(directory)
    click.echo(init_report(project))


@click.command("add-article")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              default=Path("corpus"), show_default=True,
              help="Directory of articles to add to.")
@click.option("--title", default=None,
              help="The article's title [default: the page's title, or a text file's first "
                   "line]. One FILE only.")
@click.option("--slug", default=None,
              help="Name of the corpus file, corpus/SLUG.md [default: from the title]. "
                   "One FILE only.")
def add_article(files: tuple[Path, ...], corpus: Path, title: str | None,
                slug: str | None) -> None:
    """Add articles to corpus/: pages saved from a browser (.html), or .txt and .md files.

    From a page, the article text is kept word for word and the site's menus, share
    buttons, newsletter boxes and related links are dropped; the title, site name and
    date come from the page's metadata, and are left out when the page does not state
    them. A text file is taken as it is, its first line the title. Reading .html needs
    the optional extra quizgen[web].
    """
    from quizgen.project.articles import MissingExtra, add_articles
    from quizgen.report import added_report, missing_extra

    if len(files) > 1 and (title or slug):
        raise click.UsageError("--title and --slug name one article: give one FILE with them")
    with reported_errors():
        try:
            added = add_articles(files, corpus, title, slug)
        except MissingExtra as error:
            click.echo(missing_extra(error.requirements, sys.executable), err=True)
            sys.exit(2)
    click.echo(added_report(added))
